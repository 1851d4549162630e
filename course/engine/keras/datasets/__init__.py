"""`tf.keras.datasets`: MNIST, Fashion-MNIST and CIFAR-10, with Keras's shapes and dtypes.

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    >>> x_train.shape, x_train.dtype, y_train.dtype
    ((60000, 28, 28), dtype('uint8'), dtype('uint8'))

Where the files come from, in order: Debian's `dataset-fashion-mnist`
package (/usr/share/datasets/fashion-mnist, installed in the course image),
the Keras cache folder (`~/.keras/datasets`, or `$KERAS_HOME/datasets`),
then a download from Keras's official location, checked against a SHA-256
checksum. Offline with nothing found, the error says what to install.
"""
from . import cifar10, fashion_mnist, mnist
from .files import get_file  # noqa: F401 - (tf.keras.utils.get_file)

__all__ = ["mnist", "fashion_mnist", "cifar10"]  # (get_file is tf.keras.utils.get_file)


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.datasets", __name__, name)
