"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``).

As in PyTorch, a module call with backward hooks passes its Tensor inputs and its Tensor
outputs through identity nodes. In backward, the outputs' node sees ``grad_output`` (the
pre-hooks may replace it) and the inputs' node sees ``grad_input``; the hooks then run with both
and may replace ``grad_input``. Both have one entry per positional argument or output, as
PyTorch's: None for one that is not a Tensor, for an output off the graph and for an output that
got no gradient, zeros for a Tensor argument that needs none.
"""
import os
import sys
import warnings

from ..autograd import grad_mode
from ..autograd.function import Function
from ..tensor import Tensor


class _Identity(Function):
    """Pass Tensors through unchanged; in backward hand their gradients to ``on_grads``,
    which returns the gradients to pass on."""

    torch_name = "BackwardHookFunctionBackward"  # (PyTorch's node for module backward hooks)

    @staticmethod
    def forward(ctx, on_grads, *tensors):
        ctx.on_grads = on_grads
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + tuple(ctx.on_grads(grads))


class _OutputIdentity(_Identity):
    """``_Identity`` for a module's outputs: an output that got no gradient reaches ``on_grads`` as
    None (PyTorch's hook sees the gradients the node received, not the zeros made for backward)."""

    @staticmethod
    def forward(ctx, on_grads, *tensors):
        ctx.set_materialize_grads(False)
        return _Identity.forward(ctx, on_grads, *tensors)


_NO_INPUT_GRAD_WARNING = ("Full backward hook is firing when gradients are computed with respect to module outputs "
                          "since no inputs require gradients. See the documentation of "
                          "torch.nn.Module.register_full_backward_hook for more details.")


def _outside_minigrad():
    """The stacklevel of the innermost caller outside minigrad (PyTorch's warning names the line
    that called backward)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


_INPLACE_ON_HOOKED_INPUT = ("Output {} of BackwardHookFunction is a view and is being modified inplace. This view was "
                            "created inside a custom Function (or because an input was returned as-is) and the "
                            "autograd logic to handle view+inplace would override the custom backward associated "
                            "with the custom Function, leading to incorrect gradients. This behavior is forbidden. "
                            "You can fix this by cloning the output of the custom Function.")


class BackwardHookCall:
    """The hooks of one module call (lists: the global hooks then the module's, as registered when
    the call began): ``setup_inputs`` before forward, ``setup_outputs`` after."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_output = None  # set by the outputs' node, cleared once the hooks ran (PyTorch's grad_outputs)
        self.n_inputs = 0
        self.n_outputs = 0
        self.input_positions = ()   # positions of the arguments routed through the inputs' node
        self.output_positions = ()  # positions of the outputs routed through the outputs' node
        self.tensor_args = {}  # argument position -> the Tensor argument
        self.routed = ()  # (index among the Tensor arguments, routed input, its version when routed)

    def setup_inputs(self, args):
        """The arguments, with the Tensors that require a gradient routed through the inputs' node."""
        self.n_inputs = len(args)
        tensor_positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        self.tensor_args = {i: args[i] for i in tensor_positions}
        self.input_positions = [i for i in tensor_positions if args[i].requires_grad]
        if not (self.input_positions and grad_mode.is_grad_enabled()):
            self.input_positions = ()
            return args
        routed = _Identity.apply(self._on_grad_input, *[args[i] for i in self.input_positions])
        args = list(args)
        for i, t in zip(self.input_positions, routed):
            args[i] = t
        index = {pos: k for k, pos in enumerate(tensor_positions)}
        self.routed = [(index[i], t, t._version_counter[0]) for i, t in zip(self.input_positions, routed)]
        return tuple(args)

    def check_inputs_unchanged(self):
        """PyTorch's RuntimeError when forward changed a routed input in place (``ReLU(inplace=True)``
        with backward hooks): the node's outputs are its inputs returned as-is, which autograd does
        not let be modified in place. (PyTorch raises in the in-place op; minigrad right after forward.)"""
        for index, t, version in self.routed:
            if t._version_counter[0] != version:
                raise RuntimeError(_INPLACE_ON_HOOKED_INPUT.format(index))

    def setup_outputs(self, out):
        """The output (a Tensor or a tuple of them) routed through the outputs' node."""
        outs = out if isinstance(out, tuple) else (out,)
        self.n_outputs = len(outs)
        positions = [i for i, o in enumerate(outs) if isinstance(o, Tensor) and o.requires_grad]
        if not positions:
            return out
        self.output_positions = positions
        routed = _OutputIdentity.apply(self._on_grad_output, *[outs[i] for i in positions])
        outs = list(outs)
        for i, t in zip(positions, routed):
            outs[i] = t
        return tuple(outs) if isinstance(out, tuple) else outs[0]

    def _on_grad_output(self, grads):
        grad_output = _spread(self.output_positions, grads, [None] * self.n_outputs)
        for hook in self.pre_hooks:
            res = hook(self.module, grad_output)
            if res is not None:
                if len(res) != len(grad_output):
                    raise RuntimeError("Backward pre hook returned an invalid number of grad_output, got "
                                       f"{len(res)}, but expected {len(grad_output)}")
                grad_output = tuple(res)
        self.grad_output = grad_output
        if not self.input_positions:  # no input gets a gradient: the hooks run now, with None for each
            if self.hooks:
                warnings.warn(_NO_INPUT_GRAD_WARNING, UserWarning, stacklevel=_outside_minigrad())
            for hook in self.hooks:
                res = hook(self.module, (None,) * self.n_inputs, grad_output)
                if res is not None and not (isinstance(res, tuple) and all(r is None for r in res)):
                    raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                       "return None or None for all gradients.")
            self.grad_output = None
        return tuple(grad_output[i] for i in self.output_positions)

    def _on_grad_input(self, grads):
        if self.grad_output is None:
            # the gradient reached the inputs without passing through the outputs (a double
            # backward, a pass from inside the module): PyTorch calls no hook
            return grads
        # a Tensor argument that needs no gradient gets zeros (PyTorch materialises them), any other None
        grad_input = [None] * self.n_inputs
        for pos, t in self.tensor_args.items():
            grad_input[pos] = t.new_zeros(t.shape)
        grad_input = _spread(self.input_positions, grads, grad_input)
        for hook in self.hooks:
            res = hook(self.module, grad_input, self.grad_output)
            if res is not None:
                if len(res) != len(grad_input):
                    raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {len(res)}, "
                                       f"but expected {len(grad_input)}")
                grad_input = tuple(res)
        self.grad_output = None
        return tuple(grad_input[pos] for pos in self.input_positions)


def _spread(positions, values, into):
    """``into`` (a list) with ``values`` put at ``positions``, as a tuple."""
    for pos, value in zip(positions, values):
        into[pos] = value
    return tuple(into)


_DEPRECATED = "is deprecated and will be removed in future versions. "
_USE_FULL = "Please use register_full_backward_hook to get the documented behavior."


def hook_on_output_node(module, hooks, args, out):
    """PyTorch's regular module backward hooks (``register_backward_hook``): each becomes a hook of
    the node of the module's first output Tensor (``grad_fn.register_hook``), called as
    ``hook(module, grad_input, grad_output)`` with that node's gradients; PyTorch's deprecation
    warnings say what such a hook misses."""
    var = out
    while not isinstance(var, Tensor):
        var = next(v for v in var.values() if isinstance(v, Tensor)) if isinstance(var, dict) else var[0]
    node = var.grad_fn
    if node is None:
        return
    for hook in hooks:
        node.register_hook(lambda grad_input, grad_output, hook=hook: hook(module, grad_input, grad_output))
    message = _regular_hook_warning(args, out, node)
    if message is not None:
        warnings.warn(message, FutureWarning, stacklevel=3)


def _regular_hook_warning(inputs, result, node):
    """The deprecation warning PyTorch gives for a call with regular backward hooks, or None."""
    if isinstance(result, Tensor):
        result = (result,)
    elif not (isinstance(result, tuple) and all(isinstance(r, Tensor) for r in result)):
        return ("Using non-full backward hooks on a Module that does not return a single Tensor or a tuple of "
                f"Tensors {_DEPRECATED}This hook will be missing some of the grad_output. {_USE_FULL}")
    if isinstance(inputs, Tensor):
        inputs = (inputs,)
    elif not (isinstance(inputs, tuple) and all(isinstance(i, Tensor) for i in inputs)):
        return ("Using non-full backward hooks on a Module that does not take as input a single Tensor or a tuple "
                f"of Tensors {_DEPRECATED}This hook will be missing some of the grad_input. {_USE_FULL}")
    out_nodes = {r.grad_fn for r in result if r.grad_fn is not None}
    if not out_nodes or (len(out_nodes) == 1 and node not in out_nodes):
        return ("Using a non-full backward hook when outputs are nested in python data structure "
                f"{_DEPRECATED}This hook will be missing some grad_output.")
    if len(out_nodes) > 1:
        return ("Using a non-full backward hook when outputs are generated by different autograd Nodes "
                f"{_DEPRECATED}This hook will be missing some grad_output. {_USE_FULL}")
    if {i.grad_fn for i in inputs if i.grad_fn is not None} != {n for n, _ in node.next_functions}:
        return ("Using a non-full backward hook when the forward contains multiple autograd Nodes "
                f"{_DEPRECATED}This hook will be missing some grad_input. {_USE_FULL}")
    return None
