"""Bad-input cases of the eleventh probe, generated: ``nn.functional``'s vision and loss functions (the
convolutions and their transposes, the pools, ``interpolate``, ``pad``, ``grid_sample``, ``embedding``,
the losses, the normalisations) each given one argument of the wrong type or value (zero, negative, a
float, a str, None, a bool, a sequence of the wrong length, a tensor); the optimizers' and the
learning-rate schedulers' constructors likewise; the FFTs' ``n``, ``s``, ``dim`` and ``norm``; the
``DataLoader``'s arguments; then complex tensors where real ones go, integer tensors into float-only
ops, ``out=`` of the wrong dtype, in-place results that cannot be cast into ``self``, and module names
with dots. Same form as the others: ``fn(L, d)`` with ``L`` the library (``torch`` or ``minigrad``) and
``d`` an empty folder of its own; a name says what is given, not whether PyTorch takes it."""
import numpy as np

from errors.probe_runner import Cases, fixed_linear as lin, kept, tenths as t

CASES = Cases()
table = CASES.table


def shown(L, out):
    """A result as data: a tensor as its dtype, shape and values to 6 digits; a tuple or list item by
    item; anything else as it is."""
    if isinstance(out, (tuple, list)):
        return [shown(L, o) for o in out]
    if not isinstance(out, L.Tensor):
        return out
    values = np.array(out.detach().tolist(), dtype=complex if out.is_complex() else float)
    return str(out.dtype), tuple(out.shape), str(np.round(values, 6).tolist())  # (a str: nan equals nan)


#: wrong argument values by label: ``fn(L)`` makes one for the library
WRONG = {
    "0": lambda L: 0,
    "-1": lambda L: -1,
    "a float": lambda L: 1.5,
    "a str": lambda L: "x",
    "None": lambda L: None,
    "a bool": lambda L: True,
    "a tuple of three": lambda L: (1, 1, 1),
    "an empty tuple": lambda L: (),
    "a float tensor": lambda L: L.tensor(1.0),
}

#: nn.functional calls by label: ``fn(L, a)`` calls with ``a`` the wrong argument (float64 inputs)
FUNCTIONAL = {
    "conv1d stride": lambda L, a: L.nn.functional.conv1d(t(L, 1, 2, 8), t(L, 4, 2, 3), stride=a),
    "conv1d padding": lambda L, a: L.nn.functional.conv1d(t(L, 1, 2, 8), t(L, 4, 2, 3), padding=a),
    "conv1d dilation": lambda L, a: L.nn.functional.conv1d(t(L, 1, 2, 8), t(L, 4, 2, 3), dilation=a),
    "conv1d groups": lambda L, a: L.nn.functional.conv1d(t(L, 1, 2, 8), t(L, 4, 1, 3), groups=a),
    "conv2d stride": lambda L, a: L.nn.functional.conv2d(t(L, 1, 2, 6, 6), t(L, 4, 2, 3, 3), stride=a),
    "conv2d padding": lambda L, a: L.nn.functional.conv2d(t(L, 1, 2, 6, 6), t(L, 4, 2, 3, 3), padding=a),
    "conv2d dilation": lambda L, a: L.nn.functional.conv2d(t(L, 1, 2, 6, 6), t(L, 4, 2, 3, 3), dilation=a),
    "conv2d groups": lambda L, a: L.nn.functional.conv2d(t(L, 1, 2, 6, 6), t(L, 4, 1, 3, 3), groups=a),
    "conv2d bias": lambda L, a: L.nn.functional.conv2d(t(L, 1, 2, 6, 6), t(L, 4, 2, 3, 3), bias=a),
    "conv3d stride": lambda L, a: L.nn.functional.conv3d(t(L, 1, 1, 4, 4, 4), t(L, 2, 1, 2, 2, 2), stride=a),
    "conv_transpose1d stride": lambda L, a: L.nn.functional.conv_transpose1d(t(L, 1, 2, 5), t(L, 2, 3, 3), stride=a),
    "conv_transpose1d output_padding": lambda L, a: L.nn.functional.conv_transpose1d(t(L, 1, 2, 5), t(L, 2, 3, 3), stride=2, output_padding=a),
    "conv_transpose2d stride": lambda L, a: L.nn.functional.conv_transpose2d(t(L, 1, 2, 4, 4), t(L, 2, 3, 3, 3), stride=a),
    "conv_transpose2d padding": lambda L, a: L.nn.functional.conv_transpose2d(t(L, 1, 2, 4, 4), t(L, 2, 3, 3, 3), padding=a),
    "conv_transpose2d output_padding": lambda L, a: L.nn.functional.conv_transpose2d(t(L, 1, 2, 4, 4), t(L, 2, 3, 3, 3), stride=2, output_padding=a),
    "conv_transpose2d groups": lambda L, a: L.nn.functional.conv_transpose2d(t(L, 1, 2, 4, 4), t(L, 2, 3, 3, 3), groups=a),
    "conv_transpose2d dilation": lambda L, a: L.nn.functional.conv_transpose2d(t(L, 1, 2, 4, 4), t(L, 2, 3, 3, 3), dilation=a),
    "max_pool1d kernel_size": lambda L, a: L.nn.functional.max_pool1d(t(L, 1, 2, 6), a),
    "max_pool2d kernel_size": lambda L, a: L.nn.functional.max_pool2d(t(L, 1, 2, 6, 6), a),
    "max_pool2d stride": lambda L, a: L.nn.functional.max_pool2d(t(L, 1, 2, 6, 6), 2, stride=a),
    "max_pool2d padding": lambda L, a: L.nn.functional.max_pool2d(t(L, 1, 2, 6, 6), 2, padding=a),
    "max_pool2d dilation": lambda L, a: L.nn.functional.max_pool2d(t(L, 1, 2, 6, 6), 2, dilation=a),
    "max_pool2d ceil_mode": lambda L, a: L.nn.functional.max_pool2d(t(L, 1, 2, 5, 5), 2, ceil_mode=a),
    "avg_pool1d kernel_size": lambda L, a: L.nn.functional.avg_pool1d(t(L, 1, 2, 6), a),
    "avg_pool2d kernel_size": lambda L, a: L.nn.functional.avg_pool2d(t(L, 1, 2, 6, 6), a),
    "avg_pool2d stride": lambda L, a: L.nn.functional.avg_pool2d(t(L, 1, 2, 6, 6), 2, stride=a),
    "avg_pool2d padding": lambda L, a: L.nn.functional.avg_pool2d(t(L, 1, 2, 6, 6), 2, padding=a),
    "avg_pool2d divisor_override": lambda L, a: L.nn.functional.avg_pool2d(t(L, 1, 2, 6, 6), 2, divisor_override=a),
    "avg_pool3d kernel_size": lambda L, a: L.nn.functional.avg_pool3d(t(L, 1, 1, 4, 4, 4), a),
    "adaptive_avg_pool1d output_size": lambda L, a: L.nn.functional.adaptive_avg_pool1d(t(L, 1, 2, 6), a),
    "adaptive_avg_pool2d output_size": lambda L, a: L.nn.functional.adaptive_avg_pool2d(t(L, 1, 2, 6, 6), a),
    "adaptive_max_pool2d output_size": lambda L, a: L.nn.functional.adaptive_max_pool2d(t(L, 1, 2, 6, 6), a),
    "lp_pool2d norm_type": lambda L, a: L.nn.functional.lp_pool2d(t(L, 1, 2, 6, 6), a, 2),
    "interpolate size": lambda L, a: L.nn.functional.interpolate(t(L, 1, 2, 4, 4), size=a),
    "interpolate scale_factor": lambda L, a: L.nn.functional.interpolate(t(L, 1, 2, 4, 4), scale_factor=a),
    "interpolate mode": lambda L, a: L.nn.functional.interpolate(t(L, 1, 2, 4, 4), scale_factor=2, mode=a),
    "interpolate align_corners": lambda L, a: L.nn.functional.interpolate(t(L, 1, 2, 4, 4), scale_factor=2, mode="bilinear", align_corners=a),
    "upsample_nearest size": lambda L, a: L.nn.functional.upsample_nearest(t(L, 1, 2, 4, 4), size=a),
    "pad pad": lambda L, a: L.nn.functional.pad(t(L, 1, 2, 4, 4), a),
    "pad reflect pad": lambda L, a: L.nn.functional.pad(t(L, 1, 2, 4, 4), a, mode="reflect"),
    "pad mode": lambda L, a: L.nn.functional.pad(t(L, 1, 2, 4, 4), (1, 1), mode=a),
    "pad value": lambda L, a: L.nn.functional.pad(t(L, 1, 2, 4, 4), (1, 1), value=a),
    "grid_sample mode": lambda L, a: L.nn.functional.grid_sample(t(L, 1, 1, 3, 3), t(L, 1, 2, 2, 2), mode=a, align_corners=False),
    "grid_sample padding_mode": lambda L, a: L.nn.functional.grid_sample(t(L, 1, 1, 3, 3), t(L, 1, 2, 2, 2), padding_mode=a, align_corners=False),
    "affine_grid size": lambda L, a: L.nn.functional.affine_grid(t(L, 1, 2, 3), a, align_corners=False),
    "embedding padding_idx": lambda L, a: L.nn.functional.embedding(L.tensor([0, 2]), t(L, 3, 2), padding_idx=a),
    "embedding max_norm": lambda L, a: L.nn.functional.embedding(L.tensor([0, 2]), t(L, 3, 2), max_norm=a),
    "one_hot num_classes": lambda L, a: L.nn.functional.one_hot(L.tensor([0, 2]), a),
    "cross_entropy weight": lambda L, a: L.nn.functional.cross_entropy(t(L, 2, 3), L.tensor([0, 2]), weight=a),
    "cross_entropy ignore_index": lambda L, a: L.nn.functional.cross_entropy(t(L, 2, 3), L.tensor([0, 2]), ignore_index=a),
    "cross_entropy label_smoothing": lambda L, a: L.nn.functional.cross_entropy(t(L, 2, 3), L.tensor([0, 2]), label_smoothing=a),
    "cross_entropy reduction": lambda L, a: L.nn.functional.cross_entropy(t(L, 2, 3), L.tensor([0, 2]), reduction=a),
    "nll_loss weight": lambda L, a: L.nn.functional.nll_loss(t(L, 2, 3), L.tensor([0, 2]), weight=a),
    "nll_loss ignore_index": lambda L, a: L.nn.functional.nll_loss(t(L, 2, 3), L.tensor([0, 2]), ignore_index=a),
    "nll_loss reduction": lambda L, a: L.nn.functional.nll_loss(t(L, 2, 3), L.tensor([0, 2]), reduction=a),
    "mse_loss reduction": lambda L, a: L.nn.functional.mse_loss(t(L, 2, 3), t(L, 2, 3), reduction=a),
    "l1_loss reduction": lambda L, a: L.nn.functional.l1_loss(t(L, 2, 3), t(L, 2, 3), reduction=a),
    "smooth_l1_loss beta": lambda L, a: L.nn.functional.smooth_l1_loss(t(L, 2, 3), t(L, 2, 3) * 2, beta=a),
    "huber_loss delta": lambda L, a: L.nn.functional.huber_loss(t(L, 2, 3), t(L, 2, 3) * 2, delta=a),
    "binary_cross_entropy weight": lambda L, a: L.nn.functional.binary_cross_entropy(t(L, 2, 3), t(L, 2, 3), weight=a),
    "bce_with_logits pos_weight": lambda L, a: L.nn.functional.binary_cross_entropy_with_logits(t(L, 2, 3), t(L, 2, 3), pos_weight=a),
    "kl_div reduction": lambda L, a: L.nn.functional.kl_div(t(L, 2, 3), t(L, 2, 3), reduction=a),
    "margin_ranking_loss margin": lambda L, a: L.nn.functional.margin_ranking_loss(t(L, 3), t(L, 3), L.ones(3, dtype=L.float64), margin=a),
    "layer_norm normalized_shape": lambda L, a: L.nn.functional.layer_norm(t(L, 2, 3), a),
    "layer_norm eps": lambda L, a: L.nn.functional.layer_norm(t(L, 2, 3), (3,), eps=a),
    "group_norm num_groups": lambda L, a: L.nn.functional.group_norm(t(L, 2, 4, 3), a),
    "batch_norm momentum": lambda L, a: L.nn.functional.batch_norm(t(L, 2, 3), None, None, training=True, momentum=a),
    "instance_norm eps": lambda L, a: L.nn.functional.instance_norm(t(L, 2, 3, 4), eps=a),
    "normalize p": lambda L, a: L.nn.functional.normalize(t(L, 2, 3), p=a),
    "normalize dim": lambda L, a: L.nn.functional.normalize(t(L, 2, 3), dim=a),
    "pixel_shuffle upscale_factor": lambda L, a: L.nn.functional.pixel_shuffle(t(L, 1, 4, 2, 2), a),
    "unfold kernel_size": lambda L, a: L.nn.functional.unfold(t(L, 1, 2, 4, 4), a),
    "fold output_size": lambda L, a: L.nn.functional.fold(t(L, 1, 4, 9), a, 2),
    "dropout p": lambda L, a: L.nn.functional.dropout(t(L, 2, 3), a, training=False),
    "softmax dim": lambda L, a: L.nn.functional.softmax(t(L, 2, 3), a),
    "glu dim": lambda L, a: L.nn.functional.glu(t(L, 2, 4), a),
    "cosine_similarity dim": lambda L, a: L.nn.functional.cosine_similarity(t(L, 2, 3), t(L, 2, 3), dim=a),
    "pairwise_distance p": lambda L, a: L.nn.functional.pairwise_distance(t(L, 2, 3), t(L, 2, 3) * 2, p=a),
    "leaky_relu negative_slope": lambda L, a: L.nn.functional.leaky_relu(t(L, 2, 3) - 0.5, a),
    "elu alpha": lambda L, a: L.nn.functional.elu(t(L, 2, 3) - 0.5, a),
    "hardtanh min_val": lambda L, a: L.nn.functional.hardtanh(t(L, 2, 3), a),
    "threshold threshold": lambda L, a: L.nn.functional.threshold(t(L, 2, 3), a, 0.0),
    "gumbel_softmax tau": lambda L, a: L.nn.functional.gumbel_softmax(t(L, 2, 3), tau=a).shape,
}


def called(fn, wrong):
    """The case of ``fn`` given ``wrong``'s argument; its result as data."""
    return lambda L, d: shown(L, fn(L, wrong(L)))


for _call, _fn in FUNCTIONAL.items():
    table(f"nnf: {_call} given", {label: called(_fn, make) for label, make in WRONG.items()})


def params(L):
    """Two float64 parameters: a 2 x 2 weight and a bias of 2."""
    return [L.nn.Parameter(t(L, 2, 2)), L.nn.Parameter(t(L, 2))]


#: optimizer constructors by label: ``fn(L, a)`` builds one with ``a`` the wrong argument
OPTIMIZERS = {
    "SGD lr": lambda L, a: L.optim.SGD(params(L), lr=a),
    "SGD momentum": lambda L, a: L.optim.SGD(params(L), lr=0.1, momentum=a),
    "SGD dampening": lambda L, a: L.optim.SGD(params(L), lr=0.1, momentum=0.9, dampening=a),
    "SGD weight_decay": lambda L, a: L.optim.SGD(params(L), lr=0.1, weight_decay=a),
    "SGD nesterov": lambda L, a: L.optim.SGD(params(L), lr=0.1, momentum=0.9, nesterov=a),
    "Adam lr": lambda L, a: L.optim.Adam(params(L), lr=a),
    "Adam betas": lambda L, a: L.optim.Adam(params(L), betas=a),
    "Adam eps": lambda L, a: L.optim.Adam(params(L), eps=a),
    "Adam weight_decay": lambda L, a: L.optim.Adam(params(L), weight_decay=a),
    "AdamW weight_decay": lambda L, a: L.optim.AdamW(params(L), weight_decay=a),
    "AdamW betas": lambda L, a: L.optim.AdamW(params(L), betas=a),
    "RMSprop alpha": lambda L, a: L.optim.RMSprop(params(L), alpha=a),
    "RMSprop momentum": lambda L, a: L.optim.RMSprop(params(L), momentum=a),
    "Adagrad lr_decay": lambda L, a: L.optim.Adagrad(params(L), lr_decay=a),
    "Adagrad initial_accumulator_value": lambda L, a: L.optim.Adagrad(params(L), initial_accumulator_value=a),
    "params": lambda L, a: L.optim.SGD(a, lr=0.1),
    "param group params": lambda L, a: L.optim.SGD([{"params": a}], lr=0.1),
}


def built(fn, wrong):
    """The case building ``fn`` with ``wrong``'s argument, then one step of a loss of its parameters:
    the parameters' values after it (a number where it only builds)."""
    def case(L, d):
        opt = fn(L, wrong(L))
        ps = [p for g in opt.param_groups for p in g["params"]]
        sum((p * p).sum() for p in ps).backward()
        opt.step()
        return [shown(L, p) for p in ps]
    return case


for _call, _fn in OPTIMIZERS.items():
    table(f"optim args: {_call} given", {label: built(_fn, make) for label, make in WRONG.items()})


def opt(L):
    """An SGD optimizer of lr 1 over two parameters."""
    return L.optim.SGD(params(L), lr=1.0)


#: scheduler constructors by label: ``fn(L, a)`` builds one with ``a`` the wrong argument
SCHEDULERS = {
    "StepLR step_size": lambda L, a: L.optim.lr_scheduler.StepLR(opt(L), a),
    "StepLR gamma": lambda L, a: L.optim.lr_scheduler.StepLR(opt(L), 1, gamma=a),
    "MultiStepLR milestones": lambda L, a: L.optim.lr_scheduler.MultiStepLR(opt(L), a),
    "ExponentialLR gamma": lambda L, a: L.optim.lr_scheduler.ExponentialLR(opt(L), a),
    "CosineAnnealingLR T_max": lambda L, a: L.optim.lr_scheduler.CosineAnnealingLR(opt(L), a),
    "CosineAnnealingLR eta_min": lambda L, a: L.optim.lr_scheduler.CosineAnnealingLR(opt(L), 4, eta_min=a),
    "LinearLR start_factor": lambda L, a: L.optim.lr_scheduler.LinearLR(opt(L), start_factor=a),
    "LinearLR total_iters": lambda L, a: L.optim.lr_scheduler.LinearLR(opt(L), total_iters=a),
    "ConstantLR factor": lambda L, a: L.optim.lr_scheduler.ConstantLR(opt(L), factor=a),
    "LambdaLR lr_lambda": lambda L, a: L.optim.lr_scheduler.LambdaLR(opt(L), a),
    "MultiplicativeLR lr_lambda": lambda L, a: L.optim.lr_scheduler.MultiplicativeLR(opt(L), a),
    "PolynomialLR power": lambda L, a: L.optim.lr_scheduler.PolynomialLR(opt(L), power=a),
    "OneCycleLR max_lr": lambda L, a: L.optim.lr_scheduler.OneCycleLR(opt(L), a, total_steps=10),
    "OneCycleLR total_steps": lambda L, a: L.optim.lr_scheduler.OneCycleLR(opt(L), 1.0, total_steps=a),
    "OneCycleLR pct_start": lambda L, a: L.optim.lr_scheduler.OneCycleLR(opt(L), 1.0, total_steps=10, pct_start=a),
    "CyclicLR step_size_up": lambda L, a: L.optim.lr_scheduler.CyclicLR(opt(L), 0.1, 1.0, step_size_up=a, cycle_momentum=False),
    "CosineAnnealingWarmRestarts T_0": lambda L, a: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt(L), a),
    "CosineAnnealingWarmRestarts T_mult": lambda L, a: L.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt(L), 2, T_mult=a),
    "ReduceLROnPlateau mode": lambda L, a: L.optim.lr_scheduler.ReduceLROnPlateau(opt(L), mode=a),
    "ReduceLROnPlateau factor": lambda L, a: L.optim.lr_scheduler.ReduceLROnPlateau(opt(L), factor=a),
    "ReduceLROnPlateau threshold_mode": lambda L, a: L.optim.lr_scheduler.ReduceLROnPlateau(opt(L), threshold_mode=a),
    "ReduceLROnPlateau min_lr": lambda L, a: L.optim.lr_scheduler.ReduceLROnPlateau(opt(L), min_lr=a),
}


def scheduled(fn, wrong):
    """The case building ``fn`` with ``wrong``'s argument, then three steps: the learning rates."""
    def case(L, d):
        sched = fn(L, wrong(L))
        lrs = []
        for _ in range(3):
            sched.optimizer.step()
            sched.step(1.0) if type(sched).__name__ == "ReduceLROnPlateau" else sched.step()
            lrs.append(round(float(sched.optimizer.param_groups[0]["lr"]), 9))
        return lrs
    return case


for _call, _fn in SCHEDULERS.items():
    table(f"sched args: {_call} given", {label: scheduled(_fn, make) for label, make in WRONG.items()})


#: FFT calls by label: ``fn(L, a)`` with ``a`` the wrong argument, of a float64 or complex input
FFTS = {
    "fft n": lambda L, a: L.fft.fft(t(L, 2, 4), n=a),
    "fft dim": lambda L, a: L.fft.fft(t(L, 2, 4), dim=a),
    "fft norm": lambda L, a: L.fft.fft(t(L, 2, 4), norm=a),
    "ifft n": lambda L, a: L.fft.ifft(t(L, 2, 4), n=a),
    "rfft n": lambda L, a: L.fft.rfft(t(L, 2, 4), n=a),
    "irfft n": lambda L, a: L.fft.irfft(t(L, 2, 4), n=a),
    "hfft n": lambda L, a: L.fft.hfft(t(L, 2, 4), n=a),
    "fft2 s": lambda L, a: L.fft.fft2(t(L, 2, 4), s=a),
    "fft2 dim": lambda L, a: L.fft.fft2(t(L, 2, 4), dim=a),
    "fftn s": lambda L, a: L.fft.fftn(t(L, 2, 4), s=a),
    "fftn dim": lambda L, a: L.fft.fftn(t(L, 2, 4), dim=a),
    "rfftn norm": lambda L, a: L.fft.rfftn(t(L, 2, 4), norm=a),
    "irfft2 s": lambda L, a: L.fft.irfft2(t(L, 2, 4), s=a),
    "fftshift dim": lambda L, a: L.fft.fftshift(t(L, 2, 4), dim=a),
    "fftfreq n": lambda L, a: L.fft.fftfreq(a),
    "rfftfreq d": lambda L, a: L.fft.rfftfreq(4, d=a),
}

for _call, _fn in FFTS.items():
    table(f"fft args: {_call} given", {label: called(_fn, make) for label, make in WRONG.items()})


def dataset(L):
    """A TensorDataset of 5 items: a float row of 2 and an int label."""
    return L.utils.data.TensorDataset(t(L, 5, 2), L.arange(5))


#: DataLoader constructors by label: ``fn(L, a)`` with ``a`` the wrong argument
LOADERS = {
    "batch_size": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=a),
    "shuffle": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, shuffle=a),
    "drop_last": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, drop_last=a),
    "num_workers": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, num_workers=a),
    "sampler": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, sampler=a),
    "batch_sampler": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_sampler=a),
    "collate_fn": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, collate_fn=a),
    "timeout": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, timeout=a),
    "prefetch_factor": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_size=2, prefetch_factor=a),
    "BatchSampler batch_size": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_sampler=L.utils.data.BatchSampler(range(5), a, False)),
    "BatchSampler drop_last": lambda L, a: L.utils.data.DataLoader(dataset(L), batch_sampler=L.utils.data.BatchSampler(range(5), 2, a)),
    "RandomSampler num_samples": lambda L, a: L.utils.data.DataLoader(dataset(L), sampler=L.utils.data.RandomSampler(range(5), num_samples=a)),
}


def loaded(fn, wrong):
    """The case building a loader with ``wrong``'s argument: its batches' shapes (a length, without
    shuffling)."""
    def case(L, d):
        loader = fn(L, wrong(L))
        return [[tuple(x.shape) for x in batch] if isinstance(batch, (list, tuple)) else type(batch).__name__
                for batch in loader]
    return case


for _call, _fn in LOADERS.items():
    table(f"loader args: {_call} given", {label: loaded(_fn, make) for label, make in WRONG.items()})


def z(L, *shape):
    """A complex128 tensor of ``shape``."""
    return L.complex(t(L, *shape), t(L, *shape) + 1)


def i(L, *shape):
    """An int64 tensor 0, 1, 2... of ``shape``."""
    return L.arange(int(np.prod(shape))).reshape(shape)


#: real-only, float-only and complex-only calls by label: ``fn(L, x)`` with ``x`` the input
KINDS = {
    "relu": lambda L, x: L.relu(x),
    "sigmoid": lambda L, x: L.sigmoid(x),
    "clamp": lambda L, x: L.clamp(x, 0, 1),
    "floor": lambda L, x: L.floor(x),
    "max": lambda L, x: x.max(),
    "sort": lambda L, x: L.sort(x)[0],
    "argmax": lambda L, x: x.argmax(),
    "cumsum": lambda L, x: x.cumsum(0),
    "lt": lambda L, x: x < x,
    "remainder": lambda L, x: x % 2,
    "atan2": lambda L, x: L.atan2(x, x),
    "erf": lambda L, x: L.erf(x),
    "F.softmax": lambda L, x: L.nn.functional.softmax(x, 0),
    "F.linear": lambda L, x: L.nn.functional.linear(x, x),
    "F.mse_loss": lambda L, x: L.nn.functional.mse_loss(x, x),
    "F.cross_entropy": lambda L, x: L.nn.functional.cross_entropy(x, L.tensor([0, 1])),
    "F.layer_norm": lambda L, x: L.nn.functional.layer_norm(x, (2,)),
    "F.max_pool1d": lambda L, x: L.nn.functional.max_pool1d(x.unsqueeze(0), 2),
    "F.avg_pool1d": lambda L, x: L.nn.functional.avg_pool1d(x.unsqueeze(0), 2),
    "F.conv1d": lambda L, x: L.nn.functional.conv1d(x.unsqueeze(0), x.unsqueeze(-1)),
    "F.interpolate": lambda L, x: L.nn.functional.interpolate(x.unsqueeze(0), scale_factor=2, mode="linear"),
    "F.pad reflect": lambda L, x: L.nn.functional.pad(x.unsqueeze(0), (1, 1), mode="reflect"),
    "F.dropout": lambda L, x: L.nn.functional.dropout(x, 0.0),
    "F.normalize": lambda L, x: L.nn.functional.normalize(x),
    "mean": lambda L, x: x.mean(),
    "var": lambda L, x: x.var(),
    "norm": lambda L, x: x.norm(),
    "matmul": lambda L, x: x @ x,
    "sqrt": lambda L, x: x.sqrt(),
    "angle": lambda L, x: x.angle(),
    "real": lambda L, x: x.real,
    "imag": lambda L, x: x.imag,
    "conj": lambda L, x: x.conj(),
    "view_as_real": lambda L, x: L.view_as_real(x),
    "view_as_complex": lambda L, x: L.view_as_complex(x),
    "fft.rfft": lambda L, x: L.fft.rfft(x),
    "fft.ihfft": lambda L, x: L.fft.ihfft(x),
    "linalg.inv": lambda L, x: L.linalg.inv(x),
    "isnan": lambda L, x: x.isnan(),
    "sign": lambda L, x: x.sign(),
    "requires_grad_": lambda L, x: x.requires_grad_().requires_grad,
    "nan_to_num": lambda L, x: x.nan_to_num(),
    "logsumexp": lambda L, x: x.logsumexp(0),
}

#: inputs by label: ``fn(L)``, all 2 x 2
KIND_INPUTS = {
    "complex": lambda L: z(L, 2, 2),
    "int": lambda L: i(L, 2, 2),
    "bool": lambda L: i(L, 2, 2) > 1,
}

for _label, _make in KIND_INPUTS.items():
    table(f"kinds: {_label} into", {call: (lambda fn, mk: lambda L, d: shown(L, fn(L, mk(L))))(fn, _make)
                                    for call, fn in KINDS.items()})


#: in-place ops whose result may not cast into self, by label: ``fn(L, x)`` changes ``x``
INPLACE = {
    "add_ a float": lambda L, x: x.add_(0.5),
    "add_ a float tensor": lambda L, x: x.add_(t(L, 2, 2)),
    "add_ a complex tensor": lambda L, x: x.add_(z(L, 2, 2)),
    "mul_ a complex number": lambda L, x: x.mul_(1j),
    "div_ an int": lambda L, x: x.div_(2),
    "div_ floor an int": lambda L, x: x.div_(2, rounding_mode="floor"),
    "sub_ a bool tensor": lambda L, x: x.sub_(i(L, 2, 2) > 1),
    "pow_ a float": lambda L, x: x.pow_(0.5),
    "sqrt_": lambda L, x: x.sqrt_(),
    "exp_": lambda L, x: x.exp_(),
    "sigmoid_": lambda L, x: x.sigmoid_(),
    "floor_divide_ a float": lambda L, x: x.floor_divide_(1.5),
    "clamp_ a float": lambda L, x: x.clamp_(0.5),
    "lerp_ a float tensor": lambda L, x: x.lerp_(t(L, 2, 2), 0.5),
    "addcmul_ float tensors": lambda L, x: x.addcmul_(t(L, 2, 2), t(L, 2, 2)),
    "masked_fill_ a complex": lambda L, x: x.masked_fill_(i(L, 2, 2) > 1, 1j),
    "copy_ a complex tensor": lambda L, x: x.copy_(z(L, 2, 2)),
    "abs_": lambda L, x: x.abs_(),
    "neg_": lambda L, x: x.neg_(),
    "logical_not_": lambda L, x: x.logical_not_(),
    "bitwise_and_ a float tensor": lambda L, x: x.bitwise_and_(t(L, 2, 2)),
    "hypot_ a float tensor": lambda L, x: x.hypot_(t(L, 2, 2)),
}

#: tensors to change in place by label: ``fn(L)``, all 2 x 2
INPLACE_SELVES = {
    "int": lambda L: i(L, 2, 2),
    "bool": lambda L: i(L, 2, 2) > 1,
    "float": lambda L: t(L, 2, 2),
}


def changed(fn, make):
    """The case changing ``make``'s tensor in place with ``fn``: its values after (a failure leaves them),
    and the same call again (the exception)."""
    def case(L, d):
        left = shown(L, kept(make(L), lambda x: fn(L, x)))
        return left, shown(L, fn(L, make(L)))
    return case


for _label, _make in INPLACE_SELVES.items():
    table(f"inplace cast: {_label}", {call: changed(fn, _make) for call, fn in INPLACE.items()})


#: out= calls by label: ``fn(L, out)`` writes into ``out``
OUTS = {
    "add": lambda L, out: L.add(t(L, 2, 2), t(L, 2, 2), out=out),
    "mul int": lambda L, out: L.mul(i(L, 2, 2), i(L, 2, 2), out=out),
    "sum": lambda L, out: L.sum(t(L, 2, 2), 0, out=out),
    "mean": lambda L, out: L.mean(t(L, 2, 2), 0, out=out),
    "matmul": lambda L, out: L.matmul(t(L, 2, 2), t(L, 2, 2), out=out),
    "exp": lambda L, out: L.exp(t(L, 2, 2), out=out),
    "cat": lambda L, out: L.cat([t(L, 1, 2), t(L, 1, 2)], out=out),
    "where": lambda L, out: L.where(i(L, 2, 2) > 1, t(L, 2, 2), 0.0, out=out),
    "clamp": lambda L, out: L.clamp(t(L, 2, 2), 0.1, 0.2, out=out),
    "argmax": lambda L, out: L.argmax(t(L, 2, 2), 0, out=out),
    "eq": lambda L, out: L.eq(t(L, 2, 2), 0.1, out=out),
    "sqrt": lambda L, out: L.sqrt(t(L, 2, 2), out=out),
    "cumsum": lambda L, out: L.cumsum(t(L, 2, 2), 0, out=out),
    "div floor int": lambda L, out: L.div(i(L, 2, 2), 2, rounding_mode="floor", out=out),
}

#: bad outs by label: ``fn(L)``
OUT_TENSORS = {
    "int": lambda L: L.zeros(2, 2, dtype=L.int64),
    "bool": lambda L: L.zeros(2, 2, dtype=L.bool),
    "float32": lambda L: L.zeros(2, 2),
    "complex": lambda L: L.zeros(2, 2, dtype=L.complex128),
    "a list": lambda L: [0.0],
    "requiring grad": lambda L: L.zeros(2, 2, dtype=L.float64, requires_grad=True),
}


def written(fn, make):
    """The case writing ``fn``'s result into ``make``'s out: what it holds after (a failure leaves it),
    and the same call again (the exception)."""
    def case(L, d):
        out = make(L)
        try:
            fn(L, out)
        except Exception:  # noqa: BLE001: the values left are compared below, then the same call again
            pass
        return shown(L, out), shown(L, fn(L, make(L)))
    return case


for _label, _make in OUT_TENSORS.items():
    table(f"out kinds: {_label} out of", {call: written(fn, _make) for call, fn in OUTS.items()})


def kept_module(m, change):
    """``m``'s state dict after ``change(m)`` raised (or returned): a failed change leaves it."""
    try:
        change(m)
    except Exception:  # noqa: BLE001: the case compares what is left
        pass
    return sorted((k, str(v.tolist())) for k, v in m.state_dict().items())


table("module names:", {
    "register_buffer a dotted name": lambda L, d: L.nn.Module().register_buffer("a.b", L.ones(1)),
    "register_buffer an empty name": lambda L, d: L.nn.Module().register_buffer("", L.ones(1)),
    "register_buffer an int name": lambda L, d: L.nn.Module().register_buffer(1, L.ones(1)),
    "register_buffer None ok": lambda L, d: (lambda m: (m.register_buffer("b", None), m.b, sorted(m.state_dict()))[1:])(L.nn.Module()),
    "register_buffer a name of an attribute": lambda L, d: (lambda m: (setattr(m, "x", 1), m.register_buffer("x", L.ones(1)))[1])(L.nn.Module()),
    "register_buffer persistent a str ok": lambda L, d: (lambda m: (m.register_buffer("b", L.ones(1), persistent="no"), sorted(m.state_dict()))[1])(L.nn.Module()),
    "register_parameter a dotted name": lambda L, d: L.nn.Module().register_parameter("a.b", L.nn.Parameter(L.ones(1))),
    "register_parameter an empty name": lambda L, d: L.nn.Module().register_parameter("", L.nn.Parameter(L.ones(1))),
    "register_parameter a plain tensor": lambda L, d: L.nn.Module().register_parameter("p", L.ones(1)),
    "register_parameter an int name": lambda L, d: L.nn.Module().register_parameter(0, L.nn.Parameter(L.ones(1))),
    "register_parameter None ok": lambda L, d: (lambda m: (m.register_parameter("p", None), m.p, sorted(m.state_dict()))[1:])(L.nn.Module()),
    "register_parameter over a buffer": lambda L, d: (lambda m: (m.register_buffer("p", L.ones(1)), m.register_parameter("p", L.nn.Parameter(L.ones(1))))[1])(L.nn.Module()),
    "add_module a dotted name": lambda L, d: L.nn.Module().add_module("a.b", L.nn.ReLU()),
    "add_module an empty name": lambda L, d: L.nn.Module().add_module("", L.nn.ReLU()),
    "add_module a tensor": lambda L, d: L.nn.Module().add_module("m", L.ones(1)),
    "register_module a dotted name": lambda L, d: L.nn.Module().register_module("a.b", L.nn.ReLU()),
    "assign a tensor to weight": lambda L, d: setattr(lin(L), "weight", L.ones(2, 2)),
    "assign a number to weight": lambda L, d: setattr(lin(L), "weight", 1.0),
    "assign None to weight ok": lambda L, d: (lambda m: (setattr(m, "weight", None), sorted(m.state_dict()))[1])(lin(L)),
    "assign a tensor to a buffer ok": lambda L, d: (lambda m: (setattr(m, "running_mean", L.ones(2)), m.running_mean.tolist())[1])(L.nn.BatchNorm1d(2)),
    "assign a number to a buffer": lambda L, d: setattr(L.nn.BatchNorm1d(2), "running_mean", 1.0),
    "assign a Parameter to a buffer ok": lambda L, d: (lambda m: (setattr(m, "running_mean", L.nn.Parameter(L.ones(2))), sorted(dict(m.named_parameters())))[1])(L.nn.BatchNorm1d(2)),
    "assign a module to weight": lambda L, d: setattr(lin(L), "weight", L.nn.ReLU()),
    "assign a number to a submodule": lambda L, d: setattr(L.nn.Sequential(L.nn.ReLU()), "0", 1),
    "get_parameter a dotted missing name": lambda L, d: lin(L).get_parameter("a.weight"),
    "get_parameter a buffer": lambda L, d: L.nn.BatchNorm1d(2).get_parameter("running_mean"),
    "get_buffer a parameter": lambda L, d: lin(L).get_buffer("weight"),
    "get_submodule a parameter": lambda L, d: lin(L).get_submodule("weight"),
})
table("state dict keys:", {
    "strict a missing key": lambda L, d: lin(L).load_state_dict({"weight": L.ones(2, 2, dtype=L.float64)}),
    "not strict a missing key": lambda L, d: str(lin(L).load_state_dict({"weight": L.ones(2, 2, dtype=L.float64)}, strict=False)),
    "not strict a missing key keeps the rest": lambda L, d: kept_module(lin(L), lambda m: m.load_state_dict({"weight": L.ones(2, 2, dtype=L.float64)}, strict=False)),
    "strict an extra dotted key": lambda L, d: lin(L).load_state_dict({**lin(L).state_dict(), "a.b": L.ones(1)}),
    "not strict an extra dotted key ok": lambda L, d: str(lin(L).load_state_dict({**lin(L).state_dict(), "a.b": L.ones(1)}, strict=False)),
    "not strict a wrong shape": lambda L, d: lin(L).load_state_dict({"weight": L.ones(3, 2)}, strict=False),
    "not strict a wrong shape keeps": lambda L, d: kept_module(lin(L), lambda m: m.load_state_dict({"weight": L.ones(3, 2)}, strict=False)),
    "strict a wrong shape and a missing key": lambda L, d: lin(L).load_state_dict({"weight": L.ones(3, 2)}),
    "a 0-d for a 1-d": lambda L, d: lin(L).load_state_dict({"weight": L.ones(2, 2), "bias": L.tensor(1.0)}),
    "a list value": lambda L, d: lin(L).load_state_dict({"weight": [[1.0, 2.0], [3.0, 4.0]], "bias": L.ones(2)}),
    "a numpy value": lambda L, d: lin(L).load_state_dict({"weight": np.ones((2, 2)), "bias": L.ones(2)}),
    "an int tensor ok": lambda L, d: kept_module(lin(L), lambda m: m.load_state_dict({"weight": L.ones(2, 2, dtype=L.int64), "bias": L.ones(2, dtype=L.int64)})),
    "a complex tensor": lambda L, d: lin(L).load_state_dict({"weight": z(L, 2, 2), "bias": L.ones(2)}),
    "a complex tensor keeps": lambda L, d: kept_module(lin(L), lambda m: m.load_state_dict({"weight": z(L, 2, 2), "bias": L.ones(2)})),
    "keys not str": lambda L, d: lin(L).load_state_dict({0: L.ones(2, 2), 1: L.ones(2)}),
    "a list not a mapping": lambda L, d: lin(L).load_state_dict([L.ones(2, 2), L.ones(2)]),
    "strict a str": lambda L, d: kept_module(lin(L), lambda m: m.load_state_dict(m.state_dict(), strict="no")),
    "a buffer's shape wrong": lambda L, d: L.nn.BatchNorm1d(2).load_state_dict({**L.nn.BatchNorm1d(2).state_dict(), "running_mean": L.ones(3)}),
    "num_batches_tracked missing ok": lambda L, d: str(L.nn.BatchNorm1d(2).load_state_dict({k: v for k, v in L.nn.BatchNorm1d(2).state_dict().items() if k != "num_batches_tracked"})),
    "assign a wrong shape": lambda L, d: lin(L).load_state_dict({"weight": L.ones(3, 2), "bias": L.ones(2)}, assign=True),
    "assign a float32 ok": lambda L, d: (lambda m: (m.load_state_dict({"weight": L.ones(2, 2), "bias": L.ones(2)}, assign=True), m.weight.dtype, type(m.weight).__name__)[1:])(lin(L)),
})


def logits(L):
    """A 3 x 4 float64 batch of logits."""
    return t(L, 3, 4)


table("targets:", {
    "cross_entropy target out of range": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 4])),
    "cross_entropy target negative": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, -2, 1])),
    "cross_entropy target the ignore_index out of range ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.tensor([0, 9, 1]), ignore_index=9)),
    "cross_entropy target all ignored ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.tensor([-100, -100, -100]))),
    "cross_entropy target float of another shape": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 3)),
    "cross_entropy target float32 probabilities": lambda L, d: L.nn.functional.cross_entropy(logits(L), t(L, 3, 4, dtype=L.float32)),
    "cross_entropy target int32 ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2], dtype=L.int32))),
    "cross_entropy target bool": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([True, False, True])),
    "cross_entropy target of another batch": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1])),
    "cross_entropy target 2-d for 2-d input": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([[0], [1], [2]])),
    "cross_entropy weight of the wrong length": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), weight=L.ones(3, dtype=L.float64)),
    "cross_entropy weight 2-d": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), weight=L.ones(1, 4, dtype=L.float64)),
    "cross_entropy weight int": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), weight=L.ones(4, dtype=L.int64)),
    "cross_entropy weight float32": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), weight=L.ones(4)),
    "cross_entropy label_smoothing above 1": lambda L, d: L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=1.5),
    "cross_entropy label_smoothing 1 ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.tensor([0, 1, 2]), label_smoothing=1.0)),
    "cross_entropy label_smoothing with probabilities ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.softmax(t(L, 3, 4), 1), label_smoothing=0.2)),
    "cross_entropy probabilities with ignore_index ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.softmax(t(L, 3, 4), 1), ignore_index=1)),
    "cross_entropy 1-d input int target ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(t(L, 4), L.tensor(2))),
    "cross_entropy 1-d input 1-d target": lambda L, d: L.nn.functional.cross_entropy(t(L, 4), L.tensor([2])),
    "cross_entropy 0-d input": lambda L, d: L.nn.functional.cross_entropy(L.tensor(1.0), L.tensor(0)),
    "cross_entropy int input": lambda L, d: L.nn.functional.cross_entropy(i(L, 3, 4), L.tensor([0, 1, 2])),
    "cross_entropy 4-d spatial target shape differs": lambda L, d: L.nn.functional.cross_entropy(t(L, 2, 3, 2, 2), L.zeros(2, 2, 3, dtype=L.int64)),
    "cross_entropy reduction none with ignore ok": lambda L, d: shown(L, L.nn.functional.cross_entropy(logits(L), L.tensor([0, -100, 1]), reduction="none")),
    "nll_loss target out of range": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 1, 4])),
    "nll_loss 3-d target shape differs": lambda L, d: L.nn.functional.nll_loss(t(L, 2, 4, 3), L.zeros(2, 2, dtype=L.int64)),
    "nll_loss weight of the wrong length": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0, 1, 2]), weight=L.ones(5, dtype=L.float64)),
    "nll_loss float target": lambda L, d: L.nn.functional.nll_loss(logits(L), L.tensor([0.0, 1.0, 2.0])),
    "nll_loss 0-d input": lambda L, d: L.nn.functional.nll_loss(L.tensor(1.0), L.tensor(0)),
    "nll_loss 1-d input 0-d target ok": lambda L, d: shown(L, L.nn.functional.nll_loss(t(L, 4), L.tensor(1))),
    "binary_cross_entropy shapes differ": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3), t(L, 3, 1)),
    "binary_cross_entropy weight not broadcasting": lambda L, d: L.nn.functional.binary_cross_entropy(t(L, 3), t(L, 3), weight=L.ones(2, dtype=L.float64)),
    "bce_with_logits shapes differ": lambda L, d: L.nn.functional.binary_cross_entropy_with_logits(t(L, 3), t(L, 1, 3)),
    "bce_with_logits int target": lambda L, d: L.nn.functional.binary_cross_entropy_with_logits(t(L, 3), i(L, 3)),
    "mse_loss shapes broadcasting ok": lambda L, d: shown(L, L.nn.functional.mse_loss(t(L, 3), t(L, 2, 3))),
    "mse_loss shapes not broadcasting": lambda L, d: L.nn.functional.mse_loss(t(L, 3), t(L, 2)),
    "l1_loss int target": lambda L, d: shown(L, L.nn.functional.l1_loss(t(L, 3), i(L, 3))),
    "mse_loss int input and target": lambda L, d: L.nn.functional.mse_loss(i(L, 3), i(L, 3)),
    "kl_div log_target a str": lambda L, d: L.nn.functional.kl_div(t(L, 3), t(L, 3), log_target="yes"),
    "poisson_nll_loss shapes not broadcasting": lambda L, d: L.nn.functional.poisson_nll_loss(t(L, 3), t(L, 2)),
    "gaussian_nll_loss var negative": lambda L, d: L.nn.functional.gaussian_nll_loss(t(L, 3), t(L, 3), -L.ones(3, dtype=L.float64)),
    "gaussian_nll_loss var of the wrong shape": lambda L, d: L.nn.functional.gaussian_nll_loss(t(L, 2, 3), t(L, 2, 3), L.ones(2, 2, dtype=L.float64)),
    "cosine_embedding_loss target of the wrong shape": lambda L, d: L.nn.functional.cosine_embedding_loss(t(L, 2, 3), t(L, 2, 3), L.ones(3)),
    "triplet_margin_loss shapes differ": lambda L, d: L.nn.functional.triplet_margin_loss(t(L, 2, 3), t(L, 2, 3), t(L, 2, 4)),
    "multi_margin_loss target out of range": lambda L, d: L.nn.functional.multi_margin_loss(logits(L), L.tensor([0, 1, 4])),
    "multilabel_margin_loss target of the wrong shape": lambda L, d: L.nn.functional.multilabel_margin_loss(logits(L), L.zeros(3, 3, dtype=L.int64)),
    "soft_margin_loss shapes differ": lambda L, d: L.nn.functional.soft_margin_loss(t(L, 3), t(L, 4)),
    "hinge_embedding_loss margin a str": lambda L, d: L.nn.functional.hinge_embedding_loss(t(L, 3), t(L, 3), margin="x"),
    "embedding index out of range": lambda L, d: L.nn.functional.embedding(L.tensor([0, 3]), t(L, 3, 2)),
    "embedding index negative": lambda L, d: L.nn.functional.embedding(L.tensor([-1]), t(L, 3, 2)),
    "embedding float index": lambda L, d: L.nn.functional.embedding(L.tensor([0.0]), t(L, 3, 2)),
    "embedding 1-d weight": lambda L, d: L.nn.functional.embedding(L.tensor([0]), t(L, 3)),
    "embedding_bag mode bogus": lambda L, d: L.nn.functional.embedding_bag(L.tensor([[0, 1]]), t(L, 3, 2), mode="median"),
})
table("norm layers:", {
    "BatchNorm1d wrong channels": lambda L, d: L.nn.BatchNorm1d(3, dtype=L.float64)(t(L, 2, 4)),
    "BatchNorm2d 3-d input": lambda L, d: L.nn.BatchNorm2d(2, dtype=L.float64)(t(L, 2, 3, 3)),
    "BatchNorm2d wrong channels eval": lambda L, d: L.nn.BatchNorm2d(3, dtype=L.float64).eval()(t(L, 2, 2, 3, 3)),
    "BatchNorm1d one value per channel in training": lambda L, d: L.nn.BatchNorm1d(2, dtype=L.float64)(t(L, 1, 2)),
    "BatchNorm1d one value per channel in eval ok": lambda L, d: shown(L, L.nn.BatchNorm1d(2, dtype=L.float64).eval()(t(L, 1, 2))),
    "BatchNorm1d float32 layer float64 input": lambda L, d: L.nn.BatchNorm1d(2)(t(L, 3, 2)),
    "BatchNorm1d int input": lambda L, d: L.nn.BatchNorm1d(2)(i(L, 3, 2)),
    "BatchNorm1d num_features 0": lambda L, d: L.nn.BatchNorm1d(0)(t(L, 3, 0)),
    "BatchNorm1d num_features a float": lambda L, d: L.nn.BatchNorm1d(2.0),
    "GroupNorm groups not dividing": lambda L, d: L.nn.GroupNorm(3, 4),
    "GroupNorm wrong channels": lambda L, d: L.nn.GroupNorm(2, 4, dtype=L.float64)(t(L, 2, 6, 3)),
    "GroupNorm 1-d input": lambda L, d: L.nn.GroupNorm(1, 2, dtype=L.float64)(t(L, 2)),
    "LayerNorm wrong last dim": lambda L, d: L.nn.LayerNorm(4, dtype=L.float64)(t(L, 2, 3)),
    "LayerNorm shape longer than input": lambda L, d: L.nn.LayerNorm((2, 2, 3), dtype=L.float64)(t(L, 2, 3)),
    "LayerNorm int input": lambda L, d: L.nn.LayerNorm(3)(i(L, 2, 3)),
    "InstanceNorm1d wrong channels with affine": lambda L, d: L.nn.InstanceNorm1d(3, affine=True, dtype=L.float64)(t(L, 2, 4, 5)),
    "InstanceNorm2d 2-d input": lambda L, d: L.nn.InstanceNorm2d(2)(t(L, 2, 3)),
    "LocalResponseNorm 2-d input": lambda L, d: L.nn.LocalResponseNorm(2)(t(L, 2, 3)),
    "F.batch_norm running_mean of the wrong size": lambda L, d: L.nn.functional.batch_norm(t(L, 3, 2), L.zeros(3, dtype=L.float64), L.ones(2, dtype=L.float64)),
    "F.batch_norm weight of the wrong size": lambda L, d: L.nn.functional.batch_norm(t(L, 3, 2), None, None, weight=L.ones(3, dtype=L.float64), training=True),
    "F.batch_norm no running stats in eval": lambda L, d: L.nn.functional.batch_norm(t(L, 3, 2), None, None),
    "F.layer_norm weight of the wrong shape": lambda L, d: L.nn.functional.layer_norm(t(L, 2, 3), (3,), weight=L.ones(2, dtype=L.float64)),
    "F.group_norm weight of the wrong size": lambda L, d: L.nn.functional.group_norm(t(L, 2, 4, 3), 2, weight=L.ones(2, dtype=L.float64)),
    "F.rms_norm shape not trailing": lambda L, d: L.nn.functional.rms_norm(t(L, 2, 3), (2,)),
})
