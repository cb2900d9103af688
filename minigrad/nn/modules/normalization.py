"""``LayerNorm``, ``GroupNorm``, ``RMSNorm``, ``LocalResponseNorm`` and ``CrossMapLRN2d``."""
import numbers

from ...autograd import Function
from ..module import Module
from .. import functional as F
from ..parameter import Parameter
from ...creation import empty
from ._parameters import register_affine, reset_affine


class LayerNorm(Module):
    """Normalise over the trailing ``normalized_shape`` dims; elementwise weight and bias of that shape."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        register_affine(self, self.normalized_shape, elementwise_affine, bias, device, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        """Weight 1, bias 0."""
        reset_affine(self.weight, self.bias)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


class GroupNorm(Module):
    """Normalise groups of ``num_channels / num_groups`` channels per sample; per-channel weight and bias."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        register_affine(self, num_channels, affine, bias, device, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        """Weight 1, bias 0."""
        reset_affine(self.weight, self.bias)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class RMSNorm(Module):
    """Divide by the root mean square over the trailing ``normalized_shape`` dims (``eps`` None: the
    input dtype's machine epsilon); an elementwise ``weight`` of that shape, starting at 1."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self.register_parameter("weight", Parameter(empty(self.normalized_shape, device=device, dtype=dtype))
                                if elementwise_affine else None)
        self.reset_parameters()

    def reset_parameters(self):
        """Weight 1."""
        reset_affine(self.weight, None)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class _ResponseNorm(Module):
    """The settings of a local response norm across channels: ``size``, ``alpha``, ``beta``, ``k``."""

    def __init__(self, size, alpha, beta, k):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class LocalResponseNorm(_ResponseNorm):
    """Divide each channel by (k + alpha * mean of squares over ``size`` neighbouring channels) ** beta."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__(size, alpha, beta, k)

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)


class _CrossMapLRN2dFunction(Function):
    """Lua Torch's local response norm across channels, forward and backward as PyTorch keeps them."""

    @staticmethod
    def forward(ctx, input, size, alpha, beta, k):
        channels = input.shape[1]
        reach = int((size - 1) / 2 + 1)
        squares = input * input
        # ``s``: the sum of squares over channels c - reach + 1 .. c + reach - 1, from running sums (a
        # zero first), plus channel 0's once c >= reach: PyTorch's running sum never removes it
        sums = F.pad(squares.cumsum(1), (0, 0, 0, 0, 1, 0))
        his = [min(c + reach - 1, channels - 1) + 1 for c in range(channels)]
        s = sums[:, his] - sums[:, [max(c - reach + 1, 0) for c in range(channels)]]
        if channels > reach:
            s = s + squares[:, :1] * input.new_tensor([0.0] * reach + [1.0] * (channels - reach)).reshape(-1, 1, 1)
        scale = s * (alpha / size) + k
        output = input * scale ** -beta
        ctx.save_for_backward(input, output, scale)
        ctx.size, ctx.alpha, ctx.beta = size, alpha, beta
        return output

    @staticmethod
    def backward(ctx, grad_output):
        # PyTorch's formula (not the derivative of the quirky window above): g * scale**-beta, less
        # 2 alpha beta / size * x * the sum of g * output / scale over channels c - q .. c + size - 1 - q
        input, output, scale = ctx.saved_tensors
        size, channels = ctx.size, input.shape[1]
        q = int(size - (size - 1) / 2)
        ratio = F.pad(grad_output * output / scale, (0, 0, 0, 0, q, size - 1 - q))
        sums = F.pad(ratio.cumsum(1), (0, 0, 0, 0, 1, 0))
        window = sums[:, size:size + channels] - sums[:, :channels]
        grad = scale ** -ctx.beta * grad_output - (2 * ctx.alpha * ctx.beta / size) * input * window
        return grad, None, None, None, None


_CrossMapLRN2dFunction.__name__ = "CrossMapLRN2d"  # (its node is PyTorch's CrossMapLRN2dBackward)


class CrossMapLRN2d(_ResponseNorm):
    """Lua Torch's local response norm across the channels of a 4-D input, as PyTorch keeps it:
    ``x * (k + alpha / size * s) ** -beta``, ``s`` a sum of squares over neighbouring channels
    (see ``_CrossMapLRN2dFunction``)."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1):
        super().__init__(size, alpha, beta, k)

    def forward(self, input):
        if input.dim() != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.dim()}D instead.")
        return _CrossMapLRN2dFunction.apply(input, self.size, self.alpha, self.beta, self.k)
