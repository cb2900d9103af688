"""``minigrad.utils.tensorboard``: ``SummaryWriter`` writes TensorBoard event files (scalars,
histograms, images, text, the autograd graph) with no TensorBoard package installed; view them
with ``tensorboard --logdir runs`` where TensorBoard is installed."""
from .writer import SummaryWriter, FileWriter  # noqa: F401
