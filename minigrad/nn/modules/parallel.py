"""``DataParallel``: PyTorch's single-process multi-GPU wrapper. minigrad computes on one device,
so the wrapper runs the module it holds, as PyTorch's does when there is no GPU to spread over;
``state_dict`` keys carry its ``module.`` prefix, as in PyTorch."""
from ..module import Module
from ... import cuda


class DataParallel(Module):
    """Runs ``module`` on its inputs (minigrad does not split batches across devices)."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        if not cuda.is_available():
            self.device_ids = []
            return
        self.device_ids = list(range(cuda.device_count())) if device_ids is None else list(device_ids)
        self.output_device = self.device_ids[0] if output_device is None else output_device
        self.dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
