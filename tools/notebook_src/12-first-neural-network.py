# %% [markdown]
# # A first neural network with Keras
#
# Time for a real data set and a real network. We teach a small network to tell a shirt
# from a sneaker, with Keras, the high-level API of `tf.keras`: a few lines to build the
# model, one to train it, one to test it. Everything it does is something you have met:
# layers computing $x W + b$ (notebook 06), a loss, gradients from a tape (07), and
# gradient descent.
#
# **What you will learn**
# - loading Fashion-MNIST: 70,000 small grayscale pictures of clothes, stored offline
# - building a network with `tf.keras.Sequential`:
#   `Flatten` → `Dense(512, relu)` → `Dropout(0.2)` → `Dense(10, softmax)`
# - softmax and the cross-entropy loss, and their gradient, $p - \text{one-hot}$
# - why large scores overflow, and how log-sum-exp (and `from_logits=True`) avoids it
# - how the first weights are chosen (Glorot), and why that scale matters
# - `compile` (with the Adam optimizer), `fit`, `evaluate` and `predict`, and reading their output
#
# Notebook 13 then opens up `fit`: mini-batches, validation, overfitting and early stopping.

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# Same random numbers on every run: initial weights, dropout masks, shuffling.
tf.keras.utils.set_random_seed(7)  # seeds Python's random, NumPy and the engine at once

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
fig, axes = plt.subplots(2, 8, figsize=(10, 3.2))
for ax, image, label in zip(axes.flat, x_train, y_train):
    ax.imshow(image, cmap="gray_r")
    ax.set_title(class_names[label], fontsize=8)
    ax.axis("off")
fig.suptitle("The first sixteen training images and their labels")
plt.show()

# %% [markdown]
# **Figure 12.1: Sixteen training images.** Two rows of eight small 28 × 28 pixel pictures,
# dark on white, each titled with its label. Top row: an ankle boot, two T-shirts/tops, a
# dress, a T-shirt/top, a pullover, a sneaker and a pullover. Bottom row: two sandals, a
# T-shirt/top, an ankle boot, two sandals, a sneaker and an ankle boot. They are coarse but
# recognizable silhouettes; tops of different classes can look much alike.
#
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
# before. For an image flattened to a row $x$ of $784 = 28 \cdot 28$ numbers, as every
# layer of the course computes it, $x W + b$:
#
# $$
# h = \operatorname{relu}(x W_1 + b_1), \qquad
# z = h W_2 + b_2, \qquad
# p = \operatorname{softmax}(z), \qquad
# \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}} .
# $$
#
# - `Flatten` turns the $28 \times 28$ image into a row of 784 numbers.
# - `Dense(512, activation="relu")` is $h$: 512 units, each a weighted sum of all pixels
#   plus a bias, negative results set to zero. $W_1$ has shape $(784, 512)$.
# - `Dropout(0.2)` sets a random 20% of $h$ to zero *during training only* (and scales
#   the rest up by $1/0.8$), so the network cannot lean on any single unit.
# - `Dense(10, activation="softmax")` computes ten scores $z$, the *logits*, one per class,
#   and turns them into $p$: ten positive numbers that add up to 1, one probability per
#   class.

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
# > **Read the engine.** A `Dense` layer is `activation(inputs @ kernel + bias)`, one line:
# > [`Dense.call` in `course/engine/keras/layers.py`](../course/engine/keras/layers.py).
# > The kernel and bias are made, on the first call, by
# > [`Dense.build` in `course/engine/keras/layers.py`](../course/engine/keras/layers.py).
#
# Untrained, the model already answers, just not well. It spreads its belief over all ten
# classes without preferring any clearly:

# %%
probabilities = model(x_test[:1]).numpy()
print(probabilities.round(2), " sum:", round(float(probabilities.sum()), 3))
print(f"from {probabilities.min():.0%} to {probabilities.max():.0%}; "
      f"uniform would be {1 / 10:.0%} each")

# %% [markdown]
# ## The loss: cross-entropy
#
# The loss compares the predicted probabilities with the true label $y$. *Cross-entropy*
# is minus the log of the probability given to the right class, averaged over the images
# of a batch:
#
# $$ L = -\log p_y . $$
#
# It is $0$ for a confident right answer and large for a confident wrong one; guessing
# $1/10$ everywhere gives $\ln 10 \approx 2.30$. Keras calls it
# `"sparse_categorical_crossentropy"`: "sparse" means the labels are class numbers ($0$
# to $9$), not one-hot vectors.
#
# ## Its gradient: $p - \text{one-hot}$
#
# Written with the logits, $-\log p_y = -z_y + \log \sum_j e^{z_j}$. The derivative of
# $\log \sum_j e^{z_j}$ with respect to $z_k$ is $e^{z_k} / \sum_j e^{z_j} = p_k$, and the
# derivative of $-z_y$ is $-1$ for $k = y$ and $0$ otherwise. Together:
#
# $$ \frac{\partial L}{\partial z_k} = p_k - [k = y], \qquad
#    \nabla_z L = p - \operatorname{onehot}(y) . $$
#
# The simplest possible error signal: every wrong class is pushed down by its probability,
# the right class is pulled up by what it is missing. Let a tape confirm it for the first
# test image, whose label is 9 (ankle boot):

# %%
image, label = x_test[:1], y_test[:1].astype(np.int64)  # labels are uint8; the op wants int
flatten, dense_1, dropout, dense_2 = model.layers
hidden = dense_1(flatten(image))                    # h = relu(x W1 + b1)
logits = hidden @ dense_2.kernel + dense_2.bias     # z = h W2 + b2: no softmax yet
with tf.GradientTape() as tape:
    tape.watch(logits)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=label,
                                                                         logits=logits))
by_tape = tape.gradient(loss, logits).numpy()[0]
p = tf.nn.softmax(logits).numpy()[0]
by_formula = p - np.eye(10)[label[0]]
print("label:", label[0], class_names[label[0]])
print("tape:    ", by_tape.round(3))
print("p - onehot", by_formula.round(3))

# %%
fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
positions = np.arange(10)
parts = [("p = softmax(z)", p), ("one-hot(label)", np.eye(10)[label[0]]),
         ("gradient p - one-hot", by_formula)]
for ax, (title, values) in zip(axes, parts):
    bars = ax.bar(positions, values, color=["#D55E00" if v < 0 else "#0072B2" for v in values])
    for bar, v in zip(bars, values):
        bar.set_hatch("//" if v < 0 else "")   # negative bars hatched, not only coloured
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(positions, [str(k) for k in positions])
    ax.set_xlabel("class (0-9; 9 = ankle boot)")
    ax.set_title(title)
axes[0].set_ylabel("value (probability, no unit)")
fig.suptitle("The gradient of the cross-entropy for one image, class by class", y=1.03)
plt.show()

# %% [markdown]
# **Figure 12.2: The gradient is the prediction minus the answer.** Three bar charts over the
# ten classes 0 to 9, sharing one vertical axis from −0.9 to 1. Left: the untrained model's
# probabilities p, ten small positive bars between 0.05 and 0.21. Middle: the one-hot
# label, a single bar of height 1 at class 9 (ankle boot) and nothing elsewhere. Right: their
# difference, the gradient: nine small positive bars, equal to p, and one large hatched
# negative bar of −0.89 at class 9. A descent step therefore raises the logit of class 9
# and lowers all the others.
#
# > **Read the engine.** The engine's gradient of this loss is exactly this formula, two
# > lines long: [`_sparse_xent_grad` in `course/engine/ops/nn_ops.py`](../course/engine/ops/nn_ops.py).

# %% [markdown]
# ## Large scores overflow: log-sum-exp
#
# $e^{z}$ grows fast: in `float32` it overflows to infinity above $z \approx 88.7$. A
# confident network easily has a logit of 100, and then the textbook softmax divides
# infinity by infinity:

# %%
z = tf.constant([[1000.0, 0.0, -1000.0]])
naive = tf.exp(z) / tf.reduce_sum(tf.exp(z), axis=1, keepdims=True)
print("naive softmax:", naive.numpy())

# %% [markdown]
# The cure is an identity: subtracting the same number $m$ from every logit changes nothing,
# because $e^{z_k - m} / \sum_j e^{z_j - m} = e^{z_k} / \sum_j e^{z_j}$. With
# $m = \max_j z_j$ the largest exponent is $e^0 = 1$ and nothing overflows. The same trick
# gives the **log-sum-exp**,
#
# $$ \log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}, $$
#
# and with it the loss straight from the logits, $-\log p_y = \log\sum_j e^{z_j} - z_y$,
# without ever forming $p$. `tf.nn.softmax` and `tf.reduce_logsumexp` do this for you:

# %%
print("tf.nn.softmax:       ", tf.nn.softmax(z).numpy())
print("tf.reduce_logsumexp: ", tf.reduce_logsumexp(z, axis=1).numpy())
print("loss for label 2:    ",
      tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2], logits=z).numpy())

# %% [markdown]
# This is what Keras's `from_logits=True` is for. A model whose last layer applies softmax
# hands probabilities to the loss, which must then take their log; to avoid $\log 0$ Keras
# clips them to $[10^{-7}, 1 - 10^{-7}]$, so a confidently wrong answer costs at most
# $-\ln 10^{-7} \approx 16.1$, however wrong it is, and its gradient is lost in the clipping.
# A model that outputs the logits $z$ (no softmax on the last layer) and a loss created
# with `from_logits=True` computes $\log\sum_j e^{z_j} - z_y$ directly: exact, and stable.

# %%
wrong_logits = tf.constant([[0.0, 30.0]])   # very sure of class 1; the label is 0
label_0 = tf.constant([0])
from_probabilities = tf.keras.losses.SparseCategoricalCrossentropy()
from_logits = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
print(f"via softmax, then log: {float(from_probabilities(label_0, tf.nn.softmax(wrong_logits))):.2f}")
print(f"from the logits:       {float(from_logits(label_0, wrong_logits)):.2f}")

# %% [markdown]
# The true loss is 30; the clipped one says 16.1. Notebook 13's own training loop uses
# logits and `from_logits=True`, the recommended form.

# %% [markdown]
# ## Where the first weights come from
#
# Before training, every weight needs a value. Notebook 07 showed that they must not all be
# equal: equal units get equal gradients and stay copies forever. So they are drawn at
# random, but from how wide a range? If the weights are too small, each layer shrinks the
# signal and after a few layers nothing is left (and so are the gradients); too large, and
# the signals grow layer by layer until `tanh` or `sigmoid` units saturate at ±1, where
# their gradient is zero. Keras's default for `Dense` kernels, **Glorot uniform**, draws
# from $U(-\ell, \ell)$ with
#
# $$ \ell = \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}, $$
#
# where fan_in and fan_out are the numbers of inputs and outputs of the layer. It is chosen
# so that a signal keeps roughly the same spread as it passes through the layers, forward
# and backward. The biases start at zero (the random kernel already breaks the symmetry).

# %%
kernel = model.layers[1].kernel.numpy()            # the first Dense layer's W1, (784, 512)
limit = np.sqrt(6 / (784 + 512))
print(f"Glorot limit for 784 -> 512: {limit:.4f}")
print(f"the kernel's values: from {kernel.min():.4f} to {kernel.max():.4f}, "
      f"std {kernel.std():.4f} (uniform: limit/sqrt(3) = {limit / np.sqrt(3):.4f})")
print("biases:", np.unique(model.layers[1].bias.numpy()))

# %% [markdown]
# To see why the scale matters, send random inputs through ten `tanh` layers of 256 units
# each, with kernels drawn at half, exactly, and twice the Glorot scale, and measure the
# spread (standard deviation) of the signal after each layer:

# %%
rng = np.random.default_rng(12)
signal_in = tf.constant(rng.normal(size=(500, 256)), tf.float32)
glorot = tf.keras.initializers.GlorotUniform(seed=3)
spreads = {}
for scale in (0.5, 1.0, 2.0):
    signal, spread = signal_in, []
    for _ in range(10):
        signal = tf.tanh(signal @ (scale * glorot((256, 256))))
        spread.append(float(tf.math.reduce_std(signal)))
    spreads[scale] = spread

fig, ax = plt.subplots(figsize=(6.5, 3.6))
for (scale, spread), marker, style in zip(spreads.items(), "o^s", (":", "-", "--")):
    ax.plot(range(1, 11), spread, marker=marker, linestyle=style,
            label=f"{scale:g} × Glorot", color={0.5: "#0072B2", 1.0: "#000000", 2.0: "#D55E00"}[scale])
ax.set_xlabel("layer (tanh, 256 units)")
ax.set_ylabel("spread of the signal (std, no unit)")
ax.set_ylim(0, 1)
ax.set_title("Signal spread through ten layers, for three kernel scales")
ax.legend(title="kernel scale")
plt.show()

# %% [markdown]
# **Figure 12.3: The initial scale decides whether a signal survives ten layers.** The
# standard deviation of the signal (no unit, axis from 0 to 1) after each of ten tanh
# layers, one line per kernel scale. At half the Glorot scale (dotted line, round markers)
# it halves with every layer, from 0.42 to almost 0 by layer 6: the signal dies out. At
# twice the scale (dashed, square markers) it stays near 0.75, with most units pushed
# towards ±1, where tanh is flat and passes almost no gradient. At the Glorot scale
# (solid, triangles) it shrinks only slowly, from 0.63 to 0.24 over ten layers: the signal
# survives, with the units in tanh's responsive middle range.
#
# > **Read the engine.** [`GlorotUniform` in
# > `course/engine/keras/initializers.py`](../course/engine/keras/initializers.py) is the
# > formula above in three lines.

# %% [markdown]
# ## Loss, optimizer, metric: `compile`
#
# `compile` names the loss, the optimizer that turns gradients into updates, and the
# metrics to report. The optimizer `adam` is gradient descent with two additions. It keeps
# a running average of each weight's recent gradients, its *momentum*, and steps along that
# average instead of the latest gradient alone, which smooths the zig-zag of notebook 06's
# narrow valleys. And it divides each weight's step by a running average of that weight's
# squared gradients, so every weight gets a step size of its own: weights with small,
# consistent gradients move as far as those with large ones. Its default learning rate is
# 0.001. The metric `accuracy` is the share of images whose most likely class is the right
# one.
#
# > **Read the engine.** Adam's update for one weight, momentum `m`, squared-gradient
# > average `v` and all, is a dozen lines:
# > [`Adam.update_step` in `course/engine/keras/optimizers.py`](../course/engine/keras/optimizers.py).

# %%
model.compile(optimizer="adam",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

# %% [markdown]
# ## Training: `fit`
#
# `fit` runs the training loop of notebook 06 for us: it cuts the data into batches of 32
# images, and for each batch computes the loss, its gradients (with a GradientTape) and one
# optimizer step. One pass over all batches is an *epoch*. (Why batches of 32, and what
# else `fit` does, is notebook 13's subject.)
#
# With `verbose=2` Keras prints one line per epoch: batches done, the time it took (this
# part differs from run to run and machine to machine), and the training loss and
# accuracy averaged over the epoch.

# %%
history = model.fit(x_small, y_small, epochs=2, verbose=2)

# %% [markdown]
# `fit` returns a `History`; its `.history` holds the numbers of the log, per epoch:

# %%
for name, values in history.history.items():
    print(f"{name:>8}:", [round(v, 4) for v in values])

# %% [markdown]
# ## Testing: `evaluate`
#
# The real question is how the model does on images it has never seen. `evaluate` runs
# the 10,000 test images through it and returns the loss and the metrics.

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss {test_loss:.4f}   test accuracy {test_accuracy:.4f}")
print(f"last epoch's training accuracy {history.history['accuracy'][-1]:.4f}")

# %% [markdown]
# Better on unseen images than on the training images? No contradiction, for two reasons.
# While training, dropout switches off a fifth of the hidden units, so the training
# numbers come from a handicapped network; `evaluate` (and `predict`) run the full network.
# And the training numbers are averages over the epoch, most of them measured with the
# weights of earlier batches, while `evaluate` uses the final weights. Compare the two on
# equal terms with `model.evaluate(x_small, y_small)`.
#
# More data and more epochs help: trained on all 60,000 images for 5 epochs, this same
# model reaches about 88% test accuracy (we measured 0.880 with this engine, 0.874 with
# TensorFlow; the two start from different random weights). Try it with
# `model.fit(x_train, y_train, epochs=5, verbose=2)`; it takes a few minutes. Guessing at
# random would reach 10%.

# %% [markdown]
# ## Looking at predictions
#
# `predict` returns the probabilities as a NumPy array, one row per image. The predicted
# class is the position of the largest one along each row, `np.argmax(..., axis=1)`
# (notebook 04).

# %%
probabilities = model.predict(x_test, verbose=0)
predicted = np.argmax(probabilities, axis=1)
print(probabilities.shape)
print("predicted:", predicted[:12])
print("true:     ", y_test[:12])

# %% [markdown]
# Pictures say more. The top row shows the first six test images; the bottom row shows
# the first six the model gets wrong. Each title gives the model's guess with the
# probability it gave it, a ✓ or ✗, and the true class.

# %%
mistakes = np.flatnonzero(predicted != y_test)
print(f"{len(mistakes)} mistakes in {len(y_test)} test images")

fig, axes = plt.subplots(2, 6, figsize=(11, 4.8))
for ax, i in zip(axes.flat, [*range(6), *mistakes[:6]]):
    guess, truth = predicted[i], y_test[i]
    right = guess == truth
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(f"{'✓' if right else '✗'} {class_names[guess]} {probabilities[i, guess]:.0%}\n"
                 f"(true: {class_names[truth]})", fontsize=8,
                 color="#0072B2" if right else "#D55E00",
                 fontweight="normal" if right else "bold")
    ax.axis("off")
fig.suptitle("Top: the first six test images. Bottom: the first six mistakes.")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 12.4: Predictions on test images.** Twelve test images in two rows of six, each
# titled with a tick (✓, right) or a cross (✗, wrong), the predicted class with its
# probability, and the true class in brackets; wrong titles are also bold. Top row, the
# first six test images, all right: ankle boot 74%, pullover 95%, trouser 100%, trouser
# 100%, shirt 82%, trouser 100%. Bottom row, the first six mistakes: a sneaker taken for a
# sandal (62%), a coat for a shirt (47%), a pullover for a shirt (40%), a sandal for a
# sneaker (69%), an ankle boot for a sandal (68%) and a coat for a pullover (64%).
#
# Most mistakes are between classes that look alike: shirts, T-shirts, pullovers and
# coats, or sandals, sneakers and ankle boots.

# %% [markdown]
# ## Exercises
#
# **first-neural-network.1** How many parameters (weights and biases) does `Dense(128)`
# have when its input is a flattened $28 \times 28$ image?

# %%
answer = ...
check("first-neural-network.1", answer)

# %% [markdown]
# **first-neural-network.2** Write `cross_entropy(logits, labels)`: the mean over the batch
# of $-\log \operatorname{softmax}(z)_y$, for `float32` logits of shape `(batch, classes)`
# and integer labels of shape `(batch,)`. It must survive logits like `[1000, 0, -1000]`:
# use log-sum-exp (`tf.reduce_logsumexp`), and `tf.one_hot` to pick each row's $z_y$.

# %%
def cross_entropy(logits, labels):
    return ...  # your code here


check("first-neural-network.2", cross_entropy)

# %% [markdown]
# **first-neural-network.3** Write `logits_gradient(logits, labels)`: the gradient of each
# row's cross-entropy with respect to its logits, shape `(batch, classes)`, from the formula
# above (no tape).

# %%
def logits_gradient(logits, labels):
    return ...  # your code here


check("first-neural-network.3", logits_gradient)

# %% [markdown]
# **first-neural-network.4** A `Dense(128)` layer on flattened $28 \times 28$ images draws
# its kernel from $U(-\ell, \ell)$ with Keras's default initializer. What is $\ell$?

# %%
answer = ...
check("first-neural-network.4", answer)
