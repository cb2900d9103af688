"""``SGD`` with PyTorch's exact order of weight decay, momentum, dampening and Nesterov."""
from ..ops.inplace import _foreach_add_  # (the list update without checks: an empty list is fine)
from ..autograd import no_grad
from ..compile import live
from .optimizer import PLAIN_TENSORS, Optimizer, check_tensor_lr, check_fused_options, to_scalar


def _numbers(group):
    """The numbers of one group's update; a compiled step reads them again at every replay
    (a scheduler may have changed the learning rate). ``1 - dampening`` is None where it is no number:
    PyTorch computes it at the second step only (the first copies the gradient), and raises there."""
    lr, dampening = group["lr"], group["dampening"]
    lr = lr if lr.__class__ is float else to_scalar(lr)
    undamped = 1 - dampening if dampening.__class__ is int or dampening.__class__ is float else _undamped(dampening)
    return -lr, group["momentum"], undamped, group["weight_decay"]


def _undamped(dampening):
    """``1 - dampening``, None where that raises."""
    try:
        return 1 - dampening
    except TypeError:
        return None


class SGD(Optimizer):
    """Stochastic gradient descent (optionally with momentum), as ``torch.optim.SGD``.

    Per parameter: ``g = grad + weight_decay * p``; with momentum
    ``buf = momentum * buf + (1 - dampening) * g`` (``buf = g`` at the first
    step), then ``g = g + momentum * buf`` (Nesterov) or ``g = buf``;
    finally ``p -= lr * g``.
    """

    _options_filled_on_load = dict(nesterov=False, maximize=False, foreach=None, differentiable=False, fused=False)

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        check_tensor_lr(lr)
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach, differentiable=differentiable,
                        fused=fused)
        super().__init__(params, defaults)
        check_fused_options(fused, foreach, differentiable)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = None if closure is None else self._call_closure(closure)
        state = self.state
        with no_grad():
            for group in self.param_groups:
                neg_lr, momentum, undamped, weight_decay = live.scalars(_numbers, group)
                nesterov = group["nesterov"]
                maximize = group["maximize"]
                if group.get("differentiable"):
                    self._check_step_options(group)
                if momentum == 0 and weight_decay == 0 and not maximize:
                    # plain SGD (the course's): one list update, as PyTorch's foreach implementation
                    params, grads = [], []
                    for p in group["params"]:
                        # (a leaf's grad is its slot: read as it is for the plain classes, whose property returns it)
                        g = p._grad if p.__class__ in PLAIN_TENSORS and p._node is None else p.grad
                        if g is not None:
                            params.append(p)
                            grads.append(g)
                    _foreach_add_(params, grads, alpha=neg_lr)
                    continue
                for p in group["params"]:
                    g = p.grad
                    if g is None:
                        continue
                    if maximize:
                        g = -g
                    if weight_decay != 0:
                        g = g.add(p, alpha=weight_decay)
                    if momentum != 0:
                        s = state[p]
                        buf = s.get("momentum_buffer")
                        if buf is None:
                            buf = s["momentum_buffer"] = g.clone()
                        else:
                            buf.mul_(momentum).add_(g, alpha=1 - group["dampening"] if undamped is None else undamped)
                        g = g.add(buf, alpha=momentum) if nesterov else buf
                    p.add_(g, alpha=neg_lr)
        return loss
