"""``Optimizer``: parameter groups, per-parameter state and the step's hooks; its state_dict in
PyTorch's format is ``OptimizerState``'s (``_optimizer_state``)."""
import warnings
from collections import defaultdict

from ..autograd import no_grad, enable_grad
from ..creation import zeros
from ..nn.parameter import Parameter
from ..tensor import Tensor, wrap
from .._removable_handle import RemovableHandle
from ._optimizer_state import OptimizerState, scalar_dtype  # noqa: F401  (scalar_dtype: imported from here)


class _RequiredParameter:
    """Marks a hyper-parameter without a default (each group must give it)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()

#: the classes whose ``grad`` is the slot ``_grad`` read and written as it is (a subclass's may dispatch)
PLAIN_TENSORS = frozenset((Tensor, Parameter))


def step_count(fused=False):
    """A new step count: a 0-d tensor of ``scalar_dtype``, as PyTorch keeps it."""
    return zeros((), dtype=scalar_dtype(fused))


def to_scalar(x):
    """A hyper-parameter as a step uses it: a tensor of one element with dims (``tensor([0.01])``) as
    its 0-d tensor, anything else as it is (PyTorch's ``_to_scalar``, applied to the learning rate, and to
    Adam's betas, at every step)."""
    if isinstance(x, Tensor) and x.dim() != 0:
        return x.squeeze()
    return x


def check_tensor_lr(lr):
    """PyTorch's ValueError for a learning rate given as a tensor of more than one element (each
    optimizer checks the value's range itself)."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")


def check_tensor_options_for_foreach(name, value, foreach, capturable):
    """PyTorch's ValueError (Adam, AdamW) for an option ``name`` given as a tensor with
    ``foreach=True`` and ``capturable=False``."""
    if isinstance(value, Tensor) and foreach and not capturable:
        raise ValueError(f"{name} as a Tensor is not supported for capturable=False and foreach=True")


def check_fused_options(fused, foreach, differentiable):
    """PyTorch's RuntimeErrors for ``fused=True`` with ``differentiable`` or ``foreach`` (checked
    after the parameter groups, as PyTorch's SGD, Adam, AdamW and Adagrad check them)."""
    if fused:
        if differentiable:
            raise RuntimeError("`fused` does not support `differentiable`")
        if foreach:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")


#: hooks every optimizer's step runs (``register_optimizer_step_pre_hook`` and ``_post_hook``)
_GLOBAL_STEP_PRE_HOOKS = []
_GLOBAL_STEP_POST_HOOKS = []


def register_optimizer_step_pre_hook(hook):
    """Call ``hook(optimizer, args, kwargs)`` before every optimizer's step (it may return new
    ``(args, kwargs)``); returns a handle whose ``remove()`` unregisters it."""
    _GLOBAL_STEP_PRE_HOOKS.append(hook)
    return RemovableHandle(_GLOBAL_STEP_PRE_HOOKS, hook)


def register_optimizer_step_post_hook(hook):
    """Call ``hook(optimizer, args, kwargs)`` after every optimizer's step; returns a handle."""
    _GLOBAL_STEP_POST_HOOKS.append(hook)
    return RemovableHandle(_GLOBAL_STEP_POST_HOOKS, hook)


def _with_step_hooks(step):
    """``step`` running the optimizer's and the global step hooks around it, as PyTorch's wrapped
    ``step``; without hooks (the common case) one test and the call."""
    def hooked_step(self, *args, **kwargs):
        if self._running_step_hooks or not (self._step_pre_hooks or self._step_post_hooks
                                            or _GLOBAL_STEP_PRE_HOOKS or _GLOBAL_STEP_POST_HOOKS):
            return step(self, *args, **kwargs)  # (a subclass's step calling super().step() runs them once)
        self._running_step_hooks = True
        args = (self,) + args  # (PyTorch's hooks see the step's arguments with the optimizer first)
        try:
            for hook in (*_GLOBAL_STEP_PRE_HOOKS, *self._step_pre_hooks):
                changed = hook(self, args, kwargs)
                if changed is not None:
                    if not (isinstance(changed, tuple) and len(changed) == 2):
                        raise RuntimeError(f"{hook} must return None or a tuple of (new_args, new_kwargs), but got "
                                           f"{changed}.")
                    args, kwargs = changed
            out = step(*args, **kwargs)
            for hook in (*self._step_post_hooks, *_GLOBAL_STEP_POST_HOOKS):
                hook(self, args, kwargs)
        finally:
            self._running_step_hooks = False
        return out
    hooked_step.__name__, hooked_step.__qualname__, hooked_step.__doc__ = step.__name__, step.__qualname__, step.__doc__
    hooked_step.__wrapped__ = step
    hooked_step._runs_step_hooks = True
    return hooked_step


class Optimizer(OptimizerState):
    """Base class of the optimizers, as ``torch.optim.Optimizer``.

    ``params`` is an iterable of Tensors, of (name, Tensor) pairs (``named_parameters()``: the
    names kept as a group's ``param_names``) or of dicts (parameter groups with their own options);
    ``defaults`` fills the options a group leaves out.
    """

    _step_pre_hooks = ()   # (an instance's own lists, made when its first hook is registered)
    _step_post_hooks = ()
    _running_step_hooks = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # (not ``__wrapped__``: a step decorated with ``no_grad()`` has one too, and is wrapped here)
        if "step" in cls.__dict__ and not getattr(cls.__dict__["step"], "_runs_step_hooks", False):
            cls.step = _with_step_hooks(cls.__dict__["step"])

    def register_step_pre_hook(self, hook):
        """Call ``hook(optimizer, args, kwargs)`` before this optimizer's step (it may return new
        ``(args, kwargs)``); returns a handle whose ``remove()`` unregisters it."""
        if not self._step_pre_hooks:
            self._step_pre_hooks = []
        self._step_pre_hooks.append(hook)
        return RemovableHandle(self._step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Call ``hook(optimizer, args, kwargs)`` after this optimizer's step; returns a handle."""
        if not self._step_post_hooks:
            self._step_post_hooks = []
        self._step_post_hooks.append(hook)
        return RemovableHandle(self._step_post_hooks, hook)

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got {params.type()}")
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters (a dict with ``params`` and optional options)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        else:
            params = list(params)
        # (name, parameter) pairs, as ``named_parameters()`` gives them: the names kept as ``param_names``
        names = [p[0] for p in params if isinstance(p, tuple) and len(p) == 2]
        if names:
            if len(names) != len(params):
                raise ValueError("all optimizer params should be with/without names. Some param names are missing")
            params = [p[1] for p in params]
        if self.param_groups and ("param_names" in self.param_groups[0]) != bool(names):
            raise ValueError("all optimizer param groups should be with/without names. cannot add param group "
                             f"{'with' if names else 'without'} names to the optimizer")
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        group = dict(param_group)
        group["params"] = params
        if names:
            group["param_names"] = names
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {name}")
            group.setdefault(name, default)
        if len({id(p) for p in params}) != len(params):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error", stacklevel=3)
        existing = {id(p) for g in self.param_groups for p in g["params"]}
        if existing & {id(p) for p in params}:
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Reset every parameter's gradient: to None (default) or to zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none:
                    if p.__class__ in PLAIN_TENSORS:
                        p._grad = None  # (what the grad setter does with None, without its call)
                    else:
                        p.grad = None
                elif p.grad is not None:
                    g = p.grad
                    if g.grad_fn is not None:  # the same tensor, as PyTorch's (compiled steps guard its identity)
                        g.detach_()
                    else:
                        g.requires_grad_(False)
                    with no_grad():
                        g.zero_()

    def step(self, closure=None):
        """Update the parameters once; subclasses implement it."""
        raise NotImplementedError

    def _updates(self, group, init_state):
        """``(parameter, gradient, state)`` for each parameter of ``group`` that has a gradient, in
        order: the loop every optimizer's step runs. The state is made by ``init_state(state, p, group)``
        at the parameter's first update; the gradient is negated when the group says ``maximize``.
        A complex parameter, its gradient and its state's complex tensors are given as real views
        (``view_as_real``'s layout), as PyTorch's optimizers update them."""
        state = self.state
        maximize = group["maximize"]
        if group.get("capturable") or group.get("differentiable"):
            self._check_step_options(group)
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                continue
            s = state[p]
            if not s:
                init_state(s, p, group)
            if maximize:
                grad = -grad
            if p._data.dtype.kind == "c":  # as PyTorch's: a complex parameter updated as real pairs
                yield _real_view(p), _real_view(grad), _RealState(s)
            else:
                yield p, grad, s

    #: what PyTorch's assertion for ``capturable=True`` names (optimizers with more state say more)
    _capturable_tensors = "params and state_steps"
    _capturable_devices = "['cuda', 'xpu', 'hpu', 'privateuseone', 'xla']"

    def _check_step_options(self, group):
        """PyTorch's errors at a step of a group with ``capturable`` (for parameters on an accelerator
        only) or ``differentiable`` (whose in-place update of a leaf requiring grad is refused)."""
        params = [p for p in group["params"] if p.grad is not None]
        if group.get("capturable") and any(p.device.type == "cpu" for p in params):
            raise AssertionError(f"If capturable=True, {self._capturable_tensors} must be on supported devices: "
                                 f"{self._capturable_devices}.")
        if group.get("differentiable") and any(p.requires_grad and p.is_leaf for p in params):
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")

    @staticmethod
    def _call_closure(closure):
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines += [""] * (i > 0) + [f"Parameter Group {i}"]  # (a blank line between groups)
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


def _real_view(t):
    """A complex tensor's storage as a real tensor of its shape plus a last dim of 2 (real, imaginary),
    sharing its memory and version counter (a parameter or state tensor is contiguous: a view)."""
    data = t._data
    real = data.reshape(-1).view(data.real.dtype).reshape(data.shape + (2,))
    view = wrap(real, t._device)
    view._version_counter = t._version_counter
    return view


class _RealState:
    """An optimizer's state of a complex parameter, its complex tensors read as ``_real_view``s."""

    __slots__ = ("_state",)

    def __init__(self, state):
        self._state = state

    def __getitem__(self, key):
        value = self._state[key]
        return _real_view(value) if isinstance(value, Tensor) and value._data.dtype.kind == "c" else value

    def __setitem__(self, key, value):
        self._state[key] = value

    def __contains__(self, key):
        return key in self._state

    def get(self, key, default=None):
        """The entry ``key`` (real views of complex tensors), or ``default``."""
        return self[key] if key in self._state else default
