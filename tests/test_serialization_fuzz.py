"""minigrad.load on hostile files: mutated checkpoints, forged safetensors headers, huge declared
sizes and deep metadata. Whatever the bytes, load returns or raises SerializationError/OSError,
within a time limit, holding at most the file's size (twice for file objects, which it reads
into memory) plus a fixed bound of traced memory."""
import io
import json
import struct

import numpy as np
import pytest
import safetensors.numpy
from hypothesis import given, strategies as st

import minigrad
from minigrad.serialization import SerializationError
from parity.limits import time_limit, traced_peak

BOUND = 1 << 20       # traced bytes a load may hold beyond the file (parsers, small Python objects)
SECONDS = 10          # far above any real load of these small files; a hang fails instead of blocking


def checkpoint_bytes():
    """A small checkpoint exercising every kind of value save writes."""
    model = minigrad.nn.Sequential(minigrad.nn.Linear(3, 4), minigrad.nn.ReLU(), minigrad.nn.Linear(4, 2))
    obj = {"model": model.state_dict(), "epoch": 3, "losses": [0.5, float("nan"), float("inf")],
           "meta": {"name": "run", 7: (1, 2.5, None), "flags": {True, False}},
           "scalars": [np.float64(1.5), np.int64(-2), np.bool_(True)], "array": np.arange(6).reshape(2, 3),
           "dtypes": [minigrad.zeros(2, dtype=d) for d in (minigrad.float64, minigrad.int64, minigrad.bool,
                                                           minigrad.float16, minigrad.uint8)],
           "scalar": minigrad.tensor(2.0, requires_grad=True), "empty": minigrad.zeros(0, 3),
           "param": minigrad.nn.Parameter(minigrad.ones(2)),
           "views": (lambda b: [b.t(), b[1:, ::2], b, b[0].expand(3, 3)])(minigrad.arange(6.).reshape(2, 3))}
    buf = io.BytesIO()
    minigrad.save(obj, buf)
    return buf.getvalue()


BASE = checkpoint_bytes()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def load_is_safe(workdir, raw):
    """Load ``raw`` from a path and from a file object: only the allowed errors, bounded time and memory."""
    path = workdir / "candidate.st"
    path.write_bytes(raw)
    for source, allowed in ((lambda: path, len(raw) + BOUND), (lambda: io.BytesIO(raw), 2 * len(raw) + BOUND)):
        with traced_peak() as memory, time_limit(SECONDS, "minigrad.load"):
            try:
                minigrad.load(source())
            except (SerializationError, OSError) as exc:
                assert "minigrad.load" in str(exc) or isinstance(exc, OSError)
        assert memory["peak"] <= allowed, f"load held {memory['peak']} bytes for a {len(raw)}-byte file"


def header_file(header, data=b"", declared=None):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text) if declared is None else declared) + text + data


# ---------------------------------------------------------------------- mutated checkpoints
mutation = st.one_of(
    st.tuples(st.just("xor"), st.integers(0, 10 ** 6), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 10 ** 6)),
    st.tuples(st.just("insert"), st.integers(0, 10 ** 6), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), st.integers(0, 10 ** 6), st.integers(1, 64)),
    st.tuples(st.just("length"), st.integers(0, 2 ** 64 - 1)),
)


def mutate(raw, steps):
    raw = bytearray(raw)
    for step in steps:
        kind, pos = step[0], step[1] % max(len(raw), 1)
        if kind == "xor" and raw:
            raw[pos] ^= step[2]
        elif kind == "truncate":
            del raw[pos:]
        elif kind == "insert":
            raw[pos:pos] = step[2]
        elif kind == "delete":
            del raw[pos:pos + step[2]]
        elif kind == "length":
            raw[:8] = struct.pack("<Q", step[1])
    return bytes(raw)


@given(steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_checkpoints_load_or_raise_serialization_error_within_bounds(workdir, steps):
    load_is_safe(workdir, mutate(BASE, steps))


@given(data=st.binary(max_size=512))
def test_random_bytes_load_or_raise_serialization_error_within_bounds(workdir, data):
    load_is_safe(workdir, data)


# ---------------------------------------------------------------------- forged safetensors headers
DTYPE_NAMES = ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "U16", "U32", "U64", "C64",
               "F8_E4M3", "f32", "", "X" * 40]
huge = st.sampled_from([2 ** 31, 2 ** 32 - 1, 2 ** 40, 2 ** 62, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1, 2 ** 64, -1])
size = st.one_of(st.integers(0, 5), huge)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), huge, st.floats(allow_nan=False),
                        st.text(max_size=4))
entry = st.one_of(
    st.fixed_dictionaries({"dtype": st.sampled_from(DTYPE_NAMES), "shape": st.lists(size, max_size=4),
                           "data_offsets": st.lists(st.one_of(st.integers(0, 80), huge), max_size=3)}),
    st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3),
                                                                                          inner, max_size=3),
                 max_leaves=8),
)
metadata = st.one_of(st.none(), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
                     st.fixed_dictionaries({"minigrad": st.text(max_size=40)}), json_scalar)


@given(tensors=st.dictionaries(st.text(max_size=6), entry, max_size=4), meta=metadata,
       data=st.binary(max_size=128), lie=st.one_of(st.none(), st.integers(0, 2 ** 64 - 1)))
def test_forged_headers_load_or_raise_serialization_error_within_bounds(workdir, tensors, meta, data, lie):
    header = dict(tensors)
    if meta is not None:
        header["__metadata__"] = meta
    load_is_safe(workdir, header_file(header, data, declared=lie))


@pytest.mark.parametrize("shape, offsets", [
    ([2 ** 40, 2 ** 40], [0, 8]), ([2 ** 62, 4], [0, 2 ** 64]), ([2 ** 63, 2 ** 63, 0], [0, 0]),
    ([1 << 30], [0, 1 << 32]), ([4], [0, 2 ** 63]), ([2], [2 ** 64 - 8, 2 ** 64]),
])
def test_huge_declared_sizes_never_allocate_them(workdir, shape, offsets):
    load_is_safe(workdir, header_file({"w": {"dtype": "F64", "shape": shape, "data_offsets": offsets}},
                                      b"\0" * 16))


def test_a_header_length_beyond_the_file_raises_naming_the_file(tmp_path):
    (tmp_path / "big.st").write_bytes(struct.pack("<Q", 2 ** 40) + b"{}")
    with pytest.raises(SerializationError, match="big.st"):
        minigrad.load(tmp_path / "big.st")


# ---------------------------------------------------------------------- minigrad's own metadata
def metadata_file(text):
    arrays = {"w": np.arange(4, dtype=np.float32), "i": np.arange(3, dtype=np.int64)}
    return safetensors.numpy.save(arrays, metadata={"format": "pt", "minigrad": text})


TAGS = ["$tensor", "$ndarray", "$float", "$numpy", "value", "$tuple", "$set", "$dict", "$odict", "$counter",
        "$size", "$dtype", "$device", "device", "parameter", "requires_grad", "obj", "version", "x",
        "view", "offset", "shape", "stride"]
json_value = st.recursive(
    st.one_of(json_scalar, st.sampled_from(["w", "i", "float64", "int8", "V100000000", "U9", "cpu", "cuda",
                                            "cuda:1", "xpu", "float32", "long", "__class__",
                                            "nan", "-inf", "1e999"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(TAGS), inner, max_size=3),
    max_leaves=16)


@given(obj=json_value, version=st.one_of(st.sampled_from([1, 2]), json_scalar))
def test_forged_minigrad_metadata_loads_or_raises_serialization_error(workdir, obj, version):
    load_is_safe(workdir, metadata_file(json.dumps({"version": version, "obj": obj})))


counts = st.lists(st.one_of(st.integers(-2, 8), st.integers(-2 ** 64, 2 ** 64)), max_size=4)


@given(offset=st.one_of(st.integers(-2, 8), st.integers(-2 ** 64, 2 ** 64)), shape=counts, stride=counts)
def test_forged_view_layouts_load_inside_their_storage_or_raise_serialization_error(workdir, offset, shape, stride):
    load_is_safe(workdir, metadata_file(json.dumps({"version": 2, "obj": {"$tensor": "w", "view": 1, "offset": offset,
                                                                          "shape": shape, "stride": stride}})))


@given(text=st.text(max_size=64))
def test_metadata_that_is_not_json_raises_serialization_error(workdir, text):
    load_is_safe(workdir, metadata_file(text))


def test_metadata_nesting_100000_lists_raises_serialization_error_naming_the_file(tmp_path):
    depth = 100_000
    (tmp_path / "deep.st").write_bytes(metadata_file('{"version":1,"obj":' + "[" * depth + "]" * depth + "}"))
    with time_limit(SECONDS, "minigrad.load"), pytest.raises(SerializationError, match="deep.st.*nested too deeply"):
        minigrad.load(tmp_path / "deep.st")


@pytest.mark.parametrize("depth", [50, 400, 990])
def test_metadata_nested_below_the_json_limit_loads_or_raises_serialization_error(workdir, depth):
    load_is_safe(workdir, metadata_file('{"version":1,"obj":' + '{"$tuple":[' * depth + "1" + "]}" * depth + "}"))


def test_a_numpy_scalar_of_an_arbitrary_dtype_is_refused_without_allocating_it(workdir, tmp_path):
    text = json.dumps({"version": 1, "obj": {"$numpy": "V1000000000000", "value": 10 ** 12}})
    (tmp_path / "v.st").write_bytes(metadata_file(text))
    with pytest.raises(SerializationError, match="unknown NumPy dtype"):
        minigrad.load(tmp_path / "v.st")
    load_is_safe(workdir, metadata_file(text))


def test_an_integer_tensor_marked_as_requiring_grad_raises_serialization_error(tmp_path):
    text = json.dumps({"version": 1, "obj": {"$tensor": "i", "requires_grad": True}})
    (tmp_path / "g.st").write_bytes(metadata_file(text))
    with pytest.raises(SerializationError, match="g.st"):
        minigrad.load(tmp_path / "g.st")


def test_a_tensor_saved_on_an_unavailable_device_raises_serialization_error_suggesting_map_location(tmp_path):
    if minigrad.cuda.is_available():
        pytest.skip("CUDA is available here")
    (tmp_path / "d.st").write_bytes(metadata_file(json.dumps({"version": 1, "obj": {"$tensor": "w",
                                                                                      "device": "cuda:0"}})))
    with pytest.raises(SerializationError, match="map_location='cpu'"):
        minigrad.load(tmp_path / "d.st")
    assert minigrad.load(tmp_path / "d.st", map_location="cpu").tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_foreign_dtype_in_a_safetensors_file_raises_serialization_error_naming_it(tmp_path):
    header = json.dumps({"u": {"dtype": "BF16", "shape": [3], "data_offsets": [0, 6]}}).encode()
    header += b" " * (-len(header) % 8)
    (tmp_path / "u.st").write_bytes(struct.pack("<Q", len(header)) + header + bytes(6))
    with pytest.raises(SerializationError, match="bfloat16"):
        minigrad.load(tmp_path / "u.st")


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_pytorchs_shell_unsigned_dtypes_are_saved_and_loaded(tmp_path, dtype):
    t = minigrad.tensor([1, 2, 2 ** 15], dtype=getattr(minigrad, dtype))
    minigrad.save({"t": t}, tmp_path / "u.pt")
    back = minigrad.load(tmp_path / "u.pt")["t"]
    assert back.dtype is t.dtype and back.tolist() == [1, 2, 2 ** 15]


def test_a_missing_path_raises_file_not_found_and_a_directory_is_a_directory_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        minigrad.load(tmp_path / "missing.st")
    with pytest.raises(IsADirectoryError):
        minigrad.load(tmp_path)


def test_a_file_object_opened_in_text_mode_raises_type_error_saying_so(tmp_path):
    minigrad.save({"w": minigrad.ones(2)}, tmp_path / "t.st")
    with open(tmp_path / "t.st", encoding="latin-1") as fh, pytest.raises(TypeError, match="text mode"):
        minigrad.load(fh)
