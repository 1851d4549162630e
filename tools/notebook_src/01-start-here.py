# %% [markdown]
# # Start here: your course environment
#
# Welcome! This course teaches tensors and automatic differentiation with a small
# engine that speaks TensorFlow's language: `import course.engine as tf`. Everything
# runs in a Docker container on your own machine, offline.
#
# **What you will learn**
# - what runs where: JupyterLab and TensorBoard in Docker, started with `docker compose up`
# - where your files live, and which folder is yours to edit (`my-notebooks/`)
# - how to find the Jupyter address with its token again
# - how to open TensorBoard, attach VS Code, and restart a stopped container
# - the path through the course, and how the exercises check themselves

# %% [markdown]
# ## The environment in one picture
#
# `docker compose up` (run in the project folder) starts two services from one image:
#
# | service | what it is | address on your machine |
# |---|---|---|
# | `lab` | JupyterLab, where you run these notebooks | http://127.0.0.1:8888 (needs the token) |
# | `tensorboard` | TensorBoard, which draws the training logs you write | http://127.0.0.1:6006 |
#
# Both listen on `127.0.0.1` only: they are reachable from your own machine, not from
# the network. Jupyter always asks for a token; the start-up log prints one clickable URL
# that contains it. The kernel and the server run as an ordinary (non-root) user.
#
# Let us check that this kernel can use the engine:

# %%
# %config InlineBackend.figure_formats = ['png']
import course.engine as tf
from course.exercises import check

print(tf.constant([[1, 2], [3, 4]]))

# %% [markdown]
# If you see a `tf.Tensor` with shape `(2, 2)`, everything is in place.

# %% [markdown]
# ## Where your files live
#
# The project folder on your computer is *bind-mounted* into the container at
# `/workspace`: the container sees your files, and whatever it writes there lands on
# your disk. Stopping or even deleting the container loses nothing in that folder.
#
# - `notebooks/` is the course's copy. It is updated when you update the course.
# - `my-notebooks/` is **your** copy: on first start every notebook is copied there,
#   and files that already exist are never overwritten. Edit and experiment here.
#   It is git-ignored, so updating the course never conflicts with your work.
# - `logs/` holds TensorBoard logs, `checkpoints/` and `saved_models/` hold saved models.
#
# To get a fresh copy of a notebook (yours is kept in `my-notebooks/.backups/`):
#
# ```bash
# docker compose exec lab course-refresh 02-tensors.ipynb
# ```
#
# Started with an older version of the course? Its notebooks were numbered differently
# (linear regression was 09, it is 06 now). Your old copies stay where they are and keep
# working, exercises included; the renumbered notebooks are copied next to them.
# `course-refresh` also accepts an old name, such as `09-linear-regression.ipynb`: it
# moves your old copy to `.backups/` and gives you the notebook under its new name.
#
# Which copy are you reading right now? (The answer depends only on the folder name.)

# %%
from pathlib import Path

folder = Path.cwd().name
if folder == "my-notebooks":
    print("You are in your own copy (my-notebooks/): edit freely.")
else:
    print(f"You are in {folder}/, the course's copy. Open my-notebooks/ to keep your changes.")

# %% [markdown]
# ## Finding the token again
#
# Closed the browser tab and lost the URL? Ask the running container:
#
# ```bash
# docker compose exec lab course-url
# ```
#
# It prints something like `http://127.0.0.1:8888/lab?token=<your-token>` (your token is
# a long random string, generated once and kept in `my-notebooks/.jupyter-token`; set
# `JUPYTER_TOKEN` in `.env` to choose your own). Treat the token like a password.

# %% [markdown]
# ## TensorBoard
#
# Open **http://127.0.0.1:6006**. It shows whatever the notebooks write to `logs/`
# (later notebooks write there); until then it says that no dashboards are active.

# %% [markdown]
# ## Working from VS Code
#
# With the *Dev Containers* extension installed, open the project folder in VS Code and run
# **Dev Containers: Reopen in Container** from the command palette. VS Code attaches to the
# same `lab` container that `docker compose up` runs (starting it if needed), so it edits
# and runs the notebooks with the same Python and the same engine as JupyterLab.

# %% [markdown]
# ## Stopping and restarting
#
# | you want to | run (in the project folder) |
# |---|---|
# | start everything (builds the image the first time) | `docker compose up` |
# | stop, keeping the containers | `docker compose stop` (or Ctrl+C in the `up` window) |
# | start stopped containers again | `docker compose start` (or `docker compose up`) |
# | see the logs, including the URL | `docker compose logs lab` |
# | remove the containers (your files stay) | `docker compose down` |
#
# After a restart the token stays the same, so an old URL keeps working. The containers
# also come back by themselves when Docker restarts (after a reboot, say), unless you
# stopped them.

# %% [markdown]
# ## The path through the course
#
# Each notebook builds on the ones before it. The first five are about tensors themselves;
# then a straight line is fitted by hand, which is where gradients, the tape and gradient
# descent come in; neural networks arrive once all of that is in place.
#
# | # | notebook | you learn |
# |---|---|---|
# | 02 | Tensors | shapes, dtypes, creating tensors |
# | 03 | Operators | arithmetic, `matmul`, broadcasting |
# | 04 | Axes and slicing | reductions along an axis, slices, the `(n,)` vs `(n, 1)` bug |
# | 05 | Variables | state that changes: `tf.Variable` |
# | 06 | Linear regression | the loss, gradients, gradient descent, `GradientTape` |
# | 07 | Backpropagation | how the tape computes gradients |
# | 08 | Standardization | why the scale of the inputs matters |
# | 09 | Graphs and sessions | `tf.function`, graphs, TensorFlow 1's sessions |
# | 10 | TensorBoard | logging and watching training |
# | 11 | Saving and loading | checkpoints and SavedModels |
# | 12 | A first neural network | Keras, softmax and cross-entropy, predictions |
# | 13 | Training and overfitting | mini-batches, validation, loss curves, early stopping |
# | 14 | Troubleshooting | dead kernels and illegal instructions |
#
# Along the way, boxes like these point further:
#
# > **Read the engine.** The engine is written to be read. These boxes link the file and
# > the function that does what the notebook just showed, such as
# > [`constant` in `course/engine/tensor.py`](../course/engine/tensor.py).
#
# > **Real TensorFlow differs here.** The engine is a faithful subset of TensorFlow, but
# > not a perfect one. Wherever a notebook touches a difference, a box like this says what
# > real TensorFlow does; the full list is in [`docs/engine-api.md`](../docs/engine-api.md).

# %% [markdown]
# ## Exercises
#
# Every notebook ends with exercises. Replace each `...` with your answer and run the cell:
# `check` says ✅ or ❌, with a hint when something is off. Each exercise has a name, such as
# `start-here.1` (the notebook's name and a number). Here the answers are strings.
#
# **start-here.1** Which command asks the running `lab` service to print the Jupyter URL
# (with its token) again?

# %%
answer = ...
check("start-here.1", answer)

# %% [markdown]
# **start-here.2** At which address does TensorBoard answer on your machine?

# %%
answer = ...
check("start-here.2", answer)

# %% [markdown]
# **start-here.3** Which folder holds your own, editable copy of the notebooks?

# %%
answer = ...
check("start-here.3", answer)
