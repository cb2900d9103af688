"""Constraints checked entry by entry (``event_dim`` 0): booleans, integer ranges, the reals and
their half lines and intervals."""
from .constraint_base import Constraint


class _LowerBounded(Constraint):
    """Numbers bounded below by ``lower_bound`` (strictly or not: each subclass's ``check``)."""

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def __repr__(self):
        return f"{type(self).__name__[1:]}(lower_bound={self.lower_bound})"


class _BetweenBounds(Constraint):
    """Numbers between ``lower_bound`` and ``upper_bound`` (which ends belong: each subclass's ``check``)."""

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def __repr__(self):
        return f"{type(self).__name__[1:]}(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _Boolean(Constraint):
    """The values 0 and 1."""

    is_discrete = True

    def check(self, value):
        return (value == 0) | (value == 1)


class _IntegerInterval(_BetweenBounds):
    """Integers in [lower_bound, upper_bound]."""

    is_discrete = True

    def check(self, value):
        return (value % 1 == 0) & (self.lower_bound <= value) & (value <= self.upper_bound)


class _IntegerGreaterThan(_LowerBounded):
    """Integers >= lower_bound."""

    is_discrete = True

    def check(self, value):
        return (value % 1 == 0) & (value >= self.lower_bound)


class _Real(Constraint):
    """Every real number (NaN excluded)."""

    def check(self, value):
        return value == value


class _GreaterThan(_LowerBounded):
    """Reals > lower_bound."""

    def check(self, value):
        return self.lower_bound < value


class _GreaterThanEq(_LowerBounded):
    """Reals >= lower_bound."""

    def check(self, value):
        return self.lower_bound <= value


class _LessThan(Constraint):
    """Reals < upper_bound."""

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return value < self.upper_bound

    def __repr__(self):
        return f"{type(self).__name__[1:]}(upper_bound={self.upper_bound})"


class _Interval(_BetweenBounds):
    """Reals in [lower_bound, upper_bound]."""

    def check(self, value):
        return (self.lower_bound <= value) & (value <= self.upper_bound)


class _HalfOpenInterval(_BetweenBounds):
    """Reals in [lower_bound, upper_bound)."""

    def check(self, value):
        return (self.lower_bound <= value) & (value < self.upper_bound)
