# %% [markdown]
# # Variables
#
# Tensors never change. A model, though, must change its weights while it learns. That
# is what `tf.Variable` is for: a tensor-like value that you can overwrite.
#
# **What you will learn**
# - creating a `tf.Variable` and changing it with `assign`, `assign_add`, `assign_sub`
# - a running example: a spike detector that remembers its state in Variables
# - how variables and tensors differ, and how they work together
# - the `trainable` flag, which tells training which Variables to change

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## Creating and changing a Variable
#
# A Variable starts from an initial value, which fixes its dtype and shape for good.

# %%
w = tf.Variable([1.0, 2.0, 3.0], name="w")
print(w)

# %% [markdown]
# `assign` replaces the value; `assign_add` and `assign_sub` add or subtract in place:
#
# $$ w \leftarrow v, \qquad w \leftarrow w + \delta, \qquad w \leftarrow w - \delta $$

# %%
w.assign([10.0, 20.0, 30.0])
print(w.numpy())
w.assign_add([1.0, 1.0, 1.0])
print(w.numpy())
w.assign_sub([0.5, 0.5, 0.5])
print(w.numpy())

# %% [markdown]
# > **Read the engine.** A Variable holds a NumPy array that only its own methods may
# > replace; `assign_sub` checks the dtype and shape, then computes the new value with an
# > operation, so that graphs and tapes see it:
# > [`Variable.assign_sub` in `course/engine/variables.py`](../course/engine/variables.py).
#
# The dtype and shape stay fixed. A value of another shape, or a float for an integer
# Variable, is an error:

# %%
for bad_update in (lambda: w.assign([1.0, 2.0]), lambda: tf.Variable(1).assign(1.5)):
    try:
        bad_update()
    except Exception as e:
        print(type(e).__name__, "-", str(e).splitlines()[0][:90])

# %% [markdown]
# ## A running example: spotting spikes
#
# A temperature sensor sends one reading per minute. Normally it reads about 20 °C; a
# reading more than a threshold above that baseline is *high*:
#
# $$ \text{high}_t = \left( x_t > \text{baseline} + \text{threshold} \right) $$
#
# A hot spell can last several minutes, and we want to count each spell once, at its
# start: a spike *starts* at minute $t$ when the reading is high now and was not high the
# minute before. So the detector must *remember* something between readings: whether it is
# in a spike at the moment. That memory is a boolean Variable, `in_spike`, read and then
# overwritten at every step; a second Variable counts the spikes.

# %%
readings = tf.constant([20.1, 20.3, 20.2, 25.9, 26.0, 20.4, 20.5, 27.0, 20.8, 20.6])
baseline, threshold = 20.0, 3.0

in_spike = tf.Variable(False)                   # the detector's memory
spike_count = tf.Variable(0, trainable=False)   # a counter (see "Trainable or not" below)
starts = []

for t in range(readings.shape[0]):
    high = readings[t] > baseline + threshold   # a bool tensor
    if high and not in_spike:                   # a scalar bool tensor works as a Python bool
        spike_count.assign_add(1)
        starts.append(t)
    in_spike.assign(high)                       # remember for the next reading
    print(f"minute {t}: {float(readings[t]):4.1f} °C  high={bool(high)!s:5}  "
          f"spikes so far={int(spike_count)}")

print("spikes start at minutes", starts)

# %%
minutes = np.arange(readings.shape[0])
values = readings.numpy()
high = values > baseline + threshold
fig, ax = plt.subplots(figsize=(9, 3.4))
ax.axhline(baseline + threshold, color="gray", linestyle="--", linewidth=1,
           label="baseline + threshold (23 °C)")
ax.plot(minutes, values, color="#0072B2", marker="o", label="reading")
ax.plot(minutes[high], values[high], linestyle="none", marker="s", markersize=11,
        markerfacecolor="none", markeredgecolor="#D55E00", markeredgewidth=2, label="high")
ax.plot(starts, values[starts] + 0.8, linestyle="none", marker="v", markersize=12,
        color="#D55E00", label="spike starts here")
ax.set_xlabel("time (minutes)")
ax.set_ylabel("temperature (°C)")
ax.set_title("Two spikes: the first lasts two minutes, but is counted once")
ax.set_ylim(19.5, 28.5)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
plt.show()

# %% [markdown]
# **Figure 5.1: Sensor readings with the detected spikes.** Temperature (°C) against time
# (minutes 0 to 9), drawn as a line with round markers. A dashed horizontal line marks
# 23 °C, the baseline plus the threshold. Three readings lie above it, each circled by a
# square: 25.9 °C at minute 3, 26.0 °C at minute 4 and 27.0 °C at minute 7. Downward
# triangles just above the readings mark where a spike starts: minutes 3 and 7 only, because at minute 4 the detector remembered
# that it was already in a spike. All other readings stay between 20.1 and 20.8 °C.
#
# The same test works on the whole series at once, without a loop and without a Variable:
# compare the series with itself shifted by one. Slicing from notebook 04 does the shifting;
# exercise variables.2 asks you to finish the idea.

# %%
high = readings > baseline + threshold
print(high)
print(high[:-1])  # "high the minute before", for minutes 1 to 9

# %% [markdown]
# ## Variables and tensors
#
# | | `tf.Tensor` | `tf.Variable` |
# |---|---|---|
# | value can change | no: every op makes a new tensor | yes: `assign`, `assign_add`, `assign_sub` |
# | dtype and shape | fixed | fixed |
# | typical use | data, intermediate results | weights, counters, state between steps |
# | seen by `GradientTape` | only if you `watch` it | automatically, if `trainable` |
#
# Using a Variable in an operation *reads* its current value, and the result is an ordinary
# tensor:

# %%
v = tf.Variable([1.0, 2.0])
doubled = v * 2
print(isinstance(doubled, tf.Tensor), doubled)
v.assign([5.0, 5.0])
print(doubled)  # computed from the old value; it does not follow v

# %% [markdown]
# And a tensor has no `assign`, nor can its items be set:

# %%
t = tf.constant([1.0, 2.0])


def assign_to_tensor():
    t.assign([3.0, 4.0])


def set_an_item():
    t[0] = 3.0


for attempt in (assign_to_tensor, set_an_item):
    try:
        attempt()
    except Exception as e:
        print(attempt.__name__, "->", type(e).__name__)

# %% [markdown]
# ## Trainable or not
#
# Every Variable has a `trainable` flag, `True` unless you say otherwise. Training a model
# (from notebook 06 on) means changing its Variables step by step so that its predictions
# improve, and only *trainable* Variables are changed. Bookkeeping such as the spike
# counter above, or a count of training steps, must never be changed by training: create
# it with `trainable=False`.

# %%
weight = tf.Variable([0.5, -0.5])               # a model's weight: trainable
steps_done = tf.Variable(0, trainable=False)    # bookkeeping: not trainable
print(weight.trainable, steps_done.trainable)

# %% [markdown]
# Notebook 06 shows the other side of this flag: a `GradientTape` watches trainable
# Variables by itself, and that is how the training loop finds what to change.

# %% [markdown]
# ## Exercises
#
# **variables.1** Create a Variable holding `[0.0, 0.0, 0.0]`, then add `[1.0, 2.0, 3.0]` to
# it with `assign_add`. Pass the Variable.

# %%
answer = ...
check("variables.1", answer)

# %% [markdown]
# **variables.2** Write `spike_starts(readings, baseline, threshold)` without a loop: it
# returns a boolean tensor as long as `readings`, `True` where a spike starts (the reading
# is more than `threshold` above `baseline`, and the reading before it was not). The first
# reading has no reading before it: it starts a spike if it is high. Hints: `tf.concat`,
# and `&` and `~` (and, not) on bool tensors.

# %%
def spike_starts(readings, baseline, threshold):
    return ...  # your code here


check("variables.2", spike_starts)

# %% [markdown]
# **variables.3** Create a step counter that starts at `0` (an `int32` Variable) and that
# training must never change.

# %%
answer = ...
check("variables.3", answer)
