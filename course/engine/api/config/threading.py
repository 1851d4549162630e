"""`tf.config.threading`: intra-op threads are the BLAS library's; inter-op is recorded only."""
from ...devices import (get_inter_op_parallelism_threads, get_intra_op_parallelism_threads,
                        set_inter_op_parallelism_threads, set_intra_op_parallelism_threads)

__all__ = ["get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
           "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads"]
