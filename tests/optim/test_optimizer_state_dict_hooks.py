"""Optimizer state-dict hooks (``register_state_dict_pre_hook``/``_post_hook``,
``register_load_state_dict_pre_hook``/``_post_hook``, with ``prepend``) and the group names and
errors of ``load_state_dict``/``add_param_group``, on minigrad and on PyTorch."""
import copy

import pytest
import torch

import minigrad

LIBS = pytest.mark.parametrize("lib", [minigrad, torch], ids=["minigrad", "torch"])


def _optimizer(lib, **options):
    p = lib.nn.Parameter(lib.ones(2))
    p.grad = lib.ones(2)
    opt = lib.optim.SGD([p], lr=0.1, momentum=0.9, **options)
    opt.step()
    return opt


@LIBS
def test_state_dict_hooks_run_pre_then_post_with_prepended_ones_first(lib):
    opt, log = _optimizer(lib), []
    opt.register_state_dict_pre_hook(lambda o: log.append("pre"))
    opt.register_state_dict_pre_hook(lambda o: log.append("pre, prepended"), prepend=True)
    opt.register_state_dict_post_hook(lambda o, sd: log.append("post"))
    opt.register_state_dict_post_hook(lambda o, sd: log.append("post, prepended"), prepend=True)
    opt.state_dict()
    assert log == ["pre, prepended", "pre", "post, prepended", "post"]


@LIBS
def test_state_dict_post_hook_may_change_the_state_dict_in_place(lib):
    opt = _optimizer(lib)
    opt.register_state_dict_post_hook(lambda o, sd: sd.__setitem__("epoch", 7))
    assert opt.state_dict()["epoch"] == 7


@LIBS
def test_state_dict_post_hook_result_replaces_the_state_dict(lib):
    opt, seen = _optimizer(lib), []
    opt.register_state_dict_post_hook(lambda o, sd: {"replaced": True})
    opt.register_state_dict_post_hook(lambda o, sd: seen.append(sorted(sd)))
    assert opt.state_dict() == {"replaced": True} and seen == [["replaced"]]


@LIBS
def test_load_state_dict_pre_hook_sees_a_shallow_copy(lib):
    opt = _optimizer(lib)
    saved = opt.state_dict()
    opt.register_load_state_dict_pre_hook(lambda o, sd: sd.__setitem__("added", 1))
    opt.load_state_dict(saved)
    assert "added" not in saved


@LIBS
def test_load_state_dict_pre_hook_result_is_loaded_instead(lib):
    opt = _optimizer(lib)
    saved = opt.state_dict()

    def faster(o, sd):
        return {"state": sd["state"], "param_groups": [dict(sd["param_groups"][0], lr=0.5)]}
    opt.register_load_state_dict_pre_hook(faster)
    opt.load_state_dict(saved)
    assert opt.param_groups[0]["lr"] == 0.5 and saved["param_groups"][0]["lr"] == 0.1


@LIBS
def test_load_state_dict_hooks_run_pre_then_post_with_prepended_ones_first(lib):
    opt, log = _optimizer(lib), []
    saved = opt.state_dict()
    opt.register_load_state_dict_pre_hook(lambda o, sd: log.append("pre"))
    opt.register_load_state_dict_pre_hook(lambda o, sd: log.append("pre, prepended"), prepend=True)
    opt.register_load_state_dict_post_hook(lambda o: log.append("post"))
    opt.register_load_state_dict_post_hook(lambda o: log.append("post, prepended"), prepend=True)
    opt.load_state_dict(saved)
    assert log == ["pre, prepended", "pre", "post, prepended", "post"]


@LIBS
def test_load_state_dict_post_hook_sees_the_loaded_state(lib):
    opt, seen = _optimizer(lib), []
    saved = opt.state_dict()
    saved["param_groups"][0]["lr"] = 0.25
    opt.register_load_state_dict_post_hook(lambda o: seen.append(o.param_groups[0]["lr"]))
    opt.load_state_dict(saved)
    assert seen == [0.25]


@LIBS
def test_removed_state_dict_hooks_no_longer_run(lib):
    opt, log = _optimizer(lib), []
    handles = [opt.register_state_dict_pre_hook(lambda *a: log.append(1)),
               opt.register_state_dict_post_hook(lambda *a: log.append(2)),
               opt.register_load_state_dict_pre_hook(lambda *a: log.append(3)),
               opt.register_load_state_dict_post_hook(lambda *a: log.append(4))]
    for handle in handles:
        handle.remove()
    opt.load_state_dict(opt.state_dict())
    assert log == []


@LIBS
def test_a_deep_copied_optimizer_has_no_state_dict_hooks(lib):
    opt, log = _optimizer(lib), []
    opt.register_state_dict_pre_hook(lambda o: log.append("hook"))
    copy.deepcopy(opt).state_dict()
    assert log == []


@LIBS
def test_load_state_dict_keeps_the_param_names_a_state_dict_lacks(lib):
    layer = lib.nn.Linear(2, 1)
    named = lib.optim.Adam(layer.named_parameters(), lr=0.1)
    named.load_state_dict(lib.optim.Adam(layer.parameters(), lr=0.1).state_dict())
    assert named.param_groups[0]["param_names"] == ["weight", "bias"]


@LIBS
def test_add_param_group_refuses_a_non_dict_naming_its_type(lib):
    opt = _optimizer(lib)
    with pytest.raises(TypeError, match="^param_group must be a dict, but got <class 'list'>$"):
        opt.add_param_group([lib.nn.Parameter(lib.ones(1))])
