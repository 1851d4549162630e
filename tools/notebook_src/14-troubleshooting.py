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
# - why this course's engine never meets the first problem

# %%
# %config InlineBackend.figure_formats = ['png']
import platform
from pathlib import Path

import numpy as np
import course.engine as tf
from course.exercises import check

# %% [markdown]
# ## "The kernel appears to have died"
#
# A notebook's code runs in a separate process, the *kernel*. JupyterLab only sends it code
# and shows what comes back. When that process ends without saying goodbye, JupyterLab
# shows this message and starts a fresh kernel, and every variable is gone. An ordinary
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

# %%
# NBVAL_IGNORE_OUTPUT
def cpu_report() -> None:
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        print("no /proc/cpuinfo: not Linux (run this inside the container)")
        return
    flags = parse_cpu_flags(cpuinfo.read_text())
    print("machine:", platform.machine())
    if platform.machine() in ("x86_64", "AMD64"):
        print("   ".join(f"{name}: {'yes' if name in flags else 'no'}"
                         for name in ("avx", "avx2", "avx512f")))
    else:
        print("not an x86 CPU: AVX does not apply; features:", " ".join(sorted(flags)[:8]), "...")


cpu_report()

# %% [markdown]
# ## Running out of memory
#
# A tensor needs (number of elements) × (bytes per element) of memory: 4 bytes for
# `float32`, 8 for `float64`. That grows fast:

# %%
for shape in ([1000, 1000], [10_000, 10_000], [50_000, 50_000]):
    size = np.prod(shape, dtype=np.int64) * tf.float32.size
    print(f"float32 {str(shape):16} {size / 2**20:10,.0f} MiB")

# %% [markdown]
# And a computation usually holds several such tensors at once (inputs, intermediate
# results, and for a GradientTape everything the backward pass needs).
#
# Docker runs the container in a *cgroup* with a memory limit: on Docker Desktop (Mac,
# Windows) the limit of its virtual machine, set under *Settings → Resources*; on Linux
# none unless one is configured. When the processes in the container use more, the Linux
# kernel's OOM (out-of-memory) killer ends one of them, usually the biggest: your notebook's
# Jupyter kernel. Nothing is printed in the notebook; the Jupyter kernel just dies.
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

# %%
def read_cgroup(name: str) -> str | None:
    """The text of a cgroup v2 file of this container, or None if there is none."""
    path = Path("/sys/fs/cgroup") / name
    return path.read_text().strip() if path.exists() else None


def as_mib(text: str | None) -> str:
    if text is None:
        return "unknown (no cgroup v2 file here)"
    return "no limit" if text == "max" else f"{int(text) / 2**20:,.0f} MiB"


print(as_mib("max"), "|", as_mib("2147483648"), "|", as_mib(None))

# %% [markdown]
# Again the real values are machine-specific, so their output is neither compared nor
# published. It prints something like `memory limit: 4,096 MiB`, `in use now: 350 MiB`,
# `killed for lack of memory so far: 0`.

# %%
# NBVAL_IGNORE_OUTPUT
events = read_cgroup("memory.events") or ""
oom_kills = next((line.split()[1] for line in events.splitlines() if line.startswith("oom_kill ")),
                 "unknown")
print("memory limit:", as_mib(read_cgroup("memory.max")))
print("in use now:  ", as_mib(read_cgroup("memory.current")))
print("killed for lack of memory so far:", oom_kills)

# %% [markdown]
# `no limit` means the container has no limit of its own: then the machine's memory (on
# Docker Desktop, its virtual machine's) is the limit, as `free -m` shows.
#
# If the kernel died and `oom_kill` went up, it was memory. Then: use smaller batches or
# smaller tensors, `del` big results you no longer need, restart the kernel to start clean,
# or give Docker more memory.

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

# %%
print("engine ready:", tf.constant([[1.0, 2.0]]) @ tf.constant([[3.0], [4.0]]))

# %% [markdown]
# ## Exercises
#
# **troubleshooting.1** What does a terminal usually print when a prebuilt TensorFlow wheel is imported
# on a CPU without AVX? (A string.)

# %%
answer = ...
check("troubleshooting.1", answer)

# %% [markdown]
# **troubleshooting.2** Write `has_flag(cpuinfo_text, flag)`: `True` if *every* processor's flags line
# lists `flag` as a whole word (all cores must support an instruction before a program may
# use it), `False` otherwise.

# %%
def has_flag(cpuinfo_text, flag):
    return ...  # your code here


check("troubleshooting.2", has_flag)

# %% [markdown]
# **troubleshooting.3** Write `memory_limit_mib(text)` that turns the content of `memory.max` into a whole
# number of MiB (1 MiB = 1024 × 1024 bytes), or `None` when it says `max`.

# %%
def memory_limit_mib(text):
    return ...  # your code here


check("troubleshooting.3", memory_limit_mib)
