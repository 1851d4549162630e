#!/opt/venv/bin/python
"""Start TensorBoard for the course (the `tensorboard` service).

Serves the shared logs folder ($COURSE_LOGDIR, /workspace/logs) on port 6006 of
all the container's interfaces (--bind_all; the host side is 127.0.0.1 unless
BIND_ADDRESS says otherwise), and prints the URL as seen from the host
(TENSORBOARD_PORT) instead of TensorBoard's http://<container-id>:6006/.
Extra arguments are passed on to TensorBoard.
"""
import os
import sys

from absl import app
from absl import logging as absl_logging
from tensorboard import default, program

LOGDIR = os.environ.get("COURSE_LOGDIR", "/workspace/logs")


def host_url() -> str:
    host = os.environ.get("BIND_ADDRESS", "127.0.0.1")
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('TENSORBOARD_PORT', '6006')}/"


class CourseServer(program.WerkzeugServer):
    def print_serving_message(self):
        sys.stderr.write(f"[course] TensorBoard is ready: {host_url()}  (runs in {LOGDIR})\n")
        sys.stderr.flush()


def main() -> None:
    os.makedirs(LOGDIR, exist_ok=True)
    absl_logging.set_verbosity(absl_logging.WARNING)
    tensorboard = program.TensorBoard(plugins=default.get_plugins(), server_class=CourseServer)
    argv = [sys.argv[0], "--logdir", LOGDIR, "--bind_all", "--port", "6006",
            # the same (pure Python) loader on x86-64 and ARM64
            "--load_fast", "false", "--reload_interval", "5", *sys.argv[1:]]
    app.run(tensorboard.main, argv=argv, flags_parser=tensorboard.configure)


if __name__ == "__main__":
    main()
