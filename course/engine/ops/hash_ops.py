"""String hashing: `tf.strings.to_hash_bucket_fast`, `to_hash_bucket_strong`, `to_hash_bucket`, `tf.fingerprint`.

A hash bucket turns a string into a number in [0, num_buckets): TF hashes the
string's bytes to an unsigned 64-bit number and takes it modulo num_buckets.
Each op names a different hash, and the buckets must be TF's to the last one
(a model trained in TF with hashed features must find the same rows here):
- `to_hash_bucket_fast`: FarmHash's Fingerprint64 (the "farmhashna" 64-bit
  hash, fixed forever, so stored buckets stay valid). `tf.fingerprint` gives the
  same number as 8 little-endian bytes.
- `to_hash_bucket_strong`: SipHash-2-4 keyed with two 64-bit numbers (an
  attacker who does not know the key cannot pick strings that collide).
- `to_hash_bucket`: TF's older hash (MurmurHash64A with seed 0xDECAFCAFFE);
  TF recommends `to_hash_bucket_fast` instead.

The hashes are written on Python integers, masked to 64 bits after each step
that can overflow (C's unsigned arithmetic wraps modulo 2**64). Strings are
not differentiable: no op here has a gradient. Read next: string_ops.py.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from .string_ops import each, string_input

_STRING = {dtypes.string}
_MASK = (1 << 64) - 1

# -- FarmHash Fingerprint64 (farmhashna::Hash64) -----------------------------------------------
# Three odd 64-bit constants of the CityHash/FarmHash family.
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F


def _word(s: bytes, i: int) -> int:
    """The 8 bytes at s[i:] as a little-endian number (FarmHash's Fetch64)."""
    return int.from_bytes(s[i:i + 8], "little")


def _rotate(x: int, shift: int) -> int:
    """Rotate right by `shift` bits (0 < shift < 64)."""
    return ((x >> shift) | (x << (64 - shift))) & _MASK


def _shift_mix(x: int) -> int:
    return x ^ (x >> 47)


def _mix16(u: int, v: int, mul: int) -> int:
    """Two 64-bit numbers -> one, Murmur-style multiply and shift (FarmHash's HashLen16)."""
    a = ((u ^ v) * mul) & _MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & _MASK
    b ^= b >> 47
    return (b * mul) & _MASK


def _len_0_to_16(s: bytes) -> int:
    n = len(s)
    if n >= 8:
        mul = _K2 + n * 2
        a = (_word(s, 0) + _K2) & _MASK
        b = _word(s, n - 8)
        c = (_rotate(b, 37) * mul + a) & _MASK
        d = ((_rotate(a, 25) + b) * mul) & _MASK
        return _mix16(c, d, mul)
    if n >= 4:
        mul = _K2 + n * 2
        a = int.from_bytes(s[:4], "little")
        return _mix16((n + (a << 3)) & _MASK, int.from_bytes(s[n - 4:], "little"), mul)
    if n > 0:
        y = s[0] + (s[n >> 1] << 8)
        z = n + (s[n - 1] << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _MASK) * _K2) & _MASK
    return _K2


def _len_17_to_32(s: bytes) -> int:
    n = len(s)
    mul = _K2 + n * 2
    a = (_word(s, 0) * _K1) & _MASK
    b = _word(s, 8)
    c = (_word(s, n - 8) * mul) & _MASK
    d = (_word(s, n - 16) * _K2) & _MASK
    return _mix16((_rotate((a + b) & _MASK, 43) + _rotate(c, 30) + d) & _MASK,
                  (a + _rotate((b + _K2) & _MASK, 18) + c) & _MASK, mul)


def _len_33_to_64(s: bytes) -> int:
    n = len(s)
    mul = _K2 + n * 2
    a = (_word(s, 0) * _K2) & _MASK
    b = _word(s, 8)
    c = (_word(s, n - 8) * mul) & _MASK
    d = (_word(s, n - 16) * _K2) & _MASK
    y = (_rotate((a + b) & _MASK, 43) + _rotate(c, 30) + d) & _MASK
    z = _mix16(y, (a + _rotate((b + _K2) & _MASK, 18) + c) & _MASK, mul)
    e = (_word(s, 16) * mul) & _MASK
    f = _word(s, 24)
    g = ((y + _word(s, n - 32)) * mul) & _MASK
    h = ((z + _word(s, n - 24)) * mul) & _MASK
    return _mix16((_rotate((e + f) & _MASK, 43) + _rotate(g, 30) + h) & _MASK,
                  (e + _rotate((f + a) & _MASK, 18) + g) & _MASK, mul)


def _weak32(s: bytes, i: int, a: int, b: int) -> tuple[int, int]:
    """32 bytes at s[i:] and two seeds -> two numbers (FarmHash's WeakHashLen32WithSeeds)."""
    w, x, y, z = (_word(s, i + k) for k in (0, 8, 16, 24))
    a = (a + w) & _MASK
    b = _rotate((b + a + z) & _MASK, 21)
    c = a
    a = (a + x + y) & _MASK
    b = (b + _rotate(a, 44)) & _MASK
    return (a + z) & _MASK, (b + c) & _MASK


def fingerprint64(s: bytes) -> int:
    """FarmHash's Fingerprint64 of `s`, an unsigned 64-bit number (TF's `Fingerprint64`).

    >>> hex(fingerprint64(b""))   # the empty string hashes to the constant k2
    '0x9ae16a3b2f90404f'
    """
    n = len(s)
    if n <= 16:
        return _len_0_to_16(s)
    if n <= 32:
        return _len_17_to_32(s)
    if n <= 64:
        return _len_33_to_64(s)
    # Longer strings: 64-byte blocks through a 56-byte state (v, w: pairs; x, y, z),
    # then the last 64 bytes (which may overlap the last block) once more.
    seed = 81
    x, y = seed, (seed * _K1 + 113) & _MASK
    z = (_shift_mix((y * _K2 + 113) & _MASK) * _K2) & _MASK
    v, w = (0, 0), (0, 0)
    x = (x * _K2 + _word(s, 0)) & _MASK
    end = ((n - 1) // 64) * 64
    for i in range(0, end, 64):
        x = (_rotate((x + y + v[0] + _word(s, i + 8)) & _MASK, 37) * _K1) & _MASK
        y = (_rotate((y + v[1] + _word(s, i + 48)) & _MASK, 42) * _K1) & _MASK
        x ^= w[1]
        y = (y + v[0] + _word(s, i + 40)) & _MASK
        z = (_rotate((z + w[0]) & _MASK, 33) * _K1) & _MASK
        v = _weak32(s, i, (v[1] * _K1) & _MASK, (x + w[0]) & _MASK)
        w = _weak32(s, i + 32, (z + w[1]) & _MASK, (y + _word(s, i + 16)) & _MASK)
        z, x = x, z
    mul = _K1 + ((z & 0xFF) << 1)
    last = n - 64
    w0 = (w[0] + ((n - 1) & 63)) & _MASK
    v0 = (v[0] + w0) & _MASK
    w0 = (w0 + v0) & _MASK
    v, w = (v0, v[1]), (w0, w[1])
    x = (_rotate((x + y + v[0] + _word(s, last + 8)) & _MASK, 37) * mul) & _MASK
    y = (_rotate((y + v[1] + _word(s, last + 48)) & _MASK, 42) * mul) & _MASK
    x ^= (w[1] * 9) & _MASK
    y = (y + v[0] * 9 + _word(s, last + 40)) & _MASK
    z = (_rotate((z + w[0]) & _MASK, 33) * mul) & _MASK
    v = _weak32(s, last, (v[1] * mul) & _MASK, (x + w[0]) & _MASK)
    w = _weak32(s, last + 32, (z + w[1]) & _MASK, (y + _word(s, last + 16)) & _MASK)
    z, x = x, z
    return _mix16((_mix16(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & _MASK,
                  (_mix16(v[1], w[1], mul) + x) & _MASK, mul)


# -- SipHash-2-4 (to_hash_bucket_strong) --------------------------------------------------------
def _rotl(x: int, shift: int) -> int:
    return ((x << shift) | (x >> (64 - shift))) & _MASK


def _sip_rounds(v: list, rounds: int) -> None:
    for _ in range(rounds):
        v[0] = (v[0] + v[1]) & _MASK
        v[1] = _rotl(v[1], 13) ^ v[0]
        v[0] = _rotl(v[0], 32)
        v[2] = (v[2] + v[3]) & _MASK
        v[3] = _rotl(v[3], 16) ^ v[2]
        v[0] = (v[0] + v[3]) & _MASK
        v[3] = _rotl(v[3], 21) ^ v[0]
        v[2] = (v[2] + v[1]) & _MASK
        v[1] = _rotl(v[1], 17) ^ v[2]
        v[2] = _rotl(v[2], 32)


def siphash24(key: tuple[int, int], s: bytes) -> int:
    """SipHash-2-4 of `s` under the 128-bit key (k0, k1): 2 rounds per word, 4 to finish.

    >>> hex(siphash24((0x0706050403020100, 0x0f0e0d0c0b0a0908), b""))  # the paper's test key
    '0x726fdb47dd0e0e31'
    """
    k0, k1 = key
    # The initial state: the key xor'ed with the ASCII of "somepseudorandomlygeneratedbytes".
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]
    n = len(s)
    tail = s[n - n % 8:] + bytes(7 - n % 8) + bytes([n & 0xFF])  # the length in the last byte
    for i in range(0, n - n % 8, 8):
        m = _word(s, i)
        v[3] ^= m
        _sip_rounds(v, 2)
        v[0] ^= m
    m = int.from_bytes(tail, "little")
    v[3] ^= m
    _sip_rounds(v, 2)
    v[0] ^= m
    v[2] ^= 0xFF
    _sip_rounds(v, 4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


# -- TF's legacy Hash64 (to_hash_bucket) --------------------------------------------------------
def murmur64(s: bytes, seed: int = 0xDECAFCAFFE) -> int:
    """MurmurHash64A of `s`, TF's `Hash64` (its seed 0xDECAFCAFFE by default).

    >>> murmur64(b"a") % 10
    8
    """
    m, r = 0xC6A4A7935BD1E995, 47
    n = len(s)
    h = seed ^ ((n * m) & _MASK)
    body = n - n % 8
    for i in range(0, body, 8):
        k = (_word(s, i) * m) & _MASK
        k = ((k ^ (k >> r)) * m) & _MASK
        h = ((h ^ k) * m) & _MASK
    if n % 8:
        h = ((h ^ int.from_bytes(s[body:], "little")) * m) & _MASK
    h = ((h ^ (h >> r)) * m) & _MASK
    return h ^ (h >> r)


# -- the ops ------------------------------------------------------------------------------------
def _strings(x, op_name: str):
    """`x` as a string tensor; a tf.RaggedTensor as it is (execute then hashes its flat
    values: ragged/dispatch.py, ELEMENTWISE_OPS)."""
    if getattr(type(x), "__tf_dispatch__", None) is not None:
        return x
    return string_input(x, op_name)


def _check_buckets(op_name: str, num_buckets) -> int:
    if int(num_buckets) < 1:
        raise invalid_argument(op_name, f"Value for attr 'num_buckets' of {int(num_buckets)} "
                                        f"must be at least minimum 1")
    return int(num_buckets)


def _buckets(hash_fn):
    return lambda x, num_buckets, **_: each(lambda s: hash_fn(s) % num_buckets, x, out=np.int64)


HASH_BUCKET_FAST = register(Op("StringToHashBucketFast", _buckets(fingerprint64), None,
                               dtypes=_STRING))
HASH_BUCKET = register(Op("StringToHashBucket", _buckets(murmur64), None, dtypes=_STRING))


def _strong(x, num_buckets, key):
    return each(lambda s: siphash24(key, s) % num_buckets, x, out=np.int64)


HASH_BUCKET_STRONG = register(Op("StringToHashBucketStrong", _strong, None, dtypes=_STRING))


def to_hash_bucket_fast(input, num_buckets: int, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Each string's bucket, FarmHash Fingerprint64 modulo `num_buckets` (int64).

    Mirrors `tf.strings.to_hash_bucket_fast`: the same bucket as TF for every string.

    >>> tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3)
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([0, 2, 2])>
    """
    op = "StringToHashBucketFast"
    return execute(HASH_BUCKET_FAST, (_strings(input, op),),
                   {"num_buckets": _check_buckets(op, num_buckets)}, name=name)


def to_hash_bucket(input, num_buckets: int, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Each string's bucket, TF's older Hash64 (MurmurHash64A) modulo `num_buckets`.

    Mirrors `tf.strings.to_hash_bucket` (TF suggests `to_hash_bucket_fast`, a
    hash that is both faster and fixed forever).

    >>> tf.strings.to_hash_bucket(["a", "b", "c"], 10)
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([8, 0, 7])>
    """
    op = "StringToHashBucket"
    return execute(HASH_BUCKET, (_strings(input, op),),
                   {"num_buckets": _check_buckets(op, num_buckets)}, name=name)


def to_hash_bucket_strong(input, num_buckets: int, key, name=None) -> Tensor:  # noqa: A002
    """Each string's bucket, SipHash-2-4 under the two-number `key`, modulo `num_buckets`.

    Mirrors `tf.strings.to_hash_bucket_strong`: without the key nobody can pick
    strings that fall into one bucket (the price: about 4 times slower).

    >>> tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2])
    <tf.Tensor: shape=(2,), dtype=int64, numpy=array([2, 0])>
    """
    op = "StringToHashBucketStrong"
    x = _strings(input, op)
    num_buckets = _check_buckets(op, num_buckets)
    key = [int(k) for k in key]
    if len(key) != 2:
        raise invalid_argument(op, "Key must have 2 elements")
    return execute(HASH_BUCKET_STRONG, (x,), {"num_buckets": num_buckets,
                                             "key": tuple(k & _MASK for k in key)}, name=name)


# -- tf.fingerprint -----------------------------------------------------------------------------
def _fingerprint(x, method):
    if x.ndim == 0:
        raise invalid_argument("Fingerprint", "`data` should have at least one dimension: []")
    rows = x.reshape(x.shape[0], -1)
    if x.dtype == object:
        # One string per row: its own fingerprint. Several: the fingerprint of their
        # fingerprints, written one after another as little-endian bytes.
        def row_hash(row):
            if len(row) == 1:
                return fingerprint64(row[0])
            return fingerprint64(b"".join(fingerprint64(s).to_bytes(8, "little") for s in row))
    else:
        # Numbers: the fingerprint of the row's bytes as they lie in memory (little-endian).
        rows = np.ascontiguousarray(rows.astype(rows.dtype.newbyteorder("<")))

        def row_hash(row):
            return fingerprint64(row.tobytes())
    out = np.zeros((x.shape[0], 8), np.uint8)
    for i, row in enumerate(rows):
        out[i] = np.frombuffer(row_hash(row).to_bytes(8, "little"), np.uint8)
    return out


FINGERPRINT = register(Op("Fingerprint", _fingerprint, None,
                          dtypes=dtypes.NUMERIC | {dtypes.bool, dtypes.string}))


def fingerprint(data, method: str = "farmhash64", name=None) -> Tensor:
    """A fingerprint of each row of `data` (its first dimension): `[rows, 8]` uint8 bytes.

    Mirrors `tf.fingerprint`: for a 1-D string tensor, each row's 8 bytes are
    FarmHash Fingerprint64 of the string in little-endian order; numbers are
    fingerprinted as the bytes of each row.

    >>> tf.fingerprint(tf.constant(["a"]))
    <tf.Tensor: shape=(1, 8), dtype=uint8, numpy=array([[227, 117, 223, 182, 101,  66,  69, 179]], dtype=uint8)>
    """
    data = data if isinstance(data, Tensor) else convert_to_tensor(data)
    if method != "farmhash64":
        raise invalid_argument("Fingerprint", f"Unsupported fingerprint method: {method}")
    return execute(FINGERPRINT, (data,), {"method": method}, name=name)
