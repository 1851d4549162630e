"""The differential tests run where TensorFlow is: test.sh's step 4 runs the files named
tests/**/test_against_tensorflow*.py in the TensorFlow image, and step 2 skips them in the
course image. A module that needs TensorFlow under another name would be skipped in both
(its importorskip), so CI would never run it: this test names such files."""
from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
NEEDS_TF = re.compile(r"""importorskip\(["']tensorflow["']\)|from \.tf_compare import|"""
                      r"""^import tensorflow\b""", re.M)


def test_every_module_that_needs_tensorflow_is_named_for_the_differential_step():
    misnamed = sorted(str(p.relative_to(TESTS)) for p in TESTS.rglob("test_*.py")
                      if NEEDS_TF.search(p.read_text(encoding="utf-8"))
                      and not p.name.startswith("test_against_tensorflow"))
    assert not misnamed, f"rename to test_against_tensorflow_*.py (test.sh runs only those " \
                         f"with TensorFlow): {misnamed}"
