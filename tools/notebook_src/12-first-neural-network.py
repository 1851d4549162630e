# %% [markdown]
# # A first neural network with Keras
#
# Time for a real data set and a real network. We teach a small network to tell a shirt
# from a sneaker, with Keras, the high-level API of `tf.keras`: a few lines to build the
# model, one to train it, one to test it. Everything it does is something you have met:
# layers computing $x W + b$ (notebook 06), a loss, gradients from a tape (07), and
# gradient descent.
#
# **What you will learn**
# - loading Fashion-MNIST: 70,000 small grayscale pictures of clothes, stored offline
# - building a network with `tf.keras.Sequential`:
#   `Flatten` → `Dense(512, relu)` → `Dropout(0.2)` → `Dense(10, softmax)`
# - softmax and the cross-entropy loss, and their gradient, $p - \text{one-hot}$
# - why large scores overflow, and how log-sum-exp (and `from_logits=True`) avoids it
# - how the first weights are chosen (Glorot), and why that scale matters
# - `compile` (with the Adam optimizer), `fit`, `evaluate` and `predict`, and reading their output
#
# Notebook 13 then opens up `fit`: mini-batches, validation, overfitting and early stopping.

# %% [markdown] ja
# # Keras で作る初めてのニューラルネットワーク
#
# いよいよ本物のデータセットと本物のネットワークです。シャツとスニーカーを見分けることを、小さなネットワークに Keras で教えます。Keras は `tf.keras` の高水準 API で、数行でモデルを組み立て、1 行でトレーニングし、1 行でテストできます。そこで行われていることは、どれもこれまでに出会ったものです。$x W + b$ を計算するレイヤー（ノートブック 06）、損失、テープから得る勾配（07）、そして勾配降下法です。
#
# **このノートブックで学ぶこと**
# - Fashion-MNIST の読み込み: 衣料品の小さなグレースケール画像 70,000 枚。オフラインで保存済み
# - `tf.keras.Sequential` によるネットワークの組み立て:
#   `Flatten` → `Dense(512, relu)` → `Dropout(0.2)` → `Dense(10, softmax)`
# - ソフトマックスと交差エントロピー損失、そしてその勾配 $p - \text{one-hot}$
# - 大きなスコアがオーバーフローする理由と、log-sum-exp（と `from_logits=True`）でそれを避ける方法
# - 最初の重みの選び方（Glorot）と、そのスケールが重要な理由
# - `compile`（Adam オプティマイザ）、`fit`、`evaluate`、`predict` と、その出力の読み方
#
# 次のノートブック 13 では `fit` の中身を開いて、ミニバッチ、検証、過学習、早期停止を見ます。

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.i18n import tr

# Same random numbers on every run: initial weights, dropout masks, shuffling.
tf.keras.utils.set_random_seed(7)  # seeds Python's random, NumPy and the engine at once

# %% [markdown]
# ## The data
#
# Fashion-MNIST comes with the course image (the Debian package `dataset-fashion-mnist`),
# so nothing is downloaded. `load_data` returns NumPy arrays: 60,000 training images and
# 10,000 test images, each $28 \times 28$ pixels with values $0$ to $255$, and one label
# $0$ to $9$ per image.

# %% [markdown] ja
# ## データ
#
# Fashion-MNIST はコースのイメージに入っている（Debian のパッケージ `dataset-fashion-mnist`）ので、何もダウンロードしません。`load_data` は NumPy 配列を返します。トレーニング用の画像が 60,000 枚とテスト用の画像が 10,000 枚で、どれも $28 \times 28$ ピクセル、値は $0$ から $255$ です。画像 1 枚につき $0$ から $9$ のラベルが 1 つあります。

# %%
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
# Online? The classic handwritten digits have the same shapes; swap the line above for:
# (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
print("train:", x_train.shape, x_train.dtype, y_train.shape)
print("test: ", x_test.shape, x_test.dtype, y_test.shape)

class_names = [tr("T-shirt/top"), tr("Trouser"), tr("Pullover"), tr("Dress"), tr("Coat"),
               tr("Sandal"), tr("Shirt"), tr("Sneaker"), tr("Bag"), tr("Ankle boot")]

# %%
fig, axes = plt.subplots(2, 8, figsize=(10, 3.2))
for ax, image, label in zip(axes.flat, x_train, y_train):
    ax.imshow(image, cmap="gray_r")
    ax.set_title(class_names[label], fontsize=8)
    ax.axis("off")
fig.suptitle(tr("The first sixteen training images and their labels"))
plt.show()

# %% [markdown]
# **Figure 12.1: Sixteen training images.** Two rows of eight small 28 × 28 pixel pictures,
# dark on white, each titled with its label. Top row: an ankle boot, two T-shirts/tops, a
# dress, a T-shirt/top, a pullover, a sneaker and a pullover. Bottom row: two sandals, a
# T-shirt/top, an ankle boot, two sandals, a sneaker and an ankle boot. They are coarse but
# recognizable silhouettes; tops of different classes can look much alike.
#
# Networks learn best from small numbers, so we scale the pixels to $[0, 1]$. And to keep
# this notebook quick, we train on the first 10,000 training images only; the test set
# stays complete.

# %% [markdown] ja
# **図 12.1: トレーニング用の画像 16 枚。** 28 × 28 ピクセルの小さな画像が 8 枚ずつ 2 行に並び、白地に暗い色で描かれていて、それぞれの上にラベルが書かれています。上の行: アンクルブーツ、Tシャツ/トップスが 2 枚、ドレス、Tシャツ/トップス、プルオーバー、スニーカー、プルオーバー。下の行: サンダルが 2 枚、Tシャツ/トップス、アンクルブーツ、サンダルが 2 枚、スニーカー、アンクルブーツ。粗い画像ですが、シルエットは見分けられます。クラスの違う上着どうしは、よく似て見えることがあります。
#
# ネットワークは小さな数から最もよく学ぶので、ピクセルを $[0, 1]$ にスケーリングします。また、このノートブックを短時間で終えるために、トレーニングには最初の 10,000 枚だけを使います。テストセットはすべて使います。

# %%
x_train, x_test = x_train / 255.0, x_test / 255.0
x_small, y_small = x_train[:10_000], y_train[:10_000]
print(x_small.shape, tr("pixels from {low:.1f} to {high:.1f}", low=x_small.min(),
                       high=x_small.max()))
print(tr("images per class:"), np.bincount(y_small))

# %% [markdown]
# ## The model
#
# A `Sequential` model is a stack of layers; each one transforms the output of the one
# before. For an image flattened to a row $x$ of $784 = 28 \cdot 28$ numbers, as every
# layer of the course computes it, $x W + b$:
#
# $$
# h = \operatorname{relu}(x W_1 + b_1), \qquad
# z = h W_2 + b_2, \qquad
# p = \operatorname{softmax}(z), \qquad
# \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}} .
# $$
#
# - `Flatten` turns the $28 \times 28$ image into a row of 784 numbers.
# - `Dense(512, activation="relu")` is $h$: 512 units, each a weighted sum of all pixels
#   plus a bias, negative results set to zero. $W_1$ has shape $(784, 512)$.
# - `Dropout(0.2)` sets a random 20% of $h$ to zero *during training only* (and scales
#   the rest up by $1/0.8$), so the network cannot lean on any single unit.
# - `Dense(10, activation="softmax")` computes ten scores $z$, the *logits*, one per class,
#   and turns them into $p$: ten positive numbers that add up to 1, one probability per
#   class.

# %% [markdown] ja
# ## モデル
#
# `Sequential` モデルはレイヤーを積み重ねたもので、各レイヤーは 1 つ前のレイヤーの出力を変換します。画像を $784 = 28 \cdot 28$ 個の数からなる行 $x$ に平らにすると、このコースのどのレイヤーとも同じく $x W + b$ の形で、次のように計算します。
#
# $$
# h = \operatorname{relu}(x W_1 + b_1), \qquad
# z = h W_2 + b_2, \qquad
# p = \operatorname{softmax}(z), \qquad
# \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{10} e^{z_j}} .
# $$
#
# - `Flatten` は $28 \times 28$ の画像を 784 個の数の行にします。
# - `Dense(512, activation="relu")` が $h$ です。512 個のユニットがあり、それぞれがすべてのピクセルの重み付き和にバイアスを足し、負の結果を 0 にします。$W_1$ の形状は $(784, 512)$ です。
# - `Dropout(0.2)` は、*トレーニング中だけ* $h$ のランダムな 20% を 0 にします（残りは $1/0.8$ 倍に拡大します）。こうすると、ネットワークは特定のユニットに頼れなくなります。
# - `Dense(10, activation="softmax")` は、クラスごとに 1 つ、10 個のスコア $z$、つまり*ロジット*を計算し、それを $p$ に変えます。$p$ は合計が 1 になる 10 個の正の数で、クラスごとの確率です。

# %%
model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(512, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.summary()

# %% [markdown]
# The parameter counts are weights plus biases: the first `Dense` layer has
# $784 \cdot 512 + 512 = 401{,}920$, the second $512 \cdot 10 + 10 = 5{,}130$.
#
# > **Read the engine.** A `Dense` layer is `activation(inputs @ kernel + bias)`, one line:
# > [`Dense.call` in `course/engine/keras/layers.py`](../course/engine/keras/layers.py).
# > The kernel and bias are made, on the first call, by
# > [`Dense.build` in `course/engine/keras/layers.py`](../course/engine/keras/layers.py).
#
# Untrained, the model already answers, just not well. It spreads its belief over all ten
# classes without preferring any clearly:

# %% [markdown] ja
# パラメータ数は重みとバイアスの合計です。1 つ目の `Dense` レイヤーは $784 \cdot 512 + 512 = 401{,}920$ 個、2 つ目は $512 \cdot 10 + 10 = 5{,}130$ 個です。
#
# > **エンジンを読む。** `Dense` レイヤーは `activation(inputs @ kernel + bias)` の 1 行です:
# > [`course/engine/keras/layers.py` の `Dense.call`](../course/engine/keras/layers.py)。
# > カーネルとバイアスは、最初の呼び出しのときに
# > [`course/engine/keras/layers.py` の `Dense.build`](../course/engine/keras/layers.py) で作られます。
#
# トレーニングしていないモデルでも、答えは返します。ただし良い答えではありません。10 個のクラスすべてに確信を分散させていて、どれかをはっきり選んではいません。

# %%
probabilities = model(x_test[:1]).numpy()
print(probabilities.round(2), tr(" sum:"), round(float(probabilities.sum()), 3))
print(tr("from {low:.0%} to {high:.0%}; uniform would be {uniform:.0%} each",
         low=probabilities.min(), high=probabilities.max(), uniform=1 / 10))

# %% [markdown]
# ## The loss: cross-entropy
#
# The loss compares the predicted probabilities with the true label $y$. *Cross-entropy*
# is minus the log of the probability given to the right class, averaged over the images
# of a batch:
#
# $$ L = -\log p_y . $$
#
# It is $0$ for a confident right answer and large for a confident wrong one; guessing
# $1/10$ everywhere gives $\ln 10 \approx 2.30$. Keras calls it
# `"sparse_categorical_crossentropy"`: "sparse" means the labels are class numbers ($0$
# to $9$), not one-hot vectors.
#
# ## Its gradient: $p - \text{one-hot}$
#
# Written with the logits, $-\log p_y = -z_y + \log \sum_j e^{z_j}$. The derivative of
# $\log \sum_j e^{z_j}$ with respect to $z_k$ is $e^{z_k} / \sum_j e^{z_j} = p_k$, and the
# derivative of $-z_y$ is $-1$ for $k = y$ and $0$ otherwise. Together:
#
# $$ \frac{\partial L}{\partial z_k} = p_k - [k = y], \qquad
#    \nabla_z L = p - \operatorname{onehot}(y) . $$
#
# The simplest possible error signal: every wrong class is pushed down by its probability,
# the right class is pulled up by what it is missing. Let a tape confirm it for the first
# test image, whose label is 9 (ankle boot):

# %% [markdown] ja
# ## 損失: 交差エントロピー
#
# 損失は、予測した確率を本当のラベル $y$ と比べます。*交差エントロピー*は、正解のクラスに与えた確率の対数にマイナスを付けたもので、バッチの画像にわたって平均します。
#
# $$ L = -\log p_y . $$
#
# 自信を持って正解したときは $0$ で、自信を持って間違えたときは大きくなります。どこにも $1/10$ と推測すると $\ln 10 \approx 2.30$ です。Keras はこれを `"sparse_categorical_crossentropy"` と呼びます。"sparse"（疎）とは、ラベルがワンホットのベクトルではなく、クラスの番号（$0$ から $9$）であることを意味します。
#
# ## その勾配: $p - \text{one-hot}$
#
# ロジットで書くと、$-\log p_y = -z_y + \log \sum_j e^{z_j}$ です。$\log \sum_j e^{z_j}$ の $z_k$ についての微分は $e^{z_k} / \sum_j e^{z_j} = p_k$ で、$-z_y$ の微分は $k = y$ なら $-1$、それ以外は $0$ です。合わせると次のようになります。
#
# $$ \frac{\partial L}{\partial z_k} = p_k - [k = y], \qquad
#    \nabla_z L = p - \operatorname{onehot}(y) . $$
#
# これ以上ないほど単純な誤差の信号です。間違ったクラスはどれも、その確率の分だけ押し下げられ、正解のクラスは足りない分だけ引き上げられます。ラベルが 9（アンクルブーツ）である最初のテスト画像について、テープで確かめてみましょう。

# %%
image, label = x_test[:1], y_test[:1].astype(np.int64)  # labels are uint8; the op wants int
flatten, dense_1, dropout, dense_2 = model.layers
hidden = dense_1(flatten(image))                    # h = relu(x W1 + b1)
logits = hidden @ dense_2.kernel + dense_2.bias     # z = h W2 + b2: no softmax yet
with tf.GradientTape() as tape:
    tape.watch(logits)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=label,
                                                                         logits=logits))
by_tape = tape.gradient(loss, logits).numpy()[0]
p = tf.nn.softmax(logits).numpy()[0]
by_formula = p - np.eye(10)[label[0]]
print(tr("label:"), label[0], class_names[label[0]])
print(tr("tape:    "), by_tape.round(3))
print("p - onehot", by_formula.round(3))

# %%
fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
positions = np.arange(10)
parts = [("p = softmax(z)", p), ("one-hot(label)", np.eye(10)[label[0]]),
         (tr("gradient p - one-hot"), by_formula)]
for ax, (title, values) in zip(axes, parts):
    bars = ax.bar(positions, values, color=["#D55E00" if v < 0 else "#0072B2" for v in values])
    for bar, v in zip(bars, values):
        bar.set_hatch("//" if v < 0 else "")   # negative bars hatched, not only coloured
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(positions, [str(k) for k in positions])
    ax.set_xlabel(tr("class (0-9; 9 = ankle boot)"))
    ax.set_title(title)
axes[0].set_ylabel(tr("value (probability, no unit)"))
fig.suptitle(tr("The gradient of the cross-entropy for one image, class by class"), y=1.03)
plt.show()

# %% [markdown]
# **Figure 12.2: The gradient is the prediction minus the answer.** Three bar charts over the
# ten classes 0 to 9, sharing one vertical axis from −1 to 1. Left: the untrained model's
# probabilities p, ten small positive bars between 0.07 and 0.14. Middle: the one-hot
# label, a single bar of height 1 at class 9 (ankle boot) and nothing elsewhere. Right: their
# difference, the gradient: nine small positive bars, equal to p, and one large hatched
# negative bar of −0.93 at class 9. A descent step therefore raises the logit of class 9
# and lowers all the others.
#
# > **Read the engine.** The engine's gradient of this loss is exactly this formula, two
# > lines long: [`_sparse_xent_grad` in `course/engine/ops/nn_ops.py`](../course/engine/ops/nn_ops.py).

# %% [markdown] ja
# **図 12.2: 勾配は予測から正解を引いたもの。** 0 から 9 の 10 個のクラスについての 3 つの棒グラフで、縦軸（−1 から 1）を共有しています。左: トレーニングしていないモデルの確率 p で、0.07 から 0.14 の間の小さな正の棒が 10 本あります。中央: ワンホットのラベルで、クラス 9（アンクルブーツ）に高さ 1 の棒が 1 本あるだけで、ほかには何もありません。右: その差、つまり勾配です。p に等しい小さな正の棒が 9 本と、クラス 9 に −0.93 の大きな負の棒（斜線付き）が 1 本あります。したがって降下の一歩は、クラス 9 のロジットを上げ、ほかのすべてのロジットを下げます。
#
# > **エンジンを読む。** この損失に対するエンジンの勾配は、まさにこの式で、2 行です: [`course/engine/ops/nn_ops.py` の `_sparse_xent_grad`](../course/engine/ops/nn_ops.py)。

# %% [markdown]
# ## Large scores overflow: log-sum-exp
#
# $e^{z}$ grows fast: in `float32` it overflows to infinity above $z \approx 88.7$. A
# confident network easily has a logit of 100, and then the textbook softmax divides
# infinity by infinity:

# %% [markdown] ja
# ## 大きなスコアはオーバーフローする: log-sum-exp
#
# $e^{z}$ は急速に大きくなり、`float32` では $z \approx 88.7$ を超えると無限大にオーバーフローします。確信の強いネットワークなら、ロジットが 100 になることは珍しくありません。そうなると、教科書どおりのソフトマックスは無限大を無限大で割ることになります。

# %%
z = tf.constant([[1000.0, 0.0, -1000.0]])
naive = tf.exp(z) / tf.reduce_sum(tf.exp(z), axis=1, keepdims=True)
print(tr("naive softmax:"), naive.numpy())

# %% [markdown]
# The cure is an identity: subtracting the same number $m$ from every logit changes nothing,
# because $e^{z_k - m} / \sum_j e^{z_j - m} = e^{z_k} / \sum_j e^{z_j}$. With
# $m = \max_j z_j$ the largest exponent is $e^0 = 1$ and nothing overflows. The same trick
# gives the **log-sum-exp**,
#
# $$ \log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}, $$
#
# and with it the loss straight from the logits, $-\log p_y = \log\sum_j e^{z_j} - z_y$,
# without ever forming $p$. `tf.nn.softmax` and `tf.reduce_logsumexp` do this for you:

# %% [markdown] ja
# 解決策は恒等式です。すべてのロジットから同じ数 $m$ を引いても何も変わりません。$e^{z_k - m} / \sum_j e^{z_j - m} = e^{z_k} / \sum_j e^{z_j}$ だからです。$m = \max_j z_j$ とすれば、指数の最大値は $e^0 = 1$ になり、オーバーフローは起きません。同じ工夫で **log-sum-exp** も得られます。
#
# $$ \log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}, $$
#
# これを使えば、$p$ を一度も作らずに、ロジットから直接損失 $-\log p_y = \log\sum_j e^{z_j} - z_y$ を計算できます。`tf.nn.softmax` と `tf.reduce_logsumexp` は、これを代わりに行ってくれます。

# %%
print("tf.nn.softmax:       ", tf.nn.softmax(z).numpy())
print("tf.reduce_logsumexp: ", tf.reduce_logsumexp(z, axis=1).numpy())
print(tr("loss for label 2:    "),
      tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2], logits=z).numpy())

# %% [markdown]
# This is what Keras's `from_logits=True` is for. A model whose last layer applies softmax
# hands probabilities to the loss, which must then take their log; to avoid $\log 0$ Keras
# clips them to $[10^{-7}, 1 - 10^{-7}]$, so a confidently wrong answer costs at most
# $-\ln 10^{-7} \approx 16.1$, however wrong it is, and its gradient is lost in the clipping.
# A model that outputs the logits $z$ (no softmax on the last layer) and a loss created
# with `from_logits=True` computes $\log\sum_j e^{z_j} - z_y$ directly: exact, and stable.

# %% [markdown] ja
# Keras の `from_logits=True` があるのはこのためです。最後のレイヤーでソフトマックスを適用するモデルは、確率を損失に渡し、損失はその対数を取らなければなりません。$\log 0$ を避けるために Keras は確率を $[10^{-7}, 1 - 10^{-7}]$ に切り詰めるので、自信を持って間違えた答えでも、どれほど間違っていようと損失は最大で $-\ln 10^{-7} \approx 16.1$ にしかならず、その勾配は切り詰めで失われてしまいます。ロジット $z$ を出力する（最後のレイヤーにソフトマックスを付けない）モデルと、`from_logits=True` で作った損失なら、$\log\sum_j e^{z_j} - z_y$ を直接計算します。正確で、安定しています。

# %%
wrong_logits = tf.constant([[0.0, 30.0]])   # very sure of class 1; the label is 0
label_0 = tf.constant([0])
from_probabilities = tf.keras.losses.SparseCategoricalCrossentropy()
from_logits = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
print(tr("via softmax, then log: {loss:.2f}",
         loss=float(from_probabilities(label_0, tf.nn.softmax(wrong_logits)))))
print(tr("from the logits:       {loss:.2f}", loss=float(from_logits(label_0, wrong_logits))))

# %% [markdown]
# The true loss is 30; the clipped one says 16.1. Notebook 13's own training loop uses
# logits and `from_logits=True`, the recommended form.

# %% [markdown] ja
# 本当の損失は 30 ですが、切り詰めた損失は 16.1 を示しています。ノートブック 13 で自分で書くトレーニングのループでは、推奨される形であるロジットと `from_logits=True` を使います。

# %% [markdown]
# ## Where the first weights come from
#
# Before training, every weight needs a value. Notebook 07 showed that they must not all be
# equal: equal units get equal gradients and stay copies forever. So they are drawn at
# random, but from how wide a range? If the weights are too small, each layer shrinks the
# signal and after a few layers nothing is left (and so are the gradients); too large, and
# the signals grow layer by layer until `tanh` or `sigmoid` units saturate at ±1, where
# their gradient is zero. Keras's default for `Dense` kernels, **Glorot uniform**, draws
# from $U(-\ell, \ell)$ with
#
# $$ \ell = \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}, $$
#
# where fan_in and fan_out are the numbers of inputs and outputs of the layer. It is chosen
# so that a signal keeps roughly the same spread as it passes through the layers, forward
# and backward. The biases start at zero (the random kernel already breaks the symmetry).

# %% [markdown] ja
# ## 最初の重みはどこから来るか
#
# トレーニングの前に、どの重みにも値が必要です。ノートブック 07 で見たように、すべてを同じ値にしてはいけません。同じユニットは同じ勾配を受け取り、いつまでもコピーのままになるからです。そこで重みはランダムに選びますが、どれくらいの幅から選べばよいのでしょうか? 重みが小さすぎると、各レイヤーが信号を縮め、数レイヤー後には何も残りません（勾配も同じです）。大きすぎると、信号はレイヤーごとに大きくなり、`tanh` や `sigmoid` のユニットは ±1 で飽和して、そこでは勾配が 0 になります。Keras の `Dense` のカーネルのデフォルト、**Glorot uniform** は、一様分布 $U(-\ell, \ell)$ から値を取り出します。
#
# $$ \ell = \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}, $$
#
# ここで fan_in と fan_out は、レイヤーの入力の数と出力の数です。信号がレイヤーを通り抜けるとき、順方向でも逆方向でも、広がりがおよそ変わらないように選ばれています。バイアスは 0 から始まります（ランダムなカーネルがすでに対称性を崩しているからです）。

# %%
kernel = model.layers[1].kernel.numpy()            # the first Dense layer's W1, (784, 512)
limit = np.sqrt(6 / (784 + 512))
print(tr("Glorot limit for 784 -> 512: {limit:.4f}", limit=limit))
print(tr("the kernel's values: from {low:.4f} to {high:.4f}, std {std:.4f} "
         "(uniform: limit/sqrt(3) = {uniform:.4f})", low=kernel.min(), high=kernel.max(),
         std=kernel.std(), uniform=limit / np.sqrt(3)))
print(tr("biases:"), np.unique(model.layers[1].bias.numpy()))

# %% [markdown]
# To see why the scale matters, send random inputs through ten `tanh` layers of 256 units
# each, with kernels drawn at half, exactly, and twice the Glorot scale, and measure the
# spread (standard deviation) of the signal after each layer:

# %% [markdown] ja
# スケールが重要な理由を見るために、256 ユニットの `tanh` レイヤー 10 個にランダムな入力を通してみます。カーネルは Glorot のスケールの半分、ちょうど、2 倍から取り出し、各レイヤーの後で信号の広がり（標準偏差）を測ります。

# %%
rng = np.random.default_rng(12)
signal_in = tf.constant(rng.normal(size=(500, 256)), tf.float32)
glorot = tf.keras.initializers.GlorotUniform(seed=3)
spreads = {}
for scale in (0.5, 1.0, 2.0):
    signal, spread = signal_in, []
    for _ in range(10):
        signal = tf.tanh(signal @ (scale * glorot((256, 256))))
        spread.append(float(tf.math.reduce_std(signal)))
    spreads[scale] = spread

fig, ax = plt.subplots(figsize=(6.5, 3.6))
for (scale, spread), marker, style in zip(spreads.items(), "o^s", (":", "-", "--")):
    ax.plot(range(1, 11), spread, marker=marker, linestyle=style,
            label=f"{scale:g} × Glorot", color={0.5: "#0072B2", 1.0: "#000000", 2.0: "#D55E00"}[scale])
ax.set_xlabel(tr("layer (tanh, 256 units)"))
ax.set_ylabel(tr("spread of the signal (std, no unit)"))
ax.set_ylim(0, 1)
ax.set_title(tr("Signal spread through ten layers, for three kernel scales"))
ax.legend(title=tr("kernel scale"))
plt.show()

# %% [markdown]
# **Figure 12.3: The initial scale decides whether a signal survives ten layers.** The
# standard deviation of the signal (no unit, axis from 0 to 1) after each of ten tanh
# layers, one line per kernel scale. At half the Glorot scale (dotted line, round markers)
# it halves with every layer, from 0.42 to almost 0 by layer 6: the signal dies out. At
# twice the scale (dashed, square markers) it starts at 0.80 and stays near 0.73, with most units pushed
# towards ±1, where tanh is flat and passes almost no gradient. At the Glorot scale
# (solid, triangles) it shrinks only slowly, from 0.62 to 0.22 over ten layers: the signal
# survives, with the units in tanh's responsive middle range.
#
# > **Read the engine.** [`GlorotUniform` in
# > `course/engine/keras/initializers.py`](../course/engine/keras/initializers.py) is the
# > formula above in three lines.

# %% [markdown] ja
# **図 12.3: 信号が 10 レイヤーを生き延びるかどうかは、初期値のスケールで決まる。** 10 個の tanh レイヤーそれぞれの後の信号の標準偏差（単位なし、軸は 0 から 1）で、カーネルのスケールごとに 1 本の線があります。Glorot のスケールの半分（点線、丸いマーカー）では、レイヤーごとに半分になり、0.42 からレイヤー 6 でほぼ 0 になります。信号は消えてしまいます。2 倍のスケール（破線、四角のマーカー）では 0.80 から始まって 0.73 付近にとどまりますが、ほとんどのユニットは ±1 の近くに押しやられ、そこでは tanh が平らで、勾配がほとんど通りません。Glorot のスケール（実線、三角）では、10 レイヤーで 0.62 から 0.22 へとゆっくり縮むだけです。信号は生き残り、ユニットは tanh がよく反応する中央の範囲にあります。
#
# > **エンジンを読む。** [`course/engine/keras/initializers.py` の `GlorotUniform`](../course/engine/keras/initializers.py) は、上の式を 3 行で書いたものです。

# %% [markdown]
# ## Loss, optimizer, metric: `compile`
#
# `compile` names the loss, the optimizer that turns gradients into updates, and the
# metrics to report. The optimizer `adam` is gradient descent with two additions. It keeps
# a running average of each weight's recent gradients, its *momentum*, and steps along that
# average instead of the latest gradient alone, which smooths the zig-zag of notebook 06's
# narrow valleys. And it divides each weight's step by a running average of that weight's
# squared gradients, so every weight gets a step size of its own: weights with small,
# consistent gradients move as far as those with large ones. Its default learning rate is
# 0.001. The metric `accuracy` is the share of images whose most likely class is the right
# one.
#
# > **Read the engine.** Adam's update for one weight, momentum `m`, squared-gradient
# > average `v` and all, is a dozen lines:
# > [`Adam.update_step` in `course/engine/keras/optimizers.py`](../course/engine/keras/optimizers.py).

# %% [markdown] ja
# ## 損失、オプティマイザ、メトリクス: `compile`
#
# `compile` では、損失、勾配を更新に変えるオプティマイザ、報告するメトリクスを指定します。オプティマイザ `adam` は、勾配降下法に 2 つの工夫を加えたものです。1 つ目に、各重みの最近の勾配の移動平均、つまり*モーメンタム*を保持し、最新の勾配だけでなくその平均に沿って進みます。これで、ノートブック 06 の細長い谷でのジグザグがならされます。2 つ目に、各重みの一歩を、その重みの勾配の二乗の移動平均で割るので、どの重みも自分専用の歩幅を持ちます。小さいが一貫した勾配を持つ重みも、大きな勾配を持つ重みと同じくらい進みます。デフォルトの学習率は 0.001 です。メトリクス `accuracy`（正解率）は、最も確率の高いクラスが正解である画像の割合です。
#
# > **エンジンを読む。** モーメンタム `m` や勾配の二乗の平均 `v` も含めて、Adam による重み 1 つの更新は十数行です:
# > [`course/engine/keras/optimizers.py` の `Adam.update_step`](../course/engine/keras/optimizers.py)。

# %%
model.compile(optimizer="adam",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

# %% [markdown]
# ## Training: `fit`
#
# `fit` runs the training loop of notebook 06 for us: it cuts the data into batches of 32
# images, and for each batch computes the loss, its gradients (with a GradientTape) and one
# optimizer step. One pass over all batches is an *epoch*. (Why batches of 32, and what
# else `fit` does, is notebook 13's subject.)
#
# With `verbose=2` Keras prints one line per epoch: batches done, the time it took (this
# part differs from run to run and machine to machine), and the training loss and
# accuracy averaged over the epoch.

# %% [markdown] ja
# ## トレーニング: `fit`
#
# `fit` は、ノートブック 06 のトレーニングのループを代わりに実行します。データを 32 枚ずつのバッチに分け、バッチごとに損失とその勾配（GradientTape で）を計算し、オプティマイザを 1 ステップ進めます。すべてのバッチを 1 回ずつ通すのが 1 *エポック*です。（なぜ 32 枚のバッチなのか、`fit` がほかに何をしているかは、ノートブック 13 のテーマです。）
#
# `verbose=2` を指定すると、Keras はエポックごとに 1 行を表示します。終わったバッチの数、かかった時間（この部分は実行やマシンによって変わります）、そしてエポック全体で平均したトレーニングの損失と正解率です。

# %%
history = model.fit(x_small, y_small, epochs=2, verbose=2)

# %% [markdown]
# `fit` returns a `History`; its `.history` holds the numbers of the log, per epoch:

# %% [markdown] ja
# `fit` は `History` を返します。その `.history` には、ログに出た数値がエポックごとに入っています。

# %%
for name, values in history.history.items():
    print(f"{name:>8}:", [round(v, 4) for v in values])

# %% [markdown]
# ## Testing: `evaluate`
#
# The real question is how the model does on images it has never seen. `evaluate` runs
# the 10,000 test images through it and returns the loss and the metrics.

# %% [markdown] ja
# ## テスト: `evaluate`
#
# 本当に知りたいのは、一度も見たことのない画像に対してモデルがどれだけうまくやれるかです。`evaluate` は 10,000 枚のテスト画像をモデルに通し、損失とメトリクスを返します。

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(tr("test loss {loss:.4f}   test accuracy {accuracy:.4f}", loss=test_loss,
         accuracy=test_accuracy))
print(tr("last epoch's training accuracy {accuracy:.4f}", accuracy=history.history["accuracy"][-1]))

# %% [markdown]
# Better on unseen images than on the training images? No contradiction, for two reasons.
# While training, dropout switches off a fifth of the hidden units, so the training
# numbers come from a handicapped network; `evaluate` (and `predict`) run the full network.
# And the training numbers are averages over the epoch, most of them measured with the
# weights of earlier batches, while `evaluate` uses the final weights. Compare the two on
# equal terms with `model.evaluate(x_small, y_small)`.
#
# More data and more epochs help: trained on all 60,000 images for 5 epochs, this same
# model reaches about 88% test accuracy, here as on TensorFlow (after
# `set_random_seed(0)` both start from the same weights and see the images in the same
# order; only rounding in the matrix products differs, so the last digits may). Try it with
# `model.fit(x_train, y_train, epochs=5, verbose=2)`; it takes a few minutes. Guessing at
# random would reach 10%.

# %% [markdown] ja
# 見たことのない画像のほうが、トレーニング用の画像より成績が良い? 矛盾ではなく、理由が 2 つあります。トレーニング中はドロップアウトが隠れユニットの 5 分の 1 を止めているので、トレーニングの数値はハンデを負ったネットワークのものです。`evaluate`（と `predict`）はネットワーク全体を使います。また、トレーニングの数値はエポック全体の平均で、その大部分は前のほうのバッチの時点の重みで測ったものですが、`evaluate` は最後の重みを使います。同じ条件で比べるには `model.evaluate(x_small, y_small)` を使ってください。
#
# データとエポックを増やすと良くなります。60,000 枚すべてで 5 エポックトレーニングすると、この同じモデルでテストの正解率はおよそ 88% になります。TensorFlow でも同じです（`set_random_seed(0)` の後は両者とも同じ重みから始まり、同じ順序で画像を見ます。違うのは行列の積の丸めだけなので、最後の桁は異なることがあります）。`model.fit(x_train, y_train, epochs=5, verbose=2)` で試してみてください。数分かかります。ランダムに推測すれば 10% です。

# %% [markdown]
# ## Looking at predictions
#
# `predict` returns the probabilities as a NumPy array, one row per image. The predicted
# class is the position of the largest one along each row, `np.argmax(..., axis=1)`
# (notebook 04).

# %% [markdown] ja
# ## 予測を見る
#
# `predict` は確率を NumPy 配列として、画像 1 枚につき 1 行で返します。予測したクラスは、各行で最も大きな値の位置、`np.argmax(..., axis=1)` です（ノートブック 04）。

# %%
probabilities = model.predict(x_test, verbose=0)
predicted = np.argmax(probabilities, axis=1)
print(probabilities.shape)
print(tr("predicted:"), predicted[:12])
print(tr("true:     "), y_test[:12])

# %% [markdown]
# Pictures say more. The top row shows the first six test images; the bottom row shows
# the first six the model gets wrong. Each title gives the model's guess with the
# probability it gave it, a ✓ or ✗, and the true class.

# %% [markdown] ja
# 図のほうが多くを語ります。上の行は最初の 6 枚のテスト画像、下の行はモデルが間違えた最初の 6 枚です。それぞれのタイトルは、モデルの推測とそれに与えた確率、✓ または ✗、そして本当のクラスを示しています。

# %%
mistakes = np.flatnonzero(predicted != y_test)
print(tr("{count} mistakes in {total} test images", count=len(mistakes), total=len(y_test)))

fig, axes = plt.subplots(2, 6, figsize=(11, 4.8))
for ax, i in zip(axes.flat, [*range(6), *mistakes[:6]]):
    guess, truth = predicted[i], y_test[i]
    right = guess == truth
    ax.imshow(x_test[i], cmap="gray_r")
    ax.set_title(tr("{mark} {guess} {p:.0%}\n(true: {truth})", mark="✓" if right else "✗",
                    guess=class_names[guess], p=probabilities[i, guess], truth=class_names[truth]),
                 fontsize=8,
                 color="#0072B2" if right else "#D55E00",
                 fontweight="normal" if right else "bold")
    ax.axis("off")
fig.suptitle(tr("Top: the first six test images. Bottom: the first six mistakes."))
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 12.4: Predictions on test images.** Twelve test images in two rows of six, each
# titled with a tick (✓, right) or a cross (✗, wrong), the predicted class with its
# probability, and the true class in brackets; wrong titles are also bold. Top row, the
# first six test images, all right: ankle boot 85%, pullover 99%, trouser 100%, trouser
# 100%, shirt 59%, trouser 99%. Bottom row, the first six mistakes: a coat taken for a
# pullover (63%), a sneaker for a sandal (77%), a coat for a pullover (57%), a sandal for a
# sneaker (54%), an ankle boot for a sandal (80%) and a coat for a pullover (73%).
#
# Most mistakes are between classes that look alike: shirts, T-shirts, pullovers and
# coats, or sandals, sneakers and ankle boots.

# %% [markdown] ja
# **図 12.4: テスト画像に対する予測。** 12 枚のテスト画像が 6 枚ずつ 2 行に並び、それぞれのタイトルには ✓（正解）か ✗（不正解）、予測したクラスとその確率、かっこ内に本当のクラスが書かれています。不正解のタイトルは太字にもなっています。上の行は最初の 6 枚のテスト画像で、すべて正解です。アンクルブーツ 85%、プルオーバー 99%、ズボン 100%、ズボン 100%、シャツ 59%、ズボン 99%。下の行は最初の 6 つの間違いです。コートをプルオーバーと（63%）、スニーカーをサンダルと（77%）、コートをプルオーバーと（57%）、サンダルをスニーカーと（54%）、アンクルブーツをサンダルと（80%）、コートをプルオーバーと（73%）間違えています。
#
# ほとんどの間違いは、よく似たクラスどうしの間で起きています。シャツ、Tシャツ、プルオーバー、コートの間や、サンダル、スニーカー、アンクルブーツの間です。

# %% [markdown]
# ## Exercises
#
# **first-neural-network.1** How many parameters (weights and biases) does `Dense(128)`
# have when its input is a flattened $28 \times 28$ image?

# %% [markdown] ja
# ## 練習問題
#
# **first-neural-network.1** 入力が平らにした $28 \times 28$ の画像のとき、`Dense(128)` のパラメータ（重みとバイアス）はいくつあるでしょうか?

# %%
answer = ...
check("first-neural-network.1", answer)

# %% [markdown]
# **first-neural-network.2** Write `cross_entropy(logits, labels)`: the mean over the batch
# of $-\log \operatorname{softmax}(z)_y$, for `float32` logits of shape `(batch, classes)`
# and integer labels of shape `(batch,)`. It must survive logits like `[1000, 0, -1000]`:
# use log-sum-exp (`tf.reduce_logsumexp`), and `tf.one_hot` to pick each row's $z_y$.

# %% [markdown] ja
# **first-neural-network.2** `cross_entropy(logits, labels)` を書いてください。形状 `(batch, classes)` の `float32` のロジットと、形状 `(batch,)` の整数のラベルに対して、$-\log \operatorname{softmax}(z)_y$ のバッチにわたる平均を返します。`[1000, 0, -1000]` のようなロジットでも壊れないようにしてください。log-sum-exp（`tf.reduce_logsumexp`）を使い、各行の $z_y$ は `tf.one_hot` で取り出します。

# %%
def cross_entropy(logits, labels):
    return ...  # your code here


check("first-neural-network.2", cross_entropy)

# %% [markdown]
# **first-neural-network.3** Write `logits_gradient(logits, labels)`: the gradient of each
# row's cross-entropy with respect to its logits, shape `(batch, classes)`, from the formula
# above (no tape).

# %% [markdown] ja
# **first-neural-network.3** `logits_gradient(logits, labels)` を書いてください。上の式から（テープを使わずに）、各行の交差エントロピーのロジットについての勾配を、形状 `(batch, classes)` で返します。

# %%
def logits_gradient(logits, labels):
    return ...  # your code here


check("first-neural-network.3", logits_gradient)

# %% [markdown]
# **first-neural-network.4** A `Dense(128)` layer on flattened $28 \times 28$ images draws
# its kernel from $U(-\ell, \ell)$ with Keras's default initializer. What is $\ell$?

# %% [markdown] ja
# **first-neural-network.4** 平らにした $28 \times 28$ の画像を受け取る `Dense(128)` レイヤーは、Keras のデフォルトの初期化でカーネルを $U(-\ell, \ell)$ から取り出します。$\ell$ はいくつでしょうか?

# %%
answer = ...
check("first-neural-network.4", answer)
