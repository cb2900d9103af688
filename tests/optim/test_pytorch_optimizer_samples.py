"""PyTorch's own optimizer configurations, run through minigrad.

PyTorch describes each of its optimizers by an OptimizerInfo (in its internal testing package,
``optim_db``) whose ``optim_inputs_func`` gives the option sets its own test suite uses and whose
``optim_error_inputs_func`` gives constructions and steps that must raise (or warn). For every
OptimizerInfo whose optimizer minigrad has, each option set is run on the same small model in both
libraries, from identical initial values, under one fixed loss:

- the parameters after each of a few steps (a closure for LBFGS) agree, at float64 and float32;
- then ``state_dict()`` agrees (the state's keys, tensors, dtypes and numbers, and the param_groups);
- then a save/load round trip of that state into a fresh optimizer continues two steps identically;
- and the same run with a learning-rate scheduler attached (StepLR, OneCycleLR, CosineAnnealingLR,
  ReduceLROnPlateau) agrees, the scheduler's ``state_dict()`` too.

Each option set runs as PyTorch's helper ``_get_optim_inputs_including_global_cliquey_kwargs``
expands it on the CPU: once with ``foreach``/``fused``/``differentiable`` all False and once with
each of them True. ``foreach=True`` must give the numbers of ``foreach=False`` (minigrad has one
implementation); ``fused=True`` (Adam, AdamW, Adagrad and SGD have a fused CPU kernel) must agree
with PyTorch's fused step; ``differentiable=True`` on leaf parameters is refused at the step by both
libraries (minigrad does not record a step in the graph), which the comparison checks: where PyTorch
raises, minigrad must raise the same exception type at the same point. PyTorch's option sets for an
accelerator run too: as they are (``capturable=True``, refused at the step on the CPU by both) and
without ``capturable`` (their Tensor lr and Tensor betas then run on the CPU). SparseAdam needs
sparse gradients, which minigrad does not have: it is not covered.

Error inputs whose parameters are left to the test (``params=None``) get one parameter of shape
(2, 3). Known disagreements sit in ``KNOWN_DISAGREEMENTS`` with a reason each; they run as strict
xfails, so fixing one shows up at once (those that depend on the machine's float32 rounding, in
``MACHINE_DEPENDENT``, as non-strict ones). Run it from the repository root as
``python -m tests.optim.test_pytorch_optimizer_samples`` for the agreement report.
"""
import io
import math
import re
import sys
import types
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
common_optimizers = pytest.importorskip("torch.testing._internal.common_optimizers")

import minigrad  # noqa: E402

from tests.parity.helpers import assert_close  # noqa: E402

STEPS = 5
RESUMED_STEPS = 2
DTYPES = ("float64", "float32")

#: schedulers attached to every base option set (float64): name -> factory(library, optimizer)
SCHEDULERS = {
    "StepLR": lambda L, opt: L.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5),
    "OneCycleLR": lambda L, opt: L.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.01, total_steps=STEPS + 3),
    "CosineAnnealingLR": lambda L, opt: L.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=3, eta_min=1e-4),
    "ReduceLROnPlateau": lambda L, opt: L.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=0),
}


def info_id(info):
    """The optimizer's class name."""
    return info.optim_cls.__name__


def covered_infos():
    """The OptimizerInfos of optimizers minigrad has, in optim_db's order."""
    return [info for info in common_optimizers.optim_db if hasattr(minigrad.optim, info_id(info))]


def optim_inputs(info):
    """PyTorch's CPU option sets for ``info``, each with foreach/fused/differentiable all False and each
    one True (an optimizer without these flags: its option sets as they are)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return common_optimizers._get_optim_inputs_including_global_cliquey_kwargs("cpu", torch.float64, info)


def accelerator_inputs(info):
    """The option sets PyTorch gives for an accelerator only (``capturable=True``, with Tensor lr and
    Tensor betas of shapes (), (1, 1) and (1, 1, 1)), each as it is (on the CPU both libraries refuse
    ``capturable=True`` at the step) and without ``capturable`` (``(desc, kwargs)`` pairs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cpu = {oi.desc for oi in info.optim_inputs_func(device="cpu")}
        extra = [oi for oi in info.optim_inputs_func(device="cuda") if oi.desc not in cpu]
    out = []
    for oi in extra:
        out.append((oi.desc, oi.kwargs))
        dropped = {k: v for k, v in oi.kwargs.items() if k != "capturable"}
        out.append((oi.desc.replace("capturable", "capturable dropped"), dropped))
    return out


def _unique(descs):
    """The descriptions made unique (PyTorch's lists repeat a few): a repeat gets " #2", " #3"..."""
    seen = {}
    out = []
    for d in descs:
        seen[d] = seen.get(d, 0) + 1
        out.append(d if seen[d] == 1 else f"{d} #{seen[d]}")
    return out


def _has_flag(kwargs):
    return any(kwargs.get(flag) for flag in ("foreach", "fused", "differentiable"))


# ---------------------------------------------------------------------------------------------
# The model: y = x @ weight.T + bias fitted to fixed targets by least squares (a convex loss: under a
# saturating one, LBFGS's unit steps amplify a last-bit difference to 1e-6 within three steps)


def initial_values(info, dtype):
    """NumPy arrays of the parameters (weight (4, 3) and bias (4,); Muon, for 2-d parameters only: the
    weight) and of the data (x (5, 3), targets (5, 4)), the same for every run."""
    rng = np.random.default_rng(0)
    weight, bias = rng.standard_normal((4, 3)), rng.standard_normal(4)
    x, y = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    params = [weight] if info_id(info) == "Muon" else [weight, bias]
    return [a.astype(dtype) for a in params], [a.astype(dtype) for a in (x, y)]


def loss_of(L, params, data):
    """The fixed loss: the squared error of x @ weight.T + bias against the targets."""
    x, y = data
    out = x @ params[0].T
    if len(params) > 1:
        out = out + params[1]
    return ((out - y) ** 2).sum()


def to_library(L, value):
    """``value`` (option values: numbers, tuples, torch tensors) with torch tensors made ``L``'s."""
    if isinstance(value, torch.Tensor):
        return value.clone() if L is torch else minigrad.tensor(value.numpy().copy())
    if isinstance(value, (list, tuple)):
        return type(value)(to_library(L, v) for v in value)
    if isinstance(value, dict):
        return {k: to_library(L, v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------
# Comparing


class Disagreement(AssertionError):
    """minigrad and PyTorch disagree on one run."""


def compare(m, t, what, rtol=1e-12):
    """``m`` (minigrad's) has ``t``'s (torch's) structure, types, dtypes and values; Python floats agree
    to ``rtol`` (those computed from the run's tensors, to the tolerance of the run's dtype)."""
    if isinstance(t, torch.Tensor):
        if not isinstance(m, minigrad.Tensor):
            raise Disagreement(f"{what}: {type(m).__name__} where torch has a Tensor")
        _compare_arrays(m.detach().numpy(), t.detach().numpy(), what)
    elif isinstance(t, dict):
        if not isinstance(m, dict) or list(m) != list(t):
            raise Disagreement(f"{what}: keys {list(m) if isinstance(m, dict) else type(m).__name__} != "
                               f"torch's {list(t)}")
        for k in t:
            compare(m[k], t[k], f"{what}[{k!r}]", _state_rtol(t[k]) if what.endswith("['state']") else rtol)
    elif isinstance(t, (list, tuple)):
        if type(m) is not type(t) or len(m) != len(t):
            raise Disagreement(f"{what}: {m!r} != torch's {t!r}")
        if _is_history(t):
            _compare_history(m, t, what)
            return
        for i, (a, b) in enumerate(zip(m, t)):
            compare(a, b, f"{what}[{i}]", rtol)
    elif isinstance(t, float) and isinstance(m, float):
        if not (math.isclose(m, t, rel_tol=rtol, abs_tol=1e-300) or (math.isnan(m) and math.isnan(t))):
            raise Disagreement(f"{what}: {m!r} != torch's {t!r}")
    elif callable(t) and not isinstance(t, type):
        pass  # (a scheduler's lambdas: functions of each library)
    elif type(m) is not type(t) or m != t:
        raise Disagreement(f"{what}: {m!r} ({type(m).__name__}) != torch's {t!r} ({type(t).__name__})")


def _compare_arrays(m, t, what):
    try:
        assert_close(m, t, what=what)
    except AssertionError as exc:
        raise Disagreement(str(exc).splitlines()[0]) from None


def _state_rtol(state):
    """The tolerance of the Python floats in one parameter's state (LBFGS's losses): its dtype's."""
    dtypes = {v.dtype for v in state.values() if isinstance(v, torch.Tensor) and v.dim() > 0}
    return 1e-5 if torch.float32 in dtypes else 1e-7


def _is_history(t):
    """A list of tensors of one shape (and Nones): LBFGS's history, compared as one stacked array."""
    tensors = [v for v in t if v is not None]
    return bool(tensors) and all(isinstance(v, torch.Tensor) and v.shape == tensors[0].shape for v in tensors)


def _compare_history(m, t, what):
    if [v is None for v in m] != [v is None for v in t] or not all(isinstance(v, minigrad.Tensor)
                                                                  for v in m if v is not None):
        raise Disagreement(f"{what}: {m!r} != torch's {t!r}")
    _compare_arrays(np.stack([v.detach().numpy() for v in m if v is not None]),
                    np.stack([v.detach().numpy() for v in t if v is not None]), what)


class Run:
    """One library's optimizer (and scheduler) on the fixed model."""

    def __init__(self, L, info, kwargs, dtype, scheduler=None):
        self.L = L
        self.closure_step = info.step_requires_closure
        inits, data = initial_values(info, dtype)
        self.params = [L.nn.Parameter(L.tensor(a.copy())) for a in inits]
        self.data = [L.tensor(a) for a in data]
        self.kwargs = kwargs
        self.opt = getattr(L.optim, info_id(info))(self.params, **to_library(L, kwargs))
        self.schedulers = [make(L, self.opt) for make in scheduler_factories(info, scheduler)]

    def closure(self):
        """Zero the gradients and compute the loss and its gradients."""
        self.opt.zero_grad()
        loss = loss_of(self.L, self.params, self.data)
        loss.backward()
        return loss

    def step(self):
        """One optimizer step (and scheduler step)."""
        if self.closure_step:
            loss = self.opt.step(self.closure)
        else:
            loss = self.closure()
            self.opt.step()
        for scheduler in self.schedulers:
            if type(scheduler).__name__ == "ReduceLROnPlateau":
                scheduler.step(loss.item())
            else:
                scheduler.step()

    def saved_and_loaded(self):
        """A fresh optimizer over copies of the current parameters, its state loaded from this one's
        state_dict through the library's save and load."""
        buffer = io.BytesIO()
        self.L.save(self.opt.state_dict(), buffer)
        buffer.seek(0)
        fresh = Run.__new__(Run)
        fresh.L, fresh.closure_step, fresh.data, fresh.schedulers = self.L, self.closure_step, self.data, []
        fresh.params = [self.L.nn.Parameter(p.detach().clone()) for p in self.params]
        fresh.kwargs = self.kwargs
        fresh.opt = type(self.opt)(fresh.params, **to_library(self.L, self.kwargs))
        fresh.opt.load_state_dict(self.L.load(buffer))
        return fresh


class BothRaised(Exception):
    """torch raised at a stage and minigrad raised the same exception type: the run ends there, agreeing."""


def _stage(label, fn_torch, fn_minigrad):
    """Run one stage in torch and in minigrad: their results. Where torch raises, minigrad must raise the
    same exception type (BothRaised), else Disagreement."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            t = fn_torch()
        except Exception as exc:
            try:
                fn_minigrad()
            except type(exc):
                raise BothRaised(label) from None
            except Exception as m_exc:
                raise Disagreement(f"{label}: torch raised {type(exc).__name__}({str(exc)[:80]}); minigrad "
                                   f"raised {type(m_exc).__name__}({str(m_exc)[:80]})") from None
            raise Disagreement(f"{label}: torch raised {type(exc).__name__}({str(exc)[:100]}); minigrad did not")
        try:
            m = fn_minigrad()
        except Exception as exc:
            raise Disagreement(f"{label}: minigrad raised {type(exc).__name__}({str(exc)[:120]})") from None
    return t, m


def check_run(info, kwargs, dtype, scheduler=None):
    """Steps, state_dict and a save/load round trip agree for one option set; raises Disagreement, or
    BothRaised where both libraries refuse the options (at construction or at a step) alike."""
    t_run, m_run = _stage("construction", lambda: Run(torch, info, kwargs, dtype, scheduler),
                          lambda: Run(minigrad, info, kwargs, dtype, scheduler))
    for i in range(STEPS):
        _stage(f"step {i}", t_run.step, m_run.step)
        for j, (m, t) in enumerate(zip(m_run.params, t_run.params)):
            compare(m, t, f"param {j} after step {i}")
    compare(m_run.opt.state_dict(), t_run.opt.state_dict(), "state_dict")
    if scheduler is not None:
        for i, (m, t) in enumerate(zip(m_run.schedulers, t_run.schedulers)):
            compare(m.state_dict(), t.state_dict(), f"scheduler {i} state_dict")
        return
    t_new, m_new = _stage("save/load", t_run.saved_and_loaded, m_run.saved_and_loaded)
    compare(m_new.opt.state_dict(), t_new.opt.state_dict(), "loaded state_dict")
    for i in range(RESUMED_STEPS):
        _stage(f"resumed step {i}", t_new.step, m_new.step)
        for j, (m, t) in enumerate(zip(m_new.params, t_new.params)):
            compare(m, t, f"param {j} after resumed step {i}")


# ---------------------------------------------------------------------------------------------
# The sweep


def runs(info):
    """(key, kwargs, dtype, scheduler) of every run of ``info``: each option set (with its flags) at
    each dtype, each base option set (flags False) with each of SCHEDULERS at float64, and the first
    option set with each of the OptimizerInfo's own scheduler combinations."""
    out = []
    cpu = optim_inputs(info)
    for n, oi in enumerate(cpu):
        for dtype in DTYPES:
            out.append(((oi.desc, dtype, None), oi.kwargs, dtype, None))
        if not _has_flag(oi.kwargs):
            for name in SCHEDULERS:
                out.append(((oi.desc, "float64", name), oi.kwargs, "float64", name))
        if n == 0:
            for i in range(len(info.scheduler_inputs)):
                out.append(((oi.desc, "float64", f"optim_db[{i}]"), oi.kwargs, "float64", f"optim_db[{i}]"))
    extra = accelerator_inputs(info)
    for desc, (_, kwargs) in zip(_unique(["accelerator's " + d for d, _ in extra]), extra):
        for dtype in DTYPES:
            out.append(((desc, dtype, None), kwargs, dtype, None))
    return out


def scheduler_factories(info, name):
    """The factories ``(library, optimizer) -> scheduler`` of a run's schedulers: none, one of SCHEDULERS,
    or ``optim_db[i]``, the OptimizerInfo's i-th combination (PyTorch's lambdas, run with the scheduler
    classes they name taken from the library)."""
    if name is None:
        return []
    if name in SCHEDULERS:
        return [SCHEDULERS[name]]
    return [_in_library(make) for make in info.scheduler_inputs[int(name[len("optim_db["):-1])]]


def _in_library(make):
    """PyTorch's ``lambda opt: StepLR(opt, ...)`` as a factory for either library's scheduler classes."""
    def factory(L, opt):
        names = {n: getattr(L.optim.lr_scheduler, n) for n in make.__code__.co_names
                 if hasattr(L.optim.lr_scheduler, n)}
        return types.FunctionType(make.__code__, {**make.__globals__, **names})(opt)
    return factory


_RESULTS = {}
_REFUSED_ALIKE = set()


def run_info(info):
    """{key: None (agrees) | Disagreement} for every run of ``info`` (computed once)."""
    name = info_id(info)
    if name not in _RESULTS:
        results = {}
        for key, kwargs, dtype, scheduler in runs(info):
            try:
                check_run(info, kwargs, dtype, scheduler)
            except Disagreement as exc:
                results[key] = exc
                continue
            except BothRaised:  # (refused alike: agreement)
                results[key] = None
                _REFUSED_ALIKE.add((info_id(info),) + key)
                continue
            results[key] = None
        _RESULTS[name] = results
    return _RESULTS[name]


def _error_params(L, params, memo):
    """An error input's parameters in library ``L`` (one torch tensor used twice: one tensor twice)."""
    if params is None:
        params = [torch.nn.Parameter(torch.ones(2, 3, dtype=torch.float64))]
        memo.setdefault("default", params)
        params = memo["default"]
    return _convert_params(L, params, memo)


def _convert_params(L, value, memo):
    if isinstance(value, torch.Tensor):
        if L is torch:
            return value
        if id(value) not in memo:
            data = minigrad.tensor(value.detach().numpy().copy())
            m = minigrad.nn.Parameter(data) if isinstance(value, torch.nn.Parameter) else data
            if value.grad is not None:
                m.grad = minigrad.tensor(value.grad.numpy().copy())
            memo[id(value)] = m
        return memo[id(value)]
    if isinstance(value, (list, tuple)):
        return type(value)(_convert_params(L, v, memo) for v in value)
    if isinstance(value, dict):
        return {k: _convert_params(L, v, memo) for k, v in value.items()}
    return value


def error_inputs(info):
    """PyTorch's error inputs for ``info`` (float64)."""
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(info.optim_error_inputs_func(device="cpu", dtype=torch.float64))


def _raises_or_warns(L, info, error_input, memo):
    """The exception (or warning) constructing (and, for a step error, stepping) the optimizer raises."""
    oi = error_input.optimizer_error_input
    params = _error_params(L, oi.params, memo)
    cls = getattr(L.optim, info_id(info))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            opt = cls(params, **to_library(L, oi.kwargs))
            if error_input.error_on == common_optimizers.OptimizerErrorEnum.STEP_ERROR:
                opt.step()
        except Exception as exc:
            return exc
    matching = [w for w in caught if issubclass(w.category, error_input.error_type)]
    return matching[0].message if matching else None


def check_error_input(info, error_input):
    """minigrad raises (or warns) PyTorch's exception type (and message) where PyTorch does."""
    if any(getattr(p, "is_sparse", False) for p in _flat(error_input.optimizer_error_input.params)):
        return "sparse"  # (minigrad has no sparse tensors)
    t_exc = _raises_or_warns(torch, info, error_input, {})
    assert t_exc is not None and isinstance(t_exc, error_input.error_type), f"torch gave {t_exc!r}"
    m_exc = _raises_or_warns(minigrad, info, error_input, {})
    assert isinstance(m_exc, error_input.error_type), \
        f"{error_input.optimizer_error_input.desc}: torch raised {t_exc!r}; minigrad {m_exc!r}"
    assert re.search(error_input.error_regex, str(m_exc)), \
        f"{error_input.optimizer_error_input.desc}: minigrad's message {str(m_exc)!r} does not match torch's " \
        f"{error_input.error_regex!r}"
    return "checked"


def _flat(params):
    if isinstance(params, torch.Tensor):
        return [params]
    if isinstance(params, dict):
        return _flat(params.get("params", []))
    if isinstance(params, (list, tuple)):
        return [q for p in params for q in _flat(p)]
    return []


# ---------------------------------------------------------------------------------------------
# Known disagreements: (optimizer, option set's desc, dtype, scheduler) -> reason

KNOWN_DISAGREEMENTS = {
}

_LBFGS_FLOAT32 = ("float32 rounding: LBFGS's float32 run is as sensitive to the last bit as minigrad's difference "
                  "from it (PyTorch's own run from a weight one ulp away differs from it as much: another n_iter "
                  "where the tolerances stop it, d and al differing by 1e-5 relative); each library's parameters "
                  "are as close to the float64 run's")

# Disagreements that depend on float32 rounding (the machine's BLAS and SIMD kernels): non-strict xfails.
MACHINE_DEPENDENT = {
    **{("LBFGS", desc, "float32", None): _LBFGS_FLOAT32
       for desc in ("default", "non-default lr", "Tensor lr", "tolerance_grad", "strong_wolfe")},
}


def _known_for(name, key):
    return KNOWN_DISAGREEMENTS.get((name,) + key) or MACHINE_DEPENDENT.get((name,) + key)


COVERED = covered_infos()


@pytest.mark.parametrize("info", COVERED, ids=info_id)
def test_pytorch_optimizer_inputs_agree(info):
    """Every option set PyTorch's OptimizerInfo gives runs in minigrad as in PyTorch (known ones aside)."""
    name = info_id(info)
    failures = [f"{key}: {exc}" for key, exc in run_info(info).items()
                if exc is not None and not _known_for(name, key)]
    assert not failures, f"{len(failures)} runs disagree:\n" + "\n".join(failures)


@pytest.mark.parametrize("info", COVERED, ids=info_id)
def test_foreach_gives_the_numbers_of_the_loop(info):
    """minigrad's step with foreach=True moves the parameters exactly as with foreach=False."""
    if "foreach" not in info.supported_impls:
        pytest.skip("no foreach option")
    base = common_optimizers._get_optim_inputs_including_global_cliquey_kwargs("cpu", torch.float64, info,
                                                                              skip=("fused", "differentiable"))
    for oi in base:
        if oi.kwargs.get("foreach"):
            continue
        finals = []
        for foreach in (False, True):
            run = Run(minigrad, info, dict(oi.kwargs, foreach=foreach), "float64")
            for _ in range(STEPS):
                run.step()
            finals.append([p.detach().numpy() for p in run.params])
        for a, b in zip(*finals):
            np.testing.assert_array_equal(a, b, err_msg=oi.desc)


@pytest.mark.parametrize("info", COVERED, ids=info_id)
@pytest.mark.parametrize("lr", [[0.01], [[0.01]]], ids=["shape (1,)", "shape (1, 1)"])
def test_a_one_element_tensor_lr_steps_as_its_number(info, lr):
    """A Tensor lr of one element with dims steps (and is kept in the state) as PyTorch's, its 0-d form."""
    check_run(info, {"lr": torch.tensor(lr)}, "float64", "StepLR")
    check_run(info, {"lr": torch.tensor(lr)}, "float64")


@pytest.mark.parametrize("info", COVERED, ids=info_id)
def test_pytorch_optimizer_error_inputs_raise_alike(info):
    """Every error input of PyTorch's OptimizerInfo raises (or warns) PyTorch's exception type in minigrad."""
    for error_input in error_inputs(info):
        check_error_input(info, error_input)


def _known_params():
    by_name = {info_id(info): info for info in COVERED}
    return [pytest.param(by_name.get(name), (desc, dt, sched), marks=pytest.mark.xfail(strict=True, reason=reason),
                         id=f"{name}-{desc}-{dt}-{sched}")
            for (name, desc, dt, sched), reason in KNOWN_DISAGREEMENTS.items()] + [
        pytest.param(by_name.get(name), (desc, dt, sched), marks=pytest.mark.xfail(strict=False, reason=reason),
                     id=f"{name}-{desc}-{dt}-{sched}") for (name, desc, dt, sched), reason in MACHINE_DEPENDENT.items()]


@pytest.mark.parametrize("info, key", _known_params())
def test_known_disagreement(info, key):
    """A listed disagreement still disagrees (strict xfail: a fix turns this into a failure to remove;
    a machine-dependent one may agree on another CPU)."""
    assert info is not None, "the optimizer is no longer covered"
    results = run_info(info)
    assert key in results, "no such run"
    assert results[key] is None, str(results[key])


def report(stream=sys.stdout):
    """Print the agreement rate, per-optimizer counts and each disagreement."""
    total = agree = 0
    errors_checked = errors_total = 0
    for info in COVERED:
        res = run_info(info)
        ok = sum(1 for e in res.values() if e is None)
        total += len(res)
        agree += ok
        refused = sum(1 for k in res if (info_id(info),) + k in _REFUSED_ALIKE)
        print(f"{info_id(info):12s} runs {ok:3d}/{len(res):3d} agree ({refused} of them refused alike)", file=stream)
        for k, e in res.items():
            if e is not None:
                print(f"    {k}: {str(e)[:200]}", file=stream)
        for error_input in error_inputs(info):
            errors_total += 1
            try:
                errors_checked += check_error_input(info, error_input) == "checked"
            except AssertionError as exc:
                print(f"    error input: {str(exc)[:200]}", file=stream)
    print(f"\noptimizers {len(COVERED)}; runs agreeing {agree}/{total}; error inputs agreeing "
          f"{errors_checked}/{errors_total}", file=stream)


if __name__ == "__main__":
    report()
