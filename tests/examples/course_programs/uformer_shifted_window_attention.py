"""Uformer / Swin-style shifted-window attention for deblurring, as the reference code writes it:
window_partition / window_reverse by view and permute, a relative position bias table indexed by
a registered buffer built with meshgrid(indexing='ij'), the shifted windows' attention mask
(masked_fill with -100) as a non-persistent buffer, torch.roll shifts, trunc_normal_ init through
Module.apply, GELU(approximate='tanh'), and a custom autograd Function with mark_non_differentiable
and once_differentiable (printing ctx.needs_input_grad); a few AdamW steps with smooth_l1_loss."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.function import once_differentiable

torch.manual_seed(10)


def window_partition(x, win_size, dilation_rate=1):
    B, H, W, C = x.shape
    x = x.view(B, H // win_size, win_size, W // win_size, win_size, C)
    windows = x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, win_size, win_size, C)
    return windows


def window_reverse(windows, win_size, H, W):
    B = int(windows.shape[0] / (H * W / win_size / win_size))
    x = windows.view(B, H // win_size, W // win_size, win_size, win_size, -1)
    x = x.permute(0, 1, 3, 2, 4, 5).contiguous().view(B, H, W, -1)
    return x


class WindowAttention(nn.Module):
    def __init__(self, dim, win_size, num_heads, qkv_bias=True, qk_scale=None):
        super().__init__()
        self.dim = dim
        self.win_size = win_size
        self.num_heads = num_heads
        head_dim = dim // num_heads
        self.scale = qk_scale or head_dim ** -0.5
        self.relative_position_bias_table = nn.Parameter(
            torch.zeros((2 * win_size[0] - 1) * (2 * win_size[1] - 1), num_heads))
        coords_h = torch.arange(self.win_size[0])
        coords_w = torch.arange(self.win_size[1])
        coords = torch.stack(torch.meshgrid([coords_h, coords_w], indexing='ij'))
        coords_flatten = torch.flatten(coords, 1)
        relative_coords = coords_flatten[:, :, None] - coords_flatten[:, None, :]
        relative_coords = relative_coords.permute(1, 2, 0).contiguous()
        relative_coords[:, :, 0] += self.win_size[0] - 1
        relative_coords[:, :, 1] += self.win_size[1] - 1
        relative_coords[:, :, 0] *= 2 * self.win_size[1] - 1
        relative_position_index = relative_coords.sum(-1)
        self.register_buffer("relative_position_index", relative_position_index)
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)
        nn.init.trunc_normal_(self.relative_position_bias_table, std=.02)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x, mask=None):
        B_, N, C = x.shape
        qkv = self.qkv(x).reshape(B_, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        q = q * self.scale
        attn = (q @ k.transpose(-2, -1))
        relative_position_bias = self.relative_position_bias_table[self.relative_position_index.view(-1)].view(
            self.win_size[0] * self.win_size[1], self.win_size[0] * self.win_size[1], -1)
        relative_position_bias = relative_position_bias.permute(2, 0, 1).contiguous()
        attn = attn + relative_position_bias.unsqueeze(0)
        if mask is not None:
            nW = mask.shape[0]
            attn = attn.view(B_ // nW, nW, self.num_heads, N, N) + mask.unsqueeze(1).unsqueeze(0)
            attn = attn.view(-1, self.num_heads, N, N)
        attn = self.softmax(attn)
        x = (attn @ v).transpose(1, 2).reshape(B_, N, C)
        return self.proj(x)

    def extra_repr(self) -> str:
        return f'dim={self.dim}, win_size={self.win_size}, num_heads={self.num_heads}'


class Block(nn.Module):
    def __init__(self, dim, res, heads=2, win=4, shift=2):
        super().__init__()
        self.res, self.win, self.shift = res, win, shift
        self.norm1 = nn.LayerNorm(dim)
        self.attn = WindowAttention(dim, (win, win), heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 2), nn.GELU(approximate='tanh'), nn.Linear(dim * 2, dim))
        H = W = res
        img_mask = torch.zeros((1, H, W, 1))
        h_slices = (slice(0, -win), slice(-win, -shift), slice(-shift, None))
        cnt = 0
        for h in h_slices:
            for w in h_slices:
                img_mask[:, h, w, :] = cnt
                cnt += 1
        mask_windows = window_partition(img_mask, win).view(-1, win * win)
        attn_mask = mask_windows.unsqueeze(1) - mask_windows.unsqueeze(2)
        attn_mask = attn_mask.masked_fill(attn_mask != 0, float(-100.0)).masked_fill(attn_mask == 0, float(0.0))
        self.register_buffer("attn_mask", attn_mask, persistent=False)

    def forward(self, x):
        B, L, C = x.shape
        H = W = self.res
        shortcut = x
        x = self.norm1(x).view(B, H, W, C)
        shifted_x = torch.roll(x, shifts=(-self.shift, -self.shift), dims=(1, 2))
        x_windows = window_partition(shifted_x, self.win).view(-1, self.win * self.win, C)
        attn_windows = self.attn(x_windows, mask=self.attn_mask)
        shifted_x = window_reverse(attn_windows.view(-1, self.win, self.win, C), self.win, H, W)
        x = torch.roll(shifted_x, shifts=(self.shift, self.shift), dims=(1, 2)).view(B, H * W, C)
        x = shortcut + x
        return x + self.mlp(self.norm2(x))


class ClampGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi = lo, hi
        idx = torch.argmax(x.flatten(1), dim=1)
        ctx.mark_non_differentiable(idx)
        return x.clamp(lo, hi), idx

    @staticmethod
    @once_differentiable
    def backward(ctx, g, gidx):
        x, = ctx.saved_tensors
        print("needs", ctx.needs_input_grad, gidx is None or gidx.abs().sum().item() == 0)
        return g * ((x >= ctx.lo) & (x <= ctx.hi)).to(g.dtype), None, None


class Uf(nn.Module):
    def __init__(self, dim=8, res=8):
        super().__init__()
        self.embed = nn.Conv2d(3, dim, 3, 1, 1)
        self.blocks = nn.ModuleList([Block(dim, res, shift=0), Block(dim, res, shift=2)])
        self.out = nn.Conv2d(dim, 3, 3, 1, 1)
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.LayerNorm):
            nn.init.constant_(m.bias, 0)
            nn.init.constant_(m.weight, 1.0)

    def forward(self, x):
        B, C, H, W = x.shape
        y = self.embed(x).flatten(2).transpose(1, 2).contiguous()
        for blk in self.blocks:
            y = blk(y)
        y = y.transpose(1, 2).contiguous().view(B, -1, H, W)
        out, idx = ClampGrad.apply(self.out(y) + x, 0.0, 1.0)
        return out, idx


model = Uf()
print(model.blocks[1].attn, model.blocks[1].attn.relative_position_index.shape, model.blocks[1].attn.relative_position_index[0, :6])
print(model.blocks[1].attn_mask.shape, model.blocks[1].attn_mask.unique(), len(model.state_dict()))
print(f"{model.blocks[0].attn.relative_position_bias_table.std().item():.5f}")
img = torch.rand(2, 3, 8, 8)
blur = (img + img.roll(1, -1) + img.roll(-1, -1)) / 3
opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.02)
for it in range(3):
    out, idx = model(blur)
    loss = F.smooth_l1_loss(out, img, beta=0.1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(it, idx, idx.requires_grad, out.grad_fn.name(), f"{loss.item():.6f}")
print(f"{model.blocks[1].attn.relative_position_bias_table.grad.abs().sum().item():.6f}")
