"""When do two runs of a notebook cell "print the same thing"? The rules of tools/tf_guides.py.

A cell's text is what a notebook shows: its stdout, its stderr, and the repr of
its last expression. Before comparing, `normalise` applies fixed rules:

1. The terminal is emulated: `\\r` returns to the line start and `\\b` steps
   back, so a redrawn progress bar leaves only its final state; ANSI colour
   codes go.
2. Log and warning lines go (absl's `W0000 ...`, `WARNING:name:...`, Python's
   `file:line: SomeWarning: ...` with its source line): they differ between
   libraries by nature and are not what a guide teaches.
3. Traceback frames outside the cell's own code go (library paths differ);
   the frames in the cell and the final `Error: message` line stay.
4. Memory addresses (`0x7f...`) become `0x?`, temporary paths `<tmp>`, time
   stamps like `20240101-123456` `<stamp>`, and the timings of Keras's
   progress bar (`3s 2ms/step`, `ETA: 1s`) `<t>`. A default object repr,
   `<package.module.Class object at 0x?>`, keeps only the class name
   (`<History object>`): which file defines a class is no part of the API.
5. Runs of spaces collapse to one (NumPy pads numbers to a common width, so a
   wider number moves its neighbours).

Randomness is found, not guessed: real TensorFlow runs each guide twice, the
second time with every global seed shifted by one. The tokens (numbers,
words, punctuation) where those two runs differ are *volatile*, and so is every
number on a printed line that holds a volatile number (a training log line with
a random loss has a random accuracy too, even when both runs printed 1.0000);
the engine's output matches when it equals the first run everywhere except at
volatile tokens, where it may hold anything of the same kind (a number for a
number). Timings that the rules above miss (`timeit` results) are volatile the
same way.
"""
from __future__ import annotations

import difflib
import re

__all__ = ["normalise", "tokens", "volatile_marks", "same_output", "error_group"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_DROP_LINE = [
    re.compile(r"^[WIEF]\d{4} \d\d:\d\d:\d\d"),                  # absl C++ logs
    re.compile(r"^WARNING: All log messages before absl"),
    re.compile(r"^(WARNING|INFO|DEBUG):[\w.]+:"),                 # Python logging (both sides)
    re.compile(r"^.*:\d+: \w*Warning: "),                        # warnings.warn (source line follows)
    re.compile(r"^\s*warnings\.warn\("),
    re.compile(r"oneDNN custom operations are on|rebuild TensorFlow with the appropriate compiler"),
]
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_OBJECT_REPR = re.compile(r"<(?:[\w.<>]+\.)?(\w+) object at 0x\?>")  # (paths with <locals> too)
_TMP = re.compile(r"/tmp/[\w.\-/]+")
_STAMP = re.compile(r"\b\d{8}-\d{6}\b")
_TIMINGS = [
    (re.compile(r"\d+(\.\d+)?(s|ms|us|µs)/(step|epoch|sample)"), "<t>/step"),
    (re.compile(r"ETA: [\d:]+s?"), "ETA: <t>"),
    (re.compile(r"(━+|\]) \d+(\.\d+)?(s|ms|us|µs|m)\b"), r"\1 <t>"),
    (re.compile(r" - \d+(\.\d+)?(s|ms|us|µs|m) - "), " - <t> - "),
]
_SPACES = re.compile(r"[ \t]+")


def _terminal(text: str) -> str:
    """What a terminal (or Jupyter) shows for text with \\r and \\b in it."""
    lines, line, col = [], [], 0
    for ch in _ANSI.sub("", text):
        if ch == "\n":
            lines.append("".join(line))
            line, col = [], 0
        elif ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(col - 1, 0)
        else:
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
    if line:
        lines.append("".join(line))
    return "\n".join(lines)


def _drop_noise(lines: list) -> list:
    kept, skip_next_indented = [], False
    for line in lines:
        if skip_next_indented and line.startswith(" "):
            skip_next_indented = False
            continue
        skip_next_indented = False
        if any(p.search(line) for p in _DROP_LINE):
            skip_next_indented = "Warning: " in line
            continue
        kept.append(line)
    return kept


def _drop_library_frames(lines: list) -> list:
    kept, skipping = [], False
    for line in lines:
        if line.startswith("  File \""):
            skipping = not line.startswith('  File "<cell')
            if skipping:
                continue
        elif skipping and line.startswith("    "):
            continue  # the source line (and ^^^ markers) of a library frame
        else:
            skipping = False
        if line.strip() and set(line.strip()) <= set("^~"):
            continue  # Python 3.11's position markers
        kept.append(line)
    return kept


def normalise(text: str) -> str:
    lines = _drop_library_frames(_drop_noise(_terminal(text).split("\n")))
    out = []
    for line in lines:
        line = _OBJECT_REPR.sub(r"<\1 object>", _ADDRESS.sub("0x?", line))
        line = _TMP.sub("<tmp>", line)
        line = _STAMP.sub("<stamp>", line)
        for pattern, repl in _TIMINGS:
            line = pattern.sub(repl, line)
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return "\n".join(out)


# numbers (a minus sign belongs to the number unless it follows a word: "x-1" is not "-1")
_TOKEN = re.compile(r"(?<![\w.)\]])-?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|"
                    r"\d+(?:[eE][+-]?\d+)?)|\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|"
                    r"\d+(?:[eE][+-]?\d+)?|\bnan\b|\binf\b|\w+|\S")
_NUMBER = re.compile(r"^-?(\d|\.\d|nan$|inf$)")


class Tokens(list):
    """The tokens of a text; `.lines[i]` is the line token i was printed on."""

    def __init__(self, text: str):
        toks, lines = [], []
        for n, line in enumerate(text.split("\n")):
            found = _TOKEN.findall(line)
            toks += found
            lines += [n] * len(found)
        super().__init__(toks)
        self.lines = lines


def tokens(text: str) -> Tokens:
    return Tokens(text)


def volatile_marks(first: list, second: list) -> tuple:
    """(indices of `first`'s tokens that differ in `second`, gap positions where `second` adds)."""
    if len(first) == len(second):  # the same printout with other numbers: compare in place
        changed, gaps = {i for i, (a, b) in enumerate(zip(first, second)) if a != b}, set()
    else:
        changed, gaps = set(), set()
        matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag == "equal":
                continue
            changed.update(range(i1, i2))
            gaps.add(i1)
    lines = getattr(first, "lines", None)
    if lines:  # a line with a random number: all its numbers are random
        random_lines = {lines[i] for i in changed if _NUMBER.match(first[i])}
        changed |= {i for i, t in enumerate(first) if lines[i] in random_lines and _NUMBER.match(t)}
    return changed, gaps


def _numberish(toks: list) -> bool:
    return all(_NUMBER.match(t) or t in "-+e" for t in toks)


def same_output(engine: list, first: list, marks: tuple) -> bool:
    """Whether the engine's tokens equal the first TF run's, up to its volatile tokens."""
    if engine == first:
        return True
    changed, gaps = marks
    if not changed and not gaps:
        return False
    if len(engine) == len(first):  # in place: every difference must be at a volatile token
        return all(a == b or (i in changed and (not _numberish([a]) or _numberish([b])))
                   for i, (a, b) in enumerate(zip(first, engine)))
    matcher = difflib.SequenceMatcher(None, first, engine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # the engine printed extra tokens here
            if not ({i1, i1 - 1} & changed or i1 in gaps):
                return False
            continue
        if not all(i in changed for i in range(i1, i2)):
            return False
        if _numberish(first[i1:i2]) and not _numberish(engine[j1:j2]):
            return False
    return True


def error_group(error: str) -> str:
    """An error message with its numbers and addresses blurred, to count alike failures."""
    text = _ADDRESS.sub("0x?", error or "")
    text = re.sub(r"\d+", "N", text)
    return text[:110]
