"""The course's first model on the real Fashion-MNIST (Debian's dataset-fashion-mnist)."""
import os

import pytest

import course.engine as tf
from course.engine.keras.datasets import fashion_mnist


@pytest.mark.slow
def test_classic_model_reaches_85_percent_in_5_epochs():
    folder = fashion_mnist.LOCAL_DIRS[0]
    missing = [f for f in fashion_mnist.FILES if not os.path.exists(os.path.join(folder, f))]
    assert not missing, (f"Fashion-MNIST files {missing} are not in {folder}: install Debian's "
                         "package (apt-get install dataset-fashion-mnist), as the course image does.")
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    x_train, x_test = x_train / 255.0, x_test / 255.0
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.models.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation="relu"),
        tf.keras.layers.Dropout(0.2),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=5, verbose=0)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy after 5 epochs: {accuracy:.4f} (loss {loss:.4f})")
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert accuracy >= 0.85
