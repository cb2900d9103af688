"""The Fisher-Snedecor distribution's module name in torch.distributions."""
from .fisher_snedecor import FisherSnedecor  # noqa: F401

__all__ = ["FisherSnedecor"]
