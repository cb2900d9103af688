"""A progress bar that shows the loss (tqdm when installed, else silent)."""


def progress(iterations, label, enabled=True):
    """An iterable over ``range(iterations)`` with a ``show(loss)`` method to post the current loss."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        tqdm = None
    return _Bar(iterations, label, enabled and tqdm is not None, tqdm)


class _Bar:
    def __init__(self, iterations, label, enabled, tqdm):
        self._range = range(iterations)
        self._bar = tqdm(self._range, desc=label, leave=False, mininterval=0.5) if enabled else None

    def __iter__(self):
        return iter(self._bar if self._bar is not None else self._range)

    def show(self, loss):
        """Post the current loss (a float) on the bar."""
        if self._bar is not None:
            self._bar.set_postfix(loss=f"{loss:.3e}", refresh=False)

    def close(self):
        """Remove the bar from the terminal."""
        if self._bar is not None:
            self._bar.close()
