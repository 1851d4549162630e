# %% [markdown]
# # Standardization
#
# Gradient descent is fast when the loss surface is a round bowl and slow when it is a
# long, narrow valley. The shape of the valley depends on the *scale* of the inputs, and a
# one-line transformation, standardization, makes it round.
#
# **What you will learn**
# - mean, variance and standard deviation, and the z-score $z = (x - \bar x)/\sigma$
# - why inputs far from zero make gradient descent slow
# - the same regression with and without standardized inputs, and how many steps each needs
# - the condition number, and how the number of steps grows with it
# - how to turn a line fitted on standardized inputs back into the original units

# %% [markdown] ja
# # 標準化
#
# 勾配降下法は、損失曲面が丸いお椀のときは速く、細長い谷のときは遅くなります。谷の形は入力の*スケール*で決まり、標準化という 1 行の変換でお椀を丸くできます。
#
# **このノートブックで学ぶこと**
# - 平均、分散、標準偏差と、z スコア $z = (x - \bar x)/\sigma$
# - 0 から遠い入力が勾配降下法を遅くする理由
# - 同じ回帰を、入力を標準化した場合としない場合で行い、必要なステップ数を比べる
# - 条件数と、それに応じてステップ数が増えるしくみ
# - 標準化した入力で当てはめた直線を、元の単位に戻す方法

# %%
# %config InlineBackend.figure_formats = ['png']
import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## Mean, variance, standard deviation
#
# For values $x_1, \dots, x_n$:
#
# $$
# \bar x = \frac1n \sum_i x_i, \qquad
# \sigma^2 = \frac1n \sum_i (x_i - \bar x)^2, \qquad
# \sigma = \sqrt{\sigma^2} .
# $$
#
# The mean is the centre, the standard deviation $\sigma$ the typical distance from it (in
# the same units as $x$). TensorFlow divides by $n$, as here; some statistics texts divide by
# $n - 1$ for a sample, which differs little for large $n$.

# %% [markdown] ja
# ## 平均、分散、標準偏差
#
# 値 $x_1, \dots, x_n$ に対して、次のように定めます。
#
# $$
# \bar x = \frac1n \sum_i x_i, \qquad
# \sigma^2 = \frac1n \sum_i (x_i - \bar x)^2, \qquad
# \sigma = \sqrt{\sigma^2} .
# $$
#
# 平均は中心で、標準偏差 $\sigma$ はそこからの典型的な距離です（単位は $x$ と同じです）。ここと同じく、TensorFlow は $n$ で割ります。統計の教科書には、標本について $n - 1$ で割るものもありますが、$n$ が大きければ差はわずかです。

# %%
x_small = tf.constant([2.0, 4.0, 6.0, 8.0])
print(tr("mean    "), float(tf.reduce_mean(x_small)))
print(tr("variance"), float(tf.math.reduce_variance(x_small)))
print(tr("std     "), round(float(tf.math.reduce_std(x_small)), 4))
print(tr("by hand "), round(float(tf.sqrt(tf.reduce_mean((x_small - tf.reduce_mean(x_small)) ** 2))), 4))

# %% [markdown]
# > **Read the engine.** `tf.math.reduce_std` is the square root of `reduce_variance`, which
# > is the mean of the squared distances from the mean, as in the formula:
# > [`reduce_variance` in `course/engine/ops/reduce_ops.py`](../course/engine/ops/reduce_ops.py).

# %% [markdown] ja
# > **エンジンを読む。** `tf.math.reduce_std` は `reduce_variance` の平方根で、`reduce_variance` は式のとおり、平均からの距離の二乗の平均です:
# > [`course/engine/ops/reduce_ops.py` の `reduce_variance`](../course/engine/ops/reduce_ops.py)。

# %% [markdown]
# ## Standardizing
#
# The *z-score* of a value says how many standard deviations it lies from the mean:
#
# $$ z_i = \frac{x_i - \bar x}{\sigma} . $$
#
# After standardizing, the values have mean 0 and standard deviation 1, whatever their
# original units (metres, euros, degrees).

# %% [markdown] ja
# ## 標準化する
#
# 値の *z スコア*は、その値が平均から標準偏差いくつ分離れているかを表します。
#
# $$ z_i = \frac{x_i - \bar x}{\sigma} . $$
#
# 標準化すると、元の単位（メートル、ユーロ、度）にかかわらず、値の平均は 0、標準偏差は 1 になります。

# %% [markdown]
# Our example: thirty taxi rides, their distance in km and their fare in euros. (Simulated:
# 20 € to start plus 3 € per km, and some noise for traffic.)

# %% [markdown] ja
# 例として、30 回のタクシーの乗車を使います。距離（km）と運賃（ユーロ）です。（シミュレーションです。初乗り 20 € に 1 km あたり 3 €、それに渋滞によるノイズを加えています。）

# %%
rng = np.random.default_rng(0)
x_np = rng.uniform(0, 10, size=30).astype(np.float32)                     # distance, km
y_np = (3 * x_np + 20 + rng.normal(0, 2, size=30)).astype(np.float32)     # fare, €
x, y = tf.constant(x_np), tf.constant(y_np)

mean, std = tf.reduce_mean(x), tf.math.reduce_std(x)
z = (x - mean) / std
print(tr("{name}: mean {mean:.3f}, std {std:.3f}", name="x", mean=float(mean), std=float(std)))
# round, then add 0.0, so that a tiny negative rounding error prints as 0.000, not -0.000
print(tr("{name}: mean {mean:.3f}, std {std:.3f}", name="z",
         mean=round(float(tf.reduce_mean(z)), 3) + 0.0, std=float(tf.math.reduce_std(z))))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), sharey=True)
left.scatter(x_np, y_np, s=18, marker="o", color="#0072B2")
left.set_xlabel(tr("distance x (km)"))
left.set_ylabel(tr("fare y (€)"))
left.set_title(tr("Original input"))
right.scatter(z.numpy(), y_np, s=22, marker="^", color="#D55E00")
right.set_xlabel(tr("standardized distance z (standard deviations, no unit)"))
right.set_title(tr("Standardized input"))
for ax in (left, right):
    ax.axvline(0, color="gray", linewidth=0.8, linestyle=":")
fig.suptitle(tr("The same thirty rides, before and after standardizing the input"), y=1.02)
plt.show()

# %% [markdown]
# **Figure 8.1: Standardizing moves and rescales the input axis only.** Two scatter plots
# of the same thirty taxi rides with the same vertical axis, fare from about 20 to 50 €.
# Left (round markers): against the distance in km, spread from 0 to 10 km, all to the
# right of the dotted line at 0. Right (triangles): against the standardized distance, spread
# from about −1.7 to 1.5 standard deviations and centred on the dotted line at 0. Both
# clouds rise along a straight line with the same shape.

# %% [markdown] ja
# **図 8.1: 標準化で変わるのは入力の軸の位置と縮尺だけ。** 同じ 30 回の乗車を、同じ縦軸（運賃、およそ 20 € から 50 €）で描いた 2 つの散布図です。左（丸いマーカー）は距離（km）に対して描いたもので、0 km から 10 km に広がり、すべて 0 の点線より右にあります。右（三角）は標準化した距離に対して描いたもので、およそ −1.7 から 1.5 標準偏差に広がり、0 の点線を中心にしています。どちらの点の雲も、同じ形で一直線に上がっています。

# %% [markdown]
# Same points, shifted and squeezed along the horizontal axis: the relation between input
# and output is untouched, it is still a straight line.

# %% [markdown] ja
# 同じ点を、横軸に沿ってずらし、縮めただけです。入力と出力の関係は変わらず、やはり直線のままです。

# %% [markdown]
# ## Why scale matters to gradient descent
#
# Fit the line $a x + b$ with the loss of notebook 06, the mean squared error
# $L = \frac1n \sum_i (y_i - a x_i - b)^2$. The curvature of the loss surface is its
# Hessian (notebook 06),
#
# $$ H = \frac2n \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & n \end{pmatrix} . $$
#
# Its largest eigenvalue $\lambda_{\max}$ limits the learning rate ($\eta < 2/\lambda_{\max}$);
# its smallest, $\lambda_{\min}$, is the curvature along the flattest direction, which is
# crossed slowest. Their ratio $\kappa = \lambda_{\max}/\lambda_{\min}$ is the
# **condition number**. For standardized inputs $\sum_i z_i = 0$ and $\sum_i z_i^2 = n$, so
# $H = 2I$: a round bowl, condition number 1.

# %% [markdown] ja
# ## スケールが勾配降下法に効く理由
#
# ノートブック 06 の損失、平均二乗誤差 $L = \frac1n \sum_i (y_i - a x_i - b)^2$ で直線 $a x + b$ を当てはめます。損失曲面の曲がり具合は、そのヘッセ行列（ノートブック 06）で表されます。
#
# $$ H = \frac2n \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & n \end{pmatrix} . $$
#
# 最大固有値 $\lambda_{\max}$ は学習率の上限を決めます（$\eta < 2/\lambda_{\max}$）。最小固有値 $\lambda_{\min}$ は最も平らな方向の曲がり具合で、その方向が最もゆっくりとしか進めません。その比 $\kappa = \lambda_{\max}/\lambda_{\min}$ が**条件数**です。標準化した入力では $\sum_i z_i = 0$、$\sum_i z_i^2 = n$ なので $H = 2I$、つまり丸いお椀で、条件数は 1 です。

# %%
def curvature(inputs):
    """The eigenvalues of the MSE's Hessian for a line fitted to these inputs."""
    n = len(inputs)
    h = 2 / n * np.array([[np.sum(inputs ** 2), np.sum(inputs)], [np.sum(inputs), n]])
    return np.linalg.eigvalsh(h)  # smallest first


for name, inputs in (("x", x_np), ("z", z.numpy())):
    low, high = curvature(inputs)
    print(tr("{name}: eigenvalues {low:8.2f} {high:8.2f}   condition number {kappa:6.1f}",
             name=name, low=low, high=high, kappa=high / low))

# %% [markdown]
# ## The same regression, twice
#
# We run gradient descent on both versions, each with the learning rate $\eta = 1/\lambda_{\max}$
# (half the limit, a safe choice), and count the steps until the loss is within 0.1% of its
# minimum.

# %% [markdown] ja
# ## 同じ回帰を 2 回
#
# 両方のバージョンで勾配降下法を実行します。学習率はどちらも $\eta = 1/\lambda_{\max}$（限界の半分、安全な選択）とし、損失が最小値の 0.1% 以内に入るまでのステップ数を数えます。

# %%
best = np.polyfit(x_np, y_np, 1)
minimum = np.mean((y_np - np.polyval(best, x_np)) ** 2)


def fit(inputs, rate, max_steps=2000):
    """Gradient descent on the MSE from (0, 0) until L is within 0.1% of the minimum.

    Returns the losses (the last one is the first that is close enough) and (a, b).
    """
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    losses = []
    for _ in range(max_steps):
        with tf.GradientTape() as tape:
            current = tf.reduce_mean((y - (a * inputs + b)) ** 2)
        losses.append(float(current))
        if losses[-1] - minimum < 1e-3 * minimum:
            break
        grad_a, grad_b = tape.gradient(current, [a, b])
        a.assign_sub(rate * grad_a)
        b.assign_sub(rate * grad_b)
    return np.array(losses), (float(a), float(b))


losses_x, line_x = fit(x, float(1 / curvature(x_np)[1]))
losses_z, line_z = fit(z, float(1 / curvature(z.numpy())[1]))
steps_x, steps_z = len(losses_x) - 1, len(losses_z) - 1
print(tr("raw x:        steps to converge {steps:4d}, a   = {a:.3f}, b   = {b:.3f}",
         steps=steps_x, a=line_x[0], b=line_x[1]))
print(tr("standardized: steps to converge {steps:4d}, a_z = {a:.3f}, b_z = {b:.3f}",
         steps=steps_z, a=line_z[0], b=line_z[1]))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [2, 1]})
floor = 1e-4  # a gap of (almost) zero is drawn at this floor: a log axis has no zero
left.plot(np.arange(1, steps_x + 2), np.maximum(losses_x - minimum, floor), color="#0072B2",
          linestyle="-", label=tr("raw x ({steps} steps)", steps=steps_x))
left.plot(np.arange(1, steps_z + 2), np.maximum(losses_z - minimum, floor), color="#D55E00",
          linestyle="--", marker="s", markersize=8,
          label=tr("standardized z ({steps} step)", steps=steps_z))
left.axhline(1e-3 * minimum, color="gray", linestyle=":", label=tr("0.1% of the minimum"))
left.set_xscale("log")
left.set_yscale("log")
left.set_ylim(floor / 2, None)
left.set_xlabel(tr("step + 1 (log scale)"))
left.set_ylabel(tr("L − minimum (€², log scale)"))
left.set_title(tr("Distance to the minimum"))
left.legend(fontsize=8)
bars = right.bar([tr("raw x"), tr("standardized z")], [steps_x, steps_z],
                 color=["#0072B2", "#D55E00"])
for bar, hatch in zip(bars, ["//", ".."]):
    bar.set_hatch(hatch)
right.set_yscale("log")
right.set_ylabel(tr("steps to converge (log scale)"))
right.set_title(tr("Steps needed"))
for i, count in enumerate([steps_x, steps_z]):
    right.text(i, count, str(count), ha="center", va="bottom")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 8.2: Standardized inputs converge in one step, raw inputs in hundreds.** Left:
# the loss minus its minimum (€², log scale) against the step number plus one (log scale,
# so that the first steps are visible). Both runs start about 1,400 €² above the minimum.
# The standardized run (dashed, square markers) has just two points: after a single step it
# is at the minimum (drawn at the bottom edge, since a log axis has no zero). The raw run
# (solid line) falls to about 100 €² in its first step, then stays almost level for about
# a hundred steps while it creeps along the valley, and only then drops, crossing the
# dotted 0.1% line at the last step. Right: bars of the step counts on a log scale,
# labelled with the counts printed above (hatched with slashes for raw x, with dots for
# standardized z).
#
# With standardized inputs the bowl is round, so the gradient points straight at the
# minimum and a step of $1/\lambda_{\max}$ lands on it. With inputs between 0 and 10 the
# valley is long and thin: the safe rate is set by the steep direction, and the flat
# direction (mostly $b$) is crossed at a crawl.
#
# How many steps exactly? With $\eta = 1/\lambda_{\max}$, each step shrinks the error along
# the flattest direction by the factor $1 - 1/\kappa$, and the loss (a square) by
# $(1 - 1/\kappa)^2$. To shrink the loss gap by a factor $R$ takes about
#
# $$ \text{steps} \approx \frac{\kappa}{2} \ln R , $$
#
# so the number of steps grows **in proportion to the condition number, times the logarithm
# of the accuracy you want**. Not κ itself: asking for ten times more accuracy costs a fixed
# number of extra steps, while doubling κ doubles them all.

# %% [markdown] ja
# **図 8.2: 標準化した入力は 1 ステップで、そのままの入力は数百ステップで収束する。** 左: 損失と最小値の差（€²、対数軸）を、ステップ数に 1 を足した値（最初のステップが見えるように対数軸）に対して描いたもの。どちらの実行も、最小値よりおよそ 1,400 €² 上から始まります。標準化した実行（破線、四角のマーカー）の点は 2 つだけで、1 ステップで最小値に達します（対数軸には 0 がないので、下端に描いています）。そのままの実行（実線）は最初のステップでおよそ 100 €² まで下がり、その後およそ 100 ステップの間、谷に沿ってゆっくり進みながらほとんど横ばいになり、それから下がって、最後のステップで 0.1% の点線を越えます。右: ステップ数の棒グラフ（対数軸）で、上に表示した数がラベルとして付いています（そのままの x は斜線、標準化した z は点の網掛け）。
#
# 標準化した入力ではお椀が丸いので、勾配はまっすぐ最小値を指し、$1/\lambda_{\max}$ の一歩でそこに着きます。0 から 10 までの入力では谷が細長く、安全な学習率は急な方向で決まってしまい、平らな方向（主に $b$）はのろのろとしか進めません。
#
# 正確には何ステップかかるでしょうか? $\eta = 1/\lambda_{\max}$ では、各ステップで最も平らな方向の誤差は $1 - 1/\kappa$ 倍に、損失（二乗）は $(1 - 1/\kappa)^2$ 倍になります。損失の差を $R$ 分の 1 に縮めるには、およそ次のステップ数がかかります。
#
# $$ \text{ステップ数} \approx \frac{\kappa}{2} \ln R , $$
#
# つまりステップ数は、**条件数に比例し、求める精度の対数に比例して**増えます。κ そのものではありません。精度を 10 倍にしても増えるステップ数は一定ですが、κ が 2 倍になるとすべてが 2 倍になります。

# %%
low, high = curvature(x_np)
kappa = high / low
gap_ratio = (losses_x[0] - minimum) / (1e-3 * minimum)
print(tr("condition number κ = {kappa:.1f}, loss gap to shrink by R = {ratio:,.0f}",
         kappa=kappa, ratio=gap_ratio))
print(tr("estimate (κ/2)·ln R = {estimate:.0f} steps; measured: {measured}",
         estimate=kappa / 2 * np.log(gap_ratio), measured=steps_x))

# %% [markdown]
# The estimate is an upper bound: most of the gap lies along the steep direction and is gone
# after the first few steps. Inputs in the hundreds or thousands would make κ, and the step
# count, thousands of times larger, which is why neural networks are almost always fed
# standardized (or similarly scaled) inputs.

# %% [markdown] ja
# この見積もりは上限です。差の大部分は急な方向にあり、最初の数ステップで消えてしまうからです。入力が数百や数千の大きさなら、κ もステップ数も何千倍にもなります。だからニューラルネットワークには、ほとんどの場合、標準化した（あるいは同じようにスケールをそろえた）入力を与えるのです。

# %% [markdown]
# ## Back to the original units
#
# The line fitted on $z$ is $y = a_z z + b_z$. Substituting $z = (x - \bar x)/\sigma$ gives a
# line in $x$ again:
#
# $$ y = \frac{a_z}{\sigma} x + \Bigl(b_z - \frac{a_z \bar x}{\sigma}\Bigr) . $$

# %% [markdown] ja
# ## 元の単位に戻す
#
# $z$ で当てはめた直線は $y = a_z z + b_z$ です。$z = (x - \bar x)/\sigma$ を代入すると、再び $x$ の直線になります。
#
# $$ y = \frac{a_z}{\sigma} x + \Bigl(b_z - \frac{a_z \bar x}{\sigma}\Bigr) . $$

# %%
a_z, b_z = line_z
print(tr("from z:        a = {a:.3f}, b = {b:.3f}",
         a=a_z / float(std), b=b_z - a_z * float(mean) / float(std)))
print(tr("least squares: a = {a:.3f}, b = {b:.3f}", a=best[0], b=best[1]))

# %% [markdown]
# Remember to standardize new inputs with the *same* $\bar x$ and $\sigma$ that were used
# for training, not with statistics of the new data.

# %% [markdown] ja
# 新しい入力を標準化するときは、新しいデータの統計量ではなく、トレーニングに使ったのと*同じ* $\bar x$ と $\sigma$ を使うことを忘れないでください。

# %% [markdown]
# ## Exercises
#
# **standardization.1** Compute the mean and the standard deviation (dividing by $n$) of
# `[2, 4, 4, 4, 5, 5, 7, 9]`. Answer with the pair `(mean, std)`.

# %% [markdown] ja
# ## 練習問題
#
# **standardization.1** `[2, 4, 4, 4, 5, 5, 7, 9]` の平均と標準偏差（$n$ で割る）を計算してください。組 `(mean, std)` で答えます。

# %%
answer = ...
check("standardization.1", answer)

# %% [markdown]
# **standardization.2** Write `standardize(x)` for a 1-D `float32` tensor.

# %% [markdown] ja
# **standardization.2** 1 次元の `float32` テンソルに対する `standardize(x)` を書いてください。

# %%
def standardize(x):
    return ...  # your code here


check("standardization.2", standardize)

# %% [markdown]
# **standardization.3** Write `to_original(a_z, b_z, mean, std)` that turns a line fitted on standardized
# inputs into `(a, b)` for the original inputs.

# %% [markdown] ja
# **standardization.3** 標準化した入力で当てはめた直線を、元の入力に対する `(a, b)` に変換する `to_original(a_z, b_z, mean, std)` を書いてください。

# %%
def to_original(a_z, b_z, mean, std):
    return ...  # your code here


check("standardization.3", to_original)
