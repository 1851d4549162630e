"""Random ops in tf.data functions, against TF 2.21 (rules: tf_compare.py).

The rule under test: TF instantiates a pipeline's functions anew for each new iterator, so a
seeded stateful random op in `map` or `filter` starts its stream again in every pass over the
dataset; within one pass (through a `repeat`) its numbers go on. Keras 3 draws `fit`'s shuffled
order this way (a one-element dataset whose map shuffles `tf.range(n)`).

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_data_seeds.py
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _passes(ds, n=2):
    return [[float(v) for v in ds] for _ in range(n)]


@cases("a seeded map draws the same numbers in each pass; a repeat inside one pass goes on",
       rtol=0)
def _(tf):
    tf.random.set_seed(0)
    return _passes(tf.data.Dataset.range(2).map(lambda x: tf.random.uniform([])).repeat(2))


@cases("an op seed alone, a normal draw, and a filter's predicate: the same rule", rtol=0)
def _(tf):
    tf.random.set_seed(4)
    op_seeded = _passes(tf.data.Dataset.range(3).map(lambda x: tf.random.uniform([], seed=3)))
    normal = _passes(tf.data.Dataset.range(3).map(lambda x: tf.random.normal([2])[0]))
    kept = [[int(v) for v in tf.data.Dataset.range(8).filter(lambda x: tf.random.uniform([]) > 0.5)]
            for _ in range(2)]
    return op_seeded, normal, kept


@cases("Keras's order: a one-element dataset shuffling tf.range(n), the same in each pass", rtol=0)
def _(tf):
    tf.random.set_seed(7)
    orders = tf.data.Dataset.range(1).map(lambda _: tf.random.shuffle(tf.range(50, dtype=tf.int64)))
    return [next(iter(orders)) for _ in range(2)]


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
