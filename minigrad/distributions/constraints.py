"""Constraints: sets a distribution's parameters and values must lie in, as
``torch.distributions.constraints`` (the same names, checks and reprs).

``constraint.check(value)`` returns a bool Tensor, one entry per event: for a
constraint with ``event_dim`` 1 (a simplex), the last dimension is one event.

The classes are in ``constraint_base.py`` (the base class and constraints made of others),
``number_constraints.py`` (entry by entry) and ``event_constraints.py`` (vectors and matrices);
this module names their instances, as PyTorch's.
"""
from .constraint_base import (Constraint, MixtureSameFamilyConstraint, _Cat, _Dependent, _DependentProperty,
                              _IndependentConstraint, _Stack, is_dependent)
from .number_constraints import (_Boolean, _GreaterThan, _GreaterThanEq, _HalfOpenInterval, _IntegerGreaterThan,
                                 _IntegerInterval, _Interval, _LessThan, _Real)
from .event_constraints import (_CorrCholesky, _LowerCholesky, _LowerTriangular, _Multinomial, _OneHot,
                                _PositiveDefinite, _PositiveSemidefinite, _Simplex, _Square, _Symmetric)

__all__ = ["Constraint", "MixtureSameFamilyConstraint", "boolean", "cat", "corr_cholesky", "dependent",
           "dependent_property", "greater_than", "greater_than_eq", "half_open_interval", "independent",
           "integer_interval", "interval", "is_dependent", "less_than", "lower_cholesky", "lower_triangular",
           "multinomial", "nonnegative", "nonnegative_integer", "one_hot", "positive", "positive_definite",
           "positive_integer", "positive_semidefinite", "real", "real_vector", "simplex", "square", "stack",
           "symmetric", "unit_interval"]

dependent = _Dependent()
dependent_property = _DependentProperty
independent = _IndependentConstraint
boolean = _Boolean()
one_hot = _OneHot()
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
integer_interval = _IntegerInterval
real = _Real()
real_vector = independent(real, 1)
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
unit_interval = _Interval(0.0, 1.0)
interval = _Interval
half_open_interval = _HalfOpenInterval
simplex = _Simplex()
multinomial = _Multinomial
lower_triangular = _LowerTriangular()
lower_cholesky = _LowerCholesky()
square = _Square()
symmetric = _Symmetric()
corr_cholesky = _CorrCholesky()
positive_semidefinite = _PositiveSemidefinite()
positive_definite = _PositiveDefinite()
cat = _Cat
stack = _Stack
