"""The deblurring course's array helpers: fft.fftshift/ifftshift over chosen dims, fftfreq and
rfftfreq, rfft2/irfft2 with s= (padding, cropping, -1, wrong lengths), the norm modes, FFTs of
integer and complex inputs, a regularised inverse filter, a PSF padded and rolled into an OTF;
F.pad in constant/reflect/replicate/circular modes (negative pads crop; too large, odd or too many
pads, integer, bool, complex and empty inputs, tensors and floats as pads) and the padding modules
with their reprs."""
import torch
import torch.nn.functional as F


def attempt(label, fn):
    try:
        out = fn()
        if isinstance(out, torch.Tensor):
            print(label, "->", tuple(out.shape), out.dtype, [round(v, 4) for v in out.flatten()[:6].tolist()] if not out.is_complex() else [complex(round(v.real, 4), round(v.imag, 4)) for v in out.flatten()[:4].tolist()])
        else:
            print(label, "->", out)
    except Exception as e:  # noqa: BLE001 - the cell prints whichever error PyTorch raises
        print(label, "!!", type(e).__name__ + ":", str(e).splitlines()[0])


torch.manual_seed(3)
img = torch.rand(1, 1, 6, 7, dtype=torch.float64)
k = torch.zeros(6, 7, dtype=torch.float64)
k[:3, :3] = 1 / 9
attempt("fftshift", lambda: torch.fft.fftshift(torch.arange(7)))
attempt("fftshift dim", lambda: torch.fft.fftshift(torch.arange(12).reshape(3, 4), dim=1))
attempt("ifftshift", lambda: torch.fft.ifftshift(torch.fft.fftshift(torch.arange(7))))
attempt("fftshift tuple", lambda: torch.fft.fftshift(torch.arange(12).reshape(3, 4), dim=(0, 1)))
attempt("fftfreq", lambda: torch.fft.fftfreq(5, d=0.5))
attempt("rfftfreq", lambda: torch.fft.rfftfreq(6))
attempt("rfft2", lambda: torch.fft.rfft2(img))
attempt("rfft2 s", lambda: torch.fft.rfft2(img, s=(8, 8)))
attempt("rfft2 s small", lambda: torch.fft.rfft2(img, s=(4, 4)))
attempt("irfft2 s", lambda: torch.fft.irfft2(torch.fft.rfft2(img), s=img.shape[-2:]))
attempt("irfft2 no s", lambda: torch.fft.irfft2(torch.fft.rfft2(img)))
attempt("irfft2 s pad", lambda: torch.fft.irfft2(torch.fft.rfft2(img, s=(8, 8)), s=(8, 8)))
attempt("rfft2 norm ortho", lambda: torch.fft.rfft2(img, norm="ortho"))
attempt("rfft2 norm bad", lambda: torch.fft.rfft2(img, norm="unitary"))
attempt("rfft2 s -1", lambda: torch.fft.rfft2(img, s=(-1, 8)))
attempt("rfft2 s len", lambda: torch.fft.rfft2(img, s=(8,)))
attempt("rfft2 s dim mismatch", lambda: torch.fft.rfft2(img, s=(8, 8, 8)))
attempt("rfft complex", lambda: torch.fft.rfft(torch.ones(4, dtype=torch.complex64)))
attempt("fft int", lambda: torch.fft.fft(torch.arange(4)))
attempt("rfft int", lambda: torch.fft.rfft(torch.arange(4)))
attempt("fft half", lambda: torch.fft.fft(torch.ones(4).half()))
attempt("fft n 0", lambda: torch.fft.fft(torch.ones(4), n=0))
attempt("fft2 1d", lambda: torch.fft.fft2(torch.ones(4)))
attempt("deconv", lambda: torch.fft.irfft2(torch.fft.rfft2(img) / (torch.fft.rfft2(k) + 1e-2), s=(6, 7)))
attempt("psf2otf", lambda: torch.fft.fft2(torch.roll(F.pad(torch.ones(3, 3) / 9, (0, 4, 0, 3)), (-1, -1), (0, 1))).abs())
attempt("fftn dims", lambda: torch.fft.fftn(img, dim=(-1,), s=(9,)))
attempt("hfft", lambda: torch.fft.hfft(torch.tensor([1., 2j, 3.]), n=4))
x = torch.arange(12.).reshape(1, 1, 3, 4)
for mode in ["constant", "reflect", "replicate", "circular"]:
    attempt("pad " + mode, lambda: F.pad(x, (1, 2, 2, 1), mode=mode))
attempt("pad value", lambda: F.pad(x, (1, 1), value=-1.0))
attempt("pad negative", lambda: F.pad(x, (-1, 0, 0, -1)))
attempt("pad reflect too big", lambda: F.pad(x, (4, 0, 0, 0), mode="reflect"))
attempt("pad circular too big", lambda: F.pad(x, (5, 0, 0, 0), mode="circular"))
attempt("pad odd len", lambda: F.pad(x, (1, 2, 3)))
attempt("pad reflect 2d input", lambda: F.pad(torch.arange(6.).reshape(2, 3), (1, 1), mode="reflect"))
attempt("pad reflect 1d", lambda: F.pad(torch.arange(3.), (1, 1), mode="reflect"))
attempt("pad replicate 3d dims", lambda: F.pad(x, (1, 1, 1, 1, 1, 1), mode="replicate"))
attempt("pad constant many", lambda: F.pad(x, (1, 1, 1, 1, 1, 1, 1, 1)))
attempt("pad too many", lambda: F.pad(x, (1,) * 10))
attempt("pad int reflect", lambda: F.pad(torch.arange(12).reshape(1, 3, 4), (1, 1), mode="reflect"))
attempt("pad bool const", lambda: F.pad(torch.ones(2, 2, dtype=torch.bool), (1, 1)))
attempt("pad value reflect", lambda: F.pad(x, (1, 1), mode="reflect", value=2.0))
attempt("pad bad mode", lambda: F.pad(x, (1, 1), mode="wrap"))
attempt("pad complex reflect", lambda: F.pad(torch.ones(1, 2, 3, dtype=torch.complex64), (1, 1), mode="reflect"))
attempt("pad empty", lambda: F.pad(torch.ones(1, 0, 3), (1, 1)))
attempt("pad empty reflect", lambda: F.pad(torch.ones(1, 0, 3), (1, 1), mode="reflect"))
attempt("pad tensor pads", lambda: F.pad(x, torch.tensor([1, 1])))
attempt("pad float pads", lambda: F.pad(x, (1.0, 1)))
attempt("pad list", lambda: F.pad(x, [0, 1, 1, 0], "replicate"))
attempt("nn pad modules", lambda: [tuple(m(x).shape) for m in (torch.nn.ReflectionPad2d(1), torch.nn.ReplicationPad2d((1, 0, 2, 0)), torch.nn.ZeroPad2d(2), torch.nn.ConstantPad1d(3, 1.5), torch.nn.CircularPad2d(1))])
print(torch.nn.ReflectionPad2d((1, 0, 2, 0)), torch.nn.ConstantPad2d(2, -1.0), torch.nn.ZeroPad2d((1, 2, 3, 4)), torch.nn.CircularPad1d(2))
