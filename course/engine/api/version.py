"""`tf.version`: which TensorFlow this engine mirrors, and that it is this engine.

`tf.__version__` is "2.21.0+course.engine": TensorFlow 2.21's API, implemented
by course.engine (a PEP 440 local version: `packaging.version.Version` reads it
as 2.21.0, so version checks written for TF 2.21 pass).
"""
import platform as _platform

VERSION = "2.21.0+course.engine"
GIT_VERSION = "course.engine"  # no TensorFlow build: this is the engine
COMPILER_VERSION = _platform.python_compiler()

__all__ = ["VERSION", "GIT_VERSION", "COMPILER_VERSION"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("version", __name__, name)
