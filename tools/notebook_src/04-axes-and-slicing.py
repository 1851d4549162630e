# %% [markdown]
# # Axes, reductions and slicing
#
# Data comes in tables: one row per example, one column per feature; a batch of images is
# a stack of tables. Most of what you do with such tensors is to summarize along one
# direction (a sum per row, a mean per column) or to cut out a part. Both depend on one
# idea, the *axis*, and on reading shapes carefully.
#
# **What you will learn**
# - what an axis is, and how to read `axis=0` and `axis=1`
# - reductions along an axis: `reduce_sum`, `reduce_mean`, `reduce_max`, `argmax`, and `keepdims`
# - slicing: rows, columns, ranges, steps, `...` and `tf.newaxis`; which slices keep an axis
# - the classic silent bug: a vector of shape `(n,)` meets a column of shape `(n, 1)`

# %% [markdown] ja
# # 軸、集約、スライス
#
# データは表の形でやって来ます。1 行が 1 つの例、1 列が 1 つの特徴量です。画像のバッチは表を積み重ねたものです。こうしたテンソルに対して行う操作のほとんどは、ある方向に沿って要約する（行ごとの合計、列ごとの平均）か、一部を切り出すことです。どちらも、*軸*という 1 つの考え方と、形状を注意深く読むことにかかっています。
#
# **このノートブックで学ぶこと**
# - 軸とは何か、`axis=0` と `axis=1` の読み方
# - 軸に沿った集約: `reduce_sum`、`reduce_mean`、`reduce_max`、`argmax`、そして `keepdims`
# - スライス: 行、列、範囲、ステップ、`...` と `tf.newaxis`。どのスライスで軸が残るか
# - よくある、エラーの出ないバグ: 形状 `(n,)` のベクトルと形状 `(n, 1)` の列の出会い

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## Axes
#
# Four students took three tests. One row per student, one column per test:

# %% [markdown] ja
# ## 軸
#
# 4 人の学生が 3 つのテストを受けました。1 行が 1 人の学生、1 列が 1 つのテストです。

# %%
scores = tf.constant([[70.0, 80.0, 90.0],
                      [60.0, 70.0, 80.0],
                      [90.0, 95.0, 100.0],
                      [80.0, 75.0, 70.0]])
print(scores.shape)

# %% [markdown]
# The shape `(4, 3)` lists the axes in order: **axis 0** has 4 positions (the rows, the
# students), **axis 1** has 3 (the columns, the tests). Moving along axis 0 means going
# *down* a column, from one student to the next; moving along axis 1 means going *across* a
# row. An element is found by one index per axis: `scores[2, 0]` is student 2's first test.

# %% [markdown] ja
# 形状 `(4, 3)` は軸を順番に並べたものです。**軸 0** には 4 つの位置（行、つまり学生）があり、**軸 1** には 3 つの位置（列、つまりテスト）があります。軸 0 に沿って動くとは、列を*下へ*、ある学生から次の学生へ進むことです。軸 1 に沿って動くとは、行を*横へ*進むことです。要素は軸ごとに 1 つのインデックスで指定します。`scores[2, 0]` は学生 2 の最初のテストです。

# %%
print(scores[2, 0])

# %% [markdown]
# ## Reductions: summarize along an axis
#
# A *reduction* combines many numbers into one: a sum, a mean, a maximum. With `axis=` it
# combines along that axis only, and **the axis you name is the one that disappears**:
#
# | call | combines | result shape | meaning here |
# |---|---|---|---|
# | `tf.reduce_sum(scores)` | everything | `()` | all points together |
# | `tf.reduce_sum(scores, axis=0)` | down each column | `(3,)` | total per test |
# | `tf.reduce_sum(scores, axis=1)` | across each row | `(4,)` | total per student |

# %% [markdown] ja
# ## 集約: 軸に沿って要約する
#
# *集約*（リダクション）は、たくさんの数を 1 つにまとめる演算です。合計、平均、最大値などです。`axis=` を指定すると、その軸に沿ってだけまとめます。**指定した軸が、なくなる軸です。**
#
# | 呼び出し | まとめる範囲 | 結果の形状 | ここでの意味 |
# |---|---|---|---|
# | `tf.reduce_sum(scores)` | すべて | `()` | 全員の全得点の合計 |
# | `tf.reduce_sum(scores, axis=0)` | 各列を縦に | `(3,)` | テストごとの合計 |
# | `tf.reduce_sum(scores, axis=1)` | 各行を横に | `(4,)` | 学生ごとの合計 |

# %%
print(tf.reduce_sum(scores))
print(tf.reduce_sum(scores, axis=0))
print(tf.reduce_sum(scores, axis=1))

# %%
def grid(ax, values, x0, y0, style):
    """Draws values as a grid of labelled cells with its top-left corner at (x0, y0)."""
    for (i, j), v in np.ndenumerate(values):
        ax.add_patch(plt.Rectangle((x0 + j, y0 - i - 1), 1, 1, **style))
        ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{v:g}", ha="center", va="center", fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})


data = scores.numpy()
cell = {"facecolor": "white", "edgecolor": "black"}
down = {"facecolor": "#E69F00", "edgecolor": "black", "hatch": "||", "alpha": 0.6}
across = {"facecolor": "#56B4E9", "edgecolor": "black", "hatch": "--", "alpha": 0.6}

fig, ax = plt.subplots(figsize=(5.5, 5.2))
grid(ax, data, 0, 0, cell)
grid(ax, data.sum(axis=0)[None, :], 0, -4.6, down)      # axis=0: one sum per column, below
grid(ax, data.sum(axis=1)[:, None], 4.2, 0, across)     # axis=1: one sum per row, right
for j in range(3):
    ax.annotate("", xy=(j + 0.5, -4.6), xytext=(j + 0.5, -4.05),
                arrowprops={"arrowstyle": "->", "lw": 1.5})
for i in range(4):
    ax.annotate("", xy=(4.2, -i - 0.5), xytext=(3.05, -i - 0.5),
                arrowprops={"arrowstyle": "->", "lw": 1.5})
ax.text(1.5, -5.8, tr("reduce_sum(scores, axis=0)\nshape (3,): one total per test"),
        ha="center", va="top")
ax.text(4.7, 0.25, tr("reduce_sum(scores, axis=1)\nshape (4,): per student"), ha="center")
ax.set_xlim(-0.3, 6.3)
ax.set_ylim(-6.9, 1.1)
ax.set_aspect("equal")
ax.axis("off")
ax.set_title(tr("Reducing a (4, 3) matrix along axis 0 and along axis 1"), pad=12)
plt.show()

# %% [markdown]
# **Figure 4.1: A reduction removes the axis it runs along.** In the middle, the 4 × 3
# table of scores (rows: students, columns: tests). Arrows point down out of each column to
# a row of three vertically hatched cells below the table, the column totals 300, 320, 340:
# `reduce_sum(scores, axis=0)`, shape (3,). Arrows point right out of each row to a column
# of four horizontally hatched cells, the row totals 240, 210, 285, 225:
# `reduce_sum(scores, axis=1)`, shape (4,).
#
# Every reduction takes `axis` the same way. The mean of each test, the best score of each
# student, and *which* test was each student's best (`argmax` gives the position of the
# largest value, not the value):

# %% [markdown] ja
# **図 4.1: 集約すると、その方向の軸がなくなる。** 中央に、得点の 4 × 3 の表（行は学生、列はテスト）があります。各列から下向きの矢印が、表の下にある縦線の網掛けの 3 マス、列の合計 300, 320, 340 を指しています。これが `reduce_sum(scores, axis=0)` で、形状は (3,) です。各行から右向きの矢印が、横線の網掛けの 4 マスの列、行の合計 240, 210, 285, 225 を指しています。これが `reduce_sum(scores, axis=1)` で、形状は (4,) です。
#
# どの集約も `axis` を同じように受け取ります。テストごとの平均、学生ごとの最高点、そして各学生の最高点が*どの*テストだったか（`argmax` は最大値そのものではなく、その位置を返します）を求めてみましょう。

# %%
print(tr("mean per test:   "), tf.reduce_mean(scores, axis=0))
print(tr("best per student:"), tf.reduce_max(scores, axis=1))
print(tr("best test:       "), tf.argmax(scores, axis=1))

# %% [markdown]
# `argmax` along axis 1 is how a classifier turns its ten probabilities per image into one
# predicted class (notebook 12).
#
# ## `keepdims`: reduce, but keep the axis
#
# To subtract each student's mean from their own scores, the means must line up with the
# rows. A mean of shape `(4,)` would broadcast against the *columns* (and `(4, 3)` minus
# `(4,)` does not even fit). `keepdims=True` keeps the reduced axis with size 1: shape
# `(4, 1)`, a column, which broadcasts across each row (notebook 03).

# %% [markdown] ja
# 分類器が画像 1 枚あたり 10 個の確率を 1 つの予測クラスにするときに使うのが、軸 1 に沿った `argmax` です（ノートブック 12）。
#
# ## `keepdims`: 集約しても軸を残す
#
# 各学生の得点から、その学生自身の平均を引くには、平均を行とそろえる必要があります。形状 `(4,)` の平均は*列*に対してブロードキャストされてしまいます（そもそも `(4, 3)` から `(4,)` は引けません）。`keepdims=True` を指定すると、集約した軸が大きさ 1 で残ります。形状は `(4, 1)`、つまり列になり、各行に沿ってブロードキャストされます（ノートブック 03）。

# %%
per_student = tf.reduce_mean(scores, axis=1, keepdims=True)
print(per_student.shape)
print(scores - per_student)

# %% [markdown]
# Several axes at once work too: for a batch of images of shape `(batch, height, width)`,
# `axis=[1, 2]` averages each image over its pixels and leaves one number per image.

# %% [markdown] ja
# 複数の軸をまとめて指定することもできます。形状 `(batch, height, width)` の画像のバッチなら、`axis=[1, 2]` で各画像をピクセル全体で平均し、画像 1 枚につき 1 つの数が残ります。

# %%
images = tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 4])  # two "images" of 3 x 4 pixels
print(tf.reduce_mean(images, axis=[1, 2]))

# %% [markdown]
# ## Slicing: cutting out a part
#
# Indexing works as in NumPy and Python lists: an index picks one position, `start:stop`
# picks a range (stop excluded), `::step` skips, negative numbers count from the end, and
# `:` alone takes the whole axis. The rule to remember: **an index drops its axis, a slice
# keeps it** (even a slice of length one).

# %% [markdown] ja
# ## スライス: 一部を切り出す
#
# インデックスの付け方は NumPy や Python のリストと同じです。インデックスは 1 つの位置を選び、`start:stop` は範囲を選び（stop は含まない）、`::step` は間を飛ばし、負の数は末尾から数え、`:` だけなら軸全体を取ります。覚えておくべき規則は、**インデックスで選ぶと軸がなくなり、スライスで選ぶと軸が残る**（長さ 1 のスライスでも残る）ということです。

# %%
examples = {
    "scores[0]": scores[0],              # the first row: axis 0 dropped
    "scores[:, 0]": scores[:, 0],        # the first column, as a vector
    "scores[:, :1]": scores[:, :1],      # the first column, kept as a column
    "scores[1:3]": scores[1:3],          # rows 1 and 2
    "scores[::2, -1]": scores[::2, -1],  # every other row, last column
    "scores[-1, ::-1]": scores[-1, ::-1],  # the last row, reversed
}
for code, result in examples.items():
    print(f"{code:17} shape {str(tuple(result.shape)):7} {result.numpy().tolist()}")

# %% [markdown]
# Two more pieces of notation:
#
# - `...` (Ellipsis) stands for "all the axes I did not mention": `images[..., 0]` is the
#   first pixel column of every row of every image, whatever the rank.
# - `tf.newaxis` inserts a new axis of size 1: `scores[:, 0, tf.newaxis]` turns the first
#   column back into a `(4, 1)` column, and `v[tf.newaxis, :]` makes a row out of a vector.

# %% [markdown] ja
# 記法があと 2 つあります。
#
# - `...`（Ellipsis）は「言及していないすべての軸」を表します。`images[..., 0]` は、階数にかかわらず、すべての画像のすべての行の最初のピクセル列です。
# - `tf.newaxis` は大きさ 1 の新しい軸を挿入します。`scores[:, 0, tf.newaxis]` は最初の列を `(4, 1)` の列に戻し、`v[tf.newaxis, :]` はベクトルから行を作ります。

# %%
print(images[..., 0].shape)
print(scores[:, 0, tf.newaxis].shape)
print(tf.constant([1.0, 2.0, 3.0])[tf.newaxis, :].shape)

# %% [markdown]
# To pick rows by a list of positions, use `tf.gather`:

# %% [markdown] ja
# 位置のリストで行を選ぶには、`tf.gather` を使います。

# %%
print(tf.gather(scores, [0, 2]))         # rows 0 and 2
print(tf.gather(scores, [2], axis=1))    # column 2, kept as a column

# %% [markdown]
# > **Real TensorFlow differs here.** Writing `scores[[0, 2]]` with a Python list is a
# > trap in TensorFlow: it silently reads it as `scores[0, 2]`, a single number. The engine
# > refuses it with a `TypeError` that points to `tf.gather`, so that the mistake cannot go
# > unnoticed. Use `tf.gather` in both. (See "Indexing with a list is refused" in
# > [`docs/engine-api.md`](../docs/engine-api.md).)
#
# > **Read the engine.** Every slice becomes one operation, TensorFlow's `StridedSlice`,
# > which turns `[1:3, ::-1]` into begin, end and stride per axis:
# > [`strided_slice` in `course/engine/ops/index_ops.py`](../course/engine/ops/index_ops.py).

# %% [markdown] ja
# > **本物の TensorFlow との違い。** Python のリストで `scores[[0, 2]]` と書くのは、TensorFlow では落とし穴です。TensorFlow はこれを黙って `scores[0, 2]`、つまり数 1 つとして読みます。エンジンはこれを拒否し、`tf.gather` を案内する `TypeError` を出すので、間違いに気づかないまま進むことはありません。どちらでも `tf.gather` を使ってください。（[`docs/engine-api.md`](../docs/engine-api.md) の "Indexing with a list is refused" を参照してください。）
#
# > **エンジンを読む。** どのスライスも、TensorFlow の `StridedSlice` という 1 つの演算になります。`[1:3, ::-1]` を軸ごとの開始、終了、ストライドに変換します:
# > [`course/engine/ops/index_ops.py` の `strided_slice`](../course/engine/ops/index_ops.py)。

# %% [markdown]
# ## The `(n,)` versus `(n, 1)` bug
#
# A model predicts one number per example. Keras layers return a *column*, shape `(n, 1)`,
# one row per example. The targets often come as a plain vector, shape `(n,)`. Subtract one
# from the other, and broadcasting (notebook 03) lines them up as a row against a column:

# %% [markdown] ja
# ## `(n,)` と `(n, 1)` のバグ
#
# モデルは例ごとに 1 つの数を予測します。Keras のレイヤーは*列*、つまり例ごとに 1 行の形状 `(n, 1)` を返します。一方、目標値はただのベクトル、形状 `(n,)` で与えられることがよくあります。一方からもう一方を引くと、ブロードキャスト（ノートブック 03）によって、行と列としてそろえられてしまいます。

# %%
y_true = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])             # shape (5,)
y_pred = tf.constant([[1.1], [1.9], [3.2], [3.8], [5.1]])   # shape (5, 1), as Dense returns it
difference = y_true - y_pred
print(difference.shape)

# %% [markdown]
# Twenty-five differences instead of five: every prediction minus every target. No error is
# raised, and the mean of their squares looks like a perfectly normal loss, just a wrong one:

# %% [markdown] ja
# 差は 5 つではなく 25 個です。すべての予測からすべての目標値を引いています。エラーは出ず、その二乗の平均はまったく普通の損失に見えます。ただし、間違った損失です。

# %%
wrong = tf.reduce_mean((y_true - y_pred) ** 2)
right = tf.reduce_mean((y_true - tf.reshape(y_pred, [-1])) ** 2)
print(tr("with the (5, 5) table: {loss:.3f}", loss=float(wrong)))
print(tr("shapes lined up:       {loss:.3f}", loss=float(right)))

# %%
table = difference.numpy()
fig, ax = plt.subplots(figsize=(5.6, 4.4))
for (i, j), v in np.ndenumerate(table):
    meant = i == j
    ax.add_patch(plt.Rectangle((j, -i - 1), 1, 1, edgecolor="black",
                               facecolor="#009E73" if meant else "#F0F0F0",
                               hatch=None if meant else "xx"))
    ax.text(j + 0.5, -i - 0.5, f"{v:+.1f}", ha="center", va="center",
            fontweight="bold" if meant else "normal", color="white" if meant else "black",
            bbox=None if meant else {"facecolor": "#F0F0F0", "edgecolor": "none", "pad": 1})
ax.set_xticks(np.arange(5) + 0.5, [f"{v:g}" for v in y_true.numpy()])
ax.set_yticks(-np.arange(5) - 0.5, [f"{v:g}" for v in y_pred.numpy()[:, 0]])
ax.set_xlabel(tr("y_true, shape (5,): broadcast as a row (no unit)"))
ax.set_ylabel(tr("y_pred, shape (5, 1): a column (no unit)"))
ax.set_xlim(0, 5)
ax.set_ylim(-5, 0)
ax.set_aspect("equal")
ax.set_title(tr("y_true - y_pred has shape (5, 5): only the diagonal is meant"))
plt.show()

# %% [markdown]
# **Figure 4.2: A vector minus a column is a table.** A 5 × 5 grid of differences
# `y_true - y_pred`. Columns are labelled with the targets 1 to 5, rows with the
# predictions 1.1, 1.9, 3.2, 3.8, 5.1. Only the five cells on the diagonal (bold, solid
# fill) pair a prediction with its own target: -0.1, +0.1, -0.2, +0.2, -0.1. The other
# twenty cells (cross-hatched, grey) compare a prediction with somebody else's target, such
# as 5 - 1.1 = +3.9, and they dominate the mean.
#
# The fix is to make the shapes equal before subtracting: `tf.reshape(y_pred, [-1])` or
# `tf.squeeze(y_pred, axis=1)` turns the column into a vector (or `y_true[:, tf.newaxis]`
# turns the targets into a column). Keras's own loss functions line the shapes up for you;
# in your own code, print the shapes of both sides whenever a loss looks odd.

# %% [markdown] ja
# **図 4.2: ベクトルから列を引くと表になる。** `y_true - y_pred` の差を並べた 5 × 5 の格子です。列には目標値 1 から 5、行には予測 1.1, 1.9, 3.2, 3.8, 5.1 のラベルが付いています。予測と自分自身の目標値を組み合わせているのは、対角線上の 5 マス（太字、塗りつぶし）だけで、-0.1, +0.1, -0.2, +0.2, -0.1 です。残りの 20 マス（網目の網掛け、灰色）は、たとえば 5 - 1.1 = +3.9 のように、予測を別の例の目標値と比べていて、これが平均の大部分を占めます。
#
# 直すには、引く前に形状をそろえます。`tf.reshape(y_pred, [-1])` か `tf.squeeze(y_pred, axis=1)` で列をベクトルにします（または `y_true[:, tf.newaxis]` で目標値を列にします）。Keras の損失関数は形状を自動でそろえてくれますが、自分で書くコードでは、損失の値がおかしいと思ったら、まず両辺の形状を表示してみてください。

# %% [markdown]
# ## Exercises
#
# The exercises use the `scores` table from above (4 students × 3 tests, `float32`).
#
# **axes-and-slicing.1** Compute the mean score of each *test*, a tensor of shape `(3,)`.

# %% [markdown] ja
# ## 練習問題
#
# 練習問題では、上の `scores` の表（4 人の学生 × 3 つのテスト、`float32`）を使います。
#
# **axes-and-slicing.1** *テスト*ごとの平均点を、形状 `(3,)` のテンソルとして計算してください。

# %%
answer = ...
check("axes-and-slicing.1", answer)

# %% [markdown]
# **axes-and-slicing.2** Cut out the scores of the last test as a *column* of shape `(4, 1)`.

# %% [markdown] ja
# **axes-and-slicing.2** 最後のテストの得点を、形状 `(4, 1)` の*列*として切り出してください。

# %%
answer = ...
check("axes-and-slicing.2", answer)

# %% [markdown]
# **axes-and-slicing.3** Write `mse(y_true, y_pred)`, the mean squared error of targets of
# shape `(n,)` and predictions of shape `(n, 1)`: one number, the mean of the `n` squared
# differences (not of `n × n`).

# %% [markdown] ja
# **axes-and-slicing.3** 形状 `(n,)` の目標値と形状 `(n, 1)` の予測に対する平均二乗誤差 `mse(y_true, y_pred)` を書いてください。結果は数 1 つで、`n` 個の差の二乗の平均です（`n × n` 個ではありません）。

# %%
def mse(y_true, y_pred):
    return ...  # your code here


check("axes-and-slicing.3", mse)
