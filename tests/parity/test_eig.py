"""torch.linalg.eig and eigvals against PyTorch: complex eigenvalues and unit eigenvectors of real and
complex matrices, their dtypes, and the gradient of every function of them that does not depend on
each eigenvector's free phase (PyTorch's formula, which raises for one that does); PyTorch's errors.

LAPACK builds may list the eigenvalues in another order (PyTorch's MKL and NumPy's OpenBLAS do, for
about one float32 matrix in thirty): the property tests read the decomposition through functions that
do not depend on the order either; the exact order is compared on fixed matrices."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad

from . import strategies as S
from .helpers import check, check_raises
from .test_second_order import compare_higher

DTYPES = ["float64", "float32", "complex128", "complex64"]


def _matrices(seed, shape, dtype):
    """Random matrices with distinct eigenvalues: Gaussian in float64 and complex128; in float32 and complex64
    Q T Q^H with Q unitary and T triangular (blocks [[a, -b], [b, a]] for real pairs a +- ib), eigenvalues at
    least 0.6 apart and eigenvectors well conditioned, since the eigenvectors of a Gaussian matrix can be
    conditioned badly enough that float32 rounding moves the gradient beyond float32 tolerance (in PyTorch
    more than here, against a float64 reference)."""
    rng = np.random.default_rng(seed)
    is_complex = dtype.startswith("complex")
    if dtype in ("float64", "complex128"):
        a = rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if is_complex else 0)
        return a.astype(dtype)
    n = shape[-1]
    out = np.empty(shape, np.complex128 if is_complex else np.float64)
    for index in np.ndindex(*shape[:-2]):
        centres = rng.permutation(n) - (n - 1) / 2 + rng.uniform(-0.2, 0.2, n)
        T = np.triu(0.2 * rng.standard_normal((n, n)), 1).astype(out.dtype)
        if is_complex:
            T += np.diag(centres + 1j * rng.uniform(-1, 1, n))
        else:
            T += np.diag(centres)
            for k in range(0, n - 1, 2):  # a rotation block: a complex pair a +- ib
                b = rng.uniform(0.5, 1.5)
                T[k, k + 1], T[k + 1, k], T[k + 1, k + 1] = -b, b, T[k, k]
        g = rng.standard_normal((n, n)) + (1j * rng.standard_normal((n, n)) if is_complex else 0)
        Q = np.linalg.qr(g)[0]
        out[index] = Q @ T @ Q.conj().T
    return out.astype(dtype)


shapes = st.sampled_from([(1, 1), (2, 2), (3, 3), (4, 4), (2, 3, 3), (2, 1, 2, 2)])


def _spectral_summary(L, A):
    """Order- and phase-free functions of eig(A): sum exp(L), and each row's sum of exp(L_i) |V_ri|^2 (terms
    of positive real part for the float32 matrices: no cancellation)."""
    values, vectors = L.linalg.eig(A)
    return values.exp().sum(-1), (vectors.abs() ** 2 * values.exp().unsqueeze(-2)).sum(-1)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=shapes, seed=S.seeds)
def test_eig_values_vectors_and_gradient_match_torch(dtype, shape, seed):
    # The eigenvectors' gradient divides by eigenvalue gaps, which amplifies float32 rounding in
    # the decomposition past float32 tolerance in both libraries (against a float64 reference
    # minigrad's error is the smaller); the float32 gradient is PyTorch's OpInfo samples' to check.
    check(_spectral_summary, _matrices(seed, shape, dtype), seed=seed, backward=dtype == np.float64)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=shapes, seed=S.seeds)
def test_eigvals_and_gradient_match_torch(dtype, shape, seed):
    check(lambda L, A: L.linalg.eigvals(A).exp().sum(-1), _matrices(seed, shape, dtype), seed=seed)


@pytest.mark.parametrize("dtype", DTYPES)
def test_eig_lists_the_eigenvalues_and_unit_vectors_as_torch(dtype):
    a = _matrices(7, (3, 4, 4), dtype)
    check(lambda L, A: (lambda r: (r.eigenvalues, r.eigenvectors.abs()))(L.linalg.eig(A)), a)


def test_eig_of_a_real_matrix_is_complex_of_its_precision():
    for dtype, expected in ((minigrad.float32, minigrad.complex64), (minigrad.float64, minigrad.complex128)):
        L, V = minigrad.linalg.eig(minigrad.eye(3, dtype=dtype))
        assert L.dtype is expected and V.dtype is expected


def test_eig_of_an_empty_batch_matches_torch():
    check(lambda L, A: L.linalg.eig(A), np.ones((2, 0, 0)))


def test_a_gradient_that_depends_on_the_eigenvector_phases_raises_as_torch():
    a = np.array([[0.1, -1.0, 0.2], [1.0, 0.3, 0.0], [0.5, 0.2, 1.0]])
    for L in (minigrad,):
        A = L.tensor(a, requires_grad=True)
        with pytest.raises(RuntimeError, match="up to multiplication by e\\^\\{i phi\\}"):
            L.linalg.eig(A).eigenvectors.real.sum().backward()


def test_eig_result_is_a_named_tuple_with_torchs_node_name():
    result = minigrad.linalg.eig(minigrad.tensor(_matrices(0, (3, 3), "float64"), requires_grad=True))
    assert result.eigenvalues is result[0] and result.eigenvectors is result[1]
    assert result.eigenvalues.grad_fn.name() == "LinalgEigBackward0"


@pytest.mark.parametrize("name", ["eig", "eigvals"])
def test_bad_input_raises_as_torch(name):
    check_raises(lambda L, A: getattr(L.linalg, name)(A), np.ones(3))
    check_raises(lambda L, A: getattr(L.linalg, name)(A), np.ones((2, 3)))
    check_raises(lambda L, A: getattr(L.linalg, name)(A), np.ones((3, 3), np.int64))


def test_eig_of_a_matrix_with_nan_raises_as_torch():
    check_raises(lambda L, A: L.linalg.eig(A), np.full((2, 2), np.nan))


@pytest.mark.parametrize("name", ["eig", "eigvals"])
def test_an_infinity_or_nan_is_refused_in_linalg_eigs_name_as_torch(name):
    for A in (np.array([[np.inf, 1], [1, 2]]), np.array([[1, np.nan], [0, 2]], np.complex128)):
        check_raises(lambda L, a: getattr(L.linalg, name)(a), A, names=("torch.linalg.eig:",))



def test_eig_second_order_gradients_match_torch():
    a = _matrices(3, (2, 3, 3), "float64")
    compare_higher(lambda L, A: _spectral_summary(L, A)[1].real.sum() + _spectral_summary(L, A)[0].imag.sum(), a)


def test_eig_of_a_complex_matrix_second_order_gradients_match_torch():
    z = _matrices(5, (3, 3), "complex128")
    compare_higher(lambda L, re, im: _spectral_summary(L, L.complex(re, im))[1].real.sum(), z.real.copy(),
                   z.imag.copy())


def test_eigvals_second_order_gradients_match_torch():
    z = _matrices(4, (3, 3), "complex128")
    compare_higher(lambda L, re, im: (L.linalg.eigvals(L.complex(re, im)) ** 3).real.sum()
                   + (L.linalg.eigvals(re) ** 3).imag.sum(), z.real.copy(), z.imag.copy())
