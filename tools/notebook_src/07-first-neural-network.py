# %% [markdown]
# # A first neural network with Keras
#
# Time for a real data set and a real network. We teach a small network to tell a shirt
# from a sneaker, with Keras, the high-level API of `tf.keras`: a few lines to build the
# model, one to train it, one to test it.
#
# **What you will learn**
# - loading Fashion-MNIST: 70,000 small grayscale pictures of clothes, stored offline
# - building a network with `tf.keras.Sequential`:
#   `Flatten` → `Dense(512, relu)` → `Dropout(0.2)` → `Dense(10, softmax)`
# - what each layer computes, and the loss that compares probabilities with labels
# - `compile`, `fit` and `evaluate`, and how to read the training log
# - looking at predictions as images, and logging the training for TensorBoard
# - what `fit` does inside: the same training as a loop of your own, with a subclassed
#   `tf.keras.Model` and a `tf.function` training step

# %%
%config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# Same random numbers on every run: initial weights, dropout masks, shuffling.
tf.keras.utils.set_random_seed(7)  # seeds Python's random, NumPy and the engine at once

# The project's logs/ folder (next to notebooks/) is the one TensorBoard watches.
LOG_DIR = Path("../logs/fit/07-fashion-mnist")
shutil.rmtree(LOG_DIR, ignore_errors=True)  # a clean run every time

# %% [markdown]
# ## The data
#
# Fashion-MNIST comes with the course image (the Debian package `dataset-fashion-mnist`),
# so nothing is downloaded. `load_data` returns NumPy arrays: 60,000 training images and
# 10,000 test images, each $28 \times 28$ pixels with values $0$ to $255$, and one label
# $0$ to $9$ per image.

# %%
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
# Online? The classic handwritten digits have the same shapes; swap the line above for:
# (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
print("train:", x_train.shape, x_train.dtype, y_train.shape)
print("test: ", x_test.shape, x_test.dtype, y_test.shape)

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

# %%
fig, axes = plt.subplots(2, 8, figsize=(10, 3))
for ax, image, label in zip(axes.flat, x_train, y_train):
    ax.imshow(image, cmap="gray_r")
    ax.set_title(class_names[label], fontsize=8)
    ax.axis("off")
plt.show()

# %% [markdown]
# Networks learn best from small numbers, so we scale the pixels to $[0, 1]$. And to keep
# this notebook quick, we train on the first 10,000 training images only; the test set
# stays complete.

# %%
x_train, x_test = x_train / 255.0, x_test / 255.0
x_small, y_small = x_train[:10_000], y_train[:10_000]
print(x_small.shape, f"pixels from {x_small.min():.1f} to {x_small.max():.1f}")
print("images per class:", np.bincount(y_small))

# %% [markdown]
# ## The model
#
# A `Sequential` model is a stack of layers; each one transforms the output of the one
# before. For an image $x$ (flattened to $784 = 28 \cdot 28$ numbers):
#
# $$
# h = \operatorname{relu}(W_1 x + b_1), \qquad
# p = \operatorname{softmax}(W_2 h + b_2), \qquad
# \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}} .
# $$
#
# - `Flatten` turns the $28 \times 28$ image into a vector of 784 numbers.
# - `Dense(512, activation="relu")` is $h$: 512 units, each a weighted sum of all pixels
#   plus a bias, negative results set to zero.
# - `Dropout(0.2)` sets a random 20% of $h$ to zero *during training only* (and scales
#   the rest up by $1/0.8$), so the network cannot lean on any single unit.
# - `Dense(10, activation="softmax")` is $p$: ten positive numbers that add up to 1, one
#   probability per class.

# %%
model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(512, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.summary()

# %% [markdown]
# The parameter counts are weights plus biases: the first `Dense` layer has
# $784 \cdot 512 + 512 = 401{,}920$, the second $512 \cdot 10 + 10 = 5{,}130$.
#
# Untrained, the model already answers, just not well: it spreads its belief over the
# classes, roughly $1/10$ each.

# %%
probabilities = model(x_test[:1]).numpy()
print(probabilities.round(2), " sum:", round(float(probabilities.sum()), 3))

# %% [markdown]
# ## Loss, optimizer, metric: `compile`
#
# The loss compares the predicted probabilities with the true label $y$. *Cross-entropy*
# is minus the log of the probability given to the right class:
#
# $$ L = -\log p_y . $$
#
# It is $0$ for a confident right answer and large for a confident wrong one; guessing
# $1/10$ everywhere gives $\ln 10 \approx 2.30$. "Sparse" means the labels are class
# numbers ($0$ to $9$), not one-hot vectors. The optimizer `adam` is gradient descent
# with a step size tuned per weight, and `accuracy` is the share of images whose most
# likely class is the right one.

# %%
model.compile(optimizer="adam",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

# %% [markdown]
# ## Training: `fit`
#
# `fit` cuts the data into batches of 32 images, and for each batch computes the loss,
# its gradients (with a GradientTape, as in the earlier notebooks) and one optimizer
# step. One pass over all batches is an *epoch*. The `TensorBoard` callback writes the
# loss and accuracy of every epoch, and histograms of the weights, to `logs/fit/`.
#
# With `verbose=2` Keras prints one line per epoch: batches done, the time it took (this
# part differs from run to run and machine to machine), and the training loss and
# accuracy averaged over the epoch.

# %%
tensorboard = tf.keras.callbacks.TensorBoard(log_dir=LOG_DIR, histogram_freq=1)
history = model.fit(x_small, y_small, epochs=2, verbose=2, callbacks=[tensorboard])

# %% [markdown]
# `fit` returns a `History`; its `.history` holds the numbers of the log, per epoch:

# %%
for name, values in history.history.items():
    print(f"{name:>8}:", [round(v, 4) for v in values])

# %% [markdown]
# ## Testing: `evaluate`
#
# The real question is how the model does on images it has never seen. `evaluate` runs
# the 10,000 test images through it (dropout is off outside training) and returns the
# loss and the metrics.

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss {test_loss:.4f}   test accuracy {test_accuracy:.4f}")

# %% [markdown]
# More data and more epochs help: trained on all 60,000 images for 5 epochs, this same
# model reaches about 88% test accuracy (we measured 0.880 with this engine, 0.874 with
# TensorFlow). Try it with `model.fit(x_train, y_train, epochs=5, verbose=2)`; it takes a
# few minutes. Guessing at random would reach 10%.

# %% [markdown]
# ## Looking at predictions
#
# `predict` returns the probabilities as a NumPy array, one row per image. The predicted
# class is the position of the largest one, `np.argmax(..., axis=1)`.

# %%
probabilities = model.predict(x_test, verbose=0)
predicted = np.argmax(probabilities, axis=1)
print(probabilities.shape)
print("predicted:", predicted[:12])
print("true:     ", y_test[:12])

# %% [markdown]
# Pictures say more. The top row shows the first six test images; the bottom row shows
# the first six the model gets wrong (titles in red), with the probability it gave to its
# guess.

# %%
mistakes = np.flatnonzero(predicted != y_test)
print(f"{len(mistakes)} mistakes in {len(y_test)} test images")

fig, axes = plt.subplots(2, 6, figsize=(11, 4.6))
for ax, i in zip(axes.flat, [*range(6), *mistakes[:6]]):
    guess, truth = predicted[i], y_test[i]
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(f"{class_names[guess]} {probabilities[i, guess]:.0%}\n(true: {class_names[truth]})",
                 fontsize=8, color="tab:green" if guess == truth else "tab:red")
    ax.axis("off")
fig.tight_layout()
plt.show()

# %% [markdown]
# Most mistakes are between classes that look alike: shirts, T-shirts, pullovers and
# coats, or sandals, sneakers and ankle boots.

# %% [markdown]
# ## The training in TensorBoard
#
# The callback wrote event files under `logs/fit/07-fashion-mnist/` in the project folder:

# %%
print(sorted(p.name for p in LOG_DIR.iterdir()))

# %% [markdown]
# Open the course's TensorBoard at **http://127.0.0.1:6006** (it watches `logs/` and
# rereads it every few seconds) and pick the run `fit/07-fashion-mnist/train`:
#
# - **Scalars**: `epoch_loss` and `epoch_accuracy`, one point per epoch;
# - **Histograms** and **Distributions**: how the weights of each layer spread, per epoch
#   (because of `histogram_freq=1`).
#
# Notebook 08 shows how to write such logs yourself with `tf.summary`.

# %% [markdown]
# ## Under the hood of `fit`: a training loop of your own
#
# `fit` is a loop over batches. Writing that loop yourself is TensorFlow 2's "expert"
# style: you see every step, and can change any of them. Three pieces:
#
# - the model as a **subclass** of `tf.keras.Model`: layers made in `__init__`, used in
#   `call` (the `training` flag switches dropout on and off);
# - a **training step** under `tf.function`: forward pass on a GradientTape, loss,
#   gradients, one optimizer step, and the metrics updated. Traced once, it then runs as
#   a graph (notebook 04);
# - **metrics** that keep running averages: `reset_state()` at the start of each epoch,
#   `result()` at the end.

# %%
class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.hidden = tf.keras.layers.Dense(512, activation="relu")
        self.dropout = tf.keras.layers.Dropout(0.2)
        self.scores = tf.keras.layers.Dense(10)  # no softmax: the loss takes the scores

    def call(self, images, training=False):
        x = self.hidden(self.flatten(images))
        return self.scores(self.dropout(x, training=training))


classifier = Classifier()
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
train_loss = tf.keras.metrics.Mean(name="train_loss")
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        scores = classifier(images, training=True)
        loss = loss_fn(labels, scores)
    gradients = tape.gradient(loss, classifier.trainable_variables)
    optimizer.apply_gradients(zip(gradients, classifier.trainable_variables))
    train_loss(loss)                  # calling a metric updates it
    train_accuracy(labels, scores)

# %% [markdown]
# The loop: shuffle, cut into batches of 32, one `train_step` per batch.
# `from_logits=True` tells the loss that the model gives raw scores, not probabilities;
# it applies the softmax itself, more accurately.

# %%
images = x_small.astype(np.float32)
rng = np.random.default_rng(0)
for epoch in range(2):
    train_loss.reset_state()
    train_accuracy.reset_state()
    order = rng.permutation(len(images))
    for start in range(0, len(images), 32):
        batch = order[start:start + 32]
        train_step(images[batch], y_small[batch])
    print(f"epoch {epoch + 1}: loss {train_loss.result():.4f}, "
          f"accuracy {train_accuracy.result():.4f}")

test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
test_accuracy(y_test, classifier(x_test.astype(np.float32)))
print(f"test accuracy {test_accuracy.result():.4f}")
print("train_step was traced", train_step.experimental_get_tracing_count(), "times")

# %% [markdown]
# About the same numbers as `fit` gave above: it is the same computation. And `train_step`
# was traced only twice for 626 calls: once for batches of 32 images, once for the last
# batch of each epoch, which holds 10,000 mod 32 = 16.

# %% [markdown]
# ## Exercises
#
# **07.1** How many parameters (weights and biases) does `Dense(128)` have when its input
# is a flattened $28 \times 28$ image?

# %%
answer = ...
check("07.1", answer)

# %% [markdown]
# **07.2** Write `predicted_labels(probabilities)`: given a NumPy array of shape
# `(n, classes)` from `model.predict`, return the predicted class of each row as integers,
# shape `(n,)`.

# %%
def predicted_labels(probabilities):
    return ...  # your code here


check("07.2", predicted_labels)

# %% [markdown]
# **07.3** Write `build_model()` returning a smaller network for the same images:
# `Input(shape=(28, 28))` → `Flatten` → `Dense(128, relu)` → `Dense(10, softmax)`, without
# dropout. (No need to compile or train it.)

# %%
def build_model():
    return ...  # your code here


check("07.3", build_model)
