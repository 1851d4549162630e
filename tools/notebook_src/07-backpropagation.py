# %% [markdown]
# # Backpropagation
#
# A `GradientTape` gives gradients of anything you compute. How? It applies the chain rule,
# one operation at a time, from the output back to the inputs. This is *backpropagation*.
#
# **What you will learn**
# - the chain rule, and how it splits a derivative into local pieces
# - a worked example, $y = (w_1 x_1 + w_2 x_2)^2$: by hand, with the tape, and checked numerically
# - the computation graph, with values flowing forward and gradients flowing backward
# - backpropagation through a two-layer network, by hand and with the tape
# - where the engine keeps each operation's local gradient, and its backward loop
# - why a network's weights must not all start equal

# %% [markdown] ja
# # 誤差逆伝播法
#
# `GradientTape` は、計算したものなら何の勾配でも返してくれます。どうやっているのでしょうか? 出力から入力へ向かって、演算 1 つずつに連鎖律を適用しているのです。これが*誤差逆伝播法*（バックプロパゲーション）です。
#
# **このノートブックで学ぶこと**
# - 連鎖律と、それが微分を局所的な部品に分けるしくみ
# - 例題 $y = (w_1 x_1 + w_2 x_2)^2$: 手計算、テープ、数値微分による確認
# - 計算グラフ: 値は順方向に、勾配は逆方向に流れる
# - 2 層のネットワークでの誤差逆伝播法、手計算とテープで
# - エンジンが各演算の局所的な勾配を置いている場所と、その逆向きのループ
# - ネットワークの重みをすべて同じ値から始めてはいけない理由

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import graphviz
from IPython.display import Image, display

import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## The chain rule
#
# If $y$ depends on $s$, and $s$ depends on $w$, then a small change in $w$ changes $s$, which
# changes $y$. The rates multiply:
#
# $$ \frac{dy}{dw} = \frac{dy}{ds} \cdot \frac{ds}{dw} . $$
#
# Each factor is *local*: $dy/ds$ only needs to know how $y$ is computed from $s$. That is
# what makes the rule mechanical: every operation only has to know its own derivative.

# %% [markdown] ja
# ## 連鎖律
#
# $y$ が $s$ に依存し、$s$ が $w$ に依存しているなら、$w$ の小さな変化は $s$ を変え、それが $y$ を変えます。変化の割合は掛け算になります。
#
# $$ \frac{dy}{dw} = \frac{dy}{ds} \cdot \frac{ds}{dw} . $$
#
# それぞれの因子は*局所的*です。$dy/ds$ を求めるには、$y$ が $s$ からどう計算されるかだけを知っていれば十分です。だからこの規則は機械的に使えます。どの演算も、自分自身の微分だけを知っていればよいのです。

# %% [markdown]
# ## A worked example
#
# Take $y = (w_1 x_1 + w_2 x_2)^2$ and split it into two steps:
#
# $$ s = w_1 x_1 + w_2 x_2, \qquad y = s^2 . $$
#
# The local derivatives are $\dfrac{dy}{ds} = 2s$ and $\dfrac{\partial s}{\partial w_1} = x_1$,
# $\dfrac{\partial s}{\partial w_2} = x_2$, so by the chain rule
#
# $$
# \frac{\partial y}{\partial w_1} = 2s \cdot x_1, \qquad
# \frac{\partial y}{\partial w_2} = 2s \cdot x_2 .
# $$
#
# With $w_1 = 2$, $w_2 = -1$, $x_1 = 3$, $x_2 = 4$: $s = 6 - 4 = 2$, $y = 4$, and the
# gradients are $2 \cdot 2 \cdot 3 = 12$ and $2 \cdot 2 \cdot 4 = 16$.

# %% [markdown] ja
# ## 例題
#
# $y = (w_1 x_1 + w_2 x_2)^2$ を 2 つの段階に分けます。
#
# $$ s = w_1 x_1 + w_2 x_2, \qquad y = s^2 . $$
#
# 局所的な微分は $\dfrac{dy}{ds} = 2s$ と $\dfrac{\partial s}{\partial w_1} = x_1$、$\dfrac{\partial s}{\partial w_2} = x_2$ なので、連鎖律により次のようになります。
#
# $$
# \frac{\partial y}{\partial w_1} = 2s \cdot x_1, \qquad
# \frac{\partial y}{\partial w_2} = 2s \cdot x_2 .
# $$
#
# $w_1 = 2$、$w_2 = -1$、$x_1 = 3$、$x_2 = 4$ なら、$s = 6 - 4 = 2$、$y = 4$ で、勾配は $2 \cdot 2 \cdot 3 = 12$ と $2 \cdot 2 \cdot 4 = 16$ です。

# %% [markdown]
# **By hand**, the forward pass first (remembering $s$), then the backward pass:

# %% [markdown] ja
# **手計算**では、まず順伝播（$s$ を覚えておく）、次に逆伝播です。

# %%
w1, w2 = tf.constant(2.0), tf.constant(-1.0)
x1, x2 = tf.constant(3.0), tf.constant(4.0)

# forward
s = w1 * x1 + w2 * x2
y = s ** 2
# backward: start from dy/dy = 1 and multiply by each local derivative
dy_ds = 2 * s
dy_dw1 = dy_ds * x1
dy_dw2 = dy_ds * x2
print(f"s = {float(s)}, y = {float(y)}")
print(f"dy/dw1 = {float(dy_dw1)}, dy/dw2 = {float(dy_dw2)}")

# %% [markdown]
# **With the tape**, which records the forward pass and runs the backward pass for us:

# %% [markdown] ja
# **テープ**を使うと、テープが順伝播を記録し、逆伝播を代わりに実行してくれます。

# %%
w1, w2 = tf.Variable(2.0), tf.Variable(-1.0)
with tf.GradientTape() as tape:
    s = w1 * x1 + w2 * x2
    y = s ** 2
grad_w1, grad_w2 = tape.gradient(y, [w1, w2])
print(f"dy/dw1 = {float(grad_w1)}, dy/dw2 = {float(grad_w2)}")

# %% [markdown]
# **Numerically**, with no chain rule at all: nudge each input by a small $\delta$ and measure
#
# $$ \frac{\partial y}{\partial w_j} \approx \frac{y(w_j + \delta) - y(w_j - \delta)}{2\delta} . $$
#
# `tf.test.compute_gradient` does this and returns both Jacobians, the tape's
# ("theoretical") and the measured one ("numerical"). We pass $w = (w_1, w_2)$ as one
# `float64` vector, so the measurement is precise.

# %% [markdown] ja
# **数値的に**、連鎖律をまったく使わずに求めることもできます。各入力を小さな $\delta$ だけずらして、次の値を測ります。
#
# $$ \frac{\partial y}{\partial w_j} \approx \frac{y(w_j + \delta) - y(w_j - \delta)}{2\delta} . $$
#
# `tf.test.compute_gradient` はこれを行い、テープによるヤコビ行列（"theoretical"）と測定したヤコビ行列（"numerical"）の両方を返します。測定が正確になるように、$w = (w_1, w_2)$ を 1 つの `float64` のベクトルとして渡します。

# %%
x = tf.constant([3.0, 4.0], dtype=tf.float64)


def y_of(w):
    return tf.reduce_sum(w * x) ** 2


theoretical, numerical = tf.test.compute_gradient(y_of, [tf.constant([2.0, -1.0], tf.float64)])
print(tr("tape:     "), np.round(theoretical[0], 6))
print(tr("numerical:"), np.round(numerical[0], 6))

# %% [markdown]
# All three agree. The numerical check costs two evaluations of $y$ per input, too slow for
# training, but it is how the engine's own tests make sure every gradient is right.
#
# > **Read the engine.** Each operation knows only its own local derivative, written next
# > to the operation itself. The product's is two lines, $d(xy)/dx = y$ and
# > $d(xy)/dy = x$: [`_mul_grad` in `course/engine/ops/math_ops.py`](../course/engine/ops/math_ops.py).
# > Every operation is entered once in the op table, with its NumPy code and its gradient:
# > [`register` in `course/engine/ops/__init__.py`](../course/engine/ops/__init__.py). The
# > tape itself knows no derivative at all; it only replays the recorded operations in
# > reverse and asks each for its local gradient:
# > [`GradientTape.gradient` in `course/engine/tape.py`](../course/engine/tape.py).

# %% [markdown] ja
# 3 つとも一致しました。数値的な確認は入力 1 つにつき $y$ を 2 回評価するので、トレーニングに使うには遅すぎますが、エンジン自身のテストはこの方法ですべての勾配が正しいことを確かめています。
#
# > **エンジンを読む。** 各演算が知っているのは自分自身の局所的な微分だけで、それは演算のすぐ隣に書かれています。積の微分は 2 行、$d(xy)/dx = y$ と $d(xy)/dy = x$ です: [`course/engine/ops/math_ops.py` の `_mul_grad`](../course/engine/ops/math_ops.py)。
# > どの演算も、NumPy のコードと勾配と一緒に、演算の表に一度だけ登録されます:
# > [`course/engine/ops/__init__.py` の `register`](../course/engine/ops/__init__.py)。テープ自身は微分をまったく知りません。記録した演算を逆順に再生し、それぞれに局所的な勾配を尋ねるだけです:
# > [`course/engine/tape.py` の `GradientTape.gradient`](../course/engine/tape.py)。

# %% [markdown]
# ## The computation graph
#
# The tape sees the computation as a graph. The forward pass (along the arrows) computes
# values from the inputs to $y$. The backward pass (red labels, against the arrows) starts
# with $\partial y/\partial y = 1$ and sends gradients back along every edge, each node
# multiplying by its local derivative:
# the square sends $2s \cdot 1 = 4$ to $s$, the sum passes $4$ to both products unchanged,
# and each product sends $4 \cdot x_j$ to $w_j$.

# %% [markdown] ja
# ## 計算グラフ
#
# テープには、計算がグラフとして見えています。順伝播（矢印の向き）は入力から $y$ へ値を計算します。逆伝播（赤いラベル、矢印と逆向き）は $\partial y/\partial y = 1$ から始めて、すべての辺に沿って勾配を送り返し、各ノードはそれに自分の局所的な微分を掛けます。二乗は $s$ に $2s \cdot 1 = 4$ を送り、和は $4$ をそのまま両方の積に渡し、それぞれの積は $w_j$ に $4 \cdot x_j$ を送ります。

# %%
graph = graphviz.Digraph(graph_attr={"rankdir": "LR", "dpi": "80", "labelloc": "t",
                                     "fontname": "Helvetica", "fontsize": "16",
                                     "label": tr("y = (w₁x₁ + w₂x₂)²: values forward, "
                                                 "gradients (←) backward")},
                         node_attr={"shape": "box", "style": "rounded", "fontname": "Helvetica"},
                         edge_attr={"fontname": "Helvetica", "fontsize": "11"})
values = {"w1": "w₁ = 2", "x1": "x₁ = 3", "w2": "w₂ = −1", "x2": "x₂ = 4",
          "p1": "× : w₁x₁ = 6", "p2": "× : w₂x₂ = −4", "s": "+ : s = 2", "y": tr("square : y = 4")}
grads = {"w1": "12", "x1": "8", "w2": "16", "x2": "−4", "p1": "4", "p2": "4", "s": "4", "y": "1"}
for name, label in values.items():
    graph.node(name, f"{label}\n∂y/∂· = {grads[name]}")
for src, dst in [("w1", "p1"), ("x1", "p1"), ("w2", "p2"), ("x2", "p2"),
                 ("p1", "s"), ("p2", "s"), ("s", "y")]:
    # the edge points forward; its red label is the gradient that flows back along it
    graph.edge(src, dst, label=f"← {grads[src]}", fontcolor="red")
display(Image(graph.pipe(format="png")))

# %% [markdown]
# **Figure 7.1: The computation graph of y = (w₁x₁ + w₂x₂)².** Eight boxes from left to
# right, joined by arrows that point forward. Each box names a value and the gradient it
# receives: the inputs w₁ = 2 (gradient 12), x₁ = 3 (gradient 8), w₂ = −1 (gradient 16) and
# x₂ = 4 (gradient −4); the products w₁x₁ = 6 and w₂x₂ = −4 (gradient 4 each); their sum
# s = 2 (gradient 4); and the square y = 4 (gradient 1). Each arrow carries a label in red
# starting with "←", the gradient that travels back along it: 12 and 8 into the first
# product, 16 and −4 into the second, 4 and 4 into the sum, 4 into the square.
#
# Each box shows its forward value and the gradient $\partial y/\partial(\cdot)$ it receives;
# each red label is the gradient travelling back along that edge. Notice the pattern of a
# product: the gradient for $w_1$ is the upstream gradient times the *other* factor, $x_1$.
#
# If a value is used twice, its gradient is the *sum* of what comes back along both edges.
# The tape handles that too.

# %% [markdown] ja
# **図 7.1: y = (w₁x₁ + w₂x₂)² の計算グラフ。** 左から右へ 8 つの箱が並び、順方向を向いた矢印でつながっています。それぞれの箱には値と、その値が受け取る勾配が書かれています。入力 w₁ = 2（勾配 12）、x₁ = 3（勾配 8）、w₂ = −1（勾配 16）、x₂ = 4（勾配 −4）。積 w₁x₁ = 6 と w₂x₂ = −4（勾配はどちらも 4）。その和 s = 2（勾配 4）。そして二乗 y = 4（勾配 1）。どの矢印にも「←」で始まる赤いラベルが付いていて、その矢印を逆向きに戻っていく勾配を表しています。1 つ目の積へは 12 と 8、2 つ目の積へは 16 と −4、和へは 4 と 4、二乗へは 4 です。
#
# 各箱は順方向の値と、受け取る勾配 $\partial y/\partial(\cdot)$ を示しています。赤いラベルは、その辺を逆向きに戻っていく勾配です。積のパターンに注目してください。$w_1$ の勾配は、上流からの勾配に*もう一方の*因子 $x_1$ を掛けたものです。
#
# 1 つの値が 2 回使われていたら、その勾配は 2 つの辺から戻ってきたものの*和*になります。テープはこれも処理します。

# %% [markdown]
# ## A two-layer network
#
# Now a small network: 3 inputs, a hidden layer of 4 units with $\tanh$, and one output.
# For a batch $X$ (one example per row) and targets $t$, with the loss of notebook 06, the
# mean squared error over the $n$ examples:
#
# $$
# Z = X W_1 + b_1, \quad H = \tanh(Z), \quad \hat y = H W_2 + b_2, \quad
# L = \frac1n \sum_i (\hat y_i - t_i)^2 .
# $$
#
# Backward, each line uses the one before it ($\odot$ is the elementwise product, and
# $\tanh'(z) = 1 - \tanh^2(z)$):
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial \hat y} &= \tfrac2n (\hat y - t), &
# \frac{\partial L}{\partial W_2} &= H^\top \frac{\partial L}{\partial \hat y}, &
# \frac{\partial L}{\partial b_2} &= \textstyle\sum_{\text{rows}} \frac{\partial L}{\partial \hat y}, \\
# \frac{\partial L}{\partial H} &= \frac{\partial L}{\partial \hat y} W_2^\top, &
# \frac{\partial L}{\partial Z} &= \frac{\partial L}{\partial H} \odot (1 - H^2), &
# \frac{\partial L}{\partial W_1} &= X^\top \frac{\partial L}{\partial Z}, \quad
# \frac{\partial L}{\partial b_1} = \textstyle\sum_{\text{rows}} \frac{\partial L}{\partial Z} .
# \end{aligned}
# $$
#
# The transposes are what make the shapes fit: a gradient always has the shape of the thing
# it is the gradient of. And the biases' gradients are sums over the rows because each bias
# was *broadcast* to every row (notebook 03): every row sent a gradient back to the same
# bias.

# %% [markdown] ja
# ## 2 層のネットワーク
#
# 次は小さなネットワークです。入力は 3 つ、$\tanh$ を使う 4 ユニットの隠れ層があり、出力は 1 つです。バッチ $X$（1 行に 1 つの例）と目標値 $t$ に対して、損失はノートブック 06 と同じく、$n$ 個の例にわたる平均二乗誤差です。
#
# $$
# Z = X W_1 + b_1, \quad H = \tanh(Z), \quad \hat y = H W_2 + b_2, \quad
# L = \frac1n \sum_i (\hat y_i - t_i)^2 .
# $$
#
# 逆向きに進むと、各行は 1 つ前の行を使います（$\odot$ は要素ごとの積、$\tanh'(z) = 1 - \tanh^2(z)$ です）。
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial \hat y} &= \tfrac2n (\hat y - t), &
# \frac{\partial L}{\partial W_2} &= H^\top \frac{\partial L}{\partial \hat y}, &
# \frac{\partial L}{\partial b_2} &= \textstyle\sum_{\text{行}} \frac{\partial L}{\partial \hat y}, \\
# \frac{\partial L}{\partial H} &= \frac{\partial L}{\partial \hat y} W_2^\top, &
# \frac{\partial L}{\partial Z} &= \frac{\partial L}{\partial H} \odot (1 - H^2), &
# \frac{\partial L}{\partial W_1} &= X^\top \frac{\partial L}{\partial Z}, \quad
# \frac{\partial L}{\partial b_1} = \textstyle\sum_{\text{行}} \frac{\partial L}{\partial Z} .
# \end{aligned}
# $$
#
# 転置があるおかげで形状が合います。勾配の形状は、常にそれが何の勾配であるかの形状と同じです。バイアスの勾配が行についての和になるのは、各バイアスがすべての行に*ブロードキャスト*されていたからです（ノートブック 03）。どの行も、同じバイアスに勾配を送り返したのです。

# %%
rng = np.random.default_rng(0)
X = tf.constant(rng.normal(size=(5, 3)), tf.float32)
t = tf.constant(rng.normal(size=(5, 1)), tf.float32)
W1 = tf.Variable(rng.normal(size=(3, 4)) * 0.5, dtype=tf.float32)
b1 = tf.Variable(tf.zeros([4]))
W2 = tf.Variable(rng.normal(size=(4, 1)) * 0.5, dtype=tf.float32)
b2 = tf.Variable(tf.zeros([1]))

# forward, keeping what the backward pass needs
n = X.shape[0]
Z = X @ W1 + b1
H = tf.tanh(Z)
y_hat = H @ W2 + b2
L = tf.reduce_mean((y_hat - t) ** 2)

# backward, by hand
dL_dy = 2 / n * (y_hat - t)
dL_dW2 = tf.transpose(H) @ dL_dy
dL_db2 = tf.reduce_sum(dL_dy, axis=0)
dL_dH = dL_dy @ tf.transpose(W2)
dL_dZ = dL_dH * (1 - H ** 2)
dL_dW1 = tf.transpose(X) @ dL_dZ
dL_db1 = tf.reduce_sum(dL_dZ, axis=0)
by_hand = [dL_dW1, dL_db1, dL_dW2, dL_db2]

# the tape
with tf.GradientTape() as tape:
    y_hat = tf.tanh(X @ W1 + b1) @ W2 + b2
    L = tf.reduce_mean((y_hat - t) ** 2)
by_tape = tape.gradient(L, [W1, b1, W2, b2])

print(f"L = {float(L):.4f}")
for name, mine, theirs in zip(["W1", "b1", "W2", "b2"], by_hand, by_tape):
    same = np.allclose(mine.numpy(), theirs.numpy(), atol=1e-5)
    print(tr("dL/d{name}: shape {shape}, by hand == tape: {same}", name=name, shape=mine.shape,
             same=same))
print("dL/dW2 =", np.round(by_tape[2].numpy().ravel(), 3))

# %% [markdown]
# That is backpropagation: the forward pass stores intermediate values, the backward pass
# walks the same operations in reverse, each turning the gradient of its output into
# gradients of its inputs. The tape does exactly this for any chain of operations.
#
# > **Read the engine.** The sums over rows for $b_1$ and $b_2$ are not special code for
# > biases. The addition `Z = X @ W1 + b1` broadcast $b_1$ over the rows, and the gradient
# > of an addition sums the upstream gradient back to each input's shape:
# > [`unbroadcast` in `course/engine/ops/math_ops.py`](../course/engine/ops/math_ops.py).
# > The matrix product's gradient, with its two transposes, sits next to it:
# > [`_matmul_grad` in `course/engine/ops/matmul_ops.py`](../course/engine/ops/matmul_ops.py).

# %% [markdown] ja
# これが誤差逆伝播法です。順伝播は途中の値を保存し、逆伝播は同じ演算を逆順にたどりながら、各演算が出力の勾配を入力の勾配に変えていきます。テープは、どんな演算の連なりに対しても、まさにこれを行っています。
#
# > **エンジンを読む。** $b_1$ と $b_2$ の行についての和は、バイアスのための特別なコードではありません。加算 `Z = X @ W1 + b1` が $b_1$ を行にわたってブロードキャストし、加算の勾配は上流の勾配を各入力の形状へ足し戻します:
# > [`course/engine/ops/math_ops.py` の `unbroadcast`](../course/engine/ops/math_ops.py)。
# > 2 つの転置を含む行列積の勾配は、その隣にあります:
# > [`course/engine/ops/matmul_ops.py` の `_matmul_grad`](../course/engine/ops/matmul_ops.py)。

# %% [markdown]
# ## Why the weights must not all start equal
#
# What if every weight started with the same value, say 0.5? Then the four hidden units
# compute the same number for every example, receive the same gradient, take the same step,
# and stay copies of each other forever: the network has four units but can only ever use
# one. Gradient descent cannot break a tie it started with. Let us train both versions for
# a hundred steps and compare the columns of $W_1$ (one column per hidden unit):

# %% [markdown] ja
# ## 重みをすべて同じ値から始めてはいけない理由
#
# 重みがすべて同じ値、たとえば 0.5 から始まったらどうなるでしょうか? 4 つの隠れユニットはどの例に対しても同じ数を計算し、同じ勾配を受け取り、同じ一歩を踏み出し、いつまでも互いのコピーのままです。ネットワークにはユニットが 4 つあるのに、実際には 1 つしか使えません。勾配降下法は、最初からある同点を崩すことはできないのです。両方のバージョンを 100 ステップずつトレーニングして、$W_1$ の列（隠れユニット 1 つにつき 1 列）を比べてみましょう。

# %%
def train_two_layers(W1, W2, steps=100, rate=0.1):
    b1, b2 = tf.Variable(tf.zeros([4])), tf.Variable(tf.zeros([1]))
    for _ in range(steps):
        with tf.GradientTape() as tape:
            L = tf.reduce_mean((tf.tanh(X @ W1 + b1) @ W2 + b2 - t) ** 2)
        grads = tape.gradient(L, [W1, b1, W2, b2])
        for variable, grad in zip([W1, b1, W2, b2], grads):
            variable.assign_sub(rate * grad)
    return float(L)


W1_same, W2_same = tf.Variable(tf.fill([3, 4], 0.5)), tf.Variable(tf.fill([4, 1], 0.5))
W1_rand = tf.Variable(rng.normal(size=(3, 4)) * 0.5, dtype=tf.float32)
W2_rand = tf.Variable(rng.normal(size=(4, 1)) * 0.5, dtype=tf.float32)
print(tr("all 0.5: loss {loss:.4f}, W1 =", loss=train_two_layers(W1_same, W2_same)))
print(np.round(W1_same.numpy(), 3))
print(tr("random:  loss {loss:.4f}, W1 =", loss=train_two_layers(W1_rand, W2_rand)))
print(np.round(W1_rand.numpy(), 3))

# %% [markdown]
# Started equal, the four columns are still identical after training, and the loss stays
# higher. Random starting values break the symmetry. How *large* they should be is the
# other half of the story: notebook 12 shows the rule Keras uses (Glorot).

# %% [markdown] ja
# 同じ値から始めると、トレーニング後も 4 つの列は同じままで、損失も高いままです。ランダムな初期値が対称性を崩します。初期値を*どれくらいの大きさ*にするべきかは、話のもう半分です。Keras が使う規則（Glorot）はノートブック 12 で見ます。

# %% [markdown]
# ## Exercises
#
# **backpropagation.1** For $y = (w_1 x_1 + w_2 x_2)^2$ at $w = (1, 2)$ and $x = (3, -1)$, work out
# $(\partial y/\partial w_1,\ \partial y/\partial w_2)$ by hand. Answer with the pair of numbers.

# %% [markdown] ja
# ## 練習問題
#
# **backpropagation.1** $y = (w_1 x_1 + w_2 x_2)^2$ について、$w = (1, 2)$、$x = (3, -1)$ での $(\partial y/\partial w_1,\ \partial y/\partial w_2)$ を手で計算してください。2 つの数の組で答えます。

# %%
answer = ...
check("backpropagation.1", answer)

# %% [markdown]
# **backpropagation.2** The sigmoid $\sigma(z) = 1/(1 + e^{-z})$ has a neat derivative. Write
# `sigmoid_grad(z)` that computes $\sigma'(z)$ for a `float32` tensor, using `tf.sigmoid`.
# (Compare with a tape if unsure.)

# %% [markdown] ja
# **backpropagation.2** シグモイド $\sigma(z) = 1/(1 + e^{-z})$ の導関数はきれいな形をしています。`tf.sigmoid` を使って、`float32` のテンソルに対して $\sigma'(z)$ を計算する `sigmoid_grad(z)` を書いてください。（自信がなければテープと比べてみてください。）

# %%
def sigmoid_grad(z):
    return ...  # your code here


check("backpropagation.2", sigmoid_grad)

# %% [markdown]
# **backpropagation.3** Use a `GradientTape` to compute the derivative of $y = \sin(x) \cdot x^2$ at
# $x = 1.5$. Remember that a tape only follows a constant you `watch`.

# %% [markdown] ja
# **backpropagation.3** `GradientTape` を使って、$y = \sin(x) \cdot x^2$ の $x = 1.5$ での導関数を計算してください。テープは `watch` した定数しか追跡しないことを忘れずに。

# %%
answer = ...
check("backpropagation.3", answer)
