"""The differentiable ops, grouped by family, and their binding as Tensor methods."""
from . import elementwise, reduce, linalg, shape, index, inplace, _util
from ..tensor import Tensor

E, R, L, S, I, P = elementwise, reduce, linalg, shape, index, inplace


def _swap(fn):
    def method(self, other):
        return fn(other, self)
    return method


_METHODS = {
    # arithmetic
    "add": E.add, "sub": E.sub, "subtract": E.sub, "mul": E.mul, "multiply": E.mul, "div": E.div,
    "divide": E.div, "true_divide": E.div, "floor_divide": E.floor_divide, "remainder": E.remainder,
    "fmod": E.fmod, "pow": E.pow, "float_power": E.float_power, "neg": E.neg, "negative": E.neg,
    "exp": E.exp, "log": E.log, "log2": E.log2, "log10": E.log10, "log1p": E.log1p, "expm1": E.expm1,
    "sqrt": E.sqrt, "rsqrt": E.rsqrt, "square": E.square, "sin": E.sin, "cos": E.cos, "tanh": E.tanh,
    "sigmoid": E.sigmoid, "relu": E.relu, "abs": E.abs, "absolute": E.abs, "sign": E.sign,
    "reciprocal": E.reciprocal, "clamp": E.clamp, "clip": E.clamp, "clamp_min": E.clamp_min,
    "clamp_max": E.clamp_max, "maximum": E.maximum, "minimum": E.minimum, "clone": E.clone,
    "eq": E.eq, "ne": E.ne, "lt": E.lt, "le": E.le, "gt": E.gt, "ge": E.ge,
    "greater": E.gt, "less": E.lt, "greater_equal": E.ge, "less_equal": E.le, "not_equal": E.ne,
    "logical_and": E.logical_and, "logical_not": E.logical_not, "bitwise_not": E.bitwise_not,
    "logical_or": lambda a, b: E.bitwise_or(a.bool(), b.bool()),
    "isnan": E.isnan, "isinf": E.isinf, "isfinite": E.isfinite, "isclose": E.isclose,
    "allclose": E.allclose, "equal": E.equal,
    "where": lambda self, condition, other: E.where(condition, self, other),
    # reductions
    "sum": R.sum, "mean": R.mean, "var": R.var, "std": R.std, "max": R.max, "min": R.min,
    "amax": R.amax, "amin": R.amin, "argmax": R.argmax, "argmin": R.argmin, "prod": R.prod,
    "logsumexp": R.logsumexp, "softmax": R.softmax, "log_softmax": R.log_softmax, "all": R.all,
    "any": R.any, "norm": R.norm, "cumsum": R.cumsum,
    # linear algebra
    "matmul": L.matmul, "mm": L.mm, "bmm": L.bmm, "mv": L.mv, "dot": L.dot, "outer": L.outer,
    # shape
    "reshape": S.reshape, "view": S.view, "view_as": S.view_as, "reshape_as": S.reshape_as,
    "flatten": S.flatten, "unflatten": S.unflatten, "ravel": S.ravel, "squeeze": S.squeeze,
    "unsqueeze": S.unsqueeze, "permute": S.permute, "transpose": S.transpose, "swapaxes": S.transpose,
    "swapdims": S.transpose, "t": S.t, "movedim": S.movedim, "expand": S.expand,
    "expand_as": S.expand_as, "broadcast_to": S.broadcast_to_, "repeat": S.repeat, "narrow": S.narrow,
    "split": S.split, "chunk": S.chunk, "unbind": S.unbind, "select": S.select, "flip": S.flip,
    # indexing
    "gather": I.gather, "index_select": I.index_select, "masked_fill": I.masked_fill,
    "masked_select": I.masked_select, "nonzero": I.nonzero, "argwhere": I.argwhere, "unique": I.unique,
    "sort": I.sort, "argsort": I.argsort, "topk": I.topk,
    "floor": E.floor, "ceil": E.ceil, "round": E.round, "trunc": E.trunc, "frac": E.frac, "sinh": E.sinh,
    "cosh": E.cosh, "atan": E.atan, "arctan": E.atan, "exp2": E.exp2, "type_as": E.type_as,
    "nan_to_num": E.nan_to_num, "count_nonzero": E.count_nonzero, "tril": S.tril, "triu": S.triu, "tile": S.tile,
    # in place
    "add_": P.add_, "sub_": P.sub_, "mul_": P.mul_, "div_": P.div_, "clamp_": P.clamp_,
    "clip_": P.clamp_, "clamp_min_": P.clamp_min_, "clamp_max_": P.clamp_max_, "pow_": P.pow_,
    "exp_": P.exp_, "log_": P.log_, "sqrt_": P.sqrt_, "abs_": P.abs_, "neg_": P.neg_, "relu_": P.relu_,
    "sigmoid_": P.sigmoid_, "tanh_": P.tanh_, "zero_": P.zero_, "fill_": P.fill_, "copy_": P.copy_,
    "normal_": P.normal_, "uniform_": P.uniform_, "bernoulli_": P.bernoulli_, "random_": P.random_,
    "exponential_": P.exponential_, "masked_fill_": P.masked_fill_, "addcmul_": P.addcmul_,
    "addcdiv_": P.addcdiv_, "lerp_": P.lerp_,
}

for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)  # plain functions bind as methods: self is the first argument

Tensor.T = property(S.T, doc="All dims reversed.")
Tensor.mT = property(S.mT, doc="The last two dims swapped.")
Tensor.H = Tensor.T
Tensor.mH = Tensor.mT

_DUNDERS = {
    "__add__": E.add, "__radd__": E.add, "__sub__": E.sub, "__rsub__": E.rsub,
    "__mul__": E.mul, "__rmul__": E.mul, "__truediv__": E.div, "__rtruediv__": E.rdiv,
    "__floordiv__": E.floor_divide, "__mod__": E.remainder, "__pow__": E.pow,
    "__matmul__": L.matmul, "__eq__": E.eq, "__ne__": E.ne, "__lt__": E.lt, "__le__": E.le,
    "__gt__": E.gt, "__ge__": E.ge, "__and__": E.bitwise_and, "__or__": E.bitwise_or,
    "__xor__": E.bitwise_xor, "__rand__": E.bitwise_and, "__ror__": E.bitwise_or, "__rxor__": E.bitwise_xor,
}
for _name, _fn in _DUNDERS.items():
    setattr(Tensor, _name, _fn)

Tensor.__rfloordiv__ = _swap(lambda o, s: E.floor_divide(E.full_like_scalar(s, o, E._dt.result_type(s, o)), s))
Tensor.__rmod__ = _swap(lambda o, s: E.remainder(E.full_like_scalar(s, o, E._dt.result_type(s, o)), s))
Tensor.__rpow__ = _swap(lambda o, s: E.pow(o, s))
Tensor.__rmatmul__ = _swap(L.matmul)
Tensor.__neg__ = E.neg
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = E.abs
Tensor.__invert__ = E.bitwise_not
Tensor.__getitem__ = I.getitem
Tensor.__setitem__ = I.setitem
Tensor.__iadd__ = lambda self, other: P.add_(self, other)
Tensor.__isub__ = lambda self, other: P.sub_(self, other)
Tensor.__imul__ = lambda self, other: P.mul_(self, other)
Tensor.__itruediv__ = lambda self, other: P.div_(self, other)
Tensor.__ipow__ = lambda self, other: P.pow_(self, other)
Tensor.__hash__ = object.__hash__


def _new_factory(name):
    def method(self, *args, dtype=None, device=None, requires_grad=False, **kw):
        from .. import creation
        dtype = self.dtype if dtype is None else dtype
        device = self._device if device is None else device
        if name == "new_tensor":
            return creation.tensor(args[0], dtype=dtype, device=device, requires_grad=requires_grad)
        if name == "new_full":
            return creation.full(args[0], args[1], dtype=dtype, device=device, requires_grad=requires_grad)
        return getattr(creation, name[4:])(*args, dtype=dtype, device=device, requires_grad=requires_grad)
    method.__name__ = name
    method.__doc__ = f"torch.{name[4:]} with this tensor's dtype and device by default."
    return method


for _name in ("new_tensor", "new_zeros", "new_ones", "new_empty", "new_full"):
    setattr(Tensor, _name, _new_factory(_name))
