"""Bad-input cases of the thirteenth probe, "bad input gets a clear error of PyTorch's exception type and
loses nothing", over the layers and functions of the deblurring course: the constructors of ``nn``'s
convolutions, transposed convolutions, normalisations, linear maps, embeddings, resampling, folding,
dropout and pooling layers given bad arguments; their forward given inputs of the wrong channel count,
rank or size, or an empty batch; ``interpolate``, ``pad``, ``grid_sample`` and ``affine_grid`` given
arguments that do not fit together; the losses given targets of the wrong shape, dtype or range; the
optimizers and schedulers built with bad arguments or parameters. Where a module, an optimizer or a
scheduler existed before the failing call, the case returns the error's kind together with its state
after (``probe_cases_12``'s ``Kind``), so that nothing lost is PyTorch's too. Same form as the others:
``fn(L, d)`` with ``L`` the library (``torch`` or ``minigrad``) and ``d`` an empty folder of its own; a
name says what is given, not whether PyTorch takes it."""
import numpy as np

from errors.probe_cases_12 import attempt, values
from errors.probe_runner import Cases, tenths as t

CASES = Cases()
table = CASES.table


def shape(out):
    """A result's shape (a tuple of shapes for a tuple): what a layer of random weights returns alike."""
    return [shape(o) for o in out] if isinstance(out, (tuple, list)) else tuple(out.shape)


table("ctor13:", {
    "Conv1d in_channels 0": lambda L, d: L.nn.Conv1d(0, 4, 3),
    "Conv1d in_channels -2": lambda L, d: L.nn.Conv1d(-2, 4, 3),
    "Conv1d out_channels 0": lambda L, d: L.nn.Conv1d(3, 0, 3),
    "Conv1d out_channels -1": lambda L, d: L.nn.Conv1d(3, -1, 3),
    "Conv1d groups not dividing in_channels": lambda L, d: L.nn.Conv1d(3, 6, 3, groups=2),
    "Conv1d groups not dividing out_channels": lambda L, d: L.nn.Conv1d(4, 6, 3, groups=4),
    "Conv1d padding same with stride 2 given as a tuple": lambda L, d: L.nn.Conv1d(3, 4, 3, padding="same", stride=(2,)),
    "Conv1d padding a capitalised string": lambda L, d: L.nn.Conv1d(3, 4, 3, padding="Same"),
    "Conv1d padding_mode reflection": lambda L, d: L.nn.Conv1d(3, 4, 3, padding_mode="reflection"),
    "Conv1d padding_mode None": lambda L, d: L.nn.Conv1d(3, 4, 3, padding_mode=None),
    "Conv1d kernel_size a pair": lambda L, d: L.nn.Conv1d(3, 4, (3, 3)),
    "Conv1d kernel_size 0": lambda L, d: L.nn.Conv1d(3, 4, 0),
    "Conv1d stride a pair": lambda L, d: L.nn.Conv1d(3, 4, 3, stride=(1, 1)),
    "Conv1d padding same with dilation ok": lambda L, d: L.nn.Conv1d(3, 4, 3, padding="same", dilation=2),
    "Conv2d in_channels -3": lambda L, d: L.nn.Conv2d(-3, 4, 3),
    "Conv2d out_channels 0 groups 1": lambda L, d: L.nn.Conv2d(2, 0, 3, groups=1),
    "Conv2d groups larger than channels": lambda L, d: L.nn.Conv2d(2, 4, 3, groups=4),
    "Conv2d groups a float": lambda L, d: L.nn.Conv2d(4, 4, 3, groups=2.0),
    "Conv2d padding valid with stride 2 ok": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="valid", stride=2),
    "Conv2d padding same with stride a tuple of ones ok": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="same", stride=(1, 1)),
    "Conv2d padding same with stride (1, 2)": lambda L, d: L.nn.Conv2d(3, 4, 3, padding="same", stride=(1, 2)),
    "Conv2d padding_mode Zeros": lambda L, d: L.nn.Conv2d(3, 4, 3, padding_mode="Zeros"),
    "Conv2d padding_mode zero": lambda L, d: L.nn.Conv2d(3, 4, 3, padding_mode="zero"),
    "Conv2d padding_mode replicated": lambda L, d: L.nn.Conv2d(3, 4, 3, padding_mode="replicated"),
    "Conv2d padding_mode an int": lambda L, d: L.nn.Conv2d(3, 4, 3, padding_mode=0),
    "Conv2d kernel_size a triple": lambda L, d: L.nn.Conv2d(3, 4, (3, 3, 3)),
    "Conv2d kernel_size a single-item tuple": lambda L, d: L.nn.Conv2d(3, 4, (3,)),
    "Conv2d kernel_size an empty tuple": lambda L, d: L.nn.Conv2d(3, 4, ()),
    "Conv2d kernel_size (3, 0)": lambda L, d: L.nn.Conv2d(3, 4, (3, 0)),
    "Conv2d kernel_size (3, -1)": lambda L, d: L.nn.Conv2d(3, 4, (3, -1)),
    "Conv2d stride a triple": lambda L, d: L.nn.Conv2d(3, 4, 3, stride=(1, 1, 1)),
    "Conv2d padding a triple": lambda L, d: L.nn.Conv2d(3, 4, 3, padding=(1, 1, 1)),
    "Conv2d dilation 0": lambda L, d: L.nn.Conv2d(3, 4, 3, dilation=0),
    "Conv2d padding -1": lambda L, d: L.nn.Conv2d(3, 4, 3, padding=-1),
    "Conv2d bias a str ok": lambda L, d: L.nn.Conv2d(3, 4, 3, bias="no").bias is None,
    "Conv3d in_channels 0": lambda L, d: L.nn.Conv3d(0, 2, 3),
    "Conv3d out_channels -2": lambda L, d: L.nn.Conv3d(2, -2, 3),
    "Conv3d groups not dividing": lambda L, d: L.nn.Conv3d(3, 4, 3, groups=3),
    "Conv3d padding same with stride 2": lambda L, d: L.nn.Conv3d(2, 2, 3, padding="same", stride=2),
    "Conv3d padding_mode reflect ok": lambda L, d: L.nn.Conv3d(2, 2, 3, padding=1, padding_mode="reflect").padding_mode,
    "Conv3d padding_mode symmetric": lambda L, d: L.nn.Conv3d(2, 2, 3, padding_mode="symmetric"),
    "Conv3d kernel_size a pair": lambda L, d: L.nn.Conv3d(2, 2, (3, 3)),
    "Conv3d kernel_size a quadruple": lambda L, d: L.nn.Conv3d(2, 2, (3, 3, 3, 3)),
    "ConvTranspose1d in_channels 0": lambda L, d: L.nn.ConvTranspose1d(0, 2, 3),
    "ConvTranspose1d out_channels -1": lambda L, d: L.nn.ConvTranspose1d(2, -1, 3),
    "ConvTranspose1d groups not dividing": lambda L, d: L.nn.ConvTranspose1d(3, 4, 3, groups=2),
    "ConvTranspose1d padding same": lambda L, d: L.nn.ConvTranspose1d(2, 2, 3, padding="same"),
    "ConvTranspose1d padding_mode circular": lambda L, d: L.nn.ConvTranspose1d(2, 2, 3, padding_mode="circular"),
    "ConvTranspose1d padding_mode typo": lambda L, d: L.nn.ConvTranspose1d(2, 2, 3, padding_mode="zeroes"),
    "ConvTranspose1d kernel_size a pair": lambda L, d: L.nn.ConvTranspose1d(2, 2, (3, 3)),
    "ConvTranspose2d in_channels -4": lambda L, d: L.nn.ConvTranspose2d(-4, 2, 3),
    "ConvTranspose2d out_channels 0": lambda L, d: L.nn.ConvTranspose2d(2, 0, 3),
    "ConvTranspose2d groups not dividing out": lambda L, d: L.nn.ConvTranspose2d(4, 3, 3, groups=2),
    "ConvTranspose2d kernel_size a triple": lambda L, d: L.nn.ConvTranspose2d(2, 2, (3, 3, 3)),
    "ConvTranspose2d output_padding a triple": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, stride=2, output_padding=(1, 1, 1)),
    "ConvTranspose2d padding_mode replicate": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, padding_mode="replicate"),
    "ConvTranspose3d in_channels 0": lambda L, d: L.nn.ConvTranspose3d(0, 2, 3),
    "ConvTranspose3d groups not dividing": lambda L, d: L.nn.ConvTranspose3d(2, 3, 3, groups=2),
    "ConvTranspose3d padding valid": lambda L, d: L.nn.ConvTranspose3d(2, 2, 3, padding="valid"),
    "ConvTranspose3d kernel_size a pair": lambda L, d: L.nn.ConvTranspose3d(2, 2, (3, 3)),
    "BatchNorm2d num_features 0 builds ok": lambda L, d: repr(L.nn.BatchNorm2d(0)),
    "BatchNorm2d num_features -1": lambda L, d: L.nn.BatchNorm2d(-1),
    "BatchNorm3d num_features -2": lambda L, d: L.nn.BatchNorm3d(-2),
    "BatchNorm1d num_features a str": lambda L, d: L.nn.BatchNorm1d("4"),
    "BatchNorm1d num_features None": lambda L, d: L.nn.BatchNorm1d(None),
    "BatchNorm2d momentum a str builds ok": lambda L, d: L.nn.BatchNorm2d(2, momentum="0.1").momentum,
    "BatchNorm2d eps a str builds ok": lambda L, d: L.nn.BatchNorm2d(2, eps="1e-5").eps,
    "BatchNorm2d affine a str ok": lambda L, d: L.nn.BatchNorm2d(2, affine="no").weight is not None,
    "BatchNorm2d momentum None ok": lambda L, d: repr(L.nn.BatchNorm2d(2, momentum=None)),
    "InstanceNorm2d num_features -1 ok": lambda L, d: repr(L.nn.InstanceNorm2d(-1)),
    "InstanceNorm2d num_features -1 affine": lambda L, d: L.nn.InstanceNorm2d(-1, affine=True),
    "GroupNorm num_groups -2": lambda L, d: L.nn.GroupNorm(-2, 4),
    "GroupNorm num_channels 0": lambda L, d: L.nn.GroupNorm(2, 0),
    "LayerNorm a tuple with 0 ok": lambda L, d: repr(L.nn.LayerNorm((2, 0))),
    "LayerNorm a tuple with -2": lambda L, d: L.nn.LayerNorm((2, -2)),
    "Linear both sizes negative": lambda L, d: L.nn.Linear(-2, -3),
    "Linear out_features a float": lambda L, d: L.nn.Linear(2, 3.0),
    "Linear in_features None with bias": lambda L, d: L.nn.Linear(2, None),
    "Bilinear out_features -1": lambda L, d: L.nn.Bilinear(2, 3, -1),
    "Bilinear out_features 0 ok": lambda L, d: repr(L.nn.Bilinear(2, 3, 0)),
    "Bilinear in1_features a float": lambda L, d: L.nn.Bilinear(2.0, 3, 4),
    "Embedding both sizes negative": lambda L, d: L.nn.Embedding(-3, -2),
    "Embedding padding_idx equal to num_embeddings": lambda L, d: L.nn.Embedding(5, 2, padding_idx=5),
    "Embedding padding_idx most negative ok": lambda L, d: L.nn.Embedding(5, 2, padding_idx=-5).padding_idx,
    "Embedding _weight of the wrong rank": lambda L, d: L.nn.Embedding(5, 2, _weight=L.ones(10)),
    "Embedding.from_pretrained a 1-d weight": lambda L, d: L.nn.Embedding.from_pretrained(L.ones(5)),
    "Embedding.from_pretrained a 3-d weight": lambda L, d: L.nn.Embedding.from_pretrained(L.ones(2, 3, 4)),
    "EmbeddingBag mode typo": lambda L, d: L.nn.EmbeddingBag(5, 2, mode="average"),
    "Upsample scale_factor and size both": lambda L, d: L.nn.Upsample(size=4, scale_factor=2),
    "Upsample scale_factor 0 builds ok": lambda L, d: repr(L.nn.Upsample(scale_factor=0)),
    "Upsample mode typo builds ok": lambda L, d: repr(L.nn.Upsample(scale_factor=2, mode="bilinar")),
    "UpsamplingNearest2d scale_factor -1 builds ok": lambda L, d: repr(L.nn.UpsamplingNearest2d(scale_factor=-1)),
    "PixelShuffle a float factor builds ok": lambda L, d: repr(L.nn.PixelShuffle(1.5)),
    "PixelUnshuffle -2 builds ok": lambda L, d: repr(L.nn.PixelUnshuffle(-2)),
    "Unfold kernel_size 0 builds ok": lambda L, d: repr(L.nn.Unfold(0)),
    "Fold output_size a triple builds ok": lambda L, d: repr(L.nn.Fold((3, 3, 3), 2)),
    "Dropout p 1.0001": lambda L, d: L.nn.Dropout(1.0001),
    "Dropout p -0.0001": lambda L, d: L.nn.Dropout(-0.0001),
    "Dropout p inf": lambda L, d: L.nn.Dropout(float("inf")),
    "Dropout p nan": lambda L, d: L.nn.Dropout(float("nan")),
    "Dropout p 0 ok": lambda L, d: repr(L.nn.Dropout(0)),
    "Dropout2d p -1e-9": lambda L, d: L.nn.Dropout2d(-1e-9),
    "AlphaDropout p 2": lambda L, d: L.nn.AlphaDropout(2),
    "FeatureAlphaDropout p -1": lambda L, d: L.nn.FeatureAlphaDropout(-1),
    "Dropout p a list": lambda L, d: L.nn.Dropout([0.5]),
    "MaxPool2d padding above half the kernel builds ok": lambda L, d: repr(L.nn.MaxPool2d(3, padding=2)),
    "AvgPool2d padding above half the kernel builds ok": lambda L, d: repr(L.nn.AvgPool2d(3, padding=2)),
    "AdaptiveAvgPool2d a triple builds ok": lambda L, d: repr(L.nn.AdaptiveAvgPool2d((2, 2, 2))),
    "AdaptiveAvgPool1d 0 builds ok": lambda L, d: repr(L.nn.AdaptiveAvgPool1d(0)),
})


table("forward13:", {
    "Conv1d wrong channels": lambda L, d: L.nn.Conv1d(3, 4, 3)(L.ones(2, 2, 8)),
    "Conv1d 4-d input": lambda L, d: L.nn.Conv1d(3, 4, 3)(L.ones(2, 3, 8, 8)),
    "Conv1d 1-d input": lambda L, d: L.nn.Conv1d(3, 4, 3)(L.ones(8)),
    "Conv1d input shorter than the kernel": lambda L, d: L.nn.Conv1d(3, 4, 5)(L.ones(2, 3, 4)),
    "Conv1d dilated kernel longer than the input": lambda L, d: L.nn.Conv1d(3, 4, 3, dilation=3)(L.ones(2, 3, 6)),
    "Conv1d batch of 0 ok": lambda L, d: shape(L.nn.Conv1d(3, 4, 3)(L.ones(0, 3, 8))),
    "Conv1d unbatched ok": lambda L, d: shape(L.nn.Conv1d(3, 4, 3)(L.ones(3, 8))),
    "Conv1d float64 input float32 layer": lambda L, d: L.nn.Conv1d(3, 4, 3)(L.ones(2, 3, 8, dtype=L.float64)),
    "Conv2d 5-d input": lambda L, d: L.nn.Conv2d(3, 4, 3)(L.ones(1, 1, 3, 6, 6)),
    "Conv2d 2-d input": lambda L, d: L.nn.Conv2d(3, 4, 3)(L.ones(6, 6)),
    "Conv2d wrong channels unbatched": lambda L, d: L.nn.Conv2d(3, 4, 3)(L.ones(2, 6, 6)),
    "Conv2d wrong channels with groups": lambda L, d: L.nn.Conv2d(4, 4, 3, groups=2)(L.ones(1, 2, 6, 6)),
    "Conv2d zero-size spatial input": lambda L, d: L.nn.Conv2d(3, 4, 3)(L.ones(1, 3, 0, 6)),
    "Conv2d batch of 0 ok": lambda L, d: shape(L.nn.Conv2d(3, 4, 3)(L.ones(0, 3, 6, 6))),
    "Conv2d padding same batch of 0 ok": lambda L, d: shape(L.nn.Conv2d(3, 4, 3, padding="same")(L.ones(0, 3, 5, 5))),
    "Conv2d reflect padding larger than the input": lambda L, d: L.nn.Conv2d(1, 1, 5, padding=3, padding_mode="reflect")(L.ones(1, 1, 3, 3)),
    "Conv2d circular padding larger than the input": lambda L, d: L.nn.Conv2d(1, 1, 5, padding=4, padding_mode="circular")(L.ones(1, 1, 3, 3)),
    "Conv2d int input": lambda L, d: L.nn.Conv2d(3, 4, 3)(L.ones(1, 3, 6, 6, dtype=L.int64)),
    "Conv3d 4-d input of the wrong channels": lambda L, d: L.nn.Conv3d(2, 2, 3)(L.ones(3, 4, 4, 4)),
    "Conv3d input smaller than the kernel": lambda L, d: L.nn.Conv3d(2, 2, 3)(L.ones(1, 2, 2, 4, 4)),
    "Conv3d 3-d input": lambda L, d: L.nn.Conv3d(2, 2, 3)(L.ones(2, 4, 4)),
    "ConvTranspose1d wrong channels": lambda L, d: L.nn.ConvTranspose1d(3, 2, 3)(L.ones(1, 2, 5)),
    "ConvTranspose1d 4-d input": lambda L, d: L.nn.ConvTranspose1d(3, 2, 3)(L.ones(1, 3, 5, 5)),
    "ConvTranspose2d wrong channels": lambda L, d: L.nn.ConvTranspose2d(3, 2, 3)(L.ones(1, 2, 5, 5)),
    "ConvTranspose2d output_size of the wrong size": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, stride=2)(L.ones(1, 2, 4, 4), output_size=(20, 20)),
    "ConvTranspose2d output_size reachable ok": lambda L, d: shape(L.nn.ConvTranspose2d(2, 2, 3, stride=2)(L.ones(1, 2, 4, 4), output_size=(10, 10))),
    "ConvTranspose2d output_size of the wrong length": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, stride=2)(L.ones(1, 2, 4, 4), output_size=(9, 9, 9)),
    "ConvTranspose2d batch of 0 ok": lambda L, d: shape(L.nn.ConvTranspose2d(2, 2, 3)(L.ones(0, 2, 4, 4))),
    "ConvTranspose3d wrong channels": lambda L, d: L.nn.ConvTranspose3d(2, 2, 3)(L.ones(1, 3, 2, 2, 2)),
    "Linear wrong last dim": lambda L, d: L.nn.Linear(3, 2)(L.ones(4, 2)),
    "Linear 0-d input": lambda L, d: L.nn.Linear(3, 2)(L.tensor(1.0)),
    "Linear batch of 0 ok": lambda L, d: shape(L.nn.Linear(3, 2)(L.ones(0, 3))),
    "Bilinear second input of the wrong size": lambda L, d: L.nn.Bilinear(2, 3, 4)(L.ones(5, 2), L.ones(5, 2)),
    "Bilinear batches differ": lambda L, d: L.nn.Bilinear(2, 3, 4)(L.ones(5, 2), L.ones(4, 3)),
    "Embedding float input": lambda L, d: L.nn.Embedding(5, 2)(L.tensor([1.0, 2.0])),
    "Embedding index equal to the size": lambda L, d: L.nn.Embedding(5, 2)(L.tensor([5])),
    "BatchNorm2d batch of 0 in training ok": lambda L, d: shape(L.nn.BatchNorm2d(2)(L.ones(0, 2, 3, 3))),
    "BatchNorm2d one value per channel in training": lambda L, d: L.nn.BatchNorm2d(2)(L.ones(1, 2, 1, 1)),
    "BatchNorm1d 4-d input": lambda L, d: L.nn.BatchNorm1d(2)(L.ones(2, 2, 3, 3)),
    "BatchNorm3d 4-d input": lambda L, d: L.nn.BatchNorm3d(2)(L.ones(2, 2, 3, 3)),
    "InstanceNorm2d wrong channels affine": lambda L, d: L.nn.InstanceNorm2d(3, affine=True)(L.ones(1, 2, 4, 4)),
    "InstanceNorm2d one value per channel": lambda L, d: L.nn.InstanceNorm2d(2)(L.ones(1, 2, 1, 1)),
    "GroupNorm batch of 0 ok": lambda L, d: shape(L.nn.GroupNorm(2, 4)(L.ones(0, 4, 3))),
    "MaxPool2d padding above half the kernel": lambda L, d: L.nn.MaxPool2d(3, padding=2)(L.ones(1, 1, 6, 6)),
    "MaxPool1d padding above half the kernel": lambda L, d: L.nn.MaxPool1d(2, padding=2)(L.ones(1, 1, 6)),
    "AvgPool2d padding above half the kernel": lambda L, d: L.nn.AvgPool2d(3, padding=2)(L.ones(1, 1, 6, 6)),
    "AvgPool1d padding above half the kernel": lambda L, d: L.nn.AvgPool1d(2, padding=2)(L.ones(1, 1, 6)),
    "MaxPool2d input smaller than the kernel": lambda L, d: L.nn.MaxPool2d(4)(L.ones(1, 1, 3, 3)),
    "MaxPool2d 5-d input": lambda L, d: L.nn.MaxPool2d(2)(L.ones(1, 1, 1, 4, 4)),
    "MaxPool2d batch of 0 ok": lambda L, d: shape(L.nn.MaxPool2d(2)(L.ones(0, 1, 4, 4))),
    "MaxPool2d zero channels": lambda L, d: L.nn.MaxPool2d(2)(L.ones(1, 0, 4, 4)),
    "AvgPool2d input smaller than the kernel": lambda L, d: L.nn.AvgPool2d(4)(L.ones(1, 1, 3, 3)),
    "AdaptiveAvgPool2d a triple": lambda L, d: L.nn.AdaptiveAvgPool2d((2, 2, 2))(L.ones(1, 1, 4, 4)),
    "AdaptiveAvgPool1d output 0": lambda L, d: L.nn.AdaptiveAvgPool1d(0)(L.ones(1, 1, 4)),
    "AdaptiveAvgPool2d output (2, 0)": lambda L, d: L.nn.AdaptiveAvgPool2d((2, 0))(L.ones(1, 1, 4, 4)),
    "AdaptiveAvgPool2d input with an empty dim": lambda L, d: L.nn.AdaptiveAvgPool2d(2)(L.ones(1, 1, 0, 4)),
    "AdaptiveMaxPool2d output -1": lambda L, d: L.nn.AdaptiveMaxPool2d(-1)(L.ones(1, 1, 4, 4)),
    "AdaptiveAvgPool2d 2-d input": lambda L, d: L.nn.AdaptiveAvgPool2d(2)(L.ones(4, 4)),
    "Upsample scale_factor 0": lambda L, d: L.nn.Upsample(scale_factor=0)(L.ones(1, 1, 4, 4)),
    "Upsample mode typo": lambda L, d: L.nn.Upsample(scale_factor=2, mode="bilinar")(L.ones(1, 1, 4, 4)),
    "Upsample bilinear on a 3-d input": lambda L, d: L.nn.Upsample(scale_factor=2, mode="bilinear")(L.ones(1, 1, 4)),
    "Upsample trilinear on a 4-d input": lambda L, d: L.nn.Upsample(scale_factor=2, mode="trilinear")(L.ones(1, 1, 4, 4)),
    "UpsamplingNearest2d scale_factor -1": lambda L, d: L.nn.UpsamplingNearest2d(scale_factor=-1)(L.ones(1, 1, 4, 4)),
    "PixelShuffle channels not divisible": lambda L, d: L.nn.PixelShuffle(2)(L.ones(1, 6, 2, 2)),
    "PixelShuffle a float factor": lambda L, d: L.nn.PixelShuffle(1.5)(L.ones(1, 4, 2, 2)),
    "PixelShuffle 2-d input": lambda L, d: L.nn.PixelShuffle(2)(L.ones(4, 4)),
    "PixelUnshuffle size not divisible": lambda L, d: L.nn.PixelUnshuffle(2)(L.ones(1, 1, 3, 4)),
    "PixelUnshuffle -2": lambda L, d: L.nn.PixelUnshuffle(-2)(L.ones(1, 1, 4, 4)),
    "Unfold kernel_size 0": lambda L, d: L.nn.Unfold(0)(L.ones(1, 1, 4, 4)),
    "Unfold kernel larger than the input": lambda L, d: L.nn.Unfold(5)(L.ones(1, 1, 4, 4)),
    "Unfold 3-d input ok": lambda L, d: shape(L.nn.Unfold(2)(L.ones(1, 4, 4))),
    "Unfold 5-d input": lambda L, d: L.nn.Unfold(2)(L.ones(1, 1, 1, 4, 4)),
    "Fold output_size a triple": lambda L, d: L.nn.Fold((3, 3, 3), 2)(L.ones(1, 4, 4)),
    "Fold blocks of the wrong count": lambda L, d: L.nn.Fold((3, 3), 2)(L.ones(1, 4, 5)),
    "Fold channels not divisible by the kernel": lambda L, d: L.nn.Fold((3, 3), 2)(L.ones(1, 5, 4)),
    "Fold 4-d input": lambda L, d: L.nn.Fold((3, 3), 2)(L.ones(1, 1, 4, 4)),
})


def img(L, *shape):
    """A float64 image of ``shape`` (1 x 1 x 4 x 4 without one)."""
    return t(L, *(shape or (1, 1, 4, 4)))


F = {
    "interpolate size and scale_factor": lambda L, d: L.nn.functional.interpolate(img(L), size=8, scale_factor=2),
    "interpolate neither size nor scale_factor": lambda L, d: L.nn.functional.interpolate(img(L)),
    "interpolate size of the wrong length": lambda L, d: L.nn.functional.interpolate(img(L), size=(8, 8, 8)),
    "interpolate scale_factor of the wrong length": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=(2, 2, 2)),
    "interpolate linear on a 4-d input": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=2, mode="linear"),
    "interpolate bilinear on a 5-d input": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 2, 2, 2), scale_factor=2, mode="bilinear"),
    "interpolate bicubic on a 3-d input": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 4), scale_factor=2, mode="bicubic"),
    "interpolate trilinear on a 3-d input": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 4), scale_factor=2, mode="trilinear"),
    "interpolate a 2-d input": lambda L, d: L.nn.functional.interpolate(img(L, 4, 4), scale_factor=2),
    "interpolate a 6-d input": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 2, 2, 2, 2), scale_factor=2),
    "interpolate nearest align_corners True": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=2, mode="nearest", align_corners=True),
    "interpolate nearest align_corners False": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=2, mode="nearest", align_corners=False),
    "interpolate area align_corners True": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=2, mode="area", align_corners=True),
    "interpolate nearest-exact align_corners True": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=2, mode="nearest-exact", align_corners=True),
    "interpolate mode Bilinear": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=2, mode="Bilinear"),
    "interpolate size 0": lambda L, d: L.nn.functional.interpolate(img(L), size=(0, 4)),
    "interpolate scale_factor giving size 0": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=0.1),
    "interpolate antialias with nearest": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=0.5, mode="nearest", antialias=True),
    "interpolate recompute_scale_factor with size": lambda L, d: L.nn.functional.interpolate(img(L), size=8, recompute_scale_factor=True),
    "interpolate batch of 0 ok": lambda L, d: shape(L.nn.functional.interpolate(img(L, 0, 1, 4, 4), scale_factor=2, mode="bilinear")),
    "pad a pad of odd length": lambda L, d: L.nn.functional.pad(img(L), (1, 1, 1)),
    "pad a pad of length one": lambda L, d: L.nn.functional.pad(img(L), (1,)),
    "pad more pads than dims": lambda L, d: L.nn.functional.pad(img(L, 2, 2), (1, 1, 1, 1, 1, 1)),
    "pad reflect as large as the input": lambda L, d: L.nn.functional.pad(img(L), (4, 4), mode="reflect"),
    "pad reflect larger than the input on one side": lambda L, d: L.nn.functional.pad(img(L), (0, 5, 0, 0), mode="reflect"),
    "pad reflect 2-d pads on a 3-d input": lambda L, d: L.nn.functional.pad(img(L, 1, 4, 4), (1, 1, 1, 1), mode="reflect"),
    "pad reflect three pairs on a 4-d input": lambda L, d: L.nn.functional.pad(img(L), (1, 1, 1, 1, 1, 1), mode="reflect"),
    "pad replicate on a 1-d input": lambda L, d: L.nn.functional.pad(img(L, 4), (1, 1), mode="replicate"),
    "pad circular larger than the input": lambda L, d: L.nn.functional.pad(img(L), (5, 5), mode="circular"),
    "pad negative cropping everything": lambda L, d: L.nn.functional.pad(img(L), (-2, -2)),
    "pad negative cropping past the input": lambda L, d: L.nn.functional.pad(img(L), (-3, -3)),
    "pad negative ok": lambda L, d: shape(L.nn.functional.pad(img(L), (-1, -1, 0, 1))),
    "pad reflect negative ok": lambda L, d: shape(L.nn.functional.pad(img(L), (-1, 1), mode="reflect")),
    "pad constant value with reflect": lambda L, d: L.nn.functional.pad(img(L), (1, 1), mode="reflect", value=1.0),
    "pad mode typo": lambda L, d: L.nn.functional.pad(img(L), (1, 1), mode="reflection"),
    "pad a float in pads": lambda L, d: L.nn.functional.pad(img(L), (1.0, 1)),
    "grid_sample grid of another batch": lambda L, d: L.nn.functional.grid_sample(img(L, 2, 1, 4, 4), img(L, 1, 3, 3, 2), align_corners=False),
    "grid_sample grid last dim 3 on a 4-d input": lambda L, d: L.nn.functional.grid_sample(img(L), img(L, 1, 3, 3, 3), align_corners=False),
    "grid_sample grid of the wrong rank": lambda L, d: L.nn.functional.grid_sample(img(L), img(L, 1, 3, 2), align_corners=False),
    "grid_sample 3-d input": lambda L, d: L.nn.functional.grid_sample(img(L, 1, 4, 4), img(L, 1, 3, 2), align_corners=False),
    "grid_sample dtypes differ": lambda L, d: L.nn.functional.grid_sample(img(L), img(L, 1, 3, 3, 2).float(), align_corners=False),
    "grid_sample bicubic on a 5-d input": lambda L, d: L.nn.functional.grid_sample(img(L, 1, 1, 2, 2, 2), img(L, 1, 2, 2, 2, 3), mode="bicubic", align_corners=False),
    "grid_sample mode typo": lambda L, d: L.nn.functional.grid_sample(img(L), img(L, 1, 3, 3, 2), mode="linear", align_corners=False),
    "grid_sample padding_mode typo": lambda L, d: L.nn.functional.grid_sample(img(L), img(L, 1, 3, 3, 2), padding_mode="reflect", align_corners=False),
    "grid_sample int input": lambda L, d: L.nn.functional.grid_sample(L.ones(1, 1, 4, 4, dtype=L.int64), img(L, 1, 3, 3, 2), align_corners=False),
    "affine_grid theta 2 x 3 for a 5-d size": lambda L, d: L.nn.functional.affine_grid(img(L, 1, 2, 3), (1, 1, 2, 2, 2), align_corners=False),
    "affine_grid theta 3 x 4 for a 4-d size": lambda L, d: L.nn.functional.affine_grid(img(L, 1, 3, 4), (1, 1, 2, 2), align_corners=False),
    "affine_grid theta of another batch": lambda L, d: L.nn.functional.affine_grid(img(L, 2, 2, 3), (1, 1, 2, 2), align_corners=False),
    "affine_grid 2-d theta": lambda L, d: L.nn.functional.affine_grid(img(L, 2, 3), (1, 1, 2, 2), align_corners=False),
    "affine_grid a 3-d size": lambda L, d: L.nn.functional.affine_grid(img(L, 1, 2, 3), (1, 1, 2), align_corners=False),
    "affine_grid int theta": lambda L, d: L.nn.functional.affine_grid(L.ones(1, 2, 3, dtype=L.int64), (1, 1, 2, 2), align_corners=False),
    "affine_grid a size of 0": lambda L, d: L.nn.functional.affine_grid(img(L, 1, 2, 3), (1, 1, 0, 2), align_corners=False),
}
table("nnf13:", F)


def logits(L):
    """A 3 x 4 float64 batch of logits."""
    return t(L, 3, 4)


table("loss13:", {
    "mse_loss broadcasting target ok": lambda L, d: L.nn.functional.mse_loss(t(L, 3, 1), t(L, 3, 4)).tolist(),
    "mse_loss float32 and float64": lambda L, d: L.nn.functional.mse_loss(t(L, 3), t(L, 3, dtype=L.float32)).dtype,
    "mse_loss reduction typo": lambda L, d: L.nn.functional.mse_loss(t(L, 3), t(L, 3), reduction="average"),
    "mse_loss reduction None": lambda L, d: L.nn.functional.mse_loss(t(L, 3), t(L, 3), reduction=None),
    "l1_loss reduction Mean": lambda L, d: L.nn.functional.l1_loss(t(L, 3), t(L, 3), reduction="Mean"),
    "smooth_l1_loss reduction typo": lambda L, d: L.nn.functional.smooth_l1_loss(t(L, 3), t(L, 3), reduction="avg"),
    "bce reduction typo": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3), t(L, 3), reduction="meen"),
    "bce input above 1": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3) + 1, t(L, 3)),
    "bce_with_logits reduction typo": lambda L, d: L.nn.functional.binary_cross_entropy_with_logits(t(L, 3), t(L, 3), reduction="summ"),
    "MSELoss reduction typo builds ok": lambda L, d: repr(L.nn.MSELoss(reduction="average")),
    "MSELoss reduction typo": lambda L, d: L.nn.MSELoss(reduction="average")(t(L, 3), t(L, 3)),
    "CrossEntropyLoss label_smoothing -0.1": lambda L, d: L.nn.CrossEntropyLoss(label_smoothing=-0.1)(logits(L), L.tensor([0, 1, 2])),
    "CrossEntropyLoss reduction typo": lambda L, d: L.nn.CrossEntropyLoss(reduction="avg")(logits(L), L.tensor([0, 1, 2])),
    "cross_entropy float target 1-d for 2-d input": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3)),
    "cross_entropy float target of another batch": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 2, 4)),
    "cross_entropy float target 3-d": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4, 1)),
    "cross_entropy float target float32 with float64 input": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4, dtype=L.float32) / 4),
    "cross_entropy label_smoothing -0.5": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=-0.5),
    "cross_entropy label_smoothing 2 with probabilities": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.softmax(t(L, 3, 4), 1), label_smoothing=2.0),
    "cross_entropy ignore_index in range ok": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), ignore_index=1).item(),
    "cross_entropy target out of range with ignore_index elsewhere": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 7, 2]), ignore_index=1),
    "cross_entropy 4-d input 2-d target": lambda L, d: L.nn.functional.cross_entropy(t(L, 2, 3, 2, 2), L.zeros(2, 2, dtype=L.int64)),
    "cross_entropy 4-d target out of range": lambda L, d: L.nn.functional.cross_entropy(t(L, 2, 3, 2, 2), L.full((2, 2, 2), 3, dtype=L.int64)),
    "nll_loss target equal to the class count": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 4, 1])),
    "nll_loss target -1": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, -1, 1])),
    "nll_loss target -1 ignored ok": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, -1, 1]), ignore_index=-1).item(),
    "nll_loss target of another batch": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 1])),
    "nll_loss 2-d target for 2-d input": lambda L, d: L.nn.functional.nll_loss(logits(L), L.zeros(3, 1, dtype=L.int64)),
    "nll_loss 4-d input target out of range": lambda L, d: L.nn.functional.nll_loss(t(L, 1, 3, 2, 2), L.full((1, 2, 2), 5, dtype=L.int64)),
    "nll_loss reduction typo": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 1, 2]), reduction="summ"),
    "NLLLoss weight of the wrong length": lambda L, d: L.nn.NLLLoss(weight=L.ones(3, dtype=L.float64))(logits(L), L.tensor([0, 1, 2])),
})


def net(L):
    """A small float64 convolutional net of fixed weights: conv 1 -> 2 (3 x 3, padding 1), batch norm, ReLU."""
    m = L.nn.Sequential(L.nn.Conv2d(1, 2, 3, padding=1, dtype=L.float64), L.nn.BatchNorm2d(2, dtype=L.float64),
                        L.nn.ReLU())
    with L.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(t(L, *p.shape) + i)
    return m


def module_state(m):
    """A module's state dict as data, and whether it is training."""
    return [(k, values(v)) for k, v in m.state_dict().items()], m.training


def failed_forward(x_shape, make=net, **build):
    """The case calling ``make``'s module in training on a float64 input of ``x_shape`` (which fails): the
    error's kind and the module's state after."""
    def case(L, d):
        m = make(L)
        return attempt(L, lambda: m(t(L, *x_shape))), module_state(m)
    return case


table("keeps13:", {
    "net given the wrong channels": failed_forward((1, 3, 4, 4)),
    "net given a 3-d input of the wrong channels": failed_forward((3, 4, 4)),
    "net given one value per channel": failed_forward((1, 1, 1, 1)),
    "net given a 5-d input": failed_forward((1, 1, 1, 4, 4)),
    "BatchNorm2d given the wrong channels": failed_forward((2, 3, 4, 4), lambda L: L.nn.BatchNorm2d(2, dtype=L.float64)),
    "BatchNorm1d given a 4-d input": failed_forward((2, 2, 3, 3), lambda L: L.nn.BatchNorm1d(2, dtype=L.float64)),
    "BatchNorm1d given one row": failed_forward((1, 2), lambda L: L.nn.BatchNorm1d(2, dtype=L.float64)),
    "InstanceNorm1d with running stats given the wrong channels": failed_forward(
        (2, 3, 5), lambda L: L.nn.InstanceNorm1d(2, track_running_stats=True, dtype=L.float64)),
})


def params(L):
    """Two float64 parameters: a 2 x 2 weight and a bias of 2."""
    return [L.nn.Parameter(t(L, 2, 2)), L.nn.Parameter(t(L, 2))]


table("optim13:", {
    "SGD lr -0.1": lambda L, d: L.optim.SGD(params(L), lr=-0.1),
    "SGD lr nan": lambda L, d: L.optim.SGD(params(L), lr=float("nan")),
    "SGD lr inf ok": lambda L, d: L.optim.SGD(params(L), lr=float("inf")).param_groups[0]["lr"],
    "SGD momentum -0.5": lambda L, d: L.optim.SGD(params(L), lr=0.1, momentum=-0.5),
    "SGD weight_decay -1e-4": lambda L, d: L.optim.SGD(params(L), lr=0.1, weight_decay=-1e-4),
    "SGD nesterov without momentum": lambda L, d: L.optim.SGD(params(L), lr=0.1, nesterov=True),
    "SGD nesterov with dampening": lambda L, d: L.optim.SGD(params(L), lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
    "SGD nesterov dampening 0 ok": lambda L, d: type(L.optim.SGD(params(L), lr=0.1, momentum=0.9, dampening=0, nesterov=True)).__name__,
    "SGD an empty list": lambda L, d: L.optim.SGD([], lr=0.1),
    "SGD an empty generator": lambda L, d: L.optim.SGD(iter([]), lr=0.1),
    "SGD a group of no parameters ok": lambda L, d: len(L.optim.SGD([{"params": []}], lr=0.1).param_groups),
    "SGD a parameter twice": lambda L, d: L.optim.SGD((lambda p: [p, p])(L.nn.Parameter(t(L, 2))), lr=0.1),
    "SGD a parameter in two groups": lambda L, d: L.optim.SGD((lambda p: [{"params": [p]}, {"params": [p]}])(L.nn.Parameter(t(L, 2))), lr=0.1),
    "SGD a non-leaf tensor": lambda L, d: L.optim.SGD([L.nn.Parameter(t(L, 2)) * 2], lr=0.1),
    "SGD a tensor not requiring grad ok": lambda L, d: len(L.optim.SGD([t(L, 2)], lr=0.1).param_groups[0]["params"]),
    "SGD a single tensor": lambda L, d: L.optim.SGD(L.nn.Parameter(t(L, 2)), lr=0.1),
    "SGD a dict of parameters": lambda L, d: L.optim.SGD({"w": L.nn.Parameter(t(L, 2))}, lr=0.1),
    "SGD a group without params": lambda L, d: L.optim.SGD([{"lr": 0.1}], lr=0.1),
    "SGD an int tensor": lambda L, d: L.optim.SGD([L.ones(2, dtype=L.int64)], lr=0.1),
    "Adam lr -1e-3": lambda L, d: L.optim.Adam(params(L), lr=-1e-3),
    "Adam beta1 1.0": lambda L, d: L.optim.Adam(params(L), betas=(1.0, 0.999)),
    "Adam beta2 -0.1": lambda L, d: L.optim.Adam(params(L), betas=(0.9, -0.1)),
    "Adam betas of three": lambda L, d: L.optim.Adam(params(L), betas=(0.9, 0.99, 0.999)),
    "Adam eps -1e-8": lambda L, d: L.optim.Adam(params(L), eps=-1e-8),
    "Adam weight_decay -0.01": lambda L, d: L.optim.Adam(params(L), weight_decay=-0.01),
    "Adam an empty list": lambda L, d: L.optim.Adam([]),
    "Adam a parameter twice": lambda L, d: L.optim.Adam((lambda p: [p, p])(L.nn.Parameter(t(L, 2)))),
    "AdamW lr -1": lambda L, d: L.optim.AdamW(params(L), lr=-1),
    "AdamW beta1 -0.1": lambda L, d: L.optim.AdamW(params(L), betas=(-0.1, 0.999)),
    "AdamW weight_decay -1": lambda L, d: L.optim.AdamW(params(L), weight_decay=-1),
    "RMSprop lr -0.01": lambda L, d: L.optim.RMSprop(params(L), lr=-0.01),
    "RMSprop eps -1": lambda L, d: L.optim.RMSprop(params(L), eps=-1),
    "Adagrad lr -1": lambda L, d: L.optim.Adagrad(params(L), lr=-1),
    "Adagrad eps -1": lambda L, d: L.optim.Adagrad(params(L), eps=-1),
    "Adadelta rho 1.5": lambda L, d: L.optim.Adadelta(params(L), rho=1.5),
    "add_param_group a parameter already in": lambda L, d: (lambda p: L.optim.SGD([p], lr=0.1).add_param_group({"params": [p]}))(L.nn.Parameter(t(L, 2))),
    "add_param_group without lr ok": lambda L, d: (lambda o: (o.add_param_group({"params": [L.nn.Parameter(t(L, 2))]}), o.param_groups[1]["lr"])[1])(L.optim.SGD(params(L), lr=0.1)),
    "add_param_group a non-leaf": lambda L, d: L.optim.SGD(params(L), lr=0.1).add_param_group({"params": [L.nn.Parameter(t(L, 2)) * 2]}),
    "add_param_group a set of parameters": lambda L, d: L.optim.SGD(params(L), lr=0.1).add_param_group({"params": {L.nn.Parameter(t(L, 2))}}),
})


def groups_after(L, fail):
    """The case's state: an SGD optimizer's groups (their sizes and lr) after ``fail(L, opt)``, and the kind."""
    opt = L.optim.SGD(params(L), lr=0.1)
    kind = attempt(L, lambda: fail(L, opt))
    return kind, [(len(g["params"]), g["lr"], sorted(g)) for g in opt.param_groups]


table("keeps13:", {
    "add_param_group a parameter already in": lambda L, d: groups_after(L, lambda L, o: o.add_param_group({"params": [o.param_groups[0]["params"][0]]})),
    "add_param_group a non-leaf": lambda L, d: groups_after(L, lambda L, o: o.add_param_group({"params": [L.nn.Parameter(t(L, 2)) * 2]})),
    "add_param_group a bad lr after a good one": lambda L, d: groups_after(L, lambda L, o: o.add_param_group({"params": [L.nn.Parameter(t(L, 2))], "lr": -1.0})),
    "add_param_group an empty list": lambda L, d: groups_after(L, lambda L, o: o.add_param_group({"params": []})),
    "add_param_group a new and a repeated parameter": lambda L, d: groups_after(
        L, lambda L, o: o.add_param_group({"params": [L.nn.Parameter(t(L, 2)), o.param_groups[0]["params"][1]]})),
})


def opt(L):
    """An SGD optimizer of lr 1 over two parameters."""
    return L.optim.SGD(params(L), lr=1.0)


table("sched13:", {
    "StepLR step_size 0 builds ok": lambda L, d: type(L.optim.lr_scheduler.StepLR(opt(L), 0)).__name__,
    "StepLR a non-optimizer": lambda L, d: L.optim.lr_scheduler.StepLR(object(), 1),
    "StepLR last_epoch 3 without initial_lr": lambda L, d: L.optim.lr_scheduler.StepLR(opt(L), 1, last_epoch=3),
    "MultiStepLR milestones unsorted ok": lambda L, d: sorted(L.optim.lr_scheduler.MultiStepLR(opt(L), [3, 1]).milestones),
    "ExponentialLR gamma -1 ok": lambda L, d: L.optim.lr_scheduler.ExponentialLR(opt(L), -1.0).get_last_lr(),
    "LinearLR start_factor 0": lambda L, d: L.optim.lr_scheduler.LinearLR(opt(L), start_factor=0),
    "LinearLR start_factor above 1": lambda L, d: L.optim.lr_scheduler.LinearLR(opt(L), start_factor=1.5),
    "LinearLR end_factor -0.5": lambda L, d: L.optim.lr_scheduler.LinearLR(opt(L), end_factor=-0.5),
    "ConstantLR factor above 1": lambda L, d: L.optim.lr_scheduler.ConstantLR(opt(L), factor=1.5),
    "CosineAnnealingWarmRestarts T_mult 0": lambda L, d: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt(L), 2, T_mult=0),
    "CosineAnnealingWarmRestarts eta_min a str": lambda L, d: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt(L), 2, eta_min="0"),
    "OneCycleLR neither total_steps nor epochs": lambda L, d: L.optim.lr_scheduler.OneCycleLR(opt(L), 1.0),
    "OneCycleLR epochs 0": lambda L, d: L.optim.lr_scheduler.OneCycleLR(opt(L), 1.0, epochs=0, steps_per_epoch=2),
    "OneCycleLR steps_per_epoch -1": lambda L, d: L.optim.lr_scheduler.OneCycleLR(opt(L), 1.0, epochs=2, steps_per_epoch=-1),
    "OneCycleLR anneal_strategy typo": lambda L, d: L.optim.lr_scheduler.OneCycleLR(opt(L), 1.0, total_steps=10, anneal_strategy="cosine"),
    "OneCycleLR max_lr a list of the wrong length": lambda L, d: L.optim.lr_scheduler.OneCycleLR(opt(L), [1.0, 2.0], total_steps=10),
    "CyclicLR mode typo": lambda L, d: L.optim.lr_scheduler.CyclicLR(opt(L), 0.1, 1.0, mode="triangle", cycle_momentum=False),
    "CyclicLR cycle_momentum without momentum": lambda L, d: L.optim.lr_scheduler.CyclicLR(L.optim.Adam(params(L)), 0.1, 1.0, cycle_momentum=True),
    "ReduceLROnPlateau factor 1": lambda L, d: L.optim.lr_scheduler.ReduceLROnPlateau(opt(L), factor=1.0),
    "ReduceLROnPlateau min_lr a list of the wrong length": lambda L, d: L.optim.lr_scheduler.ReduceLROnPlateau(opt(L), min_lr=[0.1, 0.2]),
    "SequentialLR milestones of the wrong length": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(o, [L.optim.lr_scheduler.ConstantLR(o), L.optim.lr_scheduler.ExponentialLR(o, 0.9)], milestones=[1, 2]))(opt(L)),
    "SequentialLR schedulers of another optimizer": lambda L, d: (lambda o: L.optim.lr_scheduler.SequentialLR(o, [L.optim.lr_scheduler.ConstantLR(opt(L)), L.optim.lr_scheduler.ExponentialLR(o, 0.9)], milestones=[1]))(opt(L)),
    "ChainedScheduler of another optimizer": lambda L, d: (lambda o: L.optim.lr_scheduler.ChainedScheduler([L.optim.lr_scheduler.ConstantLR(opt(L)), L.optim.lr_scheduler.ExponentialLR(o, 0.9)]))(opt(L)),
    "LambdaLR a list of the wrong length": lambda L, d: L.optim.lr_scheduler.LambdaLR(opt(L), [lambda e: 1.0, lambda e: 0.5]),
})


table("forward13:", {
    "Linear float32 layer float64 input": lambda L, d: L.nn.Linear(3, 2)(L.ones(4, 3, dtype=L.float64)),
    "Linear int input": lambda L, d: L.nn.Linear(3, 2)(L.ones(4, 3, dtype=L.int64)),
    "Linear 1-d input of the wrong size": lambda L, d: L.nn.Linear(3, 2)(L.ones(4)),
    "Linear a list input": lambda L, d: L.nn.Linear(3, 2)([1.0, 2.0, 3.0]),
    "Bilinear 1-d inputs ok": lambda L, d: shape(L.nn.Bilinear(2, 3, 4)(L.ones(2), L.ones(3))),
    "Bilinear ranks differ": lambda L, d: L.nn.Bilinear(2, 3, 4)(L.ones(5, 2), L.ones(3)),
    "Bilinear 3-d batches differ at dim 1": lambda L, d: L.nn.Bilinear(2, 3, 4)(L.ones(2, 5, 2), L.ones(2, 4, 3)),
    "Bilinear float64 second input": lambda L, d: L.nn.Bilinear(2, 3, 4)(L.ones(5, 2), L.ones(5, 3, dtype=L.float64)),
    "Conv2d a list input": lambda L, d: L.nn.Conv2d(1, 1, 1)([[[[1.0]]]]),
    "Conv2d unbatched with groups of the wrong channels": lambda L, d: L.nn.Conv2d(4, 4, 3, groups=2)(L.ones(2, 6, 6)),
    "Conv2d padding same even kernel batch ok": lambda L, d: shape(L.nn.Conv2d(1, 2, 4, padding="same")(L.ones(1, 1, 5, 5))),
    "Conv2d replicate padding 0-size spatial": lambda L, d: L.nn.Conv2d(1, 1, 3, padding=1, padding_mode="replicate")(L.ones(1, 1, 0, 3)),
    "Conv2d reflect padding equal to the input": lambda L, d: L.nn.Conv2d(1, 1, 3, padding=3, padding_mode="reflect")(L.ones(1, 1, 3, 3)),
    "Conv2d strided input smaller than the kernel": lambda L, d: L.nn.Conv2d(1, 1, 3, stride=2)(L.ones(1, 1, 2, 8)),
    "ConvTranspose2d output_padding not below stride": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, stride=2, output_padding=(0, 2))(L.ones(1, 2, 3, 3)),
    "ConvTranspose2d output_padding below dilation not stride ok": lambda L, d: shape(L.nn.ConvTranspose2d(2, 2, 3, stride=1, dilation=2, output_padding=1)(L.ones(1, 2, 3, 3))),
    "ConvTranspose2d output_padding not below dilation nor stride": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, stride=2, dilation=2, output_padding=2)(L.ones(1, 2, 3, 3)),
    "ConvTranspose2d padding leaving nothing": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, padding=3)(L.ones(1, 2, 2, 2)),
    "ConvTranspose2d unbatched wrong channels": lambda L, d: L.nn.ConvTranspose2d(3, 2, 3)(L.ones(2, 4, 4)),
    "ConvTranspose2d output_size smaller than reachable": lambda L, d: L.nn.ConvTranspose2d(2, 2, 3, stride=2)(L.ones(1, 2, 4, 4), output_size=(8, 8)),
    "ConvTranspose2d output_size with batch and channels ok": lambda L, d: shape(L.nn.ConvTranspose2d(2, 2, 3, stride=2)(L.ones(1, 2, 4, 4), output_size=(1, 2, 10, 10))),
    "ConvTranspose1d output_size of the wrong length": lambda L, d: L.nn.ConvTranspose1d(2, 2, 3, stride=2)(L.ones(1, 2, 4), output_size=(9, 9)),
    "Embedding 0-d index ok": lambda L, d: shape(L.nn.Embedding(5, 2)(L.tensor(3))),
    "Embedding int32 index ok": lambda L, d: shape(L.nn.Embedding(5, 2)(L.tensor([3], dtype=L.int32))),
    "Embedding bool index": lambda L, d: L.nn.Embedding(5, 2)(L.tensor([True])),
    "Embedding a list index": lambda L, d: L.nn.Embedding(5, 2)([1, 2]),
    "Embedding max_norm index out of range": lambda L, d: L.nn.Embedding(5, 2, max_norm=1.0)(L.tensor([7])),
    "EmbeddingBag offsets not starting at 0": lambda L, d: L.nn.EmbeddingBag(5, 2)(L.tensor([0, 1, 2]), L.tensor([1, 2])),
    "EmbeddingBag 2-d input with offsets": lambda L, d: L.nn.EmbeddingBag(5, 2)(L.tensor([[0, 1]]), L.tensor([0])),
    "EmbeddingBag 1-d input without offsets": lambda L, d: L.nn.EmbeddingBag(5, 2)(L.tensor([0, 1])),
    "BatchNorm2d float64 input float32 layer in eval": lambda L, d: L.nn.BatchNorm2d(2).eval()(L.ones(2, 2, 3, 3, dtype=L.float64)),
    "BatchNorm2d int input": lambda L, d: L.nn.BatchNorm2d(2)(L.ones(2, 2, 3, 3, dtype=L.int64)),
    "BatchNorm2d zero channels": lambda L, d: shape(L.nn.BatchNorm2d(0)(L.ones(2, 0, 3, 3))),
    "BatchNorm1d 1-d input": lambda L, d: L.nn.BatchNorm1d(2)(L.ones(2)),
    "GroupNorm channels not divisible at forward": lambda L, d: L.nn.GroupNorm(2, 4)(L.ones(2, 5, 3)),
    "LayerNorm batch of 0 ok": lambda L, d: shape(L.nn.LayerNorm(3)(L.ones(0, 3))),
    "MaxPool2d padding half the kernel ok": lambda L, d: shape(L.nn.MaxPool2d(4, padding=2)(L.ones(1, 1, 6, 6))),
    "MaxPool2d dilated padding above half": lambda L, d: L.nn.MaxPool2d(3, padding=2, dilation=2)(L.ones(1, 1, 8, 8)),
    "MaxPool2d a padding pair with one above half": lambda L, d: L.nn.MaxPool2d(3, padding=(1, 2))(L.ones(1, 1, 6, 6)),
    "MaxPool3d padding above half the kernel": lambda L, d: L.nn.MaxPool3d(2, padding=2)(L.ones(1, 1, 4, 4, 4)),
    "MaxPool2d return_indices 0-size output": lambda L, d: L.nn.MaxPool2d(5, return_indices=True)(L.ones(1, 1, 4, 4)),
    "MaxPool2d ceil_mode input smaller than the kernel": lambda L, d: L.nn.MaxPool2d(3, ceil_mode=True)(L.ones(1, 1, 2, 2)),
    "MaxPool2d int input ok": lambda L, d: L.nn.MaxPool2d(2)(L.arange(16).reshape(1, 1, 4, 4)).tolist(),
    "AvgPool2d int input": lambda L, d: L.nn.AvgPool2d(2)(L.arange(16).reshape(1, 1, 4, 4)),
    "AvgPool3d padding above half the kernel": lambda L, d: L.nn.AvgPool3d(2, padding=2)(L.ones(1, 1, 4, 4, 4)),
    "AvgPool2d divisor_override 0": lambda L, d: L.nn.AvgPool2d(2, divisor_override=0)(L.ones(1, 1, 4, 4)),
    "MaxUnpool2d indices of the wrong shape": lambda L, d: L.nn.MaxUnpool2d(2)(L.ones(1, 1, 2, 2), L.zeros(1, 1, 2, 3, dtype=L.int64)),
    "MaxUnpool2d an index out of range": lambda L, d: L.nn.MaxUnpool2d(2)(L.ones(1, 1, 2, 2), L.full((1, 1, 2, 2), 16, dtype=L.int64)),
    "AdaptiveAvgPool3d a pair": lambda L, d: L.nn.AdaptiveAvgPool3d((2, 2))(L.ones(1, 1, 4, 4, 4)),
    "AdaptiveAvgPool2d 5-d input": lambda L, d: L.nn.AdaptiveAvgPool2d(2)(L.ones(1, 1, 1, 4, 4)),
    "AdaptiveAvgPool2d larger than the input ok": lambda L, d: shape(L.nn.AdaptiveAvgPool2d(6)(L.ones(1, 1, 4, 4))),
    "AdaptiveMaxPool1d output 0": lambda L, d: L.nn.AdaptiveMaxPool1d(0)(L.ones(1, 1, 4)),
    "AdaptiveAvgPool2d int input": lambda L, d: L.nn.AdaptiveAvgPool2d(2)(L.ones(1, 1, 4, 4, dtype=L.int64)),
    "Upsample size on a 3-d input of the wrong length": lambda L, d: L.nn.Upsample(size=(4, 4))(L.ones(1, 1, 4)),
    "Upsample scale_factor pair on a 5-d input": lambda L, d: L.nn.Upsample(scale_factor=(2, 2))(L.ones(1, 1, 2, 2, 2)),
    "Upsample bicubic on a 5-d input": lambda L, d: L.nn.Upsample(scale_factor=2, mode="bicubic")(L.ones(1, 1, 2, 2, 2)),
    "Upsample int input bilinear": lambda L, d: L.nn.Upsample(scale_factor=2, mode="bilinear")(L.ones(1, 1, 2, 2, dtype=L.int64)),
    "Upsample int input nearest": lambda L, d: L.nn.Upsample(scale_factor=2)(L.ones(1, 1, 2, 2, dtype=L.int64)),
    "UpsamplingBilinear2d on a 3-d input": lambda L, d: L.nn.UpsamplingBilinear2d(scale_factor=2)(L.ones(1, 1, 4)),
    "PixelShuffle 0-size channels ok": lambda L, d: shape(L.nn.PixelShuffle(2)(L.ones(1, 0, 2, 2))),
    "PixelShuffle factor 0": lambda L, d: L.nn.PixelShuffle(0)(L.ones(1, 4, 2, 2)),
    "PixelUnshuffle 2-d input": lambda L, d: L.nn.PixelUnshuffle(2)(L.ones(4, 4)),
    "Unfold stride 0": lambda L, d: L.nn.Unfold(2, stride=0)(L.ones(1, 1, 4, 4)),
    "Unfold dilation 0": lambda L, d: L.nn.Unfold(2, dilation=0)(L.ones(1, 1, 4, 4)),
    "Unfold padding -1": lambda L, d: L.nn.Unfold(2, padding=-1)(L.ones(1, 1, 4, 4)),
    "Unfold kernel a triple": lambda L, d: L.nn.Unfold((2, 2, 2))(L.ones(1, 1, 4, 4)),
    "Fold kernel 0": lambda L, d: L.nn.Fold((3, 3), 0)(L.ones(1, 4, 4)),
    "Fold stride 0": lambda L, d: L.nn.Fold((3, 3), 2, stride=0)(L.ones(1, 4, 4)),
    "Fold output smaller than the kernel": lambda L, d: L.nn.Fold((1, 1), 2)(L.ones(1, 4, 4)),
    "Fold 2-d input ok": lambda L, d: shape(L.nn.Fold((3, 3), 2)(L.ones(4, 4))),
    "Dropout int input in training": lambda L, d: L.nn.Dropout(0.5)(L.ones(4, dtype=L.int64)),
    "Dropout2d 5-d input ok": lambda L, d: shape(L.nn.Dropout2d(0.0)(L.ones(1, 1, 1, 2, 2))),
    "Dropout1d 4-d input": lambda L, d: L.nn.Dropout1d(0.5)(L.ones(1, 1, 2, 2)),
    "Dropout3d 3-d input": lambda L, d: shape(L.nn.Dropout3d(0.5)(L.ones(1, 2, 2))),
    "Flatten start_dim after end_dim": lambda L, d: L.nn.Flatten(2, 1)(L.ones(1, 2, 3)),
    "Unflatten sizes not matching": lambda L, d: L.nn.Unflatten(1, (2, 2))(L.ones(1, 6)),
    "Softmax dim out of range": lambda L, d: L.nn.Softmax(dim=2)(L.ones(2, 2)),
    "PReLU num_parameters not the channels": lambda L, d: L.nn.PReLU(3)(L.ones(1, 2, 4)),
    "ReflectionPad2d larger than the input": lambda L, d: L.nn.ReflectionPad2d(4)(L.ones(1, 1, 4, 4)),
    "ReflectionPad2d a triple": lambda L, d: L.nn.ReflectionPad2d((1, 1, 1)),
    "ReplicationPad2d on a 2-d input": lambda L, d: L.nn.ReplicationPad2d(1)(L.ones(4, 4)),
    "CircularPad2d larger than the input": lambda L, d: L.nn.CircularPad2d(5)(L.ones(1, 1, 4, 4)),
    "ZeroPad2d negative past the input": lambda L, d: L.nn.ZeroPad2d(-3)(L.ones(1, 1, 4, 4)),
    "ConstantPad1d a str value": lambda L, d: L.nn.ConstantPad1d(1, "x")(L.ones(1, 4)),
})


table("nnf13:", {
    "interpolate scale_factor negative": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=-2),
    "interpolate size negative": lambda L, d: L.nn.functional.interpolate(img(L), size=(-4, 4)),
    "interpolate size a list ok": lambda L, d: shape(L.nn.functional.interpolate(img(L), size=[3, 5])),
    "interpolate scale_factor a list with 0": lambda L, d: L.nn.functional.interpolate(img(L), scale_factor=[2, 0]),
    "interpolate area scale_factor ok": lambda L, d: shape(L.nn.functional.interpolate(img(L), scale_factor=0.5, mode="area")),
    "interpolate area on a 6-d input": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 2, 2, 2, 2), size=1, mode="area"),
    "interpolate bicubic antialias ok": lambda L, d: shape(L.nn.functional.interpolate(img(L), scale_factor=0.5, mode="bicubic", antialias=True)),
    "interpolate bilinear antialias on a 3-d input": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 4), scale_factor=0.5, mode="bilinear", antialias=True),
    "interpolate linear align_corners a str ok": lambda L, d: shape(L.nn.functional.interpolate(img(L, 1, 1, 4), scale_factor=2, mode="linear", align_corners="yes")),
    "interpolate int input bicubic": lambda L, d: L.nn.functional.interpolate(L.ones(1, 1, 4, 4, dtype=L.int64), scale_factor=2, mode="bicubic"),
    "interpolate bool input nearest": lambda L, d: L.nn.functional.interpolate(L.ones(1, 1, 4, 4, dtype=L.bool), scale_factor=2),
    "interpolate a 0-size channel ok": lambda L, d: shape(L.nn.functional.interpolate(img(L, 1, 0, 4, 4), scale_factor=2)),
    "interpolate a 0-size spatial dim": lambda L, d: L.nn.functional.interpolate(img(L, 1, 1, 0, 4), scale_factor=2),
    "pad replicate larger than the input ok": lambda L, d: shape(L.nn.functional.pad(img(L), (5, 5), mode="replicate")),
    "pad replicate on a 0-size dim": lambda L, d: L.nn.functional.pad(img(L, 1, 1, 0, 4), (0, 0, 1, 1), mode="replicate"),
    "pad reflect on a 0-size dim": lambda L, d: L.nn.functional.pad(img(L, 1, 1, 0, 4), (0, 0, 1, 1), mode="reflect"),
    "pad constant on a 0-size dim ok": lambda L, d: shape(L.nn.functional.pad(img(L, 1, 1, 0, 4), (0, 0, 1, 1))),
    "pad reflect 1-d input": lambda L, d: L.nn.functional.pad(img(L, 4), (1, 1), mode="reflect"),
    "pad circular on a 2-d input": lambda L, d: L.nn.functional.pad(img(L, 4, 4), (1, 1), mode="circular"),
    "pad circular negative past the input": lambda L, d: L.nn.functional.pad(img(L), (-5, 1), mode="circular"),
    "pad a pad list of tensors": lambda L, d: L.nn.functional.pad(img(L), [L.tensor(1), L.tensor(1)]),
    "pad a None pad": lambda L, d: L.nn.functional.pad(img(L), None),
    "pad an empty pad ok": lambda L, d: shape(L.nn.functional.pad(img(L), ())),
    "grid_sample grid 5-d on a 4-d input": lambda L, d: L.nn.functional.grid_sample(img(L), img(L, 1, 2, 2, 2, 2), align_corners=False),
    "grid_sample empty input spatial dim": lambda L, d: L.nn.functional.grid_sample(img(L, 1, 1, 0, 4), img(L, 1, 3, 3, 2), align_corners=False),
    "grid_sample empty grid ok": lambda L, d: shape(L.nn.functional.grid_sample(img(L), img(L, 1, 0, 3, 2), align_corners=False)),
    "grid_sample float16 input": lambda L, d: shape(L.nn.functional.grid_sample(img(L).half(), img(L, 1, 3, 3, 2).half(), align_corners=False)),
    "grid_sample float32 input float64 grid": lambda L, d: L.nn.functional.grid_sample(img(L).float(), img(L, 1, 3, 3, 2), align_corners=False),
    "grid_sample complex input": lambda L, d: L.nn.functional.grid_sample(img(L).to(L.complex128), img(L, 1, 3, 3, 2), align_corners=False),
    "grid_sample int input on a volume": lambda L, d: L.nn.functional.grid_sample(L.ones(1, 1, 2, 2, 2, dtype=L.int64), img(L, 1, 2, 2, 2, 3), align_corners=False),
    "affine_grid theta 2 x 4": lambda L, d: L.nn.functional.affine_grid(img(L, 1, 2, 4), (1, 1, 2, 2), align_corners=False),
    "affine_grid a size of 6": lambda L, d: L.nn.functional.affine_grid(img(L, 1, 3, 4), (1, 1, 2, 2, 2, 2), align_corners=False),
    "affine_grid a size of 1 in a dim with align_corners": lambda L, d: shape(L.nn.functional.affine_grid(img(L, 1, 2, 3), (1, 1, 1, 2), align_corners=True)),
    "affine_grid float32 theta ok": lambda L, d: str(L.nn.functional.affine_grid(img(L, 1, 2, 3).float(), (1, 1, 2, 2), align_corners=False).dtype),
})


table("loss13:", {
    "mse_loss a number target": lambda L, d: L.nn.functional.mse_loss(t(L, 3), 1.0),
    "mse_loss a list input": lambda L, d: L.nn.functional.mse_loss([1.0], t(L, 1)),
    "l1_loss bool tensors": lambda L, d: L.nn.functional.l1_loss(L.ones(3, dtype=L.bool), L.ones(3, dtype=L.bool)),
    "huber_loss delta 0": lambda L, d: L.nn.functional.huber_loss(t(L, 3), t(L, 3) * 2, delta=0.0),
    "huber_loss delta negative": lambda L, d: L.nn.functional.huber_loss(t(L, 3), t(L, 3) * 2, delta=-1.0),
    "smooth_l1_loss beta negative": lambda L, d: L.nn.functional.smooth_l1_loss(t(L, 3), t(L, 3) * 2, beta=-1.0),
    "smooth_l1_loss beta 0 ok": lambda L, d: L.nn.functional.smooth_l1_loss(t(L, 3), t(L, 3) * 2, beta=0.0).item(),
    "bce target above 1 ok": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3), t(L, 3) + 1).item(),
    "bce int target": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3), L.ones(3, dtype=L.int64)),
    "bce_with_logits pos_weight not broadcasting": lambda L, d: L.nn.functional.binary_cross_entropy_with_logits(t(L, 2, 3), t(L, 2, 3), pos_weight=L.ones(2, dtype=L.float64)),
    "cross_entropy 3-d input 1-d target": lambda L, d: L.nn.functional.cross_entropy(t(L, 2, 3, 4), L.tensor([0, 1])),
    "cross_entropy probabilities int input": lambda L, d: L.nn.functional.cross_entropy(L.ones(3, 4, dtype=L.int64), t(L, 3, 4)),
    "cross_entropy probabilities with weight of the wrong length": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4), weight=L.ones(3, dtype=L.float64)),
    "cross_entropy ignore_index with label_smoothing out of range": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 4, 1]), label_smoothing=0.1),
    "cross_entropy label_smoothing 1.0001": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=1.0001),
    "cross_entropy label_smoothing 2.0": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=2.0),
    "cross_entropy label_smoothing inf": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=float("inf")),
    "cross_entropy label_smoothing 1e20": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=1e20),
    "cross_entropy empty batch ok": lambda L, d: str(L.nn.functional.cross_entropy(t(L, 0, 4), L.zeros(0, dtype=L.int64)).item()),
    "nll_loss ignore_index a float": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 1, 2]), ignore_index=1.5),
    "nll_loss 5-d input target out of range": lambda L, d: L.nn.functional.nll_loss(t(L, 1, 3, 2, 2, 2), L.full((1, 2, 2, 2), 3, dtype=L.int64)),
    "nll_loss 3-d input 3-d target of another batch": lambda L, d: L.nn.functional.nll_loss(t(L, 2, 4, 3), L.zeros(1, 3, dtype=L.int64)),
    "nll_loss int32 target": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 1, 2], dtype=L.int32)),
    "kl_div reduction batchmean 0-d ok": lambda L, d: L.nn.functional.kl_div(L.tensor(-1.0, dtype=L.float64), L.tensor(0.5, dtype=L.float64), reduction="batchmean").item(),
    "CrossEntropyLoss weight a list": lambda L, d: L.nn.CrossEntropyLoss(weight=[1.0, 2.0, 3.0, 4.0])(logits(L), L.tensor([0, 1, 2])),
    "CrossEntropyLoss label_smoothing 1.5": lambda L, d: L.nn.CrossEntropyLoss(label_smoothing=1.5)(logits(L), L.tensor([0, 1, 2])),
    "BCELoss weight not broadcasting": lambda L, d: L.nn.BCELoss(weight=L.ones(2, dtype=L.float64))(t(L, 3), t(L, 3)),
    "L1Loss reduction None": lambda L, d: L.nn.L1Loss(reduction=None)(t(L, 3), t(L, 3)),
    "HuberLoss delta -1 builds ok": lambda L, d: repr(L.nn.HuberLoss(delta=-1.0)),
    "GaussianNLLLoss var of another batch": lambda L, d: L.nn.GaussianNLLLoss()(t(L, 2, 3), t(L, 2, 3), L.ones(3, 3, dtype=L.float64)),
})


table("optim13:", {
    "SGD lr a str": lambda L, d: L.optim.SGD(params(L), lr="0.1"),
    "SGD momentum 0 with nesterov": lambda L, d: L.optim.SGD(params(L), lr=0.1, momentum=0.0, nesterov=True),
    "SGD nesterov momentum -0.1": lambda L, d: L.optim.SGD(params(L), lr=0.1, momentum=-0.1, nesterov=True),
    "SGD lr a tensor ok": lambda L, d: type(L.optim.SGD(params(L), lr=L.tensor(0.1))).__name__,
    "SGD lr a 1-d tensor": lambda L, d: L.optim.SGD(params(L), lr=L.tensor([0.1])),
    "SGD a module": lambda L, d: L.optim.SGD(L.nn.Linear(2, 2), lr=0.1),
    "SGD a generator used up": lambda L, d: (lambda ps: (list(ps), L.optim.SGD(ps, lr=0.1)))(iter(params(L))),
    "SGD a list of lists": lambda L, d: L.optim.SGD([params(L)], lr=0.1),
    "SGD groups of a str key": lambda L, d: L.optim.SGD([{"params": params(L), "lr": "x"}], lr=0.1).param_groups[0]["lr"],
    "SGD a None parameter": lambda L, d: L.optim.SGD([None], lr=0.1),
    "Adam betas of one": lambda L, d: L.optim.Adam(params(L), betas=(0.9,)),
    "Adam betas a float": lambda L, d: L.optim.Adam(params(L), betas=0.9),
    "Adam beta2 1.0": lambda L, d: L.optim.Adam(params(L), betas=(0.9, 1.0)),
    "Adam betas tensors ok": lambda L, d: type(L.optim.Adam(params(L), betas=(L.tensor(0.9), L.tensor(0.999)))).__name__,
    "Adam lr a tensor with foreach": lambda L, d: L.optim.Adam(params(L), lr=L.tensor(0.01), foreach=True),
    "Adam a parameter in two groups": lambda L, d: L.optim.Adam((lambda p: [{"params": [p]}, {"params": [p]}])(L.nn.Parameter(t(L, 2)))),
    "AdamW a non-leaf tensor": lambda L, d: L.optim.AdamW([L.nn.Parameter(t(L, 2)) + 1]),
    "AdamW an empty list": lambda L, d: L.optim.AdamW([]),
    "RMSprop alpha -0.1": lambda L, d: L.optim.RMSprop(params(L), alpha=-0.1),
    "RMSprop momentum -1": lambda L, d: L.optim.RMSprop(params(L), momentum=-1),
    "RMSprop weight_decay -1": lambda L, d: L.optim.RMSprop(params(L), weight_decay=-1),
    "Adagrad weight_decay -1": lambda L, d: L.optim.Adagrad(params(L), weight_decay=-1),
    "Adagrad lr_decay -1": lambda L, d: L.optim.Adagrad(params(L), lr_decay=-1),
    "Adadelta lr -1": lambda L, d: L.optim.Adadelta(params(L), lr=-1),
    "Adamax beta1 1.0": lambda L, d: L.optim.Adamax(params(L), betas=(1.0, 0.999)),
    "NAdam momentum_decay -1": lambda L, d: L.optim.NAdam(params(L), momentum_decay=-1),
    "RAdam eps -1": lambda L, d: L.optim.RAdam(params(L), eps=-1),
    "Rprop etas reversed": lambda L, d: L.optim.Rprop(params(L), etas=(1.2, 0.5)),
    "Rprop etaminus above 1": lambda L, d: L.optim.Rprop(params(L), etas=(1.5, 2.0)),
    "ASGD lr -1": lambda L, d: L.optim.ASGD(params(L), lr=-1),
    "LBFGS two parameter groups": lambda L, d: L.optim.LBFGS([{"params": [L.nn.Parameter(t(L, 2))]}, {"params": [L.nn.Parameter(t(L, 2))]}]),
    "LBFGS max_iter 0 ok": lambda L, d: type(L.optim.LBFGS(params(L), max_iter=0)).__name__,
})


def sched_after(L, make, fail):
    """A scheduler's learning rates and epoch after a failed call ``fail(sched)``, and the kind."""
    sched = make(L, opt(L))
    kind = attempt(L, lambda: fail(sched))
    return kind, [round(float(g["lr"]), 9) for g in sched.optimizer.param_groups], sched.last_epoch


table("keeps13:", {
    "ReduceLROnPlateau step without metrics": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.ReduceLROnPlateau(o), lambda s: s.step()),
    "ReduceLROnPlateau step a str metric": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.ReduceLROnPlateau(o), lambda s: s.step("x")),
    "ReduceLROnPlateau step a tensor of two": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.ReduceLROnPlateau(o), lambda s: s.step(L.ones(2))),
    "StepLR step a str epoch": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.StepLR(o, 1), lambda s: s.step("x")),
    "StepLR load_state_dict a list": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.StepLR(o, 1), lambda s: s.load_state_dict([1])),
    "LambdaLR lambda raising": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (e - 1)), lambda s: s.step()),
    "MultiplicativeLR lambda returning a str": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.MultiplicativeLR(o, lambda e: "x"), lambda s: s.step()),
    "OneCycleLR stepped past total_steps": lambda L, d: sched_after(L, lambda L, o: L.optim.lr_scheduler.OneCycleLR(o, 1.0, total_steps=1, cycle_momentum=False), lambda s: (s.step(), s.step())),
})


table("nnf13:", {
    "bilinear dtypes differ with a bias": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 4, 2, 3), L.ones(4)),
    "bilinear int inputs with a float bias": lambda L, d: L.nn.functional.bilinear(L.ones(5, 2, dtype=L.int64), L.ones(5, 3, dtype=L.int64), L.ones(4, 2, 3, dtype=L.int64), L.ones(4)),
    "bilinear dtypes differ before the sizes": lambda L, d: L.nn.functional.bilinear(L.ones(5, 2), L.ones(4, 3, dtype=L.float64), L.ones(4, 2, 3)),
    "bilinear a 2-d weight": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 2, 3)),
    "bilinear a 2-d weight of the first size": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 4, 2)),
    "bilinear a 0-d weight": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), L.tensor(1.0, dtype=L.float64)),
    "bilinear a 4-d weight": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 4, 2, 3, 1)),
    "bilinear a 2-d bias not broadcasting": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 4, 2, 3), t(L, 4, 1)),
    "bilinear a 2-d bias broadcasting ok": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 4, 2, 3), t(L, 1, 4)).tolist(),
    "bilinear a 0-d bias": lambda L, d: L.nn.functional.bilinear(t(L, 5, 2), t(L, 5, 3), t(L, 4, 2, 3), L.tensor(1.0, dtype=L.float64)),
    "bilinear 0-d inputs": lambda L, d: L.nn.functional.bilinear(L.tensor(1.0, dtype=L.float64), L.tensor(1.0, dtype=L.float64), t(L, 4, 2, 3)),
    "bilinear batch of 0 ok": lambda L, d: shape(L.nn.functional.bilinear(t(L, 0, 2), t(L, 0, 3), t(L, 4, 2, 3))),
    "embedding max_norm index past the end": lambda L, d: L.nn.functional.embedding(L.tensor([[1, 9], [2, 8]]), t(L, 5, 2), max_norm=1.0),
    "embedding max_norm index before the start": lambda L, d: L.nn.functional.embedding(L.tensor([-9, 9]), t(L, 5, 2), max_norm=1.0),
    "embedding max_norm rows before a bad index": lambda L, d: (lambda w: (attempt(L, lambda: L.nn.functional.embedding(L.tensor([-1, 2, 7]), w, max_norm=0.5)), values(w)))(t(L, 5, 2) + 1),
    "embedding max_norm index -1 renorms then fails": lambda L, d: (lambda w: (attempt(L, lambda: L.nn.functional.embedding(L.tensor([-1, 2]), w, max_norm=0.5)), values(w)))(t(L, 5, 2) + 1),
    "embedding max_norm float indices": lambda L, d: L.nn.functional.embedding(L.tensor([1.0]), t(L, 5, 2), max_norm=1.0),
    "embedding max_norm bool indices": lambda L, d: L.nn.functional.embedding(L.tensor([True]), t(L, 5, 2), max_norm=1.0),
    "embedding max_norm a 1-d weight": lambda L, d: L.nn.functional.embedding(L.tensor([1]), t(L, 5), max_norm=1.0),
    "embedding max_norm an int weight": lambda L, d: L.nn.functional.embedding(L.tensor([1]), L.ones(5, 2, dtype=L.int64), max_norm=1.0),
    "embedding max_norm an empty weight": lambda L, d: L.nn.functional.embedding(L.tensor([1]), t(L, 0, 2), max_norm=1.0),
    "embedding max_norm int32 indices ok": lambda L, d: values(L.nn.functional.embedding(L.tensor([1, 3], dtype=L.int32), t(L, 5, 2) + 1, max_norm=1.0)),
    "embedding complex indices": lambda L, d: L.nn.functional.embedding(L.tensor([1j]), t(L, 5, 2)),
    "embedding_bag max_norm index out of range": lambda L, d: L.nn.functional.embedding_bag(L.tensor([9, 1]), t(L, 5, 2), L.tensor([0]), max_norm=1.0),
    "embedding_bag float indices": lambda L, d: L.nn.functional.embedding_bag(L.tensor([1.0]), t(L, 5, 2), L.tensor([0])),
    "interpolate int input linear": lambda L, d: L.nn.functional.interpolate(L.ones(1, 2, 4, dtype=L.int64), scale_factor=2, mode="linear"),
    "interpolate int input nearest on a 3-d input": lambda L, d: L.nn.functional.interpolate(L.ones(1, 2, 4, dtype=L.int64), scale_factor=2),
    "interpolate int8 input nearest-exact on a 5-d input": lambda L, d: L.nn.functional.interpolate(L.ones(1, 1, 2, 2, 2, dtype=L.int8), scale_factor=2, mode="nearest-exact"),
    "interpolate int input trilinear": lambda L, d: L.nn.functional.interpolate(L.ones(1, 1, 2, 2, 2, dtype=L.int64), scale_factor=2, mode="trilinear"),
    "interpolate int input bilinear with 3 channels": lambda L, d: L.nn.functional.interpolate(L.ones(2, 3, 5, 5, dtype=L.int16), size=(7, 3), mode="bilinear"),
    "interpolate int input area on a 5-d input": lambda L, d: L.nn.functional.interpolate(L.ones(1, 1, 2, 2, 2, dtype=L.int64), scale_factor=2, mode="area"),
    "adaptive_avg_pool3d int input": lambda L, d: L.nn.functional.adaptive_avg_pool3d(L.ones(1, 1, 2, 4, 4, dtype=L.int64), 2),
    "adaptive_max_pool3d bool input": lambda L, d: L.nn.functional.adaptive_max_pool3d(L.ones(1, 2, 4, 4, dtype=L.bool), 2),
    "adaptive_avg_pool1d int input": lambda L, d: L.nn.functional.adaptive_avg_pool1d(L.ones(1, 1, 4, dtype=L.int64), 2),
})


table("loss13:", {
    "huber_loss delta nan": lambda L, d: L.nn.functional.huber_loss(t(L, 3), t(L, 3) * 2, delta=float("nan")),
    "huber_loss delta -1 shapes not broadcasting": lambda L, d: L.nn.functional.huber_loss(t(L, 3), t(L, 2), delta=-1.0),
    "huber_loss delta -1 weight of another shape": lambda L, d: L.nn.functional.huber_loss(t(L, 3), t(L, 3), delta=-1.0, weight=L.ones(2, dtype=L.float64)),
    "HuberLoss delta 0": lambda L, d: L.nn.HuberLoss(delta=0.0)(t(L, 3), t(L, 3)),
    "bce weight broadcasting to more": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3), t(L, 3), weight=L.ones(2, 3, dtype=L.float64)),
    "bce weight a column not broadcasting": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 2, 3), t(L, 2, 3), weight=L.ones(3, 1, dtype=L.float64)),
    "bce weight 3-d broadcasting to more": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 2, 3), t(L, 2, 3), weight=L.ones(1, 1, 3, dtype=L.float64)),
    "bce weight a row ok": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 2, 3), t(L, 2, 3), weight=t(L, 3)).item(),
    "cross_entropy probabilities with a 2-d weight": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4), weight=L.ones(1, 4, dtype=L.float64)),
    "cross_entropy probabilities int input with a bad weight": lambda L, d: L.nn.functional.cross_entropy(L.ones(3, 4, dtype=L.int64), t(L, 3, 4), weight=L.ones(3, dtype=L.float64)),
    "cross_entropy probabilities 3-d with a weight of five": lambda L, d: L.nn.functional.cross_entropy(t(L, 3, 4, 2), t(L, 3, 4, 2), weight=L.ones(5, dtype=L.float64)),
    "cross_entropy label_smoothing 3": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4), label_smoothing=3),
    "cross_entropy label_smoothing a third above 1": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4), label_smoothing=1 / 3 + 1),
    "l1_loss bool input float target": lambda L, d: L.nn.functional.l1_loss(L.ones(3, dtype=L.bool), t(L, 3)),
})


def sizes(L, x, dim):
    """``x.size(dim)`` and ``x.stride(dim)``, each as it returns or the kind of what it raises."""
    return [attempt(L, lambda: x.size(dim)), attempt(L, lambda: x.stride(dim))]


table("dims13:", {
    "size of a matrix dim 2": lambda L, d: t(L, 2, 3).size(2),
    "size of a matrix dim -3": lambda L, d: t(L, 2, 3).size(-3),
    "stride of a vector dim 1": lambda L, d: t(L, 3).stride(1),
    "size of a 0-d tensor dim 1": lambda L, d: L.tensor(1.0).size(1),
    "size of a 0-d tensor dim -1": lambda L, d: L.tensor(1.0).size(-1),
    "stride of a 0-d tensor dim 0": lambda L, d: L.tensor(1.0).stride(0),
    "size of a 0-d tensor dim a str": lambda L, d: L.tensor(1.0).size("a"),
    "size of a 0-d tensor dim 2**70": lambda L, d: L.tensor(1.0).size(2 ** 70),
    "size dim a bool": lambda L, d: t(L, 2, 3).size(True),
    "stride dim a float": lambda L, d: t(L, 2, 3).stride(1.0),
    "size dim a float tensor": lambda L, d: t(L, 2, 3).size(L.tensor(1.0)),
    "size dim a 1-element int tensor": lambda L, d: t(L, 2, 3).size(L.tensor([1])),
    "size dim a 0-d int tensor ok": lambda L, d: t(L, 2, 3).size(L.tensor(1)),
    "stride dim a numpy int ok": lambda L, d: t(L, 2, 3).stride(np.int64(0)),
    "size dim 2**63": lambda L, d: t(L, 2, 3).size(2 ** 63),
})
