"""The public API against PyTorch's, generated from the signatures of both libraries (see
``api_signatures.py``): every parameter PyTorch documents for a function, Tensor method,
nn.functional entry point, nn module, optimizer, scheduler or utils.data class is taken by
minigrad by name and at the same position; and where PyTorch raises TypeError for an argument
of the wrong type in an otherwise valid call, minigrad raises TypeError too.

Every difference allowed is listed below with its reason; a listed difference that has gone
away fails the test too, so the lists stay true.
"""
import inspect

import pytest
import torch

from api_signatures import Param, _parse_doc_signature, api, minigrad_params, signature_mismatches, \
    torch_overloads, wrong_type_mismatches

SCALAR_OVERLOADS = ("PyTorch's (Scalar, Scalar) overloads name the operands scalar/scalar1/scalar2; minigrad names "
                    "them as the Tensor overload does (tensor, other)")

#: parameters minigrad does not take anywhere, with the reason (a call that passes one is a TypeError)
NOT_TAKEN = {
    "out": "taken by the wrapper of ops/_out.py where PyTorch takes it (checked in tests/test_out_argument.py), "
           "not by the wrapped function's signature",
}



def _documented_init(cls):
    """The arguments a PyTorch class documents on its docstring's first line ``__init__(...)`` (its
    ``__init__`` itself is ``(self, *args, **kwargs)``: nn.RNN, nn.LSTM, nn.GRU)."""
    line = cls.__doc__.splitlines()[0]
    return _parse_doc_signature(line[line.index("(") + 1:line.rindex(")")])


#: signatures PyTorch does not expose (a generic ``*args, **kwargs`` or none), kept by hand
HAND_KEPT = {
    "nn.RNN": _documented_init(torch.nn.RNN),
    "nn.LSTM": _documented_init(torch.nn.LSTM),
    "nn.GRU": _documented_init(torch.nn.GRU),
    "utils.data.Dataset": [],
    "utils.data.IterableDataset": [],
    "utils.data.Sampler": [Param("data_source", inspect.Parameter.POSITIONAL_OR_KEYWORD, True)],
    "autograd.Variable": [Param("data", inspect.Parameter.POSITIONAL_OR_KEYWORD, False),
                          Param("requires_grad", inspect.Parameter.POSITIONAL_OR_KEYWORD, True)],
    "torch.is_anomaly_enabled": [],  # (PyTorch's C bindings, without a signature: they take nothing)
    "torch.is_anomaly_check_nan_enabled": [],
    "autograd.is_multithreading_enabled": [],
    "autograd.is_view_replay_enabled": [],
    "Tensor.new": [],  # (the legacy constructor: sizes or data positionally, device by name; PyTorch has no signature)
    "torch.lu": [Param("A", inspect.Parameter.POSITIONAL_OR_KEYWORD, False),  # (a boolean_dispatch: *args, **kwargs)
                 Param("pivot", inspect.Parameter.POSITIONAL_OR_KEYWORD, True),
                 Param("get_infos", inspect.Parameter.POSITIONAL_OR_KEYWORD, True)],
}
# PyTorch's C bindings of the autocast and anomaly switches have no signature: their documented arguments
_NAMED = inspect.Parameter.POSITIONAL_OR_KEYWORD
HAND_KEPT.update({f"torch.{name}": [Param(p, _NAMED, p == "check_nan") for p in params] for name, params in {
    "set_anomaly_enabled": ("enabled", "check_nan"), "set_autocast_dtype": ("device_type", "dtype"),
    "set_autocast_enabled": ("device_type", "enabled"), "set_autocast_cache_enabled": ("enabled",),
    **{f"set_autocast_{kind}_dtype": ("dtype",) for kind in ("cpu", "gpu", "ipu", "xla")},
    **{f"set_autocast_{kind}_enabled": ("enabled",) for kind in ("cpu", "ipu", "xla")},
    **{name: () for name in ("autocast_decrement_nesting", "autocast_increment_nesting", "clear_autocast_cache",
                             "is_autocast_cache_enabled", "is_autocast_ipu_enabled", "is_autocast_xla_enabled",
                             "get_autocast_cpu_dtype", "get_autocast_gpu_dtype", "get_autocast_ipu_dtype",
                             "get_autocast_xla_dtype")}}.items()})

# nn.init's deprecated names take ``(*args, **kwargs)`` on to the underscore forms: those forms' signatures
HAND_KEPT.update({f"nn.init.{name}": torch_overloads(getattr(torch.nn.init, name + "_"), name + "_", False)[0]
                  for name in ("uniform", "normal", "constant", "eye", "dirac", "xavier_uniform", "xavier_normal",
                               "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse")})

# nn.functional's fractional max pools are boolean_dispatch forms (``*args, **kwargs``): their _with_indices
# forms' signatures (the ATen schema found otherwise names the samples random_samples, at position 4)
HAND_KEPT.update({f"nn.functional.fractional_max_pool{d}d": torch_overloads(
    getattr(torch.nn.functional, f"fractional_max_pool{d}d_with_indices"), f"fractional_max_pool{d}d_with_indices",
    False)[0] for d in (2, 3)})

ISIN_SCALAR_OVERLOADS = ("PyTorch's overloads with a Scalar operand name it element/test_element; minigrad names "
                         "the operands as the Tensor overload does (elements, test_elements)")

PACKED_RNN_OVERLOAD = ("PyTorch's packed-sequence overload names its first argument data (then batch_sizes); "
                       "minigrad's one function names it as the padded overload does (input) and tells the two "
                       "apart by the second argument")

#: differences allowed: qualified name -> {difference: reason}
ALLOWED = {
    'torch.gru': {"data: position 1 is 'input'": PACKED_RNN_OVERLOAD},
    'torch.lstm': {"data: position 1 is 'input'": PACKED_RNN_OVERLOAD},
    'torch.rnn_relu': {"data: position 1 is 'input'": PACKED_RNN_OVERLOAD},
    'torch.rnn_tanh': {"data: position 1 is 'input'": PACKED_RNN_OVERLOAD},
    'torch.isin': {
        'element: not taken by name': ISIN_SCALAR_OVERLOADS,
        "element: position 1 is 'elements'": ISIN_SCALAR_OVERLOADS,
        'test_element: not taken by name': ISIN_SCALAR_OVERLOADS,
        "test_element: position 2 is 'test_elements'": ISIN_SCALAR_OVERLOADS,
    },
    'torch.result_type': {
        "scalar: position 1 is 'tensor'": SCALAR_OVERLOADS,
        'scalar: not taken by name': SCALAR_OVERLOADS,
        "scalar1: position 1 is 'tensor'": SCALAR_OVERLOADS,
        'scalar1: not taken by name': SCALAR_OVERLOADS,
        "scalar2: position 2 is 'other'": SCALAR_OVERLOADS,
        'scalar2: not taken by name': SCALAR_OVERLOADS,
    },
}

_SCRIPT_LDEXP = ("TorchScript's math overload ldexp(float x, int i) on Python numbers; minigrad's ldexp takes "
                 "Tensors (input, other), as torch.ldexp's Tensor overload")
ALLOWED["torch.ldexp"] = {"i: not taken by name": _SCRIPT_LDEXP, "i: position 2 is 'other'": _SCRIPT_LDEXP,
                          "x: not taken by name": _SCRIPT_LDEXP, "x: position 1 is 'input'": _SCRIPT_LDEXP}
_MEMORY_FORMAT_BY_NAME = {
    "memory_format: not taken at position 1": "PyTorch's binding takes memory_format by name only (given by position, "
                                              "its TypeError), where its documented signature shows it positional",
}
for _name in ("is_contiguous", "float", "double", "half", "long", "int", "short", "bool", "byte",
              "cfloat", "cdouble"):
    ALLOWED[f"Tensor.{_name}"] = _MEMORY_FORMAT_BY_NAME

#: where PyTorch raises TypeError for an object() argument and minigrad may not: name -> positions
ALLOWED_WRONG_TYPE = {}

ENTRIES = {qual: (m, t, is_method) for qual, m, t, is_method in api()}


def _overloads(qual, t, is_method):
    if qual in HAND_KEPT:
        return [HAND_KEPT[qual]]
    return torch_overloads(t, "__init__" if inspect.isclass(t) else qual.rsplit(".", 1)[-1], is_method)


def test_the_sweep_covers_the_public_api():
    namespaces = {qual.rsplit(".", 1)[0] for qual in ENTRIES}
    assert {"torch", "Tensor", "nn.functional", "nn", "optim", "optim.lr_scheduler", "utils.data"} <= namespaces
    assert len(ENTRIES) > 400
    unread = [qual for qual, (m, t, is_method) in ENTRIES.items() if not _overloads(qual, t, is_method)]
    assert not unread, f"no PyTorch signature to compare for {unread}: add them to HAND_KEPT"


@pytest.mark.parametrize("qual", sorted(ENTRIES))
def test_pytorch_parameters_are_taken_by_name_and_position(qual):
    m, t, is_method = ENTRIES[qual]
    mine = minigrad_params(m, is_method)
    found = []
    for overload in _overloads(qual, t, is_method):
        for problem in signature_mismatches(mine, overload):
            if problem.split(":")[0] not in NOT_TAKEN and problem not in found:
                found.append(problem)
    assert sorted(found) == sorted(ALLOWED.get(qual, {})), (
        f"{qual}: differences {sorted(set(found) - set(ALLOWED.get(qual, {})))} are new; "
        f"{sorted(set(ALLOWED.get(qual, {})) - set(found))} are listed but gone")


@pytest.fixture(scope="module")
def wrong_type_results():
    return wrong_type_mismatches()


@pytest.mark.parametrize("qual", sorted(ENTRIES))
def test_an_argument_of_the_wrong_type_raises_type_error_where_pytorch_does(qual, wrong_type_results):
    found = {int(p.split()[1]) for p in wrong_type_results.get(qual, [])}
    assert found == ALLOWED_WRONG_TYPE.get(qual, set()), (
        f"{qual}: {wrong_type_results.get(qual)} (allowed: positions {ALLOWED_WRONG_TYPE.get(qual, set())})")


def test_every_allowed_difference_names_an_entry_of_the_sweep():
    assert set(ALLOWED) <= set(ENTRIES) and set(ALLOWED_WRONG_TYPE) <= set(ENTRIES)
