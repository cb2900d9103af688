"""A compiled training step gives the eager step's losses and parameters, bit for bit, over 1,000 steps."""
import pytest

import minigrad

from .helpers import training_run, same_bits, replays

STEPS = 1000


def _assert_identical(**spec):
    eager_losses, eager_params, _ = training_run(False, STEPS, **spec)
    losses, params, fn = training_run(True, STEPS, **spec)
    assert same_bits(losses, eager_losses)
    assert same_bits(params, eager_params)
    # a warm-up and a capture, then replays (a live number reaching 0 or 1 records a new tape)
    assert replays(fn) >= 0.99 * STEPS
    return fn


@pytest.mark.parametrize("dtype", [minigrad.float32, minigrad.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("optimizer", ["sgd", "sgd_momentum", "sgd_nesterov_wd", "sgd_dampening", "adam",
                                       "adam_wd_amsgrad", "adamw", "nadam", "radam_decoupled", "adamax", "adadelta",
                                       "rprop", "asgd"])
def test_every_optimizer_gives_the_eager_result(optimizer, dtype):
    _assert_identical(optimizer=optimizer, dtype=dtype)


@pytest.mark.parametrize("loss", ["mse", "l1", "huber", "smooth_l1", "cross_entropy", "bce_logits"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky"])
def test_every_loss_and_activation_gives_the_eager_result(loss, activation):
    _assert_identical(loss=loss, activation=activation, optimizer="sgd_momentum")


@pytest.mark.parametrize("dtype", [minigrad.float32, minigrad.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("scheduler", ["step", "exponential", "lambda", "multistep"])
def test_schedulers_change_the_learning_rate_of_the_replay(scheduler, dtype):
    _assert_identical(scheduler=scheduler, optimizer="adam", dtype=dtype)


@pytest.mark.parametrize("optimizer", ["nadam", "radam_decoupled", "adamax", "adadelta", "asgd"])
def test_a_scheduler_changes_the_learning_rate_of_every_optimizers_replay(optimizer):
    _assert_identical(scheduler="step", optimizer=optimizer)


def test_dropout_draws_the_eager_masks_from_the_same_seed():
    _assert_identical(dropout=0.3, optimizer="sgd")


def test_gradient_clipping_gives_the_eager_result():
    _assert_identical(clip=0.05, optimizer="sgd_momentum", loss="l1")
