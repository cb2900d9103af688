"""The public names of the op families.

A family marks its public functions with ``@public`` (exported as
``minigrad.<name>`` and bound as ``Tensor.<name>``) or names methods with
``method``; ``ops/__init__.py`` binds the methods and ``minigrad/__init__.py``
exports the functions. Adding an op touches only its family's file.
"""
FUNCTIONS = {}  # name -> function exported as minigrad.<name>
METHODS = {}    # name -> function (or property) bound as Tensor.<name>


def public(*names, method=True, function=True):
    """Decorator: export a function under its own name (or ``names``), as a function and a method."""
    def register(fn):
        for name in names or (fn.__name__,):
            if function:
                FUNCTIONS[name] = fn
            if method:
                METHODS[name] = fn
        return fn
    if len(names) == 1 and callable(names[0]):  # used bare: @public
        fn, names = names[0], ()
        return register(fn)
    return register


def method(name, fn):
    """Bind ``fn`` as ``Tensor.<name>`` only (dunders, in-place methods, properties...)."""
    METHODS[name] = fn
    return fn


def function(name, fn):
    """Export ``fn`` as ``minigrad.<name>`` only."""
    FUNCTIONS[name] = fn
    return fn
