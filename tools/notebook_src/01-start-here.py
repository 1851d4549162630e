# %% [markdown]
# # Start here: your course environment
#
# Welcome! This course teaches tensors and automatic differentiation with a small
# engine that speaks TensorFlow's language: `import course.engine as tf`. Everything
# runs in a Docker container on your own machine, offline.
#
# **What you will learn**
# - what runs where: JupyterLab and TensorBoard in Docker, started with `docker compose up`
# - Docker Desktop on Windows and macOS: what to start first, and where the project belongs
# - where your files live, and which folder is yours to edit (`my-notebooks/`)
# - how to find the Jupyter address with its token again
# - how to open TensorBoard, attach VS Code, and restart a stopped container
# - the path through the course, and how the exercises check themselves

# %% [markdown] ja
# # はじめに: このコースの環境
#
# ようこそ! このコースでは、TensorFlow と同じ言葉を話す小さなエンジン（`import course.engine as tf`）を使って、テンソルと自動微分を学びます。すべてはあなたのコンピュータの Docker コンテナの中で、オフラインで動きます。
#
# **このノートブックで学ぶこと**
# - 何がどこで動いているか: `docker compose up` で起動する、Docker 上の JupyterLab と TensorBoard
# - Windows と macOS の Docker Desktop: 最初に起動するもの、プロジェクトを置く場所
# - ファイルの置き場所と、あなたが自由に編集してよいフォルダ（`my-notebooks/`）
# - トークン付きの Jupyter のアドレスをもう一度調べる方法
# - TensorBoard を開く方法、VS Code から接続する方法、停止したコンテナを再起動する方法
# - コースの道筋と、練習問題が自動でチェックされるしくみ

# %% [markdown]
# ## The environment in one picture
#
# `docker compose up` (run in the project folder) starts two services from one image:
#
# | service | what it is | address on your machine |
# |---|---|---|
# | `lab` | JupyterLab, where you run these notebooks | http://127.0.0.1:8888 (needs the token) |
# | `tensorboard` | TensorBoard, which draws the training logs you write | http://127.0.0.1:6006 |
#
# Both listen on `127.0.0.1` only: they are reachable from your own machine, not from
# the network. Jupyter always asks for a token; the start-up log prints one clickable URL
# that contains it. The kernel and the server run as an ordinary (non-root) user.
#
# Let us check that this kernel can use the engine:

# %% [markdown] ja
# ## 環境の全体像
#
# プロジェクトのフォルダで `docker compose up` を実行すると、1 つのイメージから 2 つのサービスが起動します。
#
# | サービス | 中身 | あなたのマシンでのアドレス |
# |---|---|---|
# | `lab` | JupyterLab。このノートブックを実行する場所 | http://127.0.0.1:8888（トークンが必要） |
# | `tensorboard` | TensorBoard。あなたが書き出したトレーニングのログをグラフにする | http://127.0.0.1:6006 |
#
# どちらも `127.0.0.1` でしか待ち受けていないので、あなた自身のマシンからは接続できますが、ネットワークからは接続できません。Jupyter は必ずトークンを求めます。起動時のログには、トークンを含んだクリックできる URL が 1 つだけ表示されます。カーネルもサーバーも、root ではない普通のユーザーとして動いています。
#
# このカーネルでエンジンが使えることを確かめましょう。

# %%
# %config InlineBackend.figure_formats = ['png']
import course.engine as tf
from course.exercises import check
from course.i18n import tr

print(tf.constant([[1, 2], [3, 4]]))

# %% [markdown]
# If you see a `tf.Tensor` with shape `(2, 2)`, everything is in place.

# %% [markdown] ja
# 形状 `(2, 2)` の `tf.Tensor` が表示されれば、準備は完了です。

# %% [markdown]
# ## Docker Desktop on Windows and macOS
#
# Containers are a Linux feature. On Windows and macOS, *Docker Desktop* runs them in a
# small Linux virtual machine, which brings three things to know:
#
# - **Start Docker Desktop first.** If it is not running, `docker compose up` stops at once
#   with `Cannot connect to the Docker daemon` (macOS) or `error during connect`
#   (Windows). Start it, wait until it says that the engine is running, and try again.
# - **On Windows, work inside WSL 2.** Docker Desktop's WSL 2 backend runs Linux next to
#   Windows. Clone the project in a WSL terminal (Ubuntu, say) into your Linux home
#   folder, `~/course`, rather than under `C:\`: the container then reads your files at
#   Linux speed, and they belong to your Linux user, whose UID the container takes
#   (see "Where your files live"). Run the `docker compose` commands in that terminal too.
#   The address with the token opens in your usual Windows browser.
# - **Memory.** The virtual machine has a memory limit of its own, and the course's
#   container cannot use more than it. On macOS it is set in Docker Desktop under
#   *Settings → Resources*; on Windows with WSL 2 it is the `memory=` line in the
#   `.wslconfig` file of your Windows user folder (by default half of the computer's
#   memory). Notebook 14 explains what happens when it runs out.
#
# On a Mac with Apple silicon (M1 and later) the image is built for ARM64, natively: every
# package of the course exists for that processor, so nothing runs in emulation.

# %% [markdown] ja
# ## Windows と macOS の Docker Desktop
#
# コンテナは Linux の機能です。Windows と macOS では、*Docker Desktop* が小さな Linux 仮想マシンの中でコンテナを動かします。そのため、知っておくべきことが 3 つあります。
#
# - **先に Docker Desktop を起動しておきます。** 起動していないと、`docker compose up` はすぐに `Cannot connect to the Docker daemon`（macOS）または `error during connect`（Windows）で止まります。Docker Desktop を起動し、エンジンが動いていると表示されるまで待ってから、もう一度実行してください。
# - **Windows では WSL 2 の中で作業します。** Docker Desktop の WSL 2 バックエンドは、Windows と並べて Linux を動かします。プロジェクトは `C:\` の下ではなく、WSL のターミナル（たとえば Ubuntu）から Linux のホームフォルダ、`~/course` に clone してください。そうすればコンテナは Linux の速さでファイルを読めますし、ファイルの所有者は Linux のユーザーになり、コンテナはその UID を使います（「ファイルの置き場所」を参照）。`docker compose` のコマンドも、そのターミナルで実行します。トークン付きのアドレスは、いつもの Windows のブラウザで開けます。
# - **メモリ。** 仮想マシンには独自のメモリ上限があり、コースのコンテナはそれ以上のメモリを使えません。macOS では Docker Desktop の *Settings → Resources* で設定します。Windows の WSL 2 では、Windows のユーザーフォルダにある `.wslconfig` ファイルの `memory=` の行で決まります（デフォルトはコンピュータのメモリの半分）。メモリが足りなくなると何が起きるかは、ノートブック 14 で説明します。
#
# Apple シリコン（M1 以降）の Mac では、イメージは ARM64 向けにネイティブでビルドされます。コースのパッケージはすべてこのプロセッサー向けに用意されているので、エミュレーションで動くものはありません。

# %% [markdown]
# ## Where your files live
#
# The project folder on your computer is *bind-mounted* into the container at
# `/workspace`: the container sees your files, and whatever it writes there lands on
# your disk. Stopping or even deleting the container loses nothing in that folder.
#
# - `notebooks/` is the course's copy. It is updated when you update the course. The
#   same course in Japanese is in `notebooks/ja/` (`COURSE_LANG=ja` in `.env` gives you
#   those notebooks instead; see `README.ja.md`).
# - `my-notebooks/` is **your** copy: on first start every notebook is copied there,
#   and files that already exist are never overwritten. Edit and experiment here.
#   It is git-ignored, so updating the course never conflicts with your work.
# - `logs/` holds TensorBoard logs, `checkpoints/` and `saved_models/` hold saved models.
#
# To get a fresh copy of a notebook (yours is kept in `my-notebooks/.backups/`):
#
# ```bash
# docker compose exec lab course-refresh 02-tensors.ipynb
# ```
#
# Started with an older version of the course? Its notebooks were numbered differently
# (linear regression was 09, it is 06 now). Your old copies stay where they are and keep
# working, exercises included; the renumbered notebooks are copied next to them.
# `course-refresh` also accepts an old name, such as `09-linear-regression.ipynb`: it
# moves your old copy to `.backups/` and gives you the notebook under its new name.
#
# Which copy are you reading right now? (The answer depends only on the folders it is in.)

# %% [markdown] ja
# ## ファイルの置き場所
#
# あなたのコンピュータにあるプロジェクトのフォルダは、コンテナの `/workspace` に*バインドマウント*されています。コンテナからはあなたのファイルが見え、コンテナがそこに書いたものはあなたのディスクに保存されます。コンテナを停止しても、削除しても、このフォルダの中身は失われません。
#
# - `notebooks/` はコースの原本です。コースを更新すると、これも更新されます。日本語のノートブックは `notebooks/ja/` にあります。
# - `my-notebooks/` は**あなたの**コピーです。最初の起動時にノートブックがここにコピーされ、すでにあるファイルが上書きされることはありません。編集や実験はここで行ってください。git の管理外なので、コースを更新してもあなたの作業と衝突しません。`.env` に `COURSE_LANG=ja` と書いておくと、日本語のノートブックが `my-notebooks/ja/` にコピーされ、JupyterLab はそのフォルダを開き、メニューも日本語になります。
# - `logs/` には TensorBoard のログが、`checkpoints/` と `saved_models/` には保存したモデルが入ります。
#
# ノートブックを新しくコピーし直すには、次のようにします（あなたの版は `my-notebooks/.backups/` に残ります）。`COURSE_LANG=ja` のときは、この名前で `ja/` の日本語のノートブックを指します。
#
# ```bash
# docker compose exec lab course-refresh 02-tensors.ipynb
# ```
#
# 以前の版のコースから始めた場合、ノートブックの番号が今とは違っていました（線形回帰は 09 でしたが、今は 06 です）。古いコピーはそのまま残り、練習問題も含めて動き続けます。番号の変わったノートブックは、その隣にコピーされます。`course-refresh` は `09-linear-regression.ipynb` のような古い名前も受け付けます。古いコピーを `.backups/` に移し、新しい名前でノートブックを用意します。
#
# いま読んでいるのはどちらのコピーでしょうか?（答えは、このノートブックがどのフォルダにあるかだけで決まります。）

# %%
from pathlib import Path

if "my-notebooks" in Path.cwd().parts:
    print(tr("You are in your own copy (my-notebooks/): edit freely."))
else:
    print(tr("You are in the course's copy (notebooks/). Open my-notebooks/ to keep your changes."))

# %% [markdown]
# ## Finding the token again
#
# Closed the browser tab and lost the URL? Ask the running container:
#
# ```bash
# docker compose exec lab course-url
# ```
#
# It prints something like `http://127.0.0.1:8888/lab?token=<your-token>` (your token is
# a long random string, generated once and kept in `my-notebooks/.jupyter-token`; set
# `JUPYTER_TOKEN` in `.env` to choose your own). Treat the token like a password.
#
# Opened `http://127.0.0.1:8888` without the token? Jupyter then shows a login page
# asking for a *password or token*: paste the token, the part of the URL after `token=`
# (without `token=` itself). A bookmark of the whole URL, token included, skips that page.

# %% [markdown] ja
# ## トークンをもう一度調べる
#
# ブラウザのタブを閉じて URL がわからなくなったら、実行中のコンテナに尋ねます。
#
# ```bash
# docker compose exec lab course-url
# ```
#
# `http://127.0.0.1:8888/lab?token=<あなたのトークン>` のような URL が表示されます（トークンは長いランダムな文字列で、最初に一度だけ生成され、`my-notebooks/.jupyter-token` に保存されます。自分で決めたい場合は `.env` の `JUPYTER_TOKEN` に設定します）。トークンはパスワードと同じように扱ってください。
#
# トークンなしで `http://127.0.0.1:8888` を開いてしまった場合は、*Password or token*（パスワードまたはトークン）を求めるログインページが表示されます。URL の `token=` より後ろの部分（`token=` 自体は含めない）を貼り付けてください。トークンを含む URL 全体をブックマークしておけば、このページは表示されません。

# %% [markdown]
# ## TensorBoard
#
# Open **http://127.0.0.1:6006**. It shows whatever the notebooks write to `logs/`
# (later notebooks write there); until then it says that no dashboards are active.

# %% [markdown] ja
# ## TensorBoard
#
# **http://127.0.0.1:6006** を開きます。ノートブックが `logs/` に書き出したものが表示されます（後のノートブックがここに書き出します）。それまでは、アクティブなダッシュボードがないと表示されます。

# %% [markdown]
# ## Working from VS Code
#
# With the *Dev Containers* extension installed, open the project folder in VS Code and run
# **Dev Containers: Reopen in Container** from the command palette. VS Code attaches to the
# same `lab` container that `docker compose up` runs (starting it if needed), so it edits
# and runs the notebooks with the same Python and the same engine as JupyterLab.

# %% [markdown] ja
# ## VS Code から使う
#
# *Dev Containers* 拡張機能をインストールした VS Code でプロジェクトのフォルダを開き、コマンドパレットから **Dev Containers: Reopen in Container** を実行します。VS Code は `docker compose up` が動かしているのと同じ `lab` コンテナに接続する（必要なら起動する）ので、JupyterLab と同じ Python、同じエンジンでノートブックを編集・実行できます。

# %% [markdown]
# ## Stopping and restarting
#
# | you want to | run (in the project folder) |
# |---|---|
# | start everything (builds the image the first time) | `docker compose up` |
# | stop, keeping the containers | `docker compose stop` (or Ctrl+C in the `up` window) |
# | start stopped containers again | `docker compose start` (or `docker compose up`) |
# | see the logs, including the URL | `docker compose logs lab` |
# | remove the containers (your files stay) | `docker compose down` |
#
# After a restart the token stays the same, so an old URL keeps working. The containers
# also come back by themselves when Docker restarts (after a reboot, say), unless you
# stopped them.

# %% [markdown] ja
# ## 停止と再起動
#
# | したいこと | 実行するコマンド（プロジェクトのフォルダで） |
# |---|---|
# | すべてを起動する（初回はイメージもビルドする） | `docker compose up` |
# | コンテナを残したまま停止する | `docker compose stop`（または `up` のウィンドウで Ctrl+C） |
# | 停止したコンテナをもう一度起動する | `docker compose start`（または `docker compose up`） |
# | URL を含むログを見る | `docker compose logs lab` |
# | コンテナを削除する（ファイルは残る） | `docker compose down` |
#
# 再起動してもトークンは変わらないので、古い URL がそのまま使えます。また、あなたが停止したのでない限り、Docker が再起動したとき（たとえばコンピュータの再起動後）にはコンテナも自動で起動します。

# %% [markdown]
# ## The path through the course
#
# Each notebook builds on the ones before it. The first five are about tensors themselves;
# then a straight line is fitted by hand, which is where gradients, the tape and gradient
# descent come in; neural networks arrive once all of that is in place.
#
# | # | notebook | you learn |
# |---|---|---|
# | 02 | Tensors | shapes, dtypes, creating tensors |
# | 03 | Operators | arithmetic, `matmul`, broadcasting |
# | 04 | Axes and slicing | reductions along an axis, slices, the `(n,)` vs `(n, 1)` bug |
# | 05 | Variables | state that changes: `tf.Variable` |
# | 06 | Linear regression | the loss, gradients, gradient descent, `GradientTape` |
# | 07 | Backpropagation | how the tape computes gradients |
# | 08 | Standardization | why the scale of the inputs matters |
# | 09 | Graphs and sessions | `tf.function`, graphs, TensorFlow 1's sessions |
# | 10 | TensorBoard | logging and watching training |
# | 11 | Saving and loading | checkpoints and SavedModels |
# | 12 | A first neural network | Keras, softmax and cross-entropy, predictions |
# | 13 | Training and overfitting | mini-batches, validation, loss curves, early stopping |
# | 14 | Troubleshooting | dead kernels and illegal instructions |
#
# Along the way, boxes like these point further:
#
# > **Read the engine.** The engine is written to be read. These boxes link the file and
# > the function that does what the notebook just showed, such as
# > [`constant` in `course/engine/tensor.py`](../course/engine/tensor.py).
#
# > **Real TensorFlow differs here.** The engine is a faithful subset of TensorFlow, but
# > not a perfect one. Wherever a notebook touches a difference, a box like this says what
# > real TensorFlow does; the full list is in [`docs/engine-api.md`](../docs/engine-api.md).

# %% [markdown] ja
# ## コースの道筋
#
# 各ノートブックは、それより前のノートブックの内容を前提にしています。最初の 5 つはテンソルそのものについてです。次に直線を手作業で当てはめます。ここで勾配、テープ、勾配降下法が登場します。それらがすべてそろってから、ニューラルネットワークに進みます。
#
# | # | ノートブック | 学ぶこと |
# |---|---|---|
# | 02 | テンソル | 形状、dtype、テンソルの作成 |
# | 03 | 演算子 | 算術演算、`matmul`、ブロードキャスト |
# | 04 | 軸、集約、スライス | 軸に沿った集約、スライス、`(n,)` と `(n, 1)` のバグ |
# | 05 | 変数 | 変化する状態: `tf.Variable` |
# | 06 | 線形回帰 | 損失、勾配、勾配降下法、`GradientTape` |
# | 07 | 誤差逆伝播法 | テープが勾配を計算するしくみ |
# | 08 | 標準化 | 入力のスケールが重要な理由 |
# | 09 | グラフとセッション | `tf.function`、グラフ、TensorFlow 1 のセッション |
# | 10 | TensorBoard | トレーニングの記録と観察 |
# | 11 | 保存と読み込み | チェックポイントと SavedModel |
# | 12 | 初めてのニューラルネットワーク | Keras、ソフトマックスと交差エントロピー、予測 |
# | 13 | トレーニングと過学習 | ミニバッチ、検証、損失曲線、早期停止 |
# | 14 | トラブルシューティング | カーネルの停止と Illegal instruction |
#
# 途中には、さらに先へ案内する次のような囲みがあります。
#
# > **エンジンを読む。** このエンジンは読まれることを前提に書かれています。この囲みは、ノートブックで見たことを実際に行っているファイルと関数へのリンクです。たとえば
# > [`course/engine/tensor.py` の `constant`](../course/engine/tensor.py) です。
#
# > **本物の TensorFlow との違い。** このエンジンは TensorFlow の忠実なサブセットですが、完全ではありません。ノートブックがその違いに触れるところでは、この囲みで本物の TensorFlow の動作を説明します。違いの一覧は [`docs/engine-api.md`](../docs/engine-api.md)（英語）にあります。

# %% [markdown]
# ## Exercises
#
# Every notebook ends with exercises. Replace each `...` with your answer and run the cell:
# `check` says ✅ or ❌, with a hint when something is off. Each exercise has a name, such as
# `start-here.1` (the notebook's name and a number). Here the answers are strings.
#
# **start-here.1** Which command asks the running `lab` service to print the Jupyter URL
# (with its token) again?

# %% [markdown] ja
# ## 練習問題
#
# どのノートブックも練習問題で終わります。それぞれの `...` をあなたの答えに書き換えて、セルを実行してください。`check` が ✅ か ❌ を表示し、違っているときはヒントを出します。練習問題には `start-here.1` のような名前（ノートブックの名前と番号）が付いています。ここでの答えは文字列です。
#
# **start-here.1** 実行中の `lab` サービスに、Jupyter の URL（トークン付き）をもう一度表示させるコマンドは何でしょうか?

# %%
answer = ...
check("start-here.1", answer)

# %% [markdown]
# **start-here.2** At which address does TensorBoard answer on your machine?

# %% [markdown] ja
# **start-here.2** TensorBoard は、あなたのマシンのどのアドレスで応答するでしょうか?

# %%
answer = ...
check("start-here.2", answer)

# %% [markdown]
# **start-here.3** Which folder holds your own, editable copy of the notebooks?

# %% [markdown] ja
# **start-here.3** あなた自身の、編集してよいノートブックのコピーが入っているフォルダはどれでしょうか?

# %%
answer = ...
check("start-here.3", answer)
