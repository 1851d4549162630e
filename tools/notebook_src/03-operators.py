# %% [markdown]
# # Operators
#
# Tensors combine with operations such as addition or the matrix product. Each one has a
# function name (`tf.add`) and most have a Python operator (`+`) that calls the same thing.
#
# **What you will learn**
# - the arithmetic operations and their operators
# - elementwise `multiply` versus the matrix product `matmul`, a frequent confusion
# - integer division and modulo with negative numbers
# - why `int32 + float32` is an error, and how `tf.cast` fixes it
# - broadcasting: how tensors of different shapes combine, and where the engine handles it

# %% [markdown] ja
# # 演算子
#
# テンソルは、足し算や行列積のような演算で組み合わせます。どの演算にも関数名（`tf.add`）があり、ほとんどには同じ処理を呼び出す Python の演算子（`+`）もあります。
#
# **このノートブックで学ぶこと**
# - 算術演算とその演算子
# - 要素ごとの積 `multiply` と行列積 `matmul`。よく混同されるところです
# - 負の数での整数除算と剰余
# - `int32 + float32` がエラーになる理由と、`tf.cast` による解決
# - ブロードキャスト: 形状の違うテンソルの組み合わせ方と、エンジンの中でそれを扱う場所

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## The operator table
#
# | function | operator | computes |
# |---|---|---|
# | `tf.add(x, y)` | `x + y` | $x + y$ |
# | `tf.subtract(x, y)` | `x - y` | $x - y$ |
# | `tf.multiply(x, y)` | `x * y` | $x \cdot y$, element by element |
# | `tf.divide(x, y)`, `tf.truediv` | `x / y` | $x / y$ |
# | `tf.math.floordiv(x, y)` | `x // y` | $\lfloor x / y \rfloor$ |
# | `tf.math.mod(x, y)`, `tf.math.floormod` | `x % y` | $x - y \lfloor x / y \rfloor$ |
# | `tf.pow(x, y)` | `x ** y` | $x^y$ |
# | `tf.negative(x)` | `-x` | $-x$ |
# | `tf.exp(x)` | | $e^x$ |
# | `tf.sqrt(x)` | | $\sqrt{x}$ |
# | `tf.matmul(a, b)` | `a @ b` | the matrix product |
#
# All except `matmul` work *elementwise*: they combine the elements at the same position.

# %% [markdown] ja
# ## 演算子の一覧
#
# | 関数 | 演算子 | 計算するもの |
# |---|---|---|
# | `tf.add(x, y)` | `x + y` | $x + y$ |
# | `tf.subtract(x, y)` | `x - y` | $x - y$ |
# | `tf.multiply(x, y)` | `x * y` | $x \cdot y$（要素ごと） |
# | `tf.divide(x, y)`, `tf.truediv` | `x / y` | $x / y$ |
# | `tf.math.floordiv(x, y)` | `x // y` | $\lfloor x / y \rfloor$ |
# | `tf.math.mod(x, y)`, `tf.math.floormod` | `x % y` | $x - y \lfloor x / y \rfloor$ |
# | `tf.pow(x, y)` | `x ** y` | $x^y$ |
# | `tf.negative(x)` | `-x` | $-x$ |
# | `tf.exp(x)` | | $e^x$ |
# | `tf.sqrt(x)` | | $\sqrt{x}$ |
# | `tf.matmul(a, b)` | `a @ b` | 行列積 |
#
# `matmul` 以外はすべて*要素ごと*の演算です。同じ位置にある要素どうしを組み合わせます。

# %%
x = tf.constant([1.0, 2.0, 3.0, 4.0])
y = tf.constant([2.0, 2.0, 2.0, 2.0])

print("x + y  ", x + y)
print("x - y  ", x - y)
print("x * y  ", x * y)
print("x / y  ", x / y)
print("x // y ", x // y)
print("x % y  ", x % y)
print("x ** y ", x ** y)
print("-x     ", -x)
print("exp(x) ", tf.round(tf.exp(x) * 1000) / 1000)  # rounded to 3 decimals
print("sqrt(x)", tf.round(tf.sqrt(x) * 1000) / 1000)

# %% [markdown]
# The functions and the operators are the same operation: `x + y` *is* `tf.add(x, y)`.
# A plain Python number is converted to the dtype of the tensor it meets:

# %% [markdown] ja
# 関数と演算子は同じ演算です。`x + y` は `tf.add(x, y)` *そのもの*です。Python の普通の数値は、組み合わせるテンソルの dtype に変換されます。

# %%
print(tf.add(x, y) == x + y)
print(x * 10)

# %% [markdown]
# ## `multiply` is not `matmul`
#
# `tf.multiply` (or `*`) multiplies entries at the same position. `tf.matmul` (or `@`) is
# the matrix product: entry $(i, j)$ is row $i$ of $A$ times column $j$ of $B$,
#
# $$ (AB)_{ij} = \sum_k A_{ik} B_{kj}. $$

# %% [markdown] ja
# ## `multiply` は `matmul` ではない
#
# `tf.multiply`（または `*`）は同じ位置の要素どうしを掛けます。`tf.matmul`（または `@`）は行列積で、$(i, j)$ 成分は $A$ の $i$ 行目と $B$ の $j$ 列目の積です。
#
# $$ (AB)_{ij} = \sum_k A_{ik} B_{kj}. $$

# %%
A = tf.constant([[1, 2], [3, 4]])
B = tf.constant([[10, 20], [30, 40]])

print(A * B)  # [[1*10, 2*20], [3*30, 4*40]]
print(A @ B)  # [[1*10 + 2*30, 1*20 + 2*40], [3*10 + 4*30, 3*20 + 4*40]]

# %% [markdown]
# For `matmul` the *inner* sizes must agree: a $(2\times 3)$ matrix times a $(3\times 4)$
# matrix gives $(2 \times 4)$. When they do not, the error says which shapes it received:

# %% [markdown] ja
# `matmul` では*内側*の大きさがそろっている必要があります。$(2\times 3)$ 行列と $(3\times 4)$ 行列の積は $(2 \times 4)$ になります。そろっていないと、受け取った形状を示すエラーになります。

# %%
try:
    tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
except Exception as e:
    print(type(e).__name__)
    print(str(e).splitlines()[0])

# %% [markdown]
# Transposing the second matrix fixes this one: `tf.ones([2, 3]) @ tf.transpose(tf.ones([2, 3]))`
# has shape $(2, 2)$.

# %% [markdown] ja
# この場合は 2 つ目の行列を転置すれば解決します。`tf.ones([2, 3]) @ tf.transpose(tf.ones([2, 3]))` の形状は $(2, 2)$ です。

# %% [markdown]
# ## Division and modulo
#
# `/` is true division. Dividing two `int32` tensors gives `float64` (TensorFlow's rule:
# `float32` cannot hold every `int32` exactly, `float64` can).

# %% [markdown] ja
# ## 除算と剰余
#
# `/` は通常の除算（真の除算）です。`int32` のテンソルどうしを割ると `float64` になります（TensorFlow の規則です。`float32` ではすべての `int32` を正確には表せませんが、`float64` なら表せます）。

# %%
print(tf.constant(7) / tf.constant(2))

# %% [markdown]
# > **Read the engine.** Every operation is a short block: the NumPy computation, its
# > gradient (notebook 07), and the public function. The division rule is a few lines in
# > [`truediv` in `course/engine/ops/math_ops.py`](../course/engine/ops/math_ops.py).

# %% [markdown] ja
# > **エンジンを読む。** どの演算も短いひとまとまりのコードです。NumPy による計算、その勾配（ノートブック 07）、公開される関数が並んでいます。除算の規則は
# > [`course/engine/ops/math_ops.py` の `truediv`](../course/engine/ops/math_ops.py) の数行です。

# %% [markdown]
# `//` rounds the quotient *down* (towards $-\infty$), and `%` is what is left over, so that
# always
#
# $$ x = y \cdot (x \,/\!/\, y) + x \,\%\, y . $$
#
# With negative numbers this differs from cutting off the fraction: $-7 / 2 = -3.5$ rounds
# down to $-4$, and then the remainder is $-7 - 2\cdot(-4) = 1$. The remainder takes the sign
# of the divisor, as in Python.

# %% [markdown] ja
# `//` は商を*切り下げ*（$-\infty$ の方向に丸め）、`%` はその余りです。そのため、常に次の式が成り立ちます。
#
# $$ x = y \cdot (x \,/\!/\, y) + x \,\%\, y . $$
#
# 負の数では、これは小数部分の切り捨てとは違う結果になります。$-7 / 2 = -3.5$ は $-4$ に切り下げられ、余りは $-7 - 2\cdot(-4) = 1$ です。Python と同じく、余りの符号は割る数の符号と同じになります。

# %%
a = tf.constant([7, -7, 7, -7])
b = tf.constant([2, 2, -2, -2])
print("a // b", a // b)
print("a %  b", a % b)
print("check ", b * (a // b) + a % b)

# %% [markdown]
# Integer division by zero is an error (there is no integer "infinity"); with floats you
# get `inf` or `nan`.

# %% [markdown] ja
# 整数をゼロで割るとエラーになります（整数には「無限大」がないからです）。浮動小数点数なら `inf` か `nan` になります。

# %% [markdown]
# ## Mixing dtypes is an error
#
# NumPy quietly promotes `int + float` to float. TensorFlow refuses: both inputs of an
# operation must have the same dtype. This catches real bugs, such as `float64` data from
# NumPy meeting `float32` weights.

# %% [markdown] ja
# ## dtype の混在はエラーになる
#
# NumPy は `int + float` を黙って float に昇格させます。TensorFlow はそれを拒否します。演算の 2 つの入力は同じ dtype でなければなりません。これで、NumPy から来た `float64` のデータが `float32` の重みと出会う、といった実際のバグを捕まえられます。

# %%
counts = tf.constant([1, 2, 3])          # int32
weights = tf.constant([0.5, 0.5, 0.5])   # float32
try:
    counts + weights
except Exception as e:
    print(type(e).__name__)
    print(str(e).splitlines()[0])

# %% [markdown]
# The fix is to say which dtype you want, with `tf.cast`:

# %% [markdown] ja
# 解決するには、`tf.cast` でどの dtype にしたいかを明示します。

# %%
print(tf.cast(counts, tf.float32) + weights)

# %% [markdown]
# > **Read the engine.** Every operation passes through one function that converts and
# > checks its inputs before NumPy runs: [`execute` in
# > `course/engine/execute.py`](../course/engine/execute.py). That is where the dtype
# > check above happens, for `+` and every other operation alike. The dtypes themselves
# > live in [`DType` in `course/engine/dtypes.py`](../course/engine/dtypes.py).

# %% [markdown] ja
# > **エンジンを読む。** どの演算も、NumPy が動く前に入力を変換して検査する 1 つの関数を通ります:
# > [`course/engine/execute.py` の `execute`](../course/engine/execute.py)。上の dtype の検査が行われるのはここで、`+` でも他のどの演算でも同じです。dtype そのものは
# > [`course/engine/dtypes.py` の `DType`](../course/engine/dtypes.py) にあります。

# %% [markdown]
# ## Broadcasting
#
# When shapes differ, an elementwise operation may still work: a tensor is *stretched* along
# an axis of size 1 (or along a missing leading axis) to match the other. Compare the shapes
# from the right; two sizes fit when they are equal or one of them is 1.
#
# $$
# \underbrace{(3, 1)}_{\text{column}} + \underbrace{(1, 4)}_{\text{row}} \to (3, 4):
# \qquad c_{ij} = a_{i} + b_{j}
# $$

# %% [markdown] ja
# ## ブロードキャスト
#
# 形状が違っていても、要素ごとの演算ができる場合があります。大きさ 1 の軸（または先頭に欠けている軸）に沿ってテンソルが*引き伸ばされ*、もう一方に合わせられるのです。形状を右からそろえて比べ、2 つの大きさが等しいか、どちらかが 1 であれば合います。
#
# $$
# \underbrace{(3, 1)}_{\text{列}} + \underbrace{(1, 4)}_{\text{行}} \to (3, 4):
# \qquad c_{ij} = a_{i} + b_{j}
# $$

# %%
column = tf.constant([[0], [10], [20]])   # shape (3, 1)
row = tf.constant([[1, 2, 3, 4]])         # shape (1, 4)
print(column + row)

# %% [markdown]
# The picture below shows where each value of the sum comes from.

# %% [markdown] ja
# 次の図は、和のそれぞれの値がどこから来るのかを示しています。

# %%
def draw(ax, values, real_shape, title):
    """Draws a grid of numbers; cells outside real_shape are broadcast copies."""
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            real = i < real_shape[0] and j < real_shape[1]
            # real values: dark, solid; copies: light, hatched, italic (not colour alone)
            ax.add_patch(plt.Rectangle((j, -i - 1), 1, 1, edgecolor="white", linewidth=2,
                                       facecolor="#0072B2" if real else "#DCEBF5",
                                       hatch=None if real else "///"))
            ax.text(j + 0.5, -i - 0.5, str(values[i, j]), ha="center", va="center",
                    color="white" if real else "black", fontweight="bold" if real else "normal",
                    fontstyle="normal" if real else "italic",
                    bbox=None if real else {"facecolor": "#DCEBF5", "edgecolor": "none"})
    ax.set_xlim(0, 4)
    ax.set_ylim(-3, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)


fig, axes = plt.subplots(1, 3, figsize=(10, 2.9), gridspec_kw={"wspace": 0.35})
draw(axes[0], np.repeat(column.numpy(), 4, axis=1), (3, 1), tr("column (3, 1), stretched"))
draw(axes[1], np.repeat(row.numpy(), 3, axis=0), (1, 4), tr("row (1, 4), stretched"))
draw(axes[2], (column + row).numpy(), (3, 4), tr("sum (3, 4)"))
for left, right, sign in ((axes[0], axes[1], "+"), (axes[1], axes[2], "=")):
    middle = (left.get_position().x1 + right.get_position().x0) / 2
    fig.text(middle, 0.42, sign, fontsize=20, ha="center")
fig.suptitle(tr("Broadcasting: (3, 1) + (1, 4) gives (3, 4)"), y=1.02)
plt.show()

# %% [markdown]
# **Figure 3.1: Broadcasting a column and a row.** Three grids of numbers, read left to
# right as "column plus row equals sum". Left: the column 0, 10, 20 as a 3 × 4 grid; only
# its first column holds real values (dark, bold), the other three columns are hatched,
# italic copies. Middle: the row 1, 2, 3, 4 as a 3 × 4 grid; only its top row is real, the
# two rows below are copies. Right: the sum, all twelve cells real: 1 2 3 4, 11 12 13 14,
# 21 22 23 24. The copies cost no memory; they only show how the shapes line up.

# %% [markdown] ja
# **図 3.1: 列と行のブロードキャスト。** 3 つの数の格子を左から右へ「列 + 行 = 和」と読みます。左: 列 0, 10, 20 を 3 × 4 の格子にしたもの。本当の値（濃い色、太字）は最初の列だけで、残りの 3 列は斜線付きのイタリックで描いたコピーです。中央: 行 1, 2, 3, 4 を 3 × 4 の格子にしたもの。本当の値は一番上の行だけで、その下の 2 行はコピーです。右: 和。12 個のマスはすべて本当の値で、1 2 3 4、11 12 13 14、21 22 23 24 です。コピーはメモリを使いません。形状がどうそろうかを見せているだけです。

# %% [markdown]
# A scalar broadcasts against anything (`x * 10` above), and a vector of shape `(4,)`
# broadcasts against a matrix of shape `(3, 4)` row by row. Shapes that do not fit give an error:

# %% [markdown] ja
# スカラーはどんな形状ともブロードキャストされます（上の `x * 10`）。形状 `(4,)` のベクトルは、形状 `(3, 4)` の行列に対して行ごとにブロードキャストされます。合わない形状はエラーになります。

# %%
try:
    tf.constant([1, 2, 3]) + tf.constant([1, 2])
except Exception as e:
    print(type(e).__name__)
    print(str(e).splitlines()[0])

# %% [markdown]
# Broadcasting is convenient, and it is also behind one of the most common silent bugs in
# machine learning code: notebook 04 shows how a vector of shape `(n,)` and a column of
# shape `(n, 1)` make an `(n, n)` table without any error.
#
# > **Read the engine.** A broadcast value is used many times, once per copy. When
# > gradients flow back (notebook 07), each copy sends one back, and they must be added up
# > to give a gradient of the original shape. One small function does that for every
# > operation: [`unbroadcast` in `course/engine/ops/math_ops.py`](../course/engine/ops/math_ops.py).

# %% [markdown] ja
# ブロードキャストは便利ですが、機械学習のコードで最もよくある、エラーの出ないバグの原因でもあります。形状 `(n,)` のベクトルと形状 `(n, 1)` の列から、エラーもなしに `(n, n)` の表ができてしまう様子を、ノートブック 04 で見ます。
#
# > **エンジンを読む。** ブロードキャストされた値は、コピーの数だけ何度も使われます。勾配が逆向きに流れるとき（ノートブック 07）は、コピーごとに勾配が 1 つずつ返ってくるので、それらを足し合わせて元の形状の勾配にしなければなりません。すべての演算のためにそれを行う小さな関数が 1 つあります:
# > [`course/engine/ops/math_ops.py` の `unbroadcast`](../course/engine/ops/math_ops.py)。

# %% [markdown]
# ## Exercises
#
# **operators.1** For `A = tf.constant([[1, 2], [3, 4]])` and `B = tf.constant([[0, 1], [1, 0]])`,
# give the pair `(elementwise product, matrix product)`.

# %% [markdown] ja
# ## 練習問題
#
# **operators.1** `A = tf.constant([[1, 2], [3, 4]])` と `B = tf.constant([[0, 1], [1, 0]])` について、組 `(要素ごとの積, 行列積)` を答えてください。

# %%
answer = ...
check("operators.1", answer)

# %% [markdown]
# **operators.2** What do `-7 // 2` and `-7 % 2` give in TensorFlow? Answer with the pair
# `(quotient, remainder)`, worked out by hand first.

# %% [markdown] ja
# **operators.2** TensorFlow で `-7 // 2` と `-7 % 2` はいくつになるでしょうか? まず手で計算してから、組 `(商, 余り)` で答えてください。

# %%
answer = ...
check("operators.2", answer)

# %% [markdown]
# **operators.3** Add `tf.constant([1, 2, 3])` and `tf.constant([0.5, 0.5, 0.5])` so that the result
# is a `float32` tensor.

# %% [markdown] ja
# **operators.3** `tf.constant([1, 2, 3])` と `tf.constant([0.5, 0.5, 0.5])` を、結果が `float32` のテンソルになるように足してください。

# %%
answer = ...
check("operators.3", answer)
