"""Karpathy's "Let's reproduce GPT-2" (build-nanogpt) at toy size: ``NANOGPT_SCALE_INIT`` on
``c_proj`` layers read by ``_init_weights``, ``from_pretrained`` copying a Hugging Face-layout
state dict (Conv1D weights transposed with ``.t()`` into ``sd[k].copy_`` under ``no_grad``),
``DataLoaderLite``, the device choice, ``set_float32_matmul_precision``, gradient accumulation
with ``loss_accum += loss.detach()``, a disabled ``autocast``, ``clip_grad_norm_`` printed as a
tensor, top-k sampling with ``torch.Generator(device=...)``, ``multinomial`` and ``gather``, and
HellaSwag-style scoring of completions with ``cross_entropy(reduction='none')`` and masks."""
import math
import os
import inspect
from dataclasses import dataclass
import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F

class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)
        self.c_proj.NANOGPT_SCALE_INIT = 1
        self.n_head = config.n_head
        self.n_embd = config.n_embd
    def forward(self, x):
        B, T, C = x.size()
        qkv = self.c_attn(x)
        q, k, v = qkv.split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)

class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.gelu = nn.GELU(approximate='tanh')
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)
        self.c_proj.NANOGPT_SCALE_INIT = 1
    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))

class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = MLP(config)
    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x

@dataclass
class GPTConfig:
    block_size: int = 16
    vocab_size: int = 64
    n_layer: int = 2
    n_head: int = 2
    n_embd: int = 16

class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=nn.LayerNorm(config.n_embd),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            std = 0.02
            if hasattr(module, 'NANOGPT_SCALE_INIT'):
                std *= (2 * self.config.n_layer) ** -0.5
            torch.nn.init.normal_(module.weight, mean=0.0, std=std)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
    def forward(self, idx, targets=None):
        B, T = idx.size()
        assert T <= self.config.block_size
        pos = torch.arange(0, T, dtype=torch.long, device=idx.device)
        pos_emb = self.transformer.wpe(pos)
        tok_emb = self.transformer.wte(idx)
        x = tok_emb + pos_emb
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss
    @classmethod
    def from_pretrained(cls, sd_hf, config):
        model = GPT(config)
        sd = model.state_dict()
        sd_keys = [k for k in sd.keys() if not k.endswith('.attn.bias')]
        sd_keys_hf = [k for k in sd_hf.keys() if not k.endswith('.attn.masked_bias') and not k.endswith('.attn.bias')]
        transposed = ['attn.c_attn.weight', 'attn.c_proj.weight', 'mlp.c_fc.weight', 'mlp.c_proj.weight']
        assert len(sd_keys_hf) == len(sd_keys), f"mismatched keys: {len(sd_keys_hf)} != {len(sd_keys)}"
        for k in sd_keys_hf:
            if any(k.endswith(w) for w in transposed):
                assert sd_hf[k].shape[::-1] == sd[k].shape
                with torch.no_grad():
                    sd[k].copy_(sd_hf[k].t())
            else:
                assert sd_hf[k].shape == sd[k].shape
                with torch.no_grad():
                    sd[k].copy_(sd_hf[k])
        return model
    def configure_optimizers(self, weight_decay, learning_rate, device_type):
        param_dict = {pn: p for pn, p in self.named_parameters() if p.requires_grad}
        decay_params = [p for n, p in param_dict.items() if p.dim() >= 2]
        nodecay_params = [p for n, p in param_dict.items() if p.dim() < 2]
        optim_groups = [{'params': decay_params, 'weight_decay': weight_decay},
                        {'params': nodecay_params, 'weight_decay': 0.0}]
        print(f"num decayed parameter tensors: {len(decay_params)}, with {sum(p.numel() for p in decay_params):,} parameters")
        print(f"num non-decayed parameter tensors: {len(nodecay_params)}, with {sum(p.numel() for p in nodecay_params):,} parameters")
        fused_available = 'fused' in inspect.signature(torch.optim.AdamW).parameters
        use_fused = fused_available and device_type == "cuda"
        print(f"using fused AdamW: {use_fused}")
        return torch.optim.AdamW(optim_groups, lr=learning_rate, betas=(0.9, 0.95), eps=1e-8, fused=use_fused)

class DataLoaderLite:
    def __init__(self, B, T, process_rank, num_processes, split, tokens):
        self.B, self.T = B, T
        self.process_rank, self.num_processes = process_rank, num_processes
        self.tokens = torch.tensor(np.array(tokens, dtype=np.uint16).astype(np.int32), dtype=torch.long)
        self.reset()
    def reset(self):
        self.current_position = self.B * self.T * self.process_rank
    def next_batch(self):
        B, T = self.B, self.T
        buf = self.tokens[self.current_position: self.current_position + B*T + 1]
        x = (buf[:-1]).view(B, T)
        y = (buf[1:]).view(B, T)
        self.current_position += B * T * self.num_processes
        if self.current_position + (B * T * self.num_processes + 1) > len(self.tokens):
            self.reset()
        return x, y

ddp = int(os.environ.get('RANK', -1)) != -1
ddp_rank, ddp_local_rank, ddp_world_size, master_process = 0, 0, 1, True
device = "cpu"
if torch.cuda.is_available():
    device = "cuda"
elif hasattr(torch.backends, "mps") and torch.backends.mps.is_available():
    device = "mps"
print(f"using device: {device}", ddp)
device_type = "cuda" if device.startswith("cuda") else "cpu"
torch.manual_seed(1337)
if torch.cuda.is_available():
    torch.cuda.manual_seed(1337)
text = "hello, i'm a language model, and i can write tiny stories about foxes and dogs. " * 6
chars = sorted(set(text))
tokens = [chars.index(c) for c in text]
total_batch_size = 128
B, T = 4, 16
grad_accum_steps = total_batch_size // (B * T * ddp_world_size)
print(f"total desired batch size: {total_batch_size}", f"=> calculated gradient accumulation steps: {grad_accum_steps}")
train_loader = DataLoaderLite(B=B, T=T, process_rank=ddp_rank, num_processes=ddp_world_size, split="train", tokens=tokens)
torch.set_float32_matmul_precision('high')
print(torch.get_float32_matmul_precision())

# a "pretrained" checkpoint in HF layout (Conv1D weights transposed)
torch.manual_seed(0)
src = GPT(GPTConfig())
sd_hf = {}
for k, v in src.state_dict().items():
    if any(k.endswith(w) for w in ['attn.c_attn.weight', 'attn.c_proj.weight', 'mlp.c_fc.weight', 'mlp.c_proj.weight']):
        sd_hf[k] = v.t().contiguous()
    else:
        sd_hf[k] = v.clone()
model = GPT.from_pretrained(sd_hf, GPTConfig())
print(all(torch.equal(a, b) for a, b in zip(src.state_dict().values(), model.state_dict().values())))
print(len(model.state_dict()), len(list(model.parameters())), model.lm_head.weight.data_ptr() == model.transformer.wte.weight.data_ptr())
print(f"{model.transformer.h[0].attn.c_proj.weight.std().item():.4f} {model.transformer.h[0].attn.c_attn.weight.std().item():.4f}")

torch.manual_seed(1337)
model = GPT(GPTConfig(vocab_size=64))
model.to(device)
use_compile = False
if use_compile:
    model = torch.compile(model)
raw_model = model
max_lr, min_lr = 6e-4 * 10, 6e-4
warmup_steps, max_steps = 2, 8
def get_lr(it):
    if it < warmup_steps:
        return max_lr * (it+1) / warmup_steps
    if it > max_steps:
        return min_lr
    decay_ratio = (it - warmup_steps) / (max_steps - warmup_steps)
    assert 0 <= decay_ratio <= 1
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (max_lr - min_lr)
optimizer = raw_model.configure_optimizers(weight_decay=0.1, learning_rate=6e-4, device_type=device_type)
print(optimizer.defaults['fused'], optimizer.param_groups[0].keys() == optimizer.defaults.keys() | {'params'})
for step in range(max_steps):
    last_step = (step == max_steps - 1)
    if step == 0 or last_step:
        model.eval()
        num_return_sequences, max_length = 2, 14
        tokens_s = [chars.index(c) for c in "hello, i'm a "]
        tokens_s = torch.tensor(tokens_s, dtype=torch.long)
        tokens_s = tokens_s.unsqueeze(0).repeat(num_return_sequences, 1)
        xgen = tokens_s.to(device)
        sample_rng = torch.Generator(device=device)
        sample_rng.manual_seed(42 + ddp_rank)
        while xgen.size(1) < max_length + 3:
            with torch.no_grad():
                logits, loss = model(xgen[:, -16:])
                logits = logits[:, -1, :]
                probs = F.softmax(logits, dim=-1)
                topk_probs, topk_indices = torch.topk(probs, 10, dim=-1)
                ix = torch.multinomial(topk_probs, 1, generator=sample_rng)
                xcol = torch.gather(topk_indices, -1, ix)
                xgen = torch.cat((xgen, xcol), dim=1)
        for i in range(num_return_sequences):
            tokens_o = xgen[i, :max_length + 3].tolist()
            print(f"rank {ddp_rank} sample {i}: {''.join(chars[t % len(chars)] for t in tokens_o)!r}")
    model.train()
    optimizer.zero_grad()
    loss_accum = 0.0
    for micro_step in range(grad_accum_steps):
        x, y = train_loader.next_batch()
        x, y = x.to(device), y.to(device)
        if ddp:
            model.require_backward_grad_sync = (micro_step == grad_accum_steps - 1)
        with torch.autocast(device_type=device_type, dtype=torch.float16, enabled=False):
            logits, loss = model(x, y)
        loss = loss / grad_accum_steps
        loss_accum += loss.detach()
        loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    lr = get_lr(step)
    for param_group in optimizer.param_groups:
        param_group['lr'] = lr
    optimizer.step()
    if device_type == "cuda":
        torch.cuda.synchronize()
    tokens_processed = train_loader.B * train_loader.T * grad_accum_steps * ddp_world_size
    if step % 3 == 0:
        print(f"step {step:5d} | loss: {loss_accum.item():.6f} | lr {lr:.4e} | norm: {norm:.4f} | tok {tokens_processed}")
print(type(loss_accum).__name__, loss_accum.requires_grad, loss_accum.dtype)

# hellaswag-style completion scoring
tokens_e = torch.tensor([[1, 2, 3, 4, 5, 0, 0], [1, 2, 3, 6, 7, 8, 0], [1, 2, 3, 9, 9, 9, 9], [1, 2, 3, 10, 0, 0, 0]])
mask = torch.tensor([[0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1, 0], [0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 0, 0, 0]])
label = 2
with torch.no_grad():
    logits, _ = model(tokens_e)
shift_logits = (logits[..., :-1, :]).contiguous()
shift_tokens = (tokens_e[..., 1:]).contiguous()
flat_shift_logits = shift_logits.view(-1, shift_logits.size(-1))
flat_shift_tokens = shift_tokens.view(-1)
shift_losses = F.cross_entropy(flat_shift_logits, flat_shift_tokens, reduction='none')
shift_losses = shift_losses.view(tokens_e.size(0), -1)
shift_mask = (mask[..., 1:]).contiguous()
masked_shift_losses = shift_losses * shift_mask
sum_loss = masked_shift_losses.sum(dim=1)
avg_loss = sum_loss / shift_mask.sum(dim=1)
pred = sum_loss.argmin().item()
pred_norm = avg_loss.argmin().item()
print(shift_losses.shape, masked_shift_losses.dtype, avg_loss.dtype, pred, pred_norm, int(pred_norm == label))
print([f"{v:.3f}" for v in avg_loss.tolist()])
num_correct_norm = torch.tensor(3, dtype=torch.long, device=device)
num_total = torch.tensor(10, dtype=torch.long, device=device)
acc_norm = num_correct_norm.item() / num_total.item()
print(f"HellaSwag accuracy: {num_correct_norm}/{num_total}={acc_norm:.4f}")
