"""torch.cpu, torch.distributed (single process), torch.multiprocessing, DLPack, frombuffer and
the Tensor queries at the top level, against PyTorch."""
import array
import multiprocessing
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad import distributed as mdist

from . import strategies as S


def test_cpu_module_answers_as_torch_cpu():
    for name in ("is_available", "is_initialized", "device_count", "current_device"):
        assert getattr(minigrad.cpu, name)() == getattr(torch.cpu, name)()
    assert minigrad.cpu.synchronize() is None and minigrad.cpu.set_device("cpu") is None
    assert set(minigrad.cpu.__all__) <= set(torch.cpu.__all__)


def test_cpu_stream_context_selects_and_restores_the_current_stream():
    default = minigrad.cpu.current_stream()
    s = minigrad.cpu.Stream()
    with minigrad.cpu.stream(s):
        assert minigrad.cpu.current_stream() is s
    assert minigrad.cpu.current_stream() is default
    assert minigrad.cpu.Event().query() is True


def test_distributed_is_available_but_not_initialized_as_on_a_cpu_build():
    assert minigrad.distributed.is_available() == torch.distributed.is_available()
    assert minigrad.distributed.is_initialized() == torch.distributed.is_initialized()
    assert minigrad.distributed.is_nccl_available() == torch.distributed.is_nccl_available()


@pytest.mark.parametrize("name,args", [("get_rank", ()), ("get_world_size", ()), ("barrier", ()),
                                       ("get_backend", ()), ("new_group", ()),
                                       ("all_reduce", ("t",)), ("broadcast", ("t", 0))])
def test_distributed_functions_needing_a_group_raise_torchs_error_before_init(name, args):
    for lib, dist in ((torch, torch.distributed), (minigrad, mdist)):
        call = [lib.ones(2) if a == "t" else a for a in args]
        with pytest.raises(ValueError, match="Default process group has not been initialized"):
            getattr(dist, name)(*call)


def test_distributed_destroy_without_a_group_raises_assertion_error():
    with pytest.raises(AssertionError):
        torch.distributed.destroy_process_group()
    with pytest.raises(AssertionError):
        mdist.destroy_process_group()


def test_distributed_init_without_rendezvous_variables_raises_value_error(monkeypatch):
    monkeypatch.delenv("RANK", raising=False)
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    with pytest.raises(ValueError, match="RANK expected"):
        mdist.init_process_group("gloo")


def test_distributed_single_process_group_leaves_collectives_unchanged():
    mdist.init_process_group("gloo", world_size=1, rank=0)
    try:
        assert mdist.is_initialized() and (mdist.get_rank(), mdist.get_world_size()) == (0, 1)
        assert mdist.get_backend() == "gloo"
        t = minigrad.tensor([1.0, 2.0])
        mdist.all_reduce(t, op=mdist.ReduceOp.SUM)
        gathered = [minigrad.zeros(2)]
        mdist.all_gather(gathered, t)
        assert t.tolist() == gathered[0].tolist() == [1.0, 2.0]
        assert mdist.barrier(async_op=True).wait()
    finally:
        mdist.destroy_process_group()
    assert not mdist.is_initialized()


def test_distributed_world_larger_than_one_process_is_refused():
    with pytest.raises(RuntimeError, match="single process"):
        mdist.init_process_group("gloo", world_size=2, rank=0)
    assert not mdist.is_initialized()


def test_multiprocessing_reexports_python_multiprocessing_as_torch_does():
    for name in ("Process", "cpu_count", "set_start_method", "get_start_method", "Queue", "Pool"):
        assert getattr(minigrad.multiprocessing, name) == getattr(multiprocessing, name)
    assert set(torch.multiprocessing.__all__) <= set(minigrad.multiprocessing.__all__)


def test_multiprocessing_sharing_strategy_is_kept_and_checked():
    mp = minigrad.multiprocessing
    assert mp.get_sharing_strategy() == torch.multiprocessing.get_sharing_strategy()
    assert mp.get_all_sharing_strategies() == torch.multiprocessing.get_all_sharing_strategies()
    mp.set_sharing_strategy("file_system")
    assert mp.get_sharing_strategy() == "file_system"
    mp.set_sharing_strategy("file_descriptor")
    with pytest.raises(AssertionError):
        mp.set_sharing_strategy("shared_memory")


def test_grad_scaler_is_exposed_at_the_top_level_as_in_torch():
    assert minigrad.GradScaler is minigrad.amp.GradScaler
    assert torch.GradScaler is torch.amp.GradScaler


@given(dtype=st.sampled_from([np.float32, np.float64, np.int64, np.uint8, np.bool_]), shape=S.shapes())
def test_tensor_queries_match_torch(dtype, shape):
    x = np.zeros(shape, dtype)
    for name in ("is_signed", "is_conj", "is_neg", "is_inference"):
        assert getattr(minigrad, name)(minigrad.tensor(x)) == getattr(torch, name)(torch.tensor(x))


@pytest.mark.parametrize("name", ["is_signed", "is_conj", "is_neg", "is_inference"])
def test_tensor_queries_refuse_non_tensors_with_type_error(name):
    for lib in (torch, minigrad):
        with pytest.raises(TypeError, match="must be Tensor"):
            getattr(lib, name)(1.0)


@given(values=st.lists(st.floats(-10, 10, width=32), min_size=1, max_size=8), data=st.data())
def test_frombuffer_reads_and_shares_the_buffer_like_torch(values, data):
    offset = data.draw(st.integers(0, len(values) - 1)) * 4
    count = data.draw(st.sampled_from([-1, (len(values) * 4 - offset) // 4]))
    mine = minigrad.frombuffer(array.array("f", values), dtype=minigrad.float32, count=count, offset=offset)
    theirs = torch.frombuffer(array.array("f", values), dtype=torch.float32, count=count, offset=offset)
    assert mine.tolist() == theirs.tolist() and mine.dtype.name == "float32"
    buf = array.array("f", values)
    minigrad.frombuffer(buf, dtype=minigrad.float32)[0] = 42.0
    assert buf[0] == 42.0


@pytest.mark.parametrize("buffer,kwargs", [
    (bytearray(16), {"count": 5}), (bytearray(16), {"offset": 16}), (bytearray(16), {"offset": -1}),
    (bytearray(16), {"count": 0}), (bytearray(0), {}), (bytearray(3), {}), ([1.0, 2.0], {})])
def test_frombuffer_errors_match_torch(buffer, kwargs):
    for lib in (torch, minigrad):
        with pytest.raises(ValueError):
            lib.frombuffer(buffer, dtype=lib.float32, **kwargs)


def test_frombuffer_requires_grad_makes_a_leaf():
    t = minigrad.frombuffer(bytearray(8), dtype=minigrad.float32, requires_grad=True)
    assert t.requires_grad and t.is_leaf


@given(data=st.data(), dtype=st.sampled_from([np.float32, np.float64]), shape=S.nonempty_shapes())
def test_dlpack_round_trip_shares_memory(data, dtype, shape):
    x = data.draw(S.arrays(dtype, shape))
    t = minigrad.tensor(x)
    back = minigrad.utils.dlpack.from_dlpack(minigrad.utils.dlpack.to_dlpack(t))
    assert np.array_equal(back.numpy(), x) and back.dtype is t.dtype
    back.fill_(7)
    assert (t == 7).all()


def test_from_dlpack_takes_numpy_arrays_and_torch_tensors_sharing_memory():
    a = np.arange(4.0)
    t = minigrad.from_dlpack(a)
    t[0] = 9
    assert a[0] == 9
    assert minigrad.from_dlpack(torch.arange(3)).tolist() == [0, 1, 2]
    assert torch.from_dlpack(minigrad.arange(3.0)).tolist() == [0.0, 1.0, 2.0]


def test_dlpack_bad_input_raises_torchs_errors():
    with pytest.raises(TypeError):
        minigrad.utils.dlpack.to_dlpack(3)
    with pytest.raises(RuntimeError, match="invalid capsule"):
        minigrad.from_dlpack(3)


def test_distributions_modules_are_attributes_of_the_package_as_torchs():
    # (in a fresh process: another test may have imported a module by name already)
    code = ("import pkgutil, sys, torch.distributions as D, minigrad.distributions as M; "
            "names = [m.name for m in pkgutil.iter_modules(D.__path__) if hasattr(D, m.name)]; "
            "print([n for n in names if not hasattr(M, n)])")
    root = os.path.dirname(os.path.dirname(os.path.abspath(minigrad.__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]
    assert minigrad.distributions.beta.Beta is minigrad.distributions.Beta
