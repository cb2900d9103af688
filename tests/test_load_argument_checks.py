"""``minigrad.load`` checks its arguments as ``torch.load`` does, with PyTorch's exception types:
unknown keywords, ``mmap`` of a file object, a ``map_location`` that is not a device, string, dict
of strings or callable (or a callable that returns something else), ``bytes`` and other objects
that are neither paths nor file objects, text streams. A failed load leaves the file and the
caller's stream as usable as before, and unpickles nothing."""
import io
import pickle

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])


@pytest.fixture
def checkpoint(tmp_path):
    """Each library's checkpoint of ``{"w": ones(2)}``, as a path."""
    def write(L):
        path = tmp_path / f"{L.__name__}.pt"
        L.save({"w": L.ones(2)}, path)
        return path
    return write


def _loads(L, path, **kwargs):
    out = L.load(path, **kwargs)
    assert list(out) == ["w"] and out["w"].tolist() == [1.0, 1.0]


@LIBS
def test_an_unknown_keyword_raises_type_error(L, checkpoint):
    with pytest.warns(UserWarning) if L is torch else _no_warning():
        with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
            L.load(checkpoint(L), foo=1)


@LIBS
def test_an_unpickler_keyword_needs_weights_only_false(L, checkpoint):
    with pytest.warns(UserWarning) if L is torch else _no_warning():
        with pytest.raises(TypeError, match="'errors'"):
            L.load(checkpoint(L), errors="strict")
    _loads(L, checkpoint(L), weights_only=False, errors="strict", fix_imports=True)


@LIBS
def test_encoding_is_accepted(L, checkpoint):
    with pytest.warns(UserWarning) if L is torch else _no_warning():
        _loads(L, checkpoint(L), encoding="latin1")


@LIBS
def test_a_pickle_module_with_weights_only_raises_runtime_error(L, checkpoint):
    with pytest.raises(RuntimeError, match="Can not safely load weights when explicit pickle_module is specified"):
        L.load(checkpoint(L), pickle_module=pickle, weights_only=True)


@LIBS
def test_a_pickle_module_without_weights_only_is_accepted(L, checkpoint):
    _loads(L, checkpoint(L), pickle_module=pickle)


@LIBS
@pytest.mark.parametrize("mmap", [True, 1])
def test_mmap_of_a_file_object_raises_value_error(L, checkpoint, mmap):
    stream = io.BytesIO(checkpoint(L).read_bytes())
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap argument"):
        L.load(stream, mmap=mmap)
    if L is minigrad:  # (minigrad checks before reading; PyTorch has read the stream by then)
        assert stream.tell() == 0


@LIBS
@pytest.mark.parametrize("mmap", [True, False, None])
def test_mmap_of_a_path_loads(L, checkpoint, mmap):
    _loads(L, checkpoint(L), mmap=mmap)


@LIBS
@pytest.mark.parametrize("returned", [3, "cpu"], ids=["int", "str"])
def test_a_map_location_callable_returning_no_tensor_raises_type_error(L, checkpoint, returned):
    with pytest.raises(TypeError):
        L.load(checkpoint(L), map_location=lambda storage, location: returned)


@LIBS
def test_a_map_location_callable_returning_none_keeps_the_default(L, checkpoint):
    _loads(L, checkpoint(L), map_location=lambda storage, location: None)


@LIBS
def test_a_map_location_callables_own_error_propagates(L, checkpoint):
    def broken(storage, location):
        raise ZeroDivisionError("from map_location")
    with pytest.raises(ZeroDivisionError, match="from map_location"):
        L.load(checkpoint(L), map_location=broken)


@LIBS
@pytest.mark.parametrize("map_location", [3, 3.5, ["cpu"]], ids=["int", "float", "list"])
def test_a_map_location_that_is_not_callable_raises_type_error(L, checkpoint, map_location):
    with pytest.raises(TypeError, match="object is not callable"):
        L.load(checkpoint(L), map_location=map_location)


@LIBS
def test_a_map_location_that_is_not_callable_is_not_called_without_tensors(L, tmp_path):
    path = tmp_path / "no_tensors.pt"
    L.save({"a": 1}, path)
    assert L.load(path, map_location=3) == {"a": 1}


@LIBS
@pytest.mark.parametrize("target", [3, "device"], ids=["int", "device"])
def test_a_map_location_dict_to_a_non_string_raises_type_error(L, checkpoint, target):
    target = L.device("cpu") if target == "device" else target
    with pytest.raises(TypeError, match="expected string or bytes-like object"):
        L.load(checkpoint(L), map_location={"cpu": target})


@LIBS
@pytest.mark.parametrize("map_location", ["cpu", "device", {"cpu": "cpu"}], ids=["str", "device", "dict"])
def test_a_map_location_device_string_or_dict_of_strings_loads(L, checkpoint, map_location):
    _loads(L, checkpoint(L), map_location=L.device("cpu") if map_location == "device" else map_location)


@LIBS
@pytest.mark.parametrize("f", [b"abc", bytearray(b"abc"), 3, None], ids=["bytes", "bytearray", "int", "None"])
def test_an_object_that_is_neither_path_nor_file_raises_attribute_error(L, f):
    with pytest.raises(AttributeError):
        L.load(f)


@LIBS
def test_the_bytes_of_a_checkpoint_raise_attribute_error(L, checkpoint):
    with pytest.raises(AttributeError):
        L.load(checkpoint(L).read_bytes())


@LIBS
def test_a_string_io_raises_assertion_error(L, checkpoint):
    stream = io.StringIO(checkpoint(L).read_bytes().decode("latin1"))
    with pytest.raises(AssertionError):
        L.load(stream)


@LIBS
def test_a_file_opened_in_text_mode_raises_type_error(L, checkpoint):
    with open(checkpoint(L), "r", encoding="latin1") as text:
        with pytest.raises(TypeError):
            L.load(text)


def test_a_failed_load_reads_nothing_and_unpickles_nothing(tmp_path, monkeypatch):
    path = tmp_path / "c.pt"
    minigrad.save({"w": minigrad.ones(2)}, path)
    before = path.read_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError("minigrad.load unpickled")
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    stream = io.BytesIO(before)
    for call, error in [(lambda: minigrad.load(stream, foo=1), TypeError),
                        (lambda: minigrad.load(stream, mmap=True), ValueError),
                        (lambda: minigrad.load(stream, pickle_module=pickle, weights_only=True), RuntimeError),
                        (lambda: minigrad.load(path, map_location=3), TypeError),
                        (lambda: minigrad.load(path, map_location=lambda s, loc: 3), TypeError)]:
        with pytest.raises(error):
            call()
        assert stream.tell() == 0
    assert path.read_bytes() == before
    assert minigrad.load(stream)["w"].tolist() == [1.0, 1.0]


class _no_warning:
    """A context that fails on any warning (minigrad warns of nothing here)."""

    def __enter__(self):
        import warnings
        self._catcher = warnings.catch_warnings()
        self._catcher.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc):
        return self._catcher.__exit__(*exc)
