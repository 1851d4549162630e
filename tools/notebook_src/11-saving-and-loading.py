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

# %% [markdown] ja
# # 保存と読み込み
#
# トレーニングには時間がかかり、トレーニングしたモデルは取っておく価値があります。取っておく方法は 2 つあり、それぞれ別の問いに答えます。*明日トレーニングを続けるにはどうするか?* と、*私のコードを持っていない人にモデルを渡すにはどうするか?* です。
#
# **このノートブックで学ぶこと**
# - チェックポイント（変数の値）と SavedModel（計算と値の両方）の違い
# - `tf.train.Checkpoint` による保存と復元、`tf.train.CheckpointManager` で直近の数回分だけを残す方法
# - `tf.train.latest_checkpoint` で最新のチェックポイントを見つけ、トレーニングを再開する方法
# - `tf.saved_model.save` で `tf.Module` を保存し、それを作ったコードを一度も見たことのない新しい Python プロセスから呼び出す方法

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import course.engine as tf
from course.exercises import check
from course.i18n import tr

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

# %% [markdown] ja
# ## 計算と値
#
# モデルとは、パラメータを持つ関数です。直線なら次のとおりです。
#
# $$ \hat y = f(x;\, \theta) = a x + b, \qquad \theta = (a, b). $$
#
# このモデルは 2 つのものでできています。**計算** $f$（掛けてから足す）と、トレーニングで見つけた**値** $\theta$ です。2 つの形式は、それぞれ別の部分を保存します。
#
# | | チェックポイント | SavedModel |
# |---|---|---|
# | 保存するもの | すべての変数の値 $\theta$ | 計算 $f$ *と*値 $\theta$ |
# | 使うのに必要なもの | モデルを組み立てる Python のコード | エンジンだけ |
# | 典型的な用途 | トレーニングの中断と再開、最良のエポックの保存 | モデルの受け渡し、サービスとしての提供 |
# | 書き出す方法 | `tf.train.Checkpoint(...).save(...)` | `tf.saved_model.save(obj, folder)` |

# %% [markdown]
# ## A model to save
#
# A `tf.Module` with two Variables. Its `__call__` is a `tf.function` with an
# `input_signature`: one traced graph for float32 vectors of any length. A checkpoint
# does not need that, but a SavedModel stores exactly these traced graphs. `train` is
# notebook 06's gradient descent on the mean squared error (MSE), for 40 noisy points near
# the line $y = 3x - 1$.

# %% [markdown] ja
# ## 保存するモデル
#
# 2 つの変数を持つ `tf.Module` です。`__call__` は `input_signature` 付きの `tf.function` で、任意の長さの float32 のベクトルに対して、トレースしたグラフが 1 つだけできます。チェックポイントにはこれは必要ありませんが、SavedModel が保存するのは、まさにこのトレースしたグラフです。`train` はノートブック 06 の、平均二乗誤差（MSE）に対する勾配降下法で、直線 $y = 3x - 1$ の近くにあるノイズの乗った 40 個の点を使います。

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
print(tr("loss {loss:.4f}   a = {a:.3f}   b = {b:.3f}", loss=train(model, 10),
         a=model.a.numpy(), b=model.b.numpy()))

# %% [markdown]
# ## Checkpoints: the values
#
# `tf.train.Checkpoint` takes named objects (here `model=model`) and finds every Variable
# reachable from them through attributes. `save` writes their values and returns the path
# it used; the number at the end counts the saves.

# %% [markdown] ja
# ## チェックポイント: 値を保存する
#
# `tf.train.Checkpoint` は名前を付けたオブジェクト（ここでは `model=model`）を受け取り、そこから属性をたどって到達できるすべての変数を見つけます。`save` はそれらの値を書き出し、使ったパスを返します。末尾の番号は保存の回数です。

# %%
checkpoint = tf.train.Checkpoint(model=model)
path = checkpoint.save(CHECKPOINTS / "ckpt")
print(Path(path).name)
print(sorted(p.name for p in CHECKPOINTS.iterdir()))

# %% [markdown]
# Three files: `ckpt-1.index` says which Variables were saved (by their attribute path,
# such as `model/a`), `ckpt-1.data-00000-of-00001` holds the numbers, and `checkpoint` is
# a small text file naming the newest save. Let us spoil the model, then restore it:

# %% [markdown] ja
# ファイルは 3 つです。`ckpt-1.index` はどの変数を保存したかを（`model/a` のような属性のパスで）記録し、`ckpt-1.data-00000-of-00001` が数値を持ち、`checkpoint` は最新の保存を指す小さなテキストファイルです。モデルを壊してから、復元してみましょう。

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

# %% [markdown] ja
# > **エンジンを読む。** `save` は、指定したオブジェクトの属性をたどって変数を見つけ、そのパスをキーにして書き出します:
# > [`course/engine/saving/checkpoint.py` の `Checkpoint.save`](../course/engine/saving/checkpoint.py)。
#
# 同じ構造を持っていれば、*別の*オブジェクトに復元することもできます。新しい `Line` に、トレーニングした値が入ります。新しいプログラムが古いプログラムの続きから始められるのはこのためです。そして、チェックポイントだけでは足りない理由もここにあります。値を受け取るオブジェクトを作るには、クラス `Line` が必要なのです。

# %%
fresh = Line()
print(tr("before: a = {a:.3f}", a=fresh.a.numpy()))
tf.train.Checkpoint(model=fresh).restore(path)
print(tr("after:  a = {a:.3f}", a=fresh.a.numpy()))

# %% [markdown]
# ## Keeping the last few: `CheckpointManager`
#
# During a long training run you save every so often, but you do not want a thousand
# files. `tf.train.CheckpointManager` numbers the saves and deletes all but the newest
# `max_to_keep`. We also save the step counter, a non-trainable Variable, so that we
# know where to resume.

# %% [markdown] ja
# ## 直近の数回分を残す: `CheckpointManager`
#
# 長いトレーニングの間は何度も保存しますが、ファイルが千個もできるのは困ります。`tf.train.CheckpointManager` は保存に番号を付け、新しいほうから `max_to_keep` 個だけを残して、残りを削除します。再開する位置がわかるように、trainable でない変数であるステップカウンターも一緒に保存します。

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
    print(tr("epoch {epoch}  step {step}  loss {loss:.4f}  saved {name}", epoch=epoch,
             step=int(step), loss=loss, name=Path(saved).name))

print(tr("kept:"), [Path(p).name for p in manager.checkpoints])

# %% [markdown]
# `tf.train.latest_checkpoint(folder)` reads the `checkpoint` file and returns the path of
# the newest save, or `None` when the folder has none. That is all a script needs to
# resume after a crash. Let us pretend the program stopped: new objects, same folder.

# %% [markdown] ja
# `tf.train.latest_checkpoint(folder)` は `checkpoint` ファイルを読んで最新の保存のパスを返します。フォルダにチェックポイントがなければ `None` を返します。スクリプトがクラッシュから再開するのに必要なのはこれだけです。プログラムが止まったことにして、新しいオブジェクトと同じフォルダで試してみましょう。

# %%
latest = tf.train.latest_checkpoint(CHECKPOINTS)
print(tr("latest:"), Path(latest).name)

model = Line()
step = tf.Variable(0, trainable=False)
checkpoint = tf.train.Checkpoint(model=model, step=step)
checkpoint.restore(latest)
print(tr("resumed at step {step}  a = {a:.3f}  b = {b:.3f}", step=int(step),
         a=model.a.numpy(), b=model.b.numpy()))

loss = train(model, 20)
print(tr("after 20 more steps: loss {loss:.4f}  a = {a:.3f}  b = {b:.3f}", loss=loss,
         a=model.a.numpy(), b=model.b.numpy()))

# %% [markdown]
# The data were made with $a = 3$ and $b = -1$ (plus some noise), and that is what the
# resumed training finds.

# %% [markdown] ja
# データは $a = 3$、$b = -1$（にいくらかのノイズを加えたもの）から作ったので、再開したトレーニングが見つけるのもその値です。

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

# %% [markdown] ja
# ## SavedModel: 計算と値を保存する
#
# `tf.saved_model.save(obj, folder)` は、変数を（チェックポイントとして `variables/` に）書き出し、*さらに*オブジェクトの `tf.function` のグラフも書き出します。`__call__` に `input_signature` を付けたのはそのためです。そのグラフは、どの長さのベクトルにも使えるものとして一度だけトレースされ、保存されます。
#
# > **本物の TensorFlow との違い。** フォルダの構成は似ていますが、中のファイルはエンジン独自のものです。グラフは `saved_model.json` に（TensorFlow はバイナリの `saved_model.pb`）、値は NumPy 配列として（TensorFlow は独自のテンソルバンドル）保存されます。どちらのライブラリも自分のファイルしか読めませんが、保存と読み込みのコードは同じです。（[`docs/engine-api-graphs.md`](../docs/engine-api-graphs.md) の "File formats" を参照してください。）

# %%
tf.saved_model.save(model, SAVED_MODEL)
print(sorted(p.name for p in SAVED_MODEL.iterdir()))
print(sorted(p.name for p in (SAVED_MODEL / "variables").iterdir()))

# %% [markdown]
# `tf.saved_model.load` rebuilds an object with the same attributes, whose functions run
# the stored graphs. It is not a `Line`: the class is not stored, only what it computes.

# %% [markdown] ja
# `tf.saved_model.load` は同じ属性を持つオブジェクトを組み立て直し、その関数は保存されたグラフを実行します。これは `Line` ではありません。クラスは保存されず、それが計算する内容だけが保存されているのです。

# %%
loaded = tf.saved_model.load(SAVED_MODEL)
x_new = tf.constant([0.0, 1.0, 2.0])
print(isinstance(loaded, Line))
print(tr("loaded:  "), loaded(x_new).numpy().round(3))
print(tr("original:"), model(x_new).numpy().round(3))

# %% [markdown]
# ## Loading without the code
#
# The real test: a brand-new Python process that imports only the engine. It has never
# seen `class Line` or the training loop, yet it can call the model.

# %% [markdown] ja
# ## コードなしで読み込む
#
# 本当の試験です。エンジンだけを import する、まったく新しい Python プロセスを使います。そのプロセスは `class Line` もトレーニングのループも見たことがありませんが、それでもモデルを呼び出せます。

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

# %% [markdown] ja
# ターミナルからも、プロジェクトのフォルダで同じことができます。
#
# ```bash
# python -c "import course.engine as tf; m = tf.saved_model.load('saved_models/11-line'); print(m(tf.constant([1.0])))"
# ```
#
# ファイルにはデータしか入っていない（JSON と NumPy 配列で、pickle された Python はない）ので、SavedModel を読み込んでも、一緒に渡されたコードが実行されることはありません。

# %% [markdown]
# ## Exercises
#
# **saving-and-loading.1** A `CheckpointManager` with `max_to_keep=2` saves five times, as `ckpt-1` to
# `ckpt-5`. Which checkpoint numbers are still on disk? Give a list, such as `[1, 2]`.

# %% [markdown] ja
# ## 練習問題
#
# **saving-and-loading.1** `max_to_keep=2` の `CheckpointManager` が、`ckpt-1` から `ckpt-5` として 5 回保存しました。ディスクに残っているのはどの番号のチェックポイントでしょうか? `[1, 2]` のようなリストで答えてください。

# %%
answer = ...
check("saving-and-loading.1", answer)

# %% [markdown]
# **saving-and-loading.2** Write `restore_latest(model, directory)`: it restores the newest checkpoint in
# `directory` into `model` and returns that checkpoint's path. The checkpoints there were
# written with `tf.train.Checkpoint(model=...)`. If the folder has no checkpoint, it
# returns `None` and changes nothing.

# %% [markdown] ja
# **saving-and-loading.2** `restore_latest(model, directory)` を書いてください。`directory` にある最新のチェックポイントを `model` に復元し、そのチェックポイントのパスを返します。そこにあるチェックポイントは `tf.train.Checkpoint(model=...)` で書き出したものです。フォルダにチェックポイントがなければ、何も変更せずに `None` を返します。

# %%
def restore_latest(model, directory):
    return ...  # your code here


check("saving-and-loading.2", restore_latest)

# %% [markdown]
# **saving-and-loading.3** Write `export(directory)`: it saves a SavedModel whose loaded object has a
# function `f` with $f(x) = 2x + 1$ for float32 vectors of any length. Hint: a
# `tf.Module` with two Variables and a `tf.function` with an `input_signature`, like
# `Line` above.

# %% [markdown] ja
# **saving-and-loading.3** `export(directory)` を書いてください。読み込んだオブジェクトが、任意の長さの float32 のベクトルに対して $f(x) = 2x + 1$ を計算する関数 `f` を持つような SavedModel を保存します。ヒント: 上の `Line` のように、2 つの変数と、`input_signature` 付きの `tf.function` を持つ `tf.Module` を使います。

# %%
def export(directory):
    return ...  # your code here


check("saving-and-loading.3", export)
