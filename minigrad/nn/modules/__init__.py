"""The layer classes of ``minigrad.nn``."""
from .linear import Linear, LazyLinear  # noqa: F401
from .activation import ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Softplus, SiLU, ELU  # noqa: F401
from .loss import (MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss,  # noqa: F401
                   NLLLoss, CrossEntropyLoss)
from .container import Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict  # noqa: F401
from .flatten import Flatten, Identity  # noqa: F401
from .dropout import Dropout  # noqa: F401

__all__ = [
    "Identity",
    "Linear",
    "LazyLinear",
    "ReLU",
    "LeakyReLU",
    "Sigmoid",
    "Tanh",
    "Softmax",
    "LogSoftmax",
    "Softplus",
    "SiLU",
    "ELU",
    "MSELoss",
    "L1Loss",
    "HuberLoss",
    "SmoothL1Loss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "NLLLoss",
    "CrossEntropyLoss",
    "Sequential",
    "ModuleList",
    "ModuleDict",
    "ParameterList",
    "ParameterDict",
    "Flatten",
    "Dropout",
]
