"""Student's t distribution's module name in torch.distributions."""
from .student_t import StudentT  # noqa: F401

__all__ = ["StudentT"]
