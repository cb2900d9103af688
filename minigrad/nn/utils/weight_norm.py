"""``weight_norm`` / ``remove_weight_norm``: a weight split into a magnitude ``<name>_g`` and a
direction ``<name>_v``, recombined as ``v * (g / ||v||)`` before every forward, as
torch.nn.utils.weight_norm (deprecated there in favour of parametrizations, with a warning)."""
import warnings

from ...autograd import no_grad
from ..parameter import Parameter, UninitializedParameter


def _norm_except_dim(v, dim):
    """The 2-norm of ``v`` over every dim but ``dim``, kept broadcastable; all of v when dim is -1."""
    if dim == -1:
        return v.norm()
    kept = [1] * v.ndim
    kept[dim] = v.shape[dim]
    return v.movedim(dim, 0).reshape(v.shape[dim], -1).norm(dim=1).reshape(kept)


class _WeightNorm:
    """The forward pre-hook of one weight-normalised weight."""

    def __init__(self, name, dim):
        self.name, self.dim = name, dim

    def compute_weight(self, module):
        g, v = getattr(module, self.name + "_g"), getattr(module, self.name + "_v")
        return v * (g / _norm_except_dim(v, self.dim))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Reparametrise ``module.<name>`` as magnitude and direction; returns the module."""
    warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                  "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning, stacklevel=2)
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, _WeightNorm) and hook.name == name:
            raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
    dim = -1 if dim is None else dim
    fn = _WeightNorm(name, dim)
    getattr(module, name)  # (PyTorch's AttributeError for a module without it)
    weight = module._parameters[name]
    if isinstance(weight, UninitializedParameter):
        raise ValueError("The module passed to `WeightNorm` can't have uninitialized parameters. Make sure to run the "
                         "dummy forward before applying weight normalization")
    delattr(module, name)
    with no_grad():
        module.register_parameter(name + "_g", Parameter(_norm_except_dim(weight, dim)))
        module.register_parameter(name + "_v", Parameter(weight.detach()))
    setattr(module, name, fn.compute_weight(module))
    module.register_forward_pre_hook(fn)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo ``weight_norm``: ``<name>`` becomes one parameter again."""
    for key, hook in list(module._forward_pre_hooks.items()):
        if isinstance(hook, _WeightNorm) and hook.name == name:
            with no_grad():
                weight = hook.compute_weight(module)
            for suffix in ("", "_g", "_v"):
                delattr(module, name + suffix)
            module.register_parameter(name, Parameter(weight.detach()))
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
