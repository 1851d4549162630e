# %% [markdown]
# # Standardization
#
# Gradient descent is fast when the loss surface is a round bowl and slow when it is a
# long, narrow valley. The shape of the valley depends on the *scale* of the inputs, and a
# one-line transformation, standardization, makes it round.
#
# **What you will learn**
# - mean, variance and standard deviation, and the z-score $z = (x - \bar x)/\sigma$
# - why inputs far from zero make gradient descent slow
# - the same regression with and without standardized inputs, and how many steps each needs
# - the condition number, and how the number of steps grows with it
# - how to turn a line fitted on standardized inputs back into the original units

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## Mean, variance, standard deviation
#
# For values $x_1, \dots, x_n$:
#
# $$
# \bar x = \frac1n \sum_i x_i, \qquad
# \sigma^2 = \frac1n \sum_i (x_i - \bar x)^2, \qquad
# \sigma = \sqrt{\sigma^2} .
# $$
#
# The mean is the centre, the standard deviation $\sigma$ the typical distance from it (in
# the same units as $x$). TensorFlow divides by $n$, as here; some statistics texts divide by
# $n - 1$ for a sample, which differs little for large $n$.

# %%
x_small = tf.constant([2.0, 4.0, 6.0, 8.0])
print("mean    ", float(tf.reduce_mean(x_small)))
print("variance", float(tf.math.reduce_variance(x_small)))
print("std     ", round(float(tf.math.reduce_std(x_small)), 4))
print("by hand ", round(float(tf.sqrt(tf.reduce_mean((x_small - tf.reduce_mean(x_small)) ** 2))), 4))

# %% [markdown]
# > **Read the engine.** `tf.math.reduce_std` is the square root of `reduce_variance`, which
# > is the mean of the squared distances from the mean, as in the formula:
# > [`reduce_variance` in `course/engine/ops/reduce_ops.py`](../course/engine/ops/reduce_ops.py).

# %% [markdown]
# ## Standardizing
#
# The *z-score* of a value says how many standard deviations it lies from the mean:
#
# $$ z_i = \frac{x_i - \bar x}{\sigma} . $$
#
# After standardizing, the values have mean 0 and standard deviation 1, whatever their
# original units (metres, euros, degrees).

# %% [markdown]
# Our example: thirty taxi rides, their distance in km and their fare in euros. (Simulated:
# 20 € to start plus 3 € per km, and some noise for traffic.)

# %%
rng = np.random.default_rng(0)
x_np = rng.uniform(0, 10, size=30).astype(np.float32)                     # distance, km
y_np = (3 * x_np + 20 + rng.normal(0, 2, size=30)).astype(np.float32)     # fare, €
x, y = tf.constant(x_np), tf.constant(y_np)

mean, std = tf.reduce_mean(x), tf.math.reduce_std(x)
z = (x - mean) / std
print(f"x: mean {float(mean):.3f}, std {float(std):.3f}")
# round, then add 0.0, so that a tiny negative rounding error prints as 0.000, not -0.000
print(f"z: mean {round(float(tf.reduce_mean(z)), 3) + 0.0:.3f}, std {float(tf.math.reduce_std(z)):.3f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), sharey=True)
left.scatter(x_np, y_np, s=18, marker="o", color="#0072B2")
left.set_xlabel("distance x (km)")
left.set_ylabel("fare y (€)")
left.set_title("Original input")
right.scatter(z.numpy(), y_np, s=22, marker="^", color="#D55E00")
right.set_xlabel("standardized distance z (standard deviations, no unit)")
right.set_title("Standardized input")
for ax in (left, right):
    ax.axvline(0, color="gray", linewidth=0.8, linestyle=":")
fig.suptitle("The same thirty rides, before and after standardizing the input", y=1.02)
plt.show()

# %% [markdown]
# **Figure 8.1: Standardizing moves and rescales the input axis only.** Two scatter plots
# of the same thirty taxi rides with the same vertical axis, fare from about 20 to 50 €.
# Left (round markers): against the distance in km, spread from 0 to 10 km, all to the
# right of the dotted line at 0. Right (triangles): against the standardized distance, spread
# from about −1.7 to 1.5 standard deviations and centred on the dotted line at 0. Both
# clouds rise along a straight line with the same shape.

# %% [markdown]
# Same points, shifted and squeezed along the horizontal axis: the relation between input
# and output is untouched, it is still a straight line.

# %% [markdown]
# ## Why scale matters to gradient descent
#
# Fit the line $a x + b$ with the loss of notebook 06, the mean squared error
# $L = \frac1n \sum_i (y_i - a x_i - b)^2$. The curvature of the loss surface is its
# Hessian (notebook 06),
#
# $$ H = \frac2n \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & n \end{pmatrix} . $$
#
# Its largest eigenvalue $\lambda_{\max}$ limits the learning rate ($\eta < 2/\lambda_{\max}$);
# its smallest, $\lambda_{\min}$, is the curvature along the flattest direction, which is
# crossed slowest. Their ratio $\kappa = \lambda_{\max}/\lambda_{\min}$ is the
# **condition number**. For standardized inputs $\sum_i z_i = 0$ and $\sum_i z_i^2 = n$, so
# $H = 2I$: a round bowl, condition number 1.

# %%
def curvature(inputs):
    """The eigenvalues of the MSE's Hessian for a line fitted to these inputs."""
    n = len(inputs)
    h = 2 / n * np.array([[np.sum(inputs ** 2), np.sum(inputs)], [np.sum(inputs), n]])
    return np.linalg.eigvalsh(h)  # smallest first


for name, inputs in (("x", x_np), ("z", z.numpy())):
    low, high = curvature(inputs)
    print(f"{name}: eigenvalues {low:8.2f} {high:8.2f}   condition number {high / low:6.1f}")

# %% [markdown]
# ## The same regression, twice
#
# We run gradient descent on both versions, each with the learning rate $\eta = 1/\lambda_{\max}$
# (half the limit, a safe choice), and count the steps until the loss is within 0.1% of its
# minimum.

# %%
best = np.polyfit(x_np, y_np, 1)
minimum = np.mean((y_np - np.polyval(best, x_np)) ** 2)


def fit(inputs, rate, max_steps=2000):
    """Gradient descent on the MSE from (0, 0) until L is within 0.1% of the minimum.

    Returns the losses (the last one is the first that is close enough) and (a, b).
    """
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    losses = []
    for _ in range(max_steps):
        with tf.GradientTape() as tape:
            current = tf.reduce_mean((y - (a * inputs + b)) ** 2)
        losses.append(float(current))
        if losses[-1] - minimum < 1e-3 * minimum:
            break
        grad_a, grad_b = tape.gradient(current, [a, b])
        a.assign_sub(rate * grad_a)
        b.assign_sub(rate * grad_b)
    return np.array(losses), (float(a), float(b))


losses_x, line_x = fit(x, float(1 / curvature(x_np)[1]))
losses_z, line_z = fit(z, float(1 / curvature(z.numpy())[1]))
steps_x, steps_z = len(losses_x) - 1, len(losses_z) - 1
print(f"raw x:        steps to converge {steps_x:4d}, a   = {line_x[0]:.3f}, b   = {line_x[1]:.3f}")
print(f"standardized: steps to converge {steps_z:4d}, a_z = {line_z[0]:.3f}, b_z = {line_z[1]:.3f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [2, 1]})
floor = 1e-4  # a gap of (almost) zero is drawn at this floor: a log axis has no zero
left.plot(np.arange(1, steps_x + 2), np.maximum(losses_x - minimum, floor), color="#0072B2",
          linestyle="-", label=f"raw x ({steps_x} steps)")
left.plot(np.arange(1, steps_z + 2), np.maximum(losses_z - minimum, floor), color="#D55E00",
          linestyle="--", marker="s", markersize=8, label=f"standardized z ({steps_z} step)")
left.axhline(1e-3 * minimum, color="gray", linestyle=":", label="0.1% of the minimum")
left.set_xscale("log")
left.set_yscale("log")
left.set_ylim(floor / 2, None)
left.set_xlabel("step + 1 (log scale)")
left.set_ylabel("L − minimum (€², log scale)")
left.set_title("Distance to the minimum")
left.legend(fontsize=8)
bars = right.bar(["raw x", "standardized z"], [steps_x, steps_z], color=["#0072B2", "#D55E00"])
for bar, hatch in zip(bars, ["//", ".."]):
    bar.set_hatch(hatch)
right.set_yscale("log")
right.set_ylabel("steps to converge (log scale)")
right.set_title("Steps needed")
for i, count in enumerate([steps_x, steps_z]):
    right.text(i, count, str(count), ha="center", va="bottom")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 8.2: Standardized inputs converge in one step, raw inputs in hundreds.** Left:
# the loss minus its minimum (€², log scale) against the step number plus one (log scale,
# so that the first steps are visible). Both runs start about 1,400 €² above the minimum.
# The standardized run (dashed, square markers) has just two points: after a single step it
# is at the minimum (drawn at the bottom edge, since a log axis has no zero). The raw run
# (solid line) falls to about 100 €² in its first step, then stays almost level for about
# a hundred steps while it creeps along the valley, and only then drops, crossing the
# dotted 0.1% line at the last step. Right: bars of the step counts on a log scale,
# labelled with the counts printed above (hatched with slashes for raw x, with dots for
# standardized z).
#
# With standardized inputs the bowl is round, so the gradient points straight at the
# minimum and a step of $1/\lambda_{\max}$ lands on it. With inputs between 0 and 10 the
# valley is long and thin: the safe rate is set by the steep direction, and the flat
# direction (mostly $b$) is crossed at a crawl.
#
# How many steps exactly? With $\eta = 1/\lambda_{\max}$, each step shrinks the error along
# the flattest direction by the factor $1 - 1/\kappa$, and the loss (a square) by
# $(1 - 1/\kappa)^2$. To shrink the loss gap by a factor $R$ takes about
#
# $$ \text{steps} \approx \frac{\kappa}{2} \ln R , $$
#
# so the number of steps grows **in proportion to the condition number, times the logarithm
# of the accuracy you want**. Not κ itself: asking for ten times more accuracy costs a fixed
# number of extra steps, while doubling κ doubles them all.

# %%
low, high = curvature(x_np)
kappa = high / low
gap_ratio = (losses_x[0] - minimum) / (1e-3 * minimum)
print(f"condition number κ = {kappa:.1f}, loss gap to shrink by R = {gap_ratio:,.0f}")
print(f"estimate (κ/2)·ln R = {kappa / 2 * np.log(gap_ratio):.0f} steps; measured: {steps_x}")

# %% [markdown]
# The estimate is an upper bound: most of the gap lies along the steep direction and is gone
# after the first few steps. Inputs in the hundreds or thousands would make κ, and the step
# count, thousands of times larger, which is why neural networks are almost always fed
# standardized (or similarly scaled) inputs.

# %% [markdown]
# ## Back to the original units
#
# The line fitted on $z$ is $y = a_z z + b_z$. Substituting $z = (x - \bar x)/\sigma$ gives a
# line in $x$ again:
#
# $$ y = \frac{a_z}{\sigma} x + \Bigl(b_z - \frac{a_z \bar x}{\sigma}\Bigr) . $$

# %%
a_z, b_z = line_z
print(f"from z:        a = {a_z / float(std):.3f}, b = {b_z - a_z * float(mean) / float(std):.3f}")
print(f"least squares: a = {best[0]:.3f}, b = {best[1]:.3f}")

# %% [markdown]
# Remember to standardize new inputs with the *same* $\bar x$ and $\sigma$ that were used
# for training, not with statistics of the new data.

# %% [markdown]
# ## Exercises
#
# **standardization.1** Compute the mean and the standard deviation (dividing by $n$) of
# `[2, 4, 4, 4, 5, 5, 7, 9]`. Answer with the pair `(mean, std)`.

# %%
answer = ...
check("standardization.1", answer)

# %% [markdown]
# **standardization.2** Write `standardize(x)` for a 1-D `float32` tensor.

# %%
def standardize(x):
    return ...  # your code here


check("standardization.2", standardize)

# %% [markdown]
# **standardization.3** Write `to_original(a_z, b_z, mean, std)` that turns a line fitted on standardized
# inputs into `(a, b)` for the original inputs.

# %%
def to_original(a_z, b_z, mean, std):
    return ...  # your code here


check("standardization.3", to_original)
