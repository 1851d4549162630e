"""The compose stack as a learner uses it: build, start, URL, kernel, files,
persistence, users, ports, TensorBoard."""
from __future__ import annotations

import json
import re
import socket
import time
import uuid
from pathlib import Path

import pytest
import websocket

from conftest import PROJECT, Stack, http, run, strip_ansi

ENGINE_CODE = "import course.engine as tf; print(tf.constant([1, 2, 3]))"
ENGINE_OUTPUT = "tf.Tensor([1 2 3], shape=(3,), dtype=int32)"


def test_compose_up_builds_the_image_once_and_pulls_nothing(main_stack):
    out = main_stack.up_output
    # the classic builder's output ("Step N/M", "Successfully built <id>"), once:
    # both services use the image, only `lab` builds it, nobody pulls it
    assert "Step 1/" in out, out[-3000:]
    assert len(re.findall(r"(?m)^Successfully built [0-9a-f]{12}$", out)) == 1, out[-3000:]
    assert len(re.findall(r"(?m)^Step 1/", out)) == 1, out[-3000:]
    assert "Pulling" not in out and "pull access denied" not in out, out[-3000:]
    cfg = json.loads(main_stack.compose("config", "--format", "json").stdout)
    assert [name for name, svc in cfg["services"].items() if svc.get("build")] == ["lab"]
    assert {svc["image"] for svc in cfg["services"].values()} == {main_stack.image}
    assert all(svc.get("pull_policy") == "never" for svc in cfg["services"].values())


def test_both_services_healthy(main_stack):
    out = main_stack.compose("ps", "--format", "json").stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(rows) == 1 and isinstance(rows[0], list):
        rows = rows[0]
    health = {r["Service"]: r.get("Health") for r in rows}
    assert health == {"lab": "healthy", "tensorboard": "healthy"}


def test_healthchecks_use_api_and_fast_interval(main_stack):
    cfg = json.loads(main_stack.compose("config", "--format", "json").stdout)
    lab_hc = cfg["services"]["lab"]["healthcheck"]
    assert any("/api" in part for part in lab_hc["test"])
    for svc in ("lab", "tensorboard"):
        interval = cfg["services"][svc]["healthcheck"]["interval"]
        assert interval.endswith("s") and float(interval.rstrip("s")) <= 5, interval


def _check_logged_url(stack):
    urls = stack.logged_urls()
    assert len(urls) == 1, f"expected ONE clickable URL in the logs, got {urls}"
    url = urls[0]
    assert url.startswith(f"http://127.0.0.1:{stack.jupyter_port}/lab?token="), url
    status, body = http(url)
    assert status == 200, (status, body[:500])
    assert b"JupyterLab" in body or b"jupyter" in body.lower()
    return url


def test_logged_url_opens_lab(main_stack):
    _check_logged_url(main_stack)


def _readme_log_block() -> list[str]:
    """The lines README.md quotes from `docker compose up`'s log (lab-1  | ...)."""
    text = (PROJECT / "README.md").read_text()
    lines = [l for l in text.splitlines() if l.startswith("lab-1  | ") or l.startswith("tensorboard-1  | ")]
    assert lines, "README.md quotes no log lines"
    return lines


def test_readme_quotes_the_log_lines_the_user_sees(main_stack):
    logs = strip_ansi(main_stack.compose("logs", "--no-color", check=False).stdout)
    seen = [" ".join(l.split()) for l in logs.splitlines()]
    for quoted in _readme_log_block():
        # the token and the port are the user's own; the rest is verbatim
        pattern = (re.escape(" ".join(quoted.split())).replace(re.escape("3f0c..."), "[0-9a-f]{48}")
                   .replace("8888", r"\d+").replace("6006", r"\d+"))
        assert any(re.fullmatch(pattern, l) for l in seen), (quoted, logs[-3000:])


def test_readme_names_the_real_port_conflict_message():
    """A port already in use: README quotes the message Docker really prints."""
    stack = Stack("portclash", 1000).create()
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", stack.jupyter_port))
    holder.listen()
    try:
        proc = stack.compose("up", "-d", check=False, timeout=300)
        assert proc.returncode != 0, proc.stdout
        message = f"127.0.0.1:{stack.jupyter_port}: bind: address already in use"
        assert message in proc.stdout, proc.stdout[-2000:]
        assert "127.0.0.1:8888: bind: address already in use" in (PROJECT / "README.md").read_text()
    finally:
        holder.close()
        stack.down()
        stack.remove_dir()


def test_logged_url_follows_changed_port(other_stack):
    # other_stack runs on other (random) host ports than main_stack.
    url = _check_logged_url(other_stack)
    assert f":{other_stack.jupyter_port}/" in url


def test_course_url_command_prints_the_same_url(main_stack):
    out = main_stack.compose("exec", "-T", "lab", "course-url").stdout.strip()
    assert out == main_stack.logged_urls()[0]


@pytest.mark.parametrize("path", ["/api/kernels", "/api/contents", "/api/sessions"])
def test_api_requires_token(main_stack, path):
    status, _ = http(main_stack.base + path)
    assert status == 403, status
    status, _ = http(main_stack.base + path, token=main_stack.token)
    assert status == 200


def test_api_status_answers_without_token(main_stack):
    status, _ = http(main_stack.base + "/api")
    assert status == 200


def _execute(stack, code: str) -> str:
    token = stack.token
    status, body = http(stack.base + "/api/kernels", method="POST", token=token,
                        data={"name": "python3"})
    assert status in (200, 201), body
    kernel_id = json.loads(body)["id"]
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{stack.jupyter_port}/api/kernels/{kernel_id}/channels?token={token}",
        timeout=120)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "envtest", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        out, errors = [], []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                errors.append("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        assert not errors, "\n".join(errors)
        return "".join(out)
    finally:
        ws.close()
        http(f"{stack.base}/api/kernels/{kernel_id}", method="DELETE", token=token)


def test_kernel_runs_course_engine(main_stack):
    out = _execute(main_stack, ENGINE_CODE)
    assert out.strip() == ENGINE_OUTPUT


def test_kernel_sees_edits_in_the_mounted_project(main_stack):
    # The course package is installed editable from /workspace (the mount).
    out = _execute(main_stack, "import course, os; print(os.path.dirname(course.__file__))")
    assert out.strip() == "/workspace/course"


def _notebook(text: str) -> dict:
    return {"cells": [{"cell_type": "markdown", "id": "c1", "metadata": {}, "source": text}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _write_and_check_owner(stack, name: str) -> Path:
    status, body = http(f"{stack.base}/api/contents/{name}", method="PUT", token=stack.token,
                        data={"type": "notebook", "format": "json", "content": _notebook(name)})
    assert status in (200, 201), body
    host_file = stack.dir / "my-notebooks" / name
    assert host_file.is_file()
    st = host_file.stat()
    assert (st.st_uid, st.st_gid) == (stack.uid, stack.uid)
    return host_file


def test_contents_api_file_owned_by_folder_owner_1000(main_stack):
    _write_and_check_owner(main_stack, "owned-by-1000.ipynb")


def test_contents_api_file_owned_by_folder_owner_1234(other_stack):
    _write_and_check_owner(other_stack, "owned-by-1234.ipynb")
    # the learner's working copy and the logs folder belong to the owner too
    for d in ("my-notebooks", "logs"):
        assert (other_stack.dir / d).stat().st_uid == 1234


def test_root_owned_project_runs_as_default_user(root_stack):
    logs = root_stack.logs()
    assert "owned by root" in logs
    host_file = root_stack.dir / "my-notebooks" / "root-case.ipynb"
    status, body = http(f"{root_stack.base}/api/contents/root-case.ipynb", method="PUT",
                        token=root_stack.token,
                        data={"type": "notebook", "format": "json", "content": _notebook("x")})
    assert status in (200, 201), body
    assert host_file.stat().st_uid == 1000
    _check_logged_url(root_stack)


def test_work_survives_down_up_and_stop_start(other_stack):
    host_file = _write_and_check_owner(other_stack, "survives.ipynb")
    token = other_stack.token
    other_stack.compose("down", "--timeout", "5")
    assert host_file.is_file()
    other_stack.up()
    assert other_stack.token == token, "generated token must persist across down/up"
    status, body = http(f"{other_stack.base}/api/contents/survives.ipynb", token=token)
    assert status == 200, body
    other_stack.compose("stop", "--timeout", "5")
    other_stack.compose("start")
    other_stack.compose("up", "-d", "--wait", "--wait-timeout", "120")  # waits for healthy
    status, _ = http(f"{other_stack.base}/api/contents/survives.ipynb", token=token)
    assert status == 200
    assert other_stack.token == token
    # a restarted container starts directly as the learner (no root phase left)
    for service in ("lab", "tensorboard"):
        assert other_stack.exec("id", "-u", service=service).stdout.strip() == "1234"
        cid = other_stack.container(service)
        uids = {line.split()[1] for line in
                run(["docker", "top", cid, "-eo", "pid,uid,args"]).stdout.splitlines()[1:] if line.strip()}
        assert uids == {"1234"}, (service, uids)


def test_processes_run_as_non_root(main_stack):
    for service in ("lab", "tensorboard"):
        cid = main_stack.container(service)
        out = run(["docker", "top", cid, "-eo", "uid,pid,args"]).stdout.splitlines()[1:]
        procs = [line.split(None, 2) for line in out if line.strip()]
        procs = [p for p in procs if "course-healthcheck" not in p[2]]
        assert procs, service
        assert all(p[0] != "0" for p in procs), (service, procs)
        pid1 = run(["docker", "exec", cid, "cat", "/proc/1/cmdline"]).stdout
        assert pid1.startswith("/usr/bin/tini"), pid1


def test_ports_bound_to_loopback(main_stack):
    for service, port in (("lab", 8888), ("tensorboard", 6006)):
        cid = main_stack.container(service)
        ports = json.loads(run(["docker", "inspect", "-f", "{{json .NetworkSettings.Ports}}", cid]).stdout)
        bindings = ports[f"{port}/tcp"]
        assert bindings and all(b["HostIp"] == "127.0.0.1" for b in bindings), bindings


EVENT_SCRIPT = """
import time
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
writer = EventFileWriter('/workspace/logs/envtest-run')
for step in range(3):
    value = summary_pb2.Summary.Value(tag='loss', simple_value=1.0 / (step + 1))
    writer.add_event(event_pb2.Event(wall_time=time.time(), step=step,
                                     summary=summary_pb2.Summary(value=[value])))
writer.close()
"""


def test_tensorboard_lists_a_run(main_stack):
    main_stack.exec("python", "-c", EVENT_SCRIPT)
    base = f"http://127.0.0.1:{main_stack.tensorboard_port}"
    deadline = time.monotonic() + 60
    runs, tags = [], {}
    while time.monotonic() < deadline:
        status, body = http(base + "/data/runs")
        if status == 200:
            runs = json.loads(body)
            if "envtest-run" in runs:
                status, body = http(base + "/data/plugin/scalars/tags")
                tags = json.loads(body) if status == 200 else {}
                if "loss" in tags.get("envtest-run", {}):
                    break
        time.sleep(1)
    assert "envtest-run" in runs, runs
    assert "loss" in tags.get("envtest-run", {}), tags
    # the same TensorBoard through JupyterLab (/tensorboard/), with the token
    status, body = http(main_stack.base + "/tensorboard/data/runs", token=main_stack.token)
    assert status == 200 and "envtest-run" in json.loads(body), (status, body[:300])


def test_course_refresh_replaces_a_notebook_and_keeps_a_backup(other_stack):
    fixture = PROJECT / "tests" / "environment" / "fixtures" / "env-check.ipynb"
    course_copy = other_stack.dir / "notebooks" / "env-refresh.ipynb"
    mine = other_stack.dir / "my-notebooks" / "env-refresh.ipynb"
    course_copy.write_bytes(fixture.read_bytes())
    mine.write_text(json.dumps(_notebook("my own edits")))
    run(["chown", "1234:1234", str(course_copy), str(mine)])
    listing = other_stack.exec("course-refresh", "--list").stdout
    assert re.search(r"env-refresh\.ipynb\s+yours differs", listing), listing
    out = other_stack.exec("course-refresh", "env-refresh.ipynb").stdout
    assert "refreshed my-notebooks/env-refresh.ipynb" in out, out
    assert mine.read_bytes() == fixture.read_bytes()
    assert mine.stat().st_uid == 1234
    backups = list((other_stack.dir / "my-notebooks" / ".backups").rglob("env-refresh.ipynb"))
    assert len(backups) == 1 and "my own edits" in backups[0].read_text()
    assert backups[0].stat().st_uid == 1234


def test_course_refresh_help_names_a_real_notebook(other_stack):
    out = other_stack.exec("course-refresh", "--help").stdout
    examples = re.findall(r"For example:\s+docker compose exec lab course-refresh (\S+)", out)
    assert examples, out
    course = {p.name for p in (other_stack.dir / "notebooks").glob("*.ipynb")}
    assert set(examples) <= course, (examples, sorted(course))
    assert other_stack.exec("course-refresh", check=False).returncode == 2
