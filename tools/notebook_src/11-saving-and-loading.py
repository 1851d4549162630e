# %% [markdown]
# # Saving and loading
#
# Training takes time, and a trained model is worth keeping. There are two ways to keep
# it, and they answer two different questions: *how do I carry on training tomorrow?*
# and *how do I hand my model to someone who does not have my code?*
#
# **What you will learn**
# - the difference between a checkpoint (the values of the Variables) and a SavedModel
#   (the computation together with the values)
# - saving and restoring with `tf.train.Checkpoint`, and keeping the last few saves with
#   `tf.train.CheckpointManager`
# - finding the newest checkpoint with `tf.train.latest_checkpoint`, and resuming training
# - saving a `tf.Module` with `tf.saved_model.save`, and calling it in a fresh Python
#   process that never saw the code that built it

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import course.engine as tf
from course.exercises import check

# The project's checkpoints/ and saved_models/ folders (next to notebooks/), with one
# fixed subfolder for this notebook. Emptied first, so every run starts the same way.
CHECKPOINTS = Path("../checkpoints/11-line")
SAVED_MODEL = Path("../saved_models/11-line")
for folder in (CHECKPOINTS, SAVED_MODEL):
    shutil.rmtree(folder, ignore_errors=True)

# %% [markdown]
# ## Computation and values
#
# A model is a function with parameters. For a straight line,
#
# $$ \hat y = f(x;\, \theta) = a x + b, \qquad \theta = (a, b). $$
#
# Two things make up this model: the **computation** $f$ (multiply, then add) and the
# **values** $\theta$ that training found. The two formats keep different parts:
#
# | | checkpoint | SavedModel |
# |---|---|---|
# | keeps | the values $\theta$ of every Variable | the computation $f$ *and* the values $\theta$ |
# | to use it you need | the Python code that builds the model | only the engine |
# | typical use | pause and resume training, keep the best epoch | hand the model over, serve it |
# | written by | `tf.train.Checkpoint(...).save(...)` | `tf.saved_model.save(obj, folder)` |

# %% [markdown]
# ## A model to save
#
# A `tf.Module` with two Variables. Its `__call__` is a `tf.function` with an
# `input_signature`: one traced graph for float32 vectors of any length. A checkpoint
# does not need that, but a SavedModel stores exactly these traced graphs. `train` is
# notebook 06's gradient descent on the mean squared error (MSE), for 40 noisy points near
# the line $y = 3x - 1$.

# %%
class Line(tf.Module):
    def __init__(self):
        super().__init__()
        self.a = tf.Variable(0.0, name="a")
        self.b = tf.Variable(0.0, name="b")

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        return self.a * x + self.b


rng = np.random.default_rng(6)
x = tf.constant(rng.uniform(-1, 1, size=40), tf.float32)
y = 3 * x - 1 + tf.constant(rng.normal(0, 0.1, size=40), tf.float32)


def train(model, steps, learning_rate=0.2):
    """Plain gradient descent on the MSE (notebook 06); returns the last loss."""
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((y - model(x)) ** 2)
        grad_a, grad_b = tape.gradient(loss, [model.a, model.b])
        model.a.assign_sub(learning_rate * grad_a)
        model.b.assign_sub(learning_rate * grad_b)
    return float(loss)


model = Line()
print(f"loss {train(model, 10):.4f}   a = {model.a.numpy():.3f}   b = {model.b.numpy():.3f}")

# %% [markdown]
# ## Checkpoints: the values
#
# `tf.train.Checkpoint` takes named objects (here `model=model`) and finds every Variable
# reachable from them through attributes. `save` writes their values and returns the path
# it used; the number at the end counts the saves.

# %%
checkpoint = tf.train.Checkpoint(model=model)
path = checkpoint.save(CHECKPOINTS / "ckpt")
print(Path(path).name)
print(sorted(p.name for p in CHECKPOINTS.iterdir()))

# %% [markdown]
# Three files: `ckpt-1.index` says which Variables were saved (by their attribute path,
# such as `model/a`), `ckpt-1.data-00000-of-00001` holds the numbers, and `checkpoint` is
# a small text file naming the newest save. Let us spoil the model, then restore it:

# %%
model.a.assign(100.0)
checkpoint.restore(path)
print(f"a = {model.a.numpy():.3f}   b = {model.b.numpy():.3f}")

# %% [markdown]
# > **Read the engine.** `save` finds the Variables by walking the attributes of the objects
# > you named, and writes them with their paths as keys:
# > [`Checkpoint.save` in `course/engine/saving/checkpoint.py`](../course/engine/saving/checkpoint.py).
#
# Restoring works into *another* object too, as long as it has the same structure: a fresh
# `Line` gets the trained values. This is how a new program picks up where an old one
# stopped, and also why a checkpoint alone is not enough: you need the class `Line` to
# make the object that receives the values.

# %%
fresh = Line()
print(f"before: a = {fresh.a.numpy():.3f}")
tf.train.Checkpoint(model=fresh).restore(path)
print(f"after:  a = {fresh.a.numpy():.3f}")

# %% [markdown]
# ## Keeping the last few: `CheckpointManager`
#
# During a long training run you save every so often, but you do not want a thousand
# files. `tf.train.CheckpointManager` numbers the saves and deletes all but the newest
# `max_to_keep`. We also save the step counter, a non-trainable Variable, so that we
# know where to resume.

# %%
shutil.rmtree(CHECKPOINTS)
model = Line()
step = tf.Variable(0, trainable=False)
checkpoint = tf.train.Checkpoint(model=model, step=step)
manager = tf.train.CheckpointManager(checkpoint, CHECKPOINTS, max_to_keep=3)

for epoch in range(5):
    loss = train(model, 4)
    step.assign_add(4)
    saved = manager.save()
    print(f"epoch {epoch}  step {int(step)}  loss {loss:.4f}  saved {Path(saved).name}")

print("kept:", [Path(p).name for p in manager.checkpoints])

# %% [markdown]
# `tf.train.latest_checkpoint(folder)` reads the `checkpoint` file and returns the path of
# the newest save, or `None` when the folder has none. That is all a script needs to
# resume after a crash. Let us pretend the program stopped: new objects, same folder.

# %%
latest = tf.train.latest_checkpoint(CHECKPOINTS)
print("latest:", Path(latest).name)

model = Line()
step = tf.Variable(0, trainable=False)
checkpoint = tf.train.Checkpoint(model=model, step=step)
checkpoint.restore(latest)
print(f"resumed at step {int(step)}  a = {model.a.numpy():.3f}  b = {model.b.numpy():.3f}")

loss = train(model, 20)
print(f"after 20 more steps: loss {loss:.4f}  a = {model.a.numpy():.3f}  b = {model.b.numpy():.3f}")

# %% [markdown]
# The data were made with $a = 3$ and $b = -1$ (plus some noise), and that is what the
# resumed training finds.

# %% [markdown]
# ## SavedModel: computation and values
#
# `tf.saved_model.save(obj, folder)` writes the Variables (as a checkpoint, in
# `variables/`) *and* the graphs of the object's `tf.function`s. That is why `__call__`
# has an `input_signature`: its graph is traced once, for every vector length, and stored.
#
# > **Real TensorFlow differs here.** The folders look alike, but the files inside are the
# > engine's own: graphs in `saved_model.json` (TensorFlow: a binary `saved_model.pb`),
# > values as NumPy arrays (TensorFlow: its own tensor bundle). Each library reads only its
# > own files; the code that saves and loads is the same. (See "File formats" in
# > [`docs/engine-api-graphs.md`](../docs/engine-api-graphs.md).)

# %%
tf.saved_model.save(model, SAVED_MODEL)
print(sorted(p.name for p in SAVED_MODEL.iterdir()))
print(sorted(p.name for p in (SAVED_MODEL / "variables").iterdir()))

# %% [markdown]
# `tf.saved_model.load` rebuilds an object with the same attributes, whose functions run
# the stored graphs. It is not a `Line`: the class is not stored, only what it computes.

# %%
loaded = tf.saved_model.load(SAVED_MODEL)
x_new = tf.constant([0.0, 1.0, 2.0])
print(isinstance(loaded, Line))
print("loaded:  ", loaded(x_new).numpy().round(3))
print("original:", model(x_new).numpy().round(3))

# %% [markdown]
# ## Loading without the code
#
# The real test: a brand-new Python process that imports only the engine. It has never
# seen `class Line` or the training loop, yet it can call the model.

# %%
program = f"""
import course.engine as tf
model = tf.saved_model.load({str(SAVED_MODEL)!r})
y = model(tf.constant([0.0, 1.0, 2.0]))
print(type(y).__name__, y.dtype.name, y.shape, y.numpy().round(3))
print('a =', round(float(model.a.numpy()), 3))
"""
result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
print(result.stdout + result.stderr)

# %% [markdown]
# In a terminal you can do the same from the project folder:
#
# ```bash
# python -c "import course.engine as tf; m = tf.saved_model.load('saved_models/11-line'); print(m(tf.constant([1.0])))"
# ```
#
# The files contain data only (JSON and NumPy arrays, no pickled Python), so loading a
# SavedModel never runs code that came with it.

# %% [markdown]
# ## Exercises
#
# **saving-and-loading.1** A `CheckpointManager` with `max_to_keep=2` saves five times, as `ckpt-1` to
# `ckpt-5`. Which checkpoint numbers are still on disk? Give a list, such as `[1, 2]`.

# %%
answer = ...
check("saving-and-loading.1", answer)

# %% [markdown]
# **saving-and-loading.2** Write `restore_latest(model, directory)`: it restores the newest checkpoint in
# `directory` into `model` and returns that checkpoint's path. The checkpoints there were
# written with `tf.train.Checkpoint(model=...)`. If the folder has no checkpoint, it
# returns `None` and changes nothing.

# %%
def restore_latest(model, directory):
    return ...  # your code here


check("saving-and-loading.2", restore_latest)

# %% [markdown]
# **saving-and-loading.3** Write `export(directory)`: it saves a SavedModel whose loaded object has a
# function `f` with $f(x) = 2x + 1$ for float32 vectors of any length. Hint: a
# `tf.Module` with two Variables and a `tf.function` with an `input_signature`, like
# `Line` above.

# %%
def export(directory):
    return ...  # your code here


check("saving-and-loading.3", export)
