"""``minigrad.onnx``: PyTorch's ONNX entry points, so that programs importing ``torch.onnx`` (for an
optional export, as pytorch/examples' word language model does) run. minigrad cannot write ONNX:
``export`` raises NotImplementedError, and nothing is ever being exported."""

_NO_ONNX = ("minigrad cannot export to ONNX: save the module's state_dict with minigrad.save and export it "
            "from PyTorch")


def export(model, args=(), f=None, *, kwargs=None, **options):
    """ONNX export is not available in minigrad: NotImplementedError."""
    raise NotImplementedError(_NO_ONNX)


def is_in_onnx_export():
    """False: minigrad never exports to ONNX."""
    return False
