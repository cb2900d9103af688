"""Bad-input cases of the second probe, aimed at what the first (``probe_cases``) touched least:
nn module constructors and forwards, containers and state dicts, optimizers and schedulers,
``utils.data``, tensor creation and conversion, autograd. Same form: ``fn(L, d)`` with ``L`` the
library (``torch`` or ``minigrad``) and ``d`` an empty folder of its own."""
import numpy as np

from errors.probe_cases import t

CASES = {}


def case(name):
    """Register the decorated ``fn(L, d)`` as the case ``name``."""
    def register(fn):
        assert name not in CASES, name
        CASES[name] = fn
        return fn
    return register


def ones(L, *shape, dtype=None):
    return L.ones(*shape, dtype=dtype if dtype is not None else L.float32)


def idx(L, values):
    return L.tensor(values, dtype=L.int64)


# ----------------------------------------------------------------------------------------------
# nn: convolution constructors, every class with the same bad arguments
CONVS = {"Conv1d": 1, "Conv2d": 2, "Conv3d": 3, "ConvTranspose1d": 1, "ConvTranspose2d": 2, "ConvTranspose3d": 3}
CONV_BAD_ARGS = {
    "negative in_channels": lambda n: dict(in_channels=-2),
    "zero out_channels ok": lambda n: dict(out_channels=0),
    "negative out_channels": lambda n: dict(out_channels=-1),
    "zero kernel": lambda n: dict(kernel_size=0),
    "negative kernel": lambda n: dict(kernel_size=-3),
    "kernel tuple too long": lambda n: dict(kernel_size=(3,) * (n + 1)),
    "kernel tuple too short": lambda n: dict(kernel_size=(3,) * (n - 1) if n > 1 else ()),
    "kernel str": lambda n: dict(kernel_size="3"),
    "kernel None": lambda n: dict(kernel_size=None),
    "zero stride": lambda n: dict(stride=0),
    "negative stride": lambda n: dict(stride=-1),
    "stride tuple too long": lambda n: dict(stride=(1,) * (n + 1)),
    "negative padding": lambda n: dict(padding=-1),
    "zero dilation": lambda n: dict(dilation=0),
    "zero groups": lambda n: dict(groups=0),
    "negative groups": lambda n: dict(groups=-1),
    "groups not dividing in": lambda n: dict(in_channels=4, out_channels=6, groups=3),
    "groups not dividing out": lambda n: dict(in_channels=6, out_channels=4, groups=3),
    "padding same with stride": lambda n: dict(padding="same", stride=2),
    "padding bad string": lambda n: dict(padding="full"),
    "padding_mode bad": lambda n: dict(padding_mode="mirror"),
    "padding_mode reflect": lambda n: dict(padding_mode="reflect"),
    "float in_channels": lambda n: dict(in_channels=3.0),
    "str out_channels": lambda n: dict(out_channels="4"),
}


def _conv_ctor(name, n, bad):
    def run(L, d):
        kw = dict(in_channels=3, out_channels=4, kernel_size=3)
        kw.update(CONV_BAD_ARGS[bad](n))
        return getattr(L.nn, name)(**kw).weight.shape
    return run


for _name, _n in CONVS.items():
    for _bad in CONV_BAD_ARGS:
        CASES[f"{_name}({_bad})"] = _conv_ctor(_name, _n, _bad)


# nn: convolution forwards with the wrong rank, channels, dtype or a too small input
CONV_BAD_INPUTS = {
    "0-d input": lambda L, n: L.tensor(1.0),
    "1-d input": lambda L, n: ones(L, 3),
    "rank too high": lambda L, n: ones(L, 1, 1, 3, *(5,) * n),
    "wrong channels": lambda L, n: ones(L, 1, 2, *(5,) * n),
    "too small": lambda L, n: ones(L, 1, 3, *(1,) * n),
    "int64 input": lambda L, n: L.ones(1, 3, *(5,) * n, dtype=L.int64),
    "bool input": lambda L, n: L.ones(1, 3, *(5,) * n, dtype=L.bool),
    "float64 input": lambda L, n: L.ones(1, 3, *(5,) * n, dtype=L.float64),
    "zero batch ok": lambda L, n: ones(L, 0, 3, *(5,) * n),
    "zero spatial": lambda L, n: ones(L, 1, 3, *(0,) * n),
}


def _conv_forward(name, n, bad):
    def run(L, d):
        L.manual_seed(0)
        return getattr(L.nn, name)(3, 4, 3)(CONV_BAD_INPUTS[bad](L, n)).shape
    return run


for _name, _n in CONVS.items():
    for _bad in CONV_BAD_INPUTS:
        CASES[f"{_name} forward {_bad}"] = _conv_forward(_name, _n, _bad)

CASES.update({
    "ConvTranspose2d output_padding too big": lambda L, d: L.nn.ConvTranspose2d(3, 4, 3, output_padding=1)(ones(L, 1, 3, 4, 4)),
    "ConvTranspose2d output_padding below stride ok": lambda L, d: L.nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1)(ones(L, 1, 3, 4, 4)).shape,
    "ConvTranspose2d output_size wrong": lambda L, d: L.nn.ConvTranspose2d(3, 4, 3, stride=2)(ones(L, 1, 3, 4, 4), output_size=(20, 20)),
    "ConvTranspose2d padding same": lambda L, d: L.nn.ConvTranspose2d(3, 4, 3, padding="same"),
    "Conv2d padding valid ok": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="valid")(ones(L, 1, 3, 5, 5)).shape,
    "Conv2d padding same even kernel ok": lambda L, d: L.nn.Conv2d(3, 4, 2, padding="same")(ones(L, 1, 3, 5, 5)).shape,
    "Conv2d padding same with dilation ok": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="same", dilation=2)(ones(L, 1, 3, 5, 5)).shape,
    "Conv2d circular padding too big": lambda L, d: L.nn.Conv2d(3, 4, 3, padding=6, padding_mode="circular")(ones(L, 1, 3, 5, 5)),
    "Conv2d reflect padding too big": lambda L, d: L.nn.Conv2d(3, 4, 3, padding=5, padding_mode="reflect")(ones(L, 1, 3, 5, 5)),
    "Conv2d weight set to wrong shape then forward": lambda L, d: _conv_weight_swapped(L),
    "F.conv1d weight rank": lambda L, d: L.nn.functional.conv1d(ones(L, 1, 3, 5), ones(L, 4, 3)),
    "F.conv3d 3-d weight": lambda L, d: L.nn.functional.conv3d(ones(L, 1, 3, 5, 5, 5), ones(L, 4, 3, 3, 3)),
    "F.conv2d dtype mismatch": lambda L, d: L.nn.functional.conv2d(ones(L, 1, 3, 5, 5), L.ones(4, 3, 3, 3, dtype=L.float64)),
    "F.conv2d bias dtype mismatch": lambda L, d: L.nn.functional.conv2d(ones(L, 1, 3, 5, 5), ones(L, 4, 3, 3, 3), L.ones(4, dtype=L.float64)),
    "F.conv2d stride tuple too long": lambda L, d: L.nn.functional.conv2d(ones(L, 1, 3, 5, 5), ones(L, 4, 3, 3, 3), stride=(1, 1, 1)),
    "F.conv_transpose2d wrong channels": lambda L, d: L.nn.functional.conv_transpose2d(ones(L, 1, 2, 5, 5), ones(L, 3, 4, 3, 3)),
    "F.conv_transpose2d groups not dividing": lambda L, d: L.nn.functional.conv_transpose2d(ones(L, 1, 3, 5, 5), ones(L, 3, 4, 3, 3), groups=2),
})


def _conv_weight_swapped(L):
    conv = L.nn.Conv2d(3, 4, 3)
    conv.weight = L.nn.Parameter(ones(L, 4, 2, 3, 3))
    return conv(ones(L, 1, 3, 5, 5))


# nn: linear layers
LINEAR_BAD_INPUTS = {
    "int64 input": lambda L: L.ones(2, 3, dtype=L.int64),
    "int32 input": lambda L: L.ones(2, 3, dtype=L.int32),
    "bool input": lambda L: L.ones(2, 3, dtype=L.bool),
    "0-d input": lambda L: L.tensor(1.0),
    "1-d input ok": lambda L: ones(L, 3),
    "1-d wrong size": lambda L: ones(L, 4),
    "3-d input ok": lambda L: ones(L, 2, 2, 3),
    "3-d wrong size": lambda L: ones(L, 2, 3, 2),
    "empty last dim": lambda L: ones(L, 2, 0),
    "complex input": lambda L: L.ones(2, 3, dtype=L.complex64),
    "float16 input": lambda L: L.ones(2, 3, dtype=L.float16),
}
for _bad, _make in LINEAR_BAD_INPUTS.items():
    CASES[f"Linear forward {_bad}"] = (lambda mk: lambda L, d: L.nn.Linear(3, 2)(mk(L)).shape)(_make)

CASES.update({
    "Linear zero features ok": lambda L, d: L.nn.Linear(0, 2)(ones(L, 1, 0)).tolist(),
    "Linear str features": lambda L, d: L.nn.Linear("3", 2),
    "Linear negative out": lambda L, d: L.nn.Linear(3, -2),
    "Linear tuple features": lambda L, d: L.nn.Linear((3,), 2),
    "Linear bias str ok": lambda L, d: L.nn.Linear(3, 2, bias="no").bias is None,
    "Linear bad dtype kw": lambda L, d: L.nn.Linear(3, 2, dtype="float"),
    "Bilinear negative": lambda L, d: L.nn.Bilinear(-1, 2, 3),
    "Bilinear wrong first size": lambda L, d: L.nn.Bilinear(3, 2, 4)(ones(L, 5, 2), ones(L, 5, 2)),
    "Bilinear wrong second size": lambda L, d: L.nn.Bilinear(3, 2, 4)(ones(L, 5, 3), ones(L, 5, 3)),
    "Bilinear batch mismatch": lambda L, d: L.nn.Bilinear(3, 2, 4)(ones(L, 5, 3), ones(L, 4, 2)),
    "Bilinear int input": lambda L, d: L.nn.Bilinear(3, 2, 4)(L.ones(5, 3, dtype=L.int64), ones(L, 5, 2)),
    "F.linear weight 3-d": lambda L, d: L.nn.functional.linear(ones(L, 2, 3), ones(L, 1, 2, 3)),
    "F.linear bias wrong size": lambda L, d: L.nn.functional.linear(ones(L, 2, 3), ones(L, 4, 3), ones(L, 3)),
    "F.linear dtype mismatch": lambda L, d: L.nn.functional.linear(ones(L, 2, 3), L.ones(4, 3, dtype=L.float64)),
    "F.bilinear weight rank": lambda L, d: L.nn.functional.bilinear(ones(L, 5, 3), ones(L, 5, 2), ones(L, 4, 3)),
    "LazyLinear int input": lambda L, d: L.nn.LazyLinear(2)(L.ones(2, 3, dtype=L.int64)),
    "LazyLinear negative out": lambda L, d: L.nn.LazyLinear(-2),
    "Identity extra args ok": lambda L, d: L.nn.Identity(3, foo=4)(ones(L, 2)).shape,
})


# nn: pooling, every class with the same bad arguments
POOLS = {"MaxPool1d": 1, "MaxPool2d": 2, "MaxPool3d": 3, "AvgPool1d": 1, "AvgPool2d": 2, "AvgPool3d": 3}
POOL_BAD = {
    "negative kernel": lambda L, n: (dict(kernel_size=-2), ones(L, 1, 1, *(4,) * n)),
    "kernel tuple too long": lambda L, n: (dict(kernel_size=(2,) * (n + 1)), ones(L, 1, 1, *(4,) * n)),
    "negative padding": lambda L, n: (dict(kernel_size=2, padding=-1), ones(L, 1, 1, *(4,) * n)),
    "padding over half kernel": lambda L, n: (dict(kernel_size=2, padding=2), ones(L, 1, 1, *(4,) * n)),
    "kernel too big": lambda L, n: (dict(kernel_size=5), ones(L, 1, 1, *(4,) * n)),
    "rank too low": lambda L, n: (dict(kernel_size=2), ones(L, *(4,) * n)),
    "rank too high": lambda L, n: (dict(kernel_size=2), ones(L, 1, 1, 1, *(4,) * n)),
    "int input": lambda L, n: (dict(kernel_size=2), L.ones(1, 1, *(4,) * n, dtype=L.int64)),
    "zero spatial": lambda L, n: (dict(kernel_size=2), ones(L, 1, 1, *(0,) * n)),
    "str kernel": lambda L, n: (dict(kernel_size="2"), ones(L, 1, 1, *(4,) * n)),
    "ceil_mode ok": lambda L, n: (dict(kernel_size=3, stride=2, ceil_mode=True), ones(L, 1, 1, *(4,) * n)),
}


def _pool(name, n, bad):
    def run(L, d):
        kw, x = POOL_BAD[bad](L, n)
        return getattr(L.nn, name)(**kw)(x).shape
    return run


for _name, _n in POOLS.items():
    for _bad in POOL_BAD:
        CASES[f"{_name}({_bad})"] = _pool(_name, _n, _bad)

ADAPTIVE = {"AdaptiveAvgPool1d": 1, "AdaptiveAvgPool2d": 2, "AdaptiveAvgPool3d": 3,
            "AdaptiveMaxPool1d": 1, "AdaptiveMaxPool2d": 2, "AdaptiveMaxPool3d": 3}
ADAPTIVE_BAD = {
    "negative output": lambda L, n: (-1, ones(L, 1, 1, *(4,) * n)),
    "output tuple too long": lambda L, n: ((2,) * (n + 1), ones(L, 1, 1, *(4,) * n)),
    "rank too low": lambda L, n: (2, ones(L, *(4,) * n)),
    "rank too high": lambda L, n: (2, ones(L, 1, 1, 1, *(4,) * n)),
    "zero spatial input": lambda L, n: (2, ones(L, 1, 1, *(0,) * n)),
    "None output": lambda L, n: ((None,) * n, ones(L, 1, 1, *(4,) * n)),
    "int input": lambda L, n: (2, L.ones(1, 1, *(4,) * n, dtype=L.int64)),
}


def _adaptive(name, n, bad):
    def run(L, d):
        size, x = ADAPTIVE_BAD[bad](L, n)
        return getattr(L.nn, name)(size)(x).shape
    return run


for _name, _n in ADAPTIVE.items():
    for _bad in ADAPTIVE_BAD:
        CASES[f"{_name}({_bad})"] = _adaptive(_name, _n, _bad)

CASES.update({
    "MaxUnpool2d indices shape": lambda L, d: L.nn.MaxUnpool2d(2)(ones(L, 1, 1, 2, 2), idx(L, [[[[0, 1]]]])),
    "MaxUnpool2d float indices": lambda L, d: L.nn.MaxUnpool2d(2)(ones(L, 1, 1, 2, 2), ones(L, 1, 1, 2, 2)),
    "MaxUnpool2d indices out of range": lambda L, d: L.nn.MaxUnpool2d(2)(ones(L, 1, 1, 2, 2), idx(L, [[[[0, 1], [2, 99]]]])),
    "LPPool2d rank too low": lambda L, d: L.nn.LPPool2d(2, 2)(ones(L, 4)),
    "LPPool1d kernel too big": lambda L, d: L.nn.LPPool1d(2, 5)(ones(L, 1, 1, 4)),
    "FractionalMaxPool2d no output": lambda L, d: L.nn.FractionalMaxPool2d(2),
    "FractionalMaxPool2d ratio above one": lambda L, d: L.nn.FractionalMaxPool2d(2, output_ratio=1.5),
    "FractionalMaxPool2d output too big": lambda L, d: L.nn.FractionalMaxPool2d(2, output_size=5)(ones(L, 1, 1, 4, 4)),
    "F.max_pool2d return_indices dilation ok": lambda L, d: L.nn.functional.max_pool2d(ones(L, 1, 1, 5, 5), 2, dilation=2).shape,
    "F.max_pool2d zero dilation": lambda L, d: L.nn.functional.max_pool2d(ones(L, 1, 1, 5, 5), 2, dilation=0),
    "F.avg_pool2d divisor zero": lambda L, d: L.nn.functional.avg_pool2d(ones(L, 1, 1, 4, 4), 2, divisor_override=0),
    "F.adaptive_max_pool2d return_indices ok": lambda L, d: L.nn.functional.adaptive_max_pool2d(ones(L, 1, 1, 4, 4), 2, True)[1].dtype,
})


# nn: normalisation
NORMS = {"BatchNorm1d": 1, "BatchNorm2d": 2, "BatchNorm3d": 3,
         "InstanceNorm1d": 1, "InstanceNorm2d": 2, "InstanceNorm3d": 3}
NORM_BAD = {
    "zero features": lambda L, n: (dict(num_features=0), ones(L, 2, 0, *(2,) * n)),
    "negative features": lambda L, n: (dict(num_features=-1), None),
    "float features": lambda L, n: (dict(num_features=2.5), None),
    "wrong channels": lambda L, n: (dict(num_features=3), ones(L, 2, 4, *(2,) * n)),
    "rank too low": lambda L, n: (dict(num_features=3), ones(L, 3)),
    "rank too high": lambda L, n: (dict(num_features=3), ones(L, 2, 3, 1, *(2,) * n)),
    "int input": lambda L, n: (dict(num_features=3), L.ones(2, 3, *(2,) * n, dtype=L.int64)),
    "float64 input": lambda L, n: (dict(num_features=3), L.ones(2, 3, *(2,) * n, dtype=L.float64)),
    "one value per channel": lambda L, n: (dict(num_features=3), ones(L, 1, 3, *(1,) * n)),
    "negative momentum ok": lambda L, n: (dict(num_features=3, momentum=-0.5), ones(L, 2, 3, *(2,) * n)),
    "None momentum ok": lambda L, n: (dict(num_features=3, momentum=None), ones(L, 2, 3, *(2,) * n)),
}


def _norm(name, n, bad):
    def run(L, d):
        kw, x = NORM_BAD[bad](L, n)
        module = getattr(L.nn, name)(**kw)
        return module(x).shape if x is not None else module
    return run


for _name, _n in NORMS.items():
    for _bad in NORM_BAD:
        CASES[f"{_name}({_bad})"] = _norm(_name, _n, _bad)

CASES.update({
    "BatchNorm2d eval one value ok": lambda L, d: L.nn.BatchNorm2d(3).eval()(ones(L, 1, 3, 1, 1)).shape,
    "BatchNorm1d no running stats eval": lambda L, d: L.nn.BatchNorm1d(3, track_running_stats=False).eval()(ones(L, 4, 3)).shape,
    "BatchNorm1d affine str ok": lambda L, d: L.nn.BatchNorm1d(3, affine="").weight,
    "F.batch_norm weight size": lambda L, d: L.nn.functional.batch_norm(ones(L, 2, 3), L.zeros(3), L.ones(3), weight=L.ones(2)),
    "F.batch_norm no running stats in eval": lambda L, d: L.nn.functional.batch_norm(ones(L, 2, 3), None, None),
    "F.batch_norm 1-d input": lambda L, d: L.nn.functional.batch_norm(ones(L, 3), L.zeros(3), L.ones(3)),
    "LayerNorm negative shape": lambda L, d: L.nn.LayerNorm(-3),
    "LayerNorm zero shape": lambda L, d: L.nn.LayerNorm(0)(ones(L, 2, 0)).shape,
    "LayerNorm tuple shape mismatch": lambda L, d: L.nn.LayerNorm((2, 3))(ones(L, 3, 2)),
    "LayerNorm shape longer than input": lambda L, d: L.nn.LayerNorm((2, 2, 3))(ones(L, 2, 3)),
    "LayerNorm int input": lambda L, d: L.nn.LayerNorm(3)(L.ones(2, 3, dtype=L.int64)),
    "LayerNorm float64 input": lambda L, d: L.nn.LayerNorm(3)(L.ones(2, 3, dtype=L.float64)),
    "LayerNorm str shape": lambda L, d: L.nn.LayerNorm("3"),
    "LayerNorm float shape": lambda L, d: L.nn.LayerNorm(3.0),
    "F.layer_norm weight shape": lambda L, d: L.nn.functional.layer_norm(ones(L, 2, 3), (3,), weight=L.ones(2)),
    "F.layer_norm bias shape": lambda L, d: L.nn.functional.layer_norm(ones(L, 2, 3), (3,), bias=L.ones(4)),
    "F.layer_norm int shape": lambda L, d: L.nn.functional.layer_norm(ones(L, 2, 3), 3),
    "GroupNorm zero groups": lambda L, d: L.nn.GroupNorm(0, 4),
    "GroupNorm wrong channels": lambda L, d: L.nn.GroupNorm(2, 4)(ones(L, 2, 6, 3)),
    "GroupNorm 1-d input": lambda L, d: L.nn.GroupNorm(2, 4)(ones(L, 4)),
    "GroupNorm int input": lambda L, d: L.nn.GroupNorm(2, 4)(L.ones(2, 4, 3, dtype=L.int64)),
    "GroupNorm negative channels": lambda L, d: L.nn.GroupNorm(2, -4),
    "RMSNorm wrong shape": lambda L, d: L.nn.RMSNorm(4)(ones(L, 2, 3)),
    "RMSNorm negative shape": lambda L, d: L.nn.RMSNorm(-2),
    "LocalResponseNorm 1-d": lambda L, d: L.nn.LocalResponseNorm(2)(ones(L, 3)),
    "LocalResponseNorm zero size": lambda L, d: L.nn.LocalResponseNorm(0)(ones(L, 1, 3, 4)),
    "F.normalize bad dim": lambda L, d: L.nn.functional.normalize(ones(L, 2, 3), dim=2),
    "F.normalize int": lambda L, d: L.nn.functional.normalize(L.ones(2, 3, dtype=L.int64)),
    "F.instance_norm running stats size": lambda L, d: L.nn.functional.instance_norm(ones(L, 2, 3, 4), L.zeros(2), L.ones(2)),
})


# nn: dropout, every class with the same bad p
DROPOUTS = {"Dropout": 2, "Dropout1d": 3, "Dropout2d": 4, "Dropout3d": 5, "AlphaDropout": 2, "FeatureAlphaDropout": 4}
DROPOUT_P = {"negative p": -0.1, "p above one": 1.1, "str p": "0.5", "None p": None, "p one ok": 1.0, "p zero ok": 0.0,
             "nan p": float("nan")}


def _dropout(name, rank, p):
    def run(L, d):
        L.manual_seed(0)
        return getattr(L.nn, name)(p)(ones(L, *(2,) * rank)).shape
    return run


for _name, _rank in DROPOUTS.items():
    for _bad, _p in DROPOUT_P.items():
        CASES[f"{_name}({_bad})"] = _dropout(_name, _rank, _p)

CASES.update({
    "Dropout int input in training": lambda L, d: L.nn.Dropout(0.5)(L.ones(3, dtype=L.int64)),
    "Dropout int input eval ok": lambda L, d: L.nn.Dropout(0.5).eval()(L.ones(3, dtype=L.int64)).dtype,
    "Dropout2d 1-d input": lambda L, d: L.nn.Dropout2d(0.5)(ones(L, 3)),
    "Dropout1d 4-d input": lambda L, d: L.nn.Dropout1d(0.5)(ones(L, 1, 2, 3, 4)),
    "Dropout3d 2-d input": lambda L, d: L.nn.Dropout3d(0.5)(ones(L, 2, 3)),
    "F.dropout negative p": lambda L, d: L.nn.functional.dropout(ones(L, 3), -0.5),
    "F.dropout2d p above one": lambda L, d: L.nn.functional.dropout2d(ones(L, 1, 2, 3, 3), 2.0),
    "F.alpha_dropout p above one": lambda L, d: L.nn.functional.alpha_dropout(ones(L, 3), 1.5),
    "F.dropout training str": lambda L, d: L.nn.functional.dropout(ones(L, 3), 0.0, training="yes").shape,
})


# nn: activations
CASES.update({
    "Softmax bad dim forward": lambda L, d: L.nn.Softmax(dim=2)(ones(L, 2, 3)),
    "LogSoftmax bad dim forward": lambda L, d: L.nn.LogSoftmax(dim=-3)(ones(L, 2, 3)),
    "Softmin bad dim forward": lambda L, d: L.nn.Softmin(dim=5)(ones(L, 2, 3)),
    "Softmax int input": lambda L, d: L.nn.Softmax(dim=0)(L.ones(3, dtype=L.int64)),
    "Softmax2d 2-d input": lambda L, d: L.nn.Softmax2d()(ones(L, 2, 3)),
    "Softmax2d 5-d input": lambda L, d: L.nn.Softmax2d()(ones(L, 1, 2, 3, 4, 5)),
    "LogSoftmax float dim": lambda L, d: L.nn.LogSoftmax(dim=0.5)(ones(L, 3)),
    "LeakyReLU str slope": lambda L, d: L.nn.LeakyReLU("a")(ones(L, 3)),
    "LeakyReLU inplace on leaf": lambda L, d: L.nn.LeakyReLU(inplace=True)(t(L, rg=True)),
    "ReLU inplace on leaf": lambda L, d: L.nn.ReLU(inplace=True)(t(L, rg=True)),
    "ReLU inplace on int ok": lambda L, d: L.nn.ReLU(inplace=True)(L.ones(3, dtype=L.int64)).dtype,
    "ReLU bool input": lambda L, d: L.nn.ReLU()(L.ones(3, dtype=L.bool)),
    "ReLU6 int input ok": lambda L, d: L.nn.ReLU6()(L.ones(3, dtype=L.int64)).dtype,
    "Hardtanh min above max": lambda L, d: L.nn.Hardtanh(2.0, -2.0),
    "Hardtanh equal bounds ok": lambda L, d: L.nn.Hardtanh(1.0, 1.0)(ones(L, 3)).tolist(),
    "Threshold missing value": lambda L, d: L.nn.Threshold(0.5),
    "ELU int input": lambda L, d: L.nn.ELU()(L.ones(3, dtype=L.int64)),
    "CELU zero alpha": lambda L, d: L.nn.CELU(alpha=0.0)(ones(L, 3)),
    "GELU bad approximate": lambda L, d: L.nn.GELU(approximate="fast")(ones(L, 3)),
    "GELU int input": lambda L, d: L.nn.GELU()(L.ones(3, dtype=L.int64)),
    "Sigmoid int input ok": lambda L, d: L.nn.Sigmoid()(L.ones(3, dtype=L.int64)).dtype,
    "Tanh bool input ok": lambda L, d: L.nn.Tanh()(L.ones(3, dtype=L.bool)).dtype,
    "SiLU int input": lambda L, d: L.nn.SiLU()(L.ones(3, dtype=L.int64)),
    "Mish int input": lambda L, d: L.nn.Mish()(L.ones(3, dtype=L.int64)),
    "Softplus int input": lambda L, d: L.nn.Softplus()(L.ones(3, dtype=L.int64)),
    "Hardswish int input": lambda L, d: L.nn.Hardswish()(L.ones(3, dtype=L.int64)),
    "Hardsigmoid int input": lambda L, d: L.nn.Hardsigmoid()(L.ones(3, dtype=L.int64)),
    "Softshrink negative lambda": lambda L, d: L.nn.Softshrink(-1.0)(ones(L, 3)),
    "Hardshrink int input": lambda L, d: L.nn.Hardshrink()(L.ones(3, dtype=L.int64)),
    "PReLU wrong parameter count": lambda L, d: L.nn.PReLU(3)(ones(L, 2, 4)),
    "PReLU zero parameters": lambda L, d: L.nn.PReLU(0)(ones(L, 2, 4)),
    "PReLU int input": lambda L, d: L.nn.PReLU()(L.ones(3, dtype=L.int64)),
    "GLU odd dim": lambda L, d: L.nn.GLU()(ones(L, 2, 3)),
    "GLU bad dim": lambda L, d: L.nn.GLU(dim=2)(ones(L, 2, 4)),
    "GLU 0-d": lambda L, d: L.nn.GLU()(L.tensor(1.0)),
    "RReLU lower above upper": lambda L, d: L.nn.RReLU(0.5, 0.1)(ones(L, 3)),
    "RReLU int input": lambda L, d: L.nn.RReLU()(L.ones(3, dtype=L.int64)),
    "LogSigmoid int input": lambda L, d: L.nn.LogSigmoid()(L.ones(3, dtype=L.int64)),
    "Softsign int input ok": lambda L, d: L.nn.Softsign()(L.ones(3, dtype=L.int64)).dtype,
    "Tanhshrink int input ok": lambda L, d: L.nn.Tanhshrink()(L.ones(3, dtype=L.int64)).dtype,
    "SELU int input": lambda L, d: L.nn.SELU()(L.ones(3, dtype=L.int64)),
})


# nn: embeddings
CASES.update({
    "Embedding padding_idx negative out of range": lambda L, d: L.nn.Embedding(3, 2, padding_idx=-4),
    "Embedding padding_idx negative ok": lambda L, d: L.nn.Embedding(3, 2, padding_idx=-1).padding_idx,
    "Embedding padding_idx float": lambda L, d: L.nn.Embedding(3, 2, padding_idx=1.5),
    "Embedding zero dim ok": lambda L, d: L.nn.Embedding(3, 0)(idx(L, [1])).shape,
    "Embedding negative dim": lambda L, d: L.nn.Embedding(3, -2),
    "Embedding _weight wrong shape": lambda L, d: L.nn.Embedding(3, 2, _weight=ones(L, 2, 2)),
    "Embedding int32 index ok": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([1], dtype=L.int32)).shape,
    "Embedding bool index": lambda L, d: L.nn.Embedding(3, 2)(L.tensor([True])),
    "Embedding list index": lambda L, d: L.nn.Embedding(3, 2)([0, 1]),
    "Embedding 0-d index ok": lambda L, d: L.nn.Embedding(3, 2)(L.tensor(1)).shape,
    "Embedding 2-d index out of range": lambda L, d: L.nn.Embedding(3, 2)(idx(L, [[0, 1], [2, 3]])),
    "Embedding from_pretrained 1-d": lambda L, d: L.nn.Embedding.from_pretrained(ones(L, 3)),
    "Embedding from_pretrained padding out of range": lambda L, d: L.nn.Embedding.from_pretrained(ones(L, 3, 2), padding_idx=5),
    "EmbeddingBag bad mode": lambda L, d: L.nn.EmbeddingBag(3, 2, mode="median"),
    "EmbeddingBag 1-d without offsets": lambda L, d: L.nn.EmbeddingBag(3, 2)(idx(L, [0, 1])),
    "EmbeddingBag 2-d with offsets": lambda L, d: L.nn.EmbeddingBag(3, 2)(idx(L, [[0, 1]]), idx(L, [0])),
    "EmbeddingBag index out of range": lambda L, d: L.nn.EmbeddingBag(3, 2)(idx(L, [[0, 5]])),
    "EmbeddingBag per_sample_weights with max": lambda L, d: L.nn.EmbeddingBag(3, 2, mode="max")(idx(L, [[0, 1]]), per_sample_weights=ones(L, 1, 2)),
    "EmbeddingBag per_sample_weights shape": lambda L, d: L.nn.EmbeddingBag(3, 2, mode="sum")(idx(L, [[0, 1]]), per_sample_weights=ones(L, 1, 3)),
    "F.embedding float weight index ok": lambda L, d: L.nn.functional.embedding(idx(L, [1]), ones(L, 3, 2)).shape,
    "F.embedding 1-d weight": lambda L, d: L.nn.functional.embedding(idx(L, [1]), ones(L, 3)),
    "F.one_hot 0 classes": lambda L, d: L.nn.functional.one_hot(idx(L, [0]), 0),
    "F.one_hot int32": lambda L, d: L.nn.functional.one_hot(L.tensor([0], dtype=L.int32)),
    "F.one_hot empty no classes": lambda L, d: L.nn.functional.one_hot(L.zeros(0, dtype=L.int64)),
})


# nn: recurrent layers and attention (constructors and forwards; only the arguments)
CASES.update({
    "RNN zero hidden": lambda L, d: L.nn.RNN(3, 0),
    "LSTM negative input size": lambda L, d: L.nn.LSTM(-3, 4),
    "GRU float hidden": lambda L, d: L.nn.GRU(3, 4.5),
    "LSTM dropout above one": lambda L, d: L.nn.LSTM(3, 4, dropout=1.5),
    "GRU negative dropout": lambda L, d: L.nn.GRU(3, 4, dropout=-0.1),
    "LSTM proj_size above hidden": lambda L, d: L.nn.LSTM(3, 4, proj_size=5),
    "LSTM negative proj_size": lambda L, d: L.nn.LSTM(3, 4, proj_size=-1),
    "GRU proj_size": lambda L, d: L.nn.GRU(3, 4, proj_size=2),
    "RNN int input": lambda L, d: L.nn.RNN(3, 4)(L.ones(5, 2, 3, dtype=L.int64)),
    "GRU 1-d input": lambda L, d: L.nn.GRU(3, 4)(ones(L, 3)),
    "GRU wrong hidden shape": lambda L, d: L.nn.GRU(3, 4)(ones(L, 5, 2, 3), ones(L, 1, 2, 5)),
    "LSTM hidden not a tuple": lambda L, d: L.nn.LSTM(3, 4)(ones(L, 5, 2, 3), ones(L, 1, 2, 4)),
    "LSTM wrong cell shape": lambda L, d: L.nn.LSTM(3, 4)(ones(L, 5, 2, 3), (ones(L, 1, 2, 4), ones(L, 1, 2, 3))),
    "RNNCell wrong input size": lambda L, d: L.nn.RNNCell(3, 4)(ones(L, 2, 5)),
    "LSTMCell wrong hidden size": lambda L, d: L.nn.LSTMCell(3, 4)(ones(L, 2, 3), (ones(L, 2, 5), ones(L, 2, 4))),
    "GRUCell 3-d input": lambda L, d: L.nn.GRUCell(3, 4)(ones(L, 1, 2, 3)),
    "RNNCell bad nonlinearity": lambda L, d: L.nn.RNNCell(3, 4, nonlinearity="gelu"),
    "MultiheadAttention zero heads": lambda L, d: L.nn.MultiheadAttention(4, 0),
    "MultiheadAttention wrong embed dim": lambda L, d: L.nn.MultiheadAttention(4, 2)(ones(L, 3, 1, 5), ones(L, 3, 1, 5), ones(L, 3, 1, 5)),
    "MultiheadAttention key value length": lambda L, d: L.nn.MultiheadAttention(4, 2)(ones(L, 3, 1, 4), ones(L, 2, 1, 4), ones(L, 3, 1, 4)),
    "MultiheadAttention batch mismatch": lambda L, d: L.nn.MultiheadAttention(4, 2)(ones(L, 3, 1, 4), ones(L, 3, 2, 4), ones(L, 3, 2, 4)),
    "MultiheadAttention mask shape": lambda L, d: L.nn.MultiheadAttention(4, 2)(ones(L, 3, 1, 4), ones(L, 3, 1, 4), ones(L, 3, 1, 4), attn_mask=L.zeros(2, 2)),
    "MultiheadAttention int input": lambda L, d: L.nn.MultiheadAttention(4, 2)(*[L.ones(3, 1, 4, dtype=L.int64)] * 3),
    "TransformerEncoderLayer heads not dividing": lambda L, d: L.nn.TransformerEncoderLayer(6, 4, 8),
    "TransformerEncoderLayer bad activation": lambda L, d: L.nn.TransformerEncoderLayer(4, 2, 8, activation="swish"),
    "TransformerEncoderLayer wrong width": lambda L, d: L.nn.TransformerEncoderLayer(4, 2, 8)(ones(L, 3, 1, 5)),
    "TransformerDecoderLayer memory width": lambda L, d: L.nn.TransformerDecoderLayer(4, 2, 8)(ones(L, 3, 1, 4), ones(L, 3, 1, 6)),
    "Transformer heads not dividing": lambda L, d: L.nn.Transformer(6, 4, 1, 1, 8),
})


# nn: shape modules
CASES.update({
    "PixelShuffle 3-d ok": lambda L, d: L.nn.PixelShuffle(2)(ones(L, 4, 2, 2)).shape,
    "PixelShuffle 2-d": lambda L, d: L.nn.PixelShuffle(2)(ones(L, 4, 2)),
    "PixelShuffle zero factor": lambda L, d: L.nn.PixelShuffle(0)(ones(L, 1, 4, 2, 2)),
    "PixelShuffle negative factor": lambda L, d: L.nn.PixelShuffle(-2)(ones(L, 1, 4, 2, 2)),
    "PixelUnshuffle not divisible": lambda L, d: L.nn.PixelUnshuffle(2)(ones(L, 1, 1, 3, 3)),
    "PixelUnshuffle zero factor": lambda L, d: L.nn.PixelUnshuffle(0)(ones(L, 1, 1, 4, 4)),
    "ChannelShuffle not dividing": lambda L, d: L.nn.ChannelShuffle(2)(ones(L, 1, 3, 2, 2)),
    "ChannelShuffle zero groups": lambda L, d: L.nn.ChannelShuffle(0)(ones(L, 1, 4, 2, 2)),
    "Upsample neither size nor scale": lambda L, d: L.nn.Upsample()(ones(L, 1, 1, 2, 2)),
    "Upsample align_corners with nearest": lambda L, d: L.nn.Upsample(scale_factor=2, align_corners=True),
    "Upsample bilinear on 3-d": lambda L, d: L.nn.Upsample(scale_factor=2, mode="bilinear")(ones(L, 1, 1, 2)),
    "Upsample size tuple too long": lambda L, d: L.nn.Upsample(size=(4, 4, 4))(ones(L, 1, 1, 2, 2)),
    "Upsample zero size": lambda L, d: L.nn.Upsample(size=0)(ones(L, 1, 1, 2, 2)),
    "Upsample 2-d input": lambda L, d: L.nn.Upsample(scale_factor=2)(ones(L, 2, 2)),
    "UpsamplingBilinear2d 3-d input": lambda L, d: L.nn.UpsamplingBilinear2d(scale_factor=2)(ones(L, 1, 2, 2)),
    "F.interpolate trilinear on 4-d": lambda L, d: L.nn.functional.interpolate(ones(L, 1, 1, 2, 2), size=4, mode="trilinear"),
    "F.interpolate scale tuple too long": lambda L, d: L.nn.functional.interpolate(ones(L, 1, 1, 2, 2), scale_factor=(2, 2, 2)),
    "F.interpolate int input": lambda L, d: L.nn.functional.interpolate(L.ones(1, 1, 2, 2, dtype=L.int64), size=4, mode="bilinear"),
    "Fold wrong channels": lambda L, d: L.nn.Fold((3, 3), 2)(ones(L, 1, 5, 4)),
    "Fold wrong blocks": lambda L, d: L.nn.Fold((3, 3), 2)(ones(L, 1, 4, 5)),
    "Fold 4-d input": lambda L, d: L.nn.Fold((3, 3), 2)(ones(L, 1, 4, 4, 1)),
    "Unfold 3-d input ok": lambda L, d: L.nn.Unfold(2)(ones(L, 1, 3, 3)).shape,
    "Unfold 2-d input": lambda L, d: L.nn.Unfold(2)(ones(L, 3, 3)),
    "Unfold zero stride": lambda L, d: L.nn.Unfold(2, stride=0)(ones(L, 1, 1, 3, 3)),
    "Flatten start after end": lambda L, d: L.nn.Flatten(2, 1)(ones(L, 2, 3, 4)),
    "Flatten end out of range": lambda L, d: L.nn.Flatten(0, 5)(ones(L, 2, 3)),
    "Unflatten bad dim": lambda L, d: L.nn.Unflatten(4, (1, 3))(ones(L, 2, 3)),
    "Unflatten two -1": lambda L, d: L.nn.Unflatten(1, (-1, -1))(ones(L, 2, 4)),
    "Unflatten str sizes": lambda L, d: L.nn.Unflatten(1, "ab"),
    "ZeroPad2d odd tuple": lambda L, d: L.nn.ZeroPad2d((1, 1, 1))(ones(L, 1, 2, 2)),
    "ConstantPad1d no value": lambda L, d: L.nn.ConstantPad1d(2),
    "ReflectionPad2d too big": lambda L, d: L.nn.ReflectionPad2d(3)(ones(L, 1, 1, 2, 2)),
    "ReflectionPad1d 1-d input": lambda L, d: L.nn.ReflectionPad1d(1)(ones(L, 4)),
    "ReflectionPad2d 2-d input": lambda L, d: L.nn.ReflectionPad2d(1)(ones(L, 4, 4)),
    "ReplicationPad2d 5-d input": lambda L, d: L.nn.ReplicationPad2d(1)(ones(L, 1, 1, 1, 4, 4)),
    "ReplicationPad1d empty input": lambda L, d: L.nn.ReplicationPad1d(1)(ones(L, 1, 1, 0)),
    "CircularPad2d too big": lambda L, d: L.nn.CircularPad2d(3)(ones(L, 1, 1, 2, 2)),
    "ConstantPad2d negative crop too big": lambda L, d: L.nn.ConstantPad2d(-2, 0.0)(ones(L, 1, 1, 3, 3)),
    "F.pad reflect negative": lambda L, d: L.nn.functional.pad(ones(L, 1, 1, 4), (-1, -1), mode="reflect").shape,
    "F.pad too many amounts": lambda L, d: L.nn.functional.pad(ones(L, 3), (1, 1, 1, 1)),
    "F.pad constant value str": lambda L, d: L.nn.functional.pad(ones(L, 3), (1, 1), value="a"),
    "F.pad replicate 1-d": lambda L, d: L.nn.functional.pad(ones(L, 3), (1, 1), mode="replicate"),
    "CosineSimilarity bad dim": lambda L, d: L.nn.CosineSimilarity(dim=3)(ones(L, 2, 3), ones(L, 2, 3)),
    "CosineSimilarity int inputs": lambda L, d: L.nn.CosineSimilarity()(L.ones(2, 3, dtype=L.int64), L.ones(2, 3, dtype=L.int64)),
    "PairwiseDistance int inputs": lambda L, d: L.nn.PairwiseDistance()(L.ones(2, 3, dtype=L.int64), L.ones(2, 3, dtype=L.int64)),
    "PairwiseDistance 3-d inputs": lambda L, d: L.nn.PairwiseDistance()(ones(L, 2, 3, 4), ones(L, 2, 3, 5)),
})


# ----------------------------------------------------------------------------------------------
# nn: losses, every module with the same bad inputs
def _two(L, a, b, dtype_b=None):
    return ones(L, *a), (L.ones(*b, dtype=dtype_b) if dtype_b is not None else ones(L, *b))


REGRESSION_LOSSES = ["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "SoftMarginLoss", "BCEWithLogitsLoss",
                     "KLDivLoss", "PoissonNLLLoss", "BCELoss", "MultiLabelSoftMarginLoss"]
REGRESSION_BAD = {
    "shapes not broadcasting": lambda L: _two(L, (2, 3), (4, 3)),
    "int input": lambda L: (L.ones(2, 3, dtype=L.int64), ones(L, 2, 3)),
    "float64 target": lambda L: _two(L, (2, 3), (2, 3), L.float64),
    "bool target": lambda L: _two(L, (2, 3), (2, 3), L.bool),
    "target a list": lambda L: (ones(L, 2, 3), [[1.0] * 3] * 2),
    "bad reduction": lambda L: _two(L, (2, 3), (2, 3)),
    "empty mean ok": lambda L: _two(L, (0,), (0,)),
}


def _regression_loss(name, bad):
    def run(L, d):
        x, y = REGRESSION_BAD[bad](L)
        if name in ("BCELoss",) and hasattr(x, "clamp"):
            x = x * 0.5
        kw = {"reduction": "avg"} if bad == "bad reduction" else {}
        return getattr(L.nn, name)(**kw)(x, y).shape
    return run


for _name in REGRESSION_LOSSES:
    for _bad in REGRESSION_BAD:
        CASES[f"{_name} {_bad}"] = _regression_loss(_name, _bad)

CASES.update({
    "CrossEntropyLoss float target wrong shape": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), ones(L, 3, 5)),
    "CrossEntropyLoss float target ok": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), ones(L, 3, 4)).shape,
    "CrossEntropyLoss float 1-d target": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), ones(L, 3)),
    "CrossEntropyLoss int32 target": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), L.tensor([0, 1, 2], dtype=L.int32)),
    "CrossEntropyLoss uint8 target": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), L.tensor([0, 1, 2], dtype=L.uint8)),
    "CrossEntropyLoss bool target": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 2, 4), L.tensor([True, False])),
    "CrossEntropyLoss class out of range": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), idx(L, [0, 9, 1])),
    "CrossEntropyLoss class -1": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), idx(L, [0, -1, 1])),
    "CrossEntropyLoss ignore_index out of range ok": lambda L, d: L.nn.CrossEntropyLoss(ignore_index=9)(ones(L, 3, 4), idx(L, [0, 9, 1])).shape,
    "CrossEntropyLoss 2-d target for 2-d input": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 3, 4), idx(L, [[0], [1], [2]])),
    "CrossEntropyLoss 4-d target shape": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 2, 4, 3, 3), L.zeros(2, 3, 2, dtype=L.int64)),
    "CrossEntropyLoss 4-d class out of range": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 2, 4, 3, 3), L.full((2, 3, 3), 4, dtype=L.int64)),
    "CrossEntropyLoss 1-d input ok": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 4), L.tensor(1)).shape,
    "CrossEntropyLoss 1-d input 1-d target": lambda L, d: L.nn.CrossEntropyLoss()(ones(L, 4), idx(L, [1])),
    "CrossEntropyLoss 0-d input": lambda L, d: L.nn.CrossEntropyLoss()(L.tensor(1.0), L.tensor(0)),
    "CrossEntropyLoss int input": lambda L, d: L.nn.CrossEntropyLoss()(L.ones(3, 4, dtype=L.int64), idx(L, [0, 1, 2])),
    "CrossEntropyLoss weight 2-d": lambda L, d: L.nn.CrossEntropyLoss(weight=ones(L, 2, 2))(ones(L, 3, 4), idx(L, [0, 1, 2])),
    "CrossEntropyLoss weight int": lambda L, d: L.nn.CrossEntropyLoss(weight=L.ones(4, dtype=L.int64))(ones(L, 3, 4), idx(L, [0, 1, 2])),
    "CrossEntropyLoss negative label_smoothing": lambda L, d: L.nn.CrossEntropyLoss(label_smoothing=-0.1)(ones(L, 3, 4), idx(L, [0, 1, 2])),
    "CrossEntropyLoss float target with ignore_index": lambda L, d: L.nn.CrossEntropyLoss(ignore_index=1)(ones(L, 3, 4), ones(L, 3, 4)).shape,
    "CrossEntropyLoss bad reduction": lambda L, d: L.nn.CrossEntropyLoss(reduction="avg")(ones(L, 3, 4), idx(L, [0, 1, 2])),
    "CrossEntropyLoss None reduction": lambda L, d: L.nn.CrossEntropyLoss(reduction=None)(ones(L, 3, 4), idx(L, [0, 1, 2])),
    "NLLLoss 4-d target shape": lambda L, d: L.nn.NLLLoss()(ones(L, 2, 4, 3, 3), L.zeros(2, 3, 3, 1, dtype=L.int64)),
    "NLLLoss 3-d input 1-d target": lambda L, d: L.nn.NLLLoss()(ones(L, 2, 4, 3), idx(L, [0, 1])),
    "NLLLoss weight wrong size": lambda L, d: L.nn.NLLLoss(weight=L.ones(3))(ones(L, 3, 4), idx(L, [0, 1, 2])),
    "NLLLoss int32 target": lambda L, d: L.nn.NLLLoss()(ones(L, 3, 4), L.tensor([0, 1, 2], dtype=L.int32)),
    "NLLLoss negative class": lambda L, d: L.nn.NLLLoss()(ones(L, 3, 4), idx(L, [0, -3, 2])),
    "NLLLoss batch mismatch": lambda L, d: L.nn.NLLLoss()(ones(L, 3, 4), idx(L, [0, 1])),
    "BCELoss input above one": lambda L, d: L.nn.BCELoss()(L.full((3,), 1.5), ones(L, 3)),
    "BCELoss input negative": lambda L, d: L.nn.BCELoss()(L.full((3,), -0.5), ones(L, 3)),
    "BCELoss weight shape": lambda L, d: L.nn.BCELoss(weight=ones(L, 4))(L.full((3,), 0.5), ones(L, 3)),
    "BCEWithLogitsLoss pos_weight shape": lambda L, d: L.nn.BCEWithLogitsLoss(pos_weight=ones(L, 4))(ones(L, 2, 3), ones(L, 2, 3)),
    "BCEWithLogitsLoss weight shape": lambda L, d: L.nn.BCEWithLogitsLoss(weight=ones(L, 4))(ones(L, 2, 3), ones(L, 2, 3)),
    "KLDivLoss bad reduction batchmean ok": lambda L, d: L.nn.KLDivLoss(reduction="batchmean")(ones(L, 2, 3), ones(L, 2, 3)).shape,
    "GaussianNLLLoss negative var": lambda L, d: L.nn.GaussianNLLLoss()(ones(L, 2, 3), ones(L, 2, 3), -ones(L, 2, 3)),
    "GaussianNLLLoss var shape": lambda L, d: L.nn.GaussianNLLLoss()(ones(L, 2, 3), ones(L, 2, 3), ones(L, 2, 2)),
    "GaussianNLLLoss bad reduction": lambda L, d: L.nn.GaussianNLLLoss(reduction="avg")(ones(L, 2, 3), ones(L, 2, 3), ones(L, 2, 3)),
    "MarginRankingLoss shapes": lambda L, d: L.nn.MarginRankingLoss()(ones(L, 3), ones(L, 3), ones(L, 4)),
    "HingeEmbeddingLoss shapes": lambda L, d: L.nn.HingeEmbeddingLoss()(ones(L, 3), ones(L, 4)),
    "CosineEmbeddingLoss 3-d": lambda L, d: L.nn.CosineEmbeddingLoss()(ones(L, 1, 2, 3), ones(L, 1, 2, 3), ones(L, 1)),
    "CosineEmbeddingLoss target size": lambda L, d: L.nn.CosineEmbeddingLoss()(ones(L, 2, 3), ones(L, 2, 3), ones(L, 3)),
    "MultiMarginLoss p three": lambda L, d: L.nn.MultiMarginLoss(p=3)(ones(L, 2, 3), idx(L, [0, 1])),
    "MultiMarginLoss class out of range": lambda L, d: L.nn.MultiMarginLoss()(ones(L, 2, 3), idx(L, [0, 5])),
    "MultiMarginLoss float target": lambda L, d: L.nn.MultiMarginLoss()(ones(L, 2, 3), ones(L, 2)),
    "MultiLabelMarginLoss target shape": lambda L, d: L.nn.MultiLabelMarginLoss()(ones(L, 2, 3), L.zeros(2, 4, dtype=L.int64)),
    "TripletMarginLoss negative shape": lambda L, d: L.nn.TripletMarginLoss()(ones(L, 2, 3), ones(L, 2, 3), ones(L, 2, 4)),
    "TripletMarginLoss zero p ok": lambda L, d: L.nn.TripletMarginLoss(p=0)(ones(L, 2, 3), ones(L, 2, 3), ones(L, 2, 3)).shape,
    "TripletMarginWithDistanceLoss negative margin": lambda L, d: L.nn.TripletMarginWithDistanceLoss(margin=-1.0),
    "CTCLoss blank out of range": lambda L, d: L.nn.CTCLoss(blank=5)(ones(L, 5, 1, 3).log_softmax(2), idx(L, [[1, 1]]), idx(L, [5]), idx(L, [2])),
    "CTCLoss 2-d log_probs ok": lambda L, d: L.nn.CTCLoss()(ones(L, 5, 3).log_softmax(1), idx(L, [1, 1]), idx(L, [5]), idx(L, [2])).shape,
    "AdaptiveLogSoftmaxWithLoss cutoffs unsorted": lambda L, d: L.nn.AdaptiveLogSoftmaxWithLoss(4, 10, [5, 2]),
    "AdaptiveLogSoftmaxWithLoss cutoff too big": lambda L, d: L.nn.AdaptiveLogSoftmaxWithLoss(4, 10, [2, 10]),
    "F.cross_entropy target on other dim": lambda L, d: L.nn.functional.cross_entropy(ones(L, 3, 4), idx(L, [0, 1, 2, 3])),
    "F.binary_cross_entropy weight shape": lambda L, d: L.nn.functional.binary_cross_entropy(L.full((3,), 0.5), ones(L, 3), weight=ones(L, 2)),
    "F.smooth_l1_loss negative beta": lambda L, d: L.nn.functional.smooth_l1_loss(ones(L, 3), ones(L, 3), beta=-1.0),
    "F.mse_loss size_average and reduce ok": lambda L, d: L.nn.functional.mse_loss(ones(L, 3), ones(L, 3), reduce=False).shape,
    "F.poisson_nll_loss bad reduction": lambda L, d: L.nn.functional.poisson_nll_loss(ones(L, 3), ones(L, 3), reduction="x"),
})


# ----------------------------------------------------------------------------------------------
# nn: containers, names, state dicts
class _Named:
    """Builds a small module per library for the container cases."""


def seq(L):
    return L.nn.Sequential(L.nn.Linear(2, 2), L.nn.ReLU())


def _del_seq(L, i):
    s = seq(L)
    del s[i]
    return len(s)


def _set_seq(L, i, v):
    s = seq(L)
    s[i] = v(L) if callable(v) else v
    return len(s)


CASES.update({
    "Sequential index negative out of range": lambda L, d: seq(L)[-3],
    "Sequential index negative ok": lambda L, d: type(seq(L)[-1]).__name__,
    "Sequential index float": lambda L, d: seq(L)[1.0],
    "Sequential index str": lambda L, d: seq(L)["0"],
    "Sequential slice out of range ok": lambda L, d: len(seq(L)[1:9]),
    "Sequential del out of range": lambda L, d: _del_seq(L, 5),
    "Sequential set out of range": lambda L, d: _set_seq(L, 5, lambda L: L.nn.ReLU()),
    "Sequential set non-module": lambda L, d: _set_seq(L, 0, 3),
    "Sequential append non-module": lambda L, d: seq(L).append(3),
    "Sequential insert non-module": lambda L, d: seq(L).insert(0, "relu"),
    "Sequential insert out of range": lambda L, d: seq(L).insert(9, L.nn.ReLU()),
    "Sequential extend with non-modules": lambda L, d: seq(L).extend([3]),
    "Sequential OrderedDict of non-modules": lambda L, d: L.nn.Sequential(__import__("collections").OrderedDict(a=3)),
    "Sequential two args to forward": lambda L, d: seq(L)(ones(L, 2), ones(L, 2)),
    "Sequential empty forward ok": lambda L, d: L.nn.Sequential()(ones(L, 2)).shape,
    "Sequential wrong width chain": lambda L, d: L.nn.Sequential(L.nn.Linear(2, 3), L.nn.Linear(2, 2))(ones(L, 1, 2)),
    "ModuleList index float": lambda L, d: L.nn.ModuleList([L.nn.ReLU()])[0.0],
    "ModuleList negative out of range": lambda L, d: L.nn.ModuleList([L.nn.ReLU()])[-2],
    "ModuleList append non-module": lambda L, d: L.nn.ModuleList().append(3),
    "ModuleList extend non-iterable": lambda L, d: L.nn.ModuleList().extend(L.nn.ReLU()),
    "ModuleList extend with non-modules": lambda L, d: L.nn.ModuleList().extend([1, 2]),
    "ModuleList insert non-module": lambda L, d: L.nn.ModuleList().insert(0, 3),
    "ModuleList setitem out of range": lambda L, d: L.nn.ModuleList([L.nn.ReLU()]).__setitem__(3, L.nn.ReLU()),
    "ModuleList forward": lambda L, d: L.nn.ModuleList([L.nn.ReLU()])(ones(L, 2)),
    "ModuleList of a module": lambda L, d: L.nn.ModuleList(L.nn.ReLU()),
    "ModuleList plus a list": lambda L, d: L.nn.ModuleList([L.nn.ReLU()]) + [L.nn.ReLU()],
    "ModuleDict non-str key": lambda L, d: L.nn.ModuleDict({1: L.nn.ReLU()}),
    "ModuleDict non-module value": lambda L, d: L.nn.ModuleDict({"a": 3}),
    "ModuleDict dotted key": lambda L, d: L.nn.ModuleDict({"a.b": L.nn.ReLU()}),
    "ModuleDict update with non-pairs": lambda L, d: L.nn.ModuleDict().update([L.nn.ReLU()]),
    "ModuleDict update non-iterable": lambda L, d: L.nn.ModuleDict().update(3),
    "ModuleDict pop missing": lambda L, d: L.nn.ModuleDict().pop("a"),
    "ModuleDict forward": lambda L, d: L.nn.ModuleDict({"a": L.nn.ReLU()})(ones(L, 2)),
    "ParameterList append tensor ok": lambda L, d: type(_plist(L)[0]).__name__,
    "ParameterList append int ok": lambda L, d: L.nn.ParameterList([3])[0],
    "ParameterList negative out of range": lambda L, d: L.nn.ParameterList([L.nn.Parameter(ones(L, 1))])[-2],
    "ParameterList float index": lambda L, d: L.nn.ParameterList([L.nn.Parameter(ones(L, 1))])[0.5],
    "ParameterList forward": lambda L, d: L.nn.ParameterList([L.nn.Parameter(ones(L, 1))])(ones(L, 1)),
    "ParameterDict missing key": lambda L, d: L.nn.ParameterDict({"a": L.nn.Parameter(ones(L, 1))})["b"],
    "ParameterDict non-str key": lambda L, d: L.nn.ParameterDict({1: L.nn.Parameter(ones(L, 1))}),
    "ParameterDict update non-iterable": lambda L, d: L.nn.ParameterDict().update(3),
    "ParameterDict update with non-pairs": lambda L, d: L.nn.ParameterDict().update([ones(L, 1)]),
    "ParameterDict pop missing": lambda L, d: L.nn.ParameterDict().pop("a"),
    "ParameterDict forward": lambda L, d: L.nn.ParameterDict()(ones(L, 1)),
    "Parameter of ndarray": lambda L, d: L.nn.Parameter(np.ones(2)),
    "Parameter of None ok": lambda L, d: L.nn.Parameter(None).shape,
    "Parameter of int tensor no grad ok": lambda L, d: L.nn.Parameter(L.ones(2, dtype=L.int64), requires_grad=False).dtype,
    "Parameter of bool tensor": lambda L, d: L.nn.Parameter(L.ones(2, dtype=L.bool)),
    "register_buffer name exists as attribute": lambda L, d: L.nn.Linear(2, 2).register_buffer("weight", ones(L, 1)),
    "register_buffer non-str name": lambda L, d: L.nn.Module().register_buffer(3, ones(L, 1)),
    "register_buffer None ok": lambda L, d: L.nn.Module().register_buffer("b", None),
    "register_buffer before init": lambda L, d: _before_init(L, lambda m: m.register_buffer("b", L.ones(1))),
    "register_parameter name exists": lambda L, d: L.nn.Linear(2, 2).register_parameter("training", L.nn.Parameter(ones(L, 1))),
    "register_parameter dotted name": lambda L, d: L.nn.Module().register_parameter("a.b", L.nn.Parameter(ones(L, 1))),
    "register_parameter empty name": lambda L, d: L.nn.Module().register_parameter("", L.nn.Parameter(ones(L, 1))),
    "register_parameter non-str name": lambda L, d: L.nn.Module().register_parameter(1, L.nn.Parameter(ones(L, 1))),
    "register_parameter non-leaf": lambda L, d: L.nn.Module().register_parameter("w", L.nn.Parameter(ones(L, 1)) * 2),
    "register_parameter None ok": lambda L, d: L.nn.Module().register_parameter("w", None),
    "register_parameter before init": lambda L, d: _before_init(L, lambda m: m.register_parameter("w", None)),
    "add_module non-str name": lambda L, d: L.nn.Module().add_module(3, L.nn.ReLU()),
    "add_module non-module": lambda L, d: L.nn.Module().add_module("a", 3),
    "add_module empty name": lambda L, d: L.nn.Module().add_module("", L.nn.ReLU()),
    "add_module name exists as attribute": lambda L, d: L.nn.Linear(2, 2).add_module("in_features", L.nn.ReLU()),
    "add_module None ok": lambda L, d: L.nn.Module().add_module("a", None),
    "register_module dotted name": lambda L, d: L.nn.Module().register_module("a.b", L.nn.ReLU()),
    "assign module before init": lambda L, d: _before_init(L, lambda m: setattr(m, "a", L.nn.ReLU())),
    "assign parameter before init": lambda L, d: _before_init(L, lambda m: setattr(m, "w", L.nn.Parameter(ones(L, 1)))),
    "assign tensor to a module attribute": lambda L, d: setattr(seq(L), "0", ones(L, 1)),
    "assign int to a parameter attribute": lambda L, d: setattr(L.nn.Linear(2, 2), "bias", 3),
    "assign None to a parameter attribute ok": lambda L, d: setattr(L.nn.Linear(2, 2), "bias", None),
    "get_submodule through a non-module": lambda L, d: L.nn.Linear(2, 2).get_submodule("weight"),
    "get_submodule deep missing": lambda L, d: L.nn.Sequential(seq(L)).get_submodule("0.5"),
    "get_buffer missing": lambda L, d: L.nn.BatchNorm1d(2).get_buffer("foo"),
    "get_buffer of a parameter": lambda L, d: L.nn.BatchNorm1d(2).get_buffer("weight"),
    "get_parameter of a buffer": lambda L, d: L.nn.BatchNorm1d(2).get_parameter("running_mean"),
    "get_parameter through missing module": lambda L, d: seq(L).get_parameter("5.weight"),
    "Module forward not implemented": lambda L, d: L.nn.Module()(ones(L, 1)),
    "Module call with an unexpected keyword": lambda L, d: L.nn.Linear(2, 2)(ones(L, 2), foo=1),
    "Module call without input": lambda L, d: L.nn.Linear(2, 2)(),
    "Module delattr missing": lambda L, d: delattr(L.nn.Linear(2, 2), "foo"),
    "Module to int": lambda L, d: L.nn.Linear(2, 2).to(3),
    "Module to int dtype": lambda L, d: L.nn.Linear(2, 2).to(L.int64),
    "Module to str dtype": lambda L, d: L.nn.Linear(2, 2).to("float64"),
    "Module type bad": lambda L, d: L.nn.Linear(2, 2).type("x"),
    "Module register_forward_hook non-callable ok": lambda L, d: type(L.nn.Linear(2, 2).register_forward_hook(3)).__name__,
    "Module forward hook raising": lambda L, d: _hooked(L),
    "Module named_modules memo of wrong type": lambda L, d: list(seq(L).named_modules(memo=3)),
    "Module children call with arg": lambda L, d: seq(L).children(3),
    "Module parameters recurse str ok": lambda L, d: len(list(seq(L).parameters("no"))),
    "Module eval with arg": lambda L, d: seq(L).eval(True),
    "Module train with int ok": lambda L, d: seq(L).train(0).training,
    "Module half of ints ok": lambda L, d: L.nn.Linear(2, 2).half().weight.dtype,
})


def _plist(L):
    pl = L.nn.ParameterList()
    pl.append(ones(L, 2))
    return pl


def _before_init(L, act):
    class NoInit(L.nn.Module):
        def __init__(self):
            act(self)
    return NoInit()


def _hooked(L):
    m = L.nn.Linear(2, 2)

    def hook(mod, inp, out):
        raise KeyError("hook")
    m.register_forward_hook(hook)
    return m(ones(L, 1, 2))


STATE_MODULES = {
    "Conv2d": lambda L: L.nn.Conv2d(2, 3, 3),
    "BatchNorm1d": lambda L: L.nn.BatchNorm1d(3),
    "Embedding": lambda L: L.nn.Embedding(4, 2),
    "LayerNorm": lambda L: L.nn.LayerNorm(3),
    "Sequential": lambda L: L.nn.Sequential(L.nn.Linear(2, 3), L.nn.ReLU(), L.nn.Linear(3, 1)),
    "GroupNorm": lambda L: L.nn.GroupNorm(1, 3),
}
STATE_EDITS = {
    "strict missing key": (True, lambda L, sd: sd.pop(next(iter(sd)))),
    "strict unexpected key": (True, lambda L, sd: sd.__setitem__("nope", ones(L, 1))),
    "strict wrong shape": (True, lambda L, sd: sd.__setitem__(next(iter(sd)), ones(L, 7, 7))),
    "non-strict wrong shape": (False, lambda L, sd: sd.__setitem__(next(iter(sd)), ones(L, 7, 7))),
    "non-strict missing and unexpected ok": (False, lambda L, sd: sd.__setitem__("nope", sd.pop(next(iter(sd))))),
    "strict 0-d for a vector": (True, lambda L, sd: sd.__setitem__(next(iter(sd)), L.tensor(1.0))),
    "strict float64 values ok": (True, lambda L, sd: [sd.__setitem__(k, v.double()) for k, v in list(sd.items())]),
    "strict ndarray value": (True, lambda L, sd: sd.__setitem__(next(iter(sd)), np.ones(3))),
    "strict prefixed keys": (True, lambda L, sd: [sd.__setitem__("model." + k, sd.pop(k)) for k in list(sd)]),
    "strict empty": (True, lambda L, sd: sd.clear()),
}


def _state(module, edit):
    strict, change = STATE_EDITS[edit]

    def run(L, d):
        src, dst = STATE_MODULES[module](L), STATE_MODULES[module](L)
        sd = {k: v.detach().clone() for k, v in src.state_dict().items()}
        change(L, sd)
        result = dst.load_state_dict(sd, strict=strict)
        return sorted(result.missing_keys), sorted(result.unexpected_keys)
    return run


for _module in STATE_MODULES:
    for _edit in STATE_EDITS:
        CASES[f"{_module} load_state_dict {_edit}"] = _state(_module, _edit)

CASES.update({
    "load_state_dict strict str": lambda L, d: L.nn.Linear(2, 2).load_state_dict(L.nn.Linear(2, 2).state_dict(), strict="yes"),
    "load_state_dict assign ok": lambda L, d: L.nn.Linear(2, 2).load_state_dict(L.nn.Linear(2, 2).state_dict(), assign=True),
    "load_state_dict of a module": lambda L, d: L.nn.Linear(2, 2).load_state_dict(L.nn.Linear(2, 2)),
    "load_state_dict into a parameter requiring grad from a graph": lambda L, d: L.nn.Linear(2, 1).load_state_dict(
        {"weight": t(L, (1, 2), rg=True) * 2, "bias": ones(L, 1)}),
    "load_state_dict int64 into a float buffer ok": lambda L, d: L.nn.BatchNorm1d(2).load_state_dict(
        {**L.nn.BatchNorm1d(2).state_dict(), "running_mean": L.ones(2, dtype=L.int64)}),
    "load_state_dict num_batches_tracked float ok": lambda L, d: L.nn.BatchNorm1d(2).load_state_dict(
        {**L.nn.BatchNorm1d(2).state_dict(), "num_batches_tracked": L.tensor(1.5)}),
})


# ----------------------------------------------------------------------------------------------
# optim: every optimizer with the same bad arguments
OPTIMIZERS = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Adagrad", "Adadelta", "RMSprop", "Rprop", "ASGD"]


def p(L, shape=(2, 3)):
    return t(L, shape, rg=True)


def _opt(name, L, params=None, **kw):
    kw.setdefault("lr", 0.1)
    return getattr(L.optim, name)([p(L)] if params is None else params, **kw)


OPT_BAD = {
    "lr negative": lambda L, n: _opt(n, L, lr=-0.1),
    "nan lr": lambda L, n: _opt(n, L, lr=float("nan")),
    "lr a str": lambda L, n: _opt(n, L, lr="fast"),
    "tensor lr ok": lambda L, n: _opt(n, L, lr=L.tensor(0.1)),
    "negative weight_decay": lambda L, n: _opt(n, L, weight_decay=-1.0),
    "params empty": lambda L, n: _opt(n, L, params=[]),
    "generator of no params": lambda L, n: _opt(n, L, params=(x for x in [])),
    "a tensor as params": lambda L, n: _opt(n, L, params=p(L)),
    "a dict as params": lambda L, n: _opt(n, L, params={"params": [p(L)]}),
    "non-leaf param": lambda L, n: _opt(n, L, params=[p(L) * 2]),
    "param not requiring grad ok": lambda L, n: _opt(n, L, params=[t(L)]),
    "int param": lambda L, n: _opt(n, L, params=[L.ones(2, dtype=L.int64)]),
    "same param twice in a group ok": lambda L, n: (lambda x: _opt(n, L, params=[x, x]))(p(L)),
    "same param in two groups": lambda L, n: (lambda x: _opt(n, L, params=[{"params": [x]}, {"params": [x]}]))(p(L)),
    "group without params": lambda L, n: _opt(n, L, params=[{"lr": 0.1}]),
    "group with a None param": lambda L, n: _opt(n, L, params=[{"params": [None]}]),
    "unknown keyword": lambda L, n: _opt(n, L, learning_rate=0.1),
    "load another optimizer's state then step": lambda L, n: _load_other(L, n),
    "load state of fewer groups": lambda L, n: _load_groups(L, n),
    "load state of a different group size": lambda L, n: _load_sizes(L, n),
    "load state without param_groups": lambda L, n: _opt(n, L).load_state_dict({"state": {}}),
    "add_param_group with a tensor": lambda L, n: _opt(n, L).add_param_group(p(L)),
    "add_param_group with a set": lambda L, n: _opt(n, L).add_param_group({"params": {p(L)}}),
    "add_param_group duplicate across groups": lambda L, n: (lambda x: _opt(n, L, params=[x]).add_param_group({"params": x}))(p(L)),
    "step with a grad of the wrong shape": lambda L, n: _wrong_grad_step(L, n),
    "step closure returning str ok": lambda L, n: _opt(n, L).step(lambda: "loss"),
    "zero_grad with str ok": lambda L, n: _opt(n, L).zero_grad("no"),
}


def _load_other(L, name):
    other = "Adam" if name != "Adam" else "SGD"
    x = p(L)
    src = _opt(other, L, params=[x])
    x.grad = L.ones_like(x)
    src.step()
    y = p(L)
    dst = _opt(name, L, params=[y])
    dst.load_state_dict(src.state_dict())
    y.grad = L.ones_like(y)
    dst.step()
    return sorted(dst.state_dict()["param_groups"][0])


def _load_groups(L, name):
    sd = _opt(name, L, params=[{"params": [p(L)]}, {"params": [p(L)]}]).state_dict()
    return _opt(name, L).load_state_dict(sd)


def _load_sizes(L, name):
    sd = _opt(name, L, params=[p(L), p(L)]).state_dict()
    return _opt(name, L).load_state_dict(sd)


def _wrong_grad_step(L, name):
    x = p(L)
    o = _opt(name, L, params=[x])
    x.grad = ones(L, 3)
    o.step()


for _name in OPTIMIZERS:
    for _bad, _fn in OPT_BAD.items():
        CASES[f"{_name} {_bad}"] = (lambda f, n: lambda L, d: f(L, n))(_fn, _name)

CASES.update({
    "Adam beta1 negative": lambda L, d: _opt("Adam", L, betas=(-0.1, 0.9)),
    "Adam beta2 one": lambda L, d: _opt("Adam", L, betas=(0.9, 1.0)),
    "Adam betas of three": lambda L, d: _opt("Adam", L, betas=(0.9, 0.99, 0.999)),
    "Adam betas str": lambda L, d: _opt("Adam", L, betas="ab"),
    "Adam beta tensor ok": lambda L, d: _opt("Adam", L, betas=(L.tensor(0.9), L.tensor(0.99))).defaults["eps"],
    "Adam amsgrad str ok": lambda L, d: _opt("Adam", L, amsgrad="yes").defaults["amsgrad"],
    "Adam eps zero ok": lambda L, d: _opt("Adam", L, eps=0.0).defaults["eps"],
    "AdamW beta1 above one": lambda L, d: _opt("AdamW", L, betas=(1.5, 0.9)),
    "AdamW negative eps": lambda L, d: _opt("AdamW", L, eps=-1.0),
    "Adamax beta2 above one": lambda L, d: _opt("Adamax", L, betas=(0.9, 1.5)),
    "Adamax negative eps": lambda L, d: _opt("Adamax", L, eps=-1.0),
    "NAdam negative momentum_decay": lambda L, d: _opt("NAdam", L, momentum_decay=-1.0),
    "NAdam beta1 one": lambda L, d: _opt("NAdam", L, betas=(1.0, 0.9)),
    "NAdam negative eps": lambda L, d: _opt("NAdam", L, eps=-1.0),
    "RAdam beta2 negative": lambda L, d: _opt("RAdam", L, betas=(0.9, -0.5)),
    "RAdam negative eps": lambda L, d: _opt("RAdam", L, eps=-1.0),
    "SGD momentum above one ok": lambda L, d: _opt("SGD", L, momentum=1.5).defaults["momentum"],
    "SGD nesterov with dampening": lambda L, d: _opt("SGD", L, momentum=0.9, nesterov=True, dampening=0.5),
    "SGD negative dampening ok": lambda L, d: _opt("SGD", L, momentum=0.9, dampening=-1).defaults["dampening"],
    "SGD nesterov in a group without momentum ok": lambda L, d: _opt("SGD", L, params=[{"params": [p(L)], "nesterov": True}]),
    "SGD lr missing": lambda L, d: L.optim.SGD([p(L)]).defaults["lr"],
    "SGD group with a negative lr ok": lambda L, d: _opt("SGD", L, params=[{"params": [p(L)], "lr": -1}]).param_groups[0]["lr"],
    "Adagrad negative initial accumulator": lambda L, d: _opt("Adagrad", L, initial_accumulator_value=-1.0),
    "Adagrad negative eps": lambda L, d: _opt("Adagrad", L, eps=-1.0),
    "Adadelta rho above one": lambda L, d: _opt("Adadelta", L, rho=1.5),
    "Adadelta negative rho": lambda L, d: _opt("Adadelta", L, rho=-0.5),
    "Adadelta negative eps": lambda L, d: _opt("Adadelta", L, eps=-1.0),
    "RMSprop negative eps": lambda L, d: _opt("RMSprop", L, eps=-1.0),
    "RMSprop negative momentum": lambda L, d: _opt("RMSprop", L, momentum=-0.1),
    "Rprop etas reversed": lambda L, d: _opt("Rprop", L, etas=(1.2, 0.5)),
    "Rprop eta minus negative": lambda L, d: _opt("Rprop", L, etas=(-0.5, 1.2)),
    "Rprop step sizes of one": lambda L, d: _opt("Rprop", L, step_sizes=(1e-6,)),
    "ASGD negative lambd ok": lambda L, d: _opt("ASGD", L, lambd=-1.0).defaults["lambd"],
    "Adafactor negative lr": lambda L, d: _opt("Adafactor", L, lr=-0.1),
    "Adafactor positive beta2_decay": lambda L, d: _opt("Adafactor", L, beta2_decay=0.5),
    "Adafactor eps of one": lambda L, d: _opt("Adafactor", L, eps=(1e-3,)),
    "LBFGS two groups": lambda L, d: L.optim.LBFGS([{"params": [p(L)]}, {"params": [p(L)]}]),
    "LBFGS step without closure": lambda L, d: L.optim.LBFGS([p(L)]).step(),
    "LBFGS bad line search": lambda L, d: _lbfgs_step(L, line_search_fn="wolfe"),
    "Optimizer base without defaults": lambda L, d: L.optim.Optimizer([p(L)]),
    "Optimizer base with defaults ok": lambda L, d: len(L.optim.Optimizer([p(L)], {}).param_groups),
    "Optimizer base step": lambda L, d: L.optim.Optimizer([p(L)], {}).step(),
    "optimizer state_dict of groups changed ok": lambda L, d: _opt("SGD", L).state_dict()["param_groups"][0]["params"],
})


def _lbfgs_step(L, **kw):
    x = p(L)
    o = L.optim.LBFGS([x], **kw)

    def closure():
        o.zero_grad()
        loss = (x * x).sum()
        loss.backward()
        return loss
    return o.step(closure)


# optim.lr_scheduler: every scheduler given something that is not an optimizer, and bad arguments
SCHEDULERS = {
    "StepLR": dict(step_size=2), "MultiStepLR": dict(milestones=[1, 2]), "ExponentialLR": dict(gamma=0.5),
    "ConstantLR": dict(), "LinearLR": dict(), "PolynomialLR": dict(), "CosineAnnealingLR": dict(T_max=3),
    "CosineAnnealingWarmRestarts": dict(T_0=2), "LambdaLR": dict(lr_lambda=lambda e: 1.0),
    "MultiplicativeLR": dict(lr_lambda=lambda e: 1.0), "OneCycleLR": dict(max_lr=1.0, total_steps=4),
    "CyclicLR": dict(base_lr=0.1, max_lr=1.0), "ReduceLROnPlateau": dict(),
}


def _sched(L, name, opt=None, **kw):
    args = dict(SCHEDULERS[name])
    args.update(kw)
    return getattr(L.optim.lr_scheduler, name)(_opt("SGD", L, momentum=0.9) if opt is None else opt, **args)


SCHED_BAD = {
    "of a module": lambda L, n: _sched(L, n, opt=L.nn.Linear(2, 2)),
    "of a list of params": lambda L, n: _sched(L, n, opt=[p(L)]),
    "of an int": lambda L, n: _sched(L, n, opt=3),
    "negative last_epoch other than -1": lambda L, n: _sched(L, n, last_epoch=-2) if n != "ReduceLROnPlateau" else _sched(L, n, min_lr=-1),
    "step with a str epoch": lambda L, n: _sched(L, n).step("one") if n != "ReduceLROnPlateau" else _sched(L, n).step("x"),
    "load_state_dict of None": lambda L, n: _sched(L, n).load_state_dict(None),
    "get_last_lr ok": lambda L, n: _sched(L, n).get_last_lr() if n != "ReduceLROnPlateau" else _sched(L, n).get_last_lr(),
}

for _name in SCHEDULERS:
    for _bad, _fn in SCHED_BAD.items():
        CASES[f"{_name} {_bad}"] = (lambda f, n: lambda L, d: f(L, n))(_fn, _name)


def _steps(scheduler, n):
    for _ in range(n):
        scheduler.optimizer.step()
        scheduler.step()
    return scheduler.get_last_lr()


def _two_optimizers_sequential(L):
    a, b = _opt("SGD", L), _opt("SGD", L)
    s1, s2 = L.optim.lr_scheduler.StepLR(a, 2), L.optim.lr_scheduler.StepLR(b, 2)
    return L.optim.lr_scheduler.SequentialLR(a, [s1, s2], milestones=[1])


def _two_optimizers_chained(L):
    a, b = _opt("SGD", L), _opt("SGD", L)
    return L.optim.lr_scheduler.ChainedScheduler([L.optim.lr_scheduler.StepLR(a, 2), L.optim.lr_scheduler.StepLR(b, 2)])


CASES.update({
    "StepLR zero step_size": lambda L, d: _steps(_sched(L, "StepLR", step_size=0), 2),
    "StepLR float step_size ok": lambda L, d: _steps(_sched(L, "StepLR", step_size=1.5), 2),
    "MultiStepLR milestones int": lambda L, d: _sched(L, "MultiStepLR", milestones=3),
    "ExponentialLR negative gamma ok": lambda L, d: _steps(_sched(L, "ExponentialLR", gamma=-1.0), 2),
    "ConstantLR factor above one": lambda L, d: _sched(L, "ConstantLR", factor=1.5),
    "ConstantLR negative factor": lambda L, d: _sched(L, "ConstantLR", factor=-0.5),
    "LinearLR end factor above one": lambda L, d: _sched(L, "LinearLR", end_factor=1.5),
    "LinearLR start factor above one": lambda L, d: _sched(L, "LinearLR", start_factor=2.0),
    "LinearLR negative end factor": lambda L, d: _sched(L, "LinearLR", end_factor=-0.1),
    "LinearLR zero total iters": lambda L, d: _steps(_sched(L, "LinearLR", total_iters=0), 2),
    "PolynomialLR zero total iters": lambda L, d: _steps(_sched(L, "PolynomialLR", total_iters=0), 2),
    "CosineAnnealingLR zero T_max": lambda L, d: _steps(_sched(L, "CosineAnnealingLR", T_max=0), 2),
    "CosineAnnealingWarmRestarts float T_0": lambda L, d: _sched(L, "CosineAnnealingWarmRestarts", T_0=2.5),
    "CosineAnnealingWarmRestarts T_mult zero": lambda L, d: _sched(L, "CosineAnnealingWarmRestarts", T_mult=0),
    "CosineAnnealingWarmRestarts T_mult float": lambda L, d: _sched(L, "CosineAnnealingWarmRestarts", T_mult=1.5),
    "CosineAnnealingWarmRestarts negative epoch": lambda L, d: _sched(L, "CosineAnnealingWarmRestarts").step(-1),
    "LambdaLR lambda raising": lambda L, d: _sched(L, "LambdaLR", lr_lambda=lambda e: 1 / 0),
    "LambdaLR lambda returning str": lambda L, d: _sched(L, "LambdaLR", lr_lambda=lambda e: "x"),
    "MultiplicativeLR wrong count": lambda L, d: _sched(L, "MultiplicativeLR", lr_lambda=[lambda e: 1.0] * 2),
    "MultiplicativeLR non-callable": lambda L, d: _sched(L, "MultiplicativeLR", lr_lambda=0.5),
    "OneCycleLR total steps exceeded": lambda L, d: _steps(_sched(L, "OneCycleLR", total_steps=3), 5),
    "OneCycleLR epochs without steps_per_epoch": lambda L, d: _sched(L, "OneCycleLR", total_steps=None, epochs=2),
    "OneCycleLR zero total steps": lambda L, d: _sched(L, "OneCycleLR", total_steps=0),
    "OneCycleLR negative epochs": lambda L, d: _sched(L, "OneCycleLR", total_steps=None, epochs=-1, steps_per_epoch=2),
    "OneCycleLR float total steps": lambda L, d: _sched(L, "OneCycleLR", total_steps=2.5),
    "OneCycleLR pct_start above one": lambda L, d: _sched(L, "OneCycleLR", pct_start=1.5),
    "OneCycleLR bad anneal": lambda L, d: _sched(L, "OneCycleLR", anneal_strategy="exp"),
    "OneCycleLR max_lr list length": lambda L, d: _sched(L, "OneCycleLR", max_lr=[1.0, 2.0]),
    "OneCycleLR without momentum": lambda L, d: _sched(L, "OneCycleLR", opt=_opt("Adagrad", L)),
    "OneCycleLR without momentum no cycling ok": lambda L, d: _sched(L, "OneCycleLR", opt=_opt("Adagrad", L), cycle_momentum=False).get_last_lr(),
    "CyclicLR bad mode": lambda L, d: _sched(L, "CyclicLR", mode="sine"),
    "CyclicLR zero step size": lambda L, d: _steps(_sched(L, "CyclicLR", step_size_up=0), 2),
    "CyclicLR without momentum": lambda L, d: _sched(L, "CyclicLR", opt=_opt("Adagrad", L)),
    "CyclicLR max_lr list length": lambda L, d: _sched(L, "CyclicLR", max_lr=[1.0, 2.0]),
    "CyclicLR scale_fn raising": lambda L, d: _sched(L, "CyclicLR", scale_fn=lambda x: 1 / 0),
    "ReduceLROnPlateau bad threshold mode": lambda L, d: _sched(L, "ReduceLROnPlateau", threshold_mode="percent"),
    "ReduceLROnPlateau factor above one": lambda L, d: _sched(L, "ReduceLROnPlateau", factor=2.0),
    "ReduceLROnPlateau min_lr list length": lambda L, d: _sched(L, "ReduceLROnPlateau", min_lr=[0.1, 0.2]),
    "ReduceLROnPlateau step without metric": lambda L, d: _sched(L, "ReduceLROnPlateau").step(),
    "ReduceLROnPlateau step with a tensor ok": lambda L, d: _sched(L, "ReduceLROnPlateau").step(L.tensor(1.0)),
    "ReduceLROnPlateau step with a non-scalar": lambda L, d: _sched(L, "ReduceLROnPlateau").step(ones(L, 2)),
    "ReduceLROnPlateau step with None": lambda L, d: _sched(L, "ReduceLROnPlateau").step(None),
    "ReduceLROnPlateau negative patience ok": lambda L, d: _sched(L, "ReduceLROnPlateau", patience=-1).step(1.0),
    "ReduceLROnPlateau mode str max ok": lambda L, d: _sched(L, "ReduceLROnPlateau", mode="max").step(1.0),
    "SequentialLR schedulers of two optimizers": lambda L, d: _two_optimizers_sequential(L),
    "SequentialLR empty schedulers": lambda L, d: L.optim.lr_scheduler.SequentialLR(_opt("SGD", L), [], milestones=[]),
    "SequentialLR with ReduceLROnPlateau": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(
        o, [L.optim.lr_scheduler.StepLR(o, 2), L.optim.lr_scheduler.ReduceLROnPlateau(o)], milestones=[1]))(_opt("SGD", L)),
    "SequentialLR non-scheduler": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(
        o, [L.optim.lr_scheduler.StepLR(o, 2), 3], milestones=[1]))(_opt("SGD", L)),
    "SequentialLR scheduler of another optimizer": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(
        o, [L.optim.lr_scheduler.StepLR(_opt("SGD", L), 2)], milestones=[]))(_opt("SGD", L)),
    "ChainedScheduler schedulers of two optimizers": lambda L, d: _two_optimizers_chained(L),
    "ChainedScheduler empty": lambda L, d: L.optim.lr_scheduler.ChainedScheduler([]),
    "ChainedScheduler non-scheduler": lambda L, d: L.optim.lr_scheduler.ChainedScheduler([3]),
    "ChainedScheduler optimizer given differs": lambda L, d: L.optim.lr_scheduler.ChainedScheduler(
        [L.optim.lr_scheduler.StepLR(_opt("SGD", L), 2)], optimizer=_opt("SGD", L)),
    "scheduler load_state_dict of another kind ok": lambda L, d: _sched(L, "StepLR").load_state_dict(_sched(L, "ExponentialLR").state_dict()),
    "swa_utils SWALR negative anneal epochs": lambda L, d: L.optim.swa_utils.SWALR(_opt("SGD", L), swa_lr=0.1, anneal_epochs=-1),
    "swa_utils SWALR bad strategy": lambda L, d: L.optim.swa_utils.SWALR(_opt("SGD", L), swa_lr=0.1, anneal_strategy="exp"),
    "swa_utils SWALR swa_lr list length": lambda L, d: L.optim.swa_utils.SWALR(_opt("SGD", L), swa_lr=[0.1, 0.2]),
    "swa_utils AveragedModel of a non-module": lambda L, d: L.optim.swa_utils.AveragedModel(3).n_averaged,
})


# ----------------------------------------------------------------------------------------------
# utils.data
def ds(L, n=10):
    return L.utils.data.TensorDataset(L.arange(float(n)), L.arange(n))


def loader(L, **kw):
    return L.utils.data.DataLoader(ds(L), **kw)


def drain(it):
    return [b for b in it]


def collate(L, batch):
    return L.utils.data.default_collate(batch)


class _Pairs:
    """A map-style dataset of (index, index squared) pairs, not subclassing Dataset."""
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i, i * i


CASES.update({
    "DataLoader batch_size str": lambda L, d: loader(L, batch_size="2"),
    "DataLoader batch_size bool": lambda L, d: loader(L, batch_size=True).batch_size,
    "DataLoader num_workers str": lambda L, d: loader(L, num_workers="2"),
    "DataLoader num_workers None": lambda L, d: loader(L, num_workers=None),
    "DataLoader shuffle str ok": lambda L, d: len(drain(loader(L, shuffle="yes", batch_size=4))),
    "DataLoader sampler and shuffle False ok": lambda L, d: len(drain(loader(L, sampler=[0, 1], shuffle=False))),
    "DataLoader batch_sampler and sampler given as None ok": lambda L, d: len(drain(loader(L, batch_sampler=[[0, 1]], sampler=None))),
    "DataLoader batch_sampler with batch_size 1 ok": lambda L, d: len(drain(loader(L, batch_sampler=[[0, 1]], batch_size=1))),
    "DataLoader batch_sampler with batch_size None": lambda L, d: len(drain(loader(L, batch_sampler=[[0, 1]], batch_size=None))),
    "DataLoader batch_sampler index out of range": lambda L, d: drain(loader(L, batch_sampler=[[0, 10]])),
    "DataLoader batch_sampler of ints": lambda L, d: drain(loader(L, batch_sampler=[0, 1])),
    "DataLoader sampler yielding str": lambda L, d: drain(loader(L, sampler=["a"])),
    "DataLoader sampler int": lambda L, d: loader(L, sampler=3),
    "DataLoader collate_fn non-callable": lambda L, d: drain(loader(L, collate_fn=3)),
    "DataLoader drop_last keeps nothing ok": lambda L, d: len(drain(loader(L, batch_size=20, drop_last=True))),
    "DataLoader len with drop_last ok": lambda L, d: len(loader(L, batch_size=3, drop_last=True)),
    "DataLoader timeout str": lambda L, d: loader(L, timeout="1"),
    "DataLoader prefetch_factor zero with workers": lambda L, d: loader(L, num_workers=1, prefetch_factor=0),
    "DataLoader prefetch_factor negative with workers": lambda L, d: loader(L, num_workers=1, prefetch_factor=-1),
    "DataLoader generator of the wrong type": lambda L, d: drain(loader(L, shuffle=True, generator=3)),
    "DataLoader multiprocessing_context bad": lambda L, d: loader(L, num_workers=1, multiprocessing_context="thread"),
    "DataLoader multiprocessing_context without workers": lambda L, d: loader(L, multiprocessing_context="spawn"),
    "DataLoader of a dict dataset": lambda L, d: drain(L.utils.data.DataLoader({0: L.ones(2), 1: L.ones(2)}, batch_size=2)),
    "DataLoader of a list of tuples ok": lambda L, d: len(drain(L.utils.data.DataLoader([(1, 2.0), (3, 4.0)], batch_size=2))),
    "DataLoader of a plain map dataset ok": lambda L, d: len(drain(L.utils.data.DataLoader(_Pairs(), batch_size=3))),
    "DataLoader of a generator": lambda L, d: drain(L.utils.data.DataLoader((i for i in range(3)), batch_size=2)),
    "DataLoader of a str": lambda L, d: drain(L.utils.data.DataLoader("abc", batch_size=2)),
    "DataLoader of an iterable dataset with sampler": lambda L, d: L.utils.data.DataLoader(_iterable(L), sampler=[0]),
    "DataLoader of an iterable dataset with batch_sampler": lambda L, d: L.utils.data.DataLoader(_iterable(L), batch_sampler=[[0]]),
    "DataLoader of an iterable dataset len": lambda L, d: len(L.utils.data.DataLoader(_iterable(L), batch_size=2)),
    "DataLoader set batch_size after init": lambda L, d: setattr(loader(L), "batch_size", 3),
    "DataLoader set dataset after init": lambda L, d: setattr(loader(L), "dataset", ds(L)),
    "DataLoader set num_workers after init ok": lambda L, d: setattr(loader(L), "num_workers", 0),
    "DataLoader next without iter": lambda L, d: next(loader(L)),
    "DataLoader iterator exhausted": lambda L, d: _exhaust(L),
    "default_collate mismatched shapes": lambda L, d: collate(L, [ones(L, 2), ones(L, 3)]),
    "default_collate mismatched ranks": lambda L, d: collate(L, [ones(L, 2), ones(L, 2, 1)]),
    "default_collate tensor and int": lambda L, d: collate(L, [ones(L, 2), 3]),
    "default_collate int and tensor": lambda L, d: collate(L, [3, ones(L, 2)]),
    "default_collate None": lambda L, d: collate(L, [None, None]),
    "default_collate object": lambda L, d: collate(L, [object(), object()]),
    "default_collate sets": lambda L, d: collate(L, [{1}, {2}]),
    "default_collate lists of unequal length": lambda L, d: collate(L, [[1, 2], [3]]),
    "default_collate tuples of unequal length": lambda L, d: collate(L, [(1, 2), (3,)]),
    "default_collate dicts with different keys": lambda L, d: collate(L, [{"a": 1}, {"b": 2}]),
    "default_collate dicts with a missing key": lambda L, d: collate(L, [{"a": 1, "b": 2}, {"a": 1}]),
    "default_collate empty batch": lambda L, d: collate(L, []),
    "default_collate not a sequence": lambda L, d: collate(L, 3),
    "default_collate of a tensor": lambda L, d: collate(L, ones(L, 2)).shape,
    "default_collate strings ok": lambda L, d: collate(L, ["a", "b"]),
    "default_collate mixed int float ok": lambda L, d: collate(L, [1, 2.5]).dtype,
    "default_collate float int ok": lambda L, d: collate(L, [2.5, 1]).dtype,
    "default_collate bool ok": lambda L, d: collate(L, [True, False]).dtype,
    "default_collate mixed dtypes ok": lambda L, d: collate(L, [ones(L, 2), L.ones(2, dtype=L.int64)]).dtype,
    "default_collate ndarrays of mismatched shapes": lambda L, d: collate(L, [np.ones(2), np.ones(3)]),
    "default_collate object ndarrays": lambda L, d: collate(L, [np.array(["a"], dtype=object)] * 2),
    "default_collate str ndarrays": lambda L, d: collate(L, [np.array(["a"])] * 2),
    "default_collate numpy scalars ok": lambda L, d: collate(L, [np.float32(1), np.float32(2)]).dtype,
    "default_convert of an object ok": lambda L, d: type(L.utils.data.default_convert(object())).__name__,
    "random_split negative length": lambda L, d: L.utils.data.random_split(ds(L), [-2, 12]),
    "random_split lengths too long": lambda L, d: L.utils.data.random_split(ds(L), [5, 6]),
    "random_split fractions above one": lambda L, d: L.utils.data.random_split(ds(L), [0.7, 0.7]),
    "random_split negative fraction": lambda L, d: L.utils.data.random_split(ds(L), [1.2, -0.2]),
    "random_split fractions under one": lambda L, d: L.utils.data.random_split(ds(L), [0.3, 0.3]),
    "random_split fractions ok": lambda L, d: [len(s) for s in L.utils.data.random_split(ds(L), [0.25, 0.75])],
    "random_split mixed ints and fractions": lambda L, d: L.utils.data.random_split(ds(L), [5, 0.5]),
    "random_split empty lengths": lambda L, d: L.utils.data.random_split(ds(L), []),
    "random_split str lengths": lambda L, d: L.utils.data.random_split(ds(L), ["5", "5"]),
    "random_split generator of the wrong type": lambda L, d: L.utils.data.random_split(ds(L), [5, 5], generator=3),
    "random_split of a list ok": lambda L, d: [len(s) for s in L.utils.data.random_split(list(range(4)), [1, 3])],
    "random_split of an iterable dataset": lambda L, d: L.utils.data.random_split(_iterable(L), [1, 1]),
    "Subset negative out of range": lambda L, d: L.utils.data.Subset(ds(L), [-11])[0],
    "Subset index list out of range": lambda L, d: L.utils.data.Subset(ds(L), [0, 1])[[0, 5]],
    "Subset outer index out of range": lambda L, d: L.utils.data.Subset(ds(L), [0, 1])[2],
    "Subset float indices": lambda L, d: L.utils.data.Subset(ds(L), [1.5])[0],
    "Subset tensor indices ok": lambda L, d: len(L.utils.data.Subset(ds(L), L.tensor([0, 1]))[0]),
    "Subset str index": lambda L, d: L.utils.data.Subset(ds(L), [0])["a"],
    "TensorDataset no tensors ok": lambda L, d: len(L.utils.data.TensorDataset().tensors),
    "TensorDataset 0-d tensor": lambda L, d: L.utils.data.TensorDataset(L.tensor(1.0)),
    "TensorDataset negative out of range": lambda L, d: ds(L)[-11],
    "TensorDataset float index": lambda L, d: ds(L)[1.5],
    "TensorDataset str index": lambda L, d: ds(L)["a"],
    "TensorDataset slice ok": lambda L, d: ds(L)[1:3][0].shape,
    "TensorDataset ndarray": lambda L, d: L.utils.data.TensorDataset(np.ones(3)),
    "TensorDataset three sizes": lambda L, d: L.utils.data.TensorDataset(ones(L, 3), ones(L, 3), ones(L, 2)),
    "ConcatDataset of an iterable dataset": lambda L, d: L.utils.data.ConcatDataset([_iterable(L)]),
    "ConcatDataset negative out of range": lambda L, d: L.utils.data.ConcatDataset([ds(L)])[-11],
    "ConcatDataset negative ok": lambda L, d: L.utils.data.ConcatDataset([ds(L), ds(L)])[-1][1].item(),
    "ConcatDataset of a non-dataset": lambda L, d: L.utils.data.ConcatDataset(3),
    "ConcatDataset float index": lambda L, d: L.utils.data.ConcatDataset([ds(L)])[1.5],
    "StackDataset mismatched lengths": lambda L, d: L.utils.data.StackDataset(ds(L, 3), ds(L, 4)),
    "StackDataset args and kwargs": lambda L, d: L.utils.data.StackDataset(ds(L), b=ds(L)),
    "StackDataset empty": lambda L, d: L.utils.data.StackDataset(),
    "ChainDataset of a map dataset iterates": lambda L, d: drain(L.utils.data.ChainDataset([ds(L, 2)])),
    "ChainDataset len of map dataset": lambda L, d: len(L.utils.data.ChainDataset([ds(L, 2)])),
    "IterableDataset getitem": lambda L, d: _iterable(L)[0],
    "IterableDataset without iter": lambda L, d: iter(L.utils.data.IterableDataset()),
    "Dataset add non-dataset": lambda L, d: ds(L) + 3,
    "Dataset add ok": lambda L, d: len(ds(L) + ds(L)),
    "RandomSampler negative num_samples": lambda L, d: L.utils.data.RandomSampler(range(3), num_samples=-1),
    "RandomSampler float num_samples": lambda L, d: L.utils.data.RandomSampler(range(3), num_samples=1.5),
    "RandomSampler num_samples above len ok": lambda L, d: len(list(L.utils.data.RandomSampler(range(3), num_samples=5))),
    "RandomSampler of an empty dataset": lambda L, d: list(L.utils.data.RandomSampler([])),
    "RandomSampler generator of the wrong type": lambda L, d: list(L.utils.data.RandomSampler(range(3), generator=3)),
    "SequentialSampler of an int": lambda L, d: list(L.utils.data.SequentialSampler(3)),
    "SubsetRandomSampler of an int": lambda L, d: list(L.utils.data.SubsetRandomSampler(3)),
    "SubsetRandomSampler len ok": lambda L, d: len(L.utils.data.SubsetRandomSampler([3, 1])),
    "BatchSampler negative": lambda L, d: L.utils.data.BatchSampler(range(3), -1, False),
    "BatchSampler float": lambda L, d: L.utils.data.BatchSampler(range(3), 1.5, False),
    "BatchSampler bool size": lambda L, d: L.utils.data.BatchSampler(range(3), True, False),
    "BatchSampler of an int": lambda L, d: list(L.utils.data.BatchSampler(3, 2, False)),
    "BatchSampler drop_last int": lambda L, d: L.utils.data.BatchSampler(range(3), 2, 1),
    "WeightedRandomSampler 2-d weights": lambda L, d: L.utils.data.WeightedRandomSampler([[1.0, 1.0]], 2),
    "WeightedRandomSampler all zero": lambda L, d: list(L.utils.data.WeightedRandomSampler([0.0, 0.0], 2)),
    "WeightedRandomSampler float num": lambda L, d: L.utils.data.WeightedRandomSampler([1.0, 1.0], 1.5),
    "WeightedRandomSampler without replacement too many": lambda L, d: list(L.utils.data.WeightedRandomSampler([1.0, 1.0], 3, replacement=False)),
    "WeightedRandomSampler replacement str": lambda L, d: L.utils.data.WeightedRandomSampler([1.0, 1.0], 2, replacement="no"),
    "WeightedRandomSampler of a tensor ok": lambda L, d: len(list(L.utils.data.WeightedRandomSampler(ones(L, 3), 2))),
    "WeightedRandomSampler nan weight": lambda L, d: list(L.utils.data.WeightedRandomSampler([float("nan"), 1.0], 2)),
})


def _iterable(L):
    class Stream(L.utils.data.IterableDataset):
        def __iter__(self):
            return iter(range(4))
    return Stream()


def _exhaust(L):
    it = iter(loader(L, batch_size=10))
    next(it)
    return next(it)


# ----------------------------------------------------------------------------------------------
# tensor creation
CASES.update({
    "tensor of ragged nested list": lambda L, d: L.tensor([[[1, 2], [3, 4]], [[5, 6], [7]]]),
    "tensor of ragged first level": lambda L, d: L.tensor([[1, 2], 3]),
    "tensor of ragged scalar then list": lambda L, d: L.tensor([1, [2, 3]]),
    "tensor of list of str": lambda L, d: L.tensor(["a", "b"]),
    "tensor of numeric str": lambda L, d: L.tensor("1.5"),
    "tensor of mixed number and str": lambda L, d: L.tensor([1, "2"]),
    "tensor of bytes": lambda L, d: L.tensor(b"ab"),
    "tensor of a set": lambda L, d: L.tensor({1, 2}),
    "tensor of a generator": lambda L, d: L.tensor(i for i in range(3)),
    "tensor of range ok": lambda L, d: L.tensor(range(3)).dtype,
    "tensor of an object": lambda L, d: L.tensor(object()),
    "tensor of mixed bool int ok": lambda L, d: L.tensor([True, 2]).dtype,
    "tensor of mixed int float ok": lambda L, d: L.tensor([1, 2.5]).dtype,
    "tensor of mixed int complex ok": lambda L, d: L.tensor([1, 2j]).dtype,
    "tensor of mixed tensor and number": lambda L, d: L.tensor([L.tensor(1.0), 2.0]).shape,
    "tensor of tensors of different shapes": lambda L, d: L.tensor([ones(L, 2), ones(L, 3)]),
    "tensor of 0-d tensors ok": lambda L, d: L.tensor([L.tensor(1.0), L.tensor(2.0)]).shape,
    "tensor of an empty nested list ok": lambda L, d: L.tensor([[], []]).shape,
    "tensor of ragged empty lists": lambda L, d: L.tensor([[], [1]]),
    "tensor int overflow": lambda L, d: L.tensor(2 ** 63),
    "tensor int overflow in list": lambda L, d: L.tensor([1, 2 ** 64]),
    "tensor negative int overflow": lambda L, d: L.tensor([-(2 ** 63) - 1]),
    "tensor int64 min ok": lambda L, d: L.tensor([-(2 ** 63)]).dtype,
    "tensor huge int to float ok": lambda L, d: L.tensor([2 ** 70], dtype=L.float32).dtype,
    "tensor int8 overflow": lambda L, d: L.tensor([300], dtype=L.int8),
    "tensor uint8 negative": lambda L, d: L.tensor([-1], dtype=L.uint8),
    "tensor int32 overflow": lambda L, d: L.tensor([2 ** 40], dtype=L.int32),
    "tensor int16 overflow": lambda L, d: L.tensor(40000, dtype=L.int16),
    "tensor float to int ok": lambda L, d: L.tensor([1.7], dtype=L.int64).tolist(),
    "tensor nan to int": lambda L, d: L.tensor([float("nan")], dtype=L.int64).shape,
    "tensor complex to float": lambda L, d: L.tensor([1j], dtype=L.float32),
    "tensor float overflow to float16 ok": lambda L, d: L.tensor([1e10], dtype=L.float16).tolist(),
    "tensor bad device": lambda L, d: L.tensor([1.0], device="gpu"),
    "tensor requires_grad str": lambda L, d: L.tensor([1.0], requires_grad="yes").requires_grad,
    "tensor requires_grad bool": lambda L, d: L.tensor([True], requires_grad=True),
    "tensor requires_grad complex ok": lambda L, d: L.tensor([1j], requires_grad=True).requires_grad,
    "tensor positional dtype": lambda L, d: L.tensor([1.0], L.float64),
    "as_tensor ragged": lambda L, d: L.as_tensor([[1], [2, 3]]),
    "as_tensor int overflow": lambda L, d: L.as_tensor([2 ** 64]),
    "as_tensor int8 overflow": lambda L, d: L.as_tensor([300], dtype=L.int8),
    "as_tensor bad dtype": lambda L, d: L.as_tensor([1.0], dtype=int),
    "from_numpy str array": lambda L, d: L.from_numpy(np.array(["a"])),
    "from_numpy datetime": lambda L, d: L.from_numpy(np.array(["2020-01-01"], dtype="datetime64[D]")),
    "from_numpy float16 ok": lambda L, d: L.from_numpy(np.ones(2, np.float16)).dtype,
    "from_numpy uint32 ok": lambda L, d: L.from_numpy(np.ones(2, np.uint32)).dtype,
    "from_numpy 0-d ok": lambda L, d: L.from_numpy(np.array(1.0)).shape,
    "from_numpy numpy scalar": lambda L, d: L.from_numpy(np.float64(1.0)),
    "from_numpy tensor": lambda L, d: L.from_numpy(ones(L, 2)),
    "zeros negative in tuple": lambda L, d: L.zeros((2, -3)),
    "zeros size and tuple": lambda L, d: L.zeros(2, (3,)),
    "zeros nested tuple": lambda L, d: L.zeros(((2, 3),)),
    "zeros numpy int ok": lambda L, d: L.zeros(np.int64(3)).shape,
    "zeros 0-d tensor size ok": lambda L, d: L.zeros(L.tensor(3)).shape,
    "zeros 1-d tensor size": lambda L, d: L.zeros(L.tensor([2, 3])).shape,
    "zeros float tensor size": lambda L, d: L.zeros(L.tensor(3.0)),
    "zeros bool size": lambda L, d: L.zeros(True).shape,
    "zeros bad dtype": lambda L, d: L.zeros(2, dtype=float),
    "zeros bad layout str": lambda L, d: L.zeros(2, layout="strided"),
    "ones negative": lambda L, d: L.ones(-2),
    "ones list with negative": lambda L, d: L.ones([2, -2]),
    "empty str size": lambda L, d: L.empty("a"),
    "empty float tuple": lambda L, d: L.empty((2.0, 3)),
    "full negative size": lambda L, d: L.full((-1,), 1.0),
    "full int size": lambda L, d: L.full(3, 1.0),
    "full None value": lambda L, d: L.full((2,), None),
    "full tensor value of many": lambda L, d: L.full((2,), ones(L, 2)),
    "full bool value ok": lambda L, d: L.full((2,), True).dtype,
    "full complex value ok": lambda L, d: L.full((2,), 1j).dtype,
    "full value overflows int8": lambda L, d: L.full((2,), 300, dtype=L.int8),
    "full float value int dtype ok": lambda L, d: L.full((2,), 1.5, dtype=L.int64).tolist(),
    "rand negative": lambda L, d: L.rand(2, -1),
    "rand str": lambda L, d: L.rand("2"),
    "rand bool dtype": lambda L, d: L.rand(2, dtype=L.bool),
    "randn int dtype": lambda L, d: L.randn(2, dtype=L.int64),
    "randn float size": lambda L, d: L.randn(2.0),
    "randint bad dtype": lambda L, d: L.randint(0, 5, (2,), dtype=L.float32).dtype,
    "randint bool dtype": lambda L, d: L.randint(0, 2, (2,), dtype=L.bool).dtype,
    "randint high too big for dtype": lambda L, d: L.randint(0, 300, (2,), dtype=L.int8),
    "randint equal bounds": lambda L, d: L.randint(3, 3, (2,)),
    "randint float bounds ok": lambda L, d: L.randint(0.5, 3.5, (2,)).dtype,
    "randint negative size": lambda L, d: L.randint(0, 3, (-1,)),
    "randperm float dtype ok": lambda L, d: L.randperm(3, dtype=L.float32).dtype,
    "randperm bool dtype": lambda L, d: L.randperm(3, dtype=L.bool),
    "randperm str": lambda L, d: L.randperm("3"),
    "normal negative std": lambda L, d: L.normal(0.0, -1.0, (2,)),
    "normal without size": lambda L, d: L.normal(0.0, 1.0),
    "normal shape mismatch": lambda L, d: L.normal(ones(L, 2), ones(L, 3)),
    "normal int mean": lambda L, d: L.normal(L.ones(2, dtype=L.int64), 1.0),
    "arange step zero float": lambda L, d: L.arange(0.0, 1.0, 0.0),
    "arange negative step increasing": lambda L, d: L.arange(0, 5, -2),
    "arange positive step decreasing": lambda L, d: L.arange(5, 0, 1),
    "arange negative step ok": lambda L, d: L.arange(5, 0, -1).tolist(),
    "arange equal bounds ok": lambda L, d: L.arange(3, 3).shape,
    "arange tensor bound ok": lambda L, d: L.arange(L.tensor(3)).shape,
    "arange tensor of many": lambda L, d: L.arange(ones(L, 2)),
    "arange complex": lambda L, d: L.arange(1j),
    "arange None end": lambda L, d: L.arange(None),
    "arange int dtype float step ok": lambda L, d: L.arange(0, 3, 0.5, dtype=L.int64).tolist(),
    "arange huge": lambda L, d: L.arange(0, 1e20),
    "arange nan step": lambda L, d: L.arange(0, 5, float("nan")),
    "arange inf step": lambda L, d: L.arange(0, 5, float("inf")).tolist(),
    "linspace zero steps ok": lambda L, d: L.linspace(0, 1, 0).shape,
    "linspace one step ok": lambda L, d: L.linspace(0, 1, 1).tolist(),
    "linspace str steps": lambda L, d: L.linspace(0, 1, "3"),
    "linspace None steps": lambda L, d: L.linspace(0, 1, None),
    "linspace tensor of many bounds": lambda L, d: L.linspace(ones(L, 2), 1, 3),
    "linspace nan bounds ok": lambda L, d: L.linspace(0, float("nan"), 3).shape,
    "linspace int dtype ok": lambda L, d: L.linspace(0, 5, 3, dtype=L.int64).tolist(),
    "linspace bool dtype": lambda L, d: L.linspace(0, 1, 3, dtype=L.bool).tolist(),
    "logspace float steps": lambda L, d: L.logspace(0, 1, 2.5),
    "logspace negative base ok": lambda L, d: L.logspace(0, 2, 3, base=-2).tolist(),
    "eye negative columns": lambda L, d: L.eye(2, -1),
    "eye zero ok": lambda L, d: L.eye(0).shape,
    "eye str": lambda L, d: L.eye("2"),
    "eye None columns": lambda L, d: L.eye(2, None).shape,
    "eye tuple": lambda L, d: L.eye((2, 3)),
    "eye bool dtype ok": lambda L, d: L.eye(2, dtype=L.bool).dtype,
    "zeros_like bad dtype": lambda L, d: L.zeros_like(ones(L, 2), dtype=float),
    "ones_like of a number": lambda L, d: L.ones_like(3.0),
    "full_like value str": lambda L, d: L.full_like(ones(L, 2), "a"),
    "full_like tensor value of many": lambda L, d: L.full_like(ones(L, 2), ones(L, 2)),
    "empty_like negative": lambda L, d: L.empty_like(-1),
    "randn_like int": lambda L, d: L.randn_like(L.ones(2, dtype=L.int64)),
    "randint_like float high ok": lambda L, d: L.randint_like(ones(L, 2), 3.5).dtype,
    "tril_indices negative": lambda L, d: L.tril_indices(-1, 3),
    "triu_indices float": lambda L, d: L.triu_indices(2.5, 3),
    "complex of ints": lambda L, d: L.complex(L.ones(2, dtype=L.int64), L.ones(2, dtype=L.int64)),
    "complex of mismatched dtypes": lambda L, d: L.complex(ones(L, 2), L.ones(2, dtype=L.float64)),
    "polar of ints": lambda L, d: L.polar(L.ones(2, dtype=L.int64), L.ones(2, dtype=L.int64)),
    "tensor of a tensor requiring grad ok": lambda L, d: L.tensor(t(L, (2,), rg=True)).requires_grad,
    "scalar_tensor of a list": lambda L, d: L.scalar_tensor([1.0]),
    "scalar_tensor of a str": lambda L, d: L.scalar_tensor("a"),
})


# tensor conversion and views
CASES.update({
    "item of 2x2": lambda L, d: ones(L, 2, 2).item(),
    "item of (1,1) ok": lambda L, d: ones(L, 1, 1).item(),
    "item of (2,1)": lambda L, d: ones(L, 2, 1).item(),
    "item requiring grad ok": lambda L, d: t(L, (1,), rg=True).item(),
    "float of many": lambda L, d: float(ones(L, 2)),
    "float of (1,1) ok": lambda L, d: float(ones(L, 1, 1)),
    "int of float tensor of one ok": lambda L, d: int(L.tensor([2.7])),
    "int of nan": lambda L, d: int(L.tensor(float("nan"))),
    "int of inf": lambda L, d: int(L.tensor(float("inf"))),
    "index of float tensor": lambda L, d: [1, 2, 3][L.tensor(1.0)],
    "index of int tensor ok": lambda L, d: [1, 2, 3][L.tensor(1)],
    "index of int tensor of many": lambda L, d: [1, 2, 3][L.tensor([1, 2])],
    "range of a float tensor": lambda L, d: range(L.tensor(3.0)),
    "complex of many": lambda L, d: complex(ones(L, 2)),
    "bool of empty": lambda L, d: bool(L.ones(0)),
    "bool of requiring grad ok": lambda L, d: bool(t(L, (1,), rg=True)),
    "numpy of a view requiring grad": lambda L, d: t(L, rg=True)[0].numpy(),
    "numpy of a non-leaf": lambda L, d: (t(L, rg=True) * 2).numpy(),
    "numpy force ok": lambda L, d: t(L, rg=True).numpy(force=True).shape,
    "numpy of a detached ok": lambda L, d: t(L, rg=True).detach().numpy().shape,
    "numpy of bfloat16": lambda L, d: ones(L, 2).bfloat16().numpy(),
    "np.asarray of requiring grad": lambda L, d: np.asarray(t(L, rg=True)),
    "np.array of a tensor ok": lambda L, d: np.array(ones(L, 2)).dtype.name,
    "tolist requiring grad ok": lambda L, d: t(L, rg=True).tolist(),
    "view incompatible sizes": lambda L, d: t(L, (2, 3)).view(4, -1),
    "view two -1": lambda L, d: t(L).view(-1, -1),
    "view -2": lambda L, d: t(L).view(-2, 3),
    "view of a transposed to a merge": lambda L, d: t(L, (2, 3, 4)).transpose(0, 1).view(6, 4),
    "view of a transposed split ok": lambda L, d: t(L, (2, 3, 4)).transpose(0, 1).view(3, 2, 2, 2).shape,
    "view of a slice with step": lambda L, d: t(L, (4, 4))[:, ::2].view(8),
    "view of an expanded": lambda L, d: ones(L, 1, 3).expand(2, 3).view(6),
    "view of an expanded split ok": lambda L, d: ones(L, 1, 3).expand(2, 3).view(2, 3, 1).shape,
    "view of a permuted 3-d": lambda L, d: t(L, (2, 3, 4)).permute(2, 0, 1).view(-1),
    "view float size": lambda L, d: t(L).view(6.0),
    "view str dtype": lambda L, d: t(L).view("int32"),
    "view dtype of different itemsize last dim odd": lambda L, d: t(L, (3,)).view(L.float16).shape,
    "view dtype smaller to bigger odd": lambda L, d: L.ones(3, dtype=L.float16).view(L.float32),
    "view dtype non-contiguous": lambda L, d: t(L, (4, 4)).t().view(L.float16),
    "view of 0-d to (1,) ok": lambda L, d: L.tensor(1.0).view(1).shape,
    "view of empty with -1": lambda L, d: L.ones(0, 3).view(-1, 0),
    "view_as of a number": lambda L, d: t(L).view_as(3),
    "reshape three -1": lambda L, d: t(L).reshape(-1, -1, -1),
    "reshape -2": lambda L, d: t(L).reshape(-2),
    "reshape -1 on empty ambiguous": lambda L, d: L.ones(0, 3).reshape(0, -1),
    "reshape -1 on empty ok": lambda L, d: L.ones(0, 3).reshape(-1, 3).shape,
    "reshape of a transposed ok": lambda L, d: t(L).t().reshape(6).shape,
    "reshape list and int": lambda L, d: t(L).reshape([2, 3], 1),
    "reshape tuple with a tensor ok": lambda L, d: t(L).reshape(L.tensor(6)).shape,
    "reshape with a float tensor": lambda L, d: t(L).reshape(L.tensor(6.0)),
    "reshape with a -1 not fitting": lambda L, d: t(L).reshape(4, -1),
    "reshape huge": lambda L, d: t(L).reshape(2 ** 62, 0),
    "reshape zero to non-zero": lambda L, d: L.ones(0).reshape(1),
    "flatten of 0-d ok": lambda L, d: L.tensor(1.0).flatten().shape,
    "flatten bad start": lambda L, d: t(L).flatten(3),
    "unflatten -1 twice": lambda L, d: t(L, (2, 6)).unflatten(1, (-1, -1)),
    "unflatten empty sizes": lambda L, d: t(L).unflatten(1, ()),
    "expand shrinking a dim": lambda L, d: t(L, (2, 3)).expand(2, 2),
    "expand non-singleton to bigger": lambda L, d: t(L, (2, 3)).expand(4, 3),
    "expand -1 in a new dim": lambda L, d: t(L, (3,)).expand(-1, 3),
    "expand -1 ok": lambda L, d: t(L, (1, 3)).expand(4, -1).shape,
    "expand -2": lambda L, d: t(L, (1, 3)).expand(-2, 3),
    "expand fewer dims": lambda L, d: t(L, (2, 3)).expand(3),
    "expand to zero from one ok": lambda L, d: t(L, (1, 3)).expand(0, 3).shape,
    "expand str": lambda L, d: t(L).expand("a"),
    "expand list and int": lambda L, d: t(L).expand([2, 3], 1),
    "expand_as of a list": lambda L, d: t(L).expand_as([1, 2]),
    "repeat fewer dims": lambda L, d: t(L, (2, 3)).repeat(2),
    "repeat float": lambda L, d: t(L).repeat(2.0, 1),
    "repeat_interleave negative": lambda L, d: t(L).repeat_interleave(-1),
    "repeat_interleave counts size": lambda L, d: t(L, (3,)).repeat_interleave(idx(L, [1, 2])),
    "repeat_interleave float counts": lambda L, d: t(L, (3,)).repeat_interleave(ones(L, 3)),
    "tile float": lambda L, d: t(L).tile(1.5),
    "permute repeated negative": lambda L, d: t(L).permute(0, -2),
    "permute out of range": lambda L, d: t(L).permute(0, 2),
    "permute too many": lambda L, d: t(L).permute(0, 1, 2),
    "permute float": lambda L, d: t(L).permute(0.0, 1),
    "permute list and int": lambda L, d: t(L).permute([1, 0], 1),
    "permute of 0-d without dims": lambda L, d: L.tensor(1.0).permute().shape,
    "movedim out of range": lambda L, d: t(L).movedim(0, 2),
    "movedim length mismatch": lambda L, d: t(L).movedim((0, 1), (1,)),
    "swapaxes out of range": lambda L, d: t(L).swapaxes(0, 5),
    "squeeze tuple with out of range": lambda L, d: t(L, (1, 3)).squeeze((0, 3)),
    "squeeze tuple repeated": lambda L, d: t(L, (1, 3)).squeeze((0, 0)),
    "unsqueeze of 0-d -2": lambda L, d: L.tensor(1.0).unsqueeze(-3),
    "transpose of 0-d ok": lambda L, d: L.tensor(1.0).transpose(0, -1).shape,
    "transpose of 1-d out of range": lambda L, d: t(L, (3,)).transpose(0, 1),
    "narrow of 0-d": lambda L, d: L.tensor(1.0).narrow(0, 0, 1),
    "narrow negative start ok": lambda L, d: t(L).narrow(1, -1, 1).shape,
    "narrow start out of range": lambda L, d: t(L).narrow(1, 4, 0),
    "narrow tensor start ok": lambda L, d: t(L).narrow(1, L.tensor(1), 1).shape,
    "select of 0-d": lambda L, d: L.tensor(1.0).select(0, 0),
    "select bad dim": lambda L, d: t(L).select(2, 0),
    "unfold too big": lambda L, d: t(L, (3,)).unfold(0, 4, 1),
    "unfold zero step": lambda L, d: t(L, (3,)).unfold(0, 2, 0),
    "as_strided out of bounds": lambda L, d: t(L, (3,)).as_strided((3,), (2,)),
    "as_strided negative stride": lambda L, d: t(L, (3,)).as_strided((3,), (-1,)),
    "contiguous bad memory format": lambda L, d: t(L).contiguous(memory_format="x"),
    "clone with channels_last on 2-d": lambda L, d: t(L).clone(memory_format=L.channels_last),
    "to bad dtype string float32": lambda L, d: t(L).to("float32"),
    "to bad dtype string torch.float64": lambda L, d: t(L).to("torch.float64"),
    "to an int": lambda L, d: t(L).to(3),
    "to dtype keyword int": lambda L, d: t(L).to(dtype=3),
    "to dtype keyword str": lambda L, d: t(L).to(dtype="float64"),
    "to device keyword bad": lambda L, d: t(L).to(device="gpu"),
    "to a python type": lambda L, d: t(L).to(float),
    "to a numpy dtype": lambda L, d: t(L).to(np.float64),
    "to a tensor ok": lambda L, d: t(L).to(L.ones(1, dtype=L.float64)).dtype,
    "to cpu and dtype ok": lambda L, d: t(L).to("cpu", L.float64).dtype,
    "to two dtypes": lambda L, d: t(L).to(L.float64, L.float32),
    "to non_blocking str": lambda L, d: t(L).to(L.float64, non_blocking="x").dtype,
    "to unknown keyword": lambda L, d: t(L).to(L.float64, foo=1),
    "type with a dtype ok": lambda L, d: t(L).type(L.float64).dtype,
    "type with a tensor type string ok": lambda L, d: t(L).type("torch.DoubleTensor").dtype,
    "type with a python type": lambda L, d: t(L).type(float),
    "type with float64 string": lambda L, d: t(L).type("float64"),
    "double of requiring grad ok": lambda L, d: t(L, rg=True).double().requires_grad,
    "long of nan ok": lambda L, d: L.tensor([float("nan")]).long().shape,
    "bool of requiring grad": lambda L, d: t(L, rg=True).bool().requires_grad,
    "cpu bad argument": lambda L, d: t(L).cpu(3).shape,
    "device gpu": lambda L, d: L.device("gpu"),
    "device cuda negative index": lambda L, d: L.device("cuda:-1"),
    "device cpu two indices": lambda L, d: L.device("cpu:0:1"),
    "device empty string": lambda L, d: L.device(""),
    "device uppercase": lambda L, d: L.device("CPU"),
    "device with spaces": lambda L, d: L.device(" cpu"),
    "device int ok": lambda L, d: str(L.device(0)),
    "device negative int": lambda L, d: L.device(-1),
    "cuda of a cpu device": lambda L, d: t(L).cuda("cpu"),
    "cuda of a float": lambda L, d: t(L).cuda(1.5),
    "cuda of a bool": lambda L, d: t(L).cuda(True),
    "factory on an int device": lambda L, d: L.zeros(2, device=0),
    "device float": lambda L, d: L.device(1.5),
    "device None": lambda L, d: L.device(None),
    "device type and index ok": lambda L, d: str(L.device("cpu", 0)),
    "device string index and index": lambda L, d: L.device("cpu:0", 0),
    "device meta ok": lambda L, d: str(L.device("meta")),
    "device unknown type": lambda L, d: L.device("npu2"),
    "set_default_dtype float16 ok": lambda L, d: _default_dtype(L, L.float16),
    "set_default_dtype str": lambda L, d: _default_dtype(L, "float64"),
    "set_default_dtype python float": lambda L, d: _default_dtype(L, float),
    "set_default_dtype bool": lambda L, d: _default_dtype(L, L.bool),
    "get_default_dtype with an argument": lambda L, d: L.get_default_dtype(3),
    "is_tensor of a list ok": lambda L, d: L.is_tensor([1]),
    "numel of a list": lambda L, d: L.numel([1, 2]),
    "dtype is_floating_point ok": lambda L, d: L.float16.is_floating_point,
    "finfo of an int dtype": lambda L, d: L.finfo(L.int64),
    "iinfo of a float dtype": lambda L, d: L.iinfo(L.float32),
    "finfo of a str": lambda L, d: L.finfo("float32"),
    "iinfo bool": lambda L, d: L.iinfo(L.bool),
    "result_type of a str": lambda L, d: L.result_type(ones(L, 2), "a"),
    "promote_types of a str": lambda L, d: L.promote_types(L.float32, "float64"),
    "can_cast of a str": lambda L, d: L.can_cast(L.float32, "int64"),
})


def _default_dtype(L, dtype):
    before = L.get_default_dtype()
    try:
        L.set_default_dtype(dtype)
        return L.get_default_dtype()
    finally:
        L.set_default_dtype(before)


# indexing with the wrong index types and ranks
CASES.update({
    "index_select float index": lambda L, d: t(L).index_select(0, ones(L, 1)),
    "index_select int32 index ok": lambda L, d: t(L).index_select(0, L.tensor([1], dtype=L.int32)).shape,
    "index_select 0-d index ok": lambda L, d: t(L).index_select(0, L.tensor(1)).shape,
    "index_select bool index": lambda L, d: t(L).index_select(0, L.tensor([True])),
    "index_select bad dim": lambda L, d: t(L).index_select(2, idx(L, [0])),
    "index_select negative index": lambda L, d: t(L).index_select(0, idx(L, [-1])),
    "index_select list index": lambda L, d: t(L).index_select(0, [0]),
    "index_select of 0-d ok": lambda L, d: L.tensor(1.0).index_select(0, idx(L, [0])).shape,
    "gather rank mismatch higher": lambda L, d: t(L).gather(1, L.zeros(2, 3, 1, dtype=L.int64)),
    "gather index bigger than input": lambda L, d: t(L).gather(1, L.zeros(3, 3, dtype=L.int64)),
    "gather index bigger on the gather dim ok": lambda L, d: t(L).gather(1, L.zeros(2, 5, dtype=L.int64)).shape,
    "gather int32 index": lambda L, d: t(L).gather(1, L.zeros(2, 3, dtype=L.int32)),
    "gather negative index": lambda L, d: t(L).gather(1, L.full((2, 1), -1, dtype=L.int64)),
    "gather bad dim": lambda L, d: t(L).gather(2, L.zeros(2, 3, dtype=L.int64)),
    "gather empty index ok": lambda L, d: t(L).gather(1, L.zeros(2, 0, dtype=L.int64)).shape,
    "scatter rank mismatch": lambda L, d: L.zeros(2, 3).scatter(1, L.zeros(2, dtype=L.int64), 1.0),
    "scatter src rank mismatch": lambda L, d: L.zeros(2, 3).scatter(1, L.zeros(2, 1, dtype=L.int64), ones(L, 2)),
    "scatter float index": lambda L, d: L.zeros(2, 3).scatter(1, L.zeros(2, 1), 1.0),
    "scatter negative index": lambda L, d: L.zeros(2, 3).scatter(1, L.full((2, 1), -1, dtype=L.int64), 1.0),
    "scatter index bigger than src": lambda L, d: L.zeros(2, 3).scatter(1, L.zeros(2, 3, dtype=L.int64), ones(L, 2, 1)),
    "scatter src dtype mismatch": lambda L, d: L.zeros(2, 3).scatter(1, L.zeros(2, 1, dtype=L.int64), L.ones(2, 1, dtype=L.float64)),
    "scatter bad reduce": lambda L, d: L.zeros(2, 3).scatter(1, L.zeros(2, 1, dtype=L.int64), 1.0, reduce="max"),
    "scatter_add rank mismatch": lambda L, d: L.zeros(2, 3).scatter_add(1, L.zeros(2, dtype=L.int64), ones(L, 2)),
    "scatter_add out of range": lambda L, d: L.zeros(2, 3).scatter_add(1, L.full((2, 1), 3, dtype=L.int64), ones(L, 2, 1)),
    "scatter_reduce bad reduce": lambda L, d: L.zeros(2, 3).scatter_reduce(1, L.zeros(2, 1, dtype=L.int64), ones(L, 2, 1), "avg"),
    "index_add_ index too long": lambda L, d: L.zeros(3).index_add_(0, idx(L, [0, 1]), ones(L, 1)),
    "index_add_ out of range": lambda L, d: L.zeros(3).index_add_(0, idx(L, [5]), ones(L, 1)),
    "index_add_ float index": lambda L, d: L.zeros(3).index_add_(0, ones(L, 1), ones(L, 1)),
    "index_copy_ out of range": lambda L, d: L.zeros(3).index_copy_(0, idx(L, [5]), ones(L, 1)),
    "index_fill_ out of range": lambda L, d: L.zeros(3).index_fill_(0, idx(L, [5]), 1.0),
    "index_fill_ tensor value of many": lambda L, d: L.zeros(3).index_fill_(0, idx(L, [0]), ones(L, 2)),
    "index_put_ out of range": lambda L, d: L.zeros(3).index_put_((idx(L, [5]),), ones(L, 1)),
    "index_put_ float indices": lambda L, d: L.zeros(3).index_put_((ones(L, 1),), ones(L, 1)),
    "index_put_ too many indices": lambda L, d: L.zeros(3).index_put_((idx(L, [0]), idx(L, [0])), ones(L, 1)),
    "index_put_ list not tuple": lambda L, d: L.zeros(3).index_put_([idx(L, [0])], ones(L, 1)),
    "masked_scatter_ too few values": lambda L, d: L.zeros(3).masked_scatter_(L.ones(3, dtype=L.bool), ones(L, 2)),
    "masked_select int mask": lambda L, d: t(L).masked_select(L.ones(2, 3, dtype=L.int64)),
    "masked_fill tensor value of many": lambda L, d: t(L).masked_fill(L.ones(2, 3, dtype=L.bool), ones(L, 2)),
    "take float index": lambda L, d: t(L).take(ones(L, 1)),
    "take_along_dim rank mismatch": lambda L, d: L.take_along_dim(t(L), idx(L, [0]), 1),
    "take_along_dim out of range": lambda L, d: L.take_along_dim(t(L), idx(L, [[0], [9]]), 1),
    "put_ out of range": lambda L, d: L.zeros(3).put_(idx(L, [5]), ones(L, 1)),
    "index with a float list": lambda L, d: t(L)[[0.0, 1.0]],
    "index with a nested ragged list": lambda L, d: t(L)[[[0], [0, 1]]],
    "index with a bool list of the wrong length": lambda L, d: t(L)[[True, False, True]],
    "index with a 0-d bool ok": lambda L, d: t(L)[L.tensor(True)].shape,
    "index with an int32 tensor ok": lambda L, d: t(L)[L.tensor([1], dtype=L.int32)].shape,
    "index with a uint8 mask of the wrong shape": lambda L, d: t(L)[L.ones(3, dtype=L.uint8)],
    "index with None and too many": lambda L, d: t(L)[None, 0, 0, 0],
    "index with a dict": lambda L, d: t(L)[{0: 1}],
    "index with a set": lambda L, d: t(L)[{0}],
    "index with a slice of floats": lambda L, d: t(L)[0.5:1],
    "index with a slice of tensors ok": lambda L, d: t(L)[L.tensor(0):L.tensor(1)].shape,
    "index with a numpy float": lambda L, d: t(L)[np.float64(0)],
    "index with a numpy int ok": lambda L, d: t(L)[np.int64(1)].shape,
    "index of 0-d with an int": lambda L, d: L.tensor(1.0)[0],
    "index of 0-d with an ellipsis ok": lambda L, d: L.tensor(1.0)[...].shape,
    "index of 0-d with a bool ok": lambda L, d: L.tensor(1.0)[True].shape,
    "setitem with a value of the wrong shape": lambda L, d: t(L).__setitem__(0, ones(L, 2)),
    "setitem with a str": lambda L, d: t(L).__setitem__(0, "a"),
    "setitem with a list of the wrong length": lambda L, d: t(L).__setitem__(0, [1.0, 2.0]),
    "setitem with a float index": lambda L, d: t(L).__setitem__(0.5, 1.0),
    "setitem on a leaf requiring grad": lambda L, d: t(L, rg=True).__setitem__(0, 1.0),
    "setitem mask value of many": lambda L, d: t(L).__setitem__(t(L) > 2, ones(L, 2)),
    "setitem of int tensor with nan": lambda L, d: L.ones(2, dtype=L.int64).__setitem__(0, float("nan")),
})


# ----------------------------------------------------------------------------------------------
# autograd
def _backward_twice(L, f):
    x = t(L, rg=True)
    y = f(L, x).sum()
    y.backward()
    y.backward()
    return x.grad.tolist()


def _inplace_after(L, f, change):
    x = t(L, rg=True) + 1
    y = f(L, x)
    change(x, y)
    y.sum().backward()


def _fn_class(L, n_grads=1, grad_shape=None, forward_value=None, grad_value=None):
    class F(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2 if forward_value is None else forward_value(L)

        @staticmethod
        def backward(ctx, g):
            if grad_value is not None:
                return grad_value(L)
            gx = g * 2 if grad_shape is None else ones(L, *grad_shape)
            return gx if n_grads == 1 else (gx,) * n_grads
    return F


def _apply(L, F, x=None):
    x = t(L, rg=True) if x is None else x
    out = F.apply(x)
    out.sum().backward()
    return x.grad.shape


def _two_input_fn(L, grads):
    class F(L.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return grads(L, g)
    a, b = t(L, rg=True), t(L, rg=True)
    F.apply(a, b).sum().backward()
    return a.grad.shape


CASES.update({
    "backward of a (2,) without gradient": lambda L, d: (t(L, (2,), rg=True) * 2).backward(),
    "backward of a (1,) ok": lambda L, d: (t(L, (1,), rg=True) * 2).backward(),
    "backward of a (1,1) ok": lambda L, d: (t(L, (1, 1), rg=True) * 2).backward(),
    "backward of an empty": lambda L, d: (t(L, (0,), rg=True) * 2).backward(),
    "backward with a gradient of the wrong shape": lambda L, d: (t(L, rg=True) * 2).backward(ones(L, 3)),
    "backward with a broadcastable gradient": lambda L, d: (t(L, rg=True) * 2).backward(ones(L, 1, 3)),
    "backward with a scalar gradient for a vector": lambda L, d: (t(L, rg=True) * 2).backward(L.tensor(1.0)),
    "backward with a float64 gradient ok": lambda L, d: (t(L, rg=True) * 2).backward(L.ones(2, 3, dtype=L.float64)),
    "backward with a list gradient": lambda L, d: (t(L, rg=True) * 2).sum().backward([1.0]),
    "backward with a number gradient": lambda L, d: (t(L, rg=True) * 2).sum().backward(1.0),
    "backward of a tensor not requiring grad": lambda L, d: t(L).sum().backward(),
    "backward of an int tensor": lambda L, d: L.ones(2, dtype=L.int64).sum().backward(),
    "backward of a leaf requiring grad ok": lambda L, d: L.tensor(1.0, requires_grad=True).backward(),
    "backward of a detached": lambda L, d: (t(L, rg=True) * 2).sum().detach().backward(),
    "backward inputs not requiring grad": lambda L, d: (t(L, rg=True) * 2).sum().backward(inputs=[t(L)]),
    "backward inputs empty": lambda L, d: (t(L, rg=True) * 2).sum().backward(inputs=[]),
    "backward inputs a non-leaf ok": lambda L, d: (lambda x: (lambda y: (y * 2).sum().backward(inputs=[y]))(x * 3))(t(L, rg=True)),
    "backward twice through exp": lambda L, d: _backward_twice(L, lambda L, x: x.exp()),
    "backward twice through mul": lambda L, d: _backward_twice(L, lambda L, x: x * x),
    "backward twice through matmul": lambda L, d: _backward_twice(L, lambda L, x: x @ x.t()),
    "backward twice through sigmoid": lambda L, d: _backward_twice(L, lambda L, x: x.sigmoid()),
    "backward twice through add ok": lambda L, d: _backward_twice(L, lambda L, x: x + 1),
    "backward twice through a scalar mul ok": lambda L, d: _backward_twice(L, lambda L, x: x * 2),
    "backward twice with retain_graph ok": lambda L, d: (lambda y: (y.backward(retain_graph=True), y.backward()))((t(L, rg=True).exp()).sum()),
    "backward after retain then twice": lambda L, d: (lambda y: (y.backward(retain_graph=True), y.backward(), y.backward()))((t(L, rg=True).exp()).sum()),
    "grad of unused input with allow_unused ok": lambda L, d: (lambda x, z: L.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)[1])(t(L, rg=True), t(L, rg=True)),
    "grad of unused input materialized ok": lambda L, d: (lambda x, z: L.autograd.grad((x * 2).sum(), [x, z], allow_unused=True, materialize_grads=True)[1].shape)(t(L, rg=True), t(L, rg=True)),
    "grad materialize without allow_unused ok": lambda L, d: (lambda x, z: L.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True)[1].shape)(t(L, rg=True), t(L, rg=True)),
    "grad of an input unused only by the output": lambda L, d: (lambda x, z: L.autograd.grad((x * 2).sum(), z))(t(L, rg=True), t(L, rg=True) * 1),
    "grad of a non-leaf input ok": lambda L, d: (lambda x: (lambda y: L.autograd.grad((y * 2).sum(), y)[0].shape)(x * 3))(t(L, rg=True)),
    "grad twice without retain_graph": lambda L, d: (lambda x: (lambda y: (L.autograd.grad(y, x), L.autograd.grad(y, x)))(x.exp().sum()))(t(L, rg=True)),
    "grad of a tensor not requiring grad output": lambda L, d: L.autograd.grad(t(L).sum(), t(L, rg=True)),
    "grad with no inputs": lambda L, d: L.autograd.grad((t(L, rg=True) * 2).sum(), []),
    "grad outputs and grad_outputs length mismatch": lambda L, d: (lambda x: L.autograd.grad([(x * 2).sum(), (x * 3).sum()], x, grad_outputs=[L.tensor(1.0)]))(t(L, rg=True)),
    "grad with a None grad_output for a non-scalar": lambda L, d: (lambda x: L.autograd.grad([x * 2], x, grad_outputs=[None]))(t(L, rg=True)),
    "grad with an int grad_output": lambda L, d: (lambda x: L.autograd.grad(x * 2, x, grad_outputs=L.ones(2, 3, dtype=L.int64)))(t(L, rg=True)),
    "grad with a str input": lambda L, d: L.autograd.grad((t(L, rg=True) * 2).sum(), "x"),
    "grad is_grads_batched wrong shape": lambda L, d: (lambda x: L.autograd.grad(x * 2, x, grad_outputs=ones(L, 2, 3), is_grads_batched=True))(t(L, rg=True)),
    "autograd.backward of a list without grads": lambda L, d: (lambda x: L.autograd.backward([x * 2]))(t(L, rg=True)),
    "autograd.backward grads length mismatch": lambda L, d: (lambda x: L.autograd.backward([(x * 2).sum(), (x * 3).sum()], [L.tensor(1.0)]))(t(L, rg=True)),
    "autograd.backward of a number": lambda L, d: L.autograd.backward(1.0),
    "in-place on a saved exp output": lambda L, d: _inplace_after(L, lambda L, x: x.exp(), lambda x, y: y.mul_(2)),
    "in-place on a saved sigmoid output": lambda L, d: _inplace_after(L, lambda L, x: x.sigmoid(), lambda x, y: y.add_(1)),
    "in-place on a saved tanh output": lambda L, d: _inplace_after(L, lambda L, x: x.tanh(), lambda x, y: y.zero_()),
    "in-place on a saved sqrt output": lambda L, d: _inplace_after(L, lambda L, x: x.sqrt(), lambda x, y: y.fill_(1.0)),
    "in-place on a saved pow input": lambda L, d: _inplace_after(L, lambda L, x: x ** 2, lambda x, y: x.add_(1)),
    "in-place on a saved div divisor": lambda L, d: _inplace_after(L, lambda L, x: 1 / x, lambda x, y: x.mul_(2)),
    "in-place on a saved matmul input": lambda L, d: _inplace_after(L, lambda L, x: x @ x.t(), lambda x, y: x.sub_(1)),
    "in-place on a saved log input": lambda L, d: _inplace_after(L, lambda L, x: x.log(), lambda x, y: x.clamp_(0, 1)),
    "in-place on a saved input by setitem": lambda L, d: _inplace_after(L, lambda L, x: x * x, lambda x, y: x.__setitem__(0, 1.0)),
    "in-place on a saved input through a view": lambda L, d: _inplace_after(L, lambda L, x: x.sin(), lambda x, y: x[0].mul_(2)),
    "in-place on an unsaved add input ok": lambda L, d: _inplace_after(L, lambda L, x: x + 1, lambda x, y: x.mul_(2)),
    "in-place on an unsaved scalar-mul input ok": lambda L, d: _inplace_after(L, lambda L, x: x * 3, lambda x, y: x.mul_(2)),
    "in-place on a relu output then backward": lambda L, d: _inplace_after(L, lambda L, x: x.relu(), lambda x, y: y.mul_(2)),
    "in-place copy_ into a saved input": lambda L, d: _inplace_after(L, lambda L, x: x.cos(), lambda x, y: x.copy_(L.zeros(2, 3))),
    "in-place add_ on a leaf requiring grad": lambda L, d: t(L, rg=True).add_(1),
    "in-place zero_ on a leaf requiring grad": lambda L, d: t(L, rg=True).zero_(),
    "in-place fill_ on a leaf requiring grad": lambda L, d: t(L, rg=True).fill_(1.0),
    "in-place copy_ on a leaf requiring grad": lambda L, d: t(L, rg=True).copy_(t(L)),
    "in-place clamp_ on a leaf requiring grad": lambda L, d: t(L, rg=True).clamp_(0, 1),
    "in-place uniform_ on a leaf requiring grad": lambda L, d: t(L, rg=True).uniform_(),
    "in-place on a view of a leaf requiring grad": lambda L, d: L.ones(2, 3, requires_grad=True)[0].mul_(2),
    "in-place on a view of a leaf made from a view": lambda L, d: t(L, rg=True)[0].mul_(2),
    "in-place under no_grad on a leaf ok": lambda L, d: _no_grad_inplace(L),
    "in-place on a leaf then backward of an earlier use ok": lambda L, d: _no_grad_inplace_after_use(L),
    "in-place sub_ on a parameter": lambda L, d: L.nn.Linear(2, 2).weight.sub_(1),
    "in-place on a tensor made under inference_mode": lambda L, d: _inference_inplace(L),
    "in-place resize_ of a leaf requiring grad": lambda L, d: t(L, rg=True).resize_(6),
    "requires_grad_ on int32": lambda L, d: L.ones(2, dtype=L.int32).requires_grad_(),
    "requires_grad_ on bool": lambda L, d: L.ones(2, dtype=L.bool).requires_grad_(),
    "requires_grad_ on uint8": lambda L, d: L.ones(2, dtype=L.uint8).requires_grad_(),
    "requires_grad_ on int8": lambda L, d: L.ones(2, dtype=L.int8).requires_grad_(),
    "requires_grad_ False on int ok": lambda L, d: L.ones(2, dtype=L.int64).requires_grad_(False).requires_grad,
    "requires_grad_ on float16 ok": lambda L, d: L.ones(2, dtype=L.float16).requires_grad_().requires_grad,
    "requires_grad_ on complex ok": lambda L, d: L.ones(2, dtype=L.complex64).requires_grad_().requires_grad,
    "requires_grad attribute on int": lambda L, d: setattr(L.ones(2, dtype=L.int64), "requires_grad", True),
    "requires_grad_ str ok": lambda L, d: L.ones(2).requires_grad_("no").requires_grad,
    "requires_grad_ on a non-leaf False": lambda L, d: (t(L, rg=True) * 2).requires_grad_(False),
    "requires_grad_ on a non-leaf True ok": lambda L, d: (t(L, rg=True) * 2).requires_grad_(True).requires_grad,
    "ones requires_grad int dtype": lambda L, d: L.ones(2, dtype=L.int64, requires_grad=True),
    "zeros requires_grad bool dtype": lambda L, d: L.zeros(2, dtype=L.bool, requires_grad=True),
    "arange requires_grad int": lambda L, d: L.arange(3, requires_grad=True),
    "arange requires_grad float ok": lambda L, d: L.arange(3.0, requires_grad=True).requires_grad,
    "full requires_grad int": lambda L, d: L.full((2,), 1, requires_grad=True),
    "randint requires_grad": lambda L, d: L.randint(0, 3, (2,), requires_grad=True),
    "grad set on an int tensor": lambda L, d: setattr(L.ones(2, dtype=L.int64), "grad", L.ones(2, dtype=L.int64)),
    "grad set of another dtype": lambda L, d: setattr(t(L, rg=True), "grad", L.ones(2, 3, dtype=L.float64)),
    "grad set to None ok": lambda L, d: setattr(t(L, rg=True), "grad", None),
    "grad of a non-leaf read ok": lambda L, d: (t(L, rg=True) * 2).grad,
    "retain_grad on a leaf ok": lambda L, d: t(L, rg=True).retain_grad(),
    "register_hook non-callable": lambda L, d: t(L, rg=True).register_hook(3),
    "hook returning a wrong dtype": lambda L, d: _hooked_tensor(L, lambda g: g.double()),
    "hook returning a non-tensor": lambda L, d: _hooked_tensor(L, lambda g: 1.0),
    "hook raising": lambda L, d: _hooked_tensor(L, lambda g: 1 / 0),
    "hook returning None ok": lambda L, d: _hooked_tensor(L, lambda g: None),
    "Function returning two grads for one input": lambda L, d: _apply(L, _fn_class(L, n_grads=2)),
    "Function returning three grads for one input": lambda L, d: _apply(L, _fn_class(L, n_grads=3)),
    "Function returning a grad of the wrong shape": lambda L, d: _apply(L, _fn_class(L, grad_shape=(3,))),
    "Function returning a broadcastable grad": lambda L, d: _apply(L, _fn_class(L, grad_shape=(1, 3))),
    "Function returning a number as grad": lambda L, d: _apply(L, _fn_class(L, grad_value=lambda L: 1.0)),
    "Function returning a list as grad": lambda L, d: _apply(L, _fn_class(L, grad_value=lambda L: [ones(L, 2, 3)])),
    "Function returning None as grad ok": lambda L, d: _apply(L, _fn_class(L, grad_value=lambda L: None)),
    "Function returning an empty tuple": lambda L, d: _apply(L, _fn_class(L, grad_value=lambda L: ())),
    "Function returning a float64 grad ok": lambda L, d: _apply(L, _fn_class(L, grad_value=lambda L: L.ones(2, 3, dtype=L.float64))),
    "Function returning an int grad": lambda L, d: _apply(L, _fn_class(L, grad_value=lambda L: L.ones(2, 3, dtype=L.int64))),
    "Function forward returning a number": lambda L, d: _apply(L, _fn_class(L, forward_value=lambda L: 2.0)),
    "Function forward returning None": lambda L, d: _apply(L, _fn_class(L, forward_value=lambda L: None)),
    "Function too few grads for two inputs": lambda L, d: _two_input_fn(L, lambda L, g: g),
    "Function one None of two ok": lambda L, d: _two_input_fn(L, lambda L, g: (g, None)),
    "Function three grads for two inputs": lambda L, d: _two_input_fn(L, lambda L, g: (g, g, g)),
    "Function called directly": lambda L, d: _fn_class(L)()(t(L, rg=True)),
    "Function forward instantiated": lambda L, d: _fn_class(L)().forward(None, t(L)).shape,
    "Function apply with a keyword": lambda L, d: _fn_class(L).apply(x=t(L, rg=True)),
    "Function without backward": lambda L, d: _no_backward_fn(L),
    "Function backward without grad needed ok": lambda L, d: _fn_class(L).apply(t(L)).shape,
    "Function mark_dirty of a non-input": lambda L, d: _dirty_fn(L),
    "Function save_for_backward of a number": lambda L, d: _save_fn(L, lambda L, x: 3.0),
    "Function save_for_backward of None ok": lambda L, d: _save_fn(L, lambda L, x: None),
    "Function saved tensors read twice ok": lambda L, d: _save_fn(L, lambda L, x: x, reads=2),
    "Function saved tensor modified in place": lambda L, d: _save_fn(L, lambda L, x: x, modify=True),
    "no_grad as a decorator on a non-function": lambda L, d: L.no_grad()(3),
    "set_grad_enabled without argument": lambda L, d: L.set_grad_enabled(),
    "set_grad_enabled of an int ok": lambda L, d: _grad_mode(L, 1),
    "inference_mode str ok": lambda L, d: _inference_flag(L, "yes"),
    "enable_grad inside no_grad ok": lambda L, d: _nested_modes(L),
    "detect_anomaly with a str": lambda L, d: L.autograd.detect_anomaly(check_nan="x").__enter__() or True,
    "gradcheck of a non-double ok": lambda L, d: L.autograd.gradcheck(lambda x: x * 2, (t(L, rg=True),), raise_exception=False),
    "gradcheck of a tensor not requiring grad": lambda L, d: L.autograd.gradcheck(lambda x: x * 2, (t(L, dtype=L.float64),)),
    "functional.jacobian of a non-tensor output": lambda L, d: L.autograd.functional.jacobian(lambda x: 3.0, t(L)),
    "functional.jacobian bad strategy": lambda L, d: L.autograd.functional.jacobian(lambda x: x, t(L), strategy="middle"),
    "functional.hessian of a non-scalar": lambda L, d: L.autograd.functional.hessian(lambda x: x * 2, t(L)),
    "functional.vjp v shape": lambda L, d: L.autograd.functional.vjp(lambda x: x * 2, t(L), ones(L, 3)),
    "functional.vjp v missing for non-scalar": lambda L, d: L.autograd.functional.vjp(lambda x: x * 2, t(L)),
    "functional.jvp v shape": lambda L, d: L.autograd.functional.jvp(lambda x: x * 2, t(L), ones(L, 3)),
})


def _hooked_tensor(L, hook):
    x = t(L, rg=True)
    x.register_hook(hook)
    (x * 2).sum().backward()
    return x.grad.dtype


def _no_grad_inplace(L):
    x = t(L, rg=True)
    with L.no_grad():
        x.mul_(2)
    return x.requires_grad


def _no_grad_inplace_after_use(L):
    x = t(L, rg=True)
    y = (x * 3).sum()
    with L.no_grad():
        x.mul_(2)
    y.backward()
    return x.grad.tolist()


def _inference_inplace(L):
    with L.inference_mode():
        x = t(L)
    x.requires_grad_(True)
    return (x * 2).sum().backward()


def _no_backward_fn(L):
    class F(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2
    x = t(L, rg=True)
    F.apply(x).sum().backward()


def _dirty_fn(L):
    class F(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x * 2
            ctx.mark_dirty(y)
            return y

        @staticmethod
        def backward(ctx, g):
            return g
    return F.apply(t(L, rg=True) + 0).shape


def _save_fn(L, what, reads=1, modify=False):
    class F(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(what(L, x))
            return x * 2

        @staticmethod
        def backward(ctx, g):
            for _ in range(reads):
                saved = ctx.saved_tensors
            return g * 2 if saved[0] is None else g * saved[0]
    x = t(L, rg=True) + 0
    y = F.apply(x)
    if modify:
        x.add_(1)
    y.sum().backward()


def _grad_mode(L, flag):
    with L.set_grad_enabled(flag):
        return (t(L, rg=True) * 2).requires_grad


def _inference_flag(L, flag):
    with L.inference_mode(flag):
        return (t(L, rg=True) * 2).requires_grad


def _nested_modes(L):
    with L.no_grad():
        with L.enable_grad():
            return (t(L, rg=True) * 2).requires_grad
