"""PReLU: x where x > 0, else a learned slope times x (one slope, or one per channel), with its
input and weight gradients as ops of their own so that its second derivatives are PyTorch's.
``nn.functional`` checks the arguments; these functions trust them.
"""
from ..autograd.op import Op


class PreluInputGrad(Op):
    """prelu's input gradient: g where x > 0, else weight * g. Its own derivative takes the slope 1 at
    x = 0 (PyTorch's double backward tests x >= 0 where its backward tests x > 0)."""

    broadcasting = True
    saves = (2, True, 0)

    @staticmethod
    def forward(ctx, g, x, w):
        return ctx.xp.where(x > 0, g, w * g)

    @staticmethod
    def backward(ctx, m, gg, g, x, w):
        ng, nx, nw = ctx.needs_input_grad
        linear = x >= m.scalar(0, x)
        gg_g = m.where(linear, gg, gg * w) if ng else None
        gg_w = m.sum_to(m.masked(~linear, g * gg), ctx.shapes[2]) if nw else None
        return gg_g, None, gg_w


class PreluWeightGrad(Op):
    """prelu's weight gradient before the sum over the positions: 0 where x > 0, else x * g."""

    saves = (1, True)

    @staticmethod
    def forward(ctx, g, x):
        return ctx.xp.where(x > 0, ctx.xp.zeros((), x.dtype), x * g)

    @staticmethod
    def backward(ctx, m, gg, g, x):
        ng, nx = ctx.needs_input_grad
        sloped = ~(x >= m.scalar(0, x))
        return (m.masked(sloped, gg * x) if ng else None), (m.masked(sloped, gg * g) if nx else None)


class Prelu(Op):
    """x where x > 0, else weight * x (weight broadcast against x: one slope, or one per channel)."""

    torch_name = "PreluKernelBackward0"
    broadcasting = True
    saves = (True, 0)
    input_gradient_node = True

    @staticmethod
    def forward(ctx, x, w):
        return ctx.xp.where(x > 0, x, w * x)

    @staticmethod
    def backward(ctx, m, g, x, w):
        nx, nw = ctx.needs_input_grad
        gx = m.op(PreluInputGrad, g, x, w) if nx else None
        gw = m.sum_to(m.op(PreluWeightGrad, g, x), ctx.shapes[1]) if nw else None
        return gx, gw


def prelu(input, weight):
    """x where x > 0, else weight * x (``weight`` shaped to broadcast against ``input``)."""
    return Prelu.apply(input, weight)
