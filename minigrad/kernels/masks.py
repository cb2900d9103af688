"""Masked selection without NumPy's ``where`` (slow on random masks), exact to the bit."""


def select(mask, values):
    """``where(mask, values, 0)``, exactly (NaN and infinities included), as the values' bits read as
    integers times the mask: NumPy's where runs ~15x slower on random masks, and a float multiply
    by the mask would turn an infinite or NaN value outside the mask into NaN."""
    if values.dtype.kind != "f":
        return values * mask
    bits = values.view(f"i{values.dtype.itemsize}")
    return (bits * mask).view(values.dtype)  # the bits times 1 or 0: one pass
