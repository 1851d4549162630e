# %% [markdown]
# # Linear regression: the loss, gradients and gradient descent
#
# Fitting a straight line through points is the smallest learning problem there is, and it
# already has every piece of neural-network training: a model, a loss that says how wrong
# the model is, gradients that say which way is downhill, and steps downhill. This is
# where the course meets derivatives and the `GradientTape` for the first time.
#
# **What you will learn**
# - the model $\hat y = a x + b$ and its loss, the mean squared error (MSE)
# - least squares in matrix form: the design matrix and the normal equations
# - partial derivatives and the gradient, and gradient descent with update rules derived by hand
# - `tf.GradientTape`: gradients without deriving them, and which values it watches
# - pictures: the fitted line, the loss curve, the loss surface with the descent path
# - how large the learning rate may be, with an interactive control
# - the same model as a one-unit Keras `Dense` layer, $x W + b$, trained by a Keras optimizer

# %% [markdown] ja
# # 線形回帰: 損失、勾配、勾配降下法
#
# 点の集まりに直線を当てはめるのは、最も小さな学習問題です。それでも、ニューラルネットワークのトレーニングに必要な部品はすべてそろっています。モデル、モデルがどれだけ間違っているかを表す損失、どちらが下り坂かを教える勾配、そして坂を下る一歩です。このコースで微分と `GradientTape` に初めて出会うのもここです。
#
# **このノートブックで学ぶこと**
# - モデル $\hat y = a x + b$ とその損失、平均二乗誤差（MSE）
# - 行列で表した最小二乗法: 計画行列と正規方程式
# - 偏微分と勾配、そして手で導いた更新式による勾配降下法
# - `tf.GradientTape`: 自分で導かずに勾配を求める方法と、テープが監視する値
# - 図: 当てはめた直線、損失曲線、損失曲面と降下の経路
# - 学習率をどこまで大きくできるか（対話的なコントロール付き）
# - 同じモデルを 1 ユニットの Keras の `Dense` レイヤー $x W + b$ で作り、Keras のオプティマイザでトレーニングする

# %%
# %config InlineBackend.figure_formats = ['png']
import io

import numpy as np
import matplotlib.pyplot as plt
import ipywidgets as widgets
from IPython.display import Image, display

import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## The data: a spring
#
# Hang a load on a spring and it stretches. We measured its length for thirty loads between
# 0 and 4 kg; the measurements are a little noisy. (They are simulated: a spring of 1 cm
# that stretches 2 cm per kg, plus noise. The seed makes them the same on every run.)

# %% [markdown] ja
# ## データ: ばね
#
# ばねにおもりを吊るすと伸びます。0 kg から 4 kg までの 30 通りの重さについて、ばねの長さを測りました。測定値には少しノイズが乗っています。（実際にはシミュレーションです。長さ 1 cm で、1 kg あたり 2 cm 伸びるばねにノイズを加えています。シードを固定しているので、毎回同じ値になります。）

# %%
rng = np.random.default_rng(0)
x_np = rng.uniform(0, 4, size=30).astype(np.float32)                     # load, kg
y_np = (2 * x_np + 1 + rng.normal(0, 0.5, size=30)).astype(np.float32)   # length, cm
x = tf.constant(x_np)
y = tf.constant(y_np)
n = x.shape[0]
print(x.shape, x.dtype, "n =", n)

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter(x_np, y_np, s=18, marker="o", color="#0072B2")
ax.set_xlabel(tr("load x (kg)"))
ax.set_ylabel(tr("length y (cm)"))
ax.set_title(tr("Thirty measurements of a spring"))
plt.show()

# %% [markdown]
# **Figure 6.1: The spring measurements.** A scatter plot of thirty points, spring length in cm against
# load in kg. The points rise from about 1 cm at no load to about 9 cm at 4 kg, close to a
# straight line, scattered by about half a centimetre above and below it.

# %% [markdown] ja
# **図 6.1: ばねの測定値。** 30 個の点の散布図で、ばねの長さ（cm）を荷重（kg）に対して描いています。点はおもりなしでのおよそ 1 cm から、4 kg でのおよそ 9 cm まで、ほぼ一直線に上がっていき、その直線の上下に 0.5 cm ほど散らばっています。

# %% [markdown]
# ## Model and loss
#
# The model has two parameters $\theta = (a, b)$, a slope and an intercept:
#
# $$ \hat y = f_\theta(x) = a x + b . $$
#
# How wrong is it? For each point, the *residual* $r_i = y_i - (a x_i + b)$ is the vertical
# gap between the point and the line, in cm. The loss averages their squares:
#
# $$ L(a, b) = \frac1n \sum_{i=1}^{n} \bigl(y_i - (a x_i + b)\bigr)^2 . $$
#
# Say it aloud as **"the mean squared error"**, MSE for short; here its unit is cm². Squaring
# makes every gap count positively and big gaps count a lot. It is the loss Keras calls
# `"mse"`, and the course uses it wherever a line or a number is fitted.
#
# Many books (and TensorFlow's older tutorials) use another scale, **half the sum of squared
# errors**, $\tfrac12\,\mathrm{SSE} = \tfrac12 \sum_i r_i^2$. Both have their minimum at the
# same line. But $\tfrac12\,\mathrm{SSE}$ is $n/2$ times the MSE, so are its gradients, and
# a learning rate that works for one is $n/2$ times too large (or small) for the other.
# When you copy a learning rate from somewhere, check which loss it was meant for.

# %% [markdown] ja
# ## モデルと損失
#
# モデルのパラメータは傾きと切片の 2 つ、$\theta = (a, b)$ です。
#
# $$ \hat y = f_\theta(x) = a x + b . $$
#
# モデルはどれくらい間違っているでしょうか? それぞれの点について、*残差* $r_i = y_i - (a x_i + b)$ は点と直線の縦方向のずれで、単位は cm です。損失は残差の二乗を平均したものです。
#
# $$ L(a, b) = \frac1n \sum_{i=1}^{n} \bigl(y_i - (a x_i + b)\bigr)^2 . $$
#
# これを**「平均二乗誤差」**、略して MSE と呼びます。ここでの単位は cm² です。二乗することで、どのずれも正の値として数えられ、大きなずれは大きく数えられます。Keras が `"mse"` と呼ぶ損失で、このコースでは直線や数値を当てはめるときには必ずこれを使います。
#
# 多くの本（や TensorFlow の古いチュートリアル）は、別のスケール、**誤差の二乗和の半分** $\tfrac12\,\mathrm{SSE} = \tfrac12 \sum_i r_i^2$ を使います。最小になる直線はどちらも同じです。しかし $\tfrac12\,\mathrm{SSE}$ は MSE の $n/2$ 倍で、勾配も $n/2$ 倍になるので、一方でうまくいく学習率は、もう一方には $n/2$ 倍大きすぎる（または小さすぎる）ことになります。どこかから学習率を借りてくるときは、それがどの損失のための値なのかを確かめてください。

# %%
def loss(a, b):
    """The MSE of the line a x + b on the data, in cm²."""
    residual = y - (a * x + b)
    return tf.reduce_mean(residual ** 2)


print(tr("L(0, 0) = {loss:.2f} cm²   (the line y = 0)", loss=float(loss(0.0, 0.0))))
print(tr("L(2, 1) = {loss:.3f} cm²   (the spring we simulated)", loss=float(loss(2.0, 1.0))))

# %% [markdown]
# ## Least squares in matrix form
#
# Write all $n$ predictions at once. Put the inputs into a **design matrix** $X$ with one
# row per point, and a column of ones that multiplies $b$:
#
# $$
# X = \begin{pmatrix} x_1 & 1 \\ x_2 & 1 \\ \vdots & \vdots \\ x_n & 1 \end{pmatrix}, \qquad
# \theta = \begin{pmatrix} a \\ b \end{pmatrix}, \qquad
# \hat y = X \theta, \qquad
# L(\theta) = \frac1n \lVert y - X\theta \rVert^2 .
# $$
#
# At the minimum the loss is flat in every direction. Its gradient (next section) is
# $-\tfrac2n X^\top (y - X\theta)$, and setting it to zero gives the **normal equations**,
# two linear equations for the two unknowns:
#
# $$ X^\top X \, \theta = X^\top y . $$

# %% [markdown] ja
# ## 行列で表した最小二乗法
#
# $n$ 個の予測をまとめて書きましょう。入力を 1 点につき 1 行の**計画行列** $X$ に並べ、$b$ に掛かる 1 の列を加えます。
#
# $$
# X = \begin{pmatrix} x_1 & 1 \\ x_2 & 1 \\ \vdots & \vdots \\ x_n & 1 \end{pmatrix}, \qquad
# \theta = \begin{pmatrix} a \\ b \end{pmatrix}, \qquad
# \hat y = X \theta, \qquad
# L(\theta) = \frac1n \lVert y - X\theta \rVert^2 .
# $$
#
# 最小値では、損失はどの方向にも平らです。損失の勾配（次の節）は $-\tfrac2n X^\top (y - X\theta)$ で、これを 0 とおくと、2 つの未知数に対する 2 つの線形方程式、**正規方程式**が得られます。
#
# $$ X^\top X \, \theta = X^\top y . $$

# %%
X = tf.stack([x, tf.ones_like(x)], axis=1)    # shape (30, 2)
XtX = tf.transpose(X) @ X                     # shape (2, 2)
Xty = tf.transpose(X) @ tf.reshape(y, [-1, 1])  # shape (2, 1): y as a column (notebook 04)
print("X^T X =\n", XtX.numpy())
print("X^T y =\n", Xty.numpy())

theta = tf.linalg.solve(XtX, Xty)  # solve the 2 x 2 system: theta has shape (2, 1)
a_best, b_best = float(theta[0, 0]), float(theta[1, 0])
print(f"a = {a_best:.3f} cm/kg, b = {b_best:.3f} cm, L = {float(loss(a_best, b_best)):.4f} cm²")
print(tr("NumPy's polyfit agrees:"), np.round(np.polyfit(x_np, y_np, 1), 3))

# %% [markdown]
# > **Read the engine.** `tf.linalg.solve` is one op, `MatrixSolve`, whose kernel hands
# > the system to NumPy's LAPACK solver and whose gradient is one more solve, with the
# > transposed matrix ([`solve` in `course/engine/ops/linalg_ops.py`](../course/engine/ops/linalg_ops.py)).
# > `tf.linalg.lstsq(X, tf.reshape(y, [-1, 1]))` would go straight from the data to the
# > same line.
#
# For one input, the two equations can be solved by hand, which gives the formulas of
# statistics books: the slope is the covariance of $x$ and $y$ over the variance of $x$,
#
# $$ a = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}, \qquad
#    b = \bar y - a \bar x . $$
#
# Few models have an exact solution like this. Neural networks do not, which is why the
# rest of this notebook finds the same line by walking downhill.

# %% [markdown] ja
# > **エンジンを読む。** `tf.linalg.solve` は 1 つの演算 `MatrixSolve` です。カーネルは連立方程式を NumPy の LAPACK ソルバーに渡し、勾配は転置した行列でもう 1 回解くことです（[`course/engine/ops/linalg_ops.py` の `solve`](../course/engine/ops/linalg_ops.py)）。`tf.linalg.lstsq(X, tf.reshape(y, [-1, 1]))` なら、データから直接同じ直線が得られます。
#
# 入力が 1 つなら、2 つの方程式は手で解くことができ、統計の教科書に載っている公式になります。傾きは、$x$ と $y$ の共分散を $x$ の分散で割ったものです。
#
# $$ a = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}, \qquad
#    b = \bar y - a \bar x . $$
#
# このように厳密な解を持つモデルはごくわずかです。ニューラルネットワークにはありません。だからこのノートブックの残りでは、同じ直線を、坂を下っていくことで見つけます。

# %% [markdown]
# ## Derivatives, the gradient, and gradient descent
#
# Move $a$ a little while $b$ stays put: the loss changes by about $\partial L/\partial a$
# times that little move. $\partial L/\partial a$ (read "the partial derivative of $L$ with
# respect to $a$") is the slope of the loss in the $a$ direction; $\partial L/\partial b$ is
# its slope in the $b$ direction. Together they form the **gradient**
# $\nabla L = (\partial L/\partial a,\ \partial L/\partial b)$, which points uphill.
#
# **Gradient descent** takes a small step the other way, for each parameter at once:
#
# $$ a \leftarrow a - \eta \, \frac{\partial L}{\partial a}, \qquad
#    b \leftarrow b - \eta \, \frac{\partial L}{\partial b}, $$
#
# where $\eta$ (eta) is the **learning rate**, the size of the step. For the MSE the chain
# rule gives (the square brings down a 2, and $\partial r_i/\partial a = -x_i$,
# $\partial r_i/\partial b = -1$):
#
# $$
# \frac{\partial L}{\partial a} = -\frac2n \sum_i r_i\, x_i, \qquad
# \frac{\partial L}{\partial b} = -\frac2n \sum_i r_i ,
# $$
#
# the matrix form $-\tfrac2n X^\top (y - X\theta)$ written out for our two parameters.
# Start at $a = b = 0$ and repeat:

# %% [markdown] ja
# ## 微分、勾配、勾配降下法
#
# $b$ をそのままにして $a$ を少しだけ動かすと、損失はおよそ $\partial L/\partial a$ にその小さな動きを掛けただけ変化します。$\partial L/\partial a$（「$L$ の $a$ についての偏微分」と読みます）は $a$ の方向の損失の傾きで、$\partial L/\partial b$ は $b$ の方向の傾きです。2 つを並べたものが**勾配** $\nabla L = (\partial L/\partial a,\ \partial L/\partial b)$ で、上り坂の方向を指します。
#
# **勾配降下法**は、すべてのパラメータについて同時に、その逆向きへ小さく一歩進みます。
#
# $$ a \leftarrow a - \eta \, \frac{\partial L}{\partial a}, \qquad
#    b \leftarrow b - \eta \, \frac{\partial L}{\partial b}, $$
#
# ここで $\eta$（イータ）は**学習率**、つまり一歩の大きさです。MSE の場合、連鎖律から次の式が得られます（二乗から 2 が降りてきて、$\partial r_i/\partial a = -x_i$、$\partial r_i/\partial b = -1$ です）。
#
# $$
# \frac{\partial L}{\partial a} = -\frac2n \sum_i r_i\, x_i, \qquad
# \frac{\partial L}{\partial b} = -\frac2n \sum_i r_i ,
# $$
#
# これは行列の形 $-\tfrac2n X^\top (y - X\theta)$ を 2 つのパラメータについて書き下したものです。$a = b = 0$ から始めて、繰り返します。

# %%
learning_rate = 0.075
steps = 200

a = tf.Variable(0.0)
b = tf.Variable(0.0)
losses_by_hand = []
for step in range(steps):
    residual = y - (a * x + b)
    losses_by_hand.append(float(tf.reduce_mean(residual ** 2)))
    grad_a = -2 / n * tf.reduce_sum(residual * x)
    grad_b = -2 / n * tf.reduce_sum(residual)
    a.assign_sub(learning_rate * grad_a)
    b.assign_sub(learning_rate * grad_b)

print(tr("after {steps} steps: a = {a:.3f}, b = {b:.3f}, L = {loss:.4f}",
         steps=steps, a=float(a), b=float(b), loss=float(loss(a, b))))

# %% [markdown]
# The same line as the normal equations, to three decimals.

# %% [markdown] ja
# 正規方程式と、小数点以下 3 桁まで同じ直線になりました。

# %% [markdown]
# ## The same descent with a GradientTape
#
# Deriving gradients by hand is fine for two parameters, but not for the millions of a
# neural network. TensorFlow computes them for you with a `tf.GradientTape`:
#
# - inside `with tf.GradientTape() as tape:`, every operation on a *watched* value is
#   recorded, like a tape recorder;
# - `tape.gradient(target, sources)` plays the recording backwards and returns
#   $\partial(\text{target})/\partial(\text{source})$ for each source (notebook 07 shows how).
#
# The tape watches trainable Variables by itself. A constant is watched only if you ask
# (`tape.watch(c)`), and a Variable made with `trainable=False` (notebook 05) is never
# watched: its gradient comes back as `None`. For $y = p \cdot q \cdot c$:

# %% [markdown] ja
# ## 同じ降下を GradientTape で
#
# パラメータが 2 つなら勾配を手で導いても構いませんが、ニューラルネットワークの何百万ものパラメータではそうはいきません。TensorFlow は `tf.GradientTape` で勾配を計算してくれます。
#
# - `with tf.GradientTape() as tape:` の中では、*監視されている*値に対するすべての演算が、テープレコーダーのように記録されます。
# - `tape.gradient(target, sources)` は記録を逆向きに再生し、それぞれの source について $\partial(\text{target})/\partial(\text{source})$ を返します（そのしくみはノートブック 07 で見ます）。
#
# テープは trainable な変数を自分で監視します。定数は頼んだとき（`tape.watch(c)`）だけ監視され、`trainable=False` で作った変数（ノートブック 05）は決して監視されず、その勾配は `None` になります。$y = p \cdot q \cdot c$ で確かめましょう。

# %%
p = tf.Variable(2.0)                   # trainable: watched automatically
q = tf.Variable(3.0, trainable=False)  # not trainable: ignored
c = tf.constant(4.0)                   # a constant: ignored unless watched

with tf.GradientTape() as tape:
    product = p * q * c

grad_p, grad_q, grad_c = tape.gradient(product, [p, q, c])
print("d/dp =", grad_p.numpy(), "  (= q * c)")
print("d/dq =", grad_q, tr("  (not trainable)"))
print("d/dc =", grad_c, tr("  (a constant nobody watched)"))

# %% [markdown]
# Back to the line. The tape's gradients at the start agree with our formulas:

# %% [markdown] ja
# 直線に戻ります。最初の時点でのテープの勾配は、私たちの式と一致します。

# %%
a = tf.Variable(0.0)
b = tf.Variable(0.0)
with tf.GradientTape() as tape:
    current = loss(a, b)
grad_a, grad_b = tape.gradient(current, [a, b])

residual = y - (a * x + b)
print(tr("tape:    dL/da = {da:.3f}, dL/db = {db:.3f}", da=float(grad_a), db=float(grad_b)))
print(tr("by hand: dL/da = {da:.3f}, dL/db = {db:.3f}",
         da=float(-2 / n * tf.reduce_sum(residual * x)), db=float(-2 / n * tf.reduce_sum(residual))))

# %% [markdown]
# > **Read the engine.** `tape.gradient` is a short function: it seeds the target's
# > gradient with ones and walks the recorded operations backwards, asking each one for its
# > local gradient: [`GradientTape.gradient` in
# > `course/engine/tape.py`](../course/engine/tape.py). Notebook 07 takes it apart.
#
# The training loop only changes where the gradients come from:

# %% [markdown] ja
# > **エンジンを読む。** `tape.gradient` は短い関数です。target の勾配を 1 で初期化し、記録された演算を逆向きにたどりながら、それぞれの演算に局所的な勾配を尋ねていきます:
# > [`course/engine/tape.py` の `GradientTape.gradient`](../course/engine/tape.py)。ノートブック 07 で分解して見ます。
#
# トレーニングのループで変わるのは、勾配をどこから得るかだけです。

# %%
a = tf.Variable(0.0)
b = tf.Variable(0.0)
losses = []
for step in range(steps):
    with tf.GradientTape() as tape:
        current = loss(a, b)
    grad_a, grad_b = tape.gradient(current, [a, b])
    a.assign_sub(learning_rate * grad_a)
    b.assign_sub(learning_rate * grad_b)
    losses.append(float(current))

print(tr("after {steps} steps: a = {a:.3f}, b = {b:.3f}, L = {loss:.4f}",
         steps=steps, a=float(a), b=float(b), loss=float(loss(a, b))))
print(tr("same losses as by hand:"), np.allclose(losses, losses_by_hand, rtol=1e-5))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
line_x = np.linspace(0, 4, 2)
left.scatter(x_np, y_np, s=18, marker="o", color="#0072B2", label=tr("measurements"))
left.plot(line_x, float(a) * line_x + float(b), color="#D55E00", linestyle="--", linewidth=2,
          label=tr("fitted: y = {a:.2f} x + {b:.2f}", a=float(a), b=float(b)))
left.set_xlabel(tr("load x (kg)"))
left.set_ylabel(tr("length y (cm)"))
left.set_title(tr("The fitted line"))
left.legend()
right.plot(losses, color="#0072B2")
right.set_yscale("log")
right.set_xlabel(tr("step (one update of a and b)"))
right.set_ylabel(tr("MSE L (cm², log scale)"))
right.set_title(tr("The loss curve"))
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 6.2: The result of 200 steps.** Left: the thirty measurements (length in cm
# against load in kg) with the fitted line drawn dashed through them, close to
# y = 2 x + 1. Right: the loss curve, the MSE in cm² on a logarithmic axis against the
# step number: it falls from 36 cm² to about 0.3 cm² in the first two steps, then
# flattens and creeps down to its minimum, 0.22 cm², over the remaining steps.
#
# The loss drops fast at first, then slowly: the last stretch of a descent is always the
# longest (notebook 08 shows how to shorten it).

# %% [markdown] ja
# **図 6.2: 200 ステップの結果。** 左: 30 個の測定値（長さ（cm）を荷重（kg）に対して描いたもの）と、その間を通る破線の当てはめた直線。y = 2 x + 1 に近い直線です。右: 損失曲線。MSE（cm²、対数軸）をステップ数に対して描いたもので、最初の 2 ステップで 36 cm² からおよそ 0.3 cm² まで下がり、その後は平らになって、残りのステップで最小値の 0.22 cm² までゆっくり下がっていきます。
#
# 損失は最初は速く、その後はゆっくり下がります。降下の最後の区間はいつもいちばん長いのです（それを短くする方法はノートブック 08 で見ます）。

# %% [markdown]
# ## The loss surface and the descent path
#
# $L(a, b)$ is a bowl over the $(a, b)$ plane. Each contour line joins points of equal loss.
# Here is the path the descent took, starting at $(0, 0)$:

# %% [markdown] ja
# ## 損失曲面と降下の経路
#
# $L(a, b)$ は $(a, b)$ 平面の上のお椀の形をしています。等高線は損失の等しい点を結んだものです。$(0, 0)$ から始めた降下がたどった経路を描いてみましょう。

# %%
def descend(rate, steps, x=x, y=y):
    """Gradient descent on the MSE from (0, 0); returns the path of (a, b) and the losses."""
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    path, losses = [(0.0, 0.0)], []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            current = tf.reduce_mean((y - (a * x + b)) ** 2)
        grad_a, grad_b = tape.gradient(current, [a, b])
        a.assign_sub(rate * grad_a)
        b.assign_sub(rate * grad_b)
        path.append((float(a), float(b)))
        losses.append(float(current))
    return np.array(path), np.array(losses)


a_grid, b_grid = np.meshgrid(np.linspace(-0.5, 3.5, 81), np.linspace(-2, 4, 81))
# L for every grid point at once: broadcast the grid against the data (axis 2, notebook 04)
residuals = y_np - (a_grid[..., None] * x_np + b_grid[..., None])
surface = (residuals ** 2).mean(axis=2)


COLOUR_BAR_TICKS = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]


def draw_descent(ax, path):
    levels = np.geomspace(0.25, 100, 12)
    contours = ax.contour(a_grid, b_grid, surface, levels=levels, cmap="viridis",
                          norm=plt.matplotlib.colors.LogNorm())
    ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, linestyle="-",
            color="#D55E00", label=tr("descent path"))
    ax.plot(a_best, b_best, marker="*", markersize=14, color="black", linestyle="none",
            label=tr("minimum"))
    ax.set_xlim(-0.5, 3.5)
    ax.set_ylim(-2, 4)
    ax.set_xlabel(tr("slope a (cm/kg)"))
    ax.set_ylabel(tr("intercept b (cm)"))
    ax.legend(loc="lower left", fontsize=8)
    return contours


path, _ = descend(learning_rate, 200)
fig, ax = plt.subplots(figsize=(5.8, 4.2))
contours = draw_descent(ax, path)
fig.colorbar(contours, ax=ax, label=tr("MSE L (cm², contour levels)"), ticks=COLOUR_BAR_TICKS,
             format="%g")
ax.set_title(tr("200 steps, learning rate {rate}", rate=learning_rate))
plt.show()

# %% [markdown]
# **Figure 6.3: The descent path on the loss surface.** Contour lines of the MSE over the
# plane of slope a (cm/kg, horizontal) and intercept b (cm, vertical), from 0.25 cm² near
# the minimum to 100 cm² far from it; the colour bar gives the level of each line, and the
# lines form long, thin ellipses tilted from top left to bottom right. Round markers trace
# the path from (0, 0): the first step jumps across the valley to about a = 2.2, b = 0.8,
# then the path turns and creeps along the valley floor to the minimum, marked by a star
# at a = 2.0, b = 1.14.
#
# The bowl is a long, narrow valley: steep across, almost flat along. The path first drops
# into the valley, then creeps along it towards the minimum.

# %% [markdown] ja
# **図 6.3: 損失曲面の上の降下の経路。** 傾き a（cm/kg、横軸）と切片 b（cm、縦軸）の平面に描いた MSE の等高線で、最小値の近くの 0.25 cm² から、遠くの 100 cm² まであります。カラーバーが各線の値を示しています。等高線は、左上から右下へ傾いた細長い楕円になっています。丸いマーカーが (0, 0) からの経路をたどります。最初の一歩で谷を横切っておよそ a = 2.2, b = 0.8 へ跳び、そこから向きを変えて、谷底に沿ってゆっくり最小値へ進みます。最小値は a = 2.0, b = 1.14 の星印です。
#
# このお椀は細長い谷になっています。横切る方向には急で、沿う方向にはほとんど平らです。経路はまず谷に落ち込み、それから谷に沿って最小値へゆっくり進みます。

# %% [markdown]
# ## Choosing the learning rate
#
# Too small, and the descent crawls. Too large, and each step overshoots the valley floor by
# more than it gained: the path zig-zags outwards and the loss explodes. For this loss the
# limit is $\eta < 2/\lambda_{\max}$, where $\lambda_{\max}$ is the largest eigenvalue of
# the matrix of second derivatives, the *Hessian*. For the MSE of a line it is
#
# $$ H = \frac2n X^\top X = \frac2n \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\
#    \sum_i x_i & n \end{pmatrix} . $$

# %% [markdown] ja
# ## 学習率の選び方
#
# 小さすぎると、降下はのろのろとしか進みません。大きすぎると、一歩ごとに谷底を稼いだ以上に行き過ぎてしまい、経路はジグザグに外へ広がって、損失は爆発します。この損失の場合、限界は $\eta < 2/\lambda_{\max}$ です。$\lambda_{\max}$ は二階微分を並べた行列、*ヘッセ行列*の最大固有値です。直線の MSE では、ヘッセ行列は次のとおりです。
#
# $$ H = \frac2n X^\top X = \frac2n \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\
#    \sum_i x_i & n \end{pmatrix} . $$

# %%
hessian = 2 / n * XtX.numpy()
eigenvalues = np.linalg.eigvalsh(hessian)
print(tr("eigenvalues:"), np.round(eigenvalues, 3))
print(tr("largest stable learning rate: 2 / {largest:.3f} = {rate:.4f}",
         largest=eigenvalues[-1], rate=2 / eigenvalues[-1]))

# %% [markdown]
# The ratio of the two eigenvalues (about 30 here) is how much steeper the valley is across
# than along; the larger it is, the slower the descent. Move the sliders (in a running
# notebook) to try rates on both sides of the limit; the picture below them shows the
# default values.

# %% [markdown] ja
# 2 つの固有値の比（ここではおよそ 30）は、谷を横切る方向が沿う方向に比べてどれだけ急かを表します。これが大きいほど、降下は遅くなります。（実行中のノートブックで）スライダーを動かして、限界の両側の学習率を試してみてください。スライダーの下の図は、デフォルトの値での結果です。

# %%
def descent_picture(learning_rate, steps):
    """The path on the loss surface and the loss curve, as a PNG image."""
    path, losses = descend(learning_rate, steps)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    contours = draw_descent(left, path)
    fig.colorbar(contours, ax=left, label=tr("MSE L (cm²)"), ticks=COLOUR_BAR_TICKS, format="%g")
    left.set_title(tr("learning rate {rate:.4f}, {steps} steps", rate=learning_rate, steps=steps))
    right.plot(np.minimum(losses, 1e6), color="#0072B2", marker=".")
    right.set_yscale("log")
    right.set_xlabel(tr("step"))
    right.set_ylabel(tr("MSE L (cm², log scale, capped at 1e6)"))
    right.set_title(tr("diverges!") if losses[-1] > losses[0]
                    else tr("final L = {loss:.3f} cm²", loss=losses[-1]))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return Image(buffer.getvalue())


rate_slider = widgets.FloatSlider(value=0.075, min=0.0075, max=0.18, step=0.0075,
                                  readout_format=".4f", description=tr("learning rate"))
steps_slider = widgets.IntSlider(value=40, min=1, max=200, description=tr("steps"))
display(widgets.HBox([rate_slider, steps_slider]))
picture = display(descent_picture(rate_slider.value, steps_slider.value), display_id=True)


def redraw(change):
    picture.update(descent_picture(rate_slider.value, steps_slider.value))


rate_slider.observe(redraw, names="value")
steps_slider.observe(redraw, names="value")

# %% [markdown]
# **Figure 6.4: An interactive descent.** Two sliders, "learning rate" (0.0075 to 0.18)
# and "steps" (1 to 200), above a picture that follows them. At the defaults, rate 0.075
# and 40 steps, the left panel shows the same contour map as Figure 6.3 with a shorter
# path that has crossed the valley and nearly reached the star; the right panel shows the
# loss (MSE in cm², log scale, one dot per step) falling over the 40 steps, with the final
# loss in its title.
# Rates above the limit printed above make the path zig-zag outwards and the right panel's
# title read "diverges!".
#
# A rate just above the limit, for the record:

# %% [markdown] ja
# **図 6.4: 対話的な降下。** 「学習率」（0.0075 から 0.18）と「ステップ数」（1 から 200）の 2 つのスライダーと、その下にあって、スライダーに合わせて変わる図です。デフォルトの学習率 0.075、40 ステップでは、左のパネルは図 6.3 と同じ等高線図に、谷を横切ってほぼ星印に届いた短い経路を描いています。右のパネルは損失（MSE（cm²）、対数軸、1 ステップに 1 点）が 40 ステップで下がっていく様子で、タイトルに最後の損失を表示しています。上に表示した限界を超える学習率では、経路がジグザグに外へ広がり、右のパネルのタイトルは「発散!」になります。
#
# 記録のために、限界をわずかに超える学習率も試しておきます。

# %%
_, diverging = descend(0.1725, 40)
print(tr("learning rate 0.1725: L goes from {first:.0f} to {last:.3g} cm² in 40 steps",
         first=diverging[0], last=diverging[-1]))

# %% [markdown]
# ## The same model as a one-unit Dense layer
#
# Keras builds networks out of *layers*. A `Dense` layer with one unit computes
# $x W + b$ for a batch of inputs $x$, one example per row: with one input feature, that is
# exactly $a x + b$, with $W$ a $1 \times 1$ matrix (Keras calls it the *kernel*). It
# expects a batch of rows, so the 30 loads become a $30 \times 1$ column, and so must the
# lengths: a `(30, 1)` prediction minus a `(30,)` target would be notebook 04's
# `(30, 30)` bug.
#
# A Keras *optimizer* does the `assign_sub` for us: `SGD` (stochastic gradient descent)
# with a learning rate takes the gradients and updates each Variable by
# $-\eta \cdot \text{gradient}$. Starting from zeros, this is the same descent:

# %% [markdown] ja
# ## 同じモデルを 1 ユニットの Dense レイヤーで
#
# Keras はネットワークを*レイヤー*から組み立てます。ユニットが 1 つの `Dense` レイヤーは、1 行に 1 つの例を並べた入力のバッチ $x$ に対して $x W + b$ を計算します。入力の特徴量が 1 つなら、これはちょうど $a x + b$ で、$W$ は $1 \times 1$ の行列です（Keras はこれを*カーネル*と呼びます）。レイヤーは行のバッチを受け取るので、30 個の荷重は $30 \times 1$ の列にします。長さも同じく列にします。形状 `(30, 1)` の予測から形状 `(30,)` の目標値を引くと、ノートブック 04 の `(30, 30)` のバグになってしまうからです。
#
# `assign_sub` は Keras の*オプティマイザ*がやってくれます。学習率を指定した `SGD`（確率的勾配降下法）は勾配を受け取り、各変数を $-\eta \cdot \text{勾配}$ だけ更新します。ゼロから始めれば、これはまったく同じ降下です。

# %%
layer = tf.keras.layers.Dense(1, kernel_initializer="zeros")
optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)
x_column = tf.reshape(x, [-1, 1])
y_column = tf.reshape(y, [-1, 1])
layer(x_column)  # the first call creates kernel and bias, for one input feature

for step in range(steps):
    with tf.GradientTape() as tape:
        current = tf.reduce_mean((y_column - layer(x_column)) ** 2)
    gradients = tape.gradient(current, layer.trainable_variables)
    optimizer.apply_gradients(zip(gradients, layer.trainable_variables))

print(f"kernel = {float(layer.kernel[0, 0]):.3f}, bias = {float(layer.bias[0]):.3f}")

# %% [markdown]
# The same $a$ and $b$ as our own loop.
#
# > **Read the engine.** The layer's whole computation is one line,
# > `inputs @ kernel + bias` then the activation:
# > [`Dense.call` in `course/engine/keras/layers.py`](../course/engine/keras/layers.py). The
# > optimizer's step for each Variable is
# > [`SGD.update_step` in `course/engine/keras/optimizers.py`](../course/engine/keras/optimizers.py).
#
# A neural network is many such layers with a bend (an *activation*) between them, trained
# by exactly this loop. Notebook 07 shows how the tape finds gradients through them;
# notebook 12 builds a network with Keras and lets `model.fit` run the loop.

# %% [markdown] ja
# 私たちのループと同じ $a$ と $b$ になりました。
#
# > **エンジンを読む。** このレイヤーの計算は全部で 1 行、`inputs @ kernel + bias` と、その後の活性化関数です:
# > [`course/engine/keras/layers.py` の `Dense.call`](../course/engine/keras/layers.py)。オプティマイザが各変数を更新する一歩は
# > [`course/engine/keras/optimizers.py` の `SGD.update_step`](../course/engine/keras/optimizers.py) です。
#
# ニューラルネットワークは、このようなレイヤーを、間に折れ曲がり（*活性化関数*）をはさんでたくさん重ねたもので、まさにこのループでトレーニングされます。テープがその中を通って勾配を求めるしくみはノートブック 07 で、Keras でネットワークを作って `model.fit` にループを任せる方法はノートブック 12 で見ます。

# %% [markdown]
# ## Exercises
#
# The exercises use five points: `x = [0, 1, 2, 3, 4]` and `y = [1.1, 2.9, 5.2, 7.1, 8.8]`,
# and the MSE as the loss.
#
# **linear-regression.1** Write `least_squares(x, y)`: it returns the best `(a, b)` for two
# `float32` tensors, by building the design matrix and solving the normal equations (or with
# the formulas for one input).

# %% [markdown] ja
# ## 練習問題
#
# 練習問題では 5 つの点 `x = [0, 1, 2, 3, 4]` と `y = [1.1, 2.9, 5.2, 7.1, 8.8]` を使い、損失は MSE とします。
#
# **linear-regression.1** `least_squares(x, y)` を書いてください。2 つの `float32` テンソルに対して最良の `(a, b)` を返します。計画行列を作って正規方程式を解いても、入力が 1 つの場合の公式を使っても構いません。

# %%
def least_squares(x, y):
    return ...  # your code here


check("linear-regression.1", least_squares)

# %% [markdown]
# **linear-regression.2** Write `gradients(a, b, x, y)`: it returns
# $(\partial L/\partial a,\ \partial L/\partial b)$ of the MSE, from the formulas derived
# above (no tape).

# %% [markdown] ja
# **linear-regression.2** `gradients(a, b, x, y)` を書いてください。上で導いた式から（テープを使わずに）MSE の $(\partial L/\partial a,\ \partial L/\partial b)$ を返します。

# %%
def gradients(a, b, x, y):
    return ...  # your code here


check("linear-regression.2", gradients)

# %% [markdown]
# **linear-regression.3** For the five points, which of the learning rates
# `0.05, 0.1, 0.14, 0.2` is the largest one for which gradient descent still converges?
# Try them with `descend(rate, 50, x=..., y=...)` and look at the losses (or work out
# $2/\lambda_{\max}$ of their Hessian).

# %% [markdown] ja
# **linear-regression.3** 5 つの点について、学習率 `0.05, 0.1, 0.14, 0.2` のうち、勾配降下法がまだ収束する最大の値はどれでしょうか? `descend(rate, 50, x=..., y=...)` で試して損失を見てください（または、それらのヘッセ行列の $2/\lambda_{\max}$ を計算してください）。

# %%
answer = ...
check("linear-regression.3", answer)
