"""Every locked dependency can be installed on ARM64 (wheels only)."""
from __future__ import annotations

import os
import re

from conftest import ARTIFACTS, IMAGE, PROJECT, run


def test_every_locked_dependency_has_an_arm64_wheel(tmp_path):
    pyver = run(["docker", "run", "--rm", "--entrypoint", "/opt/venv/bin/python", IMAGE, "-c",
                 "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"]).stdout.strip()
    assert re.fullmatch(r"3\.\d+", pyver), pyver
    platforms = ["manylinux2014_aarch64"] + [f"manylinux_2_{m}_aarch64" for m in (17, 28, 31, 34, 36, 39, 41)]
    cmd = ["python3", "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
           "--python-version", pyver, "--implementation", "cp",
           "--dest", str(tmp_path), "-r", str(PROJECT / "requirements.lock")]
    for p in platforms:
        cmd += ["--platform", p]
    proc = run(cmd, timeout=1200, check=False, env=dict(os.environ, PIP_PROGRESS_BAR="off"))
    assert proc.returncode == 0, proc.stdout[-4000:]
    pinned = [l.split("==")[0].lower().replace("_", "-") for l in
              (PROJECT / "requirements.lock").read_text().splitlines() if re.match(r"^[A-Za-z0-9]", l)]
    wheels = list(tmp_path.glob("*.whl"))
    assert len(wheels) == len(pinned), (len(wheels), len(pinned))
    (ARTIFACTS / "arm64-wheels.txt").write_text("\n".join(sorted(w.name for w in wheels)) + "\n")
