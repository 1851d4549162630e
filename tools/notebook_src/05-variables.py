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

# %% [markdown] ja
# # 変数
#
# テンソルは決して変化しません。しかしモデルは、学習しながら重みを変えていかなければなりません。そのためにあるのが `tf.Variable` です。テンソルのように使えて、値を上書きできるものです。
#
# **このノートブックで学ぶこと**
# - `tf.Variable` を作り、`assign`、`assign_add`、`assign_sub` で変更する方法
# - 続けて使う例: 状態を変数に記憶するスパイク検出器
# - 変数とテンソルの違いと、両者の連携
# - `trainable` フラグ。トレーニングでどの変数を変えるかを伝えるもの

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## Creating and changing a Variable
#
# A Variable starts from an initial value, which fixes its dtype and shape for good.

# %% [markdown] ja
# ## 変数の作成と変更
#
# 変数は初期値から始まり、その初期値で dtype と形状が決まります。以後は変わりません。

# %%
w = tf.Variable([1.0, 2.0, 3.0], name="w")
print(w)

# %% [markdown]
# `assign` replaces the value; `assign_add` and `assign_sub` add or subtract in place:
#
# $$ w \leftarrow v, \qquad w \leftarrow w + \delta, \qquad w \leftarrow w - \delta $$

# %% [markdown] ja
# `assign` は値を置き換え、`assign_add` と `assign_sub` はその場で足したり引いたりします。
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

# %% [markdown] ja
# > **エンジンを読む。** 変数は NumPy 配列を持っていて、それを置き換えられるのは変数自身のメソッドだけです。`assign_sub` は dtype と形状を検査し、新しい値を演算で計算するので、グラフやテープにもそれが見えます:
# > [`course/engine/variables.py` の `Variable.assign_sub`](../course/engine/variables.py)。
#
# dtype と形状は固定されたままです。形状の違う値や、整数の変数への浮動小数点数の代入はエラーになります。

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

# %% [markdown] ja
# ## 続けて使う例: スパイクの検出
#
# 温度センサーが 1 分ごとに測定値を 1 つ送ってきます。普段はおよそ 20 °C で、その基準値をしきい値より大きく上回った測定値を*高い*とします。
#
# $$ \text{high}_t = \left( x_t > \text{baseline} + \text{threshold} \right) $$
#
# 高温が数分続くことがありますが、高温のひとまとまりは、その始まりで 1 回だけ数えたいとします。分 $t$ でスパイクが*始まる*のは、いまの測定値が高く、1 分前は高くなかったときです。そのため検出器は、測定値と測定値の間で、いまスパイクの中にいるかどうかを*覚えて*おく必要があります。その記憶が bool の変数 `in_spike` で、毎ステップ読まれてから上書きされます。もう 1 つの変数がスパイクを数えます。

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
    print(tr("minute {t}: {reading:4.1f} °C  high={high!s:5}  spikes so far={count}",
             t=t, reading=float(readings[t]), high=bool(high), count=int(spike_count)))

print(tr("spikes start at minutes {minutes}", minutes=starts))

# %%
minutes = np.arange(readings.shape[0])
values = readings.numpy()
high = values > baseline + threshold
fig, ax = plt.subplots(figsize=(9, 3.4))
ax.axhline(baseline + threshold, color="gray", linestyle="--", linewidth=1,
           label=tr("baseline + threshold (23 °C)"))
ax.plot(minutes, values, color="#0072B2", marker="o", label=tr("reading"))
ax.plot(minutes[high], values[high], linestyle="none", marker="s", markersize=11,
        markerfacecolor="none", markeredgecolor="#D55E00", markeredgewidth=2, label=tr("high"))
ax.plot(starts, values[starts] + 0.8, linestyle="none", marker="v", markersize=12,
        color="#D55E00", label=tr("spike starts here"))
ax.set_xlabel(tr("time (minutes)"))
ax.set_ylabel(tr("temperature (°C)"))
ax.set_title(tr("Two spikes: the first lasts two minutes, but is counted once"))
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

# %% [markdown] ja
# **図 5.1: センサーの測定値と検出したスパイク。** 温度（°C）を時刻（0 分から 9 分）に対して、丸いマーカー付きの折れ線で描いています。破線の水平線は 23 °C、つまり基準値にしきい値を足した値です。その上にある測定値は 3 つで、それぞれ四角で囲まれています。3 分の 25.9 °C、4 分の 26.0 °C、7 分の 27.0 °C です。測定値のすぐ上の下向きの三角が、スパイクの始まりを示しています。印が付くのは 3 分と 7 分だけです。4 分には、検出器がすでにスパイクの中にいることを覚えていたからです。それ以外の測定値はすべて 20.1 °C から 20.8 °C の間にあります。
#
# 同じ判定は、ループも変数も使わずに、系列全体に一度に行うこともできます。系列と、それを 1 つずらしたものを比べるのです。ずらすのはノートブック 04 のスライスで行えます。この考えを完成させるのが練習問題 variables.2 です。

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

# %% [markdown] ja
# ## 変数とテンソル
#
# | | `tf.Tensor` | `tf.Variable` |
# |---|---|---|
# | 値の変更 | できない: どの演算も新しいテンソルを作る | できる: `assign`、`assign_add`、`assign_sub` |
# | dtype と形状 | 固定 | 固定 |
# | 典型的な用途 | データ、途中の計算結果 | 重み、カウンター、ステップ間の状態 |
# | `GradientTape` からの見え方 | `watch` したときだけ | `trainable` なら自動的に |
#
# 変数を演算に使うと、その時点の値が*読み出され*、結果は普通のテンソルになります。

# %%
v = tf.Variable([1.0, 2.0])
doubled = v * 2
print(isinstance(doubled, tf.Tensor), doubled)
v.assign([5.0, 5.0])
print(doubled)  # computed from the old value; it does not follow v

# %% [markdown]
# And a tensor has no `assign`, nor can its items be set:

# %% [markdown] ja
# また、テンソルには `assign` がなく、要素に代入することもできません。

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

# %% [markdown] ja
# ## トレーニングで変えるかどうか
#
# どの変数にも `trainable` フラグがあり、指定しなければ `True` です。モデルのトレーニング（ノートブック 06 以降）とは、予測が良くなるように変数を少しずつ変えていくことで、変えられるのは *trainable* な変数だけです。上のスパイクのカウンターや、トレーニングのステップ数のような記録用の値は、トレーニングで変わってはいけません。`trainable=False` を付けて作ってください。

# %%
weight = tf.Variable([0.5, -0.5])               # a model's weight: trainable
steps_done = tf.Variable(0, trainable=False)    # bookkeeping: not trainable
print(weight.trainable, steps_done.trainable)

# %% [markdown]
# Notebook 06 shows the other side of this flag: a `GradientTape` watches trainable
# Variables by itself, and that is how the training loop finds what to change.

# %% [markdown] ja
# このフラグのもう 1 つの面はノートブック 06 で見ます。`GradientTape` は trainable な変数を自分で監視し、トレーニングのループは、それによって変えるべきものを見つけます。

# %% [markdown]
# ## Exercises
#
# **variables.1** Create a Variable holding `[0.0, 0.0, 0.0]`, then add `[1.0, 2.0, 3.0]` to
# it with `assign_add`. Pass the Variable.

# %% [markdown] ja
# ## 練習問題
#
# **variables.1** `[0.0, 0.0, 0.0]` を持つ変数を作り、`assign_add` で `[1.0, 2.0, 3.0]` を足してください。答えとして変数を渡します。

# %%
answer = ...
check("variables.1", answer)

# %% [markdown]
# **variables.2** Write `spike_starts(readings, baseline, threshold)` without a loop: it
# returns a boolean tensor as long as `readings`, `True` where a spike starts (the reading
# is more than `threshold` above `baseline`, and the reading before it was not). The first
# reading has no reading before it: it starts a spike if it is high. Hints: `tf.concat`,
# and `&` and `~` (and, not) on bool tensors.

# %% [markdown] ja
# **variables.2** `spike_starts(readings, baseline, threshold)` をループを使わずに書いてください。`readings` と同じ長さの bool のテンソルを返し、スパイクが始まる位置（測定値が `baseline` より `threshold` を超えて高く、直前の測定値は高くない位置）を `True` にします。最初の測定値には直前の値がないので、高ければスパイクの始まりとします。ヒント: `tf.concat`、そして bool のテンソルに対する `&` と `~`（かつ、否定）。

# %%
def spike_starts(readings, baseline, threshold):
    return ...  # your code here


check("variables.2", spike_starts)

# %% [markdown]
# **variables.3** Create a step counter that starts at `0` (an `int32` Variable) and that
# training must never change.

# %% [markdown] ja
# **variables.3** `0` から始まるステップカウンター（`int32` の変数）で、トレーニングが決して変えないものを作ってください。

# %%
answer = ...
check("variables.3", answer)
