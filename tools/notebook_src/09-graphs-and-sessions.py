# %% [markdown]
# # Graphs and sessions: code as a graph
#
# So far every line ran the moment we wrote it. TensorFlow can also look at a whole
# computation before running it, as a *graph*, and then run that graph as often as it
# likes. This is how models are sped up, saved and drawn.
#
# **What you will learn**
# - a computation as a graph: operations are the nodes, tensors flow along the edges
# - `tf.function`: tracing a Python function into a graph once, then reusing it
# - looking at a traced graph: its operations as text, and drawn as a picture
# - TensorFlow 1's style, a graph with placeholders run by `Session.run(..., feed_dict=...)`,
#   next to TensorFlow 2's plain function call
# - writing a graph for TensorBoard with `tf.summary.trace_on` / `trace_export`, and
#   finding it in the Graphs tab

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

from IPython.display import Image, display

import course.engine as tf
from course.engine.graph_drawing import to_png, to_text  # the course's drawing helpers
from course.exercises import check

# The project's logs/ folder (next to notebooks/) is the one TensorBoard watches.
# This notebook writes to one fixed subfolder and empties it first: a clean run every time.
LOGS = Path("../logs/09-graphs")
shutil.rmtree(LOGS, ignore_errors=True)

# %% [markdown]
# ## A computation is a graph
#
# Take one layer of a neural network, for an input row $x$, weights $W$ and bias $b$:
#
# $$ y = \operatorname{relu}(x W + b), \qquad \operatorname{relu}(z) = \max(z, 0). $$
#
# Three operations: a matrix product, an addition, a relu. Each takes tensors and makes a
# new one, which the next operation uses. Drawn as a graph, the operations are the
# **nodes** and the tensors are the **edges** between them:
#
# $$ x,\ W \;\longrightarrow\; \mathtt{MatMul} \;\longrightarrow\; \mathtt{AddV2}
#    \;\longleftarrow\; b, \qquad \mathtt{AddV2} \;\longrightarrow\; \mathtt{Relu}
#    \;\longrightarrow\; y $$
#
# Run normally ("eagerly"), Python executes the three operations one after the other
# and forgets how the result came about. (The layer computes $xW + b$ with $x$ a row, as
# Keras's `Dense` does: notebook 06.)

# %%
def dense(x, W, b):
    return tf.nn.relu(x @ W + b)


x = tf.constant([[1.0, 2.0]])
W = tf.constant([[3.0, -1.0], [-1.0, 2.0]])
b = tf.constant([1.0, 0.5])
print(dense(x, W, b))

# %% [markdown]
# ## Tracing with `tf.function`
#
# `tf.function` turns a Python function into a *graph function*. The first call
# **traces** it: the Python body runs once with symbolic tensors (they have a dtype and a
# shape, but no values yet), and every operation it meets becomes a node of a graph.
# Later calls with tensors of the same dtype and shape skip Python and run the graph.
#
# A Python `print` inside shows when tracing happens, because it runs only then:

# %%
@tf.function
def dense_graph(x, W, b):
    print("tracing with x =", x)
    return tf.nn.relu(x @ W + b)


print(dense_graph(x, W, b))
print(dense_graph(x + 1.0, W, b))  # same dtype and shape: no tracing
print("traced", dense_graph.experimental_get_tracing_count(), "time(s)")

# %% [markdown]
# The symbolic `x` printed during tracing has no values, only a name, a shape and a dtype.
# A new shape needs a new graph, so it traces again:

# %%
print(dense_graph(tf.constant([[1.0, 2.0], [-3.0, 1.0]]), W, b))
print("traced", dense_graph.experimental_get_tracing_count(), "time(s)")

# %% [markdown]
# Python numbers and other non-tensor arguments are part of the trace by their *value*:
# `f(1)` and `f(2)` make two graphs. Pass tensors for data that changes. And if one graph
# should serve every batch size, say so with an `input_signature`, where `None` means
# "any size":
#
# ```python
# @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32), ...])
# ```

# %% [markdown]
# ## Looking at the graph
#
# `get_concrete_function` returns the traced function for some inputs, and its `.graph`
# is the graph itself. Its operations, in the order they were added:

# %%
concrete = dense_graph.get_concrete_function(x, W, b)
graph = concrete.graph
for op in graph.get_operations():
    print(f"{op.name:<9} {op.type:<12} inputs: {[t.name for t in op.inputs]}")

# %% [markdown]
# Each input becomes a `Placeholder`; the `Identity` at the end marks the output. A
# tensor is named after the operation that makes it, plus its output number: `add:0`
# is the first (here the only) output of the operation `add`.
#
# > **Read the engine.** Eager code and tracing run the very same operations. Every
# > operation goes through one function, which converts and checks the inputs and then
# > either runs NumPy (eagerly) or adds a node to the graph being traced (inside
# > `tf.function`), and tells any recording `GradientTape`:
# > [`execute` in `course/engine/execute.py`](../course/engine/execute.py).
#
# The course has two helpers of its own for looking at graphs (TensorFlow leaves that to
# TensorBoard, see below). `to_text` prints the graph as equations, with the dtype and
# shape of each result:

# %%
print(to_text(graph))

# %% [markdown]
# And `to_png` draws it (with Graphviz): operations are boxes, and each arrow is a tensor,
# labelled with its dtype and shape.

# %%
display(Image(to_png(graph, title="The traced graph of dense_graph(x, W, b)")))

# %% [markdown]
# **Figure 9.1: The graph that tracing recorded.** Boxes for operations, from top to
# bottom, joined by arrows labelled with the dtype and shape of the tensor they carry. Two
# boxes marked `Placeholder`, the inputs x (float32 (1, 2)) and W (float32 (2, 2)), feed a
# `MatMul` box. Its result (1, 2) and a third `Placeholder`, b (float32 (2,)), feed the box
# `add` of type `AddV2`. Then come `Relu` and `Identity`, and an arrow labelled
# float32 (1, 2) leaves the graph as output 0.

# %% [markdown]
# ## TensorFlow 1: graphs and sessions
#
# In TensorFlow 1 the graph was all there was. You first *built* a graph, with
# `tf.compat.v1.placeholder` for the inputs, and then *ran* it in a `Session`,
# feeding the inputs' values with `feed_dict`. The same layer, in that style:

# %%
tf1 = tf.compat.v1

g = tf1.Graph()
with g.as_default():
    x_in = tf1.placeholder(tf.float32, shape=[None, 2], name="x")
    W_in = tf.constant(W.numpy(), name="W")  # everything the graph uses lives in it
    b_in = tf.constant(b.numpy(), name="b")
    y_out = tf.nn.relu(x_in @ W_in + b_in)

print(x_in)
print(y_out)

# %% [markdown]
# Inside the `with` block, operations add nodes to `g` and return symbolic tensors: a
# name, a shape with `None` for "any number of rows", and no value. (So `W` and `b` are
# copied into the graph as constants: TensorFlow refuses to mix in the eager tensors made
# outside it.) Values appear only
# when a session runs the graph: `sess.run(fetches, feed_dict={placeholder: value})`
# computes what you fetch, and returns NumPy arrays.

# %%
with tf1.Session(graph=g) as sess:
    print(sess.run(y_out, feed_dict={x_in: [[1.0, 2.0]]}))
    print(sess.run(y_out, feed_dict={x_in: [[1.0, 2.0], [-3.0, 1.0]]}))

# %% [markdown]
# TensorFlow 2 keeps the graph but hides the session: a `tf.function` is called like any
# Python function, and returns tensors.
#
# | | TensorFlow 1 | TensorFlow 2 |
# |---|---|---|
# | inputs | `x = tf.compat.v1.placeholder(tf.float32, [None, 2])` | function arguments |
# | build the graph | operations inside `with graph.as_default():` | traced from Python by `@tf.function` |
# | run it | `sess.run(y, feed_dict={x: data})` | `f(data)` |
# | result | NumPy array | `tf.Tensor` |

# %%
print(dense_graph(tf.constant([[1.0, 2.0], [-3.0, 1.0]]), W, b))

# %% [markdown]
# ## The graph in TensorBoard
#
# TensorBoard draws graphs too, interactively. To log one: switch tracing on with
# `tf.summary.trace_on(graph=True)`, call a `tf.function` that has **not** been traced yet
# (so that it traces now), then `tf.summary.trace_export` writes the recorded graph with
# the default writer.

# %%
W2 = tf.constant([[1.0], [-2.0]])   # a second layer: 2 inputs -> 1 output
b2 = tf.constant([0.5])


@tf.function
def two_layers(x):
    hidden = tf.nn.relu(x @ W + b)          # layer 1: 2 -> 2 units, relu
    return tf.nn.sigmoid(hidden @ W2 + b2)  # layer 2: 2 -> 1 unit, sigmoid


writer = tf.summary.create_file_writer(str(LOGS / "two_layers"))
tf.summary.trace_on(graph=True)
print(two_layers(tf.constant([[1.0, 2.0], [0.5, -1.0]])).numpy().round(4))
with writer.as_default():
    tf.summary.trace_export(name="two_layers", step=0)
writer.close()

print(sorted(p.name for p in LOGS.iterdir()))

# %% [markdown]
# To see it, open the course's TensorBoard at **http://127.0.0.1:6006** and choose
# **Graphs** in the top bar (it may hide under the *Inactive* menu until there is a
# graph to show). On the left, pick the run `09-graphs/two_layers` and the tag
# `two_layers`. Boxes are operations, lines are tensors; click a node to see its
# inputs, outputs, dtype and shape, and double-click a group to open it.
#
# > **Real TensorFlow differs here.** Real `tf.function` runs *AutoGraph* first: it
# > rewrites Python `if` and `for` statements that depend on tensors into graph operations
# > (`tf.cond`, `tf.while_loop`). The engine has no AutoGraph, so inside a `tf.function`
# > such an `if` raises an error; use `tf.where` or Python values for control flow.
# > Another difference: in TensorFlow 1 style code above, TensorFlow refuses an eager tensor
# > made outside the `with g.as_default():` block, which the engine would quietly copy in
# > as a constant; that is why we copied `W` and `b` in explicitly. (See "Differences from
# > TensorFlow" in [`docs/engine-api-graphs.md`](../docs/engine-api-graphs.md).)

# %% [markdown]
# ## Exercises
#
# **graphs-and-sessions.1** How many times does `g` trace during these six calls? Give a number.
#
# ```python
# @tf.function
# def g(x):
#     return x + 1
#
# g(tf.constant(1.0)); g(tf.constant(2.0)); g(tf.constant([1.0, 2.0]))
# g(3); g(4); g(tf.constant(5.0))
# ```

# %%
answer = ...
check("graphs-and-sessions.1", answer)

# %% [markdown]
# **graphs-and-sessions.2** Write `run_graph(xs)` in the TensorFlow 1 style: build a graph with a
# placeholder `x` of any shape (`shape=None`), compute $y = x \cdot x + 1$ in it, and
# return `sess.run(y, feed_dict={x: xs})`.

# %%
def run_graph(xs):
    return ...  # your code here


check("graphs-and-sessions.2", run_graph)

# %% [markdown]
# **graphs-and-sessions.3** Give the `tf.TensorSpec` for an `input_signature` that lets one trace serve
# float32 vectors of any length.

# %%
answer = ...
check("graphs-and-sessions.3", answer)
