"""The classroom hub (classroom/): start it from a fresh copy of the project,
get the admin token, add learners from a roster, spawn them, run code in a
learner's own server, and check that learners are kept apart.

The stack is the compose project `$COURSE_TEST_PREFIX-hub` (its HUB_PREFIX too:
learners' containers, volumes and networks are named after it, so ./test.sh's
cleanup finds them), on port 8000; it is removed at the end. The hub image is built from the copy
(tagged $COURSE_HUB_IMAGE); learners run $COURSE_IMAGE, which ./test.sh has
built. The hub-side client code is benchmarks/classroom.py's (the scale test
runs the same steps for 20 learners).
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from conftest import ARTIFACTS, COPY_IGNORE, IMAGE, PROJECT, STACKS, http, run

# (named after ./test.sh's prefix, so that its cleanup removes whatever a failed run leaves)
NAME = os.environ.get("COURSE_TEST_PREFIX", "tcourse-envtest") + "-hub"
PORT = 8000
BASE = f"http://127.0.0.1:{PORT}"
HUB_IMAGE = os.environ.get("COURSE_HUB_IMAGE", "tensor-course-hub:test")

_spec = importlib.util.spec_from_file_location("classroom_bench", PROJECT / "benchmarks" / "classroom.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _image_id(tag: str) -> str | None:
    proc = run(["docker", "image", "inspect", "-f", "{{.Id}}", tag], check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def _remove_leftovers():
    """Everything a hub with HUB_PREFIX=tcourse-hubtest may have made outside compose."""
    ids = run(["docker", "ps", "-aq", "--filter", f"label=tensor-course.classroom={NAME}"], check=False).stdout.split()
    if ids:
        run(["docker", "rm", "-f", *ids], check=False)
    for kind in ("network", "volume"):
        names = run(["docker", kind, "ls", "-q", "--filter", f"name={NAME}-"], check=False).stdout.split()
        if names:
            run(["docker", kind, "rm", *names], check=False)


class Hub:
    def __init__(self):
        self.dir = STACKS / NAME
        self.env = dict(os.environ, PWD=str(self.dir / "classroom"), HUB_PREFIX=NAME, HUB_PORT=str(PORT),
                        BIND_ADDRESS="127.0.0.1", HUB_IMAGE=HUB_IMAGE, HUB_LEARNER_IMAGE=IMAGE)

    def compose(self, *args, check=True, timeout=900, input=None):
        return run(["docker", "compose", "-p", NAME, *args], cwd=self.dir / "classroom", env=self.env,
                   check=check, timeout=timeout, input=input)

    def exec(self, *cmd, input=None, check=True):
        return self.compose("exec", "-T", "hub", *cmd, input=input, check=check)


@pytest.fixture(scope="session")
def hub():
    h = Hub()
    if h.dir.exists():
        shutil.rmtree(h.dir)
    _remove_leftovers()
    STACKS.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT, h.dir, ignore=COPY_IGNORE, symlinks=True)
    old_image = _image_id(HUB_IMAGE)
    try:
        t0 = time.monotonic()
        h.compose("build", "hub")
        h.t_build = time.monotonic() - t0
        # --no-deps: the learners' image is the one ./test.sh built ($COURSE_IMAGE)
        h.compose("up", "-d", "--no-deps", "--wait", "--wait-timeout", "120", "hub")
        h.t_up = time.monotonic() - t0 - h.t_build
        h.token = h.exec("course-hub-token").stdout.strip()
        h.api = bench.Hub(BASE, h.token)
        yield h
    finally:
        (ARTIFACTS / f"{NAME}.log").write_text(h.compose("logs", "--no-color", "--timestamps", check=False).stdout)
        h.compose("down", "--volumes", "--remove-orphans", "--timeout", "60", check=False)
        _remove_leftovers()
        shutil.rmtree(h.dir, ignore_errors=True)
        new_image = _image_id(HUB_IMAGE)
        if old_image and old_image != new_image:  # the rebuilt tag left its old image untagged
            run(["docker", "rmi", old_image], check=False)


@pytest.fixture(scope="session")
def learners(hub):
    """Two learners from a roster: {name: password}."""
    out = hub.exec("course-hub-users", "roster", "-", input="# class 1\nusername,email\nada,a@example.org\nalan,b@example.org\n").stdout
    rows = [line.split(",") for line in out.strip().splitlines()]
    assert rows[0] == ["username", "password"], out
    return dict(rows[1:])


@pytest.fixture(scope="session")
def running(hub, learners):
    """Both learners' servers started; their API tokens."""
    tokens = {}
    for name in learners:
        hub.spawn_s = bench.spawn(hub.api, name, timeout=240)
        tokens[name] = bench.learner_token(hub.api, name)
    return tokens


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def _anonymous(url: str) -> tuple[int, str]:
    """(status, Location) of a request without credentials, redirects not followed."""
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=30) as r:
            return r.status, ""
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", "")


def _login(username: str, password: str) -> tuple[int, list[str]]:
    """Log in through the hub's login form; (status, names of cookies set)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{BASE}/hub/login", timeout=30).read().decode()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "_xsrf": xsrf}).encode()
    try:
        status = opener.open(f"{BASE}/hub/login", data=form, timeout=30).status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, [c.name for c in jar]


def test_hub_starts_and_prints_an_admin_token(hub):
    assert re.fullmatch(r"[0-9a-f]{64}", hub.token), hub.token
    assert http(f"{BASE}/hub/api/users", token=hub.token)[0] == 200
    assert http(f"{BASE}/hub/api/users")[0] == 403
    assert http(f"{BASE}/hub/api/users", token="0" * 64)[0] == 403
    (ARTIFACTS / "classroom-timings.txt").write_text(
        f"hub image build {hub.t_build:.0f} s, hub healthy after {hub.t_up:.0f} s\n")


def test_idle_culler_runs_with_the_hub(hub):
    status, service = hub.api.api("GET", "/services/idle-culler")
    assert status == 200, service
    assert "--timeout=3600" in service["command"]
    # it has listed the users with its own token at least once
    assert re.search(r"200 GET /hub/api/users\S* \(idle-culler@", hub.compose("logs", "hub").stdout)


def test_hub_publishes_on_localhost_only(hub):
    ports = json.loads(run(["docker", "inspect", "-f", "{{json .NetworkSettings.Ports}}",
                            hub.compose("ps", "-q", "hub").stdout.strip()]).stdout)
    assert [(p["HostIp"], p["HostPort"]) for p in ports["8000/tcp"]] == [("127.0.0.1", str(PORT))]


def test_roster_accounts_log_in_with_their_password_only(hub, learners):
    assert set(learners) == {"ada", "alan"}
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", p) for p in learners.values())
    status, cookies = _login("ada", learners["ada"])
    assert status == 302 and "jupyterhub-hub-login" in cookies, (status, cookies)
    status, cookies = _login("ada", learners["alan"])
    assert "jupyterhub-hub-login" not in cookies, (status, cookies)
    # a second roster run keeps existing passwords
    out = hub.exec("course-hub-users", "roster", "-", input="ada\n").stdout
    assert "kept the existing password of: ada" in out and not re.search(r"(?m)^ada,", out), out
    assert _login("ada", learners["ada"])[0] == 302


def test_passwords_are_stored_as_bcrypt_hashes(hub, learners):
    rows = hub.exec("python3", "-c", "import sqlite3; db = sqlite3.connect('/srv/jupyterhub/jupyterhub.sqlite'); "
                    "print('\\n'.join(f'{u} {p.decode()}' for u, p in db.execute('select username, password from users_info')))"
                    ).stdout.split("\n")
    stored = dict(line.split(" ", 1) for line in rows if line.strip())
    for name, password in learners.items():
        assert stored[name].startswith("$2b$") and password not in stored[name]


def test_sign_up_is_off_by_default(hub):
    assert http(f"{BASE}/hub/signup")[0] == 404
    status, cookies = _login("mallory", "anything-at-all")
    assert "jupyterhub-hub-login" not in cookies


def test_learner_runs_a_cell_in_their_own_server(hub, running):
    token = running["ada"]
    status, listing = hub.api.request("GET", "/user/ada/api/contents", token=token)
    assert status == 200
    names = {c["name"] for c in listing["content"]}
    course = {p.name for p in (PROJECT / "notebooks").glob("*.ipynb")}
    assert course and course <= names, "the course notebooks were not copied into the learner's volume"
    kernel_id, ws = bench.start_kernel(hub.api, "ada", token)
    try:
        out = bench.execute(ws, "import os, course.engine as tf; print(os.getuid(), tf.constant([1, 2, 3]))")
    finally:
        ws.close()
        hub.api.request("DELETE", f"/user/ada/api/kernels/{kernel_id}", token=token)
    text = "".join(o.get("text", "") for o in out if o["output_type"] == "stream")
    assert text.strip() == "1000 tf.Tensor([1 2 3], shape=(3,), dtype=int32)", out
    # the learner's kernel holds no capability (CapEff in /proc/self/status)
    out = bench.execute(ws2 := bench.start_kernel(hub.api, "ada", token)[1],
                        "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])")
    ws2.close()
    assert "".join(o.get("text", "") for o in out).strip() == "0000000000000000", out


def test_learners_are_isolated(hub, running):
    checks = bench.check_isolation(hub.api, NAME, "ada", running["ada"], "alan")
    failed = {k: v for k, v in checks.items() if not v[0]}
    assert not failed, failed
    status, location = _anonymous(f"{BASE}/user/alan/api/contents")
    assert status == 403 or (status == 302 and "/hub/" in location), (status, location)


def test_learner_container_limits(hub, running):
    info = json.loads(run(["docker", "inspect", f"{NAME}-ada"]).stdout)[0]
    assert info["HostConfig"]["Memory"] == 1024 ** 3
    assert info["HostConfig"]["CpuQuota"] == 100_000 and info["HostConfig"]["CpuPeriod"] == 100_000
    assert info["HostConfig"]["PidsLimit"] == 512
    assert "no-new-privileges:true" in info["HostConfig"]["SecurityOpt"]
    assert info["HostConfig"]["CapDrop"] == ["ALL"]
    assert sorted(info["HostConfig"]["CapAdd"]) == ["CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"]
    assert not any("docker.sock" in (m.get("Source") or "") for m in info["Mounts"])
    assert "COURSE_LANG=en" in info["Config"]["Env"]  # the class's language, from classroom/.env


# A stand-in for jupyterhub-singleuser: start-singleuser runs as under the hub, then this
# reports what it prepared instead of starting a server.
_PROBE = r"""
mkdir -p /tmp/probe
cat > /tmp/probe/jupyterhub-singleuser <<'END'
#!/bin/bash
echo "lang=$COURSE_LANG"
echo "config_path=$JUPYTER_CONFIG_PATH"
for d in logs checkpoints saved_models; do echo "link_$d=$(readlink /workspace/$d)"; done
echo "top=$(ls /workspace/my-notebooks/*.ipynb 2>/dev/null | wc -l)"
echo "ja=$(ls /workspace/my-notebooks/ja/*.ipynb 2>/dev/null | wc -l)"
jupyter server --show-config 2>&1 | sed -n "s/^ *\.preferred_dir = /preferred_dir=/p"
END
chmod +x /tmp/probe/jupyterhub-singleuser
PATH=/tmp/probe:$PATH exec start-singleuser
"""


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_learner_server_is_prepared_in_the_class_language(lang):
    """COURSE_LANG (classroom/.env, passed on by the hub): the notebooks of that language are
    copied into the learner's volume, in Japanese JupyterLab's menus are Japanese and the file
    browser opens in ja/; in both, the notebooks' ../logs, ../checkpoints and ../saved_models
    lead into the volume (otherwise saved work would go with the container)."""
    out = run(["docker", "run", "--rm", "-e", f"COURSE_LANG={lang}", IMAGE, "bash", "-c", _PROBE]).stdout
    facts = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    notebooks = len(list((PROJECT / "notebooks").glob("*.ipynb")))
    assert facts["lang"] == lang
    for d in ("logs", "checkpoints", "saved_models"):
        assert facts[f"link_{d}"] == f"my-notebooks/{d}", facts
    if lang == "ja":
        assert facts["config_path"].split(":")[0] == "/opt/venv/share/course/jupyter-ja", facts
        assert (facts["top"], facts["ja"]) == ("0", str(notebooks)), facts
        assert facts["preferred_dir"] == "'ja'", facts
    else:
        assert "jupyter-ja" not in facts["config_path"], facts
        assert (facts["top"], facts["ja"]) == (str(notebooks), "0"), facts
        assert "preferred_dir" not in facts, facts


def test_a_learner_server_refuses_an_unknown_language():
    proc = run(["docker", "run", "--rm", "-e", "COURSE_LANG=fr", IMAGE, "start-singleuser"], check=False)
    assert proc.returncode == 2
    assert "COURSE_LANG=fr (in classroom/.env) is not a language of the course: use en or ja" in proc.stdout  # (run() merges stderr into it)


def test_tensorboard_per_learner_behind_the_login(hub, running):
    status, env = hub.api.request("GET", "/user/ada/tensorboard/data/environment", token=running["ada"], timeout=150)
    assert status == 200 and env["data_location"] == "/workspace/my-notebooks/logs", (status, env)
    assert hub.api.request("GET", "/user/ada/tensorboard/data/environment", token=running["alan"])[0] == 403
    status, location = _anonymous(f"{BASE}/user/ada/tensorboard/")
    assert status == 403 or (status == 302 and "/hub/" in location), (status, location)


def test_work_persists_and_course_refresh_keeps_the_learners_copy(hub, running):
    token = running["ada"]
    path = "/user/ada/api/contents/02-tensors.ipynb"
    status, model = hub.api.request("GET", path + "?content=1", token=token)
    assert status == 200
    nb = model["content"]
    nb["cells"].insert(0, {"cell_type": "markdown", "id": "mine", "metadata": {}, "source": "my note"})
    assert hub.api.request("PUT", path, {"type": "notebook", "format": "json", "content": nb}, token=token)[0] == 200
    # a restart (new container) copies nothing over the edit
    assert hub.api.api("DELETE", "/users/ada/server", timeout=120)[0] in (202, 204)
    for _ in range(120):
        if not hub.api.api("GET", "/users/ada")[1]["servers"]:
            break
        time.sleep(0.5)
    bench.spawn(hub.api, "ada", timeout=240)
    status, model = hub.api.request("GET", path + "?content=1", token=token)
    assert model["content"]["cells"][0]["source"] == "my note"
    # course-refresh takes the course's version and keeps the learner's in .backups/
    out = run(["docker", "exec", "-u", "learner", f"{NAME}-ada", "course-refresh", "02-tensors.ipynb"]).stdout
    assert "kept your version" in out, out
    status, model = hub.api.request("GET", path + "?content=1", token=token)
    assert model["content"]["cells"][0].get("source") != "my note"
    found = run(["docker", "exec", f"{NAME}-ada", "sh", "-c",
                 "grep -l 'my note' /workspace/my-notebooks/.backups/*/02-tensors.ipynb"], check=False)
    assert found.returncode == 0, found.stdout
