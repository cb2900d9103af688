"""minigrad's benchmarks: ``python -m benchmarks [NAME ...] [--quick] [--json PATH] [--plot PATH]``.

Every benchmark times minigrad beside PyTorch and hand-written NumPy in one
process, implementations interleaved, and reports medians and ratios.
"""
NAMES = ("vectorization", "overhead", "training", "deep", "conv", "recurrent")
