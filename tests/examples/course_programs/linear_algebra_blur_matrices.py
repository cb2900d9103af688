"""Deconvolution as linear algebra, the way a course's first homework does it in float64: the blur
as an explicit matrix (built column by column, with torch.kron for a separable 2-D blur and
block_diag for per-channel blurs), its condition number, rank and pseudo-inverse (rtol, hermitian),
lstsq and its named result, Tikhonov through linalg.solve and cholesky, a separable (rank-1) kernel
found with an SVD, a radial PSF profile fitted with vander, noise covariance with cov/corrcoef, and
the index helpers tril_indices and cartesian_prod."""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=4)
n = 7
k1 = torch.tensor([0.25, 0.5, 0.25], dtype=torch.float64)
A = torch.zeros(n, n, dtype=torch.float64)
for j in range(n):
    e = torch.zeros(1, 1, n, dtype=torch.float64)
    e[0, 0, j] = 1.0
    A[:, j] = F.conv1d(F.pad(e, (1, 1), mode="circular"), k1.view(1, 1, 3)).view(n)
print(A[:3])
print(torch.linalg.matrix_rank(A), torch.linalg.matrix_rank(A, hermitian=True),
      torch.linalg.matrix_rank(A, atol=0.1), torch.linalg.matrix_rank(A, rtol=0.5))
print(f"{torch.linalg.cond(A).item():.4f}", torch.linalg.cond(A + torch.eye(n, dtype=torch.float64), p="fro"))
svals = torch.linalg.svdvals(A)
print(svals)

torch.manual_seed(1)
x_true = torch.rand(n, dtype=torch.float64)
b = A @ x_true + 1e-3 * torch.randn(n, dtype=torch.float64)
x_pinv = torch.linalg.pinv(A) @ b
x_pinv_rtol = torch.linalg.pinv(A, rtol=0.1) @ b
x_herm = torch.linalg.pinv(A, hermitian=True) @ b
print((x_pinv - x_true).norm(), (x_pinv_rtol - x_true).norm(), torch.allclose(x_pinv, x_herm))
res = torch.linalg.lstsq(A + 0.1 * torch.eye(n, dtype=torch.float64), b.unsqueeze(1))
print(type(res).__name__, res.solution.shape, res.residuals, res.rank, res.singular_values)
lam = 1e-2
normal = A.T @ A + lam * torch.eye(n, dtype=torch.float64)
x_tik = torch.linalg.solve(normal, A.T @ b)
L = torch.linalg.cholesky(normal)
x_chol = torch.cholesky_solve((A.T @ b).unsqueeze(1), L).squeeze(1)
print(x_tik, torch.allclose(x_tik, x_chol), torch.dist(x_tik, x_true))

A2 = torch.kron(A, A)
print(A2.shape, torch.allclose(A2 @ x_true.repeat(n), (A @ x_true.repeat(n).view(n, n) @ A.T).reshape(-1)))
img = torch.rand(n, n, dtype=torch.float64)
blurred = F.conv2d(F.pad(img.view(1, 1, n, n), (1, 1, 1, 1), mode="circular"),
                   torch.outer(k1, k1).view(1, 1, 3, 3)).view(-1)
print(torch.allclose(A2 @ img.reshape(-1), blurred))
Ab = torch.block_diag(A[:2, :2], 2 * A[:2, :2], torch.tensor([[7.0]], dtype=torch.float64))
print(Ab)

gauss = torch.exp(-torch.arange(-2.0, 3.0, dtype=torch.float64) ** 2 / 2)
K = torch.outer(gauss, gauss)
K = K / K.sum() + 1e-3 * torch.rand(5, 5, dtype=torch.float64)
U, S, Vh = torch.linalg.svd(K)
rank1 = S[0] * torch.outer(U[:, 0], Vh[0])
print(S[:3], f"{(K - rank1).abs().max().item():.4e}", U.shape, Vh.shape)
U2, S2, Vh2 = torch.linalg.svd(torch.rand(5, 3, dtype=torch.float64), full_matrices=False)
print(U2.shape, S2.shape, Vh2.shape)

r = torch.arange(0.0, 6.0, dtype=torch.float64)
profile = torch.exp(-r / 2)
V = torch.vander(r, N=3)
print(V[:3], torch.vander(r[:3], increasing=True))
coef = torch.linalg.lstsq(V, profile.unsqueeze(1)).solution.squeeze(1)
print(coef, (V @ coef - profile).abs().max())

noise = torch.randn(3, 50, dtype=torch.float64) * torch.tensor([[1.0], [2.0], [0.5]], dtype=torch.float64)
noise[2] += 0.5 * noise[0]
print(torch.cov(noise), torch.cov(noise, correction=0)[0, 0])
print(torch.cov(noise, fweights=torch.arange(1, 51), aweights=torch.linspace(0.1, 1.0, 50, dtype=torch.float64))[2])
print(torch.corrcoef(noise))
print(torch.tril_indices(3, 3), torch.triu_indices(3, 4, offset=1))
offsets = torch.cartesian_prod(torch.arange(-1, 2), torch.arange(-1, 2))
print(offsets.shape, offsets[:4].tolist(), torch.cartesian_prod(torch.tensor([1.0, 2.0])))
for bad in (lambda: torch.linalg.cholesky(A - torch.eye(n, dtype=torch.float64)),
            lambda: torch.linalg.solve(A[:, :3], b),
            lambda: torch.linalg.pinv(A.float()) @ b,
            lambda: torch.cov(torch.rand(2, 2, 2)),
            lambda: torch.kron(A, 3)):
    try:
        bad()
        print("no error")
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
