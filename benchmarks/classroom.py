"""Classroom scale test: N learners on the running hub (classroom/) at once.

Creates N learners through the hub's REST API, starts their servers all at
once, and in each learner's own server runs a course notebook's code (a kernel
over the Jupyter Server REST + websocket API, every code cell executed, its
text outputs compared with the ones committed in the notebook). Then checks
isolation between two learners (one's token on the other's server, a
connection from one's kernel to the other's container, each container's
volumes), and prints spawn times (p50/p95), the time until every learner had
a working kernel, memory per learner, and failures. Learners are removed at
the end (server, account, volume) unless --keep.

    cd classroom && docker compose up -d
    python benchmarks/classroom.py -n 20 --token "$(docker compose -f classroom/docker-compose.yml exec hub course-hub-token)"

Needs the `docker` CLI (memory, containers' addresses and mounts) and
websocket-client. The environment check tests/environment/test_classroom.py
uses the same functions with one learner.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import configparser
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


# -- HTTP -----------------------------------------------------------------------
class Hub:
    """The hub's REST API (admin token) and learners' servers behind its proxy."""

    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/")
        self.token = token

    def request(self, method: str, path: str, data=None, token: str | None = None, timeout: float = 60):
        """(status, parsed JSON or raw bytes); never raises on HTTP errors."""
        headers = {"Authorization": f"token {token or self.token}"}
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw

    def api(self, method: str, path: str, data=None, timeout: float = 60):
        return self.request(method, "/hub/api" + path, data, timeout=timeout)


def create_learners(hub: Hub, names: list[str]) -> None:
    status, body = hub.api("POST", "/users", {"usernames": names})
    if status not in (201, 409):
        raise RuntimeError(f"creating learners: {status} {body}")
    if status == 409:  # some exist already: create the rest one by one
        for name in names:
            s, b = hub.api("POST", f"/users/{name}")
            if s not in (201, 409):
                raise RuntimeError(f"creating {name}: {s} {b}")


def spawn(hub: Hub, name: str, timeout: float = 300) -> float:
    """Start the learner's server; seconds until the hub says it is ready.

    Waits as the hub's spawn page in a browser does: on the server's progress
    event stream (polling the REST API from 20 threads would cost the hub more
    CPU than the spawns themselves)."""
    t0 = time.monotonic()
    status, body = hub.api("POST", f"/users/{name}/server", timeout=timeout)
    if status == 201:
        return time.monotonic() - t0
    if status not in (202, 400):  # 202: still starting; 400: already running or pending
        raise RuntimeError(f"spawn {name}: {status} {body}")
    req = urllib.request.Request(f"{hub.url}/hub/api/users/{name}/server/progress",
                                 headers={"Authorization": f"token {hub.token}", "Accept": "text/event-stream"})
    last = {}
    with urllib.request.urlopen(req, timeout=timeout) as stream:
        for raw in stream:
            line = raw.decode().strip()
            if not line.startswith("data:"):
                continue
            last = json.loads(line[5:])
            if last.get("ready"):
                return time.monotonic() - t0
            if last.get("failed"):
                raise RuntimeError(f"spawn {name} failed: {last.get('message')}")
            if time.monotonic() - t0 > timeout:
                break
    raise TimeoutError(f"spawn {name}: not ready after {time.monotonic() - t0:.0f} s (last event: {last})")


def learner_token(hub: Hub, name: str) -> str:
    status, body = hub.api("POST", f"/users/{name}/tokens", {"note": "classroom benchmark", "expires_in": 3600})
    if status != 201:
        raise RuntimeError(f"token for {name}: {status} {body}")
    return body["token"]


# -- kernels ----------------------------------------------------------------------
def start_kernel(hub: Hub, name: str, token: str):
    status, body = hub.request("POST", f"/user/{name}/api/kernels", {"name": "python3"}, token=token)
    if status not in (200, 201):
        raise RuntimeError(f"kernel for {name}: {status} {body}")
    ws_url = re.sub(r"^http", "ws", hub.url) + f"/user/{name}/api/kernels/{body['id']}/channels"
    ws = websocket.create_connection(ws_url, header=[f"Authorization: token {token}"], timeout=180)
    return body["id"], ws


def execute(ws, code: str, timeout: float = 180) -> list[dict]:
    """Run one cell; its outputs as nbformat output dicts (stream, result, display, error)."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "benchmark", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    outputs, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "stream":
            outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
        elif kind in ("execute_result", "display_data"):
            outputs.append({"output_type": kind, "data": content["data"]})
        elif kind == "error":
            outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"],
                            "traceback": content["traceback"]})
        elif kind == "status" and content["execution_state"] == "idle":
            return outputs
    raise TimeoutError(f"cell did not finish in {timeout:.0f} s: {code[:80]!r}")


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    cfg = configparser.ConfigParser()
    cfg.read(SANITIZE)
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


def comparable(outputs: list[dict], rules) -> list[tuple[str, str]]:
    """Text outputs as nbval compares them: streams merged, sanitized; a
    picture counts as 'image' (its bytes depend on the renderer)."""
    out: list[tuple[str, str]] = []
    for o in outputs:
        kind = o["output_type"]
        if kind == "stream":
            text = "".join(o["text"]) if isinstance(o["text"], list) else o["text"]
            if out and out[-1][0] == "stream:" + o["name"]:
                out[-1] = (out[-1][0], out[-1][1] + text)
            else:
                out.append(("stream:" + o["name"], text))
        elif kind == "error":
            out.append(("error", o["ename"]))
        elif any(k.startswith("image/") for k in o.get("data", {})):
            out.append(("image", ""))
        elif "application/vnd.jupyter.widget-view+json" in o.get("data", {}):
            out.append(("widget", ""))
        else:
            text = o.get("data", {}).get("text/plain", "")
            out.append((kind, "".join(text) if isinstance(text, list) else text))
    result = []
    for kind, text in out:
        for rx, repl in rules:
            text = rx.sub(repl, text)
        result.append((kind, text))
    return result


def run_notebook(hub: Hub, name: str, token: str, notebook: str) -> dict:
    """Execute every code cell of the learner's copy of `notebook` in a new
    kernel of their server; compare outputs with the committed ones.
    Returns timings, mismatches and the open websocket (kernel left running)."""
    status, model = hub.request("GET", f"/user/{name}/api/contents/{urllib.parse.quote(notebook)}?content=1",
                                token=token)
    if status != 200:
        raise RuntimeError(f"{name}: {notebook} is not in the learner's files ({status})")
    cells = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
    rules = _sanitizers()
    kernel_id, ws = start_kernel(hub, name, token)
    first_ok = None
    mismatches = []
    for i, cell in enumerate(cells):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        got = comparable(execute(ws, source), rules)
        if first_ok is None and not any(k == "error" for k, _ in got):
            first_ok = time.monotonic()
        want = comparable(cell.get("outputs", []), rules)
        if got != want:
            mismatches.append({"cell": i, "want": want, "got": got})
    return {"kernel": kernel_id, "ws": ws, "first_ok": first_ok, "cells": len(cells),
            "mismatches": mismatches, "done": time.monotonic()}


# -- isolation ----------------------------------------------------------------------
PROBE = """
import socket
def probe(host, port):
    try:
        socket.create_connection((host, port), timeout=3).close()
        return "open"
    except OSError as e:
        return type(e).__name__
print(probe({other_ip!r}, 8888), probe({other_name!r}, 8888), probe("hub", 8081))
"""


def docker(*args: str) -> str:
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True).stdout


def check_isolation(hub: Hub, prefix: str, a: str, a_token: str, b: str) -> dict:
    """a and b are running learners. Returns {check: (ok, detail)}."""
    checks = {}
    kernel_id, a_ws = start_kernel(hub, a, a_token)
    status, _ = hub.request("GET", f"/user/{b}/api/contents", token=a_token)
    checks["a's token on b's server is refused (403)"] = (status == 403, status)
    status, _ = hub.request("GET", f"/user/{a}/api/contents", token=a_token)
    checks["a's token on a's own server works (200)"] = (status == 200, status)
    b_ip = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
                  f"{prefix}-{b}").split()[0]
    out = "".join(o.get("text", "") for o in execute(a_ws, PROBE.format(other_ip=b_ip, other_name=f"{prefix}-{b}"))
                  if o["output_type"] == "stream").split()
    checks["a's kernel cannot connect to b's container (by address, by name)"] = (
        len(out) == 3 and out[0] != "open" and out[1] != "open", out[:2])
    checks["a's kernel reaches the hub (control)"] = (len(out) == 3 and out[2] == "open", out[2:])
    a_ws.close()
    hub.request("DELETE", f"/user/{a}/api/kernels/{kernel_id}", token=a_token)
    for who in (a, b):
        mounts = json.loads(docker("inspect", "-f", "{{json .Mounts}}", f"{prefix}-{who}"))
        own = [(m["Type"], m.get("Name"), m["Destination"]) for m in mounts]
        checks[f"{who}'s container mounts only its own volume"] = (
            own == [("volume", f"{prefix}-home-{who}", "/workspace/my-notebooks")], own)
    return checks


def cpu_seconds(container: str) -> float | None:
    """CPU time a container has used so far (its cgroup; None where this
    machine's cgroup layout is not one of the two Docker uses)."""
    try:
        cid = docker("inspect", "-f", "{{.Id}}", container).strip()
    except subprocess.CalledProcessError:
        return None
    v1 = Path(f"/sys/fs/cgroup/cpuacct/docker/{cid}/cpuacct.usage")
    if v1.exists():
        return int(v1.read_text()) / 1e9
    for v2 in (Path(f"/sys/fs/cgroup/system.slice/docker-{cid}.scope/cpu.stat"),
               Path(f"/sys/fs/cgroup/docker/{cid}/cpu.stat")):
        if v2.exists():
            usage = dict(line.split() for line in v2.read_text().splitlines())
            return int(usage["usage_usec"]) / 1e6
    return None


def overhead_cpu_seconds() -> dict[str, float]:
    """CPU time used so far by the hub's container and the Docker engine
    (dockerd, containerd), where this machine shows them."""
    out = {}
    hub = docker("ps", "-q", "--filter", "label=com.docker.compose.service=hub",
                 "--filter", "ancestor=" + os.environ.get("HUB_IMAGE", "tensor-course-hub:latest")).split()
    if len(hub) == 1 and (s := cpu_seconds(hub[0])) is not None:
        out["hub"] = s
    tick = os.sysconf("SC_CLK_TCK")
    for name in ("dockerd", "containerd"):
        pids = subprocess.run(["pidof", name], capture_output=True, text=True).stdout.split()
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        if pids:
            out[name] = total
    return out


def memory_mib(prefix: str, names: list[str]) -> dict[str, float]:
    wanted = {f"{prefix}-{n}": n for n in names}
    if not wanted:
        return {}
    out = docker("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}", *wanted)
    units = {"B": 1 / 2**20, "KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "kB": 1e3 / 2**20, "MB": 1e6 / 2**20,
             "GB": 1e9 / 2**20}
    result = {}
    for line in out.splitlines():
        cname, usage = line.split(" ", 1)
        m = re.match(r"([\d.]+)\s*([A-Za-z]+)", usage)
        if m and cname in wanted:
            result[wanted[cname]] = float(m.group(1)) * units[m.group(2)]
    return result


def remove_learners(hub: Hub, prefix: str, names: list[str]) -> None:
    def one(name):
        hub.api("DELETE", f"/users/{name}/server", timeout=120)
        for _ in range(120):
            status, user = hub.api("GET", f"/users/{name}")
            if status != 200 or not (user.get("servers") or {}):
                break
            time.sleep(0.5)
        hub.api("DELETE", f"/users/{name}")
        subprocess.run(["docker", "volume", "rm", "-f", f"{prefix}-home-{name}"], capture_output=True)
    with cf.ThreadPoolExecutor(max_workers=len(names) or 1) as pool:
        list(pool.map(one, names))


# -- the run -------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def learner_run(hub: Hub, name: str, notebook: str, t_start: float, prefix: str) -> dict:
    r = {"name": name}
    try:
        r["spawn"] = spawn(hub, name)
        r["cpu_at_ready"] = cpu_seconds(f"{prefix}-{name}")
        r["token"] = learner_token(hub, name)
        nb = run_notebook(hub, name, r["token"], notebook)
        r.update(nb)
        r["kernel_ok_after"] = nb["first_ok"] - t_start if nb["first_ok"] else None
        r["notebook_s"] = nb["done"] - t_start
        r["cpu_at_end"] = cpu_seconds(f"{prefix}-{name}")
        if nb["mismatches"]:
            r["error"] = f"{len(nb['mismatches'])} cell(s) differ, first: {nb['mismatches'][0]}"
    except Exception as e:  # reported, counted as a failure
        r["error"] = f"{type(e).__name__}: {e}"
    return r


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=20, help="number of learners (default 20)")
    parser.add_argument("--hub", default="http://127.0.0.1:8000")
    parser.add_argument("--token", default=os.environ.get("HUB_TOKEN"), help="admin token (course-hub-token)")
    parser.add_argument("--prefix", default="tcourse-classroom", help="the hub's HUB_PREFIX")
    parser.add_argument("--notebook", default="07-backpropagation.ipynb")
    parser.add_argument("--keep", action="store_true", help="leave the learners running")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("--token (or HUB_TOKEN) is required: docker compose exec hub course-hub-token")
    hub = Hub(args.hub, args.token)
    # letters and digits only: DockerSpawner escapes anything else in container names
    names = [f"bench{i:02d}" for i in range(1, args.n + 1)]
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    others = len(docker("ps", "-q").split())
    print(f"hub {args.hub}, {args.n} learners, notebook {args.notebook}; load average before: "
          f"{' '.join(load_before)} ({os.cpu_count()} CPUs, {others} containers running)")
    create_learners(hub, names)
    overhead_before = overhead_cpu_seconds()
    t_start = time.monotonic()
    try:
        with cf.ThreadPoolExecutor(max_workers=args.n) as pool:
            results = list(pool.map(lambda n: learner_run(hub, n, args.notebook, t_start, args.prefix), names))
        t_all = time.monotonic() - t_start
        overhead_after = overhead_cpu_seconds()
        load_peak = Path("/proc/loadavg").read_text().split()[:3]
        ok = [r for r in results if "error" not in r]
        mem = memory_mib(args.prefix, [r["name"] for r in ok])
        iso = {}
        if len(ok) >= 2:
            try:
                iso = check_isolation(hub, args.prefix, ok[0]["name"], ok[0]["token"], ok[1]["name"])
            except Exception as e:
                iso = {"isolation checks ran": (False, f"{type(e).__name__}: {e}")}
        for r in results:
            if r.get("ws"):
                r["ws"].close()
    finally:
        if not args.keep:
            remove_learners(hub, args.prefix, names)

    spawns = [r["spawn"] for r in results if "spawn" in r]
    kernels = [r["kernel_ok_after"] for r in ok if r.get("kernel_ok_after") is not None]
    print(f"\nlearners working: {len(ok)}/{args.n}   (every code cell of {args.notebook} run, outputs as committed)")
    if spawns:
        print(f"spawn time: p50 {pct(spawns, 50):.1f} s, p95 {pct(spawns, 95):.1f} s, max {max(spawns):.1f} s")
    if kernels and len(kernels) == args.n:
        print(f"every learner had a working kernel after {max(kernels):.1f} s "
              f"(first {min(kernels):.1f} s); all notebooks done after {t_all:.1f} s")
    if mem:
        values = list(mem.values())
        print(f"memory per learner (server + kernel, after the notebook): mean {statistics.mean(values):.0f} MiB, "
              f"max {max(values):.0f} MiB, total {sum(values) / 1024:.2f} GiB")
    starts = [r["cpu_at_ready"] for r in ok if r.get("cpu_at_ready") is not None]
    ends = [r["cpu_at_end"] for r in ok if r.get("cpu_at_end") is not None]
    if starts and ends:
        print(f"CPU per learner: server start {statistics.mean(starts):.2f} s, with the kernel and the "
              f"notebook {statistics.mean(ends):.2f} s (mean; all {args.n}: {sum(ends):.0f} CPU-s "
              f"on {os.cpu_count()} cores)")
    overhead = {k: overhead_after[k] - overhead_before[k] for k in overhead_after if k in overhead_before}
    if overhead:
        print("CPU outside the learners' containers during the run: " +
              ", ".join(f"{k} {v:.0f} s" for k, v in overhead.items()))
    if ends and overhead:
        demand = sum(ends) + sum(overhead.values())
        print(f"so the run needs {demand:.0f} CPU-s: at least {demand / os.cpu_count():.0f} s on "
              f"{os.cpu_count()} otherwise idle cores")
    print(f"load average at the end of the run: {' '.join(load_peak)}")
    for check, (passed, detail) in iso.items():
        print(f"isolation: {'ok  ' if passed else 'FAIL'} {check}: {detail}")
    failures = [r for r in results if "error" in r]
    for r in failures:
        print(f"FAILED {r['name']}: {r['error'][:500]}")
    bar = (len(ok) == args.n and spawns and pct(spawns, 95) < 30 and iso and all(p for p, _ in iso.values()))
    print(f"\nbar (all {args.n} working, p95 spawn < 30 s, isolation holds): {'met' if bar else 'NOT met'}")
    return 0 if bar else 1


if __name__ == "__main__":
    sys.exit(main())
