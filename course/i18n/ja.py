"""Japanese for the notebooks' code cells: what they print and draw.

Keys are the English texts exactly as the code cells pass them to `tr(...)`,
grouped by notebook. Fields in braces are filled in by `tr`; each translation
has the same fields as its English. Labels that line up in a printed column
keep lining up: a full-width character takes two columns. Axis labels keep their
unit in brackets, as the English ones do. Terminology: `docs/glossary.ja.md`.
Read next: `ja_exercises.py` (the exercise checker's hints).
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # -- 01 Start here ---------------------------------------------------------------------
    "You are in your own copy (my-notebooks/): edit freely.":
        "ここはあなた自身のコピー（my-notebooks/）です。自由に編集してください。",
    "You are in the course's copy (notebooks/). Open my-notebooks/ to keep your changes.":
        "ここはコースの原本（notebooks/ の中）です。変更を残すには my-notebooks/ のほうを開いてください。",

    # -- 03 Operators ----------------------------------------------------------------------
    "column (3, 1), stretched": "列 (3, 1) を引き伸ばしたもの",
    "row (1, 4), stretched": "行 (1, 4) を引き伸ばしたもの",
    "sum (3, 4)": "和 (3, 4)",
    "Broadcasting: (3, 1) + (1, 4) gives (3, 4)": "ブロードキャスト: (3, 1) + (1, 4) は (3, 4) になる",

    # -- 04 Axes, reductions and slicing ----------------------------------------------------
    "reduce_sum(scores, axis=0)\nshape (3,): one total per test":
        "reduce_sum(scores, axis=0)\n形状 (3,): テストごとの合計",
    "reduce_sum(scores, axis=1)\nshape (4,): per student":
        "reduce_sum(scores, axis=1)\n形状 (4,): 学生ごと",
    "Reducing a (4, 3) matrix along axis 0 and along axis 1":
        "(4, 3) の行列を軸 0 と軸 1 に沿って集約する",
    "mean per test:   ": "テストごとの平均:",
    "best per student:": "学生ごとの最高点:",
    "best test:       ": "最高点のテスト:  ",
    "with the (5, 5) table: {loss:.3f}": "(5, 5) の表で計算:     {loss:.3f}",
    "shapes lined up:       {loss:.3f}": "形状をそろえて計算:    {loss:.3f}",
    "y_true, shape (5,): broadcast as a row (no unit)":
        "y_true、形状 (5,): 行としてブロードキャスト (単位なし)",
    "y_pred, shape (5, 1): a column (no unit)": "y_pred、形状 (5, 1): 列 (単位なし)",
    "y_true - y_pred has shape (5, 5): only the diagonal is meant":
        "y_true - y_pred の形状は (5, 5): 意図したのは対角線だけ",

    # -- 05 Variables ----------------------------------------------------------------------
    "minute {t}: {reading:4.1f} °C  high={high!s:5}  spikes so far={count}":
        "{t} 分: {reading:4.1f} °C  high={high!s:5}  これまでのスパイク={count}",
    "spikes start at minutes {minutes}": "スパイクが始まった時刻（分）: {minutes}",
    "baseline + threshold (23 °C)": "基準値 + しきい値 (23 °C)",
    "reading": "測定値",
    "high": "高い測定値",
    "spike starts here": "スパイクの始まり",
    "time (minutes)": "時刻 (分)",
    "temperature (°C)": "温度 (°C)",
    "Two spikes: the first lasts two minutes, but is counted once":
        "2 つのスパイク: 1 つ目は 2 分続くが、数えるのは 1 回",

    # -- 06 Linear regression --------------------------------------------------------------
    "load x (kg)": "荷重 x (kg)",
    "length y (cm)": "長さ y (cm)",
    "Thirty measurements of a spring": "ばねの 30 回の測定",
    "L(0, 0) = {loss:.2f} cm²   (the line y = 0)": "L(0, 0) = {loss:.2f} cm²   (直線 y = 0)",
    "L(2, 1) = {loss:.3f} cm²   (the spring we simulated)":
        "L(2, 1) = {loss:.3f} cm²   (シミュレーションしたばね)",
    "NumPy's polyfit agrees:": "NumPy の polyfit も一致:",
    "after {steps} steps: a = {a:.3f}, b = {b:.3f}, L = {loss:.4f}":
        "{steps} ステップ後: a = {a:.3f}, b = {b:.3f}, L = {loss:.4f}",
    "  (not trainable)": "  (trainable ではない)",
    "  (a constant nobody watched)": "  (誰も watch していない定数)",
    "tape:    dL/da = {da:.3f}, dL/db = {db:.3f}": "テープ:  dL/da = {da:.3f}, dL/db = {db:.3f}",
    "by hand: dL/da = {da:.3f}, dL/db = {db:.3f}": "手計算:  dL/da = {da:.3f}, dL/db = {db:.3f}",
    "same losses as by hand:": "手計算と同じ損失:",
    "measurements": "測定値",
    "fitted: y = {a:.2f} x + {b:.2f}": "当てはめた直線: y = {a:.2f} x + {b:.2f}",
    "The fitted line": "当てはめた直線",
    "step (one update of a and b)": "ステップ (a と b の更新 1 回)",
    "MSE L (cm², log scale)": "MSE L (cm²、対数軸)",
    "The loss curve": "損失曲線",
    "descent path": "降下の経路",
    "minimum": "最小値",
    "slope a (cm/kg)": "傾き a (cm/kg)",
    "intercept b (cm)": "切片 b (cm)",
    "MSE L (cm², contour levels)": "MSE L (cm²、等高線の値)",
    "200 steps, learning rate {rate}": "200 ステップ、学習率 {rate}",
    "eigenvalues:": "固有値:",
    "largest stable learning rate: 2 / {largest:.3f} = {rate:.4f}":
        "安定な学習率の最大値: 2 / {largest:.3f} = {rate:.4f}",
    "MSE L (cm²)": "MSE L (cm²)",
    "learning rate {rate:.4f}, {steps} steps": "学習率 {rate:.4f}、{steps} ステップ",
    "step": "ステップ",
    "MSE L (cm², log scale, capped at 1e6)": "MSE L (cm²、対数軸、1e6 で打ち切り)",
    "diverges!": "発散!",
    "final L = {loss:.3f} cm²": "最後の L = {loss:.3f} cm²",
    "learning rate": "学習率",
    "steps": "ステップ数",
    "learning rate 0.1725: L goes from {first:.0f} to {last:.3g} cm² in 40 steps":
        "学習率 0.1725: 40 ステップで L は {first:.0f} から {last:.3g} cm² になる",

    # -- 07 Backpropagation ----------------------------------------------------------------
    "tape:     ": "テープ:  ",
    "numerical:": "数値微分:",
    "y = (w₁x₁ + w₂x₂)²: values forward, gradients (←) backward":
        "y = (w₁x₁ + w₂x₂)²: 値は順方向に、勾配 (←) は逆方向に",
    "square : y = 4": "二乗 : y = 4",
    "dL/d{name}: shape {shape}, by hand == tape: {same}":
        "dL/d{name}: 形状 {shape}、手計算 == テープ: {same}",
    "all 0.5: loss {loss:.4f}, W1 =": "すべて 0.5: 損失 {loss:.4f}、W1 =",
    "random:  loss {loss:.4f}, W1 =": "ランダム:   損失 {loss:.4f}、W1 =",

    # -- 08 Standardization ----------------------------------------------------------------
    "mean    ": "平均    ",
    "variance": "分散    ",
    "std     ": "標準偏差",
    "by hand ": "手計算  ",
    "{name}: mean {mean:.3f}, std {std:.3f}": "{name}: 平均 {mean:.3f}、標準偏差 {std:.3f}",
    "distance x (km)": "距離 x (km)",
    "fare y (€)": "運賃 y (€)",
    "Original input": "元の入力",
    "standardized distance z (standard deviations, no unit)":
        "標準化した距離 z (標準偏差の何倍か、単位なし)",
    "Standardized input": "標準化した入力",
    "The same thirty rides, before and after standardizing the input":
        "同じ 30 回の乗車、入力の標準化の前と後",
    "{name}: eigenvalues {low:8.2f} {high:8.2f}   condition number {kappa:6.1f}":
        "{name}: 固有値 {low:8.2f} {high:8.2f}   条件数 {kappa:6.1f}",
    "raw x:        steps to converge {steps:4d}, a   = {a:.3f}, b   = {b:.3f}":
        "そのままの x: 収束までのステップ数 {steps:4d}, a   = {a:.3f}, b   = {b:.3f}",
    "standardized: steps to converge {steps:4d}, a_z = {a:.3f}, b_z = {b:.3f}":
        "標準化した z: 収束までのステップ数 {steps:4d}, a_z = {a:.3f}, b_z = {b:.3f}",
    "raw x ({steps} steps)": "そのままの x ({steps} ステップ)",
    "standardized z ({steps} step)": "標準化した z ({steps} ステップ)",
    "0.1% of the minimum": "最小値の 0.1%",
    "step + 1 (log scale)": "ステップ + 1 (対数軸)",
    "L − minimum (€², log scale)": "L − 最小値 (€²、対数軸)",
    "Distance to the minimum": "最小値までの距離",
    "raw x": "そのままの x",
    "standardized z": "標準化した z",
    "steps to converge (log scale)": "収束までのステップ数 (対数軸)",
    "Steps needed": "必要なステップ数",
    "condition number κ = {kappa:.1f}, loss gap to shrink by R = {ratio:,.0f}":
        "条件数 κ = {kappa:.1f}、損失の差を縮める割合 R = {ratio:,.0f}",
    "estimate (κ/2)·ln R = {estimate:.0f} steps; measured: {measured}":
        "見積もり (κ/2)·ln R = {estimate:.0f} ステップ、実測: {measured}",
    "from z:        a = {a:.3f}, b = {b:.3f}": "z から:       a = {a:.3f}, b = {b:.3f}",
    "least squares: a = {a:.3f}, b = {b:.3f}": "最小二乗法:   a = {a:.3f}, b = {b:.3f}",

    # -- 09 Graphs and sessions ------------------------------------------------------------
    "tracing with x =": "トレース中、x =",
    "traced {count} time(s)": "トレースした回数: {count}",
    "{name:<9} {type:<12} inputs: {inputs}": "{name:<9} {type:<12} 入力: {inputs}",
    "The traced graph of dense_graph(x, W, b)": "トレースした dense_graph(x, W, b) のグラフ",
    "clipped_sum: a while node and a cond node": "clipped_sum: while ノードと cond ノード",

    # -- 10 TensorBoard --------------------------------------------------------------------
    "learning rate {rate}: last loss {loss:.4f}  a = {a:.3f}  b = {b:.3f}":
        "学習率 {rate}: 最後の損失 {loss:.4f}  a = {a:.3f}  b = {b:.3f}",
    "tags:": "タグ:",
    "{count} loss values; the first three: {first}": "損失の値 {count} 個。最初の 3 つ: {first}",
    "step {step:2d}: {count} buckets, from {low:.2f} to {high:.2f} (width {width:.2f}), "
    "{values} values":
        "ステップ {step:2d}: バケット {count} 個、{low:.2f} から {high:.2f} まで"
        "（幅 {width:.2f}）、値 {values} 個",
    "loss: MSE (squared units of y, log scale)": "損失: MSE (y の単位の二乗、対数軸)",
    "The two runs' loss, read back from the event files": "イベントファイルから読み戻した 2 つの実行の損失",
    "run": "実行",

    # -- 11 Saving and loading -------------------------------------------------------------
    "loss {loss:.4f}   a = {a:.3f}   b = {b:.3f}": "損失 {loss:.4f}   a = {a:.3f}   b = {b:.3f}",
    "before: a = {a:.3f}": "復元前: a = {a:.3f}",
    "after:  a = {a:.3f}": "復元後: a = {a:.3f}",
    "epoch {epoch}  step {step}  loss {loss:.4f}  saved {name}":
        "エポック {epoch}  ステップ {step}  損失 {loss:.4f}  保存先 {name}",
    "kept:": "残っているもの:",
    "latest:": "最新:",
    "resumed at step {step}  a = {a:.3f}  b = {b:.3f}":
        "ステップ {step} から再開  a = {a:.3f}  b = {b:.3f}",
    "after 20 more steps: loss {loss:.4f}  a = {a:.3f}  b = {b:.3f}":
        "さらに 20 ステップ後: 損失 {loss:.4f}  a = {a:.3f}  b = {b:.3f}",
    "loaded:  ": "読み込んだモデル:",
    "original:": "元のモデル:      ",

    # -- 12 A first neural network ---------------------------------------------------------
    "T-shirt/top": "Tシャツ/トップス",
    "Trouser": "ズボン",
    "Pullover": "プルオーバー",
    "Dress": "ドレス",
    "Coat": "コート",
    "Sandal": "サンダル",
    "Shirt": "シャツ",
    "Sneaker": "スニーカー",
    "Bag": "バッグ",
    "Ankle boot": "アンクルブーツ",
    "The first sixteen training images and their labels": "最初の 16 枚のトレーニング画像とそのラベル",
    "pixels from {low:.1f} to {high:.1f}": "ピクセルの値は {low:.1f} から {high:.1f}",
    "images per class:": "クラスごとの画像の数:",
    " sum:": " 合計:",
    "from {low:.0%} to {high:.0%}; uniform would be {uniform:.0%} each":
        "{low:.0%} から {high:.0%}。一様ならどれも {uniform:.0%}",
    "label:": "ラベル:",
    "tape:    ": "テープ:   ",
    "gradient p - one-hot": "勾配 p - one-hot",
    "class (0-9; 9 = ankle boot)": "クラス (0-9、9 = アンクルブーツ)",
    "value (probability, no unit)": "値 (確率、単位なし)",
    "The gradient of the cross-entropy for one image, class by class":
        "画像 1 枚に対する交差エントロピーの勾配 (クラスごと)",
    "naive softmax:": "素朴なソフトマックス:",
    "loss for label 2:    ": "ラベル 2 の損失:     ",
    "via softmax, then log: {loss:.2f}": "ソフトマックスの後で対数: {loss:.2f}",
    "from the logits:       {loss:.2f}": "ロジットから直接:         {loss:.2f}",
    "Glorot limit for 784 -> 512: {limit:.4f}": "784 -> 512 の Glorot の範囲: {limit:.4f}",
    "the kernel's values: from {low:.4f} to {high:.4f}, std {std:.4f} "
    "(uniform: limit/sqrt(3) = {uniform:.4f})":
        "カーネルの値: {low:.4f} から {high:.4f}、標準偏差 {std:.4f} "
        "(一様分布なら limit/sqrt(3) = {uniform:.4f})",
    "biases:": "バイアス:",
    "layer (tanh, 256 units)": "レイヤー (tanh、256 ユニット)",
    "spread of the signal (std, no unit)": "信号の広がり (標準偏差、単位なし)",
    "Signal spread through ten layers, for three kernel scales":
        "10 レイヤーを通る信号の広がり、3 通りのカーネルのスケールで",
    "kernel scale": "カーネルのスケール",
    "test loss {loss:.4f}   test accuracy {accuracy:.4f}":
        "テストの損失 {loss:.4f}   テストの正解率 {accuracy:.4f}",
    "last epoch's training accuracy {accuracy:.4f}":
        "最後のエポックのトレーニングの正解率 {accuracy:.4f}",
    "predicted:": "予測:",
    "true:     ": "正解:",
    "{count} mistakes in {total} test images": "テスト画像 {total} 枚中 {count} 枚で間違い",
    "{mark} {guess} {p:.0%}\n(true: {truth})": "{mark} {guess} {p:.0%}\n(正解: {truth})",
    "Top: the first six test images. Bottom: the first six mistakes.":
        "上: 最初の 6 枚のテスト画像。下: 最初の 6 つの間違い。",

    # -- 13 Training and overfitting -------------------------------------------------------
    "training images: {train}  test images: {test}":
        "トレーニング画像: {train}  テスト画像: {test}",
    "batch {size:6,}: {steps:3} steps per epoch, loss after 5 epochs {loss:.3f}":
        "バッチ {size:6,}: 1 エポック {steps:3} ステップ、5 エポック後の損失 {loss:.3f}",
    "full batch (10,000)": "フルバッチ (10,000)",
    "batch {size:,}": "バッチ {size:,}",
    "epoch (passes over the 10,000 training images)": "エポック (10,000 枚のトレーニング画像を通した回数)",
    "training loss (cross-entropy, nats)": "トレーニングの損失 (交差エントロピー、nat)",
    "Same model, same learning rate, three batch sizes": "同じモデル、同じ学習率、3 通りのバッチサイズ",
    "epoch {epoch}: loss {loss:.4f}, accuracy {accuracy:.4f}":
        "エポック {epoch}: 損失 {loss:.4f}、正解率 {accuracy:.4f}",
    "test accuracy {accuracy:.4f}": "テストの正解率 {accuracy:.4f}",
    "train_step was traced {count} times": "train_step をトレースした回数: {count}",
    "lowest val_loss {loss:.3f} at epoch {epoch}": "val_loss の最小値 {loss:.3f}（エポック {epoch}）",
    "after epoch 30: loss {loss:.3f}, val_loss {val_loss:.3f}, accuracy {accuracy:.3f}, "
    "val_accuracy {val_accuracy:.3f}":
        "エポック 30 の後: loss {loss:.3f}、val_loss {val_loss:.3f}、accuracy {accuracy:.3f}、"
        "val_accuracy {val_accuracy:.3f}",
    "loss": "損失",
    "cross-entropy, nats": "交差エントロピー、nat",
    "accuracy": "正解率",
    "fraction correct": "正解の割合",
    "training (800 images)": "トレーニング (800 枚)",
    "validation (200 images)": "検証 (200 枚)",
    "lowest val_loss (epoch {epoch})": "val_loss の最小値 (エポック {epoch})",
    "epoch": "エポック",
    "Loss: training keeps falling, validation turns up": "損失: トレーニングは下がり続け、検証は上がり始める",
    "Accuracy: training reaches 100%, validation stalls": "正解率: トレーニングは 100% に達し、検証は頭打ち",
    "trained {epochs} epochs instead of 30; best epoch {best}, val_loss {loss:.3f}":
        "30 エポックではなく {epochs} エポックでトレーニング終了。最良のエポック {best}、val_loss {loss:.3f}",
    "30 epochs": "30 エポック",
    "early stopping": "早期停止",
    "{name:>14}: test loss {loss:.3f}, test accuracy {accuracy:.3f}":
        "{name:>8}: テストの損失 {loss:.3f}、テストの正解率 {accuracy:.3f}",
    "training loss": "トレーニングの損失",
    "validation loss": "検証の損失",
    "loss (cross-entropy, nats)": "損失 (交差エントロピー、nat)",
    "Exercise: read these curves": "練習問題: この曲線を読み取る",

    # -- 14 Troubleshooting ----------------------------------------------------------------
    "no /proc/cpuinfo: not Linux (run this inside the container)":
        "/proc/cpuinfo がありません。Linux ではありません（コンテナの中で実行してください）",
    "machine:": "マシン:",
    "yes": "あり",
    "no": "なし",
    "not an x86 CPU: AVX does not apply; features:": "x86 の CPU ではないので AVX は関係ありません。機能:",
    "unknown (no cgroup v2 file here)": "不明（cgroup v2 のファイルがありません）",
    "no limit": "上限なし",
    "memory limit:": "メモリ上限:  ",
    "in use now:  ": "現在の使用量:",
    "killed for lack of memory so far:": "これまでにメモリ不足で終了したプロセス:",
    "engine ready:": "エンジンの準備完了:",
}
