# %% [markdown]
# # TensorBoard: watching training
#
# A training run prints a number now and then, but a curve tells you much more: is the
# loss still falling, did it jump, which of two runs is better? TensorBoard draws such
# curves. Your program writes *event files* with `tf.summary`; TensorBoard, a small web
# app, reads them and draws.
#
# **What you will learn**
# - writing scalars and histograms with `tf.summary`: `create_file_writer`,
#   `as_default`, `scalar`, `histogram`, and the `step` every value belongs to
# - one folder per run, so that TensorBoard can compare runs
# - starting TensorBoard with `tensorboard --logdir`, and opening the course's own
#   TensorBoard at http://127.0.0.1:6006
# - reading the event files back in Python, to check what was written

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check

# The project's logs/ folder (next to notebooks/) is the one TensorBoard watches.
# This notebook writes to one fixed subfolder and empties it first: a clean run every time.
LOGS = Path("../logs/10-tensorboard")
shutil.rmtree(LOGS, ignore_errors=True)

# %% [markdown]
# ## Writers, steps and scalars
#
# Three pieces work together:
#
# - `tf.summary.create_file_writer(folder)` makes a **writer** for one run. It creates the
#   folder (with any missing parents) and an empty *events file* in it at once, so the run
#   shows up in TensorBoard even before its first value.
# - `with writer.as_default():` makes it the writer that summaries go to.
# - `tf.summary.scalar(name, value, step=...)` records one number. The **step** is the
#   x-axis in TensorBoard: usually the training step or the epoch.
#
# A first example: the curve $y = e^{-t/10}$ for $t = 0, 1, \dots, 29$.

# %%
writer = tf.summary.create_file_writer(str(LOGS / "decay"))
print(sorted(p.name[:len("events.out.tfevents")] for p in (LOGS / "decay").iterdir()))
with writer.as_default():
    for t in range(30):
        tf.summary.scalar("decay", np.exp(-t / 10), step=t)
writer.flush()  # written to disk now, not at some later moment

print(sorted(p.name for p in LOGS.iterdir()))

# %% [markdown]
# The events file was there before the first value: its full name is
# `events.out.tfevents.` followed by the time, the machine's name, a process number and
# `.v2` (we printed only the start, which is the same on every machine). That is the
# format TensorBoard reads. Outside a `with writer.as_default():` block there is no
# writer, and `tf.summary.scalar` records nothing; it returns false:

# %%
print(bool(tf.summary.scalar("lost", 1.0, step=0)))
with writer.as_default():
    print(bool(tf.summary.scalar("kept", 1.0, step=0)))

# %% [markdown]
# > **Real TensorFlow differs here.** TensorFlow's summary functions return a boolean
# > *tensor* (`tf.Tensor(False, shape=(), dtype=bool)`), the engine's a plain Python
# > `bool`; `bool(...)` reads both the same way. And TensorFlow accepts only a string as the
# > folder, hence the `str(...)` around our paths. (See the `tf.summary` notes in
# > [`docs/engine-api-keras.md`](../docs/engine-api-keras.md).)

# %% [markdown]
# > **Read the engine.** A writer wraps TensorBoard's own event-file writer:
# > [`create_file_writer` in `course/engine/summary/writer.py`](../course/engine/summary/writer.py).
# > A scalar becomes one event, a value with its step and tag:
# > [`scalar` in `course/engine/summary/ops.py`](../course/engine/summary/ops.py).

# %% [markdown]
# ## Logging a training run
#
# Back to fitting a line $\hat y = a x + b$ to points (notebook 06), by gradient descent on
# the mean squared error, the MSE
#
# $$ L(a, b) = \frac1n \sum_{i=1}^{n} r_i^2, \qquad r_i = y_i - (a x_i + b). $$
#
# At every step we log two things: the loss $L$ as a **scalar**, and all $n$ residuals
# $r_i$ as a **histogram**. A histogram shows how values are spread; as the line fits
# better, the residuals gather around zero.
#
# We train twice, with two learning rates, each run in its own folder. TensorBoard shows
# every subfolder of `logs/` as a run and draws runs side by side.

# %%
rng = np.random.default_rng(8)
x = tf.constant(rng.uniform(-2, 2, size=200), tf.float32)
y = 1.5 * x + 0.5 + tf.constant(rng.normal(0, 0.3, size=200), tf.float32)


def train(learning_rate, steps=50):
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    writer = tf.summary.create_file_writer(str(LOGS / f"lr-{learning_rate}"))
    with writer.as_default():
        for step in range(steps):
            with tf.GradientTape() as tape:
                residuals = y - (a * x + b)
                loss = tf.reduce_mean(residuals ** 2)
            tf.summary.scalar("loss", loss, step=step)
            tf.summary.histogram("residuals", residuals, step=step)
            grad_a, grad_b = tape.gradient(loss, [a, b])
            a.assign_sub(learning_rate * grad_a)
            b.assign_sub(learning_rate * grad_b)
    writer.close()
    return float(loss), float(a), float(b)


for rate in (0.01, 0.1):
    loss, a, b = train(rate)
    print(f"learning rate {rate}: last loss {loss:.4f}  a = {a:.3f}  b = {b:.3f}")

print(sorted(p.name for p in LOGS.iterdir()))

# %% [markdown]
# ## Opening TensorBoard
#
# In this course TensorBoard is already running, as the `tensorboard` service of
# `docker compose up`. It watches the project's `logs/` folder and rereads it every few
# seconds. Open **http://127.0.0.1:6006** and look at:
#
# - **Scalars** (or **Time Series**): the `loss` curves of the runs
#   `10-tensorboard/lr-0.01` and `10-tensorboard/lr-0.1`, and `decay`. Tick runs on the
#   left to show or hide them; the *smoothing* slider averages noisy curves.
# - **Histograms**: `residuals`, one histogram per step, stacked from back (step 0) to
#   front (step 49). With the larger rate the mountain quickly becomes narrow.
# - **Distributions**: the same data seen from above, as bands of percentiles over
#   the steps.
#
# Without Docker, start it yourself in the project folder and open the address it prints
# (by default http://localhost:6006):
#
# ```bash
# tensorboard --logdir logs
# ```
#
# `--logdir` is the folder to watch (subfolders are runs) and `--port` picks another port
# if 6006 is taken.

# %% [markdown]
# ## Checking what was written
#
# Event files can be read back in Python with TensorBoard's own reader. Handy for a quick
# look, or to test that a program logs what it should:

# %%
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util


def read_run(folder):
    run = EventAccumulator(str(folder), size_guidance={"tensors": 0})  # 0: keep every value
    run.Reload()
    return run


run = read_run(LOGS / "lr-0.1")
print("tags:", run.Tags()["tensors"])
losses = [(e.step, float(tensor_util.make_ndarray(e.tensor_proto))) for e in run.Tensors("loss")]
print(len(losses), "loss values; the first three:", [(s, round(v, 4)) for s, v in losses[:3]])

# %% [markdown]
# A histogram is stored as buckets: each row is (left edge, right edge, count). Here are
# the residuals at the first and the last step of the faster run:

# %%
histograms = run.Tensors("residuals")
for event in (histograms[0], histograms[-1]):
    buckets = tensor_util.make_ndarray(event.tensor_proto)
    spread = buckets[-1, 1] - buckets[0, 0]
    print(f"step {event.step:2d}: {len(buckets)} buckets, from {buckets[0, 0]:.2f} to "
          f"{buckets[-1, 1]:.2f} (width {spread:.2f}), {int(buckets[:, 2].sum())} values")

# %% [markdown]
# With these numbers we can draw what the Scalars tab shows for the two runs:

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.8))
for rate, style, marker in ((0.01, "--", "o"), (0.1, "-", "s")):
    run = read_run(LOGS / f"lr-{rate}")
    steps = [e.step for e in run.Tensors("loss")]
    values = [float(tensor_util.make_ndarray(e.tensor_proto)) for e in run.Tensors("loss")]
    ax.plot(steps, values, linestyle=style, marker=marker, markersize=4, markevery=5,
            color="#0072B2" if rate == 0.01 else "#D55E00", label=f"lr-{rate}")
ax.set_xlabel("step")
ax.set_ylabel("loss: MSE (squared units of y, log scale)")
ax.set_yscale("log")
ax.set_title("The two runs' loss, read back from the event files")
ax.legend(title="run")
plt.show()

# %% [markdown]
# **Figure 10.1: The loss of the two runs, as TensorBoard's Scalars tab draws it.** The MSE
# on a log scale against the step, 0 to 49, one curve per run. The run `lr-0.1` (solid
# line, square markers) falls from about 3 to about 0.09 within fifteen steps and then
# stays level. The run `lr-0.01` (dashed line, round markers) starts at the same value
# and falls slowly along a straight line on the log scale, reaching about 0.37 at step 49.
#
# The faster run levels off at about $0.09$. That is the noise we added to the points,
# $\sigma^2 = 0.3^2 = 0.09$, which no straight line can explain. The slower run is still
# on its way down after 50 steps.

# %% [markdown]
# ## Exercises
#
# **tensorboard.1** Write `log_losses(writer, losses)`: it writes each value of the list `losses` as
# a scalar named `"loss"` with the given `writer`, the first at step 0, the next at
# step 1, and so on.

# %%
def log_losses(writer, losses):
    return ...  # your code here


check("tensorboard.1", log_losses)

# %% [markdown]
# **tensorboard.2** Outside Docker, which command (a string) starts TensorBoard on the project's
# `logs/` folder, on port 6006?

# %%
answer = ...
check("tensorboard.2", answer)
