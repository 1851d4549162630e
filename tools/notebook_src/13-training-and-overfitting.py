# %% [markdown]
# # Training and overfitting: what `fit` does
#
# Notebook 12 trained a network with one call to `fit`. This notebook opens that call:
# what a training step and an epoch are, why the data goes in mini-batches, how to write
# the same loop yourself, and how to tell whether a model is learning something that
# carries over to new data, or merely memorizing its training set.
#
# **What you will learn**
# - steps, batches and epochs; mini-batch versus full-batch gradient descent
# - the training loop of `fit`, written by hand: a subclassed `tf.keras.Model` and a
#   `tf.function` training step
# - training, validation and test sets, and why there are three
# - overfitting, and how to read training and validation loss curves
# - early stopping with `tf.keras.callbacks.EarlyStopping`, and loss curves in TensorBoard

# %% [markdown] ja
# # トレーニングと過学習: `fit` が行っていること
#
# ノートブック 12 では、`fit` を 1 回呼び出してネットワークをトレーニングしました。このノートブックでは、その呼び出しの中身を開きます。トレーニングのステップとエポックとは何か、データをミニバッチで与える理由、同じループを自分で書く方法、そしてモデルが新しいデータにも通用することを学んでいるのか、トレーニングセットを丸暗記しているだけなのかを見分ける方法です。
#
# **このノートブックで学ぶこと**
# - ステップ、バッチ、エポック。ミニバッチとフルバッチの勾配降下法
# - `fit` のトレーニングのループを手で書く: `tf.keras.Model` のサブクラスと、`tf.function` にしたトレーニングのステップ
# - トレーニング、検証、テストのデータセットと、3 つある理由
# - 過学習と、トレーニングと検証の損失曲線の読み方
# - `tf.keras.callbacks.EarlyStopping` による早期停止と、TensorBoard で見る損失曲線

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

import numpy as np
import matplotlib.pyplot as plt
import course.engine as tf
from course.exercises import check
from course.exercises.checks_networks import EXERCISE_HISTORY
from course.i18n import tr

tf.keras.utils.set_random_seed(13)  # initial weights, dropout masks, shuffling

# The project's logs/ folder (next to notebooks/) is the one TensorBoard watches.
LOG_DIR = Path("../logs/fit/13-early-stopping")
shutil.rmtree(LOG_DIR, ignore_errors=True)  # a clean run every time

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train, x_test = (x_train / 255.0).astype(np.float32), (x_test / 255.0).astype(np.float32)
x_small, y_small = x_train[:10_000], y_train[:10_000]
print(tr("training images: {train}  test images: {test}", train=x_small.shape, test=x_test.shape))

# %% [markdown]
# ## Steps, batches and epochs
#
# Gradient descent in notebook 06 computed the loss over *all* points for every step. With
# 10,000 images, that is 10,000 forward and backward passes for one small step. `fit`
# instead cuts the shuffled data into **mini-batches**, 32 images by default, and takes a
# step after each one, using the gradient of that batch's mean loss:
#
# - a **step** is one batch: forward pass, loss, gradients, one optimizer update;
# - an **epoch** is one pass over all the training data: $\lceil n / \text{batch size} \rceil$
#   steps (the last batch is smaller when $n$ is not a multiple of the batch size);
# - between epochs the data is shuffled again, so the batches differ every time.
#
# The gradient of a batch is a noisy estimate of the full gradient, but it costs a tiny
# fraction of it. In the time one full-batch step takes, mini-batches take hundreds of
# small, slightly wobbly steps, and that wins. Let us measure it: the same simple model
# (a single `Dense(10)` layer with softmax), the same optimizer (plain `SGD`, learning rate
# 0.1), five epochs each, with three batch sizes. After each epoch we measure the loss on
# all 10,000 training images.

# %% [markdown] ja
# ## ステップ、バッチ、エポック
#
# ノートブック 06 の勾配降下法では、ステップのたびに*すべての*点について損失を計算しました。画像が 10,000 枚あると、小さな一歩のために 10,000 回の順伝播と逆伝播が必要になります。`fit` はそうせずに、シャッフルしたデータを**ミニバッチ**（デフォルトは 32 枚）に分け、バッチごとに、そのバッチの平均損失の勾配を使って一歩進みます。
#
# - **ステップ**は 1 つのバッチです。順伝播、損失、勾配、そしてオプティマイザによる更新 1 回です。
# - **エポック**はトレーニングデータ全体を 1 回通すことで、$\lceil n / \text{batch size} \rceil$ ステップです（$n$ がバッチサイズの倍数でなければ、最後のバッチは小さくなります）。
# - エポックの間でデータはシャッフルし直されるので、バッチは毎回違います。
#
# バッチの勾配は全体の勾配をノイズ混じりに見積もったものですが、計算にかかるのはそのごく一部です。フルバッチで 1 歩進む時間に、ミニバッチなら少しふらつく小さな歩みを何百歩も進められ、そのほうが有利です。測ってみましょう。同じ単純なモデル（ソフトマックス付きの `Dense(10)` レイヤー 1 つ）、同じオプティマイザ（普通の `SGD`、学習率 0.1）で、3 つのバッチサイズについてそれぞれ 5 エポックずつトレーニングします。各エポックの後で、10,000 枚のトレーニング画像全体での損失を測ります。

# %%
def loss_per_epoch(batch_size, epochs=5):
    tf.keras.utils.set_random_seed(1)
    model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1),
                  loss="sparse_categorical_crossentropy")
    losses = [model.evaluate(x_small, y_small, verbose=0)]
    for _ in range(epochs):
        model.fit(x_small, y_small, batch_size=batch_size, epochs=1, verbose=0)
        losses.append(model.evaluate(x_small, y_small, verbose=0))
    return losses


curves = {size: loss_per_epoch(size) for size in (10_000, 1_000, 32)}
for size, losses in curves.items():
    steps = -(-10_000 // size)  # ceil(10,000 / size)
    print(tr("batch {size:6,}: {steps:3} steps per epoch, loss after 5 epochs {loss:.3f}",
             size=size, steps=steps, loss=losses[-1]))

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.8))
styles = {10_000: ("o", ":", "#0072B2"), 1_000: ("^", "--", "#009E73"), 32: ("s", "-", "#D55E00")}
for size, losses in curves.items():
    marker, line, colour = styles[size]
    label = tr("full batch (10,000)") if size == 10_000 else tr("batch {size:,}", size=size)
    ax.plot(range(len(losses)), losses, marker=marker, linestyle=line, color=colour, label=label)
ax.set_xlabel(tr("epoch (passes over the 10,000 training images)"))
ax.set_ylabel(tr("training loss (cross-entropy, nats)"))
ax.set_title(tr("Same model, same learning rate, three batch sizes"))
ax.legend()
plt.show()

# %% [markdown]
# **Figure 13.1: Smaller batches learn more per epoch.** The cross-entropy on all 10,000
# training images (in nats, the unit of a natural-log loss) against the epoch, 0 to 5, one
# line per batch size. All start at about 2.4. Full-batch descent (dotted line, round
# markers; one step per epoch) creeps down to 1.59. Batches of 1,000 (dashed, triangles;
# 10 steps per epoch) reach 0.84. Batches of 32 (solid, squares; 313 steps per epoch) drop
# to about 0.6 in the first epoch and go on down, more slowly, to 0.45 after the fifth.
#
# So why not a batch of 1? Every step has a fixed cost, and a batch of 32 is computed almost
# as fast as a batch of 1 (the matrix products use the whole row of inputs at once), while
# its gradient is far less noisy. Batch sizes from 32 to a few hundred are the usual choice;
# 32 is Keras's default.

# %% [markdown] ja
# **図 13.1: バッチが小さいほど、1 エポックで多くを学ぶ。** 10,000 枚のトレーニング画像全体での交差エントロピー（単位は nat、自然対数による損失の単位）を、エポック 0 から 5 に対して描いたもので、バッチサイズごとに 1 本の線があります。どれもおよそ 2.4 から始まります。フルバッチの降下（点線、丸いマーカー。1 エポックに 1 ステップ）は 1.59 までゆっくり下がります。1,000 枚のバッチ（破線、三角。1 エポックに 10 ステップ）は 0.84 に達します。32 枚のバッチ（実線、四角。1 エポックに 313 ステップ）は最初のエポックでおよそ 0.6 まで下がり、その後はゆっくりと下がり続けて、5 エポック目の後に 0.45 になります。
#
# では、なぜバッチを 1 枚にしないのでしょうか? どのステップにも一定のコストがかかりますし、32 枚のバッチは 1 枚のバッチとほとんど同じ速さで計算できます（行列積は入力の行全体を一度に使うからです）。しかもその勾配は、ずっとノイズが少ないのです。32 から数百のバッチサイズがよく使われます。Keras のデフォルトは 32 です。

# %% [markdown]
# ## The loop inside `fit`, written by hand
#
# TensorFlow 2's "expert" style writes that loop yourself: you see every step, and can
# change any of them. Three pieces:
#
# - the model as a **subclass** of `tf.keras.Model`: layers made in `__init__`, used in
#   `call` (the `training` flag switches dropout on and off);
# - a **training step** under `tf.function`: forward pass on a GradientTape, loss,
#   gradients, one optimizer step, and the metrics updated. Traced once, it then runs as a
#   graph (notebook 09);
# - **metrics** that keep running averages: `reset_state()` at the start of each epoch,
#   `result()` at the end.
#
# The model outputs logits, and the loss applies the softmax itself with
# `from_logits=True`: the stable form of notebook 12.

# %% [markdown] ja
# ## `fit` の中のループを手で書く
#
# TensorFlow 2 の「エキスパート」スタイルでは、このループを自分で書きます。すべてのステップが見え、どれでも変更できます。部品は 3 つです。
#
# - `tf.keras.Model` の**サブクラス**としてのモデル。レイヤーは `__init__` で作り、`call` で使います（`training` フラグでドロップアウトのオンとオフを切り替えます）。
# - `tf.function` にした**トレーニングのステップ**。GradientTape の上での順伝播、損失、勾配、オプティマイザの 1 ステップ、そしてメトリクスの更新です。一度トレースされると、その後はグラフとして実行されます（ノートブック 09）。
# - 移動平均を保持する**メトリクス**。各エポックの始めに `reset_state()`、終わりに `result()` を呼びます。
#
# モデルはロジットを出力し、損失が `from_logits=True` で自分でソフトマックスを適用します。ノートブック 12 で見た、安定した形です。

# %%
class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.hidden = tf.keras.layers.Dense(512, activation="relu")
        self.dropout = tf.keras.layers.Dropout(0.2)
        self.scores = tf.keras.layers.Dense(10)  # no softmax: the loss takes the logits

    def call(self, images, training=False):
        x = self.hidden(self.flatten(images))
        return self.scores(self.dropout(x, training=training))


classifier = Classifier()
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
train_loss = tf.keras.metrics.Mean(name="train_loss")
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        scores = classifier(images, training=True)
        loss = loss_fn(labels, scores)
    gradients = tape.gradient(loss, classifier.trainable_variables)
    optimizer.apply_gradients(zip(gradients, classifier.trainable_variables))
    train_loss(loss)                  # calling a metric updates it
    train_accuracy(labels, scores)

# %% [markdown]
# The loop: shuffle, cut into batches of 32, one `train_step` per batch.

# %% [markdown] ja
# ループの中身は、シャッフルし、32 枚のバッチに分け、バッチごとに `train_step` を 1 回呼ぶことです。

# %%
rng = np.random.default_rng(0)
for epoch in range(2):
    train_loss.reset_state()
    train_accuracy.reset_state()
    order = rng.permutation(len(x_small))
    for start in range(0, len(x_small), 32):
        batch = order[start:start + 32]
        train_step(x_small[batch], y_small[batch])
    print(tr("epoch {epoch}: loss {loss:.4f}, accuracy {accuracy:.4f}", epoch=epoch + 1,
             loss=train_loss.result(), accuracy=train_accuracy.result()))

test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
test_accuracy(y_test, classifier(x_test))
print(tr("test accuracy {accuracy:.4f}", accuracy=test_accuracy.result()))
print(tr("train_step was traced {count} times", count=train_step.experimental_get_tracing_count()))

# %% [markdown]
# About the same numbers as `fit` gave in notebook 12: it is the same computation. And
# `train_step` was traced only three times for 626 calls. The first call was traced twice:
# it created variables (the layers' weights, Adam's moments, the metrics' totals), and
# TensorFlow then traces once more with variable creation switched off, to be sure the
# function does not make new ones on every call. The third trace is for the last batch of
# each epoch, which holds 10,000 mod 32 = 16 images.
#
# > **Read the engine.** `fit` runs this very step for each batch: the model's own
# > [`Model.train_step` in `course/engine/keras/models.py`](../course/engine/keras/models.py),
# > which a subclass may override, as in Keras 3.
#
# > **Real TensorFlow differs here.** The running means of metrics are kept in `float64`
# > here (Keras: `float32`), which can change the last printed digit. (See "Known
# > differences" in [`docs/engine-api-keras.md`](../docs/engine-api-keras.md).)

# %% [markdown] ja
# ノートブック 12 で `fit` が出した数値とほぼ同じです。同じ計算だからです。そして `train_step` は 626 回の呼び出しで 3 回しかトレースされていません。最初の呼び出しは 2 回トレースされました。その呼び出しが変数（レイヤーの重み、Adam のモーメント、メトリクスの合計）を作ったので、TensorFlow は変数の作成を止めてもう一度トレースし、呼び出しのたびに新しい変数を作る関数でないことを確かめます。3 回目のトレースは、各エポックの最後のバッチ（10,000 mod 32 = 16 枚）のためのものです。
#
# > **エンジンを読む。** `fit` はバッチごとにまさにこのステップを実行します。それはモデル自身の
# > [`course/engine/keras/models.py` の `Model.train_step`](../course/engine/keras/models.py) で、Keras 3 と同じく、サブクラスで上書きできます。
#
# > **本物の TensorFlow との違い。** メトリクスの移動平均はここでは `float64` で保持しているので（Keras は `float32`）、表示される最後の桁が変わることがあります。（[`docs/engine-api-keras.md`](../docs/engine-api-keras.md) の "Known differences" を参照してください。）

# %% [markdown]
# ## Training, validation and test data
#
# A model is only useful if it does well on data it has never seen. So the data is split
# three ways, each with its own job:
#
# | set | used for | seen by |
# |---|---|---|
# | **training** | computing gradients and updating the weights | the optimizer, every step |
# | **validation** | watching progress and making choices: when to stop, which model size, which learning rate | you, after every epoch |
# | **test** | one final, honest measurement | nobody, until the very end |
#
# Why not choose with the test set? Every choice made by looking at a set fits the model a
# little to that set; after many choices, its score flatters the model. The test set stays
# untouched so that its number still means "new data".
#
# `fit(..., validation_split=0.2)` holds back the **last** 20% of the training arrays
# (before any shuffling, so shuffle the data first if it is sorted) and reports
# `val_loss` and `val_accuracy` after each epoch. `validation_data=(x_val, y_val)` passes
# a separate set instead.

# %% [markdown] ja
# ## トレーニング、検証、テストのデータ
#
# モデルが役に立つのは、一度も見たことのないデータでうまくいくときだけです。そのためデータを 3 つに分け、それぞれに役割を持たせます。
#
# | データセット | 使い道 | 見る人 |
# |---|---|---|
# | **トレーニング** | 勾配を計算して重みを更新する | オプティマイザ（毎ステップ） |
# | **検証** | 進み具合を見守り、選択をする: いつ止めるか、モデルの大きさ、学習率 | あなた（エポックごと） |
# | **テスト** | 最後に一度だけの、正直な測定 | 最後の最後まで誰も見ない |
#
# なぜテストセットで選んではいけないのでしょうか? あるデータセットを見て選択をするたびに、モデルはそのデータセットに少しずつ合わせられていきます。選択を重ねるうちに、そのスコアはモデルを実際より良く見せるようになります。テストセットに手を付けずにおけば、その数値は「新しいデータでの成績」という意味を保てます。
#
# `fit(..., validation_split=0.2)` は、トレーニング用の配列の**最後の** 20% を取り分け（シャッフルの前なので、データが並べ替えられている場合は先にシャッフルしてください）、各エポックの後に `val_loss` と `val_accuracy` を報告します。`validation_data=(x_val, y_val)` を使うと、別に用意したデータセットを渡せます。

# %% [markdown]
# ## Overfitting
#
# A network with 400,000 weights can memorize 800 images. Let us give it the chance: the
# first 1,000 training images, 800 to train on and 200 for validation, and 30 epochs.

# %% [markdown] ja
# ## 過学習
#
# 重みが 400,000 個あるネットワークなら、800 枚の画像を丸暗記できます。その機会を与えてみましょう。最初の 1,000 枚のトレーニング画像のうち、800 枚でトレーニングし、200 枚で検証して、30 エポック続けます。

# %%
def build_model():
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


x_few, y_few = x_train[:1_000], y_train[:1_000]
tf.keras.utils.set_random_seed(13)
overfit = build_model()
long_run = overfit.fit(x_few, y_few, epochs=30, validation_split=0.2, verbose=0).history
best_epoch = int(np.argmin(long_run["val_loss"])) + 1
print(tr("lowest val_loss {loss:.3f} at epoch {epoch}", loss=min(long_run["val_loss"]),
         epoch=best_epoch))
print(tr("after epoch 30: loss {loss:.3f}, val_loss {val_loss:.3f}, accuracy {accuracy:.3f}, "
         "val_accuracy {val_accuracy:.3f}", loss=long_run["loss"][-1],
         val_loss=long_run["val_loss"][-1], accuracy=long_run["accuracy"][-1],
         val_accuracy=long_run["val_accuracy"][-1]))

# %%
epochs = np.arange(1, 31)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
for ax, metric, name, unit in ((left, "loss", tr("loss"), tr("cross-entropy, nats")),
                               (right, "accuracy", tr("accuracy"), tr("fraction correct"))):
    ax.plot(epochs, long_run[metric], color="#0072B2", linestyle="-", marker="o", markersize=4,
            label=tr("training (800 images)"))
    ax.plot(epochs, long_run[f"val_{metric}"], color="#D55E00", linestyle="--", marker="s",
            markersize=4, label=tr("validation (200 images)"))
    ax.axvline(best_epoch, color="gray", linestyle=":",
               label=tr("lowest val_loss (epoch {epoch})", epoch=best_epoch))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(f"{name} ({unit})")
    ax.legend(fontsize=8)
left.set_title(tr("Loss: training keeps falling, validation turns up"))
right.set_title(tr("Accuracy: training reaches 100%, validation stalls"))
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 13.2: Overfitting, as training and validation curves show it.** Two panels
# against the epoch, 1 to 30; in each, training is a solid line with round markers,
# validation a dashed line with squares, and a dotted vertical line marks epoch 10, the one
# with the lowest validation loss. Left, the loss (cross-entropy in nats): the training
# loss falls from 1.19 to 0.06 by epoch 26, with a few small bumps, and ends at 0.09. The
# validation loss falls from 0.76 to its lowest, 0.47, at epoch 10, stays near 0.5 until
# epoch 20, then climbs to 0.74 at epoch 30, so the gap between the two curves widens.
# Right, the accuracy (fraction correct): training accuracy climbs to 0.99 by epoch 20 and
# ends at 0.97; validation accuracy reaches about 0.82 by epoch 3 and then only hovers
# between 0.80 and 0.85.
#
# That widening gap is **overfitting**: past the dotted line the network learns details of
# its 800 training images (this very pullover's stripes) that do not carry over to other
# images, and becomes *more confidently wrong* on new ones, which the loss punishes even
# where the accuracy barely moves. Reading loss curves:
#
# - both losses high and flat, close together: **underfitting**, the model is too small,
#   or the learning rate wrong, or it needs more epochs;
# - both falling together: keep training;
# - training falling, validation rising: **overfitting**. Remedies: more data, a smaller
#   model, dropout (notebook 12), or simply stopping at the best epoch.

# %% [markdown] ja
# **図 13.2: トレーニングと検証の曲線に表れた過学習。** エポック 1 から 30 に対する 2 つのパネルで、どちらもトレーニングは丸いマーカーの実線、検証は四角の破線で、縦の点線が検証損失の最も低いエポック 10 を示しています。左は損失（交差エントロピー、nat）です。トレーニングの損失は、いくつかの小さな山をはさみながらエポック 26 までに 1.19 から 0.06 まで下がり、0.09 で終わります。検証の損失は 0.76 からエポック 10 で最低の 0.47 まで下がり、エポック 20 までは 0.5 付近にとどまった後、エポック 30 で 0.74 まで上がるので、2 本の曲線の差は広がっていきます。右は正解率（正解の割合）です。トレーニングの正解率はエポック 20 までに 0.99 まで上がって 0.97 で終わり、検証の正解率はエポック 3 までにおよそ 0.82 に達した後は、0.80 から 0.85 の間を行き来するだけです。
#
# この広がっていく差が**過学習**です。点線を過ぎると、ネットワークは 800 枚のトレーニング画像の細部（このプルオーバーの縞模様そのもの）を学び、それはほかの画像には通用しません。そして新しい画像に対しては、*より自信を持って間違える*ようになります。正解率がほとんど変わらなくても、損失はそれを罰します。損失曲線の読み方は次のとおりです。
#
# - 両方の損失が高く平らで、互いに近い: **学習不足**。モデルが小さすぎるか、学習率が適切でないか、エポックが足りません。
# - 両方がそろって下がっている: トレーニングを続けます。
# - トレーニングは下がり、検証は上がっている: **過学習**。対策は、データを増やす、モデルを小さくする、ドロップアウト（ノートブック 12）、あるいは単に最良のエポックで止めることです。

# %% [markdown]
# ## Early stopping
#
# Stopping at the best epoch is what `tf.keras.callbacks.EarlyStopping` does. A *callback*
# is an object that `fit` calls at fixed moments, here after every epoch. With
# `monitor="val_loss"` and `patience=4` it stops training once the validation loss has not
# improved for 4 epochs in a row; `restore_best_weights=True` then puts back the weights of
# the best epoch. (With only 200 validation images the validation loss is noisy: too small
# a patience would stop at the first bump.) We also pass notebook 10's `TensorBoard` callback, which logs the training
# and the validation curves as two runs.

# %% [markdown] ja
# ## 早期停止
#
# 最良のエポックで止めることを行うのが `tf.keras.callbacks.EarlyStopping` です。*コールバック*とは、`fit` が決まったタイミング、ここでは各エポックの後に呼び出すオブジェクトです。`monitor="val_loss"` と `patience=4` を指定すると、検証損失が 4 エポック続けて改善しなかった時点でトレーニングを止めます。`restore_best_weights=True` を指定すると、その後で最良のエポックの重みに戻します。（検証画像が 200 枚しかないので検証損失はノイズが多く、patience が小さすぎると最初の小さな山で止まってしまいます。）ノートブック 10 の `TensorBoard` コールバックも渡して、トレーニングと検証の曲線を 2 つの実行として記録します。

# %%
tf.keras.utils.set_random_seed(13)
stopped = build_model()
early_stopping = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=4,
                                                  restore_best_weights=True)
tensorboard = tf.keras.callbacks.TensorBoard(log_dir=LOG_DIR)
short_run = stopped.fit(x_few, y_few, epochs=30, validation_split=0.2, verbose=0,
                        callbacks=[early_stopping, tensorboard]).history
print(tr("trained {epochs} epochs instead of 30; best epoch {best}, val_loss {loss:.3f}",
         epochs=len(short_run["loss"]), best=early_stopping.best_epoch + 1, loss=early_stopping.best))

for name, model in ((tr("30 epochs"), overfit), (tr("early stopping"), stopped)):
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(tr("{name:>14}: test loss {loss:.3f}, test accuracy {accuracy:.3f}", name=name,
             loss=test_loss, accuracy=test_accuracy))

# %% [markdown]
# The same seed gives the same first epochs as the long run, so early stopping found the
# same best epoch, stopped four epochs later and went back to it. On the 10,000 test
# images, which neither run ever saw, the early-stopped model has the clearly lower loss,
# for half the training: it makes fewer confidently wrong predictions. Its accuracy is
# about the same, slightly lower here. Early stopping saves time and keeps the
# model from growing overconfident; it cannot turn 800 images into 60,000.
#
# > **Read the engine.** The whole rule is a few lines run after every epoch:
# > [`EarlyStopping.on_epoch_end` in
# > `course/engine/keras/callbacks.py`](../course/engine/keras/callbacks.py).
#
# The TensorBoard callback wrote two runs:

# %% [markdown] ja
# 同じシードなので、最初のエポックは長い実行と同じになり、早期停止は同じ最良のエポックを見つけ、その 4 エポック後に止まって、最良のエポックに戻りました。どちらの実行も見たことのない 10,000 枚のテスト画像では、早期停止したモデルのほうが、半分のトレーニングで、はっきりと低い損失になっています。自信を持って間違える予測が少ないのです。正解率はほぼ同じで、ここでは少しだけ低くなっています。早期停止は時間を節約し、モデルが過信に陥るのを防ぎますが、800 枚の画像を 60,000 枚に変えることはできません。
#
# > **エンジンを読む。** 規則全体は、各エポックの後に実行される数行です:
# > [`course/engine/keras/callbacks.py` の `EarlyStopping.on_epoch_end`](../course/engine/keras/callbacks.py)。
#
# TensorBoard コールバックは 2 つの実行を書き出しました。

# %%
print(sorted(p.name for p in LOG_DIR.iterdir()))

# %% [markdown]
# Open the course's TensorBoard at **http://127.0.0.1:6006**, tick the runs
# `fit/13-early-stopping/train` and `fit/13-early-stopping/validation`, and look at
# `epoch_loss` under **Scalars**: the two curves of Figure 13.2, cut off where early stopping
# ended the training.

# %% [markdown] ja
# コースの TensorBoard を **http://127.0.0.1:6006** で開き、実行 `fit/13-early-stopping/train` と `fit/13-early-stopping/validation` にチェックを付けて、**Scalars** の `epoch_loss` を見てください。図 13.2 の 2 本の曲線が、早期停止がトレーニングを終えたところで途切れています。

# %% [markdown]
# ## Exercises
#
# **training-and-overfitting.1** `fit` trains on 10,000 images with `batch_size=32`. How
# many steps (optimizer updates) make one epoch?

# %% [markdown] ja
# ## 練習問題
#
# **training-and-overfitting.1** `fit` が 10,000 枚の画像を `batch_size=32` でトレーニングします。1 エポックは何ステップ（オプティマイザによる更新の回数）でしょうか?

# %%
answer = ...
check("training-and-overfitting.1", answer)

# %% [markdown]
# **training-and-overfitting.2** A model was trained for 10 epochs; this is its history
# (the same numbers are in `EXERCISE_HISTORY`, imported above) and its loss curves:

# %% [markdown] ja
# **training-and-overfitting.2** あるモデルを 10 エポックトレーニングしました。その履歴（同じ数値は、上で import した `EXERCISE_HISTORY` にも入っています）と損失曲線は次のとおりです。

# %%
for name, values in EXERCISE_HISTORY.items():
    print(f"{name:>8}:", values)

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(range(1, 11), EXERCISE_HISTORY["loss"], color="#0072B2", marker="o", linestyle="-",
        label=tr("training loss"))
ax.plot(range(1, 11), EXERCISE_HISTORY["val_loss"], color="#D55E00", marker="s", linestyle="--",
        label=tr("validation loss"))
ax.set_xticks(range(1, 11))
ax.set_xlabel(tr("epoch"))
ax.set_ylabel(tr("loss (cross-entropy, nats)"))
ax.set_title(tr("Exercise: read these curves"))
ax.legend()
plt.show()

# %% [markdown]
# **Figure 13.3: The loss curves of the exercise.** Training loss (solid line, round
# markers) and validation loss (dashed line, squares) against the epoch, 1 to 10, with the
# values printed above. The training loss falls at every epoch, from 1.20 to 0.23. The
# validation loss falls from 1.10 to its lowest value, 0.70, then rises at every epoch
# after it, to 0.98 at epoch 10.
#
# Had this run used `EarlyStopping(monitor="val_loss", patience=2,
# restore_best_weights=True)`, which epoch's weights would it have restored, and after
# which epoch would it have stopped? Answer with the pair `(best_epoch, last_epoch)`,
# counting epochs from 1 as the figure does.

# %% [markdown] ja
# **図 13.3: 練習問題の損失曲線。** トレーニングの損失（実線、丸いマーカー）と検証の損失（破線、四角）を、エポック 1 から 10 に対して描いたもので、値は上に表示したとおりです。トレーニングの損失はエポックごとに下がり、1.20 から 0.23 になります。検証の損失は 1.10 から最小値の 0.70 まで下がり、その後はエポックごとに上がって、エポック 10 で 0.98 になります。
#
# この実行で `EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)` を使っていたら、どのエポックの重みに戻し、どのエポックの後で止まったでしょうか? 図と同じくエポックを 1 から数えて、組 `(best_epoch, last_epoch)` で答えてください。

# %%
answer = ...
check("training-and-overfitting.2", answer)

# %% [markdown]
# **training-and-overfitting.3** Write `train_and_evaluate(train_images, train_labels,
# test_images, test_labels)` for images of shape `(n, 28, 28)` with values in $[0, 1]$ and
# labels 0 to 9. It builds and compiles a small network, trains it for at most 10 epochs
# with 20% of the training data held out for validation and early stopping on `val_loss`,
# then measures it on the test data. It returns `(model, history, test_accuracy)`: the
# model, what `fit` returned, and the accuracy on the test images. (The checker calls it on
# a small image set of its own, so keep the model small: `Dense(64)` is plenty.)

# %% [markdown] ja
# **training-and-overfitting.3** `train_and_evaluate(train_images, train_labels, test_images, test_labels)` を書いてください。形状 `(n, 28, 28)`、値が $[0, 1]$ の画像と、0 から 9 のラベルを受け取ります。小さなネットワークを組み立てて compile し、トレーニングデータの 20% を検証用に取り分け、`val_loss` で早期停止しながら最大 10 エポックトレーニングし、それからテストデータで測定します。`(model, history, test_accuracy)`、つまりモデル、`fit` が返したもの、テスト画像での正解率を返します。（チェッカーは独自の小さな画像セットでこれを呼び出すので、モデルは小さくしてください。`Dense(64)` で十分です。）

# %%
def train_and_evaluate(train_images, train_labels, test_images, test_labels):
    return ...  # your code here


check("training-and-overfitting.3", train_and_evaluate)
