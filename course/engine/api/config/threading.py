"""`tf.config.threading`: intra-op threads are the BLAS library's; inter-op is recorded only."""
from ...devices import (get_inter_op_parallelism_threads, get_intra_op_parallelism_threads,
                        set_inter_op_parallelism_threads, set_intra_op_parallelism_threads)

__all__ = ["get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
           "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads"]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("config.threading", __name__, name)
