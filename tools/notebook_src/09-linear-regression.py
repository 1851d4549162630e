# %% [markdown]
# # Linear regression
#
# Fitting a straight line through points is the smallest learning problem there is, and it
# already has every piece of neural-network training: a model, a loss, gradients, and steps
# downhill.
#
# **What you will learn**
# - the model $y = ax + b$ and the least-squares objective $E(\theta)$
# - the exact solution in closed form
# - gradient descent, with the update rules derived by hand
# - the same descent with `tf.GradientTape`, and with a one-unit `Dense` layer
# - pictures: the fitted line, the loss curve, the loss surface with the descent path
# - what the learning rate does, with an interactive control

# %%
# %config InlineBackend.figure_formats = ['png']
import io

import numpy as np
import matplotlib.pyplot as plt
import ipywidgets as widgets
from IPython.display import Image, display

import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## The data
#
# Thirty points near the line $y = 2x + 1$, with some noise. The seed makes them the same
# on every run.

# %%
rng = np.random.default_rng(0)
x_np = rng.uniform(0, 4, size=30).astype(np.float32)
y_np = (2 * x_np + 1 + rng.normal(0, 0.5, size=30)).astype(np.float32)
x = tf.constant(x_np)
y = tf.constant(y_np)
print(x.shape, x.dtype)

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter(x_np, y_np, s=15)
ax.set_xlabel("x")
ax.set_ylabel("y")
plt.show()

# %% [markdown]
# ## Model and objective
#
# The model has two parameters $\theta = (a, b)$:
#
# $$ f_\theta(x) = a x + b . $$
#
# How wrong is it? For each point, the *residual* $y_i - f_\theta(x_i)$ is the vertical gap
# between the point and the line. The least-squares objective adds up their squares:
#
# $$ E(\theta) = \frac12 \sum_{i=1}^{n} \bigl(y_i - f_\theta(x_i)\bigr)^2 . $$
#
# Squaring makes every gap count positively and big gaps count a lot; the $\tfrac12$ only
# makes the derivative tidier.

# %%
def loss(a, b):
    residual = y - (a * x + b)
    return 0.5 * tf.reduce_sum(residual ** 2)


print(f"E(0, 0) = {float(loss(0.0, 0.0)):.2f}")
print(f"E(2, 1) = {float(loss(2.0, 1.0)):.2f}")

# %% [markdown]
# ## The closed-form solution
#
# At the minimum both partial derivatives are zero. Solving the two equations gives
#
# $$
# a = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}, \qquad
# b = \bar y - a \bar x ,
# $$
#
# where $\bar x$ and $\bar y$ are the means. Few models have a formula like this, which is
# why the rest of this notebook finds the same answer by descending step by step.

# %%
x_mean, y_mean = tf.reduce_mean(x), tf.reduce_mean(y)
a_best = tf.reduce_sum((x - x_mean) * (y - y_mean)) / tf.reduce_sum((x - x_mean) ** 2)
b_best = y_mean - a_best * x_mean
print(f"a = {float(a_best):.3f}, b = {float(b_best):.3f}, E = {float(loss(a_best, b_best)):.3f}")
print("NumPy's polyfit agrees:", np.round(np.polyfit(x_np, y_np, 1), 3))

# %% [markdown]
# ## Gradient descent by hand
#
# The gradient $\nabla E = (\partial E/\partial a,\ \partial E/\partial b)$ points uphill.
# Gradient descent takes a small step the other way, for each parameter $\theta_j$:
#
# $$ \theta_j := \theta_j - \eta \, \frac{\partial E}{\partial \theta_j} , $$
#
# where $\eta$ is the *learning rate*. With the chain rule, the derivative of
# $\tfrac12 r_i^2$ is $r_i \cdot \partial r_i/\partial\theta_j$, and the residual
# $r_i = y_i - a x_i - b$ has $\partial r_i/\partial a = -x_i$ and $\partial r_i/\partial b = -1$:
#
# $$
# \frac{\partial E}{\partial a} = -\sum_i \bigl(y_i - a x_i - b\bigr)\, x_i, \qquad
# \frac{\partial E}{\partial b} = -\sum_i \bigl(y_i - a x_i - b\bigr).
# $$
#
# So the update rules are
# $a := a + \eta \sum_i r_i x_i$ and $b := b + \eta \sum_i r_i$.

# %%
learning_rate = 0.005
steps = 200

a = tf.Variable(0.0)
b = tf.Variable(0.0)
losses_by_hand = []
for step in range(steps):
    residual = y - (a * x + b)
    losses_by_hand.append(float(0.5 * tf.reduce_sum(residual ** 2)))
    grad_a = -tf.reduce_sum(residual * x)
    grad_b = -tf.reduce_sum(residual)
    a.assign_sub(learning_rate * grad_a)
    b.assign_sub(learning_rate * grad_b)

print(f"after {steps} steps: a = {float(a):.3f}, b = {float(b):.3f}, E = {float(loss(a, b)):.3f}")

# %% [markdown]
# The same three decimals as the closed-form answer. (After 50 steps it is still
# $a = 2.020$, $b = 1.080$: the last digits take the longest.)

# %% [markdown]
# ## The same descent with a GradientTape
#
# Deriving gradients by hand is fine for two parameters, but not for millions. A
# `GradientTape` records the computation of the loss and gives the gradients of the
# trainable Variables for us. First, check that it agrees with our formulas at the start:

# %%
a = tf.Variable(0.0)
b = tf.Variable(0.0)
with tf.GradientTape() as tape:
    current = loss(a, b)
grad_a, grad_b = tape.gradient(current, [a, b])

residual = y - (a * x + b)
print(f"tape:    dE/da = {float(grad_a):.2f}, dE/db = {float(grad_b):.2f}")
print(f"by hand: dE/da = {float(-tf.reduce_sum(residual * x)):.2f}, "
      f"dE/db = {float(-tf.reduce_sum(residual)):.2f}")

# %% [markdown]
# The training loop only changes where the gradients come from:

# %%
a = tf.Variable(0.0)
b = tf.Variable(0.0)
losses = []
for step in range(steps):
    with tf.GradientTape() as tape:
        current = loss(a, b)
    grad_a, grad_b = tape.gradient(current, [a, b])
    a.assign_sub(learning_rate * grad_a)
    b.assign_sub(learning_rate * grad_b)
    losses.append(float(current))

print(f"after {steps} steps: a = {float(a):.3f}, b = {float(b):.3f}, E = {float(loss(a, b)):.3f}")
print("same losses as by hand:", np.allclose(losses, losses_by_hand, rtol=1e-5))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
line_x = np.linspace(0, 4, 2)
left.scatter(x_np, y_np, s=15, label="data")
left.plot(line_x, float(a) * line_x + float(b), "r", label=f"y = {float(a):.2f} x + {float(b):.2f}")
left.set_xlabel("x")
left.set_ylabel("y")
left.legend()
right.plot(losses)
right.set_yscale("log")
right.set_xlabel("step")
right.set_ylabel("E (log scale)")
right.set_title("loss curve")
plt.show()

# %% [markdown]
# The loss drops fast at first, then slowly: the last stretch of a descent is always the
# longest (notebook 11 shows how to shorten it).

# %% [markdown]
# ## The loss surface and the descent path
#
# $E(a, b)$ is a bowl over the $(a, b)$ plane. Each contour line joins points of equal loss.
# Here is the path the descent took, starting at $(0, 0)$:

# %%
def descend(rate, steps, x=x, y=y):
    """Gradient descent from (0, 0); returns the path of (a, b) and the losses."""
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    path, losses = [(0.0, 0.0)], []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            current = 0.5 * tf.reduce_sum((y - (a * x + b)) ** 2)
        grad_a, grad_b = tape.gradient(current, [a, b])
        a.assign_sub(rate * grad_a)
        b.assign_sub(rate * grad_b)
        path.append((float(a), float(b)))
        losses.append(float(current))
    return np.array(path), np.array(losses)


a_grid, b_grid = np.meshgrid(np.linspace(-0.5, 3.5, 81), np.linspace(-2, 4, 81))
# E for every grid point at once: broadcast the grid against the data (axis 2)
residuals = y_np - (a_grid[..., None] * x_np + b_grid[..., None])
surface = 0.5 * (residuals ** 2).sum(axis=2)


def draw_descent(ax, path):
    ax.contour(a_grid, b_grid, surface, levels=np.geomspace(5, 3000, 15), cmap="viridis")
    ax.plot(path[:, 0], path[:, 1], ".-", color="tab:red", markersize=4)
    ax.plot(float(a_best), float(b_best), "k*", markersize=12)
    ax.set_xlim(-0.5, 3.5)
    ax.set_ylim(-2, 4)
    ax.set_xlabel("a")
    ax.set_ylabel("b")


path, _ = descend(0.005, 200)
fig, ax = plt.subplots(figsize=(5, 4))
draw_descent(ax, path)
ax.set_title("200 steps, learning rate 0.005")
plt.show()

# %% [markdown]
# The bowl is a long, narrow valley: steep across, almost flat along. The path first drops
# into the valley, then creeps along it towards the minimum (the star).

# %% [markdown]
# ## Choosing the learning rate
#
# Too small, and the descent crawls. Too large, and each step overshoots the valley floor by
# more than it gained: the path zig-zags outwards and the loss explodes. For this loss the
# limit is $\eta < 2/\lambda_{\max}$, where $\lambda_{\max}$ is the largest eigenvalue of
# the matrix of second derivatives (the Hessian)
#
# $$ H = \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & n \end{pmatrix} . $$

# %%
hessian = np.array([[np.sum(x_np ** 2), np.sum(x_np)], [np.sum(x_np), len(x_np)]])
eigenvalues = np.linalg.eigvalsh(hessian)
print("eigenvalues:", np.round(eigenvalues, 1))
print(f"largest stable learning rate: 2 / {eigenvalues[-1]:.1f} = {2 / eigenvalues[-1]:.4f}")

# %% [markdown]
# The ratio of the two eigenvalues (30 here) is how much steeper the valley is across than
# along; the larger it is, the slower the descent. Move the sliders (in a running notebook)
# to try rates on both sides of the limit; the picture below them shows the default values.

# %%
def descent_picture(learning_rate, steps):
    """The path on the loss surface and the loss curve, as a PNG image."""
    path, losses = descend(learning_rate, steps)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
    draw_descent(left, path)
    left.set_title(f"learning rate {learning_rate:.4f}, {steps} steps")
    right.plot(np.minimum(losses, 1e6))
    right.set_yscale("log")
    right.set_xlabel("step")
    right.set_ylabel("E (log scale, capped at 1e6)")
    right.set_title("diverges!" if losses[-1] > losses[0] else f"final E = {losses[-1]:.2f}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return Image(buffer.getvalue())


rate_slider = widgets.FloatSlider(value=0.005, min=0.0005, max=0.012, step=0.0005,
                                  readout_format=".4f", description="learning rate")
steps_slider = widgets.IntSlider(value=40, min=1, max=200, description="steps")
display(widgets.HBox([rate_slider, steps_slider]))
picture = display(descent_picture(rate_slider.value, steps_slider.value), display_id=True)


def redraw(change):
    picture.update(descent_picture(rate_slider.value, steps_slider.value))


rate_slider.observe(redraw, names="value")
steps_slider.observe(redraw, names="value")

# %% [markdown]
# A rate just above the limit, for the record:

# %%
_, diverging = descend(0.0115, 40)
print(f"learning rate 0.0115: E goes from {diverging[0]:.0f} to {diverging[-1]:.3g} in 40 steps")

# %% [markdown]
# ## The same model as a one-unit Dense layer
#
# A `Dense` layer with one unit computes $x W + b$: with one input feature, that is exactly
# $a x + b$, with $W$ a $1 \times 1$ matrix (the *kernel*). It expects a batch of rows, so the
# 30 inputs become a $30 \times 1$ matrix. Starting from zeros, the descent is the same:

# %%
layer = tf.keras.layers.Dense(1, kernel_initializer="zeros")
x_column = tf.reshape(x, [-1, 1])
y_column = tf.reshape(y, [-1, 1])
layer(x_column)  # the first call creates kernel and bias for one input feature

for step in range(steps):
    with tf.GradientTape() as tape:
        current = 0.5 * tf.reduce_sum((y_column - layer(x_column)) ** 2)
    grad_kernel, grad_bias = tape.gradient(current, [layer.kernel, layer.bias])
    layer.kernel.assign_sub(learning_rate * grad_kernel)
    layer.bias.assign_sub(learning_rate * grad_bias)

print(f"kernel = {float(layer.kernel[0, 0]):.3f}, bias = {float(layer.bias[0]):.3f}")

# %% [markdown]
# The same $a$ and $b$ as our own loop. Notebook 07 builds on this with Keras's optimizers
# and `model.fit`.

# %% [markdown]
# ## Exercises
#
# The exercises use five points: `x = [0, 1, 2, 3, 4]` and `y = [1.1, 2.9, 5.2, 7.1, 8.8]`.
#
# **09.1** Write `fit_line(x, y)` that returns the least-squares `(a, b)` for two `float32`
# tensors, with the closed-form formulas.

# %%
def fit_line(x, y):
    return ...  # your code here


check("09.1", fit_line)

# %% [markdown]
# **09.2** Write `gradients(a, b, x, y)` that returns $(\partial E/\partial a,\ \partial E/\partial b)$
# from the formulas derived above (no tape).

# %%
def gradients(a, b, x, y):
    return ...  # your code here


check("09.2", gradients)

# %% [markdown]
# **09.3** For the five points, which of the learning rates `0.01, 0.02, 0.05, 0.1` is the
# largest one for which gradient descent still converges? Try them with
# `descend(rate, 50, x=..., y=...)` and look at the losses.

# %%
answer = ...
check("09.3", answer)
