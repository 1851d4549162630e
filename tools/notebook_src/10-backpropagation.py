# %% [markdown]
# # Backpropagation
#
# A `GradientTape` gives gradients of anything you compute. How? It applies the chain rule,
# one operation at a time, from the output back to the inputs. This is *backpropagation*.
#
# **What you will learn**
# - the chain rule, and how it splits a derivative into local pieces
# - a worked example, $y = (w_1 x_1 + w_2 x_2)^2$: by hand, with the tape, and checked numerically
# - the computation graph, with values flowing forward and gradients flowing backward
# - backpropagation through a two-layer network, by hand and with the tape

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import graphviz
from IPython.display import Image, display

import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## The chain rule
#
# If $y$ depends on $s$, and $s$ depends on $w$, then a small change in $w$ changes $s$, which
# changes $y$. The rates multiply:
#
# $$ \frac{dy}{dw} = \frac{dy}{ds} \cdot \frac{ds}{dw} . $$
#
# Each factor is *local*: $dy/ds$ only needs to know how $y$ is computed from $s$. That is
# what makes the rule mechanical: every operation only has to know its own derivative.

# %% [markdown]
# ## A worked example
#
# Take $y = (w_1 x_1 + w_2 x_2)^2$ and split it into two steps:
#
# $$ s = w_1 x_1 + w_2 x_2, \qquad y = s^2 . $$
#
# The local derivatives are $\dfrac{dy}{ds} = 2s$ and $\dfrac{\partial s}{\partial w_1} = x_1$,
# $\dfrac{\partial s}{\partial w_2} = x_2$, so by the chain rule
#
# $$
# \frac{\partial y}{\partial w_1} = 2s \cdot x_1, \qquad
# \frac{\partial y}{\partial w_2} = 2s \cdot x_2 .
# $$
#
# With $w_1 = 2$, $w_2 = -1$, $x_1 = 3$, $x_2 = 4$: $s = 6 - 4 = 2$, $y = 4$, and the
# gradients are $2 \cdot 2 \cdot 3 = 12$ and $2 \cdot 2 \cdot 4 = 16$.

# %% [markdown]
# **By hand**, the forward pass first (remembering $s$), then the backward pass:

# %%
w1, w2 = tf.constant(2.0), tf.constant(-1.0)
x1, x2 = tf.constant(3.0), tf.constant(4.0)

# forward
s = w1 * x1 + w2 * x2
y = s ** 2
# backward: start from dy/dy = 1 and multiply by each local derivative
dy_ds = 2 * s
dy_dw1 = dy_ds * x1
dy_dw2 = dy_ds * x2
print(f"s = {float(s)}, y = {float(y)}")
print(f"dy/dw1 = {float(dy_dw1)}, dy/dw2 = {float(dy_dw2)}")

# %% [markdown]
# **With the tape**, which records the forward pass and runs the backward pass for us:

# %%
w1, w2 = tf.Variable(2.0), tf.Variable(-1.0)
with tf.GradientTape() as tape:
    s = w1 * x1 + w2 * x2
    y = s ** 2
grad_w1, grad_w2 = tape.gradient(y, [w1, w2])
print(f"dy/dw1 = {float(grad_w1)}, dy/dw2 = {float(grad_w2)}")

# %% [markdown]
# **Numerically**, with no chain rule at all: nudge each input by a small $\delta$ and measure
#
# $$ \frac{\partial y}{\partial w_j} \approx \frac{y(w_j + \delta) - y(w_j - \delta)}{2\delta} . $$
#
# `tf.test.compute_gradient` does this and returns both Jacobians, the tape's
# ("theoretical") and the measured one ("numerical"). We pass $w = (w_1, w_2)$ as one
# `float64` vector, so the measurement is precise.

# %%
x = tf.constant([3.0, 4.0], dtype=tf.float64)


def y_of(w):
    return tf.reduce_sum(w * x) ** 2


theoretical, numerical = tf.test.compute_gradient(y_of, [tf.constant([2.0, -1.0], tf.float64)])
print("tape:     ", np.round(theoretical[0], 6))
print("numerical:", np.round(numerical[0], 6))

# %% [markdown]
# All three agree. The numerical check costs two evaluations of $y$ per input, too slow for
# training, but it is how the engine's own tests make sure every gradient is right.

# %% [markdown]
# ## The computation graph
#
# The tape sees the computation as a graph. The forward pass (along the arrows) computes
# values from the inputs to $y$. The backward pass (red labels, against the arrows) starts
# with $\partial y/\partial y = 1$ and sends gradients back along every edge, each node
# multiplying by its local derivative:
# the square sends $2s \cdot 1 = 4$ to $s$, the sum passes $4$ to both products unchanged,
# and each product sends $4 \cdot x_j$ to $w_j$.

# %%
graph = graphviz.Digraph(graph_attr={"rankdir": "LR", "dpi": "80"},
                         node_attr={"shape": "box", "style": "rounded", "fontname": "Helvetica"},
                         edge_attr={"fontname": "Helvetica", "fontsize": "11"})
values = {"w1": "w₁ = 2", "x1": "x₁ = 3", "w2": "w₂ = −1", "x2": "x₂ = 4",
          "p1": "× : w₁x₁ = 6", "p2": "× : w₂x₂ = −4", "s": "+ : s = 2", "y": "square : y = 4"}
grads = {"w1": "12", "x1": "8", "w2": "16", "x2": "−4", "p1": "4", "p2": "4", "s": "4", "y": "1"}
for name, label in values.items():
    graph.node(name, f"{label}\n∂y/∂· = {grads[name]}")
for src, dst in [("w1", "p1"), ("x1", "p1"), ("w2", "p2"), ("x2", "p2"),
                 ("p1", "s"), ("p2", "s"), ("s", "y")]:
    # the edge points forward; its red label is the gradient that flows back along it
    graph.edge(src, dst, label=f"← {grads[src]}", fontcolor="red")
display(Image(graph.pipe(format="png")))

# %% [markdown]
# Each box shows its forward value and the gradient $\partial y/\partial(\cdot)$ it receives;
# each red label is the gradient travelling back along that edge. Notice the pattern of a
# product: the gradient for $w_1$ is the upstream gradient times the *other* factor, $x_1$.
#
# If a value is used twice, its gradient is the *sum* of what comes back along both edges.
# The tape handles that too.

# %% [markdown]
# ## A two-layer network
#
# Now a small network: 3 inputs, a hidden layer of 4 units with $\tanh$, and one output.
# For a batch $X$ (one example per row) and targets $t$:
#
# $$
# Z = X W_1 + b_1, \quad H = \tanh(Z), \quad \hat y = H W_2 + b_2, \quad
# E = \tfrac12 \sum (\hat y - t)^2 .
# $$
#
# Backward, each line uses the one before it ($\odot$ is the elementwise product, and
# $\tanh'(z) = 1 - \tanh^2(z)$):
#
# $$
# \begin{aligned}
# \frac{\partial E}{\partial \hat y} &= \hat y - t, &
# \frac{\partial E}{\partial W_2} &= H^\top \frac{\partial E}{\partial \hat y}, &
# \frac{\partial E}{\partial b_2} &= \textstyle\sum_{\text{rows}} \frac{\partial E}{\partial \hat y}, \\
# \frac{\partial E}{\partial H} &= \frac{\partial E}{\partial \hat y} W_2^\top, &
# \frac{\partial E}{\partial Z} &= \frac{\partial E}{\partial H} \odot (1 - H^2), &
# \frac{\partial E}{\partial W_1} &= X^\top \frac{\partial E}{\partial Z}, \quad
# \frac{\partial E}{\partial b_1} = \textstyle\sum_{\text{rows}} \frac{\partial E}{\partial Z} .
# \end{aligned}
# $$
#
# The transposes are what make the shapes fit: a gradient always has the shape of the thing
# it is the gradient of.

# %%
rng = np.random.default_rng(0)
X = tf.constant(rng.normal(size=(5, 3)), tf.float32)
t = tf.constant(rng.normal(size=(5, 1)), tf.float32)
W1 = tf.Variable(rng.normal(size=(3, 4)) * 0.5, dtype=tf.float32)
b1 = tf.Variable(tf.zeros([4]))
W2 = tf.Variable(rng.normal(size=(4, 1)) * 0.5, dtype=tf.float32)
b2 = tf.Variable(tf.zeros([1]))

# forward, keeping what the backward pass needs
Z = X @ W1 + b1
H = tf.tanh(Z)
y_hat = H @ W2 + b2
E = 0.5 * tf.reduce_sum((y_hat - t) ** 2)

# backward, by hand
dE_dy = y_hat - t
dE_dW2 = tf.transpose(H) @ dE_dy
dE_db2 = tf.reduce_sum(dE_dy, axis=0)
dE_dH = dE_dy @ tf.transpose(W2)
dE_dZ = dE_dH * (1 - H ** 2)
dE_dW1 = tf.transpose(X) @ dE_dZ
dE_db1 = tf.reduce_sum(dE_dZ, axis=0)
by_hand = [dE_dW1, dE_db1, dE_dW2, dE_db2]

# the tape
with tf.GradientTape() as tape:
    y_hat = tf.tanh(X @ W1 + b1) @ W2 + b2
    E = 0.5 * tf.reduce_sum((y_hat - t) ** 2)
by_tape = tape.gradient(E, [W1, b1, W2, b2])

print(f"E = {float(E):.4f}")
for name, mine, theirs in zip(["W1", "b1", "W2", "b2"], by_hand, by_tape):
    same = np.allclose(mine.numpy(), theirs.numpy(), atol=1e-5)
    print(f"dE/d{name}: shape {mine.shape}, by hand == tape: {same}")
print("dE/dW2 =", np.round(by_tape[2].numpy().ravel(), 3))

# %% [markdown]
# That is backpropagation: the forward pass stores intermediate values, the backward pass
# walks the same operations in reverse, each turning the gradient of its output into
# gradients of its inputs. The tape does exactly this for any chain of operations: its
# backward loop, `GradientTape._backward` in the engine's `tape.py`, is about twenty lines.

# %% [markdown]
# ## Exercises
#
# **10.1** For $y = (w_1 x_1 + w_2 x_2)^2$ at $w = (1, 2)$ and $x = (3, -1)$, work out
# $(\partial y/\partial w_1,\ \partial y/\partial w_2)$ by hand. Answer with the pair of numbers.

# %%
answer = ...
check("10.1", answer)

# %% [markdown]
# **10.2** The sigmoid $\sigma(z) = 1/(1 + e^{-z})$ has a neat derivative. Write
# `sigmoid_grad(z)` that computes $\sigma'(z)$ for a `float32` tensor, using `tf.sigmoid`.
# (Compare with a tape if unsure.)

# %%
def sigmoid_grad(z):
    return ...  # your code here


check("10.2", sigmoid_grad)

# %% [markdown]
# **10.3** Use a `GradientTape` to compute the derivative of $y = \sin(x) \cdot x^2$ at
# $x = 1.5$. Remember that a tape only follows a constant you `watch`.

# %%
answer = ...
check("10.3", answer)
