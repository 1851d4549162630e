"""The order in which TF's CheckpointReader lists a checkpoint's keys.

`reader.get_variable_to_shape_map()` is, in TF, a Python dict made from a C++
`std::unordered_map` that was filled with the keys in sorted order; the dict
keeps the map's iteration order, which is deterministic: GCC's libstdc++
hashes each key (`std::hash<std::string>`, a MurmurHash2-style function with
a fixed seed), keeps one singly linked list of all nodes, and puts a new node
at the front of its bucket's run, or at the very front when its bucket is
empty. Growing (to a prime number of buckets) rebuilds the list the same way.
Printing a checkpoint's keys in this order prints what TF prints:

    >>> list(tf.train.load_checkpoint("tf1-ckpt").get_variable_to_shape_map())
    ['scoped/c', 'b', 'a']

Read next: reader.py (which uses it).
"""
from __future__ import annotations

import bisect

__all__ = ["unordered_map_order"]

_MASK = (1 << 64) - 1
_MUL = 0xc6a4a7935bd1e995        # (MurmurHash2's 64-bit multiplier)
_SEED = 0xc70f6907               # libstdc++'s seed for std::hash<std::string>

# libstdc++'s bucket counts: a small table, then its list of primes (its last entries, far
# beyond any checkpoint, are left out: more keys than that keep sorted order)
_FAST = [2, 2, 2, 3, 5, 5, 7, 7, 11, 11, 11, 11, 13, 13]
_PRIMES = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
    97, 103, 109, 113, 127, 137, 139, 149, 157, 167, 179, 193, 199, 211, 227, 241, 257, 277, 293,
    313, 337, 359, 383, 409, 439, 467, 503, 541, 577, 619, 661, 709, 761, 823, 887, 953, 1031,
    1109, 1193, 1289, 1381, 1493, 1613, 1741, 1879, 2029, 2179, 2357, 2549, 2753, 2971, 3209,
    3469, 3739, 4027, 4349, 4703, 5087, 5503, 5953, 6427, 6949, 7517, 8123, 8783, 9497, 10273,
    11113, 12011, 12983, 14033, 15173, 16411, 17749, 19183, 20753, 22447, 24281, 26267, 28411,
    30727, 33223, 35933, 38873, 42043, 45481, 49201, 53201, 57557, 62233, 67307, 72817, 78779,
    85229, 92203, 99733, 107897, 116731, 126271, 136607, 147793, 159871, 172933, 187091, 202409,
    218971, 236897, 256279, 277261, 299951, 324503, 351061, 379787, 410857, 444487, 480881,
    520241, 562841, 608903, 658753, 712697, 771049, 834181, 902483, 976369]


def _shift_mix(v: int) -> int:
    return v ^ (v >> 47)


def string_hash(data: bytes) -> int:
    """std::hash<std::string> of GCC's libstdc++ on a 64-bit machine (`_Hash_bytes`)."""
    n = len(data)
    whole = n & ~7
    h = (_SEED ^ (n * _MUL)) & _MASK
    for i in range(0, whole, 8):   # 8 bytes at a time, little-endian
        word = _shift_mix((int.from_bytes(data[i:i + 8], "little") * _MUL) & _MASK)
        h = ((h ^ ((word * _MUL) & _MASK)) * _MUL) & _MASK
    if n & 7:                      # the last 1..7 bytes
        h = ((h ^ int.from_bytes(data[whole:], "little")) * _MUL) & _MASK
    return _shift_mix((_shift_mix(h) * _MUL) & _MASK)


def _bucket_count(n: int) -> int:
    """The bucket count libstdc++ picks for at least `n` (its _M_next_bkt)."""
    if n < len(_FAST):
        return 1 if n == 0 else _FAST[n]
    return _PRIMES[max(6, bisect.bisect_left(_PRIMES, n))]


def unordered_map_order(keys: list) -> list:
    """The iteration order of a std::unordered_map<std::string, ...> into which `keys` were
    inserted in this order (max load factor 1, as by default)."""
    if len(keys) > _PRIMES[-1]:
        return list(keys)
    table = _Table([string_hash(k.encode("utf-8")) for k in keys])
    for node in range(len(keys)):
        table.insert(node)
    return [keys[i] for i in table.nodes()]


_BEFORE_BEGIN = -1   # the list's head (libstdc++'s _M_before_begin)


class _Table:
    """libstdc++'s hash table, reduced to what decides the order: one singly linked list of
    all nodes (`nxt`), and for each bucket the node just before its first node (`before`)."""

    def __init__(self, codes: list):
        self.codes = codes
        self.nxt: dict = {_BEFORE_BEGIN: None}
        self.before: dict = {}
        self.buckets, self.resize_at, self.count = 1, 0, 0

    def nodes(self) -> list:
        out, node = [], self.nxt[_BEFORE_BEGIN]
        while node is not None:
            out.append(node)
            node = self.nxt[node]
        return out

    def insert(self, node: int) -> None:
        if self.count + 1 > self.resize_at:   # (the first insertion asks for 11 buckets: 13)
            wanted = max(self.count + 1, 0 if self.resize_at else 11)
            if wanted >= self.buckets:
                self._rehash(_bucket_count(max(wanted + 1, self.buckets * 2)))
            else:
                self.resize_at = self.buckets
        self._link(node, self.codes[node] % self.buckets)
        self.count += 1

    def _link(self, node: int, bucket: int) -> None:
        """Into a bucket's run after its `before` node; into an empty bucket at the front."""
        if bucket in self.before:
            prev = self.before[bucket]
            self.nxt[node], self.nxt[prev] = self.nxt[prev], node
            return
        first = self.nxt[_BEFORE_BEGIN]
        self.nxt[node], self.nxt[_BEFORE_BEGIN] = first, node
        if first is not None:   # the bucket that began the list now begins after `node`
            self.before[self.codes[first] % self.buckets] = node
        self.before[bucket] = _BEFORE_BEGIN

    def _rehash(self, buckets: int) -> None:
        """The old list's nodes, in its order, linked into `buckets` buckets."""
        old = self.nodes()
        self.buckets, self.resize_at = buckets, buckets
        self.nxt, self.before = {_BEFORE_BEGIN: None}, {}
        for node in old:
            self._link(node, self.codes[node] % buckets)
