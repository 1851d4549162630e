# %% [markdown]
# # Troubleshooting: dead kernels and illegal instructions
#
# Two messages frighten everyone who runs machine learning code on their own computer:
# *"The kernel appears to have died"* and *"Illegal instruction (core dumped)"*. Both mean
# that the Python process was stopped from outside, so Python cannot show you a traceback.
# This notebook explains the usual causes and how to find out which one you have.
#
# **What you will learn**
# - what a kernel is, and what its sudden death means
# - "Illegal instruction": CPU instruction sets such as AVX, and why prebuilt TensorFlow needs them
# - running out of memory, and the container's memory limit
# - how to diagnose both from a notebook or a terminal in this container
# - Docker Desktop's own messages on Windows and macOS
# - why this course's engine never meets the first problem

# %% [markdown] ja
# # トラブルシューティング: カーネルの停止と Illegal instruction
#
# 自分のコンピュータで機械学習のコードを動かす人なら誰もが恐れるメッセージが 2 つあります。*「カーネルが停止しました」*（英語の画面では *"The kernel appears to have died"*）と *"Illegal instruction (core dumped)"* です。どちらも、Python のプロセスが外から止められたことを意味するので、Python はトレースバックを表示できません。このノートブックでは、よくある原因と、どれが起きたのかを突き止める方法を説明します。
#
# **このノートブックで学ぶこと**
# - カーネルとは何か、それが突然停止するとはどういうことか
# - "Illegal instruction": AVX などの CPU の命令セットと、ビルド済みの TensorFlow がそれを必要とする理由
# - メモリ不足と、コンテナのメモリ上限
# - このコンテナのノートブックやターミナルから、両方を診断する方法
# - Windows と macOS での、Docker Desktop 自身のメッセージ
# - このコースのエンジンが 1 つ目の問題に決して出会わない理由

# %%
# %config InlineBackend.figure_formats = ['png']
import platform
from pathlib import Path

import numpy as np
import course.engine as tf
from course.exercises import check
from course.i18n import tr

# %% [markdown]
# ## "The kernel appears to have died"
#
# A notebook's code runs in a separate process, the *kernel*. JupyterLab only sends it code
# and shows what comes back. When that process ends without saying goodbye, JupyterLab
# shows a dialog titled *Kernel Restarting*, "The kernel for 14-troubleshooting.ipynb
# appears to have died. It will restart automatically.", and the status bar reads
# *Dead* for a moment; then a fresh kernel starts, and every variable is gone. An ordinary
# Python error never does this: it prints a traceback and the kernel lives on. A kernel
# dies when the operating system stops it. (Two different things are called a kernel here:
# the Jupyter kernel, the Python process that runs your code, and the Linux kernel, the
# heart of the operating system, which can stop any process.) The two usual reasons:
#
# | cause | what stops the process | typical moment |
# |---|---|---|
# | the CPU meets an instruction it does not know | the signal `SIGILL`, "Illegal instruction" | right at `import tensorflow` |
# | memory runs out | the Linux kernel's *OOM killer* sends `SIGKILL` | while creating a big tensor or loading a data set |
#
# (A third, rarer one is a crash inside compiled code, "Segmentation fault".)

# %% [markdown] ja
# ## 「カーネルが停止しました」
#
# ノートブックのコードは、*カーネル*という別のプロセスで実行されます。JupyterLab はそこにコードを送り、返ってきたものを表示しているだけです。そのプロセスが何も言わずに終了すると、JupyterLab は「カーネル再起動中」というダイアログに「14-troubleshooting.ipynb のカーネルが予期せず終了しました。自動的に再起動します。」と表示し（英語の画面では *Kernel Restarting*、"The kernel for 14-troubleshooting.ipynb appears to have died. It will restart automatically."）、ステータスバーにも一瞬「停止」（*Dead*）と表示されます。その後、新しいカーネルが起動し、変数はすべて消えています。ツールによって「カーネルが停止しました」「カーネルがクラッシュしました」のように言い方は違いますが、起きていることは同じです。普通の Python のエラーでは、こうはなりません。トレースバックが表示され、カーネルは生き続けます。カーネルが停止するのは、オペレーティングシステムがそれを止めたときです。（ここでは 2 つの違うものがカーネルと呼ばれています。あなたのコードを実行する Python のプロセスである Jupyter のカーネルと、どのプロセスでも止められる、オペレーティングシステムの中心である Linux カーネルです。）よくある理由は 2 つです。
#
# | 原因 | プロセスを止めるもの | よく起きるタイミング |
# |---|---|---|
# | CPU が知らない命令に出会った | シグナル `SIGILL`、"Illegal instruction" | `import tensorflow` の直後 |
# | メモリが足りなくなった | Linux カーネルの *OOM killer* が `SIGKILL` を送る | 大きなテンソルを作るときや、データセットを読み込むとき |
#
# （3 つ目の、もっとまれな原因は、コンパイルされたコードの中でのクラッシュ、"Segmentation fault" です。）

# %% [markdown]
# ## "Illegal instruction (core dumped)"
#
# Every CPU understands a base set of instructions, and newer CPUs add *extensions*. For
# numerical work the important ones are the vector instructions, which compute on several
# numbers at once: SSE (since 1999), AVX (since 2011), AVX2 (2013) and AVX-512.
#
# The TensorFlow packages on PyPI are compiled to use AVX (since TensorFlow 1.6). On a CPU
# without AVX, the first AVX instruction stops the process with `SIGILL`: in a terminal you
# read *Illegal instruction (core dumped)*; in JupyterLab the kernel simply dies at
# `import tensorflow`. TensorFlow does check the CPU when it loads, and if it gets that far
# it stops itself with *The TensorFlow library was compiled to use AVX instructions, but
# these aren't available on your machine* and *Aborted (core dumped)*; often, though, some
# AVX code runs before the check does. CPUs without AVX are rarer today, but you still
# meet them: older Pentium, Celeron and Atom chips, some virtual machines and cloud
# instances that hide CPU features, and x86 emulation on other processors. An x86 image
# emulated on an ARM machine (an Apple silicon Mac, say) has AVX only if its emulator offers
# it: older emulators do not (Apple's Rosetta 2 added AVX and AVX2 with macOS 15 in 2024;
# QEMU's software emulation added them in version 7.2, end of 2022).
#
# The fix is never in your code: use a machine or a build that matches the CPU (an ARM
# image on an ARM machine, a TensorFlow built from source without AVX), or, as this course
# does, avoid the compiled library.

# %% [markdown] ja
# ## "Illegal instruction (core dumped)"
#
# どの CPU も基本的な命令のセットを理解し、新しい CPU は*拡張命令*を追加しています。数値計算で重要なのはベクトル命令で、複数の数をまとめて計算します。SSE（1999 年から）、AVX（2011 年から）、AVX2（2013 年）、AVX-512 です。
#
# PyPI の TensorFlow のパッケージは、AVX を使うようにコンパイルされています（TensorFlow 1.6 から）。AVX のない CPU では、最初の AVX 命令でプロセスが `SIGILL` で止まります。ターミナルでは *Illegal instruction (core dumped)* と表示され、JupyterLab では `import tensorflow` のところでカーネルがただ停止します。TensorFlow は読み込み時に CPU を確認していて、そこまで進めば *The TensorFlow library was compiled to use AVX instructions, but these aren't available on your machine* と *Aborted (core dumped)* を表示して自分で止まります。ただし多くの場合、確認の前に AVX のコードが実行されてしまいます。今では AVX のない CPU は少なくなりましたが、まだ出会うことがあります。古い Pentium、Celeron、Atom のチップ、CPU の機能を隠す一部の仮想マシンやクラウドのインスタンス、そしてほかのプロセッサー上での x86 のエミュレーションです。ARM のマシン（たとえば Apple シリコンの Mac）でエミュレーションされる x86 のイメージに AVX があるのは、エミュレーターがそれを提供している場合だけです。古いエミュレーターは提供していません（Apple の Rosetta 2 は 2024 年の macOS 15 で AVX と AVX2 に対応しました。QEMU のソフトウェアエミュレーションは 2022 年末のバージョン 7.2 で対応しました）。
#
# あなたのコードを直しても解決しません。CPU に合ったマシンやビルドを使う（ARM のマシンでは ARM のイメージを、AVX なしでソースからビルドした TensorFlow を使う）か、このコースのように、そのコンパイル済みライブラリを使わないことです。

# %% [markdown]
# ## Which instructions does this CPU have?
#
# On Linux, and so inside this container, `/proc/cpuinfo` lists every processor with a
# `flags` line (on ARM: `Features`) naming its extensions. In a terminal:
#
# ```bash
# grep -o -w -E 'avx[0-9a-z_]*' /proc/cpuinfo | sort -u    # the AVX family, if any
# lscpu                                                  # a readable summary
# ```
#
# From Python, read the file and split the flags line into words. Splitting matters:
# `"avx" in line` would also be true for a line that only has `avx2`. We first try the
# parsing on a small sample, so the result is the same on every machine:

# %% [markdown] ja
# ## この CPU にはどの命令があるか?
#
# Linux では、したがってこのコンテナの中では、`/proc/cpuinfo` がプロセッサーごとに、拡張命令の名前を並べた `flags` の行（ARM では `Features`）を持っています。ターミナルでは次のようにします。
#
# ```bash
# grep -o -w -E 'avx[0-9a-z_]*' /proc/cpuinfo | sort -u    # AVX の仲間（あれば）
# lscpu                                                  # 読みやすい要約
# ```
#
# Python では、ファイルを読んで flags の行を単語に分けます。分けることが大切です。`"avx" in line` は `avx2` しかない行でも真になってしまいます。どのマシンでも同じ結果になるように、まず小さなサンプルで解析を試します。

# %%
def parse_cpu_flags(cpuinfo_text: str) -> set[str]:
    """The extension names on the first 'flags' (x86) or 'Features' (ARM) line."""
    for line in cpuinfo_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return set(value.split())
    return set()


sample = "processor\t: 0\nmodel name\t: Example CPU\nflags\t\t: fpu sse sse2 sse4_2 avx2 fma\n"
flags = parse_cpu_flags(sample)
print(sorted(flags))
print("avx2:", "avx2" in flags, "  avx:", "avx" in flags)

# %% [markdown]
# Now the real thing. What it prints depends on your machine, so the course's tests do not
# compare it (the `NBVAL_IGNORE_OUTPUT` comment), and the published notebook shows no
# output here. On a recent laptop it prints something like
#
# ```text
# machine: x86_64
# avx: yes   avx2: yes   avx512f: no
# ```

# %% [markdown] ja
# 次は実物です。表示される内容はマシンによって違うので、コースのテストはこれを比較せず（`NBVAL_IGNORE_OUTPUT` のコメント）、公開しているノートブックにもここの出力はありません。最近のノートパソコンなら、次のような表示になります。
#
# ```text
# machine: x86_64
# avx: yes   avx2: yes   avx512f: no
# ```
#
# （このノートブックでは `machine:` の代わりに「マシン:」、yes と no の代わりに「あり」と「なし」と表示されます。）

# %%
# NBVAL_IGNORE_OUTPUT
def cpu_report() -> None:
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        print(tr("no /proc/cpuinfo: not Linux (run this inside the container)"))
        return
    flags = parse_cpu_flags(cpuinfo.read_text())
    print(tr("machine:"), platform.machine())
    if platform.machine() in ("x86_64", "AMD64"):
        print("   ".join(f"{name}: {tr('yes') if name in flags else tr('no')}"
                         for name in ("avx", "avx2", "avx512f")))
    else:
        print(tr("not an x86 CPU: AVX does not apply; features:"), " ".join(sorted(flags)[:8]),
              "...")


cpu_report()

# %% [markdown]
# ## Running out of memory
#
# A tensor needs (number of elements) × (bytes per element) of memory: 4 bytes for
# `float32`, 8 for `float64`. That grows fast:

# %% [markdown] ja
# ## メモリ不足
#
# テンソルに必要なメモリは（要素数）×（要素 1 つのバイト数）で、`float32` なら 4 バイト、`float64` なら 8 バイトです。これはすぐに大きくなります。

# %%
for shape in ([1000, 1000], [10_000, 10_000], [50_000, 50_000]):
    size = np.prod(shape, dtype=np.int64) * tf.float32.size
    print(f"float32 {str(shape):16} {size / 2**20:10,.0f} MiB")

# %% [markdown]
# And a computation usually holds several such tensors at once (inputs, intermediate
# results, and for a GradientTape everything the backward pass needs).
#
# Docker runs the container in a *cgroup* with a memory limit: this course's
# `docker-compose.yml` sets 4 GB (`LAB_MEMORY_LIMIT` in `.env`). On Docker Desktop
# (macOS, Windows) the virtual machine's memory is a second ceiling (notebook 01): macOS
# *Settings → Resources*, Windows the `.wslconfig` file. When the processes in the
# container use more, the Linux kernel's OOM (out-of-memory) killer ends one of them,
# usually the biggest: your notebook's Jupyter kernel. Nothing is printed in the notebook;
# the Jupyter kernel just dies.
#
# In a terminal inside the container (JupyterLab: *File → New → Terminal*, or
# `docker compose exec lab bash`):
#
# ```bash
# free -m                                   # memory in MiB: total, used, available
# grep -E 'MemTotal|MemAvailable' /proc/meminfo   # the same, where `free` is not installed
# cat /sys/fs/cgroup/memory.max             # the container's limit in bytes ("max" = none)
# cat /sys/fs/cgroup/memory.current         # what the container uses now
# grep oom_kill /sys/fs/cgroup/memory.events  # how many processes the limit has killed
# ```
#
# and on the host:
#
# ```bash
# docker stats                              # live memory use of each container
# sudo dmesg | grep -i -E 'out of memory|killed process'   # the Linux kernel's log
# ```
#
# (`dmesg` usually needs root on the host; inside the container it is not allowed.)
#
# The same from Python: the cgroup files hold plain numbers, or the word `max`.

# %% [markdown] ja
# そして計算は、たいていこのようなテンソルを同時にいくつも抱えています（入力、途中の結果、GradientTape なら逆伝播に必要なすべて）。
#
# Docker はコンテナを、メモリ上限のある *cgroup* の中で動かします。このコースの `docker-compose.yml` は 4 GB を設定しています（`.env` の `LAB_MEMORY_LIMIT`）。Docker Desktop（macOS、Windows）では、仮想マシンのメモリが 2 つ目の上限になります（ノートブック 01）。macOS では *Settings → Resources*、Windows では `.wslconfig` ファイルです。コンテナの中のプロセスがそれ以上使うと、Linux カーネルの OOM（out-of-memory、メモリ不足）killer がその 1 つ、たいていは最も大きなもの、つまりあなたのノートブックの Jupyter のカーネルを終了させます。ノートブックには何も表示されず、Jupyter のカーネルがただ停止します。
#
# コンテナの中のターミナル（JupyterLab の *ファイル → 新規 → ターミナル*、または `docker compose exec lab bash`）では次のようにします。
#
# ```bash
# free -m                                   # メモリ（MiB）: 合計、使用中、利用可能
# grep -E 'MemTotal|MemAvailable' /proc/meminfo   # free がない場合の同じ情報
# cat /sys/fs/cgroup/memory.max             # コンテナの上限（バイト。"max" は上限なし）
# cat /sys/fs/cgroup/memory.current         # コンテナがいま使っている量
# grep oom_kill /sys/fs/cgroup/memory.events  # 上限によって終了させられたプロセスの数
# ```
#
# ホストでは次のようにします。
#
# ```bash
# docker stats                              # 各コンテナのメモリ使用量（リアルタイム）
# sudo dmesg | grep -i -E 'out of memory|killed process'   # Linux カーネルのログ
# ```
#
# （`dmesg` はホストでは普通 root 権限が必要で、コンテナの中では使えません。）
#
# Python でも同じことができます。cgroup のファイルには、ただの数値か、`max` という単語が入っています。

# %%
def read_cgroup(name: str) -> str | None:
    """The text of a cgroup v2 file of this container, or None if there is none."""
    path = Path("/sys/fs/cgroup") / name
    return path.read_text().strip() if path.exists() else None


def as_mib(text: str | None) -> str:
    if text is None:
        return tr("unknown (no cgroup v2 file here)")
    return tr("no limit") if text == "max" else f"{int(text) / 2**20:,.0f} MiB"


print(as_mib("max"), "|", as_mib("2147483648"), "|", as_mib(None))

# %% [markdown]
# Again the real values are machine-specific, so their output is neither compared nor
# published. It prints something like `memory limit: 4,096 MiB`, `in use now: 350 MiB`,
# `killed for lack of memory so far: 0`.

# %% [markdown] ja
# ここでも実際の値はマシンによって違うので、出力は比較も公開もしていません。`メモリ上限: 4,096 MiB`、`現在の使用量: 350 MiB`、`これまでにメモリ不足で終了したプロセス: 0` のように表示されます。

# %%
# NBVAL_IGNORE_OUTPUT
events = read_cgroup("memory.events") or ""
oom_kills = next((line.split()[1] for line in events.splitlines() if line.startswith("oom_kill ")),
                 "unknown")
print(tr("memory limit:"), as_mib(read_cgroup("memory.max")))
print(tr("in use now:  "), as_mib(read_cgroup("memory.current")))
print(tr("killed for lack of memory so far:"), oom_kills)

# %% [markdown]
# `no limit` means the container has no limit of its own: then the machine's memory (on
# Docker Desktop, its virtual machine's) is the limit, as `free -m` shows.
#
# If the kernel died and `oom_kill` went up, it was memory. Then: use smaller batches or
# smaller tensors, `del` big results you no longer need, restart the kernel to start clean,
# or give Docker more memory.

# %% [markdown] ja
# `上限なし` は、コンテナ自身に上限がないことを意味します。その場合は、`free -m` が示すように、マシンのメモリ（Docker Desktop ならその仮想マシンのメモリ）が上限です。
#
# カーネルが停止して `oom_kill` が増えていたら、原因はメモリです。その場合は、バッチやテンソルを小さくする、もう使わない大きな結果を `del` する、カーネルを再起動してきれいな状態から始める、Docker にもっとメモリを割り当てる、のいずれかを試してください。

# %% [markdown]
# ## On Docker Desktop (Windows and macOS)
#
# A few more messages come from Docker Desktop itself, before any notebook runs:
#
# | you see | it means | what to do |
# |---|---|---|
# | `Cannot connect to the Docker daemon` (macOS), `error during connect` (Windows) | Docker Desktop is not running | start it, wait until the engine runs, try again |
# | Docker Desktop asks to update WSL | Windows' Linux subsystem is missing or too old | in PowerShell: `wsl --update`, then restart Docker Desktop |
# | virtualization support not detected | the CPU's virtualization is switched off | switch on Intel VT-x or AMD-V (SVM) in the BIOS/UEFI settings |
# | `exec /usr/local/bin/course-entrypoint: no such file or directory` | the scripts got Windows line endings (CRLF), e.g. copied with a Windows tool | clone the project again inside WSL (the repository keeps LF itself) |
# | notebooks start slowly, saves are slow | the project lies under `C:\` and is shared into the Linux VM | clone it into your WSL home folder (notebook 01) |
#
# And on a Mac with Apple silicon, an image built for x86 (`--platform linux/amd64`)
# runs in emulation: that is where "Illegal instruction" can appear (see above). This
# course's image is built for ARM64 there and needs no emulation.

# %% [markdown] ja
# ## Docker Desktop では（Windows と macOS）
#
# ノートブックを動かす前に、Docker Desktop 自身が出すメッセージもあります。
#
# | 表示されるもの | 意味 | すること |
# |---|---|---|
# | `Cannot connect to the Docker daemon`（macOS）、`error during connect`（Windows） | Docker Desktop が起動していない | 起動し、エンジンが動くまで待ってから、もう一度試す |
# | Docker Desktop が WSL の更新を求める | Windows の Linux サブシステムがないか、古い | PowerShell で `wsl --update` を実行し、Docker Desktop を再起動する |
# | 仮想化のサポートが検出されない | CPU の仮想化機能がオフになっている | BIOS/UEFI の設定で Intel VT-x または AMD-V（SVM）をオンにする |
# | `exec /usr/local/bin/course-entrypoint: no such file or directory` | スクリプトの改行が Windows 形式（CRLF）になった（Windows のツールでコピーした場合など） | WSL の中でプロジェクトを clone し直す（リポジトリ自体は LF を保っています） |
# | ノートブックの起動や保存が遅い | プロジェクトが `C:\` の下にあり、Linux の仮想マシンと共有されている | WSL のホームフォルダに clone する（ノートブック 01） |
#
# また、Apple シリコンの Mac では、x86 向けにビルドしたイメージ（`--platform linux/amd64`）はエミュレーションで動きます。"Illegal instruction" が出るのはそういうときです（上を参照）。このコースのイメージは、そこでは ARM64 向けにビルドされるので、エミュレーションは必要ありません。

# %% [markdown]
# ## Why this course's engine avoids illegal instructions
#
# `course.engine` is Python on top of NumPy, and NumPy's packages are built differently
# from TensorFlow's: they require only a baseline that every 64-bit PC CPU of the last
# fifteen years has (on x86-64, SSE up to SSE4.2), and they *check at run time* whether the
# CPU has AVX2 or AVX-512 before using them. `np.show_runtime()` lists what NumPy found on
# your machine. So the engine runs wherever Python runs, including on ARM (Apple silicon,
# Raspberry Pi), and code written for it runs unchanged on real TensorFlow once you are on
# a machine that can run TensorFlow.
#
# Memory is another matter: the engine keeps every tensor in memory like TensorFlow does,
# so the advice above applies to both.

# %% [markdown] ja
# ## このコースのエンジンが Illegal instruction を避けられる理由
#
# `course.engine` は NumPy の上に書いた Python です。NumPy のパッケージは TensorFlow とは違う方針でビルドされています。過去 15 年の 64 ビット PC の CPU ならどれでも持っている基本の命令（x86-64 では SSE4.2 まで）しか要求せず、AVX2 や AVX-512 は、CPU がそれを持っているかを*実行時に確認してから*使います。NumPy があなたのマシンで何を見つけたかは `np.show_runtime()` で一覧できます。そのためエンジンは、ARM（Apple シリコン、Raspberry Pi）も含め、Python が動くところならどこでも動きます。そして、エンジン向けに書いたコードは、TensorFlow が動くマシンに移れば、本物の TensorFlow でもそのまま動きます。
#
# メモリは話が別です。エンジンも TensorFlow と同じくすべてのテンソルをメモリに置くので、上のアドバイスはどちらにも当てはまります。

# %%
print(tr("engine ready:"), tf.constant([[1.0, 2.0]]) @ tf.constant([[3.0], [4.0]]))

# %% [markdown]
# ## Exercises
#
# **troubleshooting.1** What does a terminal usually print when a prebuilt TensorFlow wheel is imported
# on a CPU without AVX? (A string.)

# %% [markdown] ja
# ## 練習問題
#
# **troubleshooting.1** AVX のない CPU でビルド済みの TensorFlow の wheel を import したとき、ターミナルには普通何と表示されるでしょうか?（文字列で答えてください。）

# %%
answer = ...
check("troubleshooting.1", answer)

# %% [markdown]
# **troubleshooting.2** Write `has_flag(cpuinfo_text, flag)`: `True` if *every* processor's flags line
# lists `flag` as a whole word (all cores must support an instruction before a program may
# use it), `False` otherwise.

# %% [markdown] ja
# **troubleshooting.2** `has_flag(cpuinfo_text, flag)` を書いてください。*すべての*プロセッサーの flags の行に、`flag` が単語として含まれていれば `True`、そうでなければ `False` を返します（プログラムがある命令を使ってよいのは、すべてのコアがそれに対応している場合だけです）。

# %%
def has_flag(cpuinfo_text, flag):
    return ...  # your code here


check("troubleshooting.2", has_flag)

# %% [markdown]
# **troubleshooting.3** Write `memory_limit_mib(text)` that turns the content of `memory.max` into a whole
# number of MiB (1 MiB = 1024 × 1024 bytes), or `None` when it says `max`.

# %% [markdown] ja
# **troubleshooting.3** `memory.max` の内容を MiB 単位の整数（1 MiB = 1024 × 1024 バイト）に変換し、`max` と書かれていれば `None` を返す `memory_limit_mib(text)` を書いてください。

# %%
def memory_limit_mib(text):
    return ...  # your code here


check("troubleshooting.3", memory_limit_mib)
