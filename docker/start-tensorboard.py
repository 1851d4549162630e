#!/opt/venv/bin/python
"""Start TensorBoard for the course.

Two ways it runs:
- as the `tensorboard` service of docker-compose.yml: port 6006 on the
  container's interfaces (the host publishes it on 127.0.0.1 only, whatever
  BIND_ADDRESS says); JupyterLab's /tensorboard/ forwards to it behind the token;
- `start-tensorboard --local --port N`: on 127.0.0.1 only, started on demand by
  JupyterLab's /tensorboard/ when there is no tensorboard service (an image run
  on its own, or one server per learner on JupyterHub).

It serves the shared logs folder ($COURSE_LOGDIR, /workspace/logs) and prints
the URL as seen from the host instead of TensorBoard's http://<container-id>:6006/.
Other arguments are passed on to TensorBoard.
"""
import os
import sys

from absl import app
from absl import logging as absl_logging
from tensorboard import default, program

LOGDIR = os.environ.get("COURSE_LOGDIR", "/workspace/logs")


def _host(name: str, default_host: str = "127.0.0.1") -> str:
    host = os.environ.get(name, default_host)
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def ready_message(local: bool) -> str:
    lab = f"http://{_host('BIND_ADDRESS')}:{os.environ.get('JUPYTER_PORT', '8888')}/tensorboard/"
    if local:
        return f"[course] TensorBoard is ready in JupyterLab: {lab}  (runs in {LOGDIR})\n"
    direct = f"http://127.0.0.1:{os.environ.get('TENSORBOARD_PORT', '6006')}/"
    return (f"[course] TensorBoard is ready: {direct} on this computer, and {lab} through "
            f"JupyterLab (token required)  (runs in {LOGDIR})\n")


def main() -> None:
    args = sys.argv[1:]
    local = "--local" in args
    args = [a for a in args if a != "--local"]
    port = "6006"
    if "--port" in args:
        i = args.index("--port")
        port = args[i + 1]
        del args[i:i + 2]

    class CourseServer(program.WerkzeugServer):
        def print_serving_message(self):
            sys.stderr.write(ready_message(local))
            sys.stderr.flush()

    os.makedirs(LOGDIR, exist_ok=True)
    absl_logging.set_verbosity(absl_logging.WARNING)
    tensorboard = program.TensorBoard(plugins=default.get_plugins(), server_class=CourseServer)
    bind = ["--host", "127.0.0.1"] if local else ["--bind_all"]
    argv = [sys.argv[0], "--logdir", LOGDIR, *bind, "--port", port,
            # the same (pure Python) loader on x86-64 and ARM64
            "--load_fast", "false", "--reload_interval", "5", *args]
    app.run(tensorboard.main, argv=argv, flags_parser=tensorboard.configure)


if __name__ == "__main__":
    main()
