"""``minigrad.nn``: modules, layers, losses, initialisation and utilities, as ``torch.nn``."""
from .parameter import Parameter, UninitializedParameter, UninitializedBuffer, Buffer  # noqa: F401
from .module import Module  # noqa: F401
from .modules import *  # noqa: F401,F403
from . import functional, init, utils, attention, parallel, grad  # noqa: F401
