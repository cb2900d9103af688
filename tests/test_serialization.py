"""minigrad.save / minigrad.load: safetensors files with JSON structure; atomic; never unpickles."""
import io
import json
import os
import struct
import subprocess
import sys
from collections import OrderedDict

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st
import safetensors
import safetensors.numpy
from safetensors.numpy import load_file as np_load_file
from safetensors.torch import load_file as torch_load_file, save_file as torch_save_file

import minigrad
from minigrad.serialization import NotACheckpointError, SerializationError

DTYPES = [minigrad.float32, minigrad.float64, minigrad.int64, minigrad.int32, minigrad.bool, minigrad.float16,
          minigrad.uint8]


def mlp():
    return minigrad.nn.Sequential(minigrad.nn.Linear(3, 4), minigrad.nn.ReLU(), minigrad.nn.Linear(4, 2))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3), (2, 0, 4)])
def test_tensor_round_trip_keeps_values_dtype_and_shape(tmp_path, dtype, shape):
    t = (minigrad.arange(int(np.prod(shape))) % 3).reshape(shape).to(dtype)
    minigrad.save(t, tmp_path / "t.st")
    u = minigrad.load(tmp_path / "t.st")
    assert isinstance(u, minigrad.Tensor) and u.dtype == dtype and tuple(u.shape) == shape
    np.testing.assert_array_equal(u.numpy(), t.numpy())


def test_state_dict_is_readable_by_safetensors_with_the_same_keys(tmp_path):
    sd = mlp().state_dict()
    minigrad.save(sd, tmp_path / "m.safetensors")
    for loaded in (torch_load_file(str(tmp_path / "m.safetensors")), np_load_file(str(tmp_path / "m.safetensors"))):
        assert list(loaded) == list(sd) or sorted(loaded) == sorted(sd)
        for k, v in sd.items():
            np.testing.assert_array_equal(np.asarray(loaded[k]), v.numpy())


def test_state_dict_round_trip_is_ordered_and_loads_into_model(tmp_path):
    m = mlp()
    minigrad.save(m.state_dict(), tmp_path / "m.st")
    sd = minigrad.load(tmp_path / "m.st")
    assert isinstance(sd, OrderedDict) and list(sd) == list(m.state_dict())
    m2 = mlp()
    m2.load_state_dict(sd)
    for a, b in zip(m.parameters(), m2.parameters()):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


def test_checkpoint_with_nested_python_values_round_trips(tmp_path):
    m = mlp()
    opt = minigrad.optim.Adam(m.parameters(), lr=0.01)
    m(minigrad.randn(2, 3)).sum().backward()
    opt.step()
    ck = {"epoch": 7, "losses": [0.5, 0.25, float("nan"), float("inf")], "name": "run-1", "done": False,
          "best": None, "shape": (3, 4), "nested": {"a": [1, {"b": (2.5, "c")}], 3: "int key"},
          "np_scalars": [np.float64(1.5), np.int64(-3), np.float32(0.25), np.bool_(True)],
          "array": np.arange(6).reshape(2, 3), "model": m.state_dict(), "optimizer": opt.state_dict()}
    minigrad.save(ck, tmp_path / "ck.st")
    back = minigrad.load(tmp_path / "ck.st")
    assert back["epoch"] == 7 and back["name"] == "run-1" and back["done"] is False and back["best"] is None
    assert back["losses"][:2] == [0.5, 0.25] and np.isnan(back["losses"][2]) and back["losses"][3] == float("inf")
    assert back["shape"] == (3, 4) and back["nested"] == {"a": [1, {"b": (2.5, "c")}], 3: "int key"}
    for a, b in zip(back["np_scalars"], ck["np_scalars"]):
        assert type(a) is type(b) and a == b
    np.testing.assert_array_equal(back["array"], ck["array"])
    assert back["optimizer"]["param_groups"] == ck["optimizer"]["param_groups"]
    assert list(back["optimizer"]["state"]) == [0, 1, 2, 3]
    for i, s in ck["optimizer"]["state"].items():
        for k, v in s.items():
            np.testing.assert_array_equal(back["optimizer"]["state"][i][k].numpy(), v.numpy())


def test_sizes_dtypes_and_devices_in_a_checkpoint_come_back_as_themselves_as_in_torch(tmp_path):
    x = minigrad.zeros(2, 3)
    ck = {"input_shape": x.shape, "dtype": x.dtype, "device": x.device, "shapes": [minigrad.Size([]), x[0].shape],
          "cuda": minigrad.device("cuda", 1), "by_shape": {x.shape: minigrad.float64}}
    minigrad.save(ck, tmp_path / "ck.st")
    back = minigrad.load(tmp_path / "ck.st")
    assert back == ck
    assert type(back["input_shape"]) is minigrad.Size and repr(back["input_shape"]) == "torch.Size([2, 3])"
    assert back["dtype"] is minigrad.float32 and back["by_shape"][x.shape] is minigrad.float64
    assert str(back["device"]) == "cpu" and str(back["cuda"]) == "cuda:1"


def test_named_results_in_a_checkpoint_come_back_as_themselves_as_in_torch(tmp_path):
    x = minigrad.tensor([[3.0, 1.0], [0.0, 2.0]])
    ck = {"best": x.max(1), "order": x.sort(0), "range": minigrad.aminmax(x), "parts": minigrad.frexp(x[0])}
    minigrad.save(ck, tmp_path / "ck.st")
    back = minigrad.load(tmp_path / "ck.st", weights_only=False)
    assert {k: type(v) for k, v in back.items()} == {k: type(v) for k, v in ck.items()}
    assert back["best"] is not ck["best"] and minigrad.equal(back["best"].indices, ck["best"].indices)
    assert type(back["best"]) is minigrad.return_types.max and repr(back["order"]) == repr(ck["order"])


@pytest.mark.parametrize("forged", [{"$result": "max", "items": [1]}, {"$result": "Size", "items": [1, 2]},
                                    {"$result": "named_result", "items": []}, {"$result": 3, "items": []},
                                    {"$result": "max"}])
def test_forged_named_results_raise_serialization_error(tmp_path, forged):
    text = json.dumps({"version": 1, "obj": forged})
    (tmp_path / "f.st").write_bytes(safetensors.numpy.save({"w": np.zeros(1)}, metadata={"format": "pt",
                                                                                         "minigrad": text}))
    with pytest.raises(SerializationError):
        minigrad.load(tmp_path / "f.st")


@pytest.mark.parametrize("forged", [{"$size": [2, -1]}, {"$size": [True]}, {"$size": "23"}, {"$dtype": "__class__"},
                                    {"$dtype": 3}, {"$device": "xpu"}, {"$device": ["cpu"]}])
def test_forged_sizes_dtypes_and_devices_raise_serialization_error(tmp_path, forged):
    import json
    import safetensors.numpy
    from minigrad.serialization import NotACheckpointError, SerializationError
    text = json.dumps({"version": 1, "obj": forged})
    (tmp_path / "f.st").write_bytes(safetensors.numpy.save({"w": np.zeros(1)}, metadata={"format": "pt",
                                                                                         "minigrad": text}))
    with pytest.raises(SerializationError):
        minigrad.load(tmp_path / "f.st")


def test_shared_tensor_is_stored_once_and_restored_shared(tmp_path):
    t = minigrad.ones(3)
    minigrad.save({"a": t, "b": [t]}, tmp_path / "s.st")
    back = minigrad.load(tmp_path / "s.st")
    assert back["a"] is back["b"][0]
    assert len(torch_load_file(str(tmp_path / "s.st"))) == 1


def test_parameters_and_requires_grad_are_restored(tmp_path):
    p = minigrad.nn.Parameter(minigrad.ones(2))
    minigrad.save({"p": p, "g": minigrad.zeros(2, requires_grad=True)}, tmp_path / "p.st")
    back = minigrad.load(tmp_path / "p.st")
    assert isinstance(back["p"], minigrad.nn.Parameter) and back["p"].requires_grad and back["g"].requires_grad


def test_loaded_tensors_are_independent_copies(tmp_path):
    t = minigrad.ones(3)
    minigrad.save({"t": t}, tmp_path / "c.st")
    back = minigrad.load(tmp_path / "c.st")["t"]
    back += 1
    assert minigrad.load(tmp_path / "c.st")["t"].tolist() == [1.0, 1.0, 1.0]


def test_views_and_big_endian_arrays_are_stored_in_order(tmp_path):
    t = minigrad.arange(6.0).reshape(2, 3).T
    minigrad.save({"t": t, "strided": t[::2], "be": np.arange(3, dtype=">i4")}, tmp_path / "v.st")
    back = minigrad.load(tmp_path / "v.st")
    assert back["t"].tolist() == t.tolist() and back["strided"].tolist() == t[::2].tolist()
    np.testing.assert_array_equal(back["be"], np.arange(3))
    assert torch_load_file(str(tmp_path / "v.st"))["be"].tolist() == [0, 1, 2]


def test_file_objects_are_accepted():
    buf = io.BytesIO()
    minigrad.save({"x": minigrad.arange(4)}, buf)
    buf.seek(0)
    assert minigrad.load(buf)["x"].tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize("L", [minigrad, torch])
def test_checkpoints_written_one_after_another_to_a_stream_load_one_by_one(L):
    """(PyTorch's default zip format reads the first but leaves the stream elsewhere; its legacy
    format, whose keyword minigrad accepts, and minigrad's checkpoints stop at their end.)"""
    buf = io.BytesIO()
    L.save(L.ones(1), buf, _use_new_zipfile_serialization=False)
    end = buf.tell()
    L.save(L.zeros(1), buf, _use_new_zipfile_serialization=False)
    buf.seek(0)
    assert L.load(buf).tolist() == [1.0] and buf.tell() == end
    assert L.load(buf).tolist() == [0.0] and buf.tell() == len(buf.getvalue())


class EndlessStream(io.RawIOBase):
    """``start`` followed by ``fill`` repeated forever; it refuses to hand out more than ``limit``
    bytes, so that a loader reading it to its end fails instead of exhausting memory."""

    def __init__(self, start, fill, limit=1 << 20):
        self.data, self.fill, self.limit, self.handed_out = bytearray(start), fill, limit, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.handed_out += len(buffer)
        assert self.handed_out <= self.limit, "the loader read on past the checkpoint's declared length"
        while len(self.data) < len(buffer):
            self.data += self.fill
        buffer[:] = self.data[:len(buffer)]
        del self.data[:len(buffer)]
        return len(buffer)


def test_load_from_an_endless_stream_stops_at_the_declared_length():
    buf = io.BytesIO()
    minigrad.save({"x": minigrad.arange(4)}, buf)
    stream = EndlessStream(buf.getvalue(), b"\0")
    assert minigrad.load(stream)["x"].tolist() == [0, 1, 2, 3]
    assert stream.handed_out == len(buf.getvalue())


@pytest.mark.parametrize("fill", [b"\0", b"\xff", b" ", b"{}"])
def test_load_from_an_endless_stream_of_garbage_fails_after_reading_the_header_length(fill):
    stream = EndlessStream(b"", fill)
    with pytest.raises(NotACheckpointError, match="minigrad.load"):
        minigrad.load(stream)
    assert stream.handed_out == 8


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_loading_an_endless_device_fails_at_once(path):
    if not os.path.exists(path):
        pytest.skip(f"no {path} here")
    # in a child with a memory limit, so that a loader reading to the end cannot exhaust the machine's memory
    code = ("import resource; resource.setrlimit(resource.RLIMIT_DATA, (1 << 30, 1 << 30)); import minigrad\n"
            f"try:\n    minigrad.load({path!r})\nexcept minigrad.serialization.NotACheckpointError:\n    pass")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)


def test_pytorch_keywords_are_accepted(tmp_path):
    minigrad.save({"x": minigrad.ones(2)}, tmp_path / "k.st")
    back = minigrad.load(tmp_path / "k.st", map_location="cpu", weights_only=True)
    assert back["x"].device.type == "cpu"
    assert minigrad.load(str(tmp_path / "k.st"), map_location=minigrad.device("cpu"), weights_only=False)


def test_foreign_safetensors_file_loads_as_dict_of_tensors(tmp_path):
    torch_save_file({"w": torch.arange(6.0).reshape(2, 3), "b": torch.zeros(2, dtype=torch.int64)},
                    str(tmp_path / "f.st"))
    back = minigrad.load(tmp_path / "f.st")
    assert back["w"].tolist() == [[0, 1, 2], [3, 4, 5]] and back["b"].dtype == minigrad.int64


@pytest.mark.parametrize("from_stream", [False, True], ids=["path", "stream"])
@pytest.mark.parametrize("dtype", ["bfloat16", "float8_e4m3fn", "float8_e5m2"])
def test_a_foreign_tensor_of_a_dtype_numpy_lacks_is_refused_naming_it(tmp_path, dtype, from_stream):
    """A file that safetensors.torch wrote (the way minigrad's error for a PyTorch pickle suggests) may
    hold bfloat16 or float8 weights: the error names the tensor and its dtype, not a corrupt file."""
    torch_save_file({"b": torch.zeros(2), "w": torch.ones(2, dtype=getattr(torch, dtype))}, str(tmp_path / "f.st"))
    f = io.BytesIO((tmp_path / "f.st").read_bytes()) if from_stream else tmp_path / "f.st"
    with pytest.raises(SerializationError, match=f"holds tensor 'w' of dtype {dtype}, which minigrad does not "
                                                 "support") as info:
        minigrad.load(f)
    assert not isinstance(info.value, NotACheckpointError)


def test_header_layout_follows_the_safetensors_spec(tmp_path):
    minigrad.save({"a": minigrad.ones(2, 2), "b": minigrad.zeros(3, dtype=minigrad.int64)}, tmp_path / "h.st")
    raw = (tmp_path / "h.st").read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    assert (8 + n) % 8 == 0
    assert {k: (v["dtype"], v["shape"]) for k, v in header.items() if k != "__metadata__"} == \
        {"a": ("F32", [2, 2]), "b": ("I64", [3])}
    spans = sorted(v["data_offsets"] for k, v in header.items() if k != "__metadata__")
    assert spans[0][0] == 0 and spans[0][1] == spans[1][0] and spans[1][1] == 40, "back to back, no holes"
    assert isinstance(header["__metadata__"]["minigrad"], str) and len(raw) == 8 + n + 40


def test_save_is_atomic_previous_file_survives_a_failed_save(tmp_path):
    path = tmp_path / "ck.st"
    minigrad.save({"v": minigrad.ones(2)}, path)
    with pytest.raises(TypeError):
        minigrad.save({"v": minigrad.zeros(2), "bad": object()}, path)
    assert minigrad.load(path)["v"].tolist() == [1.0, 1.0]
    assert os.listdir(tmp_path) == ["ck.st"], "temporary file left behind"


def test_save_writes_through_a_temporary_file_and_replace(tmp_path, monkeypatch):
    path = tmp_path / "ck.st"
    minigrad.save({"v": minigrad.ones(2)}, path)
    calls = []
    real_replace = os.replace

    def crash(src, dst):
        calls.append((os.path.dirname(src), os.path.basename(dst)))
        raise KeyboardInterrupt  # simulated crash after writing, before the rename
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        minigrad.save({"v": minigrad.zeros(2)}, path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls == [(str(tmp_path), "ck.st")]
    assert minigrad.load(path)["v"].tolist() == [1.0, 1.0]
    assert os.listdir(tmp_path) == ["ck.st"]


@pytest.mark.parametrize("obj", [object(), {"f": lambda: 1}, {"x": {1, object()}}, {minigrad.ones(1): 1}])
def test_unsupported_objects_raise_type_error_naming_them(tmp_path, obj):
    with pytest.raises(TypeError, match="cannot store"):
        minigrad.save(obj, tmp_path / "x.st")


def good_file(tmp_path):
    minigrad.save({"model": mlp().state_dict(), "epoch": 1}, tmp_path / "good.st")
    return (tmp_path / "good.st").read_bytes()


@given(cut=st.integers(0, 10 ** 6))
def test_truncated_files_raise_clear_error(tmp_path_factory, cut):
    d = tmp_path_factory.mktemp("trunc")
    raw = good_file(d)
    cut = cut % len(raw)
    (d / "bad.st").write_bytes(raw[:cut])
    with pytest.raises(SerializationError, match="truncated|not a valid"):
        minigrad.load(d / "bad.st")


@given(pos=st.integers(0, 10 ** 6), byte=st.integers(0, 255))
def test_corrupted_files_raise_only_the_clear_error(tmp_path_factory, pos, byte):
    """Any single corrupted byte either still loads (a changed data byte or an inert header
    byte: safetensors has no checksum) or raises SerializationError, never another exception."""
    d = tmp_path_factory.mktemp("corrupt")
    raw = bytearray(good_file(d))
    pos = pos % len(raw)
    raw[pos] = byte
    (d / "bad.st").write_bytes(bytes(raw))
    try:
        minigrad.load(d / "bad.st")
    except SerializationError as exc:
        assert "minigrad.load" in str(exc)


def test_pytorch_pickle_checkpoint_is_refused_without_unpickling(tmp_path):
    torch.save({"w": torch.ones(2)}, tmp_path / "t.pt")
    with pytest.raises(SerializationError, match="never unpickles"):
        minigrad.load(tmp_path / "t.pt")


@pytest.mark.parametrize("content", [b"", b"abc", b"\x80\x04\x95 pickle bytes ...", b"\x93NUMPY\x01\x00",
                                     struct.pack("<Q", 2 ** 40) + b"{}", struct.pack("<Q", 2) + b"[]",
                                     struct.pack("<Q", 4) + b"\xff\xfe{}"])
def test_foreign_or_garbage_files_raise_clear_error(tmp_path, content):
    (tmp_path / "x").write_bytes(content)
    with pytest.raises(SerializationError, match="minigrad.load"):
        minigrad.load(tmp_path / "x")


def test_serialization_module_never_uses_pickle():
    import minigrad.serialization as s
    with open(s.__file__) as f:
        src = f.read()
    assert "import pickle" not in src and "pickle.load" not in src


# ------------------------------------------------------------------ complex tensors
@pytest.mark.parametrize("dtype", [minigrad.complex64, minigrad.complex128])
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3)])
def test_complex_tensor_round_trip_keeps_values_dtype_and_shape(tmp_path, dtype, shape):
    n = int(np.prod(shape))
    values = np.array([1 + 2j, -0.0 - 3j, complex(float("inf"), float("nan")), 0.5j, -1.0][:n] * n)[:n]
    t = minigrad.tensor(values.reshape(shape), dtype=dtype, requires_grad=True)
    minigrad.save({"t": t, "scalar": 1 - 2j, "numpy": np.complex128(3j), "array": values.astype(np.complex128)},
                  tmp_path / "t.st")
    u = minigrad.load(tmp_path / "t.st")
    assert u["t"].dtype == dtype and tuple(u["t"].shape) == shape and u["t"].requires_grad
    np.testing.assert_array_equal(u["t"].detach().numpy(), t.detach().numpy())
    assert np.array_equal(np.signbit(u["t"].detach().numpy().real), np.signbit(t.detach().numpy().real))
    assert u["scalar"] == 1 - 2j and type(u["scalar"]) is complex
    assert u["numpy"] == 3j and u["numpy"].dtype == np.complex128
    np.testing.assert_array_equal(u["array"], values.astype(np.complex128))


def test_complex64_tensors_are_read_by_pytorch_and_back(tmp_path):
    z = minigrad.tensor([[1 + 2j, -3j], [0.25, 2 - 1j]], dtype=minigrad.complex64)
    minigrad.save({"z": z}, tmp_path / "z.safetensors")
    theirs = torch_load_file(str(tmp_path / "z.safetensors"))["z"]
    assert theirs.dtype == torch.complex64
    np.testing.assert_array_equal(theirs.numpy(), z.numpy())
    torch_save_file({"w": theirs * 2j}, str(tmp_path / "w.safetensors"))
    mine = minigrad.load(tmp_path / "w.safetensors")["w"]
    assert mine.dtype == minigrad.complex64
    np.testing.assert_array_equal(mine.numpy(), (theirs * 2j).numpy())


def test_complex128_tensors_reach_pytorch_as_real_pairs(tmp_path):
    z = minigrad.tensor([1 + 2j, -3j], dtype=minigrad.complex128)
    minigrad.save({"z": z}, tmp_path / "z.safetensors")  # (safetensors has no complex128)
    theirs = torch.view_as_complex(torch_load_file(str(tmp_path / "z.safetensors"))["z"])
    np.testing.assert_array_equal(theirs.numpy(), z.numpy())


def test_a_state_dict_with_a_complex_buffer_loads_into_a_model(tmp_path):
    class Filter(minigrad.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = minigrad.nn.Linear(2, 2)
            self.register_buffer("spectrum", minigrad.randn(4, dtype=minigrad.complex64))

    model = Filter()
    minigrad.save(model.state_dict(), tmp_path / "f.st")
    other = Filter()
    other.load_state_dict(minigrad.load(tmp_path / "f.st"))
    assert other.spectrum.dtype == minigrad.complex64
    np.testing.assert_array_equal(other.spectrum.numpy(), model.spectrum.numpy())
    assert torch_load_file(str(tmp_path / "f.st"))["spectrum"].dtype == torch.complex64


@pytest.mark.parametrize("saved, marker", [(minigrad.tensor([1j], dtype=minigrad.complex128), "yes"),
                                           (minigrad.ones(3), True), (minigrad.ones(2, 3, dtype=minigrad.float64), True)])
def test_a_complex_marker_on_anything_but_float64_pairs_is_refused(tmp_path, saved, marker):
    minigrad.save(saved, tmp_path / "z.st")
    raw = (tmp_path / "z.st").read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    meta = json.loads(header["__metadata__"]["minigrad"])
    meta["obj"]["complex"] = marker
    header["__metadata__"]["minigrad"] = json.dumps(meta)
    text = json.dumps(header).encode()
    (tmp_path / "bad.st").write_bytes(struct.pack("<Q", len(text)) + text + raw[8 + size:])
    with pytest.raises(SerializationError, match="marked complex"):
        minigrad.load(tmp_path / "bad.st")


# ---------------------------------------------------------------- layouts and shared storage, as torch.save keeps them

def round_trip(lib, obj, path):
    """``obj`` saved by ``lib`` (minigrad or torch) to ``path`` and loaded back."""
    lib.save(obj, path)
    return lib.load(path)


LAYOUTS = {
    "transposed": lambda L: L.arange(12.).reshape(3, 4).t(),
    "permuted": lambda L: L.arange(24.).reshape(2, 3, 4).permute(2, 0, 1),
    "sliced": lambda L: L.arange(12.).reshape(3, 4)[1:, ::2],
    "offset": lambda L: L.arange(10.)[5:],
    "0-d element": lambda L: L.arange(10.)[5],
    "expanded": lambda L: L.arange(3.).reshape(3, 1).expand(3, 4),
    "expanded new dim": lambda L: L.arange(2.).expand(3, 2),
    "channels_last": lambda L: L.arange(24.).reshape(1, 2, 3, 4).contiguous(memory_format=L.channels_last),
    "diagonal": lambda L: L.arange(9.).reshape(3, 3).diagonal(),
    "unbound column": lambda L: L.arange(6.).reshape(2, 3).unbind(1)[2],
    "overlapping as_strided": lambda L: L.arange(6.).as_strided((3, 3), (1, 1)),
    "complex128 transposed": lambda L: L.arange(6.).to(L.complex128).reshape(2, 3).t(),
    "int32 of a float32 storage": lambda L: L.zeros(4)[1:].view(L.int32),
}


@pytest.mark.parametrize("make", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_a_tensor_keeps_its_strides_and_storage_offset_as_in_torch(tmp_path, make):
    ours = round_trip(minigrad, make(minigrad), tmp_path / "m.st")
    theirs = round_trip(torch, make(torch), tmp_path / "t.pt")
    assert (tuple(ours.shape), ours.stride(), ours.storage_offset(), str(ours.dtype)) == \
        (tuple(theirs.shape), theirs.stride(), theirs.storage_offset(), str(theirs.dtype))
    assert ours.tolist() == theirs.tolist()


SHARING = {
    "base then view": lambda L, b: {"base": b, "view": b[1:3]},
    "view then base": lambda L, b: {"view": b[1:3], "base": b},
    "transpose and base": lambda L, b: [b.reshape(2, 3).t(), b],
    "overlapping slices": lambda L, b: [b[0:4], b[2:6]],
    "chunks": lambda L, b: list(b.chunk(3)),
    "reshaped": lambda L, b: (b.reshape(3, 2), b.reshape(2, 3)),
}


@pytest.mark.parametrize("make", SHARING.values(), ids=SHARING.keys())
def test_tensors_saved_together_share_their_storage_after_load_as_in_torch(tmp_path, make):
    ours = round_trip(minigrad, make(minigrad, minigrad.zeros(6)), tmp_path / "m.st")
    theirs = round_trip(torch, make(torch, torch.zeros(6)), tmp_path / "t.pt")
    items = (lambda c: list(c.values()) if isinstance(c, dict) else list(c))
    for k, (a, b) in enumerate(zip(items(ours), items(theirs))):
        assert a.storage_offset() == b.storage_offset() and a.stride() == b.stride()
        a[(0,) * a.dim()] += 10 ** k  # (a write through one of them...)
        b[(0,) * b.dim()] += 10 ** k
        assert [t.tolist() for t in items(ours)] == [t.tolist() for t in items(theirs)]  # (...seen by the others)


def test_a_parameter_and_its_view_share_memory_and_keep_their_flags_as_in_torch(tmp_path):
    saved = (lambda p: {"row": p[1], "p": p})
    ours = round_trip(minigrad, saved(minigrad.nn.Parameter(minigrad.ones(2, 2))), tmp_path / "m.st")
    theirs = round_trip(torch, saved(torch.nn.Parameter(torch.ones(2, 2))), tmp_path / "t.pt")
    for d in (ours, theirs):
        d["row"].detach().add_(1)
    assert isinstance(ours["p"], minigrad.nn.Parameter) and not isinstance(ours["row"], minigrad.nn.Parameter)
    assert (ours["row"].requires_grad, ours["row"].is_leaf) == (theirs["row"].requires_grad, theirs["row"].is_leaf)
    assert ours["p"].tolist() == theirs["p"].tolist()


def test_a_view_saves_its_whole_storage_as_in_torch(tmp_path):
    ours = round_trip(minigrad, minigrad.arange(1000.)[10:12], tmp_path / "m.st")
    theirs = round_trip(torch, torch.arange(1000.)[10:12], tmp_path / "t.pt")
    assert ours.untyped_storage().nbytes() == theirs.untyped_storage().nbytes() == 4000
    assert (ours.storage_offset(), ours.tolist()) == (theirs.storage_offset(), theirs.tolist())


def test_a_tensor_saved_twice_is_one_object_and_two_views_are_two_as_in_torch(tmp_path):
    for lib, path in ((minigrad, tmp_path / "m.st"), (torch, tmp_path / "t.pt")):
        base = lib.zeros(4)
        view = base[1:]
        back = round_trip(lib, [view, view, base[1:], base.view(2, 2), base.view(2, 2)], path)
        assert back[0] is back[1] and back[1] is not back[2] and back[3] is not back[4], lib.__name__


def test_an_expanded_tensor_comes_back_refusing_in_place_updates_as_in_torch(tmp_path):
    ours = round_trip(minigrad, minigrad.zeros(3, 1).expand(3, 4), tmp_path / "m.st")
    theirs = round_trip(torch, torch.zeros(3, 1).expand(3, 4), tmp_path / "t.pt")
    with pytest.raises(RuntimeError) as expected:
        theirs.add_(1)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor") as got:
        ours.add_(1)
    assert str(got.value) == str(expected.value)


def test_views_of_one_storage_as_two_dtypes_are_refused_as_in_torch_leaving_the_file(tmp_path):
    with pytest.raises(RuntimeError) as expected:
        (lambda t: torch.save([t, t.view(torch.int32)], io.BytesIO()))(torch.zeros(4))
    minigrad.save(minigrad.ones(2), tmp_path / "m.st")
    with pytest.raises(RuntimeError) as got:
        (lambda t: minigrad.save([t, t.view(minigrad.int32)], tmp_path / "m.st"))(minigrad.zeros(4))
    assert str(got.value) == str(expected.value)
    assert minigrad.load(tmp_path / "m.st").tolist() == [1.0, 1.0] and os.listdir(tmp_path) == ["m.st"]


def test_a_file_without_views_stays_format_version_1(tmp_path):
    minigrad.save({"model": mlp().state_dict(), "x": minigrad.ones(2)}, tmp_path / "m.st")
    header = json.loads(safetensors.safe_open(str(tmp_path / "m.st"), "numpy").metadata()["minigrad"])
    assert header["version"] == 1


def test_a_checkpoint_written_before_views_were_saved_still_loads(tmp_path):
    """Version 1, as minigrad wrote it before: every tensor row-major under its own name (the view
    ``v`` of ``base`` and the transpose ``t`` as copies); ``same`` is one tensor saved twice."""
    meta = ('{"version":1,"obj":{"$dict":[["base",{"$tensor":"base"}],["v",{"$tensor":"v"}],["t",{"$tensor":"t"}],'
            '["same",[{"$tensor":"same.0"},{"$tensor":"same.0"}]]]}}')
    arrays = {"base": np.arange(5, dtype=np.float32), "v": np.array([1, 2], np.float32),
              "t": np.array([[0, 3], [1, 4], [2, 5]], np.float32), "same.0": np.ones(2, np.float32)}
    (tmp_path / "old.st").write_bytes(safetensors.numpy.save(arrays, metadata={"format": "pt", "minigrad": meta}))
    back = minigrad.load(tmp_path / "old.st")
    for key in ("base", "v", "t"):
        assert back[key].tolist() == arrays[key].tolist()
    assert back["same"][0] is back["same"][1] and back["t"].stride() == (2, 1)


@pytest.mark.parametrize("layout", [
    {"offset": 5, "shape": [2], "stride": [1]}, {"offset": 0, "shape": [3], "stride": [3]},
    {"offset": 7, "shape": [0], "stride": [1]}, {"offset": -1, "shape": [1], "stride": [1]},
    {"offset": 0, "shape": [2], "stride": [-1]}, {"offset": 0, "shape": [2, 2], "stride": [1]},
    {"offset": 0, "shape": [True], "stride": [1]}, {"offset": 0, "shape": [2]},
    {"offset": 0, "shape": [2 ** 62, 2 ** 62], "stride": [0, 0]}])
def test_a_view_outside_its_storage_or_malformed_is_refused(tmp_path, layout):
    meta = json.dumps({"version": 2, "obj": {"$tensor": "w", "view": 1, **layout}})
    raw = safetensors.numpy.save({"w": np.zeros(6)}, metadata={"format": "pt", "minigrad": meta})
    (tmp_path / "f.st").write_bytes(raw)
    with pytest.raises(SerializationError, match="malformed layout|beyond its 6 elements|too big"):
        minigrad.load(tmp_path / "f.st")
