"""An input gradient that depends on the input with derivative zero, as PyTorch's graph has it.

PyTorch computes some ops' input gradients with a backward function that reads the input (or the
output): relu's ``threshold_backward(grad, result, 0)``, leaky_relu's, hardtanh's, the pools'
``max_pool2d_with_indices_backward(grad, self, ...)``. Under ``create_graph`` that gradient
requires grad whenever the input does, and differentiating it again gives zeros for the input
(derivatives.yaml: ``self: zeros_like(grad)``). minigrad's formulas compute the same values from
masks and saved winners, which record no dependence on the input; ``tie_to_input`` adds PyTorch's
node on top of the gradient: it passes the gradient's own gradient on and zeros to the input.
"""
from .node import Node, accumulator, edge_of, _new
from .. import tensor as _tensor_mod  # (partly imported here: used only at call time)

_TYPES = {}  # node name -> the InputDependence subclass of that name


class InputDependence(Node):
    """A gradient's node over the gradient as computed and the input it is a function of."""

    def name(self):
        """PyTorch's name of the node, e.g. ``ThresholdBackwardBackward0``."""
        return type(self).__name__

    def run(self, m, gg, release):
        """The gradient's gradient to what computed it, zeros to the input."""
        return gg, m.zeros_like(gg)


class NotImplementedDerivative(InputDependence):
    """PyTorch's ``NotImplemented`` node: the gradient of an op whose backward function PyTorch
    cannot differentiate (hardsigmoid's ``hardsigmoid_backward``) requires grad, and a pass
    through it raises."""

    function = None  # the backward function named in the error, e.g. ``aten::hardsigmoid_backward``

    def run(self, m, gg, release):
        raise RuntimeError(f"derivative for {self.function} is not implemented")


def not_implemented(function):
    """An ``input_gradient_node`` for an op whose gradient PyTorch does not differentiate: the
    ``NotImplemented`` node naming ``function`` in its error."""
    return type("NotImplemented", (NotImplementedDerivative,), {"function": function,
                                                                "__doc__": NotImplementedDerivative.__doc__})


def tie_to_input(ctx, gradient, g):
    """``gradient`` (a Tensor or None: the gradient ``ctx``'s backward gave its first input, from
    upstream gradient ``g``) as a Tensor whose node also has an edge to that input (see above)."""
    edge = ctx.next[0]
    if edge is None or gradient is None:
        return gradient
    name = ctx.input_gradient_node
    if name is True:
        name = ctx.name().rpartition("::")[2].replace("Backward0", "BackwardBackward0")
    cls = name if isinstance(name, type) else _TYPES.get(name)
    if cls is None:
        cls = _TYPES[name] = type(name, (InputDependence,), {"__doc__": InputDependence.__doc__})
    node = _new(cls)
    upstream = None
    if gradient._rg:
        upstream = gradient._node or gradient._acc or accumulator(gradient)
        upstream.uses += 1
    edge.uses += 1
    node.next = (upstream, edge)
    node.needs_input_grad = (upstream is not None, True)
    node.xp = ctx.xp
    node.device = ctx.device
    data = gradient._data
    if g is not None and data is g._data:
        data = data.copy()  # (the upstream gradient passed through: the result gets an array of its own)
    return _tensor_mod.wrap(data, gradient._device, node)


class ZeroDerivative(InputDependence):
    """A value PyTorch computes as a function of ``source`` whose derivative is zero (see
    ``tie_to_source``): zeros of the source's shape pass on."""

    dims = ()  # the value's trailing dims, which the source lacks

    def run(self, m, gg, release):
        """Zeros for the source."""
        return (m.sum(m.zeros_like(gg), self.dims),)


def tie_to_source(value, source):
    """``value`` (a Tensor off the graph, of shape ``source.shape + more``) as a Tensor that requires
    grad through ``source`` with derivative zero, as PyTorch's is where it computed it from
    ``source`` by a formula whose derivative vanishes (a forward-over-reverse Hessian's constant
    rows, the tangents of a gradient that depends on the inputs)."""
    node = _new(ZeroDerivative)
    node.next = (edge_of(source),)
    node.needs_input_grad = (True,)
    node.device = source._device
    node.xp = source._device._get_backend().xp
    node.dims = tuple(range(source.ndim, value.ndim))
    return _tensor_mod.wrap(value._data, value._device, node)
