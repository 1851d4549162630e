# JupyterHub configuration of the classroom hub (installed as
# /etc/jupyterhub/jupyterhub_config.py). Every setting a teacher may change
# comes from the environment (classroom/.env, see .env.example and README.md);
# what the settings do lives in course_auth.py (accounts) and
# course_spawner.py (learners' containers).
import os
import secrets
import sys
from pathlib import Path

import nativeauthenticator

c = get_config()  # noqa: F821


def env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


DATA = Path(env("HUB_DATA", "/srv/jupyterhub"))
PREFIX = env("HUB_PREFIX", "tcourse-classroom")

# -- the hub and its proxy ----------------------------------------------------
# The proxy listens on 8000 inside the container (published on the host's
# BIND_ADDRESS by docker-compose.yml); the hub's own API on 8081 on every
# network of the container. The proxy and the idle culler, in this container,
# reach the hub on 127.0.0.1; learners' servers under the name "hub", an alias
# of the hub on each learner's own network (course_spawner.py). (Not "hub" for
# everyone: inside this container that name would also resolve to addresses on
# learners' networks, which go away when a learner's server stops.)
c.JupyterHub.bind_url = "http://:8000"
c.JupyterHub.hub_bind_url = "http://0.0.0.0:8081"
c.JupyterHub.hub_connect_url = "http://127.0.0.1:8081"
c.Spawner.hub_connect_url = "http://hub:8081"
c.JupyterHub.cookie_secret_file = str(DATA / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{DATA / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(DATA / "jupyterhub-proxy.pid")
c.JupyterHub.shutdown_on_logout = False
# Open JupyterLab in the learner's server.
c.Spawner.default_url = "/lab"

# -- accounts: NativeAuthenticator (bcrypt-hashed passwords in the hub's DB) ---
c.JupyterHub.authenticator_class = "course_auth.CourseAuthenticator"
# NativeAuthenticator's pages (login with sign-up link, approval, password change)
c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
# NativeAuthenticator itself lets in only accounts a teacher approved (or made
# with course-hub-users); JupyterHub's own allow list would be a second,
# redundant list.
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set(env("HUB_ADMIN_USERS", "teacher").replace(",", " ").split())
# Self sign-up (/hub/signup) is off unless HUB_SIGNUP=1; signed-up accounts
# always wait for a teacher's approval at /hub/authorize.
c.NativeAuthenticator.enable_signup = env("HUB_SIGNUP", "0") == "1"
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300

# -- the admin API token (printed by `course-hub-token`) ------------------------
token_file = DATA / "course-admin.token"
if not token_file.exists():
    tmp = token_file.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
    os.replace(tmp, token_file)
admin_token = token_file.read_text().strip()

# -- learners' servers: the course image, one container each -------------------
c.JupyterHub.spawner_class = "course_spawner.LearnerSpawner"
c.DockerSpawner.image = env("HUB_LEARNER_IMAGE", "tensor-course:latest")
# The course image is built on this machine (docker compose builds it); never
# look for it in a registry.
c.DockerSpawner.pull_policy = "never"
c.DockerSpawner.prefix = PREFIX
c.DockerSpawner.name_template = "{prefix}-{username}"
c.DockerSpawner.cmd = ["start-singleuser"]
# Containers are thrown away when a server stops (the next start uses the
# current course image); the learner's files live in the volume.
c.DockerSpawner.remove = True
c.DockerSpawner.volumes = {PREFIX + "-home-{username}": "/workspace/my-notebooks"}
c.DockerSpawner.mem_limit = env("HUB_MEM_LIMIT", "1G")
c.DockerSpawner.cpu_limit = float(env("HUB_CPU_LIMIT", "1"))
c.DockerSpawner.extra_host_config = {
    # No fork bombs, no setuid escalation inside the learner's container. The
    # image's entrypoint, while still root, needs these capabilities to make
    # the learner's folders (in /workspace, which belongs to the learner),
    # hand them over and drop to the learner's UID; the learner's processes
    # have none.
    "pids_limit": int(env("HUB_PIDS_LIMIT", "512")),
    "security_opt": ["no-new-privileges:true"],
    "cap_drop": ["ALL"],
    "cap_add": ["CHOWN", "DAC_OVERRIDE", "SETUID", "SETGID"],
}
c.DockerSpawner.extra_create_kwargs = {"labels": {"tensor-course.classroom": PREFIX}}
# The course's language for the whole class (COURSE_LANG, as in the single-user
# .env): en, or ja for the Japanese notebooks and JupyterLab's Japanese menus.
COURSE_LANG = env("COURSE_LANG", "en")
if COURSE_LANG not in ("en", "ja"):
    sys.exit(f"COURSE_LANG={COURSE_LANG} (in classroom/.env) is not a language of the course: "
             "use en or ja.")
c.DockerSpawner.environment = {"COURSE_LANG": COURSE_LANG}
c.LearnerSpawner.learner_subnets = env("HUB_LEARNER_SUBNETS", "172.16.0.0/16")
c.LearnerSpawner.learner_internet = env("HUB_LEARNER_INTERNET", "1") == "1"
c.Spawner.start_timeout = int(env("HUB_START_TIMEOUT", "180"))
c.LearnerSpawner.concurrent_starts = int(env("HUB_CONCURRENT_STARTS", "4"))
c.Spawner.http_timeout = int(env("HUB_HTTP_TIMEOUT", "120"))
# A whole class pressing "Start" at the same minute: queue the rest rather
# than overload the machine.
c.JupyterHub.concurrent_spawn_limit = int(env("HUB_CONCURRENT_SPAWN_LIMIT", "50"))
c.JupyterHub.active_server_limit = int(env("HUB_ACTIVE_SERVER_LIMIT", "0"))

# -- services: the admin token and the idle culler -----------------------------
culler = [sys.executable, "-m", "jupyterhub_idle_culler",
          f"--timeout={int(env('HUB_CULL_TIMEOUT', '3600'))}",
          f"--cull-every={int(env('HUB_CULL_EVERY', '300'))}",
          f"--max-age={int(env('HUB_CULL_MAX_AGE', '0'))}"]
c.JupyterHub.services = [
    {"name": "course-admin", "api_token": admin_token},
    {"name": "idle-culler", "command": culler},
]
c.JupyterHub.load_roles = [
    {"name": "admin", "services": ["course-admin"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]
