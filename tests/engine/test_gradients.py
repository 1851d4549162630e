"""Every differentiable op's gradient against central differences, in float64.

The cases are a dict keyed by TF op-type name; `test_every_registered_gradient_has_a_case`
fails when an op in `REGISTRY` has a gradient function but no case here, or has
no gradient and is not listed in `NO_GRADIENT` with a reason. Whoever registers
a new op (graph, assign, keras helpers...) adds it to one of the two.

Upstream gradients are random and non-uniform (see helpers.check_gradients),
never a bare sum. Binary elementwise ops run over every pair of the shapes
(), (4,), (3, 4), (1, 4), so each broadcasting direction is checked.
"""
from __future__ import annotations

import importlib
import itertools
import pkgutil

import numpy as np
import pytest

import course.engine as tf
from course.engine.execute import execute
from course.engine.ops import REGISTRY, conv_ops, index_ops, math_ops, numerics_ops

from . import complex_cases, control_flow_cases, image_cases, io_cases
from .helpers import check_gradients, check_second_derivatives

SHAPES = [(), (4,), (3, 4), (1, 4)]
R = np.random.default_rng(7)


def u(shape, low=-2.0, high=2.0):
    return R.uniform(low, high, size=shape)


def pos(shape):
    return R.uniform(0.5, 2.0, size=shape)


def away_from_zero(shape):
    return R.uniform(0.5, 2.0, size=shape) * R.choice([-1, 1], size=shape)


class Case:
    """f(*args), differentiated with respect to the arguments at positions `wrt`."""

    def __init__(self, name, f, args, wrt=(0,), eps=1e-6, second=True, variables=False):
        args = [np.asarray(a, np.float64) if isinstance(a, (float, np.floating, np.ndarray)) else a
                for a in args]
        self.name, self.f, self.args, self.wrt = name, f, args, wrt
        self.eps, self.second, self.variables = eps, second, variables

    def __repr__(self):
        return self.name


def binary(f, x_gen=u, y_gen=u):
    """f(x, y) over every pair of broadcast shapes."""
    return [Case(f"{a}x{b}", f, [x_gen(a), y_gen(b)], wrt=(0, 1))
            for a, b in itertools.product(SHAPES, SHAPES)]


def unary(f, gen=u, shape=(3, 4)):
    return [Case(f"{shape}", f, [gen(shape)]), Case("scalar", f, [gen(())])]


def no_ties(shape):
    return R.permutation(np.prod(shape, dtype=int)).reshape(shape) * 0.37 - 1.1


def floormod_cases():
    cases = []
    for a, b in itertools.product(SHAPES, SHAPES):
        y = away_from_zero(b)
        full = np.broadcast_shapes(a, b)
        if full != a:  # x must keep its own shape: use x's shape for the fractional parts
            x_shape = a
            yb = np.broadcast_to(y, np.broadcast_shapes(a, b))
            # choose x so that every x / y_j (for the y's it meets) stays off integers: x small
            x = R.uniform(0.1, 0.4, size=x_shape) * np.min(np.abs(yb))
        else:
            frac = R.uniform(0.2, 0.8, size=full)
            k = R.integers(-3, 3, size=full)
            x = (k + frac) * np.broadcast_to(y, full)
        cases.append(Case(f"{a}x{b}", tf.math.floormod, [x, y], wrt=(0, 1)))
    return cases


def matmul_cases():
    cases = []
    for ta, tb in itertools.product([False, True], repeat=2):
        for sa, sb in [((2, 3), (3, 4)), ((5, 2, 3), (5, 3, 4)), ((2, 1, 2, 3), (4, 3, 2)),
                       ((2, 3), (4, 3, 2)), ((1, 2, 3), (3, 3, 2))]:
            a_shape = sa[:-2] + (sa[-1], sa[-2]) if ta else sa
            b_shape = sb[:-2] + (sb[-1], sb[-2]) if tb else sb
            cases.append(Case(f"{a_shape}@{b_shape} ta={ta} tb={tb}",
                              lambda a, b, ta=ta, tb=tb: tf.matmul(a, b, transpose_a=ta,
                                                                   transpose_b=tb),
                              [u(a_shape), u(b_shape)], wrt=(0, 1)))
    return cases


def reduce_cases(f, gen=u):
    out = []
    for axis, keep in [(None, False), (0, False), (1, True), (-1, False), ((0, 1), True),
                       ([0, 2], False)]:
        shape = (2, 3, 2)
        out.append(Case(f"axis={axis} keepdims={keep}",
                        lambda x, axis=axis, keep=keep: f(x, axis=axis, keepdims=keep),
                        [gen(shape)]))
    return out


def prod_cases():
    cases = reduce_cases(tf.reduce_prod, away_from_zero)
    one_zero = away_from_zero((3, 4))
    one_zero[1, 2] = 0.0
    two_zeros = away_from_zero((3, 4))
    two_zeros[0, 1] = two_zeros[0, 3] = 0.0
    cases += [Case("one zero in a row", lambda x: tf.reduce_prod(x, axis=1), [one_zero]),
              Case("two zeros in a row", lambda x: tf.reduce_prod(x, axis=1), [two_zeros]),
              Case("zero, all axes", lambda x: tf.reduce_prod(x), [one_zero], second=False)]
    return cases


def slice_cases():
    x = u((3, 4, 2))
    keys = [0, -1, (slice(None), 1), (Ellipsis, -1), (slice(1, None), slice(None, None, -2)),
            (None, 1, slice(0, 3, 2)), (slice(None), None, Ellipsis, 0)]
    return [Case(repr(k), lambda t, k=k: t[k], [x]) for k in keys]


def strided_slice_grad_cases():
    key = index_ops._normalize_key((slice(None), 1))
    return [Case("scatter into zeros", lambda dy: index_ops.strided_slice_grad(dy, (3, 4), key),
                 [u((3,))])]


def gather_cases():
    return [Case("axis 0, repeated indices", lambda p: tf.gather(p, [2, 0, 2]), [u((3, 4))]),
            Case("axis 1", lambda p: tf.gather(p, [[1, 0], [3, 3]], axis=1), [u((3, 4))]),
            Case("axis -1, int64 indices", lambda p: tf.gather(p, tf.constant([0, 1], tf.int64),
                                                               axis=-1), [u((2, 3))])]


def nd_index_cases():
    """tf.slice, gather_nd, scatter_nd and tensor_scatter_nd_* (ops/scatter_ops.py)."""
    at = [[0, 1], [2, 3], [0, 1]]  # a place twice: repeats add up (gather_nd's gradient, scatter_nd)
    tensor = no_ties((3, 4)) * 1.0
    other = [[0, 1], [2, 3], [1, 0]]
    return {
        "Slice": [Case("size -1", lambda x: tf.slice(x, [1, 0], [-1, 3]), [u((3, 4))]),
                  Case("int64, a box of a box", lambda x: tf.slice(x, tf.constant([0, 1, 1], tf.int64),
                                                                   [2, 2, 1]), [u((3, 4, 2))])],
        "GatherNd": [Case("elements, repeated", lambda p: tf.gather_nd(p, at), [u((3, 4))]),
                     Case("rows", lambda p: tf.gather_nd(p, [[2], [0]]), [u((3, 4))]),
                     Case("batch_dims=1", lambda p: tf.gather_nd(p, [[[1]], [[0]]], batch_dims=1),
                          [u((2, 3, 2))])],
        "ScatterNd": [Case("elements, repeated", lambda v: tf.scatter_nd(at, v, [3, 4]), [u((3,))]),
                      Case("rows", lambda v: tf.scatter_nd([[2], [0]], v, [3, 2]), [u((2, 2))])],
        "TensorScatterUpdate": [Case("elements", lambda t, v: tf.tensor_scatter_nd_update(t, other, v),
                                     [u((3, 4)), u((3,))], wrt=(0, 1))],
        "TensorScatterAdd": [Case("repeated", lambda t, v: tf.tensor_scatter_nd_add(t, at, v),
                                  [u((3, 4)), u((3,))], wrt=(0, 1))],
        "TensorScatterSub": [Case("rows", lambda t, v: tf.tensor_scatter_nd_sub(t, [[1]], v),
                                  [u((3, 4)), u((1, 4))], wrt=(0, 1))],
        # (no ties: each place is won by the tensor or by one update)
        "TensorScatterMin": [Case("elements", lambda t, v: tf.tensor_scatter_nd_min(t, other, v),
                                  [tensor, np.array([-5.0, 0.25, 7.0])], wrt=(0, 1))],
        "TensorScatterMax": [Case("elements", lambda t, v: tf.tensor_scatter_nd_max(t, other, v),
                                  [tensor, np.array([-5.0, 0.25, 7.0])], wrt=(0, 1))],
        # tf.sparse (ops/sparse_ops.py): the values go where the indices say; the default value
        # fills the rest; reorder moves the values with their indices
        "SparseToDense": [Case("values and default value", lambda v, d: tf.sparse.to_dense(
            tf.SparseTensor([[0, 1], [2, 3]], v, [3, 4]), default_value=d),
            [u((2,)), np.float64(0.5)], wrt=(0, 1))],
        "SparseReorder": [Case("values follow their entries", lambda v: tf.sparse.to_dense(
            tf.sparse.reorder(tf.SparseTensor([[2, 3], [0, 1], [1, 0]], v, [3, 4]))) *
            np.arange(12.0).reshape(3, 4), [u((3,))])],
        # sparse arithmetic (ops/sparse_math_ops.py); TF's SparseAddGrad and SparseSliceGrad
        # are not differentiable, so no second derivatives through add and slice
        "SparseAdd": [Case("both operands' values, one entry in common", lambda v, w:
                           tf.sparse.to_dense(tf.sparse.add(
                               tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]),
                               tf.SparseTensor([[0, 1], [1, 1]], w, [2, 3]))),
                           [u((3,)), u((2,))], wrt=(0, 1), second=False)],
        "SparseTensorDenseMatMul": [
            Case(f"values and dense operand, adjoint_a={ta}, adjoint_b={tb}",
                 lambda v, b, ta=ta, tb=tb: tf.sparse.sparse_dense_matmul(
                     tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]), b,
                     adjoint_a=ta, adjoint_b=tb),
                 [u((3,)), u({(False, False): (3, 4), (False, True): (4, 3),
                              (True, False): (2, 4), (True, True): (4, 2)}[ta, tb])], wrt=(0, 1))
            for ta in (False, True) for tb in (False, True)],
        "SparseSlice": [Case("the kept entries' values", lambda v: tf.sparse.to_dense(
            tf.sparse.slice(tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]), [1, 0], [1, 3])),
            [u((3,))], second=False)],
        "SparseReduceSum": [Case(f"along {kw}", lambda v, kw=kw: tf.sparse.reduce_sum(
            tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]), **kw), [u((3,))])
            for kw in ({}, {"axis": 1}, {"axis": 0, "keepdims": True}, {"axis": [-1, 0]})],
    }


def where_cases():
    cond = np.array([[True, False, True, False]])
    return [Case(f"{a}x{b}", lambda x, y: tf.where(cond, x, y), [u(a), u(b)], wrt=(0, 1))
            for a, b in [((3, 4), (3, 4)), ((), (3, 4)), ((4,), (1, 4)), ((3, 1), ())]]


def xent_cases():
    labels = R.uniform(0, 1, size=(3, 4))
    labels /= labels.sum(-1, keepdims=True)
    return [Case("labels and logits", lambda lab, log: tf.nn.softmax_cross_entropy_with_logits(
                lab, log), [labels, u((3, 4))], wrt=(0, 1)),
            Case("axis 0", lambda lab, log: tf.nn.softmax_cross_entropy_with_logits(
                lab, log, axis=0), [labels.T.copy(), u((4, 3))], wrt=(0, 1))]


def cast_cases():
    # Dyadic values and a power-of-two step: float32 represents x +- eps exactly.
    x = np.array([[0.5, -1.25], [2.5, 0.375]])
    return [Case("float64 -> float32 -> float64",
                 lambda t: tf.cast(tf.cast(t, tf.float32), tf.float64) * 3.0, [x], eps=2.0**-6),
            Case("float64 -> int32 (no gradient)",
                 lambda t: tf.cast(tf.cast(t, tf.int32), tf.float64) + t * 0.0, [x], eps=2.0**-6)]


def well_conditioned(n, batch=()):
    """Square matrices far from singular: a random part plus n on the diagonal."""
    return u(batch + (n, n)) + n * np.eye(n)


def spd(n, batch=()):
    """Symmetric positive definite: X X^T plus n on the diagonal."""
    x = u(batch + (n, n))
    return x @ np.swapaxes(x, -1, -2) + n * np.eye(n)


def sym(x):
    # Cholesky's gradient (as TF's) is the one for a symmetric input: differentiate through
    # a symmetrised argument, so central differences see the same function
    return (x + tf.linalg.matrix_transpose(x)) * 0.5


def svd_loss(full_matrices=False):
    """Sign-invariant functions of s, u, v: s, u's squares, and |u diag(s) v^T|."""
    def f(a):
        s, left, right = tf.linalg.svd(a, full_matrices=full_matrices)
        k = s.shape[-1]
        left, right = left[..., :k], right[..., :k]
        rebuilt = left @ tf.linalg.diag(s) @ tf.linalg.matrix_transpose(right)
        rows = tf.constant(np.arange(1.0, left.shape[-2] + 1))[:, None]
        return tf.concat([s[..., None], tf.reduce_sum(left * left * rows, -2)[..., None],
                          tf.reduce_sum(tf.abs(rebuilt) ** 1.5, -1, keepdims=True)[..., :k, :]],
                         -1)
    return f


def qr_squares(a):
    q, r = tf.linalg.qr(a)  # squares: the signs of q's columns and r's rows cancel
    return tf.concat([tf.reshape(q ** 2, [-1]), tf.reshape(r ** 2, [-1])], 0)


def linalg_cases():
    triangular = u((3, 3)) + 4 * np.eye(3)
    return {
        "Svd": [Case("3x2", svd_loss(), [u((3, 2))]), Case("2x3", svd_loss(), [u((2, 3))]),
                Case("batch of 3x3", svd_loss(), [u((2, 3, 3))]),
                Case("full_matrices 3x2", svd_loss(True), [u((3, 2))]),
                Case("compute_uv=False", lambda a: tf.linalg.svd(a, compute_uv=False),
                     [u((3, 2))]),
                Case("v's squares, 2x4", lambda a: tf.linalg.svd(a)[2] ** 2, [u((2, 4))])],
        "SelfAdjointEigV2": [
            Case("values, symmetric", lambda a: tf.linalg.eigh(sym(a))[0], [u((3, 3))]),
            Case("vectors' squares", lambda a: tf.linalg.eigh(sym(a))[1] ** 2, [u((3, 3))]),
            Case("batch, lower triangle read", lambda a: tf.linalg.eigh(a)[1] ** 2 +
                 tf.linalg.eigh(a)[0][..., None, :], [u((2, 3, 3))]),
            Case("eigvalsh", tf.linalg.eigvalsh, [u((3, 3))])],
        "MatrixDeterminant": [Case("batch of 3x3", tf.linalg.det, [u((2, 3, 3))])],
        "LogMatrixDeterminant": [Case("log|det|", lambda a: tf.linalg.slogdet(a)[1],
                                      [u((3, 3))])],
        "Cholesky": [Case("3x3", lambda a: tf.linalg.cholesky(sym(a)), [spd(3)]),
                     Case("batch of 2x2", lambda a: tf.linalg.cholesky(sym(a)), [spd(2, (2,))]),
                     Case("logdet", lambda a: tf.linalg.logdet(sym(a)), [spd(3)])],
        "MatrixTriangularSolve": [
            Case("lower", tf.linalg.triangular_solve, [triangular, u((3, 2))], wrt=(0, 1)),
            Case("upper, adjoint, broadcast batch", lambda a, b: tf.linalg.triangular_solve(
                a, b, lower=False, adjoint=True), [triangular, u((2, 3, 2))], wrt=(0, 1)),
            Case("lstsq 4x2, l2", lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.1),
                 [u((4, 2)), u((4, 1))], wrt=(0, 1)),
            Case("lstsq 2x3", tf.linalg.lstsq, [u((2, 3)), u((2, 2))], wrt=(0, 1))],
        "Qr": [Case("tall 4x2", qr_squares, [u((4, 2))]), Case("square", qr_squares, [u((3, 3))]),
               Case("wide 2x4", qr_squares, [u((2, 4))]),
               Case("batch, r only", lambda a: tf.linalg.qr(a)[1] ** 2, [u((2, 3, 2))])],
        "MatrixDiagV3": [Case("batch, k=-1", lambda d: tf.linalg.diag(d, k=-1), [u((2, 3))])],
        "MatrixDiagPartV3": [Case("batch, k=1", lambda x: tf.linalg.diag_part(x, k=1),
                                  [u((2, 3, 4))]),
                             Case("trace", tf.linalg.trace, [u((2, 3, 3))])],
        "MatrixSetDiagV3": [Case("3x4", tf.linalg.set_diag, [u((3, 4)), u((3,))], wrt=(0, 1))],
        "MatrixBandPart": [Case("(1, 0)", lambda x: tf.linalg.band_part(x, 1, 0), [u((3, 4))])],
        "Cross": [Case("batch", tf.linalg.cross, [u((2, 3)), u((2, 3))], wrt=(0, 1))],
    }


def einsum_cases():
    eq = [("ij,jk->ik", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]), ("ij->", [(2, 3)]),
          ("bxby->bxy", [(2, 3, 2, 4)]), ("i,j->ij", [(3,), (2,)]), ("ij,ij->i", [(2, 3), (2, 3)]),
          ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 4)]), ("ij,jk", [(2, 3), (3, 2)]),
          ("iij->j", [(2, 2, 3)])]
    return [Case(e, lambda *xs, e=e: tf.einsum(e, *xs), [u(shape) for shape in shapes],
                 wrt=tuple(range(len(shapes)))) for e, shapes in eq]


def conv_cases():
    cases = []
    for strides, padding, dilations, x_shape in [(1, "VALID", 1, (2, 5, 5, 3)),
                                                 (2, "SAME", 1, (1, 5, 6, 2)),
                                                 ((1, 2), "SAME", 1, (1, 4, 5, 2)),
                                                 (1, "VALID", 2, (1, 6, 6, 2))]:
        w_shape = (3, 3, x_shape[-1], 2)
        cases.append(Case(f"strides={strides} {padding} dilations={dilations} x={x_shape}",
                          lambda x, w, s=strides, p=padding, d=dilations: tf.nn.conv2d(
                              x, w, strides=s, padding=p, dilations=d),
                          [u(x_shape), u(w_shape)], wrt=(0, 1)))
    return cases


def conv_backprop_cases():
    """The two gradient ops of Conv2D, each differentiated in both of its tensor inputs."""
    attrs = {"strides": (2, 2), "padding": "SAME", "dilations": (1, 1)}
    x_shape, w_shape, dy_shape = (1, 5, 5, 2), (3, 3, 2, 3), (1, 3, 3, 3)
    return {
        "Conv2DBackpropInput": [Case("stride 2, SAME", lambda dy, w: conv_ops.conv2d_backprop_input(
            dy, w, x_shape, **attrs), [u(dy_shape), u(w_shape)], wrt=(0, 1))],
        "Conv2DBackpropFilter": [Case("stride 2, SAME", lambda x, dy: conv_ops.conv2d_backprop_filter(
            x, dy, w_shape, **attrs), [u(x_shape), u(dy_shape)], wrt=(0, 1))],
    }


def pool_cases():
    return [Case(f"ksize={k} strides={s} {p}", lambda x, k=k, s=s, p=p: tf.nn.max_pool2d(x, k, s, p),
                 [no_ties((2, 5, 5, 3)) * 1.0]) for k, s, p in [(2, 2, "VALID"), (3, 1, "SAME"),
                                                                ((2, 3), (1, 2), "SAME")]]


def pool_grad_cases():
    """MaxPoolGrad and MaxPoolGradGrad are linear in their last input (positions fixed by x)."""
    x = tf.constant(no_ties((1, 4, 5, 2)) * 1.0)
    attrs = {"ksize": (2, 2), "strides": (2, 2), "padding": "SAME"}
    y = tf.nn.max_pool2d(x, 2, 2, "SAME")
    return {
        "MaxPoolGrad": [Case("2x2 SAME", lambda dy: execute(
            conv_ops.MAX_POOL_GRAD, (x, y, dy), attrs), [u((1, 2, 3, 2))])],
        "MaxPoolGradGrad": [Case("2x2 SAME", lambda dd: execute(
            conv_ops.MAX_POOL_GRAD_GRAD, (x, y, dd), attrs), [u((1, 4, 5, 2))])],
    }


GRAD_CASES = {
    # arithmetic (math_ops)
    "AddV2": binary(tf.add),
    "Sub": binary(tf.subtract),
    "Mul": binary(tf.multiply),
    "RealDiv": binary(tf.divide, u, away_from_zero),
    "Pow": binary(tf.pow, pos, u) + [
        Case("negative base, integer power", lambda x: tf.pow(x, 3.0), [u((3, 4))])],
    "Maximum": [Case(c.name, tf.maximum, [no_ties(np.shape(c.args[0])) * 1.0,
                                          no_ties(np.shape(c.args[1])) * 1.0 + 0.05], (0, 1))
                for c in binary(tf.maximum)],
    "Minimum": [Case(c.name, tf.minimum, [no_ties(np.shape(c.args[0])) * 1.0,
                                          no_ties(np.shape(c.args[1])) * 1.0 + 0.05], (0, 1))
                for c in binary(tf.minimum)],
    "SquaredDifference": binary(tf.math.squared_difference),
    "FloorMod": floormod_cases(),
    "AddN": [Case("three terms", lambda a, b, c: math_ops.add_n([a, b, c]),
                  [u((3, 4)), u((3, 4)), u((3, 4))], wrt=(0, 1, 2)),
             Case("a term used twice", lambda a, b: math_ops.add_n([a, b, a]),
                  [u((2,)), u((2,))], wrt=(0, 1))],
    "MatMul": [c for c in matmul_cases() if len(c.args[0].shape) == len(c.args[1].shape) == 2],
    "BatchMatMulV2": [c for c in matmul_cases() if max(c.args[0].ndim, c.args[1].ndim) > 2],
    # unary (unary_ops, nn_ops)
    "Neg": unary(tf.negative),
    "Abs": unary(tf.abs, away_from_zero),
    "Sign": unary(tf.sign, away_from_zero),
    "Exp": unary(tf.exp),
    "Log": unary(tf.math.log, pos),
    "Log1p": unary(tf.math.log1p, pos),
    "Expm1": unary(tf.math.expm1),
    "Sqrt": unary(tf.sqrt, pos),
    "Rsqrt": unary(tf.math.rsqrt, pos),
    "Square": unary(tf.square),
    "Reciprocal": unary(tf.math.reciprocal, away_from_zero),
    "Sin": unary(tf.sin),
    "Cos": unary(tf.cos),
    "Relu": unary(tf.nn.relu, away_from_zero),
    # (values away from the kinks at 0 and 6: the derivative jumps there)
    "LeakyRelu": unary(lambda x: tf.nn.leaky_relu(x, alpha=0.3), away_from_zero),
    "Relu6": [Case("both sides of 0 and 6", tf.nn.relu6,
                   [np.array([[-2.5, -0.6, 0.7, 3.1], [5.4, 6.8, 9.0, -7.2]])])],
    "Sigmoid": unary(tf.nn.sigmoid),
    "Tanh": unary(tf.nn.tanh),
    "Softmax": [Case("last axis", tf.nn.softmax, [u((3, 4))]),
                Case("axis 0", lambda x: tf.nn.softmax(x, axis=0), [u((3, 4))])],
    "LogSoftmax": [Case("last axis", tf.nn.log_softmax, [u((3, 4))]),
                   Case("axis 0", lambda x: tf.nn.log_softmax(x, axis=0), [u((3, 4))])],
    "SoftmaxCrossEntropyWithLogits": xent_cases(),
    "SparseSoftmaxCrossEntropyWithLogits": [
        Case("int32 labels", lambda log: tf.nn.sparse_softmax_cross_entropy_with_logits(
            [0, 3, 1], log), [u((3, 4))]),
        Case("int64 labels, batch of batches", lambda log: tf.nn.sparse_softmax_cross_entropy_with_logits(
            tf.constant([[0, 1], [2, 1]], tf.int64), log), [u((2, 2, 3))])],
    # reductions
    "Sum": reduce_cases(tf.reduce_sum),
    "Mean": reduce_cases(tf.reduce_mean),
    "Max": reduce_cases(tf.reduce_max, no_ties),
    "Min": reduce_cases(tf.reduce_min, no_ties),
    "Prod": prod_cases(),
    # shapes and selection
    "Cast": cast_cases(),
    "Reshape": [Case("[3,4] -> [2,-1]", lambda x: tf.reshape(x, [2, -1]), [u((3, 4))]),
                Case("[1] -> []", lambda x: tf.reshape(x, []), [u((1,))])],
    "Transpose": [Case("default", tf.transpose, [u((3, 4))]),
                  Case("perm [2,0,1]", lambda x: tf.transpose(x, [2, 0, 1]), [u((2, 3, 4))]),
                  Case("perm [-1,0,1]", lambda x: tf.transpose(x, [-1, 0, 1]), [u((2, 3, 4))])],
    "Squeeze": [Case("all", tf.squeeze, [u((1, 3, 1))]),
                Case("axis -1", lambda x: tf.squeeze(x, -1), [u((1, 3, 1))])],
    "ExpandDims": [Case("axis 0", lambda x: tf.expand_dims(x, 0), [u((3,))]),
                   Case("axis -1", lambda x: tf.expand_dims(x, -1), [u((2, 3))])],
    "BroadcastTo": [Case("[4] -> [3,4]", lambda x: tf.broadcast_to(x, [3, 4]), [u((4,))]),
                    Case("[3,1] -> [2,3,4]", lambda x: tf.broadcast_to(x, [2, 3, 4]), [u((3, 1))])],
    "Tile": [Case("[2,3] x [2,1]", lambda x: tf.tile(x, [2, 1]), [u((2, 3))]),
             Case("[1,2] x [3,2]", lambda x: tf.tile(x, [3, 2]), [u((1, 2))])],
    "ConcatV2": [Case("axis 0", lambda a, b: tf.concat([a, b], 0), [u((2, 3)), u((1, 3))], (0, 1)),
                 Case("axis -1, a tensor twice", lambda a, b: tf.concat([a, b, a], -1),
                      [u((2, 3)), u((2, 1))], (0, 1))],
    "Pack": [Case("axis 0", lambda a, b: tf.stack([a, b]), [u((3,)), u((3,))], (0, 1)),
             Case("axis 1", lambda a, b: tf.stack([a, b], axis=1), [u((2, 3)), u((2, 3))], (0, 1)),
             Case("a list of tensors converts by packing", lambda a, b: tf.convert_to_tensor([a, b]),
                  [u(()), u(())], (0, 1))],
    "Identity": unary(tf.identity),
    # the identity, with the (finite) gradient checked on its way back
    "CheckNumerics": unary(lambda x: tf.debugging.check_numerics(x, "x")),
    # (enable_check_numerics's op: no public function of its own)
    "CheckNumericsV2": unary(lambda x: execute(numerics_ops.CHECK_NUMERICS_V2, (x,),
                                               {"message": "x"})),
    "PlaceholderWithDefault": unary(lambda x: tf.compat.v1.placeholder_with_default(x, x.shape)),
    "StridedSlice": slice_cases(),
    "StridedSliceGrad": strided_slice_grad_cases(),
    "GatherV2": gather_cases(),
    "UnsortedSegmentSum": [Case("rows to segments", lambda d: tf.math.unsorted_segment_sum(
        d, [0, 2, 0], 3), [u((3, 2))])],
    "SelectV2": where_cases(),
    **nd_index_cases(),
    "ReadVariableOp": [Case("variable source", lambda v: v * v + 1.0, [u((3,))], variables=True,
                            second=False)],
    # Their gradient functions return None: the output does not depend on the
    # input's values (TF's ZerosLike/OnesLike are shape-only). Numerically zero too.
    # issue 11: linear algebra, nn, convolutions, Python functions
    "MatrixInverse": [Case("3x3", tf.linalg.inv, [well_conditioned(3)]),
                      Case("batch of 2x2", tf.linalg.inv, [well_conditioned(2, (2,))]),
                      Case("adjoint", lambda a: tf.linalg.inv(a, adjoint=True), [well_conditioned(3)])],
    "MatrixSolve": [Case("3x3, 2 right-hand sides", tf.linalg.solve, [well_conditioned(3), u((3, 2))],
                         wrt=(0, 1)),
                    Case("batch, adjoint", lambda a, b: tf.linalg.solve(a, b, adjoint=True),
                         [well_conditioned(2, (2,)), u((2, 2, 1))], wrt=(0, 1))],
    "Einsum": einsum_cases(),
    **linalg_cases(),
    "DivNoNan": binary(tf.math.divide_no_nan, u, away_from_zero),
    "PadV2": [Case("[[1,0],[2,1]]", lambda x: tf.pad(x, [[1, 0], [2, 1]]), [u((2, 3))]),
              Case("constant 3", lambda x: tf.pad(x, [[0, 1]], constant_values=3.0), [u((3,))])],
    "Softplus": unary(tf.nn.softplus),
    "Elu": unary(tf.nn.elu, away_from_zero),
    "L2Loss": unary(tf.nn.l2_loss),
    "Conv2D": conv_cases(),
    **conv_backprop_cases(),
    "MaxPool": pool_cases(),
    **pool_grad_cases(),
    "EagerPyFunc": [Case("x * sin(x) in Python", lambda x: tf.py_function(
        lambda a: a * tf.sin(a), [x], tf.float64), [u((3,))], second=False)],
    "ZerosLike": [Case("zeros", lambda x: tf.zeros_like(x) + x * 0.0, [u((3,))])],
    "OnesLike": [Case("ones", lambda x: tf.ones_like(x) * 2.0 + x * 0.0, [u((3,))])],
}

# Ops with a gradient function whose result deliberately differs from the
# derivative of the forward computation (TF semantics), tested elsewhere.
SPECIAL_GRADIENT = {
    # (EagerPyFunc's gradient reruns the Python function under a fresh tape, as TF's does: it is
    # checked above, but not differentiated twice: second=False.)
    "StopGradient": "forward is the identity but the gradient is None by definition "
                    "(test_stop_gradient_blocks_gradients)",
    "IdentityN": "tf.custom_gradient's node: its gradient is the user's function by definition "
                 "(tests/engine/test_custom_gradient.py, and the differential runtime cases)",
    "AllReduce": "runs only in replicas: its central-differences check is "
                 "test_all_reduce_gradient_matches_central_differences (tests/engine/test_distribute.py)",
}

# Ops without a gradient function, each with TF's reason.
NO_GRADIENT = {
    "RaggedStringSplit": "strings in, words and integer row splits out",
    "LookupTableFindV2": "string keys in, integer indices out",
    "RaggedTensorToTensor": "this engine's takes integer token ids only (TextVectorization)",
    "RaggedBincount": "integer ids in, counts out; TF registers no gradient",
    "InvertPermutation": "integer positions; TF registers no gradient",
    "Bitcast": "the same bytes read as another dtype; TF registers no gradient",
    "SparseAddGrad": "a gradient's helper; TF: not differentiable",
    "SparseSliceGrad": "a gradient's helper; TF registers no gradient",
    "SparseReduceMax": "TF registers no gradient",
    "FloorDiv": "a step function; TF registers no gradient",
    "Floor": "a step function; TF registers no gradient",
    "Ceil": "a step function; TF registers no gradient",
    "Round": "a step function; TF registers no gradient",
    "Equal": "bool output", "NotEqual": "bool output", "Less": "bool output",
    "LessEqual": "bool output", "Greater": "bool output", "GreaterEqual": "bool output",
    "LogicalAnd": "bool in and out", "LogicalOr": "bool in and out", "LogicalNot": "bool in and out",
    "Any": "bool in and out", "All": "bool in and out",
    "ArgMax": "integer output (an index)", "ArgMin": "integer output (an index)",
    "OneHot": "inputs are integer indices",
    "Where": "integer output (coordinates)",
    "RandomUniform": "the input is a shape (integers); TF registers no gradient",
    "RandomStandardNormal": "the input is a shape (integers); TF registers no gradient",
    "TruncatedNormal": "the input is a shape (integers); TF registers no gradient",
    "RandomShuffle": "TF registers no gradient for a random permutation",
    "RandomUniformInt": "integer output",
    "IsNan": "bool output", "IsInf": "bool output", "IsFinite": "bool output",
    "StatelessRandomUniform": "the inputs are a shape and a seed (integers)",
    **dict.fromkeys(("StatelessRandomNormal", "StatelessTruncatedNormal",
                     "StatelessRandomUniformInt", "StatelessRandomUniformFullInt"),
                    "the inputs are a shape and a seed (integers)"),
    **dict.fromkeys(("StatelessRandomUniformV2", "StatelessRandomNormalV2",
                     "StatelessTruncatedNormalV2", "StatelessRandomUniformIntV2",
                     "StatelessRandomUniformFullIntV2"),
                    "the inputs are a shape, a key and a counter (integers)"),
    "StatelessMultinomial": "indices drawn: TF registers no gradient (not differentiable)",
    "StatelessRandomBinomial": "integer counts drawn: TF registers no gradient",
    "StatefulRandomBinomial": "integer counts drawn from a Generator: TF registers no gradient",
    "RngReadAndSkip": "reads and advances a Generator's int64 state",
    "ReplicaKey": "an int64 Philox key hashed with the replica's number (integers)",
    "ReplicaId": "no inputs (the running replica's number)",
    "Shape": "integer output (sizes)", "Size": "integer output (a count)",
    "Rank": "integer output (a count)",
    "BroadcastGradientArgs": "integer outputs (axes)",
    "Const": "no inputs", "NoOp": "no inputs, no outputs", "PrintV2": "no outputs",
    "WriteSummary": "writes a file; its output is a bool (TF registers no gradient)",
    "ScalarSummary": "its output is a string: a serialized Summary (TF registers no gradient)",
    "HistogramSummary": "its output is a string: a serialized Summary (TF registers no gradient)",
    "MergeSummary": "strings in, a string out (TF registers no gradient)",
    "FlushSummaryWriter": "no inputs, no outputs: it flushes a file (TF registers no gradient)",
    "AssignVariableOp": "no outputs (changes a variable)",
    "AssignAddVariableOp": "no outputs (changes a variable)",
    "AssignSubVariableOp": "no outputs (changes a variable)",
    "ResourceApplyGradientDescent": "an optimizer's update: no outputs",
    "ResourceApplyKerasMomentum": "an optimizer's update: no outputs",
    "ResourceApplyMomentum": "an optimizer's update: no outputs",
    "ResourceApplyAdam": "an optimizer's update: no outputs",
    "ResourceApplyRMSProp": "an optimizer's update: no outputs",
    "ResourceApplyCenteredRMSProp": "an optimizer's update: no outputs",
    "ResourceApplyAdagrad": "an optimizer's update: no outputs",
    # strings are not differentiable (TF registers no gradients for string ops)
    **{name: "string input or output: not differentiable" for name in (
        "Add", "StringLength", "StringLower", "StringUpper", "StringStrip", "StringJoin",
        "ReduceJoin", "StringSplitV2", "StringBytesSplit", "Substr", "StaticRegexReplace",
        "StaticRegexFullMatch", "UnicodeDecode", "UnicodeSplit", "UnicodeEncode",
        "StringToNumber", "AsString", "StringFormat")},
    # hashes: integer outputs of string (or any) inputs; TF registers them not differentiable
    **{name: "a hash: integer output, not differentiable" for name in (
        "StringToHashBucketFast", "StringToHashBucketStrong", "StringToHashBucket",
        "Fingerprint")},
}


# The control-flow ops (If, While, TensorList, ...) keep their cases in control_flow_cases.py.
GRAD_CASES.update(control_flow_cases.GRAD_CASES)
NO_GRADIENT.update(control_flow_cases.NO_GRADIENT)
GRAD_CASES.update(complex_cases.GRAD_CASES)  # (built from real parts: see complex_cases.py)
NO_GRADIENT.update(io_cases.NO_GRADIENT)
NO_GRADIENT.update(image_cases.NO_GRADIENT)
GRAD_CASES.update(image_cases.GRAD_CASES)
SPECIAL_GRADIENT.update(image_cases.SPECIAL_GRADIENT)


def _all_cases():
    for op_name, cases in GRAD_CASES.items():
        for case in cases:
            yield pytest.param(case, id=f"{op_name}-{case.name}")


def _import_everything():
    """Imports every engine module, so ops registered anywhere are in REGISTRY."""
    import course.engine as pkg
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)


def test_every_registered_gradient_has_a_case():
    """Guard: each op in REGISTRY is either gradient-checked here or listed with a reason."""
    _import_everything()
    with_grad = {name for name, op in REGISTRY.items() if op.grad is not None}
    without = {name for name, op in REGISTRY.items() if op.grad is None}
    missing = sorted(with_grad - set(GRAD_CASES) - set(SPECIAL_GRADIENT))
    assert not missing, (f"ops with a gradient but no numeric check: {missing}; add cases to "
                         "GRAD_CASES in tests/engine/test_gradients.py")
    unlisted = sorted(without - set(NO_GRADIENT))
    assert not unlisted, (f"ops without a gradient and no reason: {unlisted}; list them in "
                          "NO_GRADIENT in tests/engine/test_gradients.py")
    stale = sorted((set(GRAD_CASES) | set(NO_GRADIENT) | set(SPECIAL_GRADIENT)) - set(REGISTRY))
    assert not stale, f"cases for ops that are not registered: {stale}"
    wrongly_listed = sorted(set(NO_GRADIENT) & with_grad)
    assert not wrongly_listed, f"listed as having no gradient, but they have one: {wrongly_listed}"


@pytest.mark.parametrize("case", list(_all_cases()))
def test_gradient_matches_central_differences(case):
    """The tape's VJP with a random upstream gradient equals central differences (float64)."""
    # (a case may widen the tolerance: ops whose kernel computes in float32, as TF's resize)
    check_gradients(case.f, case.args, case.wrt, eps=case.eps, variables=case.variables,
                    rtol=getattr(case, "rtol", 1e-5), atol=getattr(case, "atol", 1e-6))


@pytest.mark.parametrize("case", [p for p in _all_cases() if p.values[0].second])
def test_second_derivative_through_nested_tapes(case):
    """An outer tape differentiates the inner tape's gradient; checked numerically."""
    check_second_derivatives(case.f, case.args, case.wrt, eps=1e-5 if case.eps == 1e-6 else case.eps)


def test_stop_gradient_blocks_gradients():
    """TF: stop_gradient passes the value but its gradient is None (y = x * c, c = x held)."""
    x = tf.constant([2.0, 3.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * tf.stop_gradient(x)
        z = tf.stop_gradient(x * 5.0)
    assert tape.gradient([y], x).numpy().tolist() == [2.0, 3.0]
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.stop_gradient(x * 5.0)
    assert tape.gradient(z, x) is None


def test_tensor_used_twice_accumulates_both_contributions():
    """y = x * x + sin(x) * x: every use of x adds its own term (micrograd's +=)."""
    x0 = np.array([0.3, -1.2, 2.0])
    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x + tf.sin(x) * x
    w = np.array([1.0, -2.0, 0.5])
    g = tape.gradient(y, x, output_gradients=tf.constant(w))
    np.testing.assert_allclose(g.numpy(), w * (2 * x0 + np.cos(x0) * x0 + np.sin(x0)), rtol=1e-12)
