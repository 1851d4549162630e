# Jupyter Server / JupyterLab settings for the course image
# (installed as /opt/venv/etc/jupyter/jupyter_server_config.py).
import logging
import os

c = get_config()  # noqa: F821

workspace = os.environ.get("COURSE_WORKSPACE", "/workspace")

c.ServerApp.ip = "0.0.0.0"          # inside the container; the host side is 127.0.0.1 by default
c.ServerApp.port = 8888
c.ServerApp.open_browser = False
c.ServerApp.root_dir = os.environ.get("COURSE_ROOT_DIR", os.path.join(workspace, "my-notebooks"))
# COURSE_LANG=ja (.env; start-lab checks it): the file browser opens in ja/, the
# Japanese notebooks. (JupyterLab's menus: start-lab, docker/jupyter-ja/.)
if os.environ.get("COURSE_LANG") == "ja" and os.path.isdir(os.path.join(c.ServerApp.root_dir, "ja")):
    c.ContentsManager.preferred_dir = "ja"
# The token always comes from start-lab (JUPYTER_TOKEN); never run without one.
if os.environ.get("JUPYTER_TOKEN"):
    c.IdentityProvider.token = os.environ["JUPYTER_TOKEN"]
c.ServerApp.password_required = False
# Any URL Jupyter itself shows uses the host's address and port (start-lab sets
# COURSE_BASE_URL); see also _OneURL below.
if os.environ.get("COURSE_BASE_URL"):
    c.ServerApp.custom_display_url = os.environ["COURSE_BASE_URL"]
# No language servers are installed: skip jupyter-lsp's scan (faster start-up).
c.LanguageServerManager.autodetect = False
c.ServerApp.terminado_settings = {"shell_command": ["/bin/bash", "-l"]}
# No trash inside the container (bind mounts): delete means delete.
c.FileContentsManager.delete_to_trash = False

# No internet: no news/update checks, no extension manager fetching PyPI.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.LabServerApp.extension_manager = "readonly"


# TensorBoard behind this server's login, at /tensorboard/ and as a launcher
# tile (jupyter-server-proxy). In docker-compose.yml TensorBoard is its own
# service (COURSE_TENSORBOARD=host:port): socat forwards to it, and its own
# port is published on the host's 127.0.0.1 only. Without that service (the
# image run on its own, or one server per learner on JupyterHub) the first
# visit starts a TensorBoard on 127.0.0.1 inside this container.
_tensorboard = os.environ.get("COURSE_TENSORBOARD", "")
if _tensorboard:
    _command = ["socat", "-d0", "TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", f"TCP:{_tensorboard}"]
else:
    _command = ["start-tensorboard", "--local", "--port", "{port}"]
c.ServerProxy.servers = {
    "tensorboard": {
        "command": _command,
        "timeout": 60,
        "new_browser_tab": True,
        "launcher_entry": {
            "title": "TensorBoard",
            "icon_path": "/opt/venv/share/course/tensorboard-icon.svg",
        },
    },
}

class _OneURL(logging.Filter):
    """Keep Jupyter's own "is running at: http://...:8888/lab?token=..." lines
    out of the log: start-lab already printed the one clickable URL, with the
    host's address and port (the container's 8888 may not be the host's)."""

    def filter(self, record):
        try:
            msg = record.getMessage()
        except Exception:
            return True
        return not ("/lab?token=" in msg or (msg.startswith("Jupyter Server") and "is running at" in msg))


logging.getLogger("ServerApp").addFilter(_OneURL())
