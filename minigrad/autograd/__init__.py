"""minigrad.autograd: the engine, grad mode, user Functions, grad and gradcheck."""
from .function import Function, Op, Node
from .functional import backward, grad
from .gradcheck import gradcheck, GradcheckError
from .grad_mode import (no_grad, enable_grad, set_grad_enabled, is_grad_enabled,
                        inference_mode)
from . import function, grad_mode

__all__ = ["Function", "backward", "grad", "gradcheck", "no_grad", "enable_grad",
           "set_grad_enabled", "is_grad_enabled", "inference_mode"]
