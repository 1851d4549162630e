"""`tf.distribute.experimental`: communication options and the central-storage strategy.

    >>> options = tf.distribute.experimental.CommunicationOptions(
    ...     implementation=tf.distribute.experimental.CommunicationImplementation.NCCL)
    >>> strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    >>> strategy.num_replicas_in_sync      # one worker (no TF_CONFIG), one CPU
    1

The options choose how workers talk to each other (TF's collective ops);
they change speed, never results, and this engine has one worker: they are
checked as TF checks them and kept. `MultiWorkerMirroredStrategy` itself
lives in strategy.py; this module also names it (TF's older alias).
"""
from __future__ import annotations

import enum

from .strategy import CentralStorageStrategy, MultiWorkerMirroredStrategy, ValueContext

__all__ = ["CommunicationImplementation", "CollectiveCommunication", "CommunicationOptions",
           "CentralStorageStrategy", "MultiWorkerMirroredStrategy", "ValueContext"]


class CommunicationImplementation(enum.Enum):
    """How collective ops move data. Mirrors `tf.distribute.experimental.CommunicationImplementation`.

    AUTO lets TF choose; RING is TF's own ring algorithm; NCCL is NVIDIA's
    library (GPUs only: on CPUs TF falls back to RING).
    """
    AUTO = "AUTO"
    RING = "RING"
    NCCL = "NCCL"


CollectiveCommunication = CommunicationImplementation  # TF's deprecated alias


class CommunicationOptions:
    """Options of cross-worker communication. Mirrors `tf.distribute.experimental.CommunicationOptions`.

    `bytes_per_pack`: group small tensors into packs of about this size (0:
    no packing); `timeout_seconds`: give up a collective after that long;
    `implementation`: a CommunicationImplementation or its name ("nccl").
    """

    def __init__(self, bytes_per_pack: int = 0, timeout_seconds: float | None = None,
                 implementation=CommunicationImplementation.AUTO):
        if bytes_per_pack < 0:
            raise ValueError(f"Argument `bytes_per_pack` must be >=0, Received {bytes_per_pack}.")
        if isinstance(implementation, str):  # TF accepts the name, in any case
            implementation = CommunicationImplementation(implementation.upper())
        if not isinstance(implementation, CommunicationImplementation):
            raise ValueError("Argument `implementation` must be instance of "
                             "`tf.distribute.experimental.CommunicationImplementation`.")
        self.bytes_per_pack = bytes_per_pack
        self.timeout_seconds = timeout_seconds
        self.implementation = implementation

    def __str__(self) -> str:
        # TF's layout, with its missing space after the first comma
        return (f"Options(bytes_per_pack={self.bytes_per_pack},timeout_seconds="
                f"{self.timeout_seconds}, implementation={self.implementation})")


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("distribute.experimental", __name__, name)
