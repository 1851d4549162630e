"""Japanese for the exercise checker: the verdicts of `check(...)` and every hint.

Keys are the English texts exactly as the checkers pass them to `tr(...)`
(`course/exercises/`), grouped like the checker modules. Fields in braces are
filled in by `tr`; each translation has the same fields as its English.
Code, API names, commands and TensorFlow's messages stay as they are.
Terminology: `docs/glossary.ja.md`.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # -- checks.py: the verdict line -------------------------------------------------------
    "⏳ {id} not attempted yet: replace ... with your answer.":
        "⏳ {id} はまだ解答されていません。... をあなたの答えに書き換えてください。",
    "✅ {id} correct!": "✅ {id} 正解です!",
    "❌ {id} not yet. Hint: {hint}": "❌ {id} はまだ正解ではありません。ヒント: {hint}",
    "checking your answer raised {error}: {message}":
        "答えをチェックしたところ {error} が発生しました: {message}",

    # -- helpers.py --------------------------------------------------------------------------
    "expected a tensor, got a {kind}.": "テンソルが必要ですが、{kind} が渡されました。",
    "expected dtype {want}, got {got}.": "dtype は {want} のはずですが、{got} になっています。",
    "expected shape {want}, got {got}.": "形状は {want} のはずですが、{got} になっています。",
    "right dtype and shape, but some values are off.":
        "dtype と形状は合っていますが、一部の値が違います。",
    "expected a pair ({what}).": "2 つの値の組 ({what}) を返してください。",
    "pass the function itself: check({call}).":
        "関数そのものを渡してください: check({call})。",

    # -- checks_environment.py: 01 Start here ----------------------------------------------
    "run course-url in the `lab` service: docker compose exec lab course-url.":
        "course-url は `lab` サービスの中で実行します: docker compose exec lab course-url。",
    "the logs do show the URL among everything else printed since the start; "
    "ask the running `lab` service to print it again: docker compose exec lab ...":
        "ログにも URL は出ていますが、起動してから表示されたほかの行に埋もれています。"
        "実行中の `lab` サービスにもう一度表示させましょう: docker compose exec lab ...",
    "`docker exec` wants a container name; Compose knows the service as `lab`: "
    "docker compose exec lab ...":
        "`docker exec` にはコンテナ名が必要です。Compose ではこのサービスを `lab` と呼びます: "
        "docker compose exec lab ...",
    "course-url lives inside the container; run it there from your project folder "
    "with docker compose exec lab ...":
        "course-url はコンテナの中にあるコマンドです。プロジェクトのフォルダから "
        "docker compose exec lab ... で実行してください。",
    "run a command *inside* the running `lab` service: docker compose exec lab ...":
        "実行中の `lab` サービスの*中で*コマンドを実行します: docker compose exec lab ...",
    "TensorBoard serves plain http here (no https): http://127.0.0.1:6006.":
        "この TensorBoard は https ではなく http で応答します: http://127.0.0.1:6006。",
    "port 8888 is JupyterLab; TensorBoard has its own port.":
        "ポート 8888 は JupyterLab です。TensorBoard には専用のポートがあります。",
    "0.0.0.0 is where a server listens, not an address to open: use 127.0.0.1.":
        "0.0.0.0 はサーバーが待ち受けるアドレスで、ブラウザで開くアドレスではありません。"
        "127.0.0.1 を使ってください。",
    "TensorBoard listens on port 6006 of your own machine (127.0.0.1).":
        "TensorBoard はあなたのマシン (127.0.0.1) のポート 6006 で待ち受けています。",
    "that is a folder inside it; the answer is the folder itself.":
        "それはその中のフォルダです。答えはフォルダそのものです。",
    "notebooks/ is the course's copy; yours is the git-ignored folder next to it.":
        "notebooks/ はコースの原本です。あなたのコピーは、その隣にある git の管理外のフォルダです。",

    # -- checks_environment.py: 14 Troubleshooting ------------------------------------------
    "that is TensorFlow's own check; more often the CPU stops it first. "
    "What does the shell say then?":
        "それは TensorFlow 自身のチェックです。多くの場合はその前に CPU が止めてしまいます。"
        "そのときシェルは何と表示するでしょうか?",
    "the CPU met an instruction it does not know; the shell says so in two words.":
        "CPU が知らない命令に出会いました。シェルはそれを英語の 2 語で表示します。",
    "return True or False, got a {kind}.":
        "True か False を返してください。{kind} が返されました。",
    "has_flag(..., {flag}) should be {want} for:\n{cpuinfo}":
        "次の入力では has_flag(..., {flag}) は {want} になるはずです:\n{cpuinfo}",
    "has_flag(..., {flag}) should be {want} (every processor must list it, "
    "not only the first) for:\n{cpuinfo}":
        "次の入力では has_flag(..., {flag}) は {want} になるはずです "
        "(最初のプロセッサーだけでなく、すべてのプロセッサーに載っている必要があります):\n{cpuinfo}",
    "has_flag(..., {flag}) should be {want} (compare whole words: 'avx' is "
    "not 'avx2') for:\n{cpuinfo}":
        "次の入力では has_flag(..., {flag}) は {want} になるはずです "
        "(単語単位で比べてください。'avx' は 'avx2' ではありません):\n{cpuinfo}",
    "memory_limit_mib({content}) should be {want}, got {got} (1 MiB = 1024 * 1024 bytes).":
        "memory_limit_mib({content}) は {want} になるはずですが、{got} が返されました "
        "(1 MiB = 1024 * 1024 バイト)。",

    # -- checks_basics.py: 02 Tensors ---------------------------------------------------------
    "that is a reshape to (4, 3); reshape to (3, 4) first, then transpose.":
        "それは (4, 3) への reshape です。まず (3, 4) に reshape してから転置してください。",
    "Python floats become float32, but a NumPy array keeps its own dtype.":
        "Python の浮動小数点数は float32 になりますが、NumPy 配列は自分の dtype を保ちます。",
    "print(tf.constant(np.array([1.0, 2.0])).dtype) and compare.":
        "print(tf.constant(np.array([1.0, 2.0])).dtype) を実行して比べてみましょう。",

    # -- checks_basics.py: 03 Operators -------------------------------------------------------
    "elementwise product, matrix product": "要素ごとの積, 行列積",
    "both results are int32 tensors of shape (2, 2).":
        "結果はどちらも形状 (2, 2) の int32 テンソルです。",
    "the two are swapped: tf.multiply (or *) is elementwise, "
    "tf.matmul (or @) is rows times columns.":
        "2 つが入れ替わっています。tf.multiply (または *) は要素ごとの積、"
        "tf.matmul (または @) は行と列を掛け合わせる行列積です。",
    "the first one multiplies entry by entry: tf.multiply(A, B) or A * B.":
        "1 つ目は要素どうしを掛けます: tf.multiply(A, B) または A * B。",
    "the second one is the matrix product: tf.matmul(A, B) or A @ B.":
        "2 つ目は行列積です: tf.matmul(A, B) または A @ B。",
    "quotient, remainder": "商, 余り",
    "that is C's truncation; TF (like Python) rounds the quotient down, towards -inf.":
        "それは C 言語の切り捨て (0 方向) です。TF は Python と同じく、商を -inf の方向に切り下げます。",
    "check that quotient * 2 + remainder == -7, with the quotient rounded down.":
        "商を切り下げたうえで、商 * 2 + 余り == -7 になることを確かめてください。",
    "float64 is NumPy's habit; cast the integers to tf.float32 instead.":
        "float64 になるのは NumPy の流儀です。代わりに整数を tf.float32 にキャストしてください。",

    # -- checks_basics.py: 04 Axes and slicing ------------------------------------------------
    "that is one mean per student (axis=1); each test is a column: average down it.":
        "それは学生ごとの平均 (axis=1) です。テストは列なので、列に沿って縦に平均してください。",
    "the right numbers, but keepdims=True kept a row axis; the shape asked is (3,).":
        "値は合っていますが、keepdims=True で行の軸が残っています。求める形状は (3,) です。",
    "that averages every score; average over the students only (one axis).":
        "それはすべての点数の平均です。学生についてだけ (1 つの軸に沿って) 平均してください。",
    "a single index (-1) drops the axis it selects from; a slice (-1:) keeps it, "
    "so the result stays a column.":
        "インデックス 1 つ (-1) で選ぶと、その軸はなくなります。スライス (-1:) なら軸が残り、"
        "結果は列のままです。",
    "that is the last row (a student); the tests are the columns: [:, ...].":
        "それは最後の行 (1 人の学生) です。テストは列です: [:, ...]。",
    "return one number (a scalar tensor); got shape {shape}.":
        "数を 1 つ (スカラーのテンソル) 返してください。形状 {shape} が返されました。",
    "y_true - y_pred broadcast (n,) against (n, 1) into an (n, n) table: "
    "reshape y_pred to (n,) first (tf.reshape(y_pred, [-1]) or tf.squeeze).":
        "y_true - y_pred で (n,) と (n, 1) がブロードキャストされ、(n, n) の表になっています。"
        "先に y_pred を (n,) に変形してください (tf.reshape(y_pred, [-1]) または tf.squeeze)。",
    "that is the sum of squares; the *mean* divides by n.":
        "それは二乗和です。*平均*なので n で割ります。",
    "for y_true={y_true} expected {want}, got {got}.":
        "y_true={y_true} では {want} になるはずですが、{got} が返されました。",

    # -- checks_basics.py: 05 Variables -------------------------------------------------------
    "expected a tf.Variable, got a {kind}.": "tf.Variable が必要ですが、{kind} が渡されました。",
    "for {readings}: {hint}": "{readings} の場合: {hint}",
    "that marks every high reading; a spike that lasts two readings must count once, "
    "where it starts (high now, not high just before).":
        "それでは高い測定値すべてに印が付きます。2 回続くスパイクは、始まった所で 1 回だけ"
        "数えます (今が高く、直前は高くない所)。",
    "for {readings} (baseline {baseline}, threshold {threshold}) expected {want}, got {got}.":
        "{readings} (基準値 {baseline}、しきい値 {threshold}) では {want} になるはずですが、"
        "{got} が返されました。",
    "a counter is not a weight: create it with trainable=False.":
        "カウンターは重みではありません。trainable=False で作成してください。",

    # -- checks_descent.py: 06 Linear regression ----------------------------------------------
    "a and b are swapped: return (slope, intercept).":
        "a と b が入れ替わっています。(傾き, 切片) の順に返してください。",
    "that line goes through the origin: the design matrix needs a column of ones for b.":
        "その直線は原点を通っています。計画行列には b のための 1 の列が必要です。",
    "for x={x}, y={y} expected a≈{want_a}, b≈{want_b}; got a={a}, b={b}.":
        "x={x}, y={y} では a≈{want_a}, b≈{want_b} になるはずですが、a={a}, b={b} が返されました。",
    "the signs are flipped: d/da of (y - a x - b) is -x.":
        "符号が逆です。(y - a x - b) の a による微分は -x です。",
    "that is the gradient of ½·SSE = ½ sum(r²); the MSE is the *mean* of r², "
    "so its gradient is -(2/n) sum(r x).":
        "それは ½·SSE = ½ sum(r²) の勾配です。MSE は r² の*平均*なので、その勾配は "
        "-(2/n) sum(r x) です。",
    "at a={a}, b={b} expected ({want_a}, {want_b}), got ({da}, {db}).":
        "a={a}, b={b} では ({want_a}, {want_b}) になるはずですが、({da}, {db}) が返されました。",
    "pick one of {rates}.": "{rates} の中から選んでください。",
    "run the descent with that rate for 50 steps: does the loss go down?":
        "その学習率で 50 ステップ勾配降下を実行してみましょう。損失は下がりますか?",
    "that rate converges, but a larger one in the list still does.":
        "その学習率でも収束しますが、リストにはまだ収束するもっと大きな値があります。",

    # -- checks_descent.py: 07 Backpropagation ------------------------------------------------
    "you have ds/dw; multiply by dy/ds = 2s.":
        "それは ds/dw です。さらに dy/ds = 2s を掛けてください。",
    "first compute s = w1*x1 + w2*x2, then dy/dw1 = 2*s*x1.":
        "まず s = w1*x1 + w2*x2 を計算し、次に dy/dw1 = 2*s*x1 を求めます。",
    "that is sigmoid itself; its derivative is sigmoid(z) * (1 - sigmoid(z)).":
        "それはシグモイドそのものです。その導関数は sigmoid(z) * (1 - sigmoid(z)) です。",
    "that multiplies the two derivatives; the product rule adds two terms.":
        "それは 2 つの導関数を掛けています。積の微分法則では 2 つの項を足します。",
    "use the product rule, or let a GradientTape compute it (watch a float constant).":
        "積の微分法則を使うか、GradientTape に計算させてください (浮動小数点数の定数を watch します)。",

    # -- checks_descent.py: 08 Standardization ------------------------------------------------
    "the mean is the sum divided by the count.": "平均は合計を個数で割ったものです。",
    "that divides by n - 1 (the sample std); here we divide by n, like tf.math.reduce_std.":
        "それは n - 1 で割っています (標本標準偏差)。ここでは tf.math.reduce_std と同じく n で割ります。",
    "that is the variance; the standard deviation is its square root.":
        "それは分散です。標準偏差はその平方根です。",
    "std = sqrt(mean((x - mean)^2)).": "std = sqrt(mean((x - mean)^2)) です。",
    "you centred the values; now divide by the standard deviation too.":
        "値を中心化できました。次に標準偏差でも割ってください。",
    "for x={x}: {hint}": "x={x} の場合: {hint}",
    "write a_z * (x - mean) / std + b_z as a * x + b and read off a and b "
    "(for a_z={a_z}, b_z={b_z}, mean={mean}, std={std}: a={want_a}, b={want_b}).":
        "a_z * (x - mean) / std + b_z を a * x + b の形に書き直して、a と b を読み取ってください "
        "(a_z={a_z}, b_z={b_z}, mean={mean}, std={std} なら a={want_a}, b={want_b})。",

    # -- checks_graphs.py: 09 Graphs and sessions ---------------------------------------------
    "expected a whole number, got a {kind}.": "整数が必要ですが、{kind} が渡されました。",
    "a tensor with a dtype and shape seen before reuses the trace it made then.":
        "以前と同じ dtype と形状のテンソルなら、そのとき作ったトレースを再利用します。",
    "Python numbers are part of the trace key by value: 3 and 4 trace separately.":
        "Python の数値は値そのものがトレースのキーになります。3 と 4 は別々にトレースされます。",
    "go through the calls one by one: a new (dtype, shape) of a tensor traces, "
    "and so does every new Python value.":
        "呼び出しを 1 つずつ確かめましょう。テンソルの (dtype, 形状) が新しければトレースされ、"
        "Python の値が新しいときもトレースされます。",
    "you returned a tensor: build the graph with a placeholder inside "
    "tf.compat.v1.Graph() and run it with sess.run(y, feed_dict=...), "
    "which returns a NumPy array.":
        "テンソルが返されました。tf.compat.v1.Graph() の中でプレースホルダーを使ってグラフを作り、"
        "sess.run(y, feed_dict=...) で実行してください。結果は NumPy 配列で返ります。",
    "sess.run returns a NumPy array; got a {kind}.":
        "sess.run は NumPy 配列を返します。{kind} が返されました。",
    "for xs={xs} expected {want}, got {got}: the placeholder's shape should "
    "accept any shape (shape=None).":
        "xs={xs} では {want} になるはずですが、{got} が返されました。プレースホルダーは"
        "どんな形状でも受け付けるようにしてください (shape=None)。",
    "expected a tf.TensorSpec, got a {kind}.":
        "tf.TensorSpec が必要ですが、{kind} が渡されました。",
    "the vectors are float32, the spec says {dtype}.":
        "ベクトルは float32 ですが、TensorSpec では {dtype} になっています。",
    "that spec accepts every rank, even matrices; ask for vectors: shape [None].":
        "その TensorSpec はどの階数でも、行列でも受け付けてしまいます。ベクトルに限定してください: "
        "形状 [None]。",
    "a vector has one axis; the spec has {rank}.":
        "ベクトルの軸は 1 つですが、TensorSpec では {rank} つになっています。",
    "the spec fixes the length to {length}; None means 'any length'.":
        "その TensorSpec は長さを {length} に固定しています。None は「任意の長さ」を表します。",
    "f traced {count} times for three lengths.":
        "3 通りの長さに対して f が {count} 回トレースされました。",

    # -- checks_graphs.py: 10 TensorBoard -----------------------------------------------------
    "no scalar named 'loss' was written: use `with writer.as_default():` and "
    "tf.summary.scalar('loss', ...).":
        "'loss' という名前のスカラーが書き込まれていません。`with writer.as_default():` と "
        "tf.summary.scalar('loss', ...) を使ってください。",
    "expected steps {want}, got {got}: pass step=i.":
        "ステップは {want} のはずですが、{got} になっています。step=i を渡してください。",
    "the steps are right, but the values are not the losses in order.":
        "ステップは合っていますが、値が損失の順になっていません。",
    "the command is called tensorboard.": "コマンドの名前は tensorboard です。",
    "tell it where the event files are: --logdir followed by the folder.":
        "イベントファイルの場所を指定してください: --logdir の後にフォルダを書きます。",
    "{folder} is not the logs/ folder the notebooks write to.":
        "{folder} は、ノートブックが書き込む logs/ フォルダではありません。",
    "the course's TensorBoard uses port 6006 (which is also the default).":
        "このコースの TensorBoard はポート 6006 を使います (デフォルトも 6006 です)。",

    # -- checks_graphs.py: 11 Saving and loading ----------------------------------------------
    "expected a list of checkpoint numbers, such as [1, 2].":
        "[1, 2] のような、チェックポイント番号のリストを答えてください。",
    "the manager keeps the *newest* checkpoints and deletes older ones.":
        "CheckpointManager は*新しい*チェックポイントを残し、古いものを削除します。",
    "the numbers count saves from 1; max_to_keep=2 keeps two of them.":
        "番号は保存の回数を 1 から数えたものです。max_to_keep=2 ならそのうち 2 つが残ります。",
    "for a folder without checkpoints, return None (and change nothing).":
        "チェックポイントのないフォルダなら None を返してください (何も変更しないこと)。",
    "that restored the oldest checkpoint; tf.train.latest_checkpoint finds the newest.":
        "それは最も古いチェックポイントを復元しています。最新のものは "
        "tf.train.latest_checkpoint で見つかります。",
    "the model's w should be 3.0 after restoring: "
    "tf.train.Checkpoint(model=model).restore(path).":
        "復元後のモデルの w は 3.0 になるはずです: tf.train.Checkpoint(model=model).restore(path)。",
    "return the path you restored (it ends in ckpt-3), got {got}.":
        "復元したパス (末尾は ckpt-3) を返してください。{got} が返されました。",
    "nothing was saved in the folder: call tf.saved_model.save(module, directory).":
        "フォルダに何も保存されていません。tf.saved_model.save(module, directory) を"
        "呼び出してください。",
    "the loaded object has no `f`: give your tf.Module a tf.function named f.":
        "読み込んだオブジェクトに `f` がありません。tf.Module に f という名前の tf.function を"
        "持たせてください。",
    "loaded.f({xs}) should be {want}.": "loaded.f({xs}) は {want} になるはずです。",

    # -- checks_networks.py: 12 A first neural network ----------------------------------------
    "that counts the weights; each of the 128 units has a bias too.":
        "それは重みの数です。128 個のユニットにはそれぞれバイアスもあります。",
    "every one of the 128 units has one weight per input pixel (28 * 28 of them), "
    "plus a bias.":
        "128 個のユニットはどれも、入力のピクセル (28 * 28 個) ごとに重みを 1 つずつ持ち、"
        "さらにバイアスを 1 つ持ちます。",
    "that is one loss per image; the loss of the batch is their mean.":
        "それは画像ごとの損失です。バッチの損失はそれらの平均です。",
    "the confident row [1000, 0, -1000] overflowed: exp(1000) is inf in float32. "
    "Use log-sum-exp (subtract the row's maximum), e.g. tf.reduce_logsumexp.":
        "確信の強い行 [1000, 0, -1000] でオーバーフローしました。float32 では exp(1000) は inf "
        "です。log-sum-exp (行の最大値を引く) を使ってください。たとえば tf.reduce_logsumexp です。",
    "the sign: the loss is *minus* the log-probability of the right class.":
        "符号に注意: 損失は正解クラスの対数確率に*マイナス*を付けたものです。",
    "for logits {logits} and labels {labels} expected {want}, got {got}.":
        "ロジット {logits}、ラベル {labels} では {want} になるはずですが、{got} が返されました。",
    "the sign is flipped: the gradient is p - one_hot(label), positive for the wrong "
    "classes, so that a descent step lowers their scores.":
        "符号が逆です。勾配は p - one_hot(label) で、間違ったクラスでは正になります。"
        "だから降下の 1 ステップでそれらのスコアが下がります。",
    "that is p itself; the right class still has to be subtracted: p - one_hot(label).":
        "それは p そのものです。さらに正解クラスの分を引く必要があります: p - one_hot(label)。",
    "expected softmax(logits) - one_hot(labels) = {want}.":
        "softmax(logits) - one_hot(labels) = {want} になるはずです。",
    "Glorot counts both sides: fan_in + fan_out, 784 + 128.":
        "Glorot は入力側と出力側の両方を数えます: fan_in + fan_out、つまり 784 + 128 です。",
    "almost: the limit is the square root of 6 / (fan_in + fan_out).":
        "惜しい。範囲の上限は 6 / (fan_in + fan_out) の平方根です。",
    "limit = sqrt(6 / (fan_in + fan_out)) with fan_in = 784 inputs, fan_out = 128 units.":
        "limit = sqrt(6 / (fan_in + fan_out)) です。fan_in = 784 (入力の数)、"
        "fan_out = 128 (ユニットの数) です。",

    # -- checks_networks.py: 13 Training and overfitting -------------------------------------
    "a step is one batch, and there is no half batch: the last one is just smaller.":
        "1 ステップは 1 バッチで、半分のバッチはありません。最後のバッチが小さくなるだけです。",
    "312 batches of 32 leave 16 images over: they make one more, smaller batch.":
        "32 枚のバッチを 312 個作ると 16 枚余ります。それがもう 1 つの小さなバッチになります。",
    "10,000 / 32 = 312.5: how many batches does it take to use every image once?":
        "10,000 / 32 = 312.5 です。すべての画像を 1 回ずつ使うには、バッチがいくつ必要でしょうか?",
    "best epoch, last epoch trained": "最良のエポック, 最後に学習したエポック",
    "epoch 10 has the lowest *training* loss; early stopping watches val_loss.":
        "エポック 10 は*トレーニング*損失が最も低いエポックです。早期停止が見るのは val_loss です。",
    "count epochs from 1, as the figure and the Keras log do.":
        "図や Keras のログと同じく、エポックは 1 から数えてください。",
    "patience=2 waits two epochs without improvement: epochs 5 and 6 are both "
    "worse than epoch 4, and training stops after the second.":
        "patience=2 は改善のないエポックを 2 つ待ちます。エポック 5 と 6 はどちらもエポック 4 より"
        "悪く、2 つ目の後でトレーニングが止まります。",
    "right best epoch; now count how long patience=2 waits after it.":
        "最良のエポックは合っています。その後 patience=2 がどれだけ待つか数えてください。",
    "find the epoch where the validation loss (the upper curve) is lowest.":
        "検証損失 (上側の曲線) が最も低いエポックを探してください。",
    "return the Keras model first; got a {kind}.":
        "最初の要素として Keras のモデルを返してください。{kind} が返されました。",
    "return the History that model.fit returns as the second item.":
        "2 番目の要素として、model.fit が返す History を返してください。",
    "fit without validation: pass validation_split=0.2, so that early stopping "
    "can watch val_loss.":
        "検証なしで fit しています。validation_split=0.2 を渡して、早期停止が val_loss を"
        "監視できるようにしてください。",
    "you returned {got}, but the model gets {measured} on the test images: "
    "return model.evaluate(test_images, test_labels)'s accuracy.":
        "{got} が返されましたが、このモデルのテスト画像での正解率は {measured} です。"
        "model.evaluate(test_images, test_labels) の正解率を返してください。",
    "the model reaches only {measured} on the test images: did it train? "
    "(compile with a loss and an optimizer, then fit for several epochs)":
        "このモデルのテスト画像での正解率は {measured} しかありません。トレーニングできていますか?"
        " (損失とオプティマイザを指定して compile し、何エポックか fit してください)",
    "expected three items: (model, history, test_accuracy).":
        "3 つの要素 (model, history, test_accuracy) を返してください。",
}
