# %% [markdown]
# # Training and overfitting: what `fit` does
#
# Notebook 12 trained a network with one call to `fit`. This notebook opens that call:
# what a training step and an epoch are, why the data goes in mini-batches, how to write
# the same loop yourself, and how to tell whether a model is learning something that
# carries over to new data, or merely memorizing its training set.
#
# **What you will learn**
# - steps, batches and epochs; mini-batch versus full-batch gradient descent
# - the training loop of `fit`, written by hand: a subclassed `tf.keras.Model` and a
#   `tf.function` training step
# - training, validation and test sets, and why there are three
# - overfitting, and how to read training and validation loss curves
# - early stopping with `tf.keras.callbacks.EarlyStopping`, and loss curves in TensorBoard

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.exercises.checks_networks import EXERCISE_HISTORY

tf.keras.utils.set_random_seed(13)  # initial weights, dropout masks, shuffling

# The project's logs/ folder (next to notebooks/) is the one TensorBoard watches.
LOG_DIR = Path("../logs/fit/13-early-stopping")
shutil.rmtree(LOG_DIR, ignore_errors=True)  # a clean run every time

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train, x_test = (x_train / 255.0).astype(np.float32), (x_test / 255.0).astype(np.float32)
x_small, y_small = x_train[:10_000], y_train[:10_000]
print("training images:", x_small.shape, " test images:", x_test.shape)

# %% [markdown]
# ## Steps, batches and epochs
#
# Gradient descent in notebook 06 computed the loss over *all* points for every step. With
# 10,000 images, that is 10,000 forward and backward passes for one small step. `fit`
# instead cuts the shuffled data into **mini-batches**, 32 images by default, and takes a
# step after each one, using the gradient of that batch's mean loss:
#
# - a **step** is one batch: forward pass, loss, gradients, one optimizer update;
# - an **epoch** is one pass over all the training data: $\lceil n / \text{batch size} \rceil$
#   steps (the last batch is smaller when $n$ is not a multiple of the batch size);
# - between epochs the data is shuffled again, so the batches differ every time.
#
# The gradient of a batch is a noisy estimate of the full gradient, but it costs a tiny
# fraction of it. In the time one full-batch step takes, mini-batches take hundreds of
# small, slightly wobbly steps, and that wins. Let us measure it: the same simple model
# (a single `Dense(10)` layer with softmax), the same optimizer (plain `SGD`, learning rate
# 0.1), five epochs each, with three batch sizes. After each epoch we measure the loss on
# all 10,000 training images.

# %%
def loss_per_epoch(batch_size, epochs=5):
    tf.keras.utils.set_random_seed(1)
    model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1),
                  loss="sparse_categorical_crossentropy")
    losses = [model.evaluate(x_small, y_small, verbose=0)]
    for _ in range(epochs):
        model.fit(x_small, y_small, batch_size=batch_size, epochs=1, verbose=0)
        losses.append(model.evaluate(x_small, y_small, verbose=0))
    return losses


curves = {size: loss_per_epoch(size) for size in (10_000, 1_000, 32)}
for size, losses in curves.items():
    steps = -(-10_000 // size)  # ceil(10,000 / size)
    print(f"batch {size:6,}: {steps:3} steps per epoch, loss after 5 epochs {losses[-1]:.3f}")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.8))
styles = {10_000: ("o", ":", "#0072B2"), 1_000: ("^", "--", "#009E73"), 32: ("s", "-", "#D55E00")}
for size, losses in curves.items():
    marker, line, colour = styles[size]
    label = "full batch (10,000)" if size == 10_000 else f"batch {size:,}"
    ax.plot(range(len(losses)), losses, marker=marker, linestyle=line, color=colour, label=label)
ax.set_xlabel("epoch (passes over the 10,000 training images)")
ax.set_ylabel("training loss (cross-entropy, nats)")
ax.set_title("Same model, same learning rate, three batch sizes")
ax.legend()
plt.show()

# %% [markdown]
# **Figure 13.1: Smaller batches learn more per epoch.** The cross-entropy on all 10,000
# training images (in nats, the unit of a natural-log loss) against the epoch, 0 to 5, one
# line per batch size. All start at about 2.45. Full-batch descent (dotted line, round
# markers; one step per epoch) creeps down to 1.64. Batches of 1,000 (dashed, triangles;
# 10 steps per epoch) reach 0.84. Batches of 32 (solid, squares; 313 steps per epoch) drop
# to about 0.6 in the first epoch, wobble up to 0.66 after the second (a noisy step can
# overshoot), and end at 0.47.
#
# So why not a batch of 1? Every step has a fixed cost, and a batch of 32 is computed almost
# as fast as a batch of 1 (the matrix products use the whole row of inputs at once), while
# its gradient is far less noisy. Batch sizes from 32 to a few hundred are the usual choice;
# 32 is Keras's default.

# %% [markdown]
# ## The loop inside `fit`, written by hand
#
# TensorFlow 2's "expert" style writes that loop yourself: you see every step, and can
# change any of them. Three pieces:
#
# - the model as a **subclass** of `tf.keras.Model`: layers made in `__init__`, used in
#   `call` (the `training` flag switches dropout on and off);
# - a **training step** under `tf.function`: forward pass on a GradientTape, loss,
#   gradients, one optimizer step, and the metrics updated. Traced once, it then runs as a
#   graph (notebook 09);
# - **metrics** that keep running averages: `reset_state()` at the start of each epoch,
#   `result()` at the end.
#
# The model outputs logits, and the loss applies the softmax itself with
# `from_logits=True`: the stable form of notebook 12.

# %%
class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.hidden = tf.keras.layers.Dense(512, activation="relu")
        self.dropout = tf.keras.layers.Dropout(0.2)
        self.scores = tf.keras.layers.Dense(10)  # no softmax: the loss takes the logits

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

# %%
rng = np.random.default_rng(0)
for epoch in range(2):
    train_loss.reset_state()
    train_accuracy.reset_state()
    order = rng.permutation(len(x_small))
    for start in range(0, len(x_small), 32):
        batch = order[start:start + 32]
        train_step(x_small[batch], y_small[batch])
    print(f"epoch {epoch + 1}: loss {train_loss.result():.4f}, "
          f"accuracy {train_accuracy.result():.4f}")

test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
test_accuracy(y_test, classifier(x_test))
print(f"test accuracy {test_accuracy.result():.4f}")
print("train_step was traced", train_step.experimental_get_tracing_count(), "times")

# %% [markdown]
# About the same numbers as `fit` gave in notebook 12: it is the same computation. And
# `train_step` was traced only twice for 626 calls: once for batches of 32 images, once for
# the last batch of each epoch, which holds 10,000 mod 32 = 16.
#
# > **Read the engine.** `fit` runs this very step for each batch: the model's own
# > [`Model.train_step` in `course/engine/keras/models.py`](../course/engine/keras/models.py),
# > which a subclass may override, as in Keras 3.
#
# > **Real TensorFlow differs here.** Inside a `tf.function`, the engine's `Dropout` needs
# > to know the full shape of its input, so trace the step with concrete batches, as here,
# > not with an `input_signature` whose batch size is `None`; TensorFlow accepts both. The
# > running means of metrics are also kept in `float64` here (Keras: `float32`), which can
# > change the last printed digit. (See "Known differences" in
# > [`docs/engine-api-keras.md`](../docs/engine-api-keras.md).)

# %% [markdown]
# ## Training, validation and test data
#
# A model is only useful if it does well on data it has never seen. So the data is split
# three ways, each with its own job:
#
# | set | used for | seen by |
# |---|---|---|
# | **training** | computing gradients and updating the weights | the optimizer, every step |
# | **validation** | watching progress and making choices: when to stop, which model size, which learning rate | you, after every epoch |
# | **test** | one final, honest measurement | nobody, until the very end |
#
# Why not choose with the test set? Every choice made by looking at a set fits the model a
# little to that set; after many choices, its score flatters the model. The test set stays
# untouched so that its number still means "new data".
#
# `fit(..., validation_split=0.2)` holds back the **last** 20% of the training arrays
# (before any shuffling, so shuffle the data first if it is sorted) and reports
# `val_loss` and `val_accuracy` after each epoch. `validation_data=(x_val, y_val)` passes
# a separate set instead.

# %% [markdown]
# ## Overfitting
#
# A network with 400,000 weights can memorize 800 images. Let us give it the chance: the
# first 1,000 training images, 800 to train on and 200 for validation, and 30 epochs.

# %%
def build_model():
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


x_few, y_few = x_train[:1_000], y_train[:1_000]
tf.keras.utils.set_random_seed(13)
overfit = build_model()
long_run = overfit.fit(x_few, y_few, epochs=30, validation_split=0.2, verbose=0).history
best_epoch = int(np.argmin(long_run["val_loss"])) + 1
print(f"lowest val_loss {min(long_run['val_loss']):.3f} at epoch {best_epoch}")
print(f"after epoch 30: loss {long_run['loss'][-1]:.3f}, val_loss {long_run['val_loss'][-1]:.3f}, "
      f"accuracy {long_run['accuracy'][-1]:.3f}, val_accuracy {long_run['val_accuracy'][-1]:.3f}")

# %%
epochs = np.arange(1, 31)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
for ax, metric, unit in ((left, "loss", "cross-entropy, nats"), (right, "accuracy", "fraction correct")):
    ax.plot(epochs, long_run[metric], color="#0072B2", linestyle="-", marker="o", markersize=4,
            label="training (800 images)")
    ax.plot(epochs, long_run[f"val_{metric}"], color="#D55E00", linestyle="--", marker="s",
            markersize=4, label="validation (200 images)")
    ax.axvline(best_epoch, color="gray", linestyle=":", label=f"lowest val_loss (epoch {best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"{metric} ({unit})")
    ax.legend(fontsize=8)
left.set_title("Loss: training keeps falling, validation turns up")
right.set_title("Accuracy: training reaches 100%, validation stalls")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 13.2: Overfitting, as training and validation curves show it.** Two panels
# against the epoch, 1 to 30; in each, training is a solid line with round markers,
# validation a dashed line with squares, and a dotted vertical line marks epoch 9, the one
# with the lowest validation loss. Left, the loss (cross-entropy in nats): the training
# loss falls steadily from 1.26 to 0.04. The validation loss falls to 0.49 at epoch 9,
# then wanders noisily upwards, to about 0.6 at epoch 30, so the gap between the two
# curves widens. Right, the accuracy (fraction correct): training accuracy climbs to 0.99;
# validation accuracy reaches about 0.8 by epoch 3 and then only hovers between 0.76 and
# 0.83.
#
# That widening gap is **overfitting**: past the dotted line the network learns details of
# its 800 training images (this very pullover's stripes) that do not carry over to other
# images, and becomes *more confidently wrong* on new ones, which the loss punishes even
# where the accuracy barely moves. Reading loss curves:
#
# - both losses high and flat, close together: **underfitting**, the model is too small,
#   or the learning rate wrong, or it needs more epochs;
# - both falling together: keep training;
# - training falling, validation rising: **overfitting**. Remedies: more data, a smaller
#   model, dropout (notebook 12), or simply stopping at the best epoch.

# %% [markdown]
# ## Early stopping
#
# Stopping at the best epoch is what `tf.keras.callbacks.EarlyStopping` does. A *callback*
# is an object that `fit` calls at fixed moments, here after every epoch. With
# `monitor="val_loss"` and `patience=4` it stops training once the validation loss has not
# improved for 4 epochs in a row; `restore_best_weights=True` then puts back the weights of
# the best epoch. (With only 200 validation images the validation loss is noisy: too small
# a patience would stop at the first bump.) We also pass notebook 10's `TensorBoard` callback, which logs the training
# and the validation curves as two runs.

# %%
tf.keras.utils.set_random_seed(13)
stopped = build_model()
early_stopping = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=4,
                                                  restore_best_weights=True)
tensorboard = tf.keras.callbacks.TensorBoard(log_dir=LOG_DIR)
short_run = stopped.fit(x_few, y_few, epochs=30, validation_split=0.2, verbose=0,
                        callbacks=[early_stopping, tensorboard]).history
print(f"trained {len(short_run['loss'])} epochs instead of 30; "
      f"best epoch {early_stopping.best_epoch + 1}, val_loss {early_stopping.best:.3f}")

for name, model in (("30 epochs", overfit), ("early stopping", stopped)):
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"{name:>14}: test loss {test_loss:.3f}, test accuracy {test_accuracy:.3f}")

# %% [markdown]
# The same seed gives the same first epochs as the long run, so early stopping found the
# same best epoch, stopped four epochs later and went back to it. On the 10,000 test
# images, which neither run ever saw, the early-stopped model has the clearly lower loss,
# for less than half the training: it makes fewer confidently wrong predictions. Its
# accuracy is about the same, a point lower here. Early stopping saves time and keeps the
# model from growing overconfident; it cannot turn 800 images into 60,000.
#
# > **Read the engine.** The whole rule is a few lines run after every epoch:
# > [`EarlyStopping.on_epoch_end` in
# > `course/engine/keras/callbacks.py`](../course/engine/keras/callbacks.py).
#
# The TensorBoard callback wrote two runs:

# %%
print(sorted(p.name for p in LOG_DIR.iterdir()))

# %% [markdown]
# Open the course's TensorBoard at **http://127.0.0.1:6006**, tick the runs
# `fit/13-early-stopping/train` and `fit/13-early-stopping/validation`, and look at
# `epoch_loss` under **Scalars**: the two curves of Figure 13.2, cut off where early stopping
# ended the training.

# %% [markdown]
# ## Exercises
#
# **training-and-overfitting.1** `fit` trains on 10,000 images with `batch_size=32`. How
# many steps (optimizer updates) make one epoch?

# %%
answer = ...
check("training-and-overfitting.1", answer)

# %% [markdown]
# **training-and-overfitting.2** A model was trained for 10 epochs; this is its history
# (the same numbers are in `EXERCISE_HISTORY`, imported above) and its loss curves:

# %%
for name, values in EXERCISE_HISTORY.items():
    print(f"{name:>8}:", values)

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(range(1, 11), EXERCISE_HISTORY["loss"], color="#0072B2", marker="o", linestyle="-",
        label="training loss")
ax.plot(range(1, 11), EXERCISE_HISTORY["val_loss"], color="#D55E00", marker="s", linestyle="--",
        label="validation loss")
ax.set_xticks(range(1, 11))
ax.set_xlabel("epoch")
ax.set_ylabel("loss (cross-entropy, nats)")
ax.set_title("Exercise: read these curves")
ax.legend()
plt.show()

# %% [markdown]
# **Figure 13.3: The loss curves of the exercise.** Training loss (solid line, round
# markers) and validation loss (dashed line, squares) against the epoch, 1 to 10, with the
# values printed above. The training loss falls at every epoch, from 1.20 to 0.23. The
# validation loss falls from 1.10 to its lowest value, 0.70, then rises at every epoch
# after it, to 0.98 at epoch 10.
#
# Had this run used `EarlyStopping(monitor="val_loss", patience=2,
# restore_best_weights=True)`, which epoch's weights would it have restored, and after
# which epoch would it have stopped? Answer with the pair `(best_epoch, last_epoch)`,
# counting epochs from 1 as the figure does.

# %%
answer = ...
check("training-and-overfitting.2", answer)

# %% [markdown]
# **training-and-overfitting.3** Write `train_and_evaluate(train_images, train_labels,
# test_images, test_labels)` for images of shape `(n, 28, 28)` with values in $[0, 1]$ and
# labels 0 to 9. It builds and compiles a small network, trains it for at most 10 epochs
# with 20% of the training data held out for validation and early stopping on `val_loss`,
# then measures it on the test data. It returns `(model, history, test_accuracy)`: the
# model, what `fit` returned, and the accuracy on the test images. (The checker calls it on
# a small image set of its own, so keep the model small: `Dense(64)` is plenty.)

# %%
def train_and_evaluate(train_images, train_labels, test_images, test_labels):
    return ...  # your code here


check("training-and-overfitting.3", train_and_evaluate)
