# %% [markdown]
# # Linear regression: the loss, gradients and gradient descent
#
# Fitting a straight line through points is the smallest learning problem there is, and it
# already has every piece of neural-network training: a model, a loss that says how wrong
# the model is, gradients that say which way is downhill, and steps downhill. This is
# where the course meets derivatives and the `GradientTape` for the first time.
#
# **What you will learn**
# - the model $\hat y = a x + b$ and its loss, the mean squared error (MSE)
# - least squares in matrix form: the design matrix and the normal equations
# - partial derivatives and the gradient, and gradient descent with update rules derived by hand
# - `tf.GradientTape`: gradients without deriving them, and which values it watches
# - pictures: the fitted line, the loss curve, the loss surface with the descent path
# - how large the learning rate may be, with an interactive control
# - the same model as a one-unit Keras `Dense` layer, $x W + b$, trained by a Keras optimizer

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
# ## The data: a spring
#
# Hang a load on a spring and it stretches. We measured its length for thirty loads between
# 0 and 4 kg; the measurements are a little noisy. (They are simulated: a spring of 1 cm
# that stretches 2 cm per kg, plus noise. The seed makes them the same on every run.)

# %%
rng = np.random.default_rng(0)
x_np = rng.uniform(0, 4, size=30).astype(np.float32)                     # load, kg
y_np = (2 * x_np + 1 + rng.normal(0, 0.5, size=30)).astype(np.float32)   # length, cm
x = tf.constant(x_np)
y = tf.constant(y_np)
n = x.shape[0]
print(x.shape, x.dtype, "n =", n)

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter(x_np, y_np, s=18, marker="o", color="#0072B2")
ax.set_xlabel("load x (kg)")
ax.set_ylabel("length y (cm)")
ax.set_title("Thirty measurements of a spring")
plt.show()

# %% [markdown]
# **Figure 6.1: The spring measurements.** A scatter plot of thirty points, spring length in cm against
# load in kg. The points rise from about 1 cm at no load to about 9 cm at 4 kg, close to a
# straight line, scattered by about half a centimetre above and below it.

# %% [markdown]
# ## Model and loss
#
# The model has two parameters $\theta = (a, b)$, a slope and an intercept:
#
# $$ \hat y = f_\theta(x) = a x + b . $$
#
# How wrong is it? For each point, the *residual* $r_i = y_i - (a x_i + b)$ is the vertical
# gap between the point and the line, in cm. The loss averages their squares:
#
# $$ L(a, b) = \frac1n \sum_{i=1}^{n} \bigl(y_i - (a x_i + b)\bigr)^2 . $$
#
# Say it aloud as **"the mean squared error"**, MSE for short; here its unit is cm². Squaring
# makes every gap count positively and big gaps count a lot. It is the loss Keras calls
# `"mse"`, and the course uses it wherever a line or a number is fitted.
#
# Many books (and TensorFlow's older tutorials) use another scale, **half the sum of squared
# errors**, $\tfrac12\,\mathrm{SSE} = \tfrac12 \sum_i r_i^2$. Both have their minimum at the
# same line. But $\tfrac12\,\mathrm{SSE}$ is $n/2$ times the MSE, so are its gradients, and
# a learning rate that works for one is $n/2$ times too large (or small) for the other.
# When you copy a learning rate from somewhere, check which loss it was meant for.

# %%
def loss(a, b):
    """The MSE of the line a x + b on the data, in cm²."""
    residual = y - (a * x + b)
    return tf.reduce_mean(residual ** 2)


print(f"L(0, 0) = {float(loss(0.0, 0.0)):.2f} cm²   (the line y = 0)")
print(f"L(2, 1) = {float(loss(2.0, 1.0)):.3f} cm²   (the spring we simulated)")

# %% [markdown]
# ## Least squares in matrix form
#
# Write all $n$ predictions at once. Put the inputs into a **design matrix** $X$ with one
# row per point, and a column of ones that multiplies $b$:
#
# $$
# X = \begin{pmatrix} x_1 & 1 \\ x_2 & 1 \\ \vdots & \vdots \\ x_n & 1 \end{pmatrix}, \qquad
# \theta = \begin{pmatrix} a \\ b \end{pmatrix}, \qquad
# \hat y = X \theta, \qquad
# L(\theta) = \frac1n \lVert y - X\theta \rVert^2 .
# $$
#
# At the minimum the loss is flat in every direction. Its gradient (next section) is
# $-\tfrac2n X^\top (y - X\theta)$, and setting it to zero gives the **normal equations**,
# two linear equations for the two unknowns:
#
# $$ X^\top X \, \theta = X^\top y . $$

# %%
X = tf.stack([x, tf.ones_like(x)], axis=1)    # shape (30, 2)
XtX = tf.transpose(X) @ X                     # shape (2, 2)
Xty = tf.transpose(X) @ tf.reshape(y, [-1, 1])  # shape (2, 1): y as a column (notebook 04)
print("X^T X =\n", XtX.numpy())
print("X^T y =\n", Xty.numpy())

theta = np.linalg.solve(XtX.numpy(), Xty.numpy())  # solve the 2 x 2 system
a_best, b_best = float(theta[0, 0]), float(theta[1, 0])
print(f"a = {a_best:.3f} cm/kg, b = {b_best:.3f} cm, L = {float(loss(a_best, b_best)):.4f} cm²")
print("NumPy's polyfit agrees:", np.round(np.polyfit(x_np, y_np, 1), 3))

# %% [markdown]
# > **Real TensorFlow differs here.** TensorFlow solves such systems itself, with
# > `tf.linalg.solve(XtX, Xty)` (or `tf.linalg.lstsq(X, y)` straight from the data). The
# > engine does not have these yet, so we hand the small system to NumPy. (`tf.linalg` in
# > [`docs/engine-api.md`](../docs/engine-api.md) lists what it has.)
#
# For one input, the two equations can be solved by hand, which gives the formulas of
# statistics books: the slope is the covariance of $x$ and $y$ over the variance of $x$,
#
# $$ a = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}, \qquad
#    b = \bar y - a \bar x . $$
#
# Few models have an exact solution like this. Neural networks do not, which is why the
# rest of this notebook finds the same line by walking downhill.

# %% [markdown]
# ## Derivatives, the gradient, and gradient descent
#
# Move $a$ a little while $b$ stays put: the loss changes by about $\partial L/\partial a$
# times that little move. $\partial L/\partial a$ (read "the partial derivative of $L$ with
# respect to $a$") is the slope of the loss in the $a$ direction; $\partial L/\partial b$ is
# its slope in the $b$ direction. Together they form the **gradient**
# $\nabla L = (\partial L/\partial a,\ \partial L/\partial b)$, which points uphill.
#
# **Gradient descent** takes a small step the other way, for each parameter at once:
#
# $$ a \leftarrow a - \eta \, \frac{\partial L}{\partial a}, \qquad
#    b \leftarrow b - \eta \, \frac{\partial L}{\partial b}, $$
#
# where $\eta$ (eta) is the **learning rate**, the size of the step. For the MSE the chain
# rule gives (the square brings down a 2, and $\partial r_i/\partial a = -x_i$,
# $\partial r_i/\partial b = -1$):
#
# $$
# \frac{\partial L}{\partial a} = -\frac2n \sum_i r_i\, x_i, \qquad
# \frac{\partial L}{\partial b} = -\frac2n \sum_i r_i ,
# $$
#
# the matrix form $-\tfrac2n X^\top (y - X\theta)$ written out for our two parameters.
# Start at $a = b = 0$ and repeat:

# %%
learning_rate = 0.075
steps = 200

a = tf.Variable(0.0)
b = tf.Variable(0.0)
losses_by_hand = []
for step in range(steps):
    residual = y - (a * x + b)
    losses_by_hand.append(float(tf.reduce_mean(residual ** 2)))
    grad_a = -2 / n * tf.reduce_sum(residual * x)
    grad_b = -2 / n * tf.reduce_sum(residual)
    a.assign_sub(learning_rate * grad_a)
    b.assign_sub(learning_rate * grad_b)

print(f"after {steps} steps: a = {float(a):.3f}, b = {float(b):.3f}, L = {float(loss(a, b)):.4f}")

# %% [markdown]
# The same line as the normal equations, to three decimals.

# %% [markdown]
# ## The same descent with a GradientTape
#
# Deriving gradients by hand is fine for two parameters, but not for the millions of a
# neural network. TensorFlow computes them for you with a `tf.GradientTape`:
#
# - inside `with tf.GradientTape() as tape:`, every operation on a *watched* value is
#   recorded, like a tape recorder;
# - `tape.gradient(target, sources)` plays the recording backwards and returns
#   $\partial(\text{target})/\partial(\text{source})$ for each source (notebook 07 shows how).
#
# The tape watches trainable Variables by itself. A constant is watched only if you ask
# (`tape.watch(c)`), and a Variable made with `trainable=False` (notebook 05) is never
# watched: its gradient comes back as `None`. For $y = p \cdot q \cdot c$:

# %%
p = tf.Variable(2.0)                   # trainable: watched automatically
q = tf.Variable(3.0, trainable=False)  # not trainable: ignored
c = tf.constant(4.0)                   # a constant: ignored unless watched

with tf.GradientTape() as tape:
    product = p * q * c

grad_p, grad_q, grad_c = tape.gradient(product, [p, q, c])
print("d/dp =", grad_p.numpy(), "  (= q * c)")
print("d/dq =", grad_q, "  (not trainable)")
print("d/dc =", grad_c, "  (a constant nobody watched)")

# %% [markdown]
# Back to the line. The tape's gradients at the start agree with our formulas:

# %%
a = tf.Variable(0.0)
b = tf.Variable(0.0)
with tf.GradientTape() as tape:
    current = loss(a, b)
grad_a, grad_b = tape.gradient(current, [a, b])

residual = y - (a * x + b)
print(f"tape:    dL/da = {float(grad_a):.3f}, dL/db = {float(grad_b):.3f}")
print(f"by hand: dL/da = {float(-2 / n * tf.reduce_sum(residual * x)):.3f}, "
      f"dL/db = {float(-2 / n * tf.reduce_sum(residual)):.3f}")

# %% [markdown]
# > **Read the engine.** `tape.gradient` is a short function: it seeds the target's
# > gradient with ones and walks the recorded operations backwards, asking each one for its
# > local gradient: [`GradientTape.gradient` in
# > `course/engine/tape.py`](../course/engine/tape.py). Notebook 07 takes it apart.
#
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

print(f"after {steps} steps: a = {float(a):.3f}, b = {float(b):.3f}, L = {float(loss(a, b)):.4f}")
print("same losses as by hand:", np.allclose(losses, losses_by_hand, rtol=1e-5))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
line_x = np.linspace(0, 4, 2)
left.scatter(x_np, y_np, s=18, marker="o", color="#0072B2", label="measurements")
left.plot(line_x, float(a) * line_x + float(b), color="#D55E00", linestyle="--", linewidth=2,
          label=f"fitted: y = {float(a):.2f} x + {float(b):.2f}")
left.set_xlabel("load x (kg)")
left.set_ylabel("length y (cm)")
left.set_title("The fitted line")
left.legend()
right.plot(losses, color="#0072B2")
right.set_yscale("log")
right.set_xlabel("step (one update of a and b)")
right.set_ylabel("MSE L (cm², log scale)")
right.set_title("The loss curve")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 6.2: The result of 200 steps.** Left: the thirty measurements (length in cm
# against load in kg) with the fitted line drawn dashed through them, close to
# y = 2 x + 1. Right: the loss curve, the MSE in cm² on a logarithmic axis against the
# step number: it falls from 36 cm² to about 0.3 cm² in the first two steps, then
# flattens and creeps down to its minimum, 0.22 cm², over the remaining steps.
#
# The loss drops fast at first, then slowly: the last stretch of a descent is always the
# longest (notebook 08 shows how to shorten it).

# %% [markdown]
# ## The loss surface and the descent path
#
# $L(a, b)$ is a bowl over the $(a, b)$ plane. Each contour line joins points of equal loss.
# Here is the path the descent took, starting at $(0, 0)$:

# %%
def descend(rate, steps, x=x, y=y):
    """Gradient descent on the MSE from (0, 0); returns the path of (a, b) and the losses."""
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    path, losses = [(0.0, 0.0)], []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            current = tf.reduce_mean((y - (a * x + b)) ** 2)
        grad_a, grad_b = tape.gradient(current, [a, b])
        a.assign_sub(rate * grad_a)
        b.assign_sub(rate * grad_b)
        path.append((float(a), float(b)))
        losses.append(float(current))
    return np.array(path), np.array(losses)


a_grid, b_grid = np.meshgrid(np.linspace(-0.5, 3.5, 81), np.linspace(-2, 4, 81))
# L for every grid point at once: broadcast the grid against the data (axis 2, notebook 04)
residuals = y_np - (a_grid[..., None] * x_np + b_grid[..., None])
surface = (residuals ** 2).mean(axis=2)


COLOUR_BAR_TICKS = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]


def draw_descent(ax, path):
    levels = np.geomspace(0.25, 100, 12)
    contours = ax.contour(a_grid, b_grid, surface, levels=levels, cmap="viridis",
                          norm=plt.matplotlib.colors.LogNorm())
    ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, linestyle="-",
            color="#D55E00", label="descent path")
    ax.plot(a_best, b_best, marker="*", markersize=14, color="black", linestyle="none",
            label="minimum")
    ax.set_xlim(-0.5, 3.5)
    ax.set_ylim(-2, 4)
    ax.set_xlabel("slope a (cm/kg)")
    ax.set_ylabel("intercept b (cm)")
    ax.legend(loc="lower left", fontsize=8)
    return contours


path, _ = descend(learning_rate, 200)
fig, ax = plt.subplots(figsize=(5.8, 4.2))
contours = draw_descent(ax, path)
fig.colorbar(contours, ax=ax, label="MSE L (cm², contour levels)", ticks=COLOUR_BAR_TICKS,
             format="%g")
ax.set_title(f"200 steps, learning rate {learning_rate}")
plt.show()

# %% [markdown]
# **Figure 6.3: The descent path on the loss surface.** Contour lines of the MSE over the
# plane of slope a (cm/kg, horizontal) and intercept b (cm, vertical), from 0.25 cm² near
# the minimum to 100 cm² far from it; the colour bar gives the level of each line, and the
# lines form long, thin ellipses tilted from top left to bottom right. Round markers trace
# the path from (0, 0): the first step jumps across the valley to about a = 2.2, b = 0.8,
# then the path turns and creeps along the valley floor to the minimum, marked by a star
# at a = 2.0, b = 1.14.
#
# The bowl is a long, narrow valley: steep across, almost flat along. The path first drops
# into the valley, then creeps along it towards the minimum.

# %% [markdown]
# ## Choosing the learning rate
#
# Too small, and the descent crawls. Too large, and each step overshoots the valley floor by
# more than it gained: the path zig-zags outwards and the loss explodes. For this loss the
# limit is $\eta < 2/\lambda_{\max}$, where $\lambda_{\max}$ is the largest eigenvalue of
# the matrix of second derivatives, the *Hessian*. For the MSE of a line it is
#
# $$ H = \frac2n X^\top X = \frac2n \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\
#    \sum_i x_i & n \end{pmatrix} . $$

# %%
hessian = 2 / n * XtX.numpy()
eigenvalues = np.linalg.eigvalsh(hessian)
print("eigenvalues:", np.round(eigenvalues, 3))
print(f"largest stable learning rate: 2 / {eigenvalues[-1]:.3f} = {2 / eigenvalues[-1]:.4f}")

# %% [markdown]
# The ratio of the two eigenvalues (about 30 here) is how much steeper the valley is across
# than along; the larger it is, the slower the descent. Move the sliders (in a running
# notebook) to try rates on both sides of the limit; the picture below them shows the
# default values.

# %%
def descent_picture(learning_rate, steps):
    """The path on the loss surface and the loss curve, as a PNG image."""
    path, losses = descend(learning_rate, steps)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    contours = draw_descent(left, path)
    fig.colorbar(contours, ax=left, label="MSE L (cm²)", ticks=COLOUR_BAR_TICKS, format="%g")
    left.set_title(f"learning rate {learning_rate:.4f}, {steps} steps")
    right.plot(np.minimum(losses, 1e6), color="#0072B2", marker=".")
    right.set_yscale("log")
    right.set_xlabel("step")
    right.set_ylabel("MSE L (cm², log scale, capped at 1e6)")
    right.set_title("diverges!" if losses[-1] > losses[0] else f"final L = {losses[-1]:.3f} cm²")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return Image(buffer.getvalue())


rate_slider = widgets.FloatSlider(value=0.075, min=0.0075, max=0.18, step=0.0075,
                                  readout_format=".4f", description="learning rate")
steps_slider = widgets.IntSlider(value=40, min=1, max=200, description="steps")
display(widgets.HBox([rate_slider, steps_slider]))
picture = display(descent_picture(rate_slider.value, steps_slider.value), display_id=True)


def redraw(change):
    picture.update(descent_picture(rate_slider.value, steps_slider.value))


rate_slider.observe(redraw, names="value")
steps_slider.observe(redraw, names="value")

# %% [markdown]
# **Figure 6.4: An interactive descent.** Two sliders, "learning rate" (0.0075 to 0.18)
# and "steps" (1 to 200), above a picture that follows them. At the defaults, rate 0.075
# and 40 steps, the left panel shows the same contour map as Figure 6.3 with a shorter
# path that has crossed the valley and nearly reached the star; the right panel shows the
# loss (MSE in cm², log scale, one dot per step) falling over the 40 steps, with the final
# loss in its title.
# Rates above the limit printed above make the path zig-zag outwards and the right panel's
# title read "diverges!".
#
# A rate just above the limit, for the record:

# %%
_, diverging = descend(0.1725, 40)
print(f"learning rate 0.1725: L goes from {diverging[0]:.0f} to {diverging[-1]:.3g} cm² in 40 steps")

# %% [markdown]
# ## The same model as a one-unit Dense layer
#
# Keras builds networks out of *layers*. A `Dense` layer with one unit computes
# $x W + b$ for a batch of inputs $x$, one example per row: with one input feature, that is
# exactly $a x + b$, with $W$ a $1 \times 1$ matrix (Keras calls it the *kernel*). It
# expects a batch of rows, so the 30 loads become a $30 \times 1$ column, and so must the
# lengths: a `(30, 1)` prediction minus a `(30,)` target would be notebook 04's
# `(30, 30)` bug.
#
# A Keras *optimizer* does the `assign_sub` for us: `SGD` (stochastic gradient descent)
# with a learning rate takes the gradients and updates each Variable by
# $-\eta \cdot \text{gradient}$. Starting from zeros, this is the same descent:

# %%
layer = tf.keras.layers.Dense(1, kernel_initializer="zeros")
optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)
x_column = tf.reshape(x, [-1, 1])
y_column = tf.reshape(y, [-1, 1])
layer(x_column)  # the first call creates kernel and bias, for one input feature

for step in range(steps):
    with tf.GradientTape() as tape:
        current = tf.reduce_mean((y_column - layer(x_column)) ** 2)
    gradients = tape.gradient(current, layer.trainable_variables)
    optimizer.apply_gradients(zip(gradients, layer.trainable_variables))

print(f"kernel = {float(layer.kernel[0, 0]):.3f}, bias = {float(layer.bias[0]):.3f}")

# %% [markdown]
# The same $a$ and $b$ as our own loop.
#
# > **Read the engine.** The layer's whole computation is one line,
# > `inputs @ kernel + bias` then the activation:
# > [`Dense.call` in `course/engine/keras/layers.py`](../course/engine/keras/layers.py). The
# > optimizer's step for each Variable is
# > [`SGD.update_step` in `course/engine/keras/optimizers.py`](../course/engine/keras/optimizers.py).
#
# A neural network is many such layers with a bend (an *activation*) between them, trained
# by exactly this loop. Notebook 07 shows how the tape finds gradients through them;
# notebook 12 builds a network with Keras and lets `model.fit` run the loop.

# %% [markdown]
# ## Exercises
#
# The exercises use five points: `x = [0, 1, 2, 3, 4]` and `y = [1.1, 2.9, 5.2, 7.1, 8.8]`,
# and the MSE as the loss.
#
# **linear-regression.1** Write `least_squares(x, y)`: it returns the best `(a, b)` for two
# `float32` tensors, by building the design matrix and solving the normal equations (or with
# the formulas for one input).

# %%
def least_squares(x, y):
    return ...  # your code here


check("linear-regression.1", least_squares)

# %% [markdown]
# **linear-regression.2** Write `gradients(a, b, x, y)`: it returns
# $(\partial L/\partial a,\ \partial L/\partial b)$ of the MSE, from the formulas derived
# above (no tape).

# %%
def gradients(a, b, x, y):
    return ...  # your code here


check("linear-regression.2", gradients)

# %% [markdown]
# **linear-regression.3** For the five points, which of the learning rates
# `0.05, 0.1, 0.14, 0.2` is the largest one for which gradient descent still converges?
# Try them with `descend(rate, 50, x=..., y=...)` and look at the losses (or work out
# $2/\lambda_{\max}$ of their Hessian).

# %%
answer = ...
check("linear-regression.3", answer)
