"""Op cases run on a device backend and compared with the NumPy backend.

Shared by the strict stand-in tests (test_strict_backend.py) and the real CuPy
tests (test_cupy.py). A case is ``(id, fn, inputs)``: ``fn(M, *tensors)`` with
``M`` the minigrad module; ``inputs`` are NumPy arrays, floating ones become
leaves that require grad.
"""
import warnings

import numpy as np

import minigrad

_rng = np.random.default_rng(1234)


def r(*shape, lo=-2.0, hi=2.0):
    """Random float64 array (no exact zeros or ties)."""
    return _rng.uniform(lo, hi, shape)


def pos(*shape):
    """Random positive float64 array."""
    return _rng.uniform(0.5, 2.0, shape)


def ints(*shape, high=3):
    """Random int64 array in [0, high)."""
    return _rng.integers(0, high, shape).astype(np.int64)


def _index_reduce(M, *args):
    with warnings.catch_warnings():  # (index_reduce is in beta: PyTorch's warning)
        warnings.simplefilter("ignore")
        return M.index_reduce(*args)


# fractional max pooling's inputs and per-plane samples (their own generator: the cases above keep their data)
_frng = np.random.default_rng(5)
_FRACTIONAL_X2, _FRACTIONAL_2D = _frng.uniform(-2.0, 2.0, (2, 3, 6, 5)), _frng.random((2, 3, 2))
_FRACTIONAL_X3, _FRACTIONAL_3D = _frng.uniform(-2.0, 2.0, (1, 2, 4, 5, 4)), _frng.random((1, 2, 3))

TIES = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]])

ELEMENTWISE = [
    ("add_broadcast", lambda M, a, b: a + b, [r(3, 4), r(4)]),
    ("sub_scalar_rsub", lambda M, a: 2.0 - a - 1, [r(3)]),
    ("mul_broadcast", lambda M, a, b: a * b, [r(2, 1, 3), r(4, 1)]),
    ("div", lambda M, a, b: a / b, [r(3, 2), pos(2)]),
    ("rdiv_scalar", lambda M, a: 1.5 / a, [pos(4)]),
    ("pow_scalar", lambda M, a: a ** 3, [r(5)]),
    ("pow_tensor", lambda M, a, b: a ** b, [pos(3), r(3)]),
    ("rpow", lambda M, a: 2.0 ** a, [r(3)]),
    ("neg", lambda M, a: -a, [r(2, 2)]),
    ("exp_log", lambda M, a: M.log(a) + M.exp(a), [pos(4)]),
    ("sqrt_rsqrt", lambda M, a: M.sqrt(a) * M.rsqrt(a + 1), [pos(4)]),
    ("log1p_expm1", lambda M, a: M.log1p(a) + M.expm1(a), [pos(3)]),
    ("sin_cos_tanh", lambda M, a: M.sin(a) * M.cos(a) + M.tanh(a), [r(6)]),
    ("sigmoid_extreme", lambda M, a: M.sigmoid(a * 300), [r(6)]),
    ("relu_kink", lambda M, a: M.relu(a), [np.array([-1.0, 0.0, 2.0])]),
    ("abs_kink", lambda M, a: M.abs(a), [np.array([-1.0, 0.0, 2.0])]),
    ("clamp", lambda M, a: M.clamp(a, -0.5, 0.5), [r(8)]),
    ("clamp_min_tensor_max", lambda M, a: a.clamp(min=-1.0), [r(8)]),
    ("maximum_minimum", lambda M, a, b: M.maximum(a, b) + M.minimum(a, b) * 2, [r(5), r(5)]),
    ("maximum_tie", lambda M, a: M.maximum(a, a), [r(3)]),
    ("where", lambda M, a, b: M.where(a > 0, a, b), [r(6), r(6)]),
    ("where_scalar", lambda M, a: M.where(a > 0, a, 0.0), [r(6)]),
    ("square_reciprocal", lambda M, a: M.square(a) + M.reciprocal(a), [pos(3)]),
    ("sign", lambda M, a: M.sign(a) * a, [r(4)]),
    # (a // 0.7 has no derivative, as PyTorch's floor_divide: the floored quotient with zero gradients is div's)
    ("floor_divide_remainder", lambda M, a: M.div(a, 0.7, rounding_mode="floor") + (a % 0.7) + (a // 0.7).detach(),
     [r(5)]),
    ("int_arith", lambda M, i: (i * 3 + 1) // 2, [ints(4)]),
    ("int_true_divide", lambda M, i: i / 2, [ints(4)]),
    ("comparisons", lambda M, a, b: (a < b).float() + (a >= b).double() + (a == a).long(),
     [r(4), r(4)]),
    ("isnan_isfinite", lambda M, a: M.isfinite(a / (a - a)), [r(3)]),
    ("cast_float32", lambda M, a: a.float() * 2, [r(3)]),
    ("bool_logic", lambda M, a: (a > 0) & (a < 1) | ~(a > -1), [r(6)]),
    ("binary_math", lambda M, a, b: M.atan2(a, b) + M.hypot(a, b) + M.copysign(a, b) + M.logaddexp(a, b)
     + M.logaddexp2(a, b) + M.fmax(a, b) + M.fmin(a, b) + M.ldexp(a, b) + M.nextafter(a, b), [r(2, 3), r(3)]),
    ("xlogy_xlog1py_zeta", lambda M, a, b: M.xlogy(a, b) + M.xlogy(2.0, b) + M.xlogy(a, 0.0)
     + M.special.xlog1py(a, b) + M.special.zeta(a.detach() + 3, b) + M.special.zeta(2.5, -b), [r(4), pos(4)]),
    ("integer_binary", lambda M, i, j: M.gcd(i, j) + M.lcm(i, j) + (i << j) + (i >> 1) + M.logical_xor(i, j).long(),
     [ints(5), ints(5)]),
    ("heaviside", lambda M, a: M.heaviside(a.detach(), a.detach()), [np.array([-1.0, 0.0, 2.0])]),
    ("gamma_family", lambda M, a: M.lgamma(a) + M.digamma(a) + M.polygamma(1, a) + M.polygamma(3, a)
     + M.mvlgamma(a + 3, 2), [r(6, lo=-3.5, hi=3.5)]),
    ("unary_math", lambda M, a: M.erfc(a) + M.sinc(a) + M.deg2rad(a) + M.rad2deg(a) + M.sgn(a) + M.i0(a)
     + M.logit(a * 0.2 + 0.5, 0.1) + M.frexp(a).mantissa, [r(6)]),
    ("special_functions", lambda M, a: M.special.i0e(a) + M.special.i1(a) + M.special.i1e(a) + M.special.erfcx(a)
     + M.special.ndtri(a * 0.2 + 0.5) + M.special.log_ndtr(a) + M.special.entr(a.abs()) + M.special.ndtr(a),
     [r(6)]),
    ("bessel_values", lambda M, a: M.special.modified_bessel_k0(a.abs())
     + M.special.scaled_modified_bessel_k1(a.abs() * 10)
     + M.special.modified_bessel_i1(a) + M.special.spherical_bessel_j0(a), [r(6)]),
    ("incomplete_gamma", lambda M, a, x: M.igamma(a.detach(), x) + M.igammac(a.detach(), x * 3), [pos(5), pos(5)]),
    ("orthogonal_polynomials", lambda M, a: M.special.chebyshev_polynomial_t(a, 9)
     + M.special.legendre_polynomial_p(a, 4)
     + M.special.hermite_polynomial_h(a, M.tensor([0.0, 1, 2, 3, 4, 5], device=a.device)), [r(6)]),
    ("sign_tests", lambda M, a: M.signbit(a).long() + M.isposinf(a / 0).long() + M.isneginf(a / 0).long()
     + M.isreal(a).long(), [np.array([-1.0, 0.0, 2.0])]),
]

REDUCTIONS = [
    ("sum_all", lambda M, a: a.sum(), [r(3, 4)]),
    ("sum_dims_keepdim", lambda M, a: a.sum(dim=(0, 2), keepdim=True), [r(2, 3, 4)]),
    ("mean_dim", lambda M, a: a.mean(1), [r(3, 4)]),
    ("var_std", lambda M, a: a.var(0) + a.std(1).sum(), [r(3, 4)]),
    ("max_all_ties", lambda M, a: a.max(), [TIES]),
    ("max_dim", lambda M, a: a.max(dim=1), [TIES]),
    ("min_dim_keepdim", lambda M, a: a.min(dim=0, keepdim=True), [r(3, 4)]),
    ("amax_ties", lambda M, a: M.amax(a, dim=1), [TIES]),
    ("argmax_argmin", lambda M, a: a.argmax(dim=1) + a.argmin(), [r(3, 4)]),
    ("prod", lambda M, a: a.prod(1), [r(3, 4)]),
    ("prod_with_zero", lambda M, a: (a * (a > -1.5)).prod(), [np.array([1.0, -2.0, 3.0, 0.5])]),
    ("prod_all", lambda M, a: a.prod(), [r(5)]),
    ("logsumexp", lambda M, a: M.logsumexp(a, dim=1), [r(3, 4) * 50]),
    ("softmax", lambda M, a: M.softmax(a, dim=-1), [r(3, 4)]),
    ("log_softmax", lambda M, a: M.log_softmax(a, dim=0), [r(3, 4)]),
    ("norm", lambda M, a: a.norm(), [r(3, 4)]),
    ("cumsum", lambda M, a: a.cumsum(1), [r(2, 5)]),
    ("cumsum_blocked", lambda M, a: a.cumsum(0), [r(100, 90)]),  # (large: the blocked kernel)
    ("all_any", lambda M, a: (a > 0).all(dim=1).long() + (a > 1).any().long(), [r(3, 4)]),
    ("max_nan", lambda M, a: (a / (a * 0 + (a > 0))).max(dim=0)[0], [r(4, 3)]),
]

LINALG = [
    ("matmul_2d", lambda M, a, b: a @ b, [r(3, 4), r(4, 2)]),
    ("matmul_batched_broadcast", lambda M, a, b: M.matmul(a, b), [r(2, 3, 4), r(4, 5)]),
    ("matmul_vec", lambda M, a, b: a @ b, [r(3, 4), r(4)]),
    ("mm_bmm", lambda M, a, b: M.bmm(a, b).sum(0) + M.mm(a[0], b[1]), [r(2, 3, 4), r(2, 4, 3)]),
    ("mv_dot_outer", lambda M, a, v: M.mv(a, v).sum() * M.dot(v, v) + M.outer(v, v).sum(),
     [r(3, 4), r(4)]),
    ("det_slogdet_inv", lambda M, a: M.linalg.det(a).sum() + M.linalg.slogdet(a)[1].sum() + M.linalg.inv(a),
     [r(2, 3, 3) + 4 * np.eye(3)]),
    ("solve_solve_triangular", lambda M, a, b: M.linalg.solve(a, b) + M.linalg.solve_triangular(a, b, upper=True),
     [r(2, 3, 3) + 4 * np.eye(3), r(3, 2)]),
    ("cholesky_solve_inverse", lambda M, a, b: M.cholesky_solve(b, M.linalg.cholesky(a @ a.mT)).sum()
     + M.cholesky_inverse(a.tril()), [r(3, 3) + 4 * np.eye(3), r(3, 2)]),
    ("qr_eigvalsh_svdvals", lambda M, a: M.linalg.qr(a).R.sum() + M.linalg.eigvalsh(a + a.mT).sum()
     + M.linalg.svdvals(a), [r(2, 4, 3)[..., :3, :]]),
    ("pinv_matrix_exp", lambda M, a: M.linalg.pinv(a) + M.linalg.matrix_exp(a[..., :3]).sum(),
     [r(3, 4)[:3, :3]]),
    ("addmv_addr_beta_zero", lambda M, i, a, v: M.addmv(i[:, 0], a, v, beta=0).sum() + M.addr(i, i[:, 0], v, alpha=2),
     [r(3, 4), r(3, 4), r(4)]),
    ("baddbmm_addbmm", lambda M, i, a, b: M.baddbmm(i, a, b, beta=2).sum(0) + M.addbmm(i[0], a, b, alpha=0.5),
     [r(2, 3, 3), r(2, 3, 4), r(2, 4, 3)]),
    ("tensordot_kron_cross", lambda M, a, b: M.tensordot(a, b, 1).sum() + M.kron(a, b).sum(0)[:3]
     + M.linalg.cross(a, b.T)[0], [r(2, 3), r(3, 2)]),
    ("multi_dot_matrix_power", lambda M, a, b: M.linalg.multi_dot([a, b, a, b]) + M.linalg.matrix_power(a @ b, 5),
     [r(2, 3), r(3, 2)]),
    ("diag_embed_block_diag", lambda M, a, b: M.diag_embed(a, 1, 0, 2).sum(1)[:3, :3] + M.block_diag(a, b)[:3, :3],
     [r(2, 2), r(3)]),
    ("cov_corrcoef_vander", lambda M, a: M.cov(a, correction=0) + M.corrcoef(a) + M.linalg.vander(a[0], N=3)[:3],
     [r(3, 4)]),
    ("lu_factor_solve_unpack", lambda M, a, b: M.linalg.lu_solve(*M.linalg.lu_factor(a), b, adjoint=True)
     + M.linalg.lu(a).U.sum() + M.lu_unpack(*M.linalg.lu_factor(a[..., :2]))[1].sum(), [r(2, 3, 3), r(3, 2)]),
    ("geqrf_householder_ormqr", lambda M, a, c: M.linalg.householder_product(*M.geqrf(a.detach())) + M.ormqr(
        a, M.geqrf(a.detach())[1], c, transpose=True).sum(), [r(3, 3), r(3, 2)]),
    ("ldl_tensorinv_tensorsolve", lambda M, a, b: M.linalg.ldl_solve(*M.linalg.ldl_factor(a.detach() + a.detach().mT),
     b.detach()).sum() + M.linalg.tensorinv(a.reshape(3, 3, 1), ind=1).sum() + M.linalg.tensorsolve(a, b[:, 0]),
     [r(3, 3) + 3 * np.eye(3), r(3, 2)]),
]

SHAPE = [
    ("as_strided_scatter_gradient", lambda M, a, s: M.as_strided(a, (2, 2), (1, 2), 1) * 2
     + M.as_strided_scatter(a, s, (2, 2), (2, 1)).sum(0)[:2] + M.gradient(a, spacing=[M.arange(3.0, device=a.device), 2.0],
                                                                           edge_order=2)[0][:2, :2], [r(3, 4), r(2, 2)]),
    ("histogram_index_reduce_windows", lambda M, a, s: _index_reduce(M, a, 0, M.tensor([0, 2, 0], device=a.device), s,
     "amax").sum() + M.histogram(a.detach(), 3)[0].sum() + M.signal.windows.kaiser(3, dtype=a.dtype, device=a.device).sum()
     + M.hann_window(4, dtype=a.dtype, device=a.device)[1:] + M.nonzero_static(a, size=2).sum(), [r(3, 3), r(3, 3)]),
    ("reshape_view", lambda M, a: a.reshape(4, 3).view(2, 6) * 2, [r(3, 4)]),
    ("flatten_squeeze_unsqueeze", lambda M, a: a.flatten(1).unsqueeze(0).squeeze(), [r(2, 1, 3)]),
    ("transpose_permute", lambda M, a: a.transpose(0, 2).permute(1, 0, 2) * 3, [r(2, 3, 4)]),
    ("T_mT", lambda M, a: a.mT * 2 + a.T.sum(-1), [r(2, 3, 4)]),
    ("expand", lambda M, a: a.expand(3, 4) * 2, [r(1, 4)]),
    ("repeat", lambda M, a: a.repeat(2, 3), [r(2, 2)]),
    ("cat_stack", lambda M, a, b: M.cat([a, b], 0).sum(0) + M.stack([a, b], 1).sum((0, 1)),
     [r(2, 3), r(2, 3)]),
    ("split_chunk", lambda M, a: a.split(2, dim=1)[1].sum() + a.chunk(3, 0)[0].sum(), [r(3, 4)]),
    ("unbind_select", lambda M, a: a.unbind(0)[1] * a.select(1, 0)[1], [r(3, 4)]),
    ("narrow_flip", lambda M, a: a.narrow(1, 1, 2).flip(0), [r(3, 4)]),
    ("iterate", lambda M, a: M.stack([row * i for i, row in enumerate(a)]), [r(3, 2)]),
    ("tensor_split_hsplit", lambda M, a: M.tensor_split(a, 3, 1)[1].sum(1) + M.hsplit(a, [1, 3])[1].sum(1)
     + M.dstack([a, a]).sum((1, 2)), [r(3, 4)]),
    ("combinations_cartesian_prod", lambda M, a: M.combinations(a, 2).sum(0) + M.cartesian_prod(a, a)[:2].sum(0),
     [r(4)]),
    ("sum_to_size_broadcast_tensors", lambda M, a, b: M.broadcast_tensors(a, b)[1].sum_to_size(1, 4) * 2,
     [r(3, 4), r(4)]),
]

INDEXING = [
    ("basic_slice", lambda M, a: a[1:, None, ::2], [r(3, 4)]),
    ("int_and_ellipsis", lambda M, a: a[..., 1] + a[0], [r(3, 3)]),
    ("int_array_repeats_scatter_add", lambda M, a: a[[0, 2, 0, 0]], [r(3, 4)]),
    ("tensor_index_repeats", lambda M, a, i: a[i], [r(3, 2), np.array([[0, 2], [2, 2]])]),
    ("two_array_index", lambda M, a, i: a[i, i], [r(3, 3), np.array([0, 1, 1])]),
    ("bool_mask", lambda M, a: a[a > 0], [r(4, 3)]),
    ("zero_d_tensor_index", lambda M, a, i: a[i[1]], [r(3, 2), np.array([0, 2])]),
    ("gather", lambda M, a, i: a.gather(1, i), [r(3, 4), ints(3, 5, high=4)]),
    ("index_select", lambda M, a, i: a.index_select(0, i), [r(3, 4), np.array([2, 0, 2])]),
    ("masked_fill", lambda M, a: a.masked_fill(a < 0, 0.5), [r(3, 4)]),
    ("masked_select", lambda M, a: a.masked_select(a > 0), [r(3, 4)]),
    ("sort_topk", lambda M, a: a.sort(dim=1)[0] + a.topk(4, dim=1)[0], [r(3, 4)]),
    ("topk_partition", lambda M, a: a.topk(3, dim=1)[0] + a.topk(2, 0, largest=False)[0].sum(), [r(50, 90)]),
    ("unbind_pieces", lambda M, a: M.stack(a.unbind(1)[::2], 0), [r(3, 4)]),
    ("argsort", lambda M, a: a.argsort(dim=0), [r(3, 4)]),
    ("unique", lambda M, i: M.unique(i), [ints(10, high=4)]),
    ("nonzero", lambda M, a: (a > 0).nonzero(), [r(3, 4)]),
]


def _setitem_slice(M, a, b):
    y = a * 1
    y[1:, 0] = b
    return y


def _setitem_mask(M, a):
    y = a * 1
    y[y < 0] = 0.0
    return y


def _setitem_index(M, a, b):
    y = a * 2
    y[M.tensor([0, 2], device=a.device)] = b
    return y


def _iadd_nonleaf(M, a, b):
    y = a * 2
    y += b
    y *= 3
    y -= 1
    y /= 2
    return y


def _inplace_methods(M, a):
    y = a * 1
    y.add_(1).mul_(2).sub_(0.5).div_(3).clamp_(0, 5)
    return y


def _zero_fill(M, a):
    y = a.detach().clone()
    y[0].zero_()
    y[1].fill_(2.5)
    return y * a


def _copy_same_device(M, a, b):
    y = a * 1
    y.copy_(b)
    return y


INPLACE = [
    ("setitem_slice", _setitem_slice, [r(3, 4), r(2)]),
    ("setitem_mask", _setitem_mask, [r(3, 4)]),
    ("setitem_index_tensor", _setitem_index, [r(3, 4), r(4)]),
    ("augmented_assign_nonleaf", _iadd_nonleaf, [r(3, 4), r(4)]),
    ("inplace_methods", _inplace_methods, [r(3, 4)]),
    ("zero_fill", _zero_fill, [r(3, 4)]),
    ("copy_same_device", _copy_same_device, [r(3, 4), r(4)]),
]

F = minigrad.nn.functional
VISION = [
    ("conv2d_groups_stride", lambda M, x, w, b: F.conv2d(x, w, b, stride=2, padding=1, groups=2),
     [r(2, 4, 7, 6), r(6, 2, 3, 3), r(6)]),
    ("conv2d_dilation_same", lambda M, x, w: F.conv2d(x, w, padding="same", dilation=2), [r(2, 3, 6, 6), r(4, 3, 3, 2)]),
    ("conv1d", lambda M, x, w: F.conv1d(x, w, padding=1), [r(2, 3, 8), r(5, 3, 3)]),
    ("conv_transpose2d", lambda M, x, w, b: F.conv_transpose2d(x, w, b, stride=2, output_padding=1),
     [r(2, 3, 4, 5), r(3, 2, 3, 3), r(2)]),
    ("max_pool2d", lambda M, x: F.max_pool2d(x, 2), [r(2, 3, 6, 7)]),
    ("max_pool2d_padded_ceil", lambda M, x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True), [r(2, 3, 8, 7)]),
    ("max_pool2d_indices", lambda M, x: F.max_pool2d(x, 2, return_indices=True)[1], [r(1, 2, 4, 4)]),
    ("avg_pool2d", lambda M, x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), [r(2, 3, 7, 6)]),
    ("adaptive_avg_pool2d", lambda M, x: F.adaptive_avg_pool2d(x, (3, 2)), [r(2, 3, 7, 5)]),
    ("adaptive_max_pool2d", lambda M, x: F.adaptive_max_pool2d(x, 3), [r(2, 3, 5, 7)]),
    ("batch_norm_training", lambda M, x, w, b: F.batch_norm(x, None, None, w, b, training=True),
     [r(4, 3, 3, 3), r(3), r(3)]),
    ("layer_norm", lambda M, x, w, b: F.layer_norm(x, (4,), w, b), [r(3, 4), r(4), r(4)]),
    ("group_norm", lambda M, x, w, b: F.group_norm(x, 2, w, b), [r(2, 4, 3), r(4), r(4)]),
    ("pad_reflect", lambda M, x: F.pad(x, (1, 2, 2, 1), mode="reflect"), [r(2, 3, 4, 5)]),
    ("pad_replicate_circular", lambda M, x: F.pad(F.pad(x, (2, 1), mode="replicate"), (1, 1), mode="circular"),
     [r(2, 3, 4)]),
    ("pad_constant_crop", lambda M, x: F.pad(x, (-1, 2, 1, 0), value=0.5), [r(2, 3, 4, 5)]),
    ("interpolate_nearest", lambda M, x: F.interpolate(x, scale_factor=1.5), [r(2, 3, 4, 5)]),
    ("interpolate_bilinear", lambda M, x: F.interpolate(x, size=(7, 3), mode="bilinear", align_corners=True),
     [r(2, 3, 4, 5)]),
    ("pixel_shuffle", lambda M, x: F.pixel_unshuffle(F.pixel_shuffle(x, 2), 2) * x, [r(2, 8, 3, 3)]),
    ("unfold_fold", lambda M, x: F.fold(F.unfold(x, 2, stride=2), (4, 6), 2, stride=2) * x, [r(2, 3, 4, 6)]),
    ("conv3d", lambda M, x, w, b: F.conv3d(x, w, b, stride=(1, 2, 1), padding=1, groups=2),
     [r(2, 4, 3, 5, 4), r(4, 2, 2, 3, 2), r(4)]),
    ("conv_transpose3d", lambda M, x, w: F.conv_transpose3d(x, w, stride=2, padding=(1, 0, 0), output_padding=1),
     [r(1, 3, 2, 3, 2), r(3, 2, 3, 2, 2)]),
    ("pool3d", lambda M, x: F.max_pool3d(x, 2, 1, 1).sum() + F.avg_pool3d(x, (2, 1, 2), count_include_pad=False).sum()
     + F.adaptive_avg_pool3d(x, (2, 3, 1)).sum() + F.adaptive_max_pool3d(x, 2), [r(2, 3, 4, 5, 3)]),
    ("pool3d_indices", lambda M, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2)
     + F.lp_pool3d(x, 2, 1), [r(1, 2, 4, 4, 2)]),
    ("interpolate_trilinear", lambda M, x: F.interpolate(x, size=(3, 2, 5), mode="trilinear"), [r(2, 3, 4, 3, 2)]),
    ("fractional_max_pool2d", lambda M, x: F.fractional_max_pool2d(
        x, (2, 3), output_size=(3, 2), _random_samples=M.tensor(_FRACTIONAL_2D, device=x.device)), [_FRACTIONAL_X2]),
    ("fractional_max_pool3d_indices", lambda M, x: F.fractional_max_pool3d(
        x, 2, output_size=2, return_indices=True, _random_samples=M.tensor(_FRACTIONAL_3D, device=x.device))[1],
     [_FRACTIONAL_X3]),
]

ALL = ELEMENTWISE + REDUCTIONS + LINALG + SHAPE + INDEXING + INPLACE + VISION

KINKS = np.array([-7.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 0.25])
LAYER_FUNCTIONS = [
    ("gelu_erf_tanh", lambda M, x: F.gelu(x) + F.gelu(x, approximate="tanh") + M.erf(x), [r(3, 4, lo=-4, hi=4)]),
    ("hard_activations", lambda M, x: F.relu6(x) + F.hardtanh(x) + F.hardswish(x) + F.hardsigmoid(x)
     + F.threshold(x, 0.5, -1.0) + F.hardshrink(x) + F.softshrink(x), [KINKS]),
    ("elu_family", lambda M, x: F.elu(x) + F.selu(x) + F.celu(x, 2.0) + F.mish(x) + F.softsign(x)
     + F.tanhshrink(x), [KINKS]),
    ("glu_softmin_prelu", lambda M, x, w: F.glu(x, 1).sum() + F.softmin(x, 1) + F.prelu(x, w), [r(2, 4, 3), r(4)]),
    ("inplace_activations", lambda M, x: F.elu_(F.hardtanh_(x * 1.0, -0.5, 0.5)), [KINKS]),
    ("normalize_cosine_pairwise", lambda M, a, b: F.normalize(a).sum() + F.cosine_similarity(a, b)
     + F.pairwise_distance(a, b, 3.0), [np.vstack([r(2, 3), np.zeros((1, 3))]), r(3, 3)]),
    ("embedding_padding", lambda M, w, i: F.embedding(i, w, padding_idx=1), [r(4, 3), ints(2, 3, high=4)]),
    ("kl_div", lambda M, a, b: F.kl_div(a, b, reduction="batchmean"), [-pos(3, 4), pos(3, 4) / 2]),
    ("class_losses", lambda M, x, t: F.nll_loss(F.log_softmax(x, 1), t, reduction="sum")
     + F.cross_entropy(x, t, label_smoothing=0.1) + F.cross_entropy(x, t.to(M.uint8), reduction="none").sum(),
     [r(5, 4), ints(5, high=4)]),
    ("value_selecting", lambda M, a: a.kthvalue(2, 1)[0] + a.median(1)[0] + a.mode(1)[0] + a.min(1)[0],
     [r(3, 4)]),
]
ALL += LAYER_FUNCTIONS

_GRID = np.array([[[[-1.0, -1.0], [1.0, 1.0], [0.3, -1.4]], [[2.2, 0.5], [-0.75, 0.25], [0.0, 0.0]]]] * 2)
EXTRA_LAYERS = [
    ("rms_norm_sdpa", lambda M, x, w, q, k, v: F.rms_norm(x, (4,), w).sum()
     + F.scaled_dot_product_attention(q, k, v, attn_mask=M.ones(3, 5, dtype=M.bool, device=q.device).tril(),
                                      scale=0.7).sum(),
     [r(3, 4), r(4), r(2, 3, 4), r(2, 5, 4), r(2, 5, 2)]),
    ("multi_head_attention", lambda M, q, w, b, wo: F.multi_head_attention_forward(
        q, q, q, 4, 2, w, b, None, None, False, 0.0, wo, None,
        key_padding_mask=M.tensor([[False, False, True]] * 2, device=q.device))[0],
     [r(3, 2, 4), r(12, 4), r(12), r(4, 4)]),
    ("grid_sample_modes", lambda M, x, g: F.grid_sample(x, g, "bilinear", "reflection", False).sum()
     + F.grid_sample(x, g, "bicubic", "border", True).sum() + F.grid_sample(x, g, "nearest", "zeros", True),
     [r(2, 3, 4, 5), _GRID]),
    ("affine_grid", lambda M, t: F.affine_grid(t, (2, 1, 3, 4), align_corners=False), [r(2, 2, 3)]),
    ("grid_sample_volume", lambda M, x, g: F.grid_sample(x, g, "bilinear", "border", True).sum()
     + F.grid_sample(x, g, "nearest", "reflection", False), [r(2, 3, 3, 4, 2), r(2, 2, 1, 3, 3, lo=-1.3, hi=1.3)]),
    ("bilinear_pdist", lambda M, a, b, w: F.bilinear(a, b, w).sum() + F.pdist(a) + F.pdist(b, float("inf")).sum(),
     [r(3, 4), r(3, 2), r(5, 4, 2)]),
    ("pooling_extra", lambda M, x: F.lp_pool2d(x, 2, 2).sum() + F.local_response_norm(x, 3).sum()
     + F.channel_shuffle(x, 2) + F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2), [r(2, 4, 4, 4)]),
    ("margin_losses", lambda M, x, t: F.multi_margin_loss(x, M.tensor([0, 2, 1], device=x.device), p=2)
     + F.multilabel_margin_loss(x, M.tensor([[0, -1, 0], [2, 1, -1], [1, 1, 0]], device=x.device))
     + F.multilabel_soft_margin_loss(x, t), [r(3, 3), (r(3, 3) > 0).astype(np.float64)]),
]
ALL += EXTRA_LAYERS


def _recurrent_layer(M, kind, x, **kwargs):
    """The output and final states of a seeded recurrent layer moved to ``x``'s device (``x`` a tensor
    or a PackedSequence)."""
    M.manual_seed(0)
    data = x.data if isinstance(x, M.nn.utils.rnn.PackedSequence) else x
    layer = getattr(M.nn, kind)(data.shape[-1], 3, dtype=data.dtype, **kwargs).to(data.device)  # (CPU stream)
    return layer(x)


RECURRENT = [
    ("lstm_pointwise", lambda M, g, c: M.ops.recurrent.lstm_hidden(g, M.ops.recurrent.lstm_cell_state(g, c)),
     [r(3, 8), r(3, 2)]),
    ("gru_pointwise", lambda M, gi, gh, h: M.ops.recurrent.gru_hidden(gi, gh, h), [r(3, 6), r(3, 6), r(3, 2)]),
    ("lstm_bidirectional_projected", lambda M, x: _recurrent_layer(M, "LSTM", x, num_layers=2, bidirectional=True,
                                                                   proj_size=2)[0], [r(4, 2, 3)]),
    ("rnn_relu_batch_first", lambda M, x: _recurrent_layer(M, "RNN", x, nonlinearity="relu", batch_first=True)[1],
     [r(2, 4, 3)]),
    ("gru_packed_round_trip", lambda M, x: M.nn.utils.rnn.pad_packed_sequence(_recurrent_layer(
        M, "GRU", M.nn.utils.rnn.pack_padded_sequence(x, [2, 4, 1], enforce_sorted=False), bidirectional=True)[0])[0],
     [r(4, 3, 2)]),
    ("pad_sequence_left", lambda M, a, b: M.nn.utils.rnn.pad_sequence([a, b], True, -1.0, "left"), [r(2, 3), r(4, 3)]),
]
ALL += RECURRENT

MASKED = [
    ("masked_reductions", lambda M, x, y: M.masked.sum(x, 1, mask=y > 0) + M.masked.amax(x, 1, mask=y > 0)
     + M.masked.mean(x, 1, mask=y > 0) + M.masked.var(x, 1, mask=y > 0) + M.masked.norm(x, 2.0, 1, mask=y > 0)
     + M.masked.logsumexp(x, 1, mask=y > 0) + M.masked.median(x, 1, mask=y > 0), [r(3, 4), r(3, 4)]),
    ("masked_normalizations", lambda M, x, y: M.masked.softmax(x, 1, mask=y > -1.5).nan_to_num()
     + M.masked.cumprod(x, 1, mask=y > 0) + M.masked.normalize(x, 2.0, 1, mask=y > 0)
     + M.masked.logaddexp(x, y, input_mask=y > 0, other_mask=x > 0), [r(3, 4), r(3, 4)]),
]
ALL += MASKED


def host(t):
    """A NumPy copy of a tensor on any device (explicit transfer)."""
    return t.detach().cpu().numpy().copy()


def run_case(fn, inputs, dev, array_type):
    """Run ``fn`` on ``dev``; returns (outputs, input grads) as NumPy, checking devices.

    Every output and gradient must be on ``dev`` with storage of ``array_type``:
    a plain NumPy array inside a device tensor is a device-discipline bug.
    """
    dev = minigrad.device(dev)
    ts = [minigrad.tensor(a, device=dev, requires_grad=a.dtype.kind == "f") for a in inputs]
    out = fn(minigrad, *ts)
    outs = list(out) if isinstance(out, tuple) else [out]
    for o in outs:
        assert o.device == dev, f"output on {o.device}, expected {dev}"
        assert type(o._data) is array_type, f"output storage {type(o._data).__name__} on {dev}"
    diff = [o for o in outs if o.requires_grad]
    if diff:
        grng = np.random.default_rng(7)
        loss = None
        for o in diff:
            g = minigrad.tensor(grng.standard_normal(tuple(o.shape)), dtype=o.dtype, device=dev)
            term = (o * g).sum()
            loss = term if loss is None else loss + term
        loss.backward()
    grads = []
    for t in ts:
        if t.grad is None:
            grads.append(None)
            continue
        assert t.grad.device == dev, f"gradient on {t.grad.device}, expected {dev}"
        assert type(t.grad._data) is array_type, f"gradient storage {type(t.grad._data).__name__}"
        grads.append(host(t.grad))
    return [host(o) for o in outs], grads


def assert_same(actual, expected, what, rtol64=1e-12, rtol32=1e-6, atol=1e-14):
    """Same shape, dtype and values (NaNs in the same places), to round-off.

    The defaults suit a stand-in running NumPy underneath; a real GPU (other
    summation orders, cuBLAS) is compared with the team's tolerances.
    """
    assert len(actual) == len(expected), f"{what}: {len(actual)} results vs {len(expected)}"
    for k, (a, e) in enumerate(zip(actual, expected)):
        if e is None or a is None:
            assert a is None and e is None, f"{what}[{k}]: None-ness differs"
            continue
        assert a.shape == e.shape and a.dtype == e.dtype, \
            f"{what}[{k}]: {a.shape} {a.dtype} vs cpu {e.shape} {e.dtype}"
        if e.dtype.kind == "f":
            np.testing.assert_allclose(a, e, rtol=rtol64 if e.dtype == np.float64 else rtol32,
                                       atol=atol, equal_nan=True, err_msg=f"{what}[{k}]")
        else:
            np.testing.assert_array_equal(a, e, err_msg=f"{what}[{k}]")
