"""The VS Code devcontainer attaches to the compose project's `lab` service."""
from __future__ import annotations

import json
import re

from conftest import PROJECT, compose_env, run


def _jsonc(path):
    text = path.read_text()
    # strip // and /* */ comments outside strings, then trailing commas
    out, i, in_str = [], 0, False
    while i < len(text):
        ch = text[i]
        if in_str:
            out.append(ch)
            if ch == "\\":
                out.append(text[i + 1]); i += 1
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True; out.append(ch)
        elif text.startswith("//", i):
            i = text.find("\n", i); i = len(text) if i < 0 else i; continue
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2; continue
        else:
            out.append(ch)
        i += 1
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))


def test_devcontainer_json_matches_compose():
    dc = _jsonc(PROJECT / ".devcontainer" / "devcontainer.json")
    compose_files = dc["dockerComposeFile"]
    compose_files = [compose_files] if isinstance(compose_files, str) else compose_files
    assert compose_files == ["../docker-compose.yml"]
    cfg = json.loads(run(["docker", "compose", "config", "--format", "json"], cwd=PROJECT).stdout)
    assert cfg.get("name"), "compose file needs a top-level name:"
    service = cfg["services"][dc["service"]]
    assert dc["service"] == "lab"
    targets = [v["target"] for v in service["volumes"] if v.get("type") == "bind"]
    assert dc["workspaceFolder"] in targets
    published = {(name, int(p["target"])) for name, s in cfg["services"].items() for p in s.get("ports", [])}
    forwarded = {(p.split(":")[0], int(p.split(":")[1])) if isinstance(p, str) else (dc["service"], p)
                 for p in dc["forwardPorts"]}
    assert forwarded == {("lab", 8888), ("tensorboard", 6006)} <= published
    assert dc["shutdownAction"] == "none"
    assert "features" not in dc
    assert dc["remoteUser"] == "learner"
    vscode = dc["customizations"]["vscode"]
    assert {"ms-python.python", "ms-toolsai.jupyter"} <= set(vscode["extensions"])
    assert vscode["settings"]["python.defaultInterpreterPath"] == "/opt/venv/bin/python"


def _project_containers(stack):
    out = run(["docker", "ps", "-a", "-q", "--filter",
               f"label=com.docker.compose.project={stack.name}"]).stdout
    return sorted(out.split())


def _vsc_images() -> set[str]:
    out = run(["docker", "images", "--format", "{{.Repository}}:{{.Tag}}"]).stdout
    return {i for i in out.split() if i.startswith("vsc-")}


def test_devcontainer_reuses_the_lab_container(main_stack):
    before = _project_containers(main_stack)
    images_before = _vsc_images()
    lab_id = main_stack.container("lab")
    up = run(["devcontainer", "up", "--workspace-folder", str(main_stack.dir)],
             cwd=main_stack.dir, env=compose_env(), timeout=600)
    result = json.loads(up.stdout.strip().splitlines()[-1])
    assert result["outcome"] == "success", up.stdout
    assert lab_id.startswith(result["containerId"][:12]) or result["containerId"].startswith(lab_id)
    out = run(["devcontainer", "exec", "--workspace-folder", str(main_stack.dir),
               "python", "-c", "import course.engine, os; print('ok', os.getuid(), os.getcwd())"],
              cwd=main_stack.dir, env=compose_env(), timeout=300).stdout
    assert "ok 1000 /workspace" in out, out
    assert _project_containers(main_stack) == before, "devcontainer started another container"
    assert _vsc_images() == images_before, "devcontainer built an image of its own"
