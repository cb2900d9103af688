"""Array kernels behind the vision ops: plain functions of backend arrays and their module ``xp``.

Nothing here knows about Tensors or the autograd graph. Each differentiable op
in ``minigrad.ops`` (conv, pool, norm, padding, resample) is a thin class whose forward
calls one kernel and whose backward calls the kernels of its adjoint, so the
numerical work of a convolution network can be read (and tested) in these
files alone. Every kernel takes ``xp`` (NumPy or CuPy) and never names NumPy.

Layout: 2-D kernels take NCHW arrays; ``padding`` is ``((top, bottom), (left,
right))``, ``stride`` and ``dilation`` are ``(along H, along W)``.
"""
