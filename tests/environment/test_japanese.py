"""COURSE_LANG=ja in .env: the learner gets the Japanese notebooks (my-notebooks/ja/, copied
from notebooks/ja/), JupyterLab opens there with its menus in Japanese, kernels started
there answer in Japanese, and course-refresh works on those notebooks. (The browser's view
of it is in test_browser.py.)"""
from __future__ import annotations

import json
import time
import uuid

from conftest import IMAGE, PROJECT, TEST_LABEL, PREFIX, URL_RE, http, run

JA_NAMES = sorted(p.name for p in (PROJECT / "notebooks" / "ja").glob("*.ipynb"))
EN_NAMES = sorted(p.name for p in (PROJECT / "notebooks").glob("*.ipynb"))


def test_the_japanese_notebooks_are_copied_and_only_those(ja_stack):
    mine = ja_stack.dir / "my-notebooks"
    assert sorted(p.name for p in (mine / "ja").glob("*.ipynb")) == JA_NAMES
    assert not list(mine.glob("*.ipynb")), "COURSE_LANG=ja copies no English notebook"
    for name in JA_NAMES:
        assert (mine / "ja" / name).read_bytes() == \
            (ja_stack.dir / "notebooks" / "ja" / name).read_bytes()
        assert (mine / "ja" / name).stat().st_uid == ja_stack.uid
    # ../logs, ../checkpoints, ../saved_models from my-notebooks/ja/ are the project's folders
    for folder in ("logs", "checkpoints", "saved_models"):
        assert (mine / folder).is_symlink() and str((mine / folder).readlink()) == f"../{folder}"


def test_the_english_stack_gets_no_japanese_folder(main_stack):
    mine = main_stack.dir / "my-notebooks"
    assert sorted(p.name for p in mine.glob("*.ipynb")) == EN_NAMES
    assert not (mine / "ja").exists()


def test_lab_opens_in_ja_with_japanese_menus(ja_stack):
    status, body = http(ja_stack.base + "/lab", token=ja_stack.token)
    assert status == 200, body[:300]
    config = json.loads(body.split(b'id="jupyter-config-data"', 1)[1]
                        .split(b">", 1)[1].split(b"</script>", 1)[0])
    assert config["preferredPath"].strip("/") == "ja", config.get("preferredPath")
    status, body = http(ja_stack.base + "/lab/api/settings/@jupyterlab/translation-extension:plugin",
                        token=ja_stack.token)
    assert status == 200, body[:300]
    # the default the image sets for COURSE_LANG=ja (the learner's own choice would win)
    assert json.loads(body)["schema"]["properties"]["locale"]["default"] == "ja_JP", body[:300]
    status, body = http(ja_stack.base + "/lab/api/translations/ja_JP", token=ja_stack.token)
    assert status == 200, body[:300]
    assert "ファイル" in json.dumps(json.loads(body)["data"], ensure_ascii=False)


def test_a_kernel_started_in_ja_answers_in_japanese(ja_stack):
    out = ja_stack.exec("bash", "-c", "cd my-notebooks/ja && python -c 'from course.i18n import tr;"
                        " print(tr(\"step\"))'").stdout
    assert out.strip() == "ステップ", out
    out = ja_stack.exec("bash", "-c", "cd my-notebooks && python -c 'from course.i18n import tr;"
                        " print(tr(\"step\"))'").stdout
    assert out.strip() == "step", out


def test_course_refresh_works_on_the_japanese_notebooks(ja_stack):
    mine = ja_stack.dir / "my-notebooks" / "ja" / JA_NAMES[0]
    mine.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    listing = ja_stack.exec("course-refresh", "--list").stdout
    assert f"ja/{JA_NAMES[0]}" in listing and "yours differs" in listing, listing
    out = ja_stack.exec("course-refresh", JA_NAMES[0]).stdout
    assert f"refreshed my-notebooks/ja/{JA_NAMES[0]}" in out, out
    assert mine.read_bytes() == (ja_stack.dir / "notebooks" / "ja" / JA_NAMES[0]).read_bytes()
    assert mine.stat().st_uid == ja_stack.uid


def test_an_unknown_course_lang_is_refused_with_a_clear_message():
    name = f"{PREFIX}-lang-{uuid.uuid4().hex[:8]}"
    run(["docker", "run", "-d", "--name", name, "--label", TEST_LABEL, "-e", "COURSE_LANG=jp",
         IMAGE])
    try:
        deadline = time.monotonic() + 60
        while json.loads(run(["docker", "inspect", "-f", "{{json .State}}", name]).stdout)["Running"]:
            assert time.monotonic() < deadline, "start-lab kept running with COURSE_LANG=jp"
            time.sleep(0.5)
        state = json.loads(run(["docker", "inspect", "-f", "{{json .State}}", name]).stdout)
        logs = run(["docker", "logs", name]).stdout
    finally:
        run(["docker", "rm", "-f", name], check=False)
    assert state["ExitCode"] == 2, logs
    assert "COURSE_LANG=jp (in .env) is not a language of the course: use en or ja" in logs, logs
    assert not URL_RE.search(logs)
