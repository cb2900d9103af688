"""The top-level runtime names of ``_runtime_names.py`` against PyTorch's: anomaly and autocast
switches, ``sym_*`` on plain numbers, ``cond``/``while_loop`` run eagerly, CPU ``Stream``/``Event``,
error classes, build flags, ``is_storage`` and ``get_device_module``."""
import warnings

import numpy as np
import pytest
import torch

import minigrad


def _outcome(fn):
    try:
        value = fn()
    except Exception as e:  # noqa: BLE001  (the exception type is what is compared)
        return type(e).__name__
    return value, type(value).__name__


@pytest.fixture
def restored_switches():
    yield
    for lib in (minigrad, torch):
        lib.set_anomaly_enabled(False)
        lib.set_autocast_cache_enabled(True)
        lib.set_autocast_dtype("cuda", lib.float16)


def test_set_anomaly_enabled_switches_detection_and_nan_checks_as_pytorch(restored_switches):
    for lib in (minigrad, torch):
        lib.set_anomaly_enabled(True, False)
        assert (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()) == (True, False)
        lib.set_anomaly_enabled(False)
        assert (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()) == (False, True)


@pytest.mark.parametrize("args", [(1,), (True, 1)])
def test_set_anomaly_enabled_takes_only_bools_as_pytorch(args):
    for lib in (minigrad, torch):
        with pytest.raises(TypeError, match="must be bool"):
            lib.set_anomaly_enabled(*args)


def test_autocast_dtypes_are_kept_per_device_type_as_pytorch(restored_switches):
    for lib in (minigrad, torch):
        assert lib.get_autocast_dtype("cuda") == lib.float16
        lib.set_autocast_dtype("cuda", lib.float32)
        assert lib.get_autocast_dtype("cuda") == lib.float32
        with pytest.warns(DeprecationWarning, match="get_autocast_dtype\\('cuda'\\)"):
            assert lib.get_autocast_gpu_dtype() == lib.float32


def test_the_cpu_autocast_dtype_is_pytorchs_bfloat16_which_minigrad_lacks():
    with pytest.raises(NotImplementedError, match="bfloat16"):
        minigrad.get_autocast_dtype("cpu")


@pytest.mark.parametrize("call", [lambda L: L.get_autocast_dtype(1), lambda L: L.get_autocast_dtype(),
                                  lambda L: L.set_autocast_dtype("cuda", 1), lambda L: L.set_autocast_enabled(1),
                                  lambda L: L.set_autocast_cache_enabled(1), lambda L: L.get_autocast_dtype("tpu")])
def test_bad_autocast_arguments_raise_pytorchs_errors(call):
    assert _outcome(lambda: call(minigrad)) == _outcome(lambda: call(torch))


def test_autocast_can_be_switched_off_but_not_on():
    minigrad.set_autocast_enabled(False)
    minigrad.set_autocast_enabled("cpu", False)
    assert not minigrad.is_autocast_enabled() and not minigrad.is_autocast_enabled("cpu")
    with pytest.raises(NotImplementedError):
        minigrad.set_autocast_enabled("cpu", True)


def test_autocast_cache_switch_and_nesting_count_as_pytorch(restored_switches):
    for lib in (minigrad, torch):
        lib.set_autocast_cache_enabled(False)
        assert lib.is_autocast_cache_enabled() is False
        assert [lib.autocast_increment_nesting(), lib.autocast_decrement_nesting()] == [1, 0]
        assert lib.clear_autocast_cache() is None


def test_deprecated_cpu_spellings_warn_as_pytorch():
    for lib in (minigrad, torch):
        with pytest.warns(DeprecationWarning, match="is_autocast_enabled\\('cpu'\\)"):
            assert lib.is_autocast_cpu_enabled() is False


SYM_CALLS = ["sym_int(3.7)", "sym_int(-3.7)", "sym_int(True)", "sym_int('3')", "sym_float(3)", "sym_float('x')",
             "sym_max(2, 3.0)", "sym_max(3, 2.0)", "sym_max(1, 1.0)", "sym_max(True, 0)", "sym_max(2, 3)",
             "sym_max('a', 'b')", "sym_min(3.0, 2)", "sym_min(1, 1.0)", "sym_min(np.int64(4), 2)",
             "sym_not(True)", "sym_not(0)", "sym_sqrt(4)", "sym_sqrt(-1)", "sym_sum([1, 2, 3])",
             "sym_sum([1, 2.5])", "sym_sum([])", "sym_sum(1, 2)", "sym_ite(True, 1, 2)", "sym_ite(False, 1, 2)",
             "sym_ite(1, 1, 2)", "sym_ite(True, 1, 2.0)", "sym_fresh_size(3)"]


@pytest.mark.parametrize("call", SYM_CALLS)
def test_sym_helpers_on_plain_numbers_match_pytorch(call):
    ours = _outcome(lambda: eval("minigrad." + call))
    theirs = _outcome(lambda: eval("torch." + call))
    assert ours == theirs


@pytest.mark.parametrize("pred", [True, False, 0, 2.5])
def test_cond_runs_the_branch_the_predicate_picks(pred):
    for lib in (minigrad, torch):
        x = lib.tensor([1.0, 2.0])
        out = lib.cond(pred, lambda x: x + 1, lambda x: x - 1, (x,))
        assert out.tolist() == ([2.0, 3.0] if pred else [0.0, 1.0])


def test_cond_takes_a_one_element_tensor_predicate_and_keeps_the_graph():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    out = minigrad.cond(x.sum() > 0, lambda x: (2 * x).sum(), lambda x: x.sum(), [x])
    out.backward()
    assert x.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("pred", ["a", "tensor"])
def test_cond_rejects_other_predicates_with_runtime_error_as_pytorch(pred):
    for lib in (minigrad, torch):
        p = lib.tensor([True, False]) if pred == "tensor" else pred
        with pytest.raises(RuntimeError, match="Expected pred to be bool or"):
            lib.cond(p, lambda: 1, lambda: 2)


@pytest.mark.parametrize("body, carried", [("tuple", (0,)), ("bare", (0,)), ("tuple", [0]), ("tuple", (5,))])
def test_while_loop_runs_the_body_until_the_condition_fails(body, carried):
    results = []
    for lib in (minigrad, torch):
        step = (lambda i: (i + 1,)) if body == "tuple" else (lambda i: i + 1)
        out = lib.while_loop(lambda i: i < 3, step, tuple(lib.tensor(c) for c in carried))
        results.append([t.item() for t in out] if isinstance(out, tuple) else out.item())
    assert results[0] == results[1]


def test_while_loop_carries_several_values():
    i, x = minigrad.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2),
                               (minigrad.tensor(0), minigrad.tensor([1.0, 2.0])))
    assert (i.item(), x.tolist()) == (3, [8.0, 16.0])


def test_cpu_stream_and_event_behave_as_pytorchs():
    for lib in (minigrad, torch):
        s, e = lib.Stream(), lib.Event()
        assert (s.query(), s.synchronize(), s.wait_event(e), s.is_capturing()) == (True, None, None, False)
        assert (e.query(), e.synchronize(), e.wait(), e.event_id) == (True, None, None, 0)
        assert str(s.device) == str(e.device) == "cpu" and (s.device_index, s.stream_id, s.device_type) == (-1, 0, 0)
        assert s == lib.Stream("cpu", priority=-1) and hash(s) == hash(lib.Stream())
        with s as entered:
            assert entered is s


def test_stream_and_event_reprs_match_pytorch():
    assert repr(minigrad.Stream()) == repr(torch.Stream())
    assert repr(minigrad.Event()) == repr(torch.Event())


@pytest.mark.parametrize("call", [lambda L: L.Stream().record_event(), lambda L: L.Stream().wait_stream(L.Stream()),
                                  lambda L: L.Event().record(), lambda L: L.Event().elapsed_time(L.Event()),
                                  lambda L: L.Event(enable_timing=1), lambda L: L.Stream("tpu")])
def test_what_the_cpu_cannot_do_raises_pytorchs_errors(call):
    assert _outcome(lambda: call(minigrad)) == _outcome(lambda: call(torch))


def test_error_classes_are_runtime_errors_and_cuda_shares_out_of_memory():
    assert issubclass(minigrad.OutOfMemoryError, RuntimeError) and issubclass(minigrad.AcceleratorError, RuntimeError)
    assert minigrad.cuda.OutOfMemoryError is minigrad.OutOfMemoryError


def test_build_flags_are_booleans():
    assert minigrad.has_lapack is True and minigrad.has_spectral is True
    assert isinstance(minigrad.has_mkl, bool) and isinstance(minigrad.has_openmp, bool)


def test_is_storage_is_true_for_storages_only():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lib in (minigrad, torch):
            t = lib.tensor([1.0])
            assert [lib.is_storage(o) for o in (t.untyped_storage(), t.storage(), t, 1)] == [True, True, False, False]


@pytest.mark.parametrize("device", [None, "cpu", "cpu:0", "cuda", "cuda:0"])
def test_get_device_module_names_the_module_of_the_device_type(device):
    arg = device if device != "cpu:0" else minigrad.device("cpu")
    theirs = torch.get_device_module(device if device != "cpu:0" else torch.device("cpu")).__name__
    assert minigrad.get_device_module(arg).__name__ == theirs.replace("torch", "minigrad")


@pytest.mark.parametrize("device", ["tpu", 3])
def test_get_device_module_rejects_other_values_with_runtime_error_as_pytorch(device):
    for lib in (minigrad, torch):
        with pytest.raises(RuntimeError):
            lib.get_device_module(device)


def test_const_data_ptr_is_the_data_pointer():
    x = minigrad.ones(3)
    assert x.const_data_ptr() == x.data_ptr() and x[1:].const_data_ptr() == x[1:].data_ptr()


@pytest.mark.parametrize("assign", [False, True])
def test_module_load_copies_into_self_or_takes_other_as_pytorch(assign):
    for lib in (minigrad, torch):
        with lib.no_grad():
            p = lib.zeros(2)
            new = p.module_load(lib.ones(2), assign=assign)
        assert new is not p and new.tolist() == [1.0, 1.0] and p.tolist() == ([0.0, 0.0] if assign else [1.0, 1.0])


def test_multithreading_switch_is_kept_per_call_and_block_as_pytorch():
    for lib in (minigrad, torch):
        assert lib.autograd.is_multithreading_enabled() and not lib.autograd.is_view_replay_enabled()
        switch = lib.autograd.set_multithreading_enabled(False)
        assert not lib.autograd.is_multithreading_enabled()
        with switch:
            assert not lib.autograd.is_multithreading_enabled()
        assert lib.autograd.is_multithreading_enabled()


@pytest.mark.parametrize("make", [lambda L: L.ones(2).shape, lambda L: L.float32, lambda L: L.device("cpu")],
                         ids=["Size", "dtype", "device"])
def test_core_types_print_under_the_package_name_as_pytorchs(make):
    """``print(type(x))`` in course code: ``<class 'torch.Size'>``, not the defining module's path. (Tensor
    keeps its module, ``minigrad.tensor``: the API reference's inspection cannot resolve a class whose
    module is the package that re-exports it.)"""
    assert str(type(make(minigrad))).replace("minigrad", "torch") == str(type(make(torch)))
    assert minigrad.typename(make(minigrad)).replace("minigrad", "torch") == torch.typename(make(torch))
