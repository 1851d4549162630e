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

# %% [markdown] ja
# # TensorBoard: トレーニングを見守る
#
# トレーニングの実行はときどき数値を表示しますが、曲線のほうがずっと多くを語ります。損失はまだ下がっているか、跳ね上がったか、2 つの実行のどちらが良いか。TensorBoard はそうした曲線を描きます。プログラムが `tf.summary` で*イベントファイル*を書き出し、小さな Web アプリである TensorBoard がそれを読み込んで描画します。
#
# **このノートブックで学ぶこと**
# - `tf.summary` でスカラーとヒストグラムを書き出す: `create_file_writer`、`as_default`、`scalar`、`histogram`、そしてそれぞれの値が属する `step`
# - 実行ごとに 1 つのフォルダを使い、TensorBoard で実行どうしを比べられるようにする
# - `tensorboard --logdir` で TensorBoard を起動する方法と、コースの TensorBoard（http://127.0.0.1:6006）を開く方法
# - 書き出した内容を確かめるために、イベントファイルを Python で読み戻す方法

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.i18n import tr

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

# %% [markdown] ja
# ## ライター、ステップ、スカラー
#
# 3 つの部品が連携します。
#
# - `tf.summary.create_file_writer(folder)` は、1 つの実行のための**ライター**を作ります。フォルダを（足りない親フォルダも含めて）作り、その中に空の*イベントファイル*をすぐに作るので、最初の値を書く前から、その実行は TensorBoard に表示されます。
# - `with writer.as_default():` は、そのライターをサマリーの書き出し先にします。
# - `tf.summary.scalar(name, value, step=...)` は数値を 1 つ記録します。**ステップ**は TensorBoard での横軸で、普通はトレーニングのステップかエポックです。
#
# 最初の例として、$t = 0, 1, \dots, 29$ について曲線 $y = e^{-t/10}$ を書き出します。

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

# %% [markdown] ja
# イベントファイルは最初の値より前からありました。ファイル名の全体は、`events.out.tfevents.` の後に時刻、マシンの名前、プロセス番号、`.v2` が続いたものです（どのマシンでも同じになる先頭部分だけを表示しました）。これが TensorBoard の読む形式です。`with writer.as_default():` ブロックの外ではライターがないので、`tf.summary.scalar` は何も記録せず、false を返します。

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

# %% [markdown] ja
# > **本物の TensorFlow との違い。** TensorFlow のサマリー関数は bool の*テンソル*（`tf.Tensor(False, shape=(), dtype=bool)`）を返しますが、エンジンのものは Python の普通の `bool` を返します。`bool(...)` で読めばどちらも同じです。また、TensorFlow はフォルダとして文字列しか受け付けないので、パスを `str(...)` で囲んでいます。（[`docs/engine-api-keras.md`](../docs/engine-api-keras.md) の `tf.summary` についての注を参照してください。）

# %% [markdown]
# > **Read the engine.** A writer wraps TensorBoard's own event-file writer:
# > [`create_file_writer` in `course/engine/summary/writer.py`](../course/engine/summary/writer.py).
# > A scalar becomes one event, a value with its step and tag:
# > [`scalar` in `course/engine/summary/ops.py`](../course/engine/summary/ops.py).

# %% [markdown] ja
# > **エンジンを読む。** ライターは TensorBoard 自身のイベントファイルのライターを包んだものです:
# > [`course/engine/summary/writer.py` の `create_file_writer`](../course/engine/summary/writer.py)。
# > スカラーは 1 つのイベント、つまりステップとタグの付いた値になります:
# > [`course/engine/summary/ops.py` の `scalar`](../course/engine/summary/ops.py)。

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

# %% [markdown] ja
# ## トレーニングの実行を記録する
#
# 点に直線 $\hat y = a x + b$ を当てはめる問題（ノートブック 06）に戻ります。平均二乗誤差（MSE）に対する勾配降下法です。
#
# $$ L(a, b) = \frac1n \sum_{i=1}^{n} r_i^2, \qquad r_i = y_i - (a x_i + b). $$
#
# 各ステップで 2 つのものを記録します。損失 $L$ を**スカラー**として、$n$ 個の残差 $r_i$ すべてを**ヒストグラム**としてです。ヒストグラムは値の散らばり方を表します。直線がよく当てはまるほど、残差は 0 の周りに集まります。
#
# 学習率を変えて 2 回トレーニングし、それぞれの実行を別のフォルダに書き出します。TensorBoard は `logs/` のサブフォルダをそれぞれ 1 つの実行として扱い、実行どうしを並べて描きます。

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
    print(tr("learning rate {rate}: last loss {loss:.4f}  a = {a:.3f}  b = {b:.3f}",
             rate=rate, loss=loss, a=a, b=b))

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

# %% [markdown] ja
# ## TensorBoard を開く
#
# このコースでは、TensorBoard はすでに `docker compose up` の `tensorboard` サービスとして動いています。プロジェクトの `logs/` フォルダを監視していて、数秒ごとに読み直します。**http://127.0.0.1:6006** を開いて、次のものを見てください。
#
# - **Scalars**（または **Time Series**）: 実行 `10-tensorboard/lr-0.01` と `10-tensorboard/lr-0.1` の `loss` の曲線と、`decay`。左側で実行にチェックを付けたり外したりすると表示が切り替わります。*smoothing* のスライダーは、ノイズの多い曲線を平均して滑らかにします。
# - **Histograms**: `residuals`。ステップごとに 1 つのヒストグラムが、奥（ステップ 0）から手前（ステップ 49）へ積み重なっています。学習率が大きいほうでは、山がすぐに細くなります。
# - **Distributions**: 同じデータを上から見たもので、ステップごとのパーセンタイルの帯として表示されます。
#
# Docker を使わない場合は、プロジェクトのフォルダで自分で起動し、表示されるアドレス（デフォルトは http://localhost:6006）を開きます。
#
# ```bash
# tensorboard --logdir logs
# ```
#
# `--logdir` は監視するフォルダ（サブフォルダが実行になる）で、6006 番が使われているときは `--port` で別のポートを選べます。

# %% [markdown]
# ## Checking what was written
#
# Event files can be read back in Python with TensorBoard's own reader. Handy for a quick
# look, or to test that a program logs what it should:

# %% [markdown] ja
# ## 書き出した内容を確かめる
#
# イベントファイルは、TensorBoard 自身の読み込み機能を使って Python で読み戻せます。ちょっと中身を見たいときや、プログラムが記録すべきものを記録しているかテストするときに便利です。

# %%
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util


def read_run(folder):
    run = EventAccumulator(str(folder), size_guidance={"tensors": 0})  # 0: keep every value
    run.Reload()
    return run


run = read_run(LOGS / "lr-0.1")
print(tr("tags:"), run.Tags()["tensors"])
losses = [(e.step, float(tensor_util.make_ndarray(e.tensor_proto))) for e in run.Tensors("loss")]
print(tr("{count} loss values; the first three: {first}", count=len(losses),
         first=[(s, round(v, 4)) for s, v in losses[:3]]))

# %% [markdown]
# A histogram is stored as buckets: each row is (left edge, right edge, count). Here are
# the residuals at the first and the last step of the faster run:

# %% [markdown] ja
# ヒストグラムはバケットとして保存されています。各行は（左端, 右端, 個数）です。速いほうの実行の、最初と最後のステップの残差を見てみましょう。

# %%
histograms = run.Tensors("residuals")
for event in (histograms[0], histograms[-1]):
    buckets = tensor_util.make_ndarray(event.tensor_proto)
    spread = buckets[-1, 1] - buckets[0, 0]
    print(tr("step {step:2d}: {count} buckets, from {low:.2f} to {high:.2f} (width {width:.2f}), "
             "{values} values", step=event.step, count=len(buckets), low=buckets[0, 0],
             high=buckets[-1, 1], width=spread, values=int(buckets[:, 2].sum())))

# %% [markdown]
# With these numbers we can draw what the Scalars tab shows for the two runs:

# %% [markdown] ja
# これらの数値を使えば、Scalars タブが 2 つの実行について表示するものを描けます。

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.8))
for rate, style, marker in ((0.01, "--", "o"), (0.1, "-", "s")):
    run = read_run(LOGS / f"lr-{rate}")
    steps = [e.step for e in run.Tensors("loss")]
    values = [float(tensor_util.make_ndarray(e.tensor_proto)) for e in run.Tensors("loss")]
    ax.plot(steps, values, linestyle=style, marker=marker, markersize=4, markevery=5,
            color="#0072B2" if rate == 0.01 else "#D55E00", label=f"lr-{rate}")
ax.set_xlabel(tr("step"))
ax.set_ylabel(tr("loss: MSE (squared units of y, log scale)"))
ax.set_yscale("log")
ax.set_title(tr("The two runs' loss, read back from the event files"))
ax.legend(title=tr("run"))
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

# %% [markdown] ja
# **図 10.1: TensorBoard の Scalars タブと同じように描いた、2 つの実行の損失。** MSE（対数軸）をステップ 0 から 49 に対して描いたもので、実行ごとに 1 本の曲線があります。実行 `lr-0.1`（実線、四角のマーカー）は 15 ステップ以内におよそ 3 からおよそ 0.09 まで下がり、その後は横ばいです。実行 `lr-0.01`（破線、丸いマーカー）は同じ値から始まり、対数軸の上で直線に沿ってゆっくり下がり、ステップ 49 でおよそ 0.37 に達します。
#
# 速いほうの実行はおよそ $0.09$ で横ばいになります。これは点に加えたノイズ $\sigma^2 = 0.3^2 = 0.09$ で、どんな直線でも説明できない部分です。遅いほうの実行は、50 ステップの後もまだ下がっている途中です。

# %% [markdown]
# ## Exercises
#
# **tensorboard.1** Write `log_losses(writer, losses)`: it writes each value of the list `losses` as
# a scalar named `"loss"` with the given `writer`, the first at step 0, the next at
# step 1, and so on.

# %% [markdown] ja
# ## 練習問題
#
# **tensorboard.1** `log_losses(writer, losses)` を書いてください。リスト `losses` の各値を、与えられた `writer` で `"loss"` という名前のスカラーとして書き出します。最初の値はステップ 0、次はステップ 1、というように進めます。

# %%
def log_losses(writer, losses):
    return ...  # your code here


check("tensorboard.1", log_losses)

# %% [markdown]
# **tensorboard.2** Outside Docker, which command (a string) starts TensorBoard on the project's
# `logs/` folder, on port 6006?

# %% [markdown] ja
# **tensorboard.2** Docker の外で、プロジェクトの `logs/` フォルダを対象に、ポート 6006 で TensorBoard を起動するコマンド（文字列）は何でしょうか?

# %%
answer = ...
check("tensorboard.2", answer)
