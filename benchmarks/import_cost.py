"""How much does `import course.engine` add on top of `import numpy`?

Each measurement runs in a fresh interpreter (nothing cached in sys.modules),
timed from inside the child with perf_counter, so interpreter start-up is left
out. We report the median of several runs of each:

    python benchmarks/import_cost.py            # 7 runs each
    python benchmarks/import_cost.py --runs 15

The bar (issue 2) is an extra 0.15 s at most; the script prints PASS or FAIL
and exits 1 on FAIL, but it is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

BAR_SECONDS = 0.15

_CHILD = """
import time
t0 = time.perf_counter()
{imports}
print(time.perf_counter() - t0)
"""


def time_import(imports: str, runs: int) -> list[float]:
    """Seconds to run `imports` in each of `runs` fresh interpreters."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _CHILD.format(imports=imports)],
                             capture_output=True, text=True, check=True, env=env)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per variant (>= 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    time_import("import numpy; import course.engine", 1)  # warm the .pyc cache once
    numpy_only = time_import("import numpy", runs)
    with_engine = time_import("import numpy; import course.engine", runs)
    base, full = statistics.median(numpy_only), statistics.median(with_engine)
    extra = full - base
    for label, times in (("import numpy", numpy_only),
                         ("import numpy; import course.engine", with_engine)):
        print(f"{label:<36} median {statistics.median(times) * 1000:7.1f} ms  "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={runs})")
    print(f"{'engine import cost':<36}        {extra * 1000:7.1f} ms  "
          f"(ratio {full / base:.2f}x numpy alone; bar {BAR_SECONDS * 1000:.0f} ms)")
    ok = extra <= BAR_SECONDS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
