"""The recorder's fast path (most array calls of a step) records what its general path records."""
import collections

import pytest

from minigrad.compile import recorder

from .helpers import training_run, same_bits


def _general_path_only(monkeypatch):
    """Every function takes ``Recorder._call`` (the general path)."""
    monkeypatch.setattr(recorder, "_KINDS", collections.defaultdict(lambda: recorder._GENERAL))


@pytest.mark.parametrize("loss,optimizer", [("mse", "adam"), ("cross_entropy", "sgd_momentum"),
                                            ("huber", "sgd_nesterov_wd")])
def test_the_fast_path_records_the_tape_of_the_general_path(monkeypatch, loss, optimizer):
    # one run first: the first run in a process fills the backends' constant caches while it records, so
    # its tape holds those constants as computed values; both compared runs must find the caches alike
    training_run(True, 2, loss=loss, optimizer=optimizer, clip=0.5)
    fast_losses, fast_params, fast = training_run(True, 4, loss=loss, optimizer=optimizer, clip=0.5)
    _general_path_only(monkeypatch)
    losses, params, general = training_run(True, 4, loss=loss, optimizer=optimizer, clip=0.5)
    assert fast.tapes and all(t.source is not None for t in fast.tapes)
    assert [t.source for t in fast.tapes] == [t.source for t in general.tapes]
    assert [t.guard_source for t in fast.tapes] == [t.guard_source for t in general.tapes]
    assert same_bits(fast_losses, losses) and same_bits(fast_params, params)
