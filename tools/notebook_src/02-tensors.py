# %% [markdown]
# # Tensors
#
# A *tensor* is an n-dimensional array of numbers that all share one type. Everything a
# neural network computes, its inputs, weights and outputs, is a tensor.
#
# **What you will learn**
# - tensors of rank 0 to 3, and how they print
# - how a tensor's dtype is chosen (`int32`, `float32`, or NumPy's own dtype)
# - `tf.constant` and `tf.convert_to_tensor`; a tensor's `shape`, `dtype` and `numpy()`
# - creating tensors: `ones`, `zeros`, `fill` and seeded random numbers
# - changing type and layout: `cast`, `transpose`, `reshape`

# %% [markdown] ja
# # テンソル
#
# *テンソル*とは、すべて同じ型の数を並べた n 次元の配列です。ニューラルネットワークが計算するものは、入力も重みも出力も、すべてテンソルです。
#
# **このノートブックで学ぶこと**
# - 階数 0 から 3 のテンソルと、その表示のされ方
# - テンソルの dtype の決まり方（`int32`、`float32`、または NumPy 自身の dtype）
# - `tf.constant` と `tf.convert_to_tensor`、テンソルの `shape`、`dtype` と `numpy()`
# - テンソルの作成: `ones`、`zeros`、`fill`、シードを固定した乱数
# - 型と並びの変更: `cast`、`transpose`、`reshape`

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## Rank 0 to 3
#
# The *rank* of a tensor is its number of axes (dimensions). A rank-0 tensor is a single
# number (a scalar), rank 1 a vector, rank 2 a matrix, rank 3 a stack of matrices:
#
# $$
# \underbrace{3}_{\text{rank } 0,\ \text{shape } ()} \qquad
# \underbrace{\begin{pmatrix}1 & 2 & 3\end{pmatrix}}_{\text{rank } 1,\ \text{shape } (3,)} \qquad
# \underbrace{\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}}_{\text{rank } 2,\ \text{shape } (2, 2)}
# $$
#
# `print` shows the values, then the shape and the dtype:

# %% [markdown] ja
# ## 階数 0 から 3
#
# テンソルの*階数*（ランク）とは、軸（次元）の数のことです。階数 0 のテンソルは数 1 つ（スカラー）、階数 1 はベクトル、階数 2 は行列、階数 3 は行列を積み重ねたものです。
#
# $$
# \underbrace{3}_{\text{階数 } 0,\ \text{形状 } ()} \qquad
# \underbrace{\begin{pmatrix}1 & 2 & 3\end{pmatrix}}_{\text{階数 } 1,\ \text{形状 } (3,)} \qquad
# \underbrace{\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}}_{\text{階数 } 2,\ \text{形状 } (2, 2)}
# $$
#
# `print` は値を表示し、続けて形状（shape）と dtype を表示します。

# %%
scalar = tf.constant(3)
vector = tf.constant([1.5, 2.0, 3.0])
matrix = tf.constant([[1, 2], [3, 4]])
cube = tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])

print(scalar)
print(vector)
print(matrix)
print(cube)

# %% [markdown]
# Read a shape from the outside in: `cube` holds 2 matrices, each with 2 rows of 2 numbers.
# The number of square brackets that open at the start is the rank.
#
# Without `print`, Jupyter shows the *repr*, which also shows the values as a NumPy array:

# %% [markdown] ja
# 形状は外側から内側へ読みます。`cube` は 2 つの行列を持ち、それぞれの行列は 2 つの数からなる行を 2 つ持っています。先頭で開いている角括弧の数が階数です。
#
# `print` を使わないと、Jupyter は *repr* を表示します。こちらには値が NumPy 配列としても表示されます。

# %%
matrix

# %% [markdown]
# ## How the dtype is chosen
#
# Every element of a tensor has the same *dtype*. When you do not name one:
#
# - Python integers become `int32`,
# - Python floats become `float32` (one float makes the whole tensor float),
# - a NumPy array keeps its own dtype, which for NumPy is usually `int64` or `float64`.

# %% [markdown] ja
# ## dtype の決まり方
#
# テンソルの要素はすべて同じ *dtype*（データ型）を持ちます。dtype を指定しないときは、次のように決まります。
#
# - Python の整数は `int32` になります。
# - Python の浮動小数点数は `float32` になります（浮動小数点数が 1 つでもあれば、テンソル全体が浮動小数点数になります）。
# - NumPy 配列は自分の dtype を保ちます。NumPy では、これはたいてい `int64` か `float64` です。

# %%
print(tf.constant([1, 2, 3]).dtype)
print(tf.constant([1, 2.5, 3]).dtype)
print(tf.constant(np.array([1.0, 2.0])).dtype)
print(tf.constant(np.array([1, 2])).dtype)
print(tf.constant([1, 2], dtype=tf.float32))

# %% [markdown]
# `float32` is the usual choice for neural networks: half the memory of `float64` and
# precise enough. Remember that NumPy data arrives as `float64`; we will meet the
# consequence in the next notebook.
#
# > **Read the engine.** A dtype is a small object that knows its name and its NumPy twin:
# > [`DType` in `course/engine/dtypes.py`](../course/engine/dtypes.py), where
# > [`as_dtype` in `course/engine/dtypes.py`](../course/engine/dtypes.py) also turns
# > names such as `"float32"` into one. The rules above (Python int → `int32`, Python float
# > → `float32`, NumPy keeps its own) are applied by
# > [`convert_to_tensor` in `course/engine/tensor.py`](../course/engine/tensor.py).

# %% [markdown] ja
# ニューラルネットワークでは `float32` を使うのが普通です。メモリは `float64` の半分で、精度も十分です。NumPy のデータは `float64` でやって来ることを覚えておいてください。それがどんな結果を招くかは、次のノートブックで見ます。
#
# > **エンジンを読む。** dtype は、自分の名前と、対応する NumPy の型を知っている小さなオブジェクトです: [`course/engine/dtypes.py` の `DType`](../course/engine/dtypes.py)。同じファイルの
# > [`course/engine/dtypes.py` の `as_dtype`](../course/engine/dtypes.py) は `"float32"` のような名前を dtype に変換します。上の規則（Python の整数 → `int32`、Python の浮動小数点数 → `float32`、NumPy は自分の dtype のまま）を適用しているのは
# > [`course/engine/tensor.py` の `convert_to_tensor`](../course/engine/tensor.py) です。

# %% [markdown]
# ## Converting, and looking inside
#
# `tf.convert_to_tensor` turns lists, NumPy arrays and numbers into tensors (and leaves a
# tensor as it is). Every tensor has a `shape`, a `dtype`, and `numpy()` gives its values
# back as a NumPy array.

# %% [markdown] ja
# ## 変換と、中身の確認
#
# `tf.convert_to_tensor` は、リスト、NumPy 配列、数値をテンソルに変換します（テンソルはそのまま返します）。どのテンソルにも `shape` と `dtype` があり、`numpy()` は値を NumPy 配列として返します。

# %%
from_list = tf.convert_to_tensor([[1, 2, 3], [4, 5, 6]])
from_array = tf.convert_to_tensor(np.arange(6).reshape(2, 3))

print(from_list.shape, from_list.dtype)
print(from_array.shape, from_array.dtype)
print(from_list.shape.as_list(), from_list.ndim)
print(repr(from_list.numpy()))

# %% [markdown]
# Tensors are *immutable*: no operation changes a tensor, each one makes a new tensor.
# (Mutable state is a `tf.Variable`; see notebook 05.)

# %% [markdown] ja
# テンソルは*イミュータブル*（変更不可）です。テンソルを書き換える演算はなく、どの演算も新しいテンソルを作ります。（変更できる状態は `tf.Variable` で表します。ノートブック 05 を参照してください。）

# %% [markdown]
# ## Creating tensors
#
# A weight matrix whose entries are all $\tfrac14$, a tensor of zeros, or one filled with
# any value:

# %% [markdown] ja
# ## テンソルの作成
#
# すべての要素が $\tfrac14$ の重み行列、ゼロばかりのテンソル、任意の値で埋めたテンソルは次のように作ります。

# %%
print(tf.ones([5, 5]) * 0.25)
print(tf.zeros([2, 3]))
print(tf.fill([2, 2], 7))

# %% [markdown]
# Random numbers are drawn from a generator. Setting the *seed* first makes them the same
# on every run, which is what makes an experiment repeatable. `tf.random.uniform` draws from
# $[\text{minval}, \text{maxval})$, by default $[0, 1)$:

# %% [markdown] ja
# 乱数は乱数生成器から取り出します。先に*シード*を設定しておくと、毎回同じ乱数になります。これで実験が再現できるようになります。`tf.random.uniform` は $[\text{minval}, \text{maxval})$ から、デフォルトでは $[0, 1)$ から値を取り出します。

# %%
tf.random.set_seed(42)
print(tf.random.uniform([2, 3]))
tf.random.set_seed(42)
print(tf.random.uniform([2, 3]))  # same seed, same numbers
print(tf.random.uniform([2, 3], minval=-1, maxval=1))  # the next numbers of the stream

# %% [markdown]
# > **The same numbers as TensorFlow.** The engine draws with TensorFlow's own generator
# > on a CPU (Philox), by the same seeding rules, so real TensorFlow prints these very
# > numbers for this cell. (See `tf.random` in [`docs/engine-api.md`](../docs/engine-api.md).)

# %% [markdown] ja
# > **TensorFlow と同じ数。** このエンジンは CPU 上の TensorFlow と同じ乱数生成器（Philox）を同じシードの規則で使うので、このセルでは本物の TensorFlow もまったく同じ数を表示します。（[`docs/engine-api.md`](../docs/engine-api.md) の `tf.random` を参照してください。）

# %% [markdown]
# ## Changing the dtype: `cast`
#
# `tf.cast` converts the values to another dtype. Floats become integers by cutting off the
# fractional part (towards zero), not by rounding:

# %% [markdown] ja
# ## dtype の変更: `cast`
#
# `tf.cast` は値を別の dtype に変換します。浮動小数点数を整数にするときは、四捨五入ではなく、小数部分を切り捨てます（0 の方向に丸めます）。

# %%
x = tf.constant([1.7, -1.7, 2.5])
print(tf.cast(x, tf.int32))
print(tf.cast(tf.constant([0, 1, 2]), tf.bool))

# %% [markdown]
# ## Changing the layout: `transpose` and `reshape`
#
# `tf.transpose` swaps rows and columns: $(A^\top)_{ij} = A_{ji}$. `tf.reshape` keeps the
# values in their reading order (row by row) and pours them into a new shape with the same
# number of elements; `-1` means "whatever size is left".

# %% [markdown] ja
# ## 並びの変更: `transpose` と `reshape`
#
# `tf.transpose` は行と列を入れ替えます: $(A^\top)_{ij} = A_{ji}$。`tf.reshape` は値を読む順序（行ごと）を保ったまま、要素数が同じ別の形状に流し込みます。`-1` は「残りに合わせた大きさ」を意味します。

# %%
a = tf.constant([[1, 2, 3], [4, 5, 6]])
print(tf.transpose(a))
print(tf.reshape(a, [3, 2]))
print(tf.reshape(a, [-1]))

# %% [markdown]
# Note the difference: `transpose` of the $2\times3$ matrix gives `[[1 4] [2 5] [3 6]]`,
# `reshape` to $3\times2$ gives `[[1 2] [3 4] [5 6]]`. A reshape must keep the number of
# elements, otherwise it is an error:

# %% [markdown] ja
# 違いに注意してください。$2\times3$ 行列を `transpose` すると `[[1 4] [2 5] [3 6]]` に、$3\times2$ に `reshape` すると `[[1 2] [3 4] [5 6]]` になります。reshape では要素数を変えられません。変えようとするとエラーになります。

# %%
try:
    tf.reshape(a, [4, 2])
except Exception as e:
    print(type(e).__name__, "-", str(e).splitlines()[0])

# %% [markdown]
# ## Exercises
#
# Replace `...` with your answer and run the cell.
#
# **tensors.1** Create a `float32` tensor of shape `(3, 4)` in which every element is `0.5`.

# %% [markdown] ja
# ## 練習問題
#
# `...` をあなたの答えに書き換えて、セルを実行してください。
#
# **tensors.1** すべての要素が `0.5` である、形状 `(3, 4)` の `float32` テンソルを作ってください。

# %%
answer = ...
check("tensors.1", answer)

# %% [markdown]
# **tensors.2** Start from `tf.range(12)`, reshape it to 3 rows of 4, then transpose it.

# %% [markdown] ja
# **tensors.2** `tf.range(12)` から始めて、4 つずつ 3 行に reshape し、それを転置してください。

# %%
answer = ...
check("tensors.2", answer)

# %% [markdown]
# **tensors.3** What is the dtype of `tf.constant(np.array([1.0, 2.0]))`? Answer with a dtype
# such as `tf.int32`, without running it first.

# %% [markdown] ja
# **tensors.3** `tf.constant(np.array([1.0, 2.0]))` の dtype は何でしょうか? 実行する前に考えて、`tf.int32` のような dtype で答えてください。

# %%
answer = ...
check("tensors.3", answer)
