"""SoftplusTransform, ReshapeTransform, CatTransform, StackTransform, CorrCholeskyTransform,
PositiveDefiniteTransform and CumulativeDistributionTransform against PyTorch: the map, its
inverse and the log-determinant with the input's gradient; shapes, domains and errors; the
constraints cat, stack, corr_cholesky and positive_semidefinite, and biject_to/transform_to onto them."""
import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
import minigrad.distributions as D
from dist_parity import LIBS, arrays, batch_shapes
from parity.helpers import assert_close

TD = torch.distributions


def _softplus(L, DL, x):
    return DL.SoftplusTransform()


def _reshape(L, DL, x):
    return DL.transforms.ReshapeTransform(x.shape[-2:], (x.shape[-2] * x.shape[-1],))


def _cat(L, DL, x):
    return DL.CatTransform([DL.ExpTransform(), DL.transforms.identity_transform, DL.SigmoidTransform()], dim=-1,
                           lengths=[1, 2, 1])


def _cat_in_event(L, DL, x):
    return DL.CatTransform([DL.IndependentTransform(DL.ExpTransform(), 1), DL.SigmoidTransform()], dim=-1,
                           lengths=[2, 1])


def _stack(L, DL, x):
    return DL.StackTransform([DL.ExpTransform(), DL.TanhTransform(), DL.SoftplusTransform()], dim=-1)


def _corr_cholesky(L, DL, x):
    return DL.CorrCholeskyTransform()


def _cdf(L, DL, x):
    return DL.CumulativeDistributionTransform(DL.Normal(L.tensor(0.5, dtype=L.float64),
                                                        L.tensor(2.0, dtype=L.float64)))


TRANSFORMS = {  # name: (factory, the input's event shape, its range)
    "SoftplusTransform": (_softplus, (), (-5, 5)),
    "ReshapeTransform": (_reshape, (2, 3), (-5, 5)),
    "CatTransform": (_cat, (4,), (-3, 3)),
    "CatTransform_inside_the_event": (_cat_in_event, (3,), (-3, 3)),
    "StackTransform": (_stack, (3,), (-2, 2)),
    "CorrCholeskyTransform": (_corr_cholesky, (6,), (-2, 2)),
    "CumulativeDistributionTransform": (_cdf, (), (-4, 4)),
}


def _run(name, x, what):
    """``what`` (the map, its inverse on the map's output, or the log-determinant) on both
    libraries, with the input's gradient under the same upstream gradient."""
    make = TRANSFORMS[name][0]
    results, upstream = [], None
    for L, DL in LIBS:
        xt = L.tensor(x, requires_grad=True)
        t = make(L, DL, xt)
        y = t(xt)
        out = {"call": y, "inverse": t.inv(y.detach()), "log_abs_det_jacobian": t.log_abs_det_jacobian(xt, y)}[what]
        if upstream is None:
            upstream = np.random.default_rng(1).standard_normal(tuple(out.shape))
        grad = None
        if out.requires_grad and what != "inverse":
            out.backward(L.tensor(upstream))
            grad = xt.grad.numpy()
        results.append((out.detach().numpy(), grad))
    (ours, our_grad), (theirs, their_grad) = results
    assert_close(ours, theirs, what=f"{name}.{what}")
    assert (our_grad is None) == (their_grad is None), "requires_grad differs"
    if their_grad is not None:
        assert_close(our_grad, their_grad, what=f"gradient of {name}.{what}")


@pytest.mark.parametrize("what", ["call", "inverse", "log_abs_det_jacobian"])
@pytest.mark.parametrize("name", sorted(TRANSFORMS))
@given(data=st.data())
def test_transform_values_and_input_gradients_match_pytorch(name, what, data):
    _, event, (low, high) = TRANSFORMS[name]
    x = arrays(data, data.draw(batch_shapes) + event, low, high)
    _run(name, x, what)


@given(data=st.data())
def test_positive_definite_transform_and_its_inverse_match_pytorch(data):
    x = arrays(data, data.draw(batch_shapes) + (3, 3), -2, 2)
    out = []
    for L, DL in LIBS:
        xt = L.tensor(x, requires_grad=True)
        t = DL.PositiveDefiniteTransform()
        y = t(xt)
        y.backward(L.tensor(np.ones(y.shape)))
        out.append((y.detach().numpy(), t.inv(y.detach()).numpy(), xt.grad.numpy()))
    for ours, theirs in zip(*out):
        assert_close(ours, theirs, what="PositiveDefiniteTransform")


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transform_attributes_and_shapes_match_pytorch(name):
    make, event, _ = TRANSFORMS[name]
    shape = (2,) + event
    out = []
    for L, DL in LIBS:
        t = make(L, DL, L.zeros(shape))
        y_shape = tuple(t.forward_shape(shape))
        out.append((t.bijective, repr(t.domain), repr(t.codomain), t.domain.event_dim, t.codomain.event_dim,
                    y_shape, tuple(t.inverse_shape(y_shape)), t.with_cache(1)._cache_size))
    assert out[0] == out[1]


def test_reshape_transform_refuses_shapes_of_other_sizes_with_valueerror():
    for DL in (D, TD):
        with pytest.raises(ValueError):
            DL.transforms.ReshapeTransform((2, 3), (5,))
        with pytest.raises(ValueError):
            DL.transforms.ReshapeTransform((2, 3), (6,)).forward_shape((4, 3))


def test_cat_transform_refuses_a_wrong_length_with_assertionerror():
    for L, DL in LIBS:
        t = DL.CatTransform([DL.ExpTransform(), DL.ExpTransform()], dim=0, lengths=[1, 2])
        with pytest.raises(AssertionError):
            t(L.zeros(4))
        with pytest.raises(AssertionError):
            DL.CatTransform([DL.ExpTransform()], lengths=[1, 2])


def test_stack_transform_refuses_a_wrong_count_with_assertionerror():
    for L, DL in LIBS:
        with pytest.raises(AssertionError):
            DL.StackTransform([DL.ExpTransform()], dim=0)(L.zeros(3))


def test_corr_cholesky_transform_refuses_a_length_that_is_not_triangular():
    for DL in (D, TD):
        with pytest.raises(ValueError):
            DL.CorrCholeskyTransform().forward_shape((4,))


def test_softplus_and_cdf_transforms_are_increasing():
    for DL in (D, TD):
        assert DL.SoftplusTransform().sign == 1
        assert DL.SoftplusTransform() == DL.SoftplusTransform()


PARAMETER_FREE = ["ExpTransform", "SigmoidTransform", "TanhTransform", "AbsTransform", "SoftmaxTransform",
                  "StickBreakingTransform", "LowerCholeskyTransform", "PositiveDefiniteTransform", "SoftplusTransform"]


def test_transforms_without_parameters_equal_their_class_and_its_subclasses_only():
    out = []
    for DL in (D, TD):
        subclasses = {name: type("Sub" + name, (getattr(DL, name),), {}) for name in PARAMETER_FREE}
        out.append([(getattr(DL, a)() == getattr(DL, b)(), getattr(DL, a)() == subclasses[b](),
                     subclasses[a]() != getattr(DL, b)()) for a in PARAMETER_FREE for b in PARAMETER_FREE])
    assert out[0] == out[1]


CONSTRAINT_CASES = {  # name: (constraint from the constraints module, a value)
    "corr_cholesky": (lambda C: C.corr_cholesky, np.array([[[1.0, 0.0], [0.6, 0.8]], [[1.0, 0.0], [0.6, 0.7]]])),
    "positive_semidefinite": (lambda C: C.positive_semidefinite,
                              np.array([[[2.0, 1.0], [1.0, 2.0]], [[1.0, 2.0], [2.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]])),
    "cat": (lambda C: C.cat([C.positive, C.real, C.unit_interval], dim=-1, lengths=[1, 2, 1]),
            np.array([[1.0, -3.0, 2.0, 0.5], [-1.0, 0.0, 0.0, 2.0]])),
    "stack": (lambda C: C.stack([C.positive, C.unit_interval], dim=0), np.array([[1.0, -1.0], [0.5, 2.0]])),
    "mixture": (lambda C: C.MixtureSameFamilyConstraint(C.positive), np.array([[1.0, -1.0], [0.5, 2.0]])),
}


@pytest.mark.parametrize("name", sorted(CONSTRAINT_CASES))
def test_new_constraint_checks_reprs_and_attributes_match_pytorch(name):
    make, value = CONSTRAINT_CASES[name]
    ours, theirs = make(D.constraints), make(TD.constraints)
    assert repr(ours) == repr(theirs)
    assert (ours.is_discrete, ours.event_dim) == (theirs.is_discrete, theirs.event_dim)
    np.testing.assert_array_equal(ours.check(minigrad.tensor(value)).numpy(), theirs.check(torch.tensor(value)).numpy())


@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
@pytest.mark.parametrize("name", ["corr_cholesky", "cat", "stack", "positive_definite", "positive_semidefinite"])
def test_registries_map_onto_the_new_constraints_as_pytorchs(registry, name):
    if name in ("positive_definite", "positive_semidefinite") and registry == "biject_to":
        for DL in (D, TD):
            with pytest.raises(NotImplementedError):
                DL.biject_to(getattr(DL.constraints, name))
        return
    make = CONSTRAINT_CASES[name][0] if name in CONSTRAINT_CASES else (lambda C: getattr(C, name))
    size = {"corr_cholesky": (3,), "cat": (2, 4), "stack": (2, 3)}.get(name, (3, 3))
    x = np.random.default_rng(0).standard_normal(size)
    out = []
    for L, DL in LIBS:
        t = getattr(DL, registry)(make(DL.constraints))
        out.append((type(t).__name__, t(L.tensor(x)).numpy()))
    assert out[0][0] == out[1][0]
    assert_close(out[0][1], out[1][1], what=name)
