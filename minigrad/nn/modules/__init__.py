"""The layer classes of ``minigrad.nn``."""
import importlib as _importlib

from . import module  # noqa: F401  (torch.nn.modules.module.register_module_forward_hook and the others, by attribute)
from .linear import Linear, LazyLinear, NonDynamicallyQuantizableLinear, Bilinear  # noqa: F401
from .attention import MultiheadAttention  # noqa: F401
from .activation import ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Softplus, SiLU, ELU  # noqa: F401
from .activation_piecewise import (Hardtanh, ReLU6, Threshold, Hardshrink, Softshrink, Hardswish,  # noqa: F401
                                   Hardsigmoid, PReLU, RReLU)
from .activation_smooth import (GELU, SELU, CELU, Mish, Softsign, LogSigmoid, Tanhshrink, Softmin,  # noqa: F401
                                Softmax2d, GLU)
from .loss import (MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss,  # noqa: F401
                   NLLLoss, CrossEntropyLoss, KLDivLoss, GaussianNLLLoss, PoissonNLLLoss, MarginRankingLoss,
                   HingeEmbeddingLoss, SoftMarginLoss, CosineEmbeddingLoss, TripletMarginLoss,
                   MultiMarginLoss, MultiLabelMarginLoss, MultiLabelSoftMarginLoss, TripletMarginWithDistanceLoss,
                   CTCLoss)
from .container import Sequential, ModuleList, ModuleDict  # noqa: F401
from .parameter_containers import ParameterList, ParameterDict  # noqa: F401
from .flatten import Flatten, Identity, Unflatten  # noqa: F401
from .sparse import Embedding, EmbeddingBag  # noqa: F401
from .distance import CosineSimilarity, PairwiseDistance  # noqa: F401
from .dropout import Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout  # noqa: F401
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d  # noqa: F401
from .pooling import (MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d,  # noqa: F401
                      AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,
                      AdaptiveMaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, LPPool1d, LPPool2d, LPPool3d,
                      FractionalMaxPool2d, FractionalMaxPool3d)
from .batchnorm import (BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d,  # noqa: F401
                        InstanceNorm3d)
from .normalization import LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm, CrossMapLRN2d  # noqa: F401
from .channelshuffle import ChannelShuffle  # noqa: F401
from .padding import (ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d,  # noqa: F401
                      ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d, ConstantPad1d,
                      ConstantPad2d, ConstantPad3d, ZeroPad1d, ZeroPad2d, ZeroPad3d)
from .pixelshuffle import PixelShuffle, PixelUnshuffle  # noqa: F401
from .fold import Unfold, Fold  # noqa: F401
from .upsampling import Upsample, UpsamplingNearest2d, UpsamplingBilinear2d  # noqa: F401
from .transformer import (Transformer, TransformerEncoder, TransformerDecoder,  # noqa: F401
                          TransformerEncoderLayer, TransformerDecoderLayer)
from .lazy import (LazyModuleMixin, LazyConv1d, LazyConv2d, LazyConv3d, LazyConvTranspose1d,  # noqa: F401
                   LazyConvTranspose2d, LazyConvTranspose3d, LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d,
                   LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d)
from .adaptive import AdaptiveLogSoftmaxWithLoss  # noqa: F401
from .linear_cross_entropy import LinearCrossEntropyLoss, LinearCrossEntropyOptions  # noqa: F401
from .rnn import RNNBase, RNN, LSTM, GRU  # noqa: F401
from .rnn_cells import RNNCellBase, RNNCell, LSTMCell, GRUCell  # noqa: F401
from .parallel import DataParallel  # noqa: F401
from .batchnorm import SyncBatchNorm  # noqa: F401
from .loss import NLLLoss2d  # noqa: F401
from .container import Container  # noqa: F401

_VISION = ["Dropout1d", "Dropout2d", "Dropout3d", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
           "ConvTranspose3d", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
           "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
           "AdaptiveMaxPool3d", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d",
           "InstanceNorm3d", "LayerNorm", "GroupNorm", "RMSNorm", "ReflectionPad1d", "ReflectionPad2d",
           "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d",
           "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad1d", "ZeroPad2d",
           "ZeroPad3d",
           "PixelShuffle", "PixelUnshuffle", "Unfold", "Fold", "Upsample", "UpsamplingNearest2d",
           "UpsamplingBilinear2d"]
_ACTIVATIONS = ["Hardtanh", "ReLU6", "Threshold", "Hardshrink", "Softshrink", "Hardswish", "Hardsigmoid", "PReLU",
                "GELU", "SELU", "CELU", "Mish", "Softsign", "LogSigmoid", "Tanhshrink", "Softmin", "Softmax2d", "GLU"]
_TRANSFORMER = ["Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
                "TransformerDecoderLayer"]
_LAZY = ["LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
         "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d",
         "LazyInstanceNorm2d", "LazyInstanceNorm3d"]
_RECURRENT = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]
_MORE = ["KLDivLoss", "Unflatten", "Embedding", "CosineSimilarity", "PairwiseDistance", "GaussianNLLLoss",
         "PoissonNLLLoss", "MarginRankingLoss", "HingeEmbeddingLoss", "SoftMarginLoss", "CosineEmbeddingLoss",
         "TripletMarginLoss", "MultiheadAttention", "Bilinear", "RReLU", "AlphaDropout", "FeatureAlphaDropout",
         "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "LPPool1d", "LPPool2d", "LPPool3d", "LocalResponseNorm",
         "CrossMapLRN2d",
         "FractionalMaxPool2d", "FractionalMaxPool3d",
         "ChannelShuffle",
         "MultiMarginLoss", "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "TripletMarginWithDistanceLoss",
         "EmbeddingBag", "CTCLoss", "AdaptiveLogSoftmaxWithLoss"]
_SINGLE_PROCESS = ["DataParallel", "SyncBatchNorm", "NLLLoss2d", "Container"]  # (other programs' names, one device)

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
    "Hardtanh",
    "ReLU6",
    "SELU",
    "PReLU",
    "MSELoss",
    "L1Loss",
    "HuberLoss",
    "SmoothL1Loss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "NLLLoss",
    "CrossEntropyLoss",
    "LinearCrossEntropyLoss",
    "LinearCrossEntropyOptions",
    "Sequential",
    "ModuleList",
    "ModuleDict",
    "ParameterList",
    "ParameterDict",
    "Flatten",
    "Unflatten",
    "Dropout",
] + _VISION + _ACTIVATIONS + _MORE + _RECURRENT + _TRANSFORMER + _LAZY + _SINGLE_PROCESS

# PyTorch's module of each class defined here in a file of another name: programs import the classes
# from there (``from torch.nn.modules.activation import GELU``), and messages name them by it
# (``typename``: ``'torch.nn.modules.activation.GELU'``).
_PYTORCH_HOMES = {
    "activation": _ACTIVATIONS + ["RReLU", "MultiheadAttention"],
    "linear": ["Identity"],
    "conv": [n for n in _LAZY if n.startswith("LazyConv")],
    "batchnorm": [n for n in _LAZY if n.startswith("LazyBatchNorm")],
    "instancenorm": ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]
                    + [n for n in _LAZY if n.startswith("LazyInstanceNorm")],
    "loss": ["LinearCrossEntropyLoss"],
    "linear_cross_entropy_options": ["LinearCrossEntropyOptions"],
    "module": ["Module"],
    "rnn": ["RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"],
}
for _home, _names in _PYTORCH_HOMES.items():
    _home_module = _importlib.import_module(f"{__name__}.{_home}")
    for _name in _names:
        _cls = getattr(module, _name) if _name == "Module" else globals()[_name]
        setattr(_home_module, _name, _cls)
        _cls.__module__ = _home_module.__name__
