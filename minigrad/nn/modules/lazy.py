"""Lazy layers: ``LazyModuleMixin`` and the convolutions and norms whose input size (channels or
features) is read from the first input. Until then their parameters (and running statistics) are
``UninitializedParameter`` / ``UninitializedBuffer``; the first call (or ``load_state_dict``)
gives them their shapes, PyTorch's initial values (drawn then, as PyTorch draws them), and turns
the layer into its plain class (``LazyConv2d`` -> ``Conv2d``)."""
from ..module import Module
from ..parameter import UninitializedParameter, UninitializedBuffer, is_lazy
from ... import dtypes
from ...creation import tensor
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .batchnorm import BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d


class LazyModuleMixin:
    """What lazy layers share: the first call runs ``initialize_parameters(*args, **kwargs)`` (which
    materialises the parameters for the input's shape), then the layer becomes ``cls_to_become``."""

    cls_to_become = None

    def has_uninitialized_params(self):
        """True while a parameter or buffer has no shape yet."""
        return any(is_lazy(t) for t in list(self._parameters.values()) + list(self._buffers.values()))

    def initialize_parameters(self, *args, **kwargs):
        """Materialise and initialise the parameters for this input (each lazy layer defines it)."""
        raise NotImplementedError(f"initialize_parameters is not implemented for {type(self).__name__}")

    def _sizes_from_parameters(self):
        """Set the inferred size from parameters materialised by ``load_state_dict`` (layers override)."""

    def _become_materialized(self):
        if self.has_uninitialized_params():
            return
        self._sizes_from_parameters()
        if self.cls_to_become is not None:
            self.__class__ = self.cls_to_become

    def __call__(self, *args, **kwargs):
        if self.has_uninitialized_params():
            self.initialize_parameters(*args, **kwargs)
            if self.has_uninitialized_params():
                raise RuntimeError(f"module {self._get_name()} has not been fully initialized")
        self._become_materialized()
        return Module.__call__(self, *args, **kwargs)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Load (materialising lazy parameters and buffers from the state's shapes); a layer then fully
        materialised becomes its plain class."""
        result = super().load_state_dict(state_dict, strict, assign)
        self._become_materialized()
        return result


# ---------------------------------------------------------------------- convolutions
class _LazyConvXdMixin(LazyModuleMixin):
    """A convolution made with 0 input channels: ``in_channels`` is the first input's channel count."""

    _n = 2

    def _lazy_init(self, bias, device, dtype):
        factory = {"device": device, "dtype": dtype}
        self.weight = UninitializedParameter(**factory)
        self.out_channels = self._lazy_out_channels
        if bias:
            self.bias = UninitializedParameter(**factory)

    def reset_parameters(self):
        """PyTorch's initialisation once the shapes are known (nothing before)."""
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def _get_in_channels(self, input):
        unbatched, batched = self._n + 1, self._n + 2
        if input.ndim not in (unbatched, batched):
            raise RuntimeError(f"Expected {unbatched}D (unbatched) or {batched}D (batched) input to "
                               f"{type(self).__name__}, but got input of size: {input.shape}")
        return input.shape[1] if input.ndim == batched else input.shape[0]

    def initialize_parameters(self, input, *args, **kwargs):
        """Materialise weight (and bias) for ``input``'s channel count and initialise them."""
        if not self.has_uninitialized_params():
            return
        self.in_channels = self._get_in_channels(input)
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if self.transposed:
            shape = (self.in_channels, self.out_channels // self.groups)
        else:
            shape = (self.out_channels, self.in_channels // self.groups)
        self.weight.materialize(shape + tuple(self.kernel_size))
        if self.bias is not None:
            self.bias.materialize((self.out_channels,))
        self.reset_parameters()

    def _sizes_from_parameters(self):
        if self.in_channels == 0:
            self.in_channels = self.weight.shape[0] if self.transposed else self.weight.shape[1] * self.groups


def _lazy_conv_class(name, base, transposed, doc):
    """A lazy twin of convolution class ``base``: its arguments less ``in_channels``."""

    class LazyConv(_LazyConvXdMixin, base):
        cls_to_become = base
        _n = base._n

        if transposed:
            def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                         bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
                self._lazy_out_channels = out_channels
                base.__init__(self, 0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation,
                              padding_mode, device, dtype)
                self._lazy_init(bias, device, dtype)
        else:
            def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                         padding_mode="zeros", device=None, dtype=None):
                self._lazy_out_channels = out_channels
                base.__init__(self, 0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode,
                              device, dtype)
                self._lazy_init(bias, device, dtype)

    LazyConv.__name__ = LazyConv.__qualname__ = name
    LazyConv.__doc__ = doc
    LazyConv.__module__ = __name__
    return LazyConv


LazyConv1d = _lazy_conv_class("LazyConv1d", Conv1d, False,
                              "A ``Conv1d`` whose ``in_channels`` is inferred from the first input.")
LazyConv2d = _lazy_conv_class("LazyConv2d", Conv2d, False,
                              "A ``Conv2d`` whose ``in_channels`` is inferred from the first input.")
LazyConv3d = _lazy_conv_class("LazyConv3d", Conv3d, False,
                              "A ``Conv3d`` whose ``in_channels`` is inferred from the first input.")
LazyConvTranspose1d = _lazy_conv_class("LazyConvTranspose1d", ConvTranspose1d, True,
                                       "A ``ConvTranspose1d`` whose ``in_channels`` is inferred from the first input.")
LazyConvTranspose2d = _lazy_conv_class("LazyConvTranspose2d", ConvTranspose2d, True,
                                       "A ``ConvTranspose2d`` whose ``in_channels`` is inferred from the first input.")
LazyConvTranspose3d = _lazy_conv_class("LazyConvTranspose3d", ConvTranspose3d, True,
                                       "A ``ConvTranspose3d`` whose ``in_channels`` is inferred from the first input.")


# ---------------------------------------------------------------------- norms
class _LazyNormBase(LazyModuleMixin):
    """A batch or instance norm made with 0 features: ``num_features`` is the first input's ``shape[1]``."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *,
                 bias=True):
        factory = {"device": device, "dtype": dtype}
        self.cls_to_become.__init__(self, 0, eps, momentum, False, False, device, dtype, bias=False)
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = UninitializedParameter(**factory)
            if bias:
                self.bias = UninitializedParameter(**factory)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(**factory)
            self.running_var = UninitializedBuffer(**factory)
            self.num_batches_tracked = tensor(0, dtype=dtypes.int64, device=device)

    def reset_parameters(self):
        """Running statistics and affine parameters reset once the shapes are known (nothing before)."""
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        """Materialise weight, bias and running statistics for ``input.shape[1]`` features and reset them."""
        if not self.has_uninitialized_params():
            return
        self.num_features = input.shape[1]
        for t in (self.weight, self.bias, self.running_mean, self.running_var):
            if t is not None:
                t.materialize((self.num_features,))
        self.reset_parameters()

    def _sizes_from_parameters(self):
        if self.num_features == 0:
            state = self.weight if self.weight is not None else self.running_mean
            if state is not None:
                self.num_features = state.shape[0]


class LazyBatchNorm1d(_LazyNormBase, BatchNorm1d):
    """A ``BatchNorm1d`` whose ``num_features`` is inferred from the first input."""

    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, BatchNorm2d):
    """A ``BatchNorm2d`` whose ``num_features`` is inferred from the first input."""

    cls_to_become = BatchNorm2d


class LazyBatchNorm3d(_LazyNormBase, BatchNorm3d):
    """A ``BatchNorm3d`` whose ``num_features`` is inferred from the first input."""

    cls_to_become = BatchNorm3d


class LazyInstanceNorm1d(_LazyNormBase, InstanceNorm1d):
    """An ``InstanceNorm1d`` whose ``num_features`` is inferred from the first input (PyTorch's lazy
    defaults: ``affine=True``, ``track_running_stats=True``)."""

    cls_to_become = InstanceNorm1d


class LazyInstanceNorm2d(_LazyNormBase, InstanceNorm2d):
    """An ``InstanceNorm2d`` whose ``num_features`` is inferred from the first input (PyTorch's lazy
    defaults: ``affine=True``, ``track_running_stats=True``)."""

    cls_to_become = InstanceNorm2d


class LazyInstanceNorm3d(_LazyNormBase, InstanceNorm3d):
    """An ``InstanceNorm3d`` whose ``num_features`` is inferred from the first input (PyTorch's lazy
    defaults: ``affine=True``, ``track_running_stats=True``)."""

    cls_to_become = InstanceNorm3d
