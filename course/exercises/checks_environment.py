"""Checkers for the environment notebooks: 01 Start here and 14 Troubleshooting.

Same contract as every `checks_*.py`: a checker returns None when the answer is
right, or a short hint saying what is off.
"""
from __future__ import annotations

from course.i18n import tr

from .helpers import function_hint, text

# docker compose exec options that take a value (`-u learner`, `--workdir /x`, `-e A=1`).
_VALUED_OPTIONS = {"-u", "--user", "-w", "--workdir", "-e", "--env", "--index"}


def _exec_target(words: list[str]) -> list[str]:
    """The words after `docker compose exec` with its options left out."""
    rest, i = [], 0
    while i < len(words):
        word = words[i]
        if word in _VALUED_OPTIONS:
            i += 2
            continue
        if not word.startswith("-"):
            rest.append(word)
        i += 1
    return rest


# -- 01 Start here --------------------------------------------------------------------------
def start_here_1(answer):  # the command that prints the Jupyter URL (with token) again
    words = text(answer).split()
    exec_args = (words[3:] if words[:3] == ["docker", "compose", "exec"] else
                 words[2:] if words[:2] == ["docker-compose", "exec"] else None)
    if exec_args is not None:
        if _exec_target(exec_args) == ["lab", "course-url"]:
            return None
        return tr("run course-url in the `lab` service: docker compose exec lab course-url.")
    if words[:3] == ["docker", "compose", "logs"]:
        return tr("the logs do show the URL among everything else printed since the start; "
                  "ask the running `lab` service to print it again: docker compose exec lab ...")
    if words[:2] == ["docker", "exec"]:
        return tr("`docker exec` wants a container name; Compose knows the service as `lab`: "
                  "docker compose exec lab ...")
    if words == ["course-url"]:
        return tr("course-url lives inside the container; run it there from your project folder "
                  "with docker compose exec lab ...")
    return tr("run a command *inside* the running `lab` service: docker compose exec lab ...")


def start_here_2(answer):  # the address of TensorBoard on this machine
    address = text(answer).lower().rstrip("/")
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "http"):
        return tr("TensorBoard serves plain http here (no https): http://127.0.0.1:6006.")
    host, _, port = rest.partition(":")
    if port == "8888":
        return tr("port 8888 is JupyterLab; TensorBoard has its own port.")
    if host in ("0.0.0.0", "::"):
        return tr("0.0.0.0 is where a server listens, not an address to open: use 127.0.0.1.")
    if host in ("127.0.0.1", "localhost") and port == "6006":
        return None
    return tr("TensorBoard listens on port 6006 of your own machine (127.0.0.1).")


def start_here_3(answer):  # the learner's own folder
    folder = text(answer).strip("/").lower()
    if folder in ("my-notebooks", "my-notebooks/ja"):  # ja/: the Japanese edition's copy
        return None
    if folder.startswith("my-notebooks/"):
        return tr("that is a folder inside it; the answer is the folder itself.")
    return tr("notebooks/ is the course's copy; yours is the git-ignored folder next to it.")


# -- 14 Troubleshooting ---------------------------------------------------------------------
def troubleshooting_1(answer):  # what the shell prints when a CPU without AVX meets TF
    said = text(answer).lower()
    if "illegal instruction" in said:
        return None
    if "compiled to use avx" in said:
        return tr("that is TensorFlow's own check; more often the CPU stops it first. "
                  "What does the shell say then?")
    return tr("the CPU met an instruction it does not know; the shell says so in two words.")


def _cpuinfo(*flag_lines: str) -> str:
    return "\n".join(f"processor\t: {i}\nflags\t\t: {flags}\n" for i, flags in enumerate(flag_lines))


_CPUINFO = _cpuinfo("fpu sse sse2 avx2 fma", "fpu sse sse2 avx avx2 fma")
# The first processor has avx, the second does not: reading only the first line is wrong.
_CPUINFO_FIRST_HAS_IT = _cpuinfo("fpu sse avx avx2", "fpu sse avx2")


def troubleshooting_2(answer):  # has_flag(cpuinfo_text, flag): whole words of *every* flags line
    hint = function_hint(answer, "troubleshooting.2", "has_flag")
    if hint:
        return hint
    cases = [(_CPUINFO, "avx2", True), (_CPUINFO, "sse", True), (_CPUINFO, "avx512f", False),
             (_CPUINFO, "avx", False), (_CPUINFO_FIRST_HAS_IT, "avx", False),
             (_cpuinfo("fpu sse avx"), "avx", True), ("flags\t: fpu\n", "fp", False)]
    for cpuinfo, flag, want in cases:
        got = answer(cpuinfo, flag)
        if not isinstance(got, bool):
            return tr("return True or False, got a {kind}.", kind=type(got).__name__)
        if got != want:
            if cpuinfo is _CPUINFO_FIRST_HAS_IT:
                return tr("has_flag(..., {flag}) should be {want} (every processor must list it, "
                          "not only the first) for:\n{cpuinfo}", flag=repr(flag), want=want,
                          cpuinfo=cpuinfo)
            if flag in ("avx", "fp"):
                return tr("has_flag(..., {flag}) should be {want} (compare whole words: 'avx' is "
                          "not 'avx2') for:\n{cpuinfo}", flag=repr(flag), want=want, cpuinfo=cpuinfo)
            return tr("has_flag(..., {flag}) should be {want} for:\n{cpuinfo}", flag=repr(flag),
                      want=want, cpuinfo=cpuinfo)
    return None


def troubleshooting_3(answer):  # memory_limit_mib(text of memory.max) -> int MiB, or None
    hint = function_hint(answer, "troubleshooting.3", "memory_limit_mib")
    if hint:
        return hint
    for content, want in (("max\n", None), ("2147483648\n", 2048), ("536870912", 512)):
        got = answer(content)
        if got != want:
            return tr("memory_limit_mib({content}) should be {want}, got {got} "
                      "(1 MiB = 1024 * 1024 bytes).", content=repr(content), want=repr(want),
                      got=repr(got))
    return None


CHECKS = {
    "start-here.1": start_here_1,
    "start-here.2": start_here_2,
    "start-here.3": start_here_3,
    "troubleshooting.1": troubleshooting_1,
    "troubleshooting.2": troubleshooting_2,
    "troubleshooting.3": troubleshooting_3,
}
