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
# ## Standardizing
#
# The *z-score* of a value says how many standard deviations it lies from the mean:
#
# $$ z_i = \frac{x_i - \bar x}{\sigma} . $$
#
# After standardizing, the values have mean 0 and standard deviation 1, whatever their
# original units (metres, euros, degrees).

# %%
rng = np.random.default_rng(0)
x_np = rng.uniform(0, 10, size=30).astype(np.float32)
y_np = (3 * x_np + 20 + rng.normal(0, 2, size=30)).astype(np.float32)
x, y = tf.constant(x_np), tf.constant(y_np)

mean, std = tf.reduce_mean(x), tf.math.reduce_std(x)
z = (x - mean) / std
print(f"x: mean {float(mean):.3f}, std {float(std):.3f}")
# round, then add 0.0, so that a tiny negative rounding error prints as 0.000, not -0.000
print(f"z: mean {round(float(tf.reduce_mean(z)), 3) + 0.0:.3f}, std {float(tf.math.reduce_std(z)):.3f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
left.scatter(x_np, y_np, s=15)
left.set_xlabel("x (original units)")
left.set_ylabel("y")
right.scatter(z.numpy(), y_np, s=15, color="tab:orange")
right.set_xlabel("z (standardized)")
for ax in (left, right):
    ax.axvline(0, color="gray", linewidth=0.8)
plt.show()

# %% [markdown]
# Same points, shifted and squeezed along the horizontal axis: the relation between input
# and output is untouched, it is still a straight line.

# %% [markdown]
# ## Why scale matters to gradient descent
#
# For the line $a x + b$ with $E = \tfrac12 \sum_i (y_i - a x_i - b)^2$ (notebook 09), the
# curvature of the loss surface is the matrix
#
# $$ H = \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & n \end{pmatrix} . $$
#
# Its largest eigenvalue $\lambda_{\max}$ limits the learning rate ($\eta < 2/\lambda_{\max}$);
# its smallest, $\lambda_{\min}$, sets how slowly the flattest direction is crossed. Their
# ratio, the *condition number*, is roughly the number of steps descent needs. For
# standardized inputs $\sum_i z_i = 0$ and $\sum_i z_i^2 = n$, so $H = n I$: a round bowl,
# condition number 1.

# %%
def curvature(inputs):
    h = np.array([[np.sum(inputs ** 2), np.sum(inputs)], [np.sum(inputs), len(inputs)]])
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
minimum = 0.5 * np.sum((y_np - np.polyval(best, x_np)) ** 2)


def fit(inputs, rate, max_steps=2000):
    """Gradient descent from (0, 0) until E is within 0.1% of the minimum.

    Returns the losses (the last one is the first that is close enough) and (a, b).
    """
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    losses = []
    for _ in range(max_steps):
        with tf.GradientTape() as tape:
            current = 0.5 * tf.reduce_sum((y - (a * inputs + b)) ** 2)
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
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5), gridspec_kw={"width_ratios": [2, 1]})
left.plot(losses_x - minimum, label="raw x")
left.plot(losses_z - minimum, "o-", label="standardized z")
left.set_yscale("log")
left.set_xlabel("step")
left.set_ylabel("E − minimum (log scale)")
left.legend()
right.bar(["raw x", "standardized z"], [steps_x, steps_z], color=["tab:blue", "tab:orange"])
right.set_yscale("log")
right.set_ylabel("steps to converge (log scale)")
for i, n in enumerate([steps_x, steps_z]):
    right.text(i, n, str(n), ha="center", va="bottom")
plt.show()

# %% [markdown]
# Hundreds of steps against one. (Left, each curve stops when it is within 0.1% of the
# minimum.) With standardized inputs the bowl is round, so the
# gradient points straight at the minimum and a step of $1/\lambda_{\max}$ lands on it. With
# inputs between 0 and 10 the valley is long and thin: the safe rate is set by the steep
# direction, and the flat direction (mostly $b$) is crossed at a crawl. Inputs in the
# hundreds or thousands would make it thousands of times worse, which is why neural
# networks are almost always fed standardized (or similarly scaled) inputs.

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
# **11.1** Compute the mean and the standard deviation (dividing by $n$) of
# `[2, 4, 4, 4, 5, 5, 7, 9]`. Answer with the pair `(mean, std)`.

# %%
answer = ...
check("11.1", answer)

# %% [markdown]
# **11.2** Write `standardize(x)` for a 1-D `float32` tensor.

# %%
def standardize(x):
    return ...  # your code here


check("11.2", standardize)

# %% [markdown]
# **11.3** Write `to_original(a_z, b_z, mean, std)` that turns a line fitted on standardized
# inputs into `(a, b)` for the original inputs.

# %%
def to_original(a_z, b_z, mean, std):
    return ...  # your code here


check("11.3", to_original)
