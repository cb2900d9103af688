"""Grad mode: a thread-local switch that decides whether ops record a graph."""
import functools
import inspect
import threading
import warnings


class _GradState(threading.local):
    """The modes of one thread. Each thread's first read runs ``__init__``, so its ``__dict__`` always
    holds the three: the context managers read and write them there (a thread-local attribute read
    costs five times a dict's, and ``with no_grad():`` would take seven)."""

    def __init__(self):
        self.enabled = True  # ops record the graph: grad mode is on, outside inference mode
        self.inference = False  # inside inference_mode(True)
        self.grad_mode = True  # as is_grad_enabled() reports it in inference mode, where nothing is recorded


state = _GradState()
_new = object.__new__


class InferenceVersionCounter(list):
    """The version counter of an inference tensor (one made inside ``inference_mode()``): a list
    like any other, whose type is the mark ``Tensor.is_inference()`` reads."""


class SharedElementsVersionCounter(list):
    """The version counter of a tensor whose elements share memory (an expanded tensor: NumPy's
    broadcast view is read-only), whose type makes in-place updates raise: the counter of the
    tensor it views (``shared``), read and written through, as PyTorch's views share their base's."""

    __slots__ = ("shared",)

    def __init__(self, shared):
        super().__init__((0,))
        self.shared = shared

    def __getitem__(self, i):
        return self.shared[i]

    def __setitem__(self, i, value):
        self.shared[i] = value


SHARED_ELEMENTS_UPDATE = ("unsupported operation: more than one element of the written-to tensor refers to a single "
                          "memory location. Please clone() the tensor before performing the operation.")
INFERENCE_UPDATE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone "
                    "to get a normal tensor before doing inplace update."
                    "See https://github.com/pytorch/rfcs/pull/17 for more details.")
INFERENCE_SAVED = ("Inference tensors cannot be saved for backward. Please do not use Tensors created in inference "
                   "mode in computation tracked by autograd. To work around this, you can make a clone to get a "
                   "normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
                   "`torch.inference_mode()`.")


mutation_watchers = []  # what runs before an in-place change (allow_mutation_on_saved_tensors)


def check_update(t, repeats=False):
    """PyTorch's refusal of an in-place update to an inference tensor outside inference mode, or to a
    tensor whose elements share memory (made before anything is written), or to a view PyTorch
    refuses to modify in place in grad mode (``views.refuse_update``). One class check and one
    attribute test for every other tensor. ``repeats``: the update writes one value everywhere
    (``fill_`` of a number, ``zero_``), which PyTorch writes into shared elements too. A tensor
    viewing such memory that passes gets a writable alias of it (see ``writable``). Inside
    ``allow_mutation_on_saved_tensors``, the saved tensors ``t``'s change would alter are cloned.
    It has nothing to do for a tensor whose counter is a plain list and that is no view while no
    watcher is set: ``zero_`` and the in-place arithmetic test that first and skip the call."""
    counter = t._version_counter
    if mutation_watchers:
        mutation_watchers[0](t)
    if counter.__class__ is not list:
        if counter.__class__ is InferenceVersionCounter and not state.inference:
            raise RuntimeError(INFERENCE_UPDATE)
        if counter.__class__ is SharedElementsVersionCounter:
            if not repeats and shares_elements(t._data) and not _leaf_view_update(t):
                raise RuntimeError(SHARED_ELEMENTS_UPDATE)
            t._data = writable(t._data)
    view = t._view
    if view is not None and len(view) > 2 and state.enabled and (t._rg or view[0]._rg):
        from .views import refuse_update  # (views.py imports this module)
        refuse_update(t)


def _leaf_view_update(t):
    """True where a recorded update of ``t`` is refused as one of a view of a leaf requiring grad, an
    error PyTorch raises before the one for shared elements."""
    view = t._view
    return state.enabled and view is not None and (view[0]._node is None and view[0]._rg
                                                   or t._node is None and t._rg)


def shares_elements(array):
    """True where several positions of ``array`` are one memory location (a 0 stride over 2 or more)."""
    return any(s == 0 and n > 1 for s, n in zip(array.strides, array.shape))


def writable(array):
    """``array``, or a writable alias of its memory where NumPy marks it read-only but the memory's
    owner is writable (an expanded tensor's broadcast view, a view of one), as PyTorch writes
    through them. Memory owned read-only (a cached constant) stays read-only."""
    flags = getattr(array, "flags", None)
    if flags is None or getattr(flags, "writeable", True):
        return array
    alias = array.view()
    try:
        with warnings.catch_warnings():  # (a view of np.broadcast_arrays's: written on purpose)
            warnings.simplefilter("ignore", FutureWarning)
            alias.flags.writeable = True
    except ValueError:  # (NumPy cannot tell: a view made by as_strided, whose base is no array)
        return _alias_of_owner(array)
    return alias


def _alias_of_owner(array):
    """A writable alias of ``array`` over the memory of the array that owns it (found through the
    ``base`` chain), where that owner is a writable contiguous array; else ``array`` itself."""
    owner = getattr(array, "base", None)
    while owner is not None and not (getattr(owner, "flags", None) is not None and owner.flags.owndata):
        owner = getattr(owner, "base", None)
    if owner is None or not owner.flags.writeable or not owner.flags.c_contiguous:
        return array
    memory = owner.reshape(-1).view("u1")
    offset = array.__array_interface__["data"][0] - owner.__array_interface__["data"][0]
    return array.__class__(array.shape, array.dtype, memory, offset, array.strides)


# How many inference_mode(True) blocks are open, over all threads: op code reads its own copy
# (a module global, the cheapest read) and looks at the thread-local mode only when it is
# nonzero, so that marking inference tensors costs nothing outside inference mode.
_inference_blocks = 0
_inference_lock = threading.Lock()
_inference_readers = []  # modules holding an ``_inference_blocks`` copy


def read_inference_blocks(module):
    """Keep ``module._inference_blocks`` equal to the number of open inference_mode(True) blocks."""
    _inference_readers.append(module)
    module._inference_blocks = _inference_blocks


def _count_inference_block(step):
    global _inference_blocks
    with _inference_lock:
        _inference_blocks += step
        for module in _inference_readers:
            module._inference_blocks = _inference_blocks


def is_grad_enabled():
    """True when grad mode is on: operations record the autograd graph, except in inference mode,
    where ``enable_grad()`` turns grad mode on and nothing is recorded still (as PyTorch's)."""
    return state.grad_mode if state.inference else state.enabled


def _set_grad_mode(mode):
    state.grad_mode = mode
    state.enabled = mode and not state.inference


def is_inference_mode_enabled():
    """True inside ``inference_mode()`` (and not inside a nested ``inference_mode(False)``)."""
    return state.inference


class _GradModeContext:
    """Base for the grad-mode context managers; also usable as decorators."""

    _target = True
    _prev = None  # the modes to restore, innermost first: (mode, older) pairs (one object may be re-entered)

    def __enter__(self):
        modes = state.__dict__  # (this thread's modes: see _GradState)
        self._prev = ((modes["enabled"], modes["grad_mode"]), self._prev)
        modes["grad_mode"] = mode = self._target  # (_set_grad_mode inlined: no_grad() is entered often)
        modes["enabled"] = mode and not modes["inference"]

    def __exit__(self, *exc):
        modes = state.__dict__
        (modes["enabled"], modes["grad_mode"]), self._prev = self._prev
        return False

    def __call__(self, fn):
        return _decorated(fn, self.clone)

    def clone(self):
        """A fresh context manager of the same kind."""
        return self.__class__()


_CLASS_DECORATION = ("Decorating classes is deprecated and will be disabled in future versions. You should only "
                     "decorate functions or methods. To preserve the current behavior of class decoration, you can "
                     "directly decorate the `__init__` method and nothing else.")


def _decorated(fn, mode):
    """``fn`` run under the context manager ``mode()`` makes; a generator function's generator runs
    under it at every step (as PyTorch's decorators: the mode is not left on between steps). A class
    is decorated as a function calling it, with PyTorch's deprecation warning."""
    if inspect.isclass(fn):
        warnings.warn(_CLASS_DECORATION, FutureWarning, stacklevel=3)
        cls = fn
        fn = lambda *args, **kwargs: cls(*args, **kwargs)  # noqa: E731  (PyTorch's wrapper, named <lambda>)
    if not inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with mode():
                return fn(*args, **kwargs)
        return wrapper

    @functools.wraps(fn)
    def generator(*args, **kwargs):
        gen = fn(*args, **kwargs)
        step, value = gen.send, None
        while True:
            try:
                with mode():
                    response = step(value)
            except StopIteration as stop:
                return stop.value
            try:
                step, value = gen.send, (yield response)
            except GeneratorExit:
                with mode():
                    gen.close()
                raise
            except BaseException as error:  # (thrown into this generator: passed on to fn's)
                step, value = gen.throw, error
    return generator


class _NoArgumentMode(_GradModeContext):
    """A mode that takes no argument, so that it also decorates bare (``@torch.no_grad``, as PyTorch's)."""

    def __new__(cls, orig_func=None):
        self = _new(cls)  # (object.__new__ itself: a super() lookup here tripled the cost of no_grad())
        return self if orig_func is None else self(orig_func)


class no_grad(_NoArgumentMode):
    """Context manager / decorator: no graph is recorded inside."""

    _target = False


class enable_grad(_NoArgumentMode):
    """Context manager / decorator: graph recording is on inside."""

    _target = True


class set_grad_enabled(_GradModeContext):
    """Switch grad mode on or off; takes effect at once, or as a context manager."""

    def __init__(self, mode):
        if not isinstance(mode, bool):
            kind = type(mode)
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not "
                            f"{kind.__name__ if kind.__module__ == 'builtins' else kind.__module__ + '.' + kind.__name__}")
        self._target = mode
        self._prev = ((state.enabled, state.grad_mode), None)
        _set_grad_mode(mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        (state.enabled, state.grad_mode), self._prev = self._prev
        return False

    def __call__(self, fn):
        (state.enabled, state.grad_mode), self._prev = self._prev  # as a decorator, the switch applies only inside fn
        target = self._target
        return _decorated(fn, lambda: set_grad_enabled(target))

    def clone(self):
        return set_grad_enabled(self._target)

    def __repr__(self):  # (as PyTorch's: the qualified class name and the mode)
        return f"{type(self).__module__}.{type(self).__qualname__}(mode={self._target})"


class inference_mode(no_grad):
    """Like no_grad; tensors made inside are inference tensors (``is_inference()``), as PyTorch's.
    ``inference_mode(False)`` inside one turns it off again."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return _GradModeContext.__new__(cls)
        return cls()(mode)  # used bare: @torch.inference_mode

    def __init__(self, mode=True):
        self._mode = mode
        self._target = not mode

    def __enter__(self):
        self._prev = ((state.enabled, state.grad_mode, state.inference), self._prev)
        state.inference = self._mode
        _set_grad_mode(self._target)
        if self._mode:
            _count_inference_block(1)

    def __exit__(self, *exc):
        (state.enabled, state.grad_mode, state.inference), self._prev = self._prev
        if self._mode:
            _count_inference_block(-1)
        return False

    def clone(self):
        return inference_mode(self._mode)


class _Switches(threading.local):
    multithreading = True  # (recorded only: minigrad's backward always runs on the calling thread)


_switches = _Switches()


def is_multithreading_enabled():
    """Whether backward may run on worker threads (PyTorch's switch; recorded only here)."""
    return _switches.multithreading


def is_view_replay_enabled():
    """False: views are never replayed in place of as_strided (PyTorch's default)."""
    return False


class set_multithreading_enabled(_GradModeContext):
    """Set the multithreaded-backward switch: at once, or for a ``with`` block (restored after)."""

    def __init__(self, mode):
        if not isinstance(mode, bool):
            raise TypeError(f"set_multithreading_enabled(): argument 'mode' must be bool, not {type(mode).__name__}")
        self._target = mode
        self._prev = (_switches.multithreading, None)
        _switches.multithreading = mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _switches.multithreading, self._prev = self._prev
        return False

    def clone(self):
        return set_multithreading_enabled(self._target)
