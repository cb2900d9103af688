"""minigrad.autograd: the engine, grad mode, user Functions, grad and gradcheck."""
from .function import Function
from .node import Node
from .op import Op
from .entry_points import backward, grad
from .gradcheck import gradcheck, gradgradcheck, GradcheckError
from .grad_mode import (no_grad, enable_grad, set_grad_enabled, is_grad_enabled, is_inference_mode_enabled,
                        inference_mode, is_multithreading_enabled, set_multithreading_enabled, is_view_replay_enabled)
from .anomaly_mode import detect_anomaly, set_detect_anomaly
from . import anomaly_mode, function, functional, grad_mode, node, graph, forward_ad, variable
from .variable import Variable
from .engine import is_checkpoint_valid as _is_checkpoint_valid

__all__ = ["Function", "Variable", "backward", "grad", "gradcheck", "gradgradcheck", "no_grad", "enable_grad",
           "set_grad_enabled", "is_grad_enabled", "inference_mode", "detect_anomaly", "set_detect_anomaly"]
