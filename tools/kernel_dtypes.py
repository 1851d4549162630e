"""Which dtypes each engine op accepts, beside the dtypes TF's CPU kernels take.

Every op in `course/engine/ops/` declares `dtypes=`: the dtypes its first input
may have (TF's allowed list for that input). This script asks a real
TensorFlow which CPU kernels are registered for the same op-type name and
prints the ops where the two lists disagree, restricted to the dtypes the
engine has (or to those named with --only). Nothing is stored: run it with
TensorFlow whenever an op's list changes.

    PYTHONPATH=$PWD /opt/tfref/bin/python tools/kernel_dtypes.py --only uint16,uint32,uint64

An op TF lacks (the engine's own helpers) is skipped; so is an op whose first
input has a fixed dtype. A kernel registered without a constraint on that
input's type attribute takes every dtype the op's definition allows; no kernel takes a dtype
the definition leaves out.

Only the first input is compared, as the engine checks only its first input's
dtype (execute.py): an op whose values come after integer indices (SparseAdd,
SparseTensorDenseMatMul, SparseToDense) checks the values' dtype in its
public function instead, which this script does not see.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def tf_cpu_dtypes(op_name: str) -> set[str] | None:
    """The dtype names TF's CPU kernels of `op_name` take for its first input, or None."""
    import tensorflow as tf
    from tensorflow.python.framework import kernels, op_def_registry

    op_def = op_def_registry.get(op_name)
    if op_def is None or not op_def.input_arg:
        return None
    arg = op_def.input_arg[0]
    attr = arg.type_attr or arg.type_list_attr
    if not attr:
        return None  # a fixed dtype (a resource handle, a string, ...)
    declared = next(a for a in op_def.attr if a.name == attr)
    allowed = {tf.as_dtype(t).name for t in declared.allowed_values.list.type}
    found: set[str] = set()
    for kernel in kernels.get_registered_kernels_for_op(op_name).kernel:
        if kernel.device_type not in ("CPU", "DEFAULT"):
            continue
        limits = [c for c in kernel.constraint if c.name == attr]
        if not limits:  # no constraint: every dtype the op allows (or all of them)
            return allowed or None
        found |= {tf.as_dtype(t).name for t in limits[0].allowed_values.list.type}
    # (a kernel may be registered for more dtypes than the op's definition lets through:
    # MaxPool's CPU kernel lists uint32, but MaxPool refuses uint32 before any kernel runs)
    return found & allowed if allowed else found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated dtype names to compare (default: all)")
    args = parser.parse_args()
    importlib.import_module("course.engine")  # (fills the op table)
    from course.engine import dtypes
    from course.engine.ops import REGISTRY

    engine_names = {d.name for d in dtypes.ALL_AND_STRING}
    only = set(args.only.split(",")) if args.only else engine_names
    for name in sorted(REGISTRY):
        tf_names = tf_cpu_dtypes(name)
        if tf_names is None:
            continue
        ours = {d.name for d in REGISTRY[name].allowed} & only
        theirs = tf_names & engine_names & only
        if ours != theirs:
            extra, missing = sorted(ours - theirs), sorted(theirs - ours)
            print(f"{name:32s} engine only: {', '.join(extra) or '-':30s} TF only: {', '.join(missing) or '-'}")


if __name__ == "__main__":
    main()
