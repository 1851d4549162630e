"""The nbval markers the notebooks may use, each with its reason.

nbval compares every output of every cell. A marker weakens that for one cell,
so each use is listed here: (notebook, marker) -> (number of uses, reason).
The structure test fails on a marker that is not listed, or listed but unused.
"""

ALLOWED_MARKERS = {
    ("14-troubleshooting.ipynb", "NBVAL_IGNORE_OUTPUT"): (
        2, "prints this machine's CPU flags and the container's memory limit/usage; "
           "the build leaves these outputs out of the committed notebook"),
}
