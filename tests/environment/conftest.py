"""Environment checks: the Docker image, the compose stack, the devcontainer.

These tests drive a Docker engine and are run by ./test.sh from the test-runner
container (tests/docker/Dockerfile) with COURSE_ENV_TESTS=1. Without that
variable (e.g. a plain `pytest` on the host) they are not even collected.
Inside the runner they must run: a skip is turned into a failure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ENABLED = os.environ.get("COURSE_ENV_TESTS") == "1"
if not ENABLED:
    collect_ignore_glob = ["test_*.py"]

IMAGE = os.environ.get("COURSE_IMAGE", "tensor-course:test")
PROJECT = Path(os.environ.get("COURSE_PROJECT_DIR", Path(__file__).resolve().parents[2]))
ARTIFACTS = Path(os.environ.get("COURSE_TEST_ARTIFACTS", PROJECT / "test-artifacts"))
STACKS = ARTIFACTS / "stacks"
PREFIX = os.environ.get("COURSE_TEST_PREFIX", "tcourse-envtest")
# The image `docker compose up` builds in the main stack (a throw-away tag:
# test.sh removes every image named after the prefix at the end).
BUILD_IMAGE = f"{PREFIX}-build:latest"
# README's picture is rewritten only when asked (COURSE_UPDATE_SCREENSHOT=1).
UPDATE_SCREENSHOT = os.environ.get("COURSE_UPDATE_SCREENSHOT") == "1"
# One-off containers carry this label; test.sh removes them by it.
TEST_LABEL = f"tensor-course-test={PREFIX}"
URL_RE = re.compile(r"https?://\S+\?token=\S*")

COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".env", "my-notebooks", "logs", "checkpoints", "saved_models",
    "test-artifacts", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info",
    ".ipynb_checkpoints", "build", "dist", ".venv",
)


HERE = Path(__file__).resolve().parent
# The variables docker-compose.yml reads (from .env, or the shell, which wins).
COMPOSE_SETTINGS = {"COURSE_IMAGE", "JUPYTER_PORT", "TENSORBOARD_PORT", "BIND_ADDRESS", "JUPYTER_TOKEN",
                    "LAB_MEMORY_LIMIT", "TENSORBOARD_MEMORY_LIMIT", "PIDS_LIMIT", "COURSE_LANG"}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def compose_env() -> dict:
    """This environment minus COMPOSE_SETTINGS: compose prefers the shell's
    variables to .env, and test.sh passes COURSE_IMAGE to this runner."""
    return {k: v for k, v in os.environ.items() if k not in COMPOSE_SETTINGS}


def strip_ansi(text: str) -> str:
    """compose's log output erases lines (ESC[2K) even with --no-color."""
    return _ANSI.sub("", text)


def _ours(nodeid_or_path) -> bool:
    return "tests/environment/" in str(nodeid_or_path).replace("\\", "/")


def pytest_runtest_logreport(report):
    # Inside the runner nothing may be skipped silently.
    if ENABLED and _ours(report.nodeid) and report.skipped and report.when in ("setup", "call"):
        report.outcome = "failed"
        report.longrepr = f"environment check skipped (not allowed here): {report.longrepr}"


def pytest_collection_modifyitems(items):
    # (conftest hooks see every item of the session: mark only ours)
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.docker)


def run(cmd, *, cwd=None, env=None, timeout=600, check=True, input=None):
    if cwd is not None:
        # as a shell would: compose interpolates ${PWD}
        env = dict(env if env is not None else os.environ, PWD=str(cwd))
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, timeout=timeout, input=input,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout[-6000:]}")
    return proc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, *, method="GET", token=None, data=None, timeout=10):
    """Return (status, body bytes); never raises on HTTP errors."""
    headers = {}
    if token:
        headers["Authorization"] = f"token {token}"
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Stack:
    """A copy of the project, owned by `uid`, run as its own compose project
    (with a .git folder as a clone has), using `image` (.env's COURSE_IMAGE)."""

    def __init__(self, tag: str, uid: int, *, env: dict | None = None, image: str = IMAGE):
        self.name = f"{PREFIX}-{tag}"
        self.dir = STACKS / self.name
        self.uid = uid
        self.image = image
        self.jupyter_port = free_port()
        self.tensorboard_port = free_port()
        self.env = {"JUPYTER_PORT": str(self.jupyter_port),
                    "TENSORBOARD_PORT": str(self.tensorboard_port),
                    "COURSE_IMAGE": image, **(env or {})}

    # -- set-up ---------------------------------------------------------
    def create(self):
        self.remove_dir()
        STACKS.mkdir(parents=True, exist_ok=True)
        shutil.copytree(PROJECT, self.dir, ignore=COPY_IGNORE, symlinks=True)
        compose = self.dir / "docker-compose.yml"
        text = compose.read_text()
        text, n = re.subn(r"(?m)^name:.*$", f"name: {self.name}", text)
        assert n == 1, "docker-compose.yml has no top-level name:"
        compose.write_text(text)
        (self.dir / ".env").write_text("".join(f"{k}={v}\n" for k, v in self.env.items()))
        hooks = self.dir / ".git" / "hooks"
        hooks.mkdir(parents=True)
        (self.dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        (hooks / "pre-commit.sample").write_text("#!/bin/sh\nexit 0\n")
        run(["chown", "-R", f"{self.uid}:{self.uid}", str(self.dir)])
        return self

    def remove_dir(self):
        if self.dir.exists():
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- compose ----------------------------------------------------------
    def compose(self, *args, check=True, timeout=600):
        return run(["docker", "compose", *args], cwd=self.dir, env=compose_env(), check=check, timeout=timeout)

    def up(self, *extra):
        return self.compose("up", "-d", "--wait", "--wait-timeout", "180", *extra, timeout=900)

    def down(self):
        return self.compose("down", "--volumes", "--remove-orphans", "--timeout", "5", check=False)

    def container(self, service="lab") -> str:
        out = self.compose("ps", "-q", service).stdout.strip()
        assert out, f"no container for {service}"
        return out.splitlines()[0]

    def logs(self, service="lab") -> str:
        return strip_ansi(self.compose("logs", "--no-color", "--no-log-prefix", service, check=False).stdout)

    def logged_urls(self, service="lab", timeout=30.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            urls = URL_RE.findall(self.logs(service))
            if urls or time.monotonic() > deadline:
                return urls
            time.sleep(0.5)

    @property
    def token(self) -> str:
        urls = self.logged_urls()
        assert urls, "no URL in the lab logs"
        return urls[-1].split("token=", 1)[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.jupyter_port}"

    def exec(self, *cmd, user=None, service="lab", check=True):
        """`docker compose exec` (as the learner, the default, unless `user`)."""
        as_user = ["-u", user] if user else []
        return self.compose("exec", "-T", *as_user, service, *cmd, check=check)

    def inspect(self, service="lab") -> dict:
        return json.loads(run(["docker", "inspect", self.container(service)]).stdout)[0]


@pytest.fixture(scope="session")
def project() -> Path:
    return PROJECT


@pytest.fixture(scope="session", autouse=True)
def _artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield
    # Give the artifacts back to whoever owns the project folder.
    st = PROJECT.stat()
    paths = [ARTIFACTS] + ([PROJECT / "docs" / "screenshot-lab.png"] if UPDATE_SCREENSHOT else [])
    for path in paths:
        if path.exists():
            run(["chown", "-R", f"{st.st_uid}:{st.st_gid}", str(path)], check=False)


def _stack_fixture(tag, uid, **kw):
    stack = Stack(tag, uid, **kw).create()
    try:
        yield stack
    finally:
        (ARTIFACTS / f"{stack.name}.log").write_text(
            stack.compose("logs", "--no-color", "--timestamps", check=False).stdout)
        stack.down()
        stack.remove_dir()


@pytest.fixture(scope="session")
def main_stack():
    """A fresh copy owned by UID 1000, started as a new user would: plain
    `docker compose up` (detached), which builds the image (under BUILD_IMAGE)."""
    gen = _stack_fixture("main", 1000, image=BUILD_IMAGE)
    stack = next(gen)
    run(["docker", "rmi", BUILD_IMAGE], check=False)
    stack.up_output = stack.up().stdout
    yield stack
    next(gen, None)


# The memory ceiling other_stack sets in .env instead of the default.
OTHER_STACK_MEMORY = "1536m"


@pytest.fixture(scope="session")
def other_stack():
    """Project folder owned by UID 1234, on other host ports, a lower memory limit."""
    gen = _stack_fixture("uid1234", 1234, env={"LAB_MEMORY_LIMIT": OTHER_STACK_MEMORY})
    stack = next(gen)
    stack.up()
    yield stack
    next(gen, None)


@pytest.fixture(scope="session")
def lan_stack():
    """BIND_ADDRESS=0.0.0.0: JupyterLab published to the network."""
    gen = _stack_fixture("lan", 1000, env={"BIND_ADDRESS": "0.0.0.0"})
    stack = next(gen)
    stack.up()
    yield stack
    next(gen, None)


@pytest.fixture(scope="session")
def ja_stack():
    """COURSE_LANG=ja: the Japanese notebooks and JupyterLab's Japanese menus."""
    gen = _stack_fixture("ja", 1000, env={"COURSE_LANG": "ja"})
    stack = next(gen)
    stack.up()
    yield stack
    next(gen, None)


@pytest.fixture(scope="session")
def root_stack():
    """Project folder owned by root (as in a CI clone made by root)."""
    gen = _stack_fixture("rootowned", 0)
    stack = next(gen)
    stack.up()
    yield stack
    next(gen, None)
