# %% [markdown]
# # Graphs and sessions: code as a graph
#
# So far every line ran the moment we wrote it. TensorFlow can also look at a whole
# computation before running it, as a *graph*, and then run that graph as often as it
# likes. This is how models are sped up, saved and drawn.
#
# **What you will learn**
# - a computation as a graph: operations are the nodes, tensors flow along the edges
# - `tf.function`: tracing a Python function into a graph once, then reusing it
# - looking at a traced graph: its operations as text, and drawn as a picture
# - AutoGraph: a Python `if` or `for` on tensors becomes `tf.cond` or `tf.while_loop`
# - TensorFlow 1's style, a graph with placeholders run by `Session.run(..., feed_dict=...)`,
#   next to TensorFlow 2's plain function call
# - writing a graph for TensorBoard with `tf.summary.trace_on` / `trace_export`, and
#   finding it in the Graphs tab

# %% [markdown] ja
# # グラフとセッション: コードをグラフとして扱う
#
# これまでは、どの行も書いたその場で実行されてきました。TensorFlow は、計算全体を実行する前に*グラフ*として眺め、そのグラフを何度でも実行することもできます。モデルを速くしたり、保存したり、図に描いたりするのはこのしくみです。
#
# **このノートブックで学ぶこと**
# - グラフとしての計算: 演算がノードで、テンソルが辺に沿って流れる
# - `tf.function`: Python の関数を一度だけトレースしてグラフにし、それを再利用する
# - トレースしたグラフを見る: 演算をテキストで、そして図として
# - AutoGraph: テンソルに対する Python の `if` や `for` が `tf.cond` や `tf.while_loop` になる
# - TensorFlow 1 のスタイル（プレースホルダーを持つグラフを `Session.run(..., feed_dict=...)` で実行する）と、TensorFlow 2 の普通の関数呼び出しの比較
# - `tf.summary.trace_on` / `trace_export` でグラフを TensorBoard 用に書き出し、Graphs タブで見つける

# %%
# %config InlineBackend.figure_formats = ['png']
import shutil
from pathlib import Path

from IPython.display import Image, display

import course.engine as tf
from course.engine.graph_drawing import to_png, to_text  # the course's drawing helpers
from course.exercises import check
from course.i18n import tr

# The project's logs/ folder (next to notebooks/) is the one TensorBoard watches.
# This notebook writes to one fixed subfolder and empties it first: a clean run every time.
LOGS = Path("../logs/09-graphs")
shutil.rmtree(LOGS, ignore_errors=True)

# %% [markdown]
# ## A computation is a graph
#
# Take one layer of a neural network, for an input row $x$, weights $W$ and bias $b$:
#
# $$ y = \operatorname{relu}(x W + b), \qquad \operatorname{relu}(z) = \max(z, 0). $$
#
# Three operations: a matrix product, an addition, a relu. Each takes tensors and makes a
# new one, which the next operation uses. Drawn as a graph, the operations are the
# **nodes** and the tensors are the **edges** between them:
#
# $$ x,\ W \;\longrightarrow\; \mathtt{MatMul} \;\longrightarrow\; \mathtt{AddV2}
#    \;\longleftarrow\; b, \qquad \mathtt{AddV2} \;\longrightarrow\; \mathtt{Relu}
#    \;\longrightarrow\; y $$
#
# Run normally ("eagerly"), Python executes the three operations one after the other
# and forgets how the result came about. (The layer computes $xW + b$ with $x$ a row, as
# Keras's `Dense` does: notebook 06.)

# %% [markdown] ja
# ## 計算はグラフである
#
# ニューラルネットワークのレイヤーを 1 つ取り出してみます。入力の行 $x$、重み $W$、バイアス $b$ に対して、次のように計算します。
#
# $$ y = \operatorname{relu}(x W + b), \qquad \operatorname{relu}(z) = \max(z, 0). $$
#
# 演算は 3 つ、行列積、加算、relu です。それぞれがテンソルを受け取って新しいテンソルを作り、次の演算がそれを使います。グラフとして描くと、演算が**ノード**、テンソルがその間の**辺**になります。
#
# $$ x,\ W \;\longrightarrow\; \mathtt{MatMul} \;\longrightarrow\; \mathtt{AddV2}
#    \;\longleftarrow\; b, \qquad \mathtt{AddV2} \;\longrightarrow\; \mathtt{Relu}
#    \;\longrightarrow\; y $$
#
# 普通に（"Eager" に）実行すると、Python は 3 つの演算を順に実行し、結果がどうやって得られたかは忘れてしまいます。（このレイヤーは、Keras の `Dense` と同じく、行 $x$ に対して $xW + b$ を計算します。ノートブック 06 を参照してください。）

# %%
def dense(x, W, b):
    return tf.nn.relu(x @ W + b)


x = tf.constant([[1.0, 2.0]])
W = tf.constant([[3.0, -1.0], [-1.0, 2.0]])
b = tf.constant([1.0, 0.5])
print(dense(x, W, b))

# %% [markdown]
# ## Tracing with `tf.function`
#
# `tf.function` turns a Python function into a *graph function*. The first call
# **traces** it: the Python body runs once with symbolic tensors (they have a dtype and a
# shape, but no values yet), and every operation it meets becomes a node of a graph.
# Later calls with tensors of the same dtype and shape skip Python and run the graph.
#
# A Python `print` inside shows when tracing happens, because it runs only then:

# %% [markdown] ja
# ## `tf.function` によるトレース
#
# `tf.function` は Python の関数を*グラフ関数*に変えます。最初の呼び出しで関数を**トレース**します。Python の本体がシンボリックなテンソル（dtype と形状はあるが、値はまだない）で一度だけ実行され、途中で出会ったすべての演算がグラフのノードになります。その後、同じ dtype と形状のテンソルで呼び出すと、Python は実行されず、グラフが実行されます。
#
# 中に Python の `print` を入れておくと、トレースがいつ起きるかがわかります。`print` はトレースのときにしか実行されないからです。

# %%
@tf.function
def dense_graph(x, W, b):
    print(tr("tracing with x ="), x)
    return tf.nn.relu(x @ W + b)


print(dense_graph(x, W, b))
print(dense_graph(x + 1.0, W, b))  # same dtype and shape: no tracing
print(tr("traced {count} time(s)", count=dense_graph.experimental_get_tracing_count()))

# %% [markdown]
# The symbolic `x` printed during tracing has no values, only a name, a shape and a dtype.
# A new shape needs a new graph, so it traces again:

# %% [markdown] ja
# トレース中に表示されたシンボリックな `x` には値がなく、名前と形状と dtype だけがあります。形状が変わると新しいグラフが必要になるので、もう一度トレースされます。

# %%
print(dense_graph(tf.constant([[1.0, 2.0], [-3.0, 1.0]]), W, b))
print(tr("traced {count} time(s)", count=dense_graph.experimental_get_tracing_count()))

# %% [markdown]
# Python numbers and other non-tensor arguments are part of the trace by their *value*:
# `f(1)` and `f(2)` make two graphs. Pass tensors for data that changes. And if one graph
# should serve every batch size, say so with an `input_signature`, where `None` means
# "any size":
#
# ```python
# @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32), ...])
# ```

# %% [markdown] ja
# Python の数値や、テンソル以外の引数は、その*値*がトレースの一部になります。`f(1)` と `f(2)` では 2 つのグラフができます。変化するデータにはテンソルを渡してください。また、1 つのグラフでどのバッチサイズにも対応したいときは、`input_signature` でそう指定します。`None` は「任意の大きさ」を意味します。
#
# ```python
# @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32), ...])
# ```

# %% [markdown]
# ## Looking at the graph
#
# `get_concrete_function` returns the traced function for some inputs, and its `.graph`
# is the graph itself. Its operations, in the order they were added:

# %% [markdown] ja
# ## グラフを見る
#
# `get_concrete_function` は、ある入力に対してトレースした関数を返し、その `.graph` がグラフそのものです。演算を、追加された順に表示してみます。

# %%
concrete = dense_graph.get_concrete_function(x, W, b)
graph = concrete.graph
for op in graph.get_operations():
    print(tr("{name:<9} {type:<12} inputs: {inputs}", name=op.name, type=op.type,
             inputs=[t.name for t in op.inputs]))

# %% [markdown]
# Each input becomes a `Placeholder`; the `Identity` at the end marks the output. A
# tensor is named after the operation that makes it, plus its output number: `add:0`
# is the first (here the only) output of the operation `add`.
#
# > **Read the engine.** Eager code and tracing run the very same operations. Every
# > operation goes through one function, which converts and checks the inputs and then
# > either runs NumPy (eagerly) or adds a node to the graph being traced (inside
# > `tf.function`), and tells any recording `GradientTape`:
# > [`execute` in `course/engine/execute.py`](../course/engine/execute.py).
#
# The course has two helpers of its own for looking at graphs (TensorFlow leaves that to
# TensorBoard, see below). `to_text` prints the graph as equations, with the dtype and
# shape of each result:

# %% [markdown] ja
# 各入力は `Placeholder` になり、最後の `Identity` が出力を表します。テンソルの名前は、それを作った演算の名前に出力の番号を付けたものです。`add:0` は演算 `add` の最初の（ここでは唯一の）出力です。
#
# > **エンジンを読む。** Eager のコードとトレースは、まったく同じ演算を実行します。どの演算も 1 つの関数を通り、その関数が入力を変換して検査したうえで、NumPy を実行する（Eager のとき）か、トレース中のグラフにノードを追加し（`tf.function` の中のとき）、記録中の `GradientTape` に知らせます:
# > [`course/engine/execute.py` の `execute`](../course/engine/execute.py)。
#
# このコースには、グラフを見るための独自のヘルパーが 2 つあります（TensorFlow はこれを TensorBoard に任せています。後で見ます）。`to_text` は、各結果の dtype と形状を添えて、グラフを式の並びとして表示します。

# %%
print(to_text(graph))

# %% [markdown]
# And `to_png` draws it (with Graphviz): operations are boxes, and each arrow is a tensor,
# labelled with its dtype and shape.

# %% [markdown] ja
# `to_png` はグラフを（Graphviz で）描きます。演算は箱で、矢印はテンソルです。矢印にはその dtype と形状のラベルが付きます。

# %%
display(Image(to_png(graph, title=tr("The traced graph of dense_graph(x, W, b)"))))

# %% [markdown]
# **Figure 9.1: The graph that tracing recorded.** Boxes for operations, from top to
# bottom, joined by arrows labelled with the dtype and shape of the tensor they carry. Two
# boxes marked `Placeholder`, the inputs x (float32 (1, 2)) and W (float32 (2, 2)), feed the
# box `matmul` of type `MatMul`. Its result (1, 2) and a third `Placeholder`, b (float32 (2,)),
# feed the box `add` of type `AddV2`. Then come `Relu` and `Identity`, and an arrow labelled
# float32 (1, 2) leaves the graph as output 0.

# %% [markdown] ja
# **図 9.1: トレースで記録されたグラフ。** 演算を表す箱が上から下へ並び、運ぶテンソルの dtype と形状をラベルにした矢印でつながっています。`Placeholder` と書かれた 2 つの箱、入力 x（float32 (1, 2)）と W（float32 (2, 2)）が `MatMul` 型の箱 `matmul` に入ります。その結果 (1, 2) と 3 つ目の `Placeholder` の b（float32 (2,)）が、`AddV2` 型の箱 `add` に入ります。続いて `Relu` と `Identity` があり、float32 (1, 2) のラベルの付いた矢印が出力 0 としてグラフから出ていきます。

# %% [markdown]
# ## Python `if` and `for` in a graph: AutoGraph
#
# A graph is fixed before it runs, but Python's `if` and `for` decide while the code runs.
# When the condition is a tensor, its value is unknown while tracing, so Python cannot
# pick a branch. `tf.function` therefore first runs **AutoGraph**, which rewrites the
# function's source: an `if` on a tensor becomes `tf.cond`, a graph node that holds both
# branches and picks one when the graph runs; a `for` over `tf.range` (or over a tensor)
# and a `while` on a tensor become `tf.while_loop`, a node that holds the loop's body. An
# `if` on a plain Python value stays Python: it is decided once, while tracing.

# %% [markdown] ja
# ## グラフの中の Python の `if` と `for`: AutoGraph
#
# グラフは実行する前に決まっていますが、Python の `if` と `for` はコードの実行中に判断します。条件がテンソルだと、トレースの時点ではその値がわからないので、Python はどちらの分岐に進むか決められません。そこで `tf.function` は、まず **AutoGraph** を実行して関数のソースを書き換えます。テンソルに対する `if` は `tf.cond` に、つまり両方の分岐を持ち、グラフの実行時にどちらかを選ぶグラフのノードになります。`tf.range`（またはテンソル）に対する `for` や、テンソルに対する `while` は `tf.while_loop` に、つまりループの本体を持つノードになります。普通の Python の値に対する `if` は Python のままで、トレースのときに一度だけ判断されます。

# %%
@tf.function
def clipped_sum(x, limit):
    total = tf.constant(0.0)
    for i in tf.range(tf.size(x)):   # a loop over a tensor: tf.while_loop
        if x[i] > 0:                  # a condition on a tensor: tf.cond
            total += x[i]
        else:
            total -= x[i] / 2
    if total > limit:
        total = limit
    return total


print(clipped_sum(tf.constant([1.0, -2.0, 3.0]), tf.constant(10.0)))   # 1 + 1 + 3
print(clipped_sum(tf.constant([5.0, 4.0, 3.0]), tf.constant(10.0)))    # 12, clipped
print(tr("traced {count} time(s)", count=clipped_sum.experimental_get_tracing_count()))

# %% [markdown]
# One graph serves both calls: the branch is chosen, and the loop repeated, when the graph
# runs. `tf.autograph.to_code` shows what AutoGraph made of the source. Each branch and the
# loop's body became a small function, handed to `ag.if_stmt` and `ag.for_stmt`, which
# build `tf.cond` and `tf.while_loop` when the condition is a tensor, and simply run Python
# otherwise:

# %% [markdown] ja
# どちらの呼び出しにも 1 つのグラフが使われています。分岐の選択もループの繰り返しも、グラフの実行時に行われるのです。AutoGraph がソースをどう書き換えたかは、`tf.autograph.to_code` で見られます。それぞれの分岐とループの本体は小さな関数になり、`ag.if_stmt` と `ag.for_stmt` に渡されています。これらは、条件がテンソルなら `tf.cond` と `tf.while_loop` を組み立て、そうでなければ単に Python として実行します。

# %%
print(tf.autograph.to_code(clipped_sum.python_function))

# %% [markdown]
# In the graph the whole loop is one node, `while`, and the last `if` is one node, `cond`;
# each holds its body or branches as a small graph of its own:

# %% [markdown] ja
# グラフの中では、ループ全体が 1 つのノード `while` に、最後の `if` が 1 つのノード `cond` になっています。それぞれが、本体や分岐を小さなグラフとして持っています。

# %%
loop_graph = clipped_sum.get_concrete_function(tf.TensorSpec([None]), tf.TensorSpec([])).graph
print(to_text(loop_graph))
display(Image(to_png(loop_graph, title=tr("clipped_sum: a while node and a cond node"))))

# %% [markdown]
# **Figure 9.2: A loop and a branch, each one node.** Boxes for operations, top to bottom.
# The input x (a `Placeholder`, float32 of any length) feeds `Size` and, with constants
# for the counter, the range's start, limit and step, and the starting total, the box
# `while` of type `While`. A `Range` box on the left is left over from `tf.range` and feeds
# nothing: the loop counts by itself, and the unused node never runs. The loop's result
# (float32) and the second input `limit` feed `Greater`, whose bool result and both
# values feed the box `cond` of type `StatelessIf`; its result leaves through `Identity`
# as output 0.
#
# > **Read the engine.** AutoGraph's rewriting lives in
# > [`course/engine/autograph/`](../course/engine/autograph/), readable top to bottom; the
# > runtime it calls decides between Python and a graph node:
# > [`if_stmt` in `course/engine/autograph/operators.py`](../course/engine/autograph/operators.py).
# > The nodes themselves: [`cond` in `course/engine/ops/cond_ops.py`](../course/engine/ops/cond_ops.py)
# > and [`while_loop` in `course/engine/ops/while_ops.py`](../course/engine/ops/while_ops.py).

# %% [markdown] ja
# **図 9.2: ループも分岐も、それぞれ 1 つのノード。** 演算を表す箱が上から下へ並んでいます。入力 x（`Placeholder`、任意の長さの float32）は `Size` に入り、カウンター、範囲の開始・終了・ステップ、合計の初期値を表す定数とともに、`While` 型の箱 `while` に入ります。左側の `Range` の箱は `tf.range` の名残で、どこにもつながっていません。ループは自分で数を数えるので、使われないこのノードが実行されることはありません。ループの結果（float32）と 2 つ目の入力 `limit` は `Greater` に入り、その bool の結果と 2 つの値が `StatelessIf` 型の箱 `cond` に入ります。その結果が `Identity` を通って出力 0 として出ていきます。
#
# > **エンジンを読む。** AutoGraph による書き換えは [`course/engine/autograph/`](../course/engine/autograph/) にあり、上から順に読めます。書き換えたコードが呼び出す実行時の部分が、Python で実行するかグラフのノードにするかを決めます:
# > [`course/engine/autograph/operators.py` の `if_stmt`](../course/engine/autograph/operators.py)。
# > ノードそのものは [`course/engine/ops/cond_ops.py` の `cond`](../course/engine/ops/cond_ops.py) と
# > [`course/engine/ops/while_ops.py` の `while_loop`](../course/engine/ops/while_ops.py) です。

# %% [markdown]
# ## TensorFlow 1: graphs and sessions
#
# In TensorFlow 1 the graph was all there was. You first *built* a graph, with
# `tf.compat.v1.placeholder` for the inputs, and then *ran* it in a `Session`,
# feeding the inputs' values with `feed_dict`. The same layer, in that style:

# %% [markdown] ja
# ## TensorFlow 1: グラフとセッション
#
# TensorFlow 1 には、グラフしかありませんでした。まず入力を `tf.compat.v1.placeholder` にしてグラフを*組み立て*、次に `Session` の中でそれを*実行*し、入力の値は `feed_dict` で与えます。同じレイヤーを、そのスタイルで書いてみます。

# %%
tf1 = tf.compat.v1

g = tf1.Graph()
with g.as_default():
    x_in = tf1.placeholder(tf.float32, shape=[None, 2], name="x")
    W_in = tf.constant(W.numpy(), name="W")  # everything the graph uses lives in it
    b_in = tf.constant(b.numpy(), name="b")
    y_out = tf.nn.relu(x_in @ W_in + b_in)

print(x_in)
print(y_out)

# %% [markdown]
# Inside the `with` block, operations add nodes to `g` and return symbolic tensors: a
# name, a shape with `None` for "any number of rows", and no value. (So `W` and `b` are
# copied into the graph as constants: TensorFlow refuses to mix in the eager tensors made
# outside it.) Values appear only
# when a session runs the graph: `sess.run(fetches, feed_dict={placeholder: value})`
# computes what you fetch, and returns NumPy arrays.

# %% [markdown] ja
# `with` ブロックの中では、演算は `g` にノードを追加して、シンボリックなテンソルを返します。名前と、「任意の行数」を表す `None` を含む形状があり、値はありません。（そのため `W` と `b` は定数としてグラフにコピーしています。TensorFlow は、グラフの外で作った Eager のテンソルを混ぜることを許しません。）値が現れるのは、セッションがグラフを実行したときだけです。`sess.run(fetches, feed_dict={placeholder: value})` は指定したもの（fetches）を計算し、NumPy 配列として返します。

# %%
with tf1.Session(graph=g) as sess:
    print(sess.run(y_out, feed_dict={x_in: [[1.0, 2.0]]}))
    print(sess.run(y_out, feed_dict={x_in: [[1.0, 2.0], [-3.0, 1.0]]}))

# %% [markdown]
# TensorFlow 2 keeps the graph but hides the session: a `tf.function` is called like any
# Python function, and returns tensors.
#
# | | TensorFlow 1 | TensorFlow 2 |
# |---|---|---|
# | inputs | `x = tf.compat.v1.placeholder(tf.float32, [None, 2])` | function arguments |
# | build the graph | operations inside `with graph.as_default():` | traced from Python by `@tf.function` |
# | run it | `sess.run(y, feed_dict={x: data})` | `f(data)` |
# | result | NumPy array | `tf.Tensor` |

# %% [markdown] ja
# TensorFlow 2 はグラフを保ちつつ、セッションを隠しています。`tf.function` は普通の Python の関数と同じように呼び出し、テンソルを返します。
#
# | | TensorFlow 1 | TensorFlow 2 |
# |---|---|---|
# | 入力 | `x = tf.compat.v1.placeholder(tf.float32, [None, 2])` | 関数の引数 |
# | グラフを組み立てる | `with graph.as_default():` の中の演算 | `@tf.function` が Python からトレース |
# | 実行する | `sess.run(y, feed_dict={x: data})` | `f(data)` |
# | 結果 | NumPy 配列 | `tf.Tensor` |

# %%
print(dense_graph(tf.constant([[1.0, 2.0], [-3.0, 1.0]]), W, b))

# %% [markdown]
# ## The graph in TensorBoard
#
# TensorBoard draws graphs too, interactively. To log one: switch tracing on with
# `tf.summary.trace_on(graph=True)`, call a `tf.function` that has **not** been traced yet
# (so that it traces now), then `tf.summary.trace_export` writes the recorded graph with
# the default writer.

# %% [markdown] ja
# ## TensorBoard で見るグラフ
#
# TensorBoard もグラフを対話的に描けます。グラフを記録するには、`tf.summary.trace_on(graph=True)` でトレースの記録を有効にし、まだトレースされて**いない** `tf.function` を呼び出して（その場でトレースさせて）から、`tf.summary.trace_export` で、記録したグラフをデフォルトのライターに書き出します。

# %%
W2 = tf.constant([[1.0], [-2.0]])   # a second layer: 2 inputs -> 1 output
b2 = tf.constant([0.5])


@tf.function
def two_layers(x):
    hidden = tf.nn.relu(x @ W + b)          # layer 1: 2 -> 2 units, relu
    return tf.nn.sigmoid(hidden @ W2 + b2)  # layer 2: 2 -> 1 unit, sigmoid


writer = tf.summary.create_file_writer(str(LOGS / "two_layers"))
tf.summary.trace_on(graph=True)
print(two_layers(tf.constant([[1.0, 2.0], [0.5, -1.0]])).numpy().round(4))
with writer.as_default():
    tf.summary.trace_export(name="two_layers", step=0)
writer.close()

print(sorted(p.name for p in LOGS.iterdir()))

# %% [markdown]
# To see it, open the course's TensorBoard at **http://127.0.0.1:6006** and choose
# **Graphs** in the top bar (it may hide under the *Inactive* menu until there is a
# graph to show). On the left, pick the run `09-graphs/two_layers` and the tag
# `two_layers`. Boxes are operations, lines are tensors; click a node to see its
# inputs, outputs, dtype and shape, and double-click a group to open it.
#
# > **Real TensorFlow differs here.** In TensorFlow 1 style code above, TensorFlow refuses
# > an eager tensor made outside the `with g.as_default():` block, which the engine would
# > quietly copy in as a constant; that is why we copied `W` and `b` in explicitly. (See
# > "Differences from TensorFlow" in [`docs/engine-api-graphs.md`](../docs/engine-api-graphs.md).)

# %% [markdown] ja
# 見るには、コースの TensorBoard を **http://127.0.0.1:6006** で開き、上部のバーで **Graphs** を選びます（グラフがまだないうちは *Inactive* メニューの中に隠れていることがあります）。左側で実行 `09-graphs/two_layers` とタグ `two_layers` を選びます。箱が演算で、線がテンソルです。ノードをクリックすると入力、出力、dtype、形状が表示され、グループをダブルクリックすると開きます。
#
# > **本物の TensorFlow との違い。** 上の TensorFlow 1 スタイルのコードで、`with g.as_default():` ブロックの外で作った Eager のテンソルを使うと、TensorFlow は拒否しますが、エンジンは定数として黙ってコピーしてしまいます。`W` と `b` を明示的にコピーしたのはそのためです。（[`docs/engine-api-graphs.md`](../docs/engine-api-graphs.md) の "Differences from TensorFlow" を参照してください。）

# %% [markdown]
# ## Exercises
#
# **graphs-and-sessions.1** How many times does `g` trace during these six calls? Give a number.
#
# ```python
# @tf.function
# def g(x):
#     return x + 1
#
# g(tf.constant(1.0)); g(tf.constant(2.0)); g(tf.constant([1.0, 2.0]))
# g(3); g(4); g(tf.constant(5.0))
# ```

# %% [markdown] ja
# ## 練習問題
#
# **graphs-and-sessions.1** 次の 6 回の呼び出しで、`g` は何回トレースされるでしょうか? 数で答えてください。
#
# ```python
# @tf.function
# def g(x):
#     return x + 1
#
# g(tf.constant(1.0)); g(tf.constant(2.0)); g(tf.constant([1.0, 2.0]))
# g(3); g(4); g(tf.constant(5.0))
# ```

# %%
answer = ...
check("graphs-and-sessions.1", answer)

# %% [markdown]
# **graphs-and-sessions.2** Write `run_graph(xs)` in the TensorFlow 1 style: build a graph with a
# placeholder `x` of any shape (`shape=None`), compute $y = x \cdot x + 1$ in it, and
# return `sess.run(y, feed_dict={x: xs})`.

# %% [markdown] ja
# **graphs-and-sessions.2** TensorFlow 1 のスタイルで `run_graph(xs)` を書いてください。任意の形状（`shape=None`）のプレースホルダー `x` を持つグラフを組み立て、その中で $y = x \cdot x + 1$ を計算し、`sess.run(y, feed_dict={x: xs})` を返します。

# %%
def run_graph(xs):
    return ...  # your code here


check("graphs-and-sessions.2", run_graph)

# %% [markdown]
# **graphs-and-sessions.3** Give the `tf.TensorSpec` for an `input_signature` that lets one trace serve
# float32 vectors of any length.

# %% [markdown] ja
# **graphs-and-sessions.3** 1 つのトレースで任意の長さの float32 のベクトルに対応できる `input_signature` のための `tf.TensorSpec` を答えてください。

# %%
answer = ...
check("graphs-and-sessions.3", answer)
