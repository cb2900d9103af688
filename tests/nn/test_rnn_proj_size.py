"""``proj_size`` is an LSTM's option: ``nn.RNN`` and ``nn.GRU`` refuse it by keyword, whatever its
value and before any other check, with PyTorch's ValueError; an unknown keyword is a TypeError."""
import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("L", [minigrad, torch], ids=["minigrad", "torch"])
MESSAGE = "proj_size argument is only supported for LSTM, not RNN or GRU"


@LIBS
@pytest.mark.parametrize("name", ["RNN", "GRU"])
@pytest.mark.parametrize("proj_size", [2, 0, -1, 5])
def test_rnn_and_gru_refuse_proj_size_with_value_error(L, name, proj_size):
    with pytest.raises(ValueError, match=MESSAGE):
        getattr(L.nn, name)(3, 4, proj_size=proj_size)


@LIBS
@pytest.mark.parametrize("name", ["RNN", "GRU"])
def test_proj_size_is_refused_before_the_other_options_are_checked(L, name):
    extra = {"nonlinearity": "sigmoid"} if name == "RNN" else {}
    with pytest.raises(ValueError, match=MESSAGE):
        getattr(L.nn, name)(3, 4, dropout=2.0, proj_size=2, **extra)


@LIBS
@pytest.mark.parametrize("name", ["RNN", "GRU"])
def test_an_unknown_keyword_raises_type_error(L, name):
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        getattr(L.nn, name)(3, 4, foo=1)


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")  # (PyTorch's CPU note)
@LIBS
def test_lstm_takes_proj_size(L):
    lstm = L.nn.LSTM(3, 4, proj_size=2)
    out, (h, c) = lstm(L.zeros(5, 1, 3))
    assert lstm.proj_size == 2 and tuple(out.shape) == (5, 1, 2) and tuple(h.shape) == (1, 1, 2) \
        and tuple(c.shape) == (1, 1, 4)
