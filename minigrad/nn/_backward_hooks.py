"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``).

As in PyTorch, a module call with backward hooks passes its Tensor inputs and its Tensor
outputs through identity nodes. In backward, the outputs' node sees ``grad_output`` (the
pre-hooks may replace it) and the inputs' node sees ``grad_input``, one entry per Tensor
argument (zeros for those that need no gradient); the hooks then run with both and may replace ``grad_input``.
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
        self.grad_output = None
        self.n_inputs = 0
        self.input_positions = ()
        self.tensor_slots = {}  # argument position -> index among the Tensor arguments
        self.tensor_args = []
        self.routed = ()  # (index among the Tensor arguments, routed input, its version when routed)

    def setup_inputs(self, args):
        """The arguments, with the Tensors that require a gradient routed through the inputs' node."""
        tensor_positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        self.n_inputs = len(tensor_positions)
        self.tensor_slots = {pos: k for k, pos in enumerate(tensor_positions)}
        self.tensor_args = [args[i] for i in tensor_positions]
        self.input_positions = [i for i in tensor_positions if args[i].requires_grad]
        if not (self.input_positions and grad_mode.is_grad_enabled()):
            self.input_positions = ()
            return args
        routed = _Identity.apply(self._on_grad_input, *[args[i] for i in self.input_positions])
        args = list(args)
        for i, t in zip(self.input_positions, routed):
            args[i] = t
        self.routed = [(self.tensor_slots[i], t, t._version_counter[0]) for i, t in zip(self.input_positions, routed)]
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
        positions = [i for i, o in enumerate(outs) if isinstance(o, Tensor) and o.requires_grad]
        if not positions:
            return out
        routed = _Identity.apply(self._on_grad_output, *[outs[i] for i in positions])
        outs = list(outs)
        for i, t in zip(positions, routed):
            outs[i] = t
        return tuple(outs) if isinstance(out, tuple) else outs[0]

    def _on_grad_output(self, grads):
        for hook in self.pre_hooks:
            res = hook(self.module, grads)
            if res is not None:
                grads = tuple(res) if isinstance(res, (tuple, list)) else (res,)
        self.grad_output = grads
        if not self.input_positions:  # no input gets a gradient: the hooks run now, with None for each
            if self.hooks:
                warnings.warn(_NO_INPUT_GRAD_WARNING, UserWarning, stacklevel=_outside_minigrad())
            for hook in self.hooks:
                hook(self.module, (None,) * self.n_inputs, grads)
        return grads

    def _on_grad_input(self, grads):
        # a Tensor argument that needs no gradient gets zeros (PyTorch materialises them)
        grad_input = [t.new_zeros(t.shape) for t in self.tensor_args]
        tensor_slots = self.tensor_slots
        for pos, g in zip(self.input_positions, grads):
            grad_input[tensor_slots[pos]] = g
        grad_input = tuple(grad_input)
        for hook in self.hooks:
            res = hook(self.module, grad_input, self.grad_output)
            if res is not None:
                if len(res) != len(grad_input):
                    raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {len(res)}, "
                                       f"but expected {len(grad_input)}")
                grad_input = tuple(res)
        return tuple(grad_input[tensor_slots[pos]] for pos in self.input_positions)
