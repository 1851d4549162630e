"""How far the containers may go: who they run as, what they may write, their
capabilities and limits, TensorBoard behind the token in LAN mode, the token's
strength. (Issue "Safe by default", the container part.)"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import socket
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import pytest

from conftest import (IMAGE, OTHER_STACK_MEMORY, PREFIX, PROJECT, STACKS, TEST_LABEL, URL_RE, http,
                      run)

SERVICES = ("lab", "tensorboard")
CAPS_FOR_THE_ENTRYPOINT = {"CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"}
# What the learner works on; everything else of the project is read-only.
WRITABLE = {"my-notebooks", "logs", "checkpoints", "saved_models", "course"}
PROTECTED = [".git/hooks/post-checkout", ".git/HEAD", "docker-compose.yml", ".env",
             ".devcontainer/devcontainer.json", "README.md", "test.sh", "pyproject.toml"]
GIB = 1024 ** 3


def _status_fields(stack, service) -> list[dict]:
    """CapEff/CapPrm/NoNewPrivs/Uid of every process of the container (read inside it)."""
    script = ("for f in /proc/[0-9]*/status; do "
              "awk '/^(Pid|Uid|CapPrm|CapEff|NoNewPrivs):/ {printf \"%s=%s \", $1, $2} END {print \"\"}' $f 2>/dev/null; "
              "done")
    out = stack.exec("bash", "-c", script, service=service).stdout
    rows = []
    for line in out.splitlines():
        fields = dict(item.split("=", 1) for item in line.split())
        if "Pid:" in fields:
            rows.append(fields)
    return rows


@pytest.mark.parametrize("service", SERVICES)
def test_no_capabilities_and_no_new_privileges(main_stack, service):
    host = main_stack.inspect(service)["HostConfig"]
    assert host["CapDrop"] == ["ALL"], host["CapDrop"]
    assert {"CAP_" + c.removeprefix("CAP_") for c in host["CapAdd"]} == CAPS_FOR_THE_ENTRYPOINT
    assert "no-new-privileges:true" in host["SecurityOpt"], host["SecurityOpt"]
    assert not host["Privileged"]
    rows = _status_fields(main_stack, service)
    assert len(rows) >= 3, rows   # tini, the service, and this probe
    for row in rows:
        # every process, PID 1 included: no UID 0, no capability left, no way to gain one
        assert row["Uid:"] != "0", row
        assert int(row["CapEff:"], 16) == 0 and int(row["CapPrm:"], 16) == 0, row
        assert row["NoNewPrivs:"] == "1", row


def test_exec_runs_as_the_learner_with_the_folder_owners_uid(other_stack):
    # no -u: `docker compose exec lab ...` is the learner (here UID 1234), not root
    assert other_stack.exec("id", "-un").stdout.strip() == "learner"
    assert other_stack.exec("id", "-u").stdout.strip() == "1234"
    assert other_stack.exec("id", "-u", service="tensorboard").stdout.strip() == "1234"
    other_stack.exec("touch", "/workspace/my-notebooks/made-by-exec.txt")
    assert (other_stack.dir / "my-notebooks" / "made-by-exec.txt").stat().st_uid == 1234
    # root's PATH holds nothing the learner can write (the venv is root's)
    path = other_stack.exec("printenv", "PATH", user="root").stdout.strip().split(":")
    writable = other_stack.exec("bash", "-c", 'for d in "$@"; do [ -w "$d" ] && echo "$d"; done; true',
                                "probe", *path).stdout.split()
    assert writable == [], writable


@pytest.mark.parametrize("service", SERVICES)
def test_project_is_read_only_except_the_learners_work(main_stack, service):
    mounts = {m["Destination"]: m for m in main_stack.inspect(service)["Mounts"]}
    assert mounts["/workspace"]["RW"] is False
    rw = {d.removeprefix("/workspace/") for d, m in mounts.items() if m["RW"]}
    assert rw == (WRITABLE if service == "lab" else set()), rw
    before = {p: (main_stack.dir / p).read_bytes() for p in PROTECTED if (main_stack.dir / p).is_file()}
    for rel in PROTECTED:
        proc = main_stack.exec("bash", "-c", f"echo planted >> /workspace/{rel}", service=service, check=False)
        assert proc.returncode != 0 and "Read-only file system" in proc.stdout, (rel, proc.stdout)
    assert {p: (main_stack.dir / p).read_bytes() for p in before} == before
    assert not (main_stack.dir / ".git" / "hooks" / "post-checkout").exists()


def test_the_learners_folders_are_writable(main_stack):
    for d in sorted(WRITABLE):
        name = f"/workspace/{d}/envtest-write-probe"
        main_stack.exec("bash", "-c", f"echo ok > {name} && rm {name}")


def _probe_wheel() -> tuple[str, bytes]:
    """A tiny pure-Python wheel, built here (no index needed)."""
    name, version = "course_pip_probe", "1.0"
    files = {f"{name}.py": b"ANSWER = 42\n",
             f"{name}-{version}.dist-info/METADATA":
                 f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
             f"{name}-{version}.dist-info/WHEEL":
                 b"Wheel-Version: 1.0\nGenerator: envtest\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}

    def digest(data):
        return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

    record = "".join(f"{k},{digest(v)},{len(v)}\n" for k, v in files.items())
    record += f"{name}-{version}.dist-info/RECORD,,\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in files.items():
            z.writestr(k, v)
        z.writestr(f"{name}-{version}.dist-info/RECORD", record)
    return f"{name}-{version}-py3-none-any.whl", buf.getvalue()


def test_pip_install_goes_to_the_learners_own_site(other_stack):
    # `%pip install` runs `python -m pip install`: it works for the learner
    # (UID 1234) and lands in ~/.local, which root's Python never imports.
    filename, data = _probe_wheel()
    wheel = other_stack.dir / "my-notebooks" / filename
    wheel.write_bytes(data)
    run(["chown", "1234:1234", str(wheel)])
    other_stack.exec("python", "-m", "pip", "install", "--no-index", f"/workspace/my-notebooks/{filename}")
    out = other_stack.exec("python", "-c", "import course_pip_probe as p; print(p.ANSWER, p.__file__)").stdout
    assert out.split() == ["42", "/home/learner/.local/lib/python3.13/site-packages/course_pip_probe.py"], out
    as_root = other_stack.exec("python", "-c", "import course_pip_probe", user="root", check=False)
    assert as_root.returncode != 0 and "ModuleNotFoundError" in as_root.stdout
    venv = other_stack.exec("bash", "-c", "find /opt/venv -writable -print -quit").stdout.strip()
    assert venv == "", f"the learner can write {venv}"


def test_memory_and_process_limits(main_stack, other_stack):
    for service, memory in (("lab", 4 * GIB), ("tensorboard", 1 * GIB)):
        host = main_stack.inspect(service)["HostConfig"]
        assert host["Memory"] == memory and host["MemorySwap"] == memory, (service, host["Memory"])
        assert host["PidsLimit"] == 512
    # the ceiling set in .env (LAB_MEMORY_LIMIT) is the one the kernel enforces
    assert other_stack.inspect("lab")["HostConfig"]["Memory"] == 1536 * 1024 ** 2
    assert OTHER_STACK_MEMORY == "1536m"
    limit = other_stack.exec("bash", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null"
                             " || cat /sys/fs/cgroup/memory/memory.limit_in_bytes").stdout.strip()
    assert int(limit) == 1536 * 1024 ** 2, limit
    # a notebook that asks for more is stopped (killed: exit 137), not the computer
    hog = other_stack.exec("python", "-c", "import numpy as np; a = np.ones(2 * 1024**3 // 8); print(a.sum())",
                           check=False)
    assert hog.returncode == 137, (hog.returncode, hog.stdout[-500:])
    status, _ = http(other_stack.base + "/api")
    assert status == 200, "JupyterLab itself must survive"


def _host_address(stack) -> str:
    """An address of this computer other than 127.0.0.1, as another machine would use
    (the gateway of the stack's network is one of the host's own interfaces)."""
    net = json.loads(run(["docker", "network", "inspect", f"{stack.name}_default"]).stdout)[0]
    return net["IPAM"]["Config"][0]["Gateway"]


def _connects(host, port) -> bool:
    with socket.socket() as s:
        s.settimeout(3)
        return s.connect_ex((host, port)) == 0


def test_lan_mode_says_so_and_keeps_the_token(lan_stack):
    logs = lan_stack.logs()
    assert "BIND_ADDRESS=0.0.0.0" in logs and "token is still required" in logs, logs[-2000:]
    urls = URL_RE.findall(logs)
    assert len(urls) == 1 and urls[0].startswith(f"http://127.0.0.1:{lan_stack.jupyter_port}/lab?token="), urls
    addr = _host_address(lan_stack)
    base = f"http://{addr}:{lan_stack.jupyter_port}"
    assert http(base + "/api/kernels")[0] == 403
    assert http(base + "/api/kernels", token=lan_stack.token)[0] == 200


def test_lan_mode_tensorboard_only_behind_the_token(lan_stack):
    addr = _host_address(lan_stack)
    # its own port: published on 127.0.0.1 only, closed on the network side
    bindings = lan_stack.inspect("tensorboard")["NetworkSettings"]["Ports"]["6006/tcp"]
    assert bindings and all(b["HostIp"] == "127.0.0.1" for b in bindings), bindings
    assert not _connects(addr, lan_stack.tensorboard_port)
    assert _connects(addr, lan_stack.jupyter_port)
    # through JupyterLab from the network: without the token, a redirect to
    # Jupyter's login page (or 403), never TensorBoard
    base = f"http://{addr}:{lan_stack.jupyter_port}/tensorboard"
    for path in ("/", "/data/runs", "/data/environment", "/data/plugins_listing"):
        status, location, body = _get_no_redirect(base + path)
        assert status == 403 or (status == 302 and "/login" in location), (path, status, location)
        assert b"tb-relative-root" not in body and b"data_location" not in body
    deadline = time.monotonic() + 60
    while True:
        status, body = http(base + "/data/environment", token=lan_stack.token)
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert status == 200 and json.loads(body)["data_location"] == "/workspace/logs", (status, body[:300])
    status, body = http(base + "/", token=lan_stack.token)
    assert status == 200 and b"tb-relative-root" in body


def _get_no_redirect(url) -> tuple[int, str, bytes]:
    """(status, Location header, body) of a GET, not following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, r.headers.get("Location", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", ""), e.read()


def _lab_container(env: dict, volumes: tuple = ()) -> tuple[int, str]:
    """Start the image's lab with `env` (and `volumes`, "host:container"); return (exit code
    or -1 if running, logs)."""
    name = f"{PREFIX}-token-{uuid.uuid4().hex[:8]}"
    args = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
    args += [a for v in volumes for a in ("-v", v)]
    run(["docker", "run", "-d", "--name", name, "--label", TEST_LABEL, *args, IMAGE])
    try:
        deadline = time.monotonic() + 60
        while True:
            state = json.loads(run(["docker", "inspect", "-f", "{{json .State}}", name]).stdout)
            logs = run(["docker", "logs", name]).stdout
            if not state["Running"]:
                return state["ExitCode"], logs
            if URL_RE.search(logs) or time.monotonic() > deadline:
                return -1, logs
            time.sleep(0.5)
    finally:
        run(["docker", "rm", "-f", name], check=False)


def test_a_short_token_is_refused_with_a_clear_message():
    code, logs = _lab_container({"JUPYTER_TOKEN": "letmein-please-2024"})
    assert code == 2, (code, logs)
    assert "JUPYTER_TOKEN (in .env) is refused" in logs and "at least 32" in logs, logs
    assert not URL_RE.search(logs)


def test_a_strong_token_is_used():
    token = "a" * 8 + "0123456789abcdef0123456789abcdef"
    code, logs = _lab_container({"JUPYTER_TOKEN": token})
    assert code == -1, (code, logs)
    assert URL_RE.findall(logs) == [f"http://127.0.0.1:8888/lab?token={token}"], logs[-1000:]


def test_a_weak_token_in_the_token_file_is_replaced_by_a_random_one():
    """my-notebooks/.jupyter-token keeps the random token between starts; one that breaks the
    JUPYTER_TOKEN rule (32 characters, URL-safe) is replaced, with a message, not used."""
    notebooks = STACKS / f"{PREFIX}-weak-token" / "my-notebooks"  # (a path the daemon sees)
    shutil.rmtree(notebooks.parent, ignore_errors=True)
    notebooks.mkdir(parents=True)
    (notebooks / ".jupyter-token").write_text("letmein\n")
    try:
        code, logs = _lab_container({}, volumes=(f"{notebooks}:/workspace/my-notebooks",))
        assert code == -1, (code, logs)
        assert "held a token that is too short" in logs, logs
        (url,) = URL_RE.findall(logs)
        token = url.split("token=", 1)[1]
        assert token != "letmein" and len(token) >= 32 and re.fullmatch(r"[0-9a-f]+", token)
        kept = run(["cat", str(notebooks / ".jupyter-token")]).stdout.strip()
        assert kept == token  # (the next start uses it)
    finally:
        run(["rm", "-rf", str(notebooks.parent)], check=False)


def test_env_example_documents_every_setting():
    text = (PROJECT / ".env.example").read_text()
    compose = (PROJECT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)", compose)) - {"PWD", "COURSE_IMAGE"}
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", text, re.M))
    assert used <= documented, sorted(used - documented)
