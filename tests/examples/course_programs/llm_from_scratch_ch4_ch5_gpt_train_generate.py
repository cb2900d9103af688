"""Raschka, "Build a Large Language Model (From Scratch)", ch4-5 at toy size: ``LayerNorm`` with
``var(unbiased=False)``, ``GELU`` (tanh form), ``FeedForward``, ``TransformerBlock`` with shortcut
connections, ``GPTModel`` (token + positional embeddings, ``register_buffer`` causal mask),
``generate_text_simple`` with ``argmax``, ``calc_loss_batch``/``calc_loss_loader`` with
``cross_entropy`` on flattened logits, ``train_model_simple`` with ``evaluate_model`` and
perplexity, ``generate`` with top-k + temperature sampling, and saving/loading model and AdamW
``state_dict``s."""
import io
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

GPT_CONFIG = {"vocab_size": 50, "context_length": 16, "emb_dim": 32, "n_heads": 4, "n_layers": 2,
              "drop_rate": 0.1, "qkv_bias": False}

class MultiHeadAttention(nn.Module):
    def __init__(self, d_in, d_out, context_length, dropout, num_heads, qkv_bias=False):
        super().__init__()
        self.d_out, self.num_heads, self.head_dim = d_out, num_heads, d_out // num_heads
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.out_proj = nn.Linear(d_out, d_out)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length), diagonal=1))
    def forward(self, x):
        b, num_tokens, d_in = x.shape
        keys = self.W_key(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        queries = self.W_query(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        values = self.W_value(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        attn_scores = queries @ keys.transpose(2, 3)
        attn_scores.masked_fill_(self.mask.bool()[:num_tokens, :num_tokens], -torch.inf)
        attn_weights = self.dropout(torch.softmax(attn_scores / keys.shape[-1] ** 0.5, dim=-1))
        context_vec = (attn_weights @ values).transpose(1, 2).contiguous().view(b, num_tokens, self.d_out)
        return self.out_proj(context_vec)

class LayerNorm(nn.Module):
    def __init__(self, emb_dim):
        super().__init__()
        self.eps = 1e-5
        self.scale = nn.Parameter(torch.ones(emb_dim))
        self.shift = nn.Parameter(torch.zeros(emb_dim))
    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = x.var(dim=-1, keepdim=True, unbiased=False)
        return self.scale * (x - mean) / torch.sqrt(var + self.eps) + self.shift

class GELU(nn.Module):
    def forward(self, x):
        return 0.5 * x * (1 + torch.tanh(torch.sqrt(torch.tensor(2.0 / torch.pi)) * (x + 0.044715 * torch.pow(x, 3))))

class FeedForward(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(cfg["emb_dim"], 4 * cfg["emb_dim"]), GELU(),
                                    nn.Linear(4 * cfg["emb_dim"], cfg["emb_dim"]))
    def forward(self, x):
        return self.layers(x)

class TransformerBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.att = MultiHeadAttention(cfg["emb_dim"], cfg["emb_dim"], cfg["context_length"], cfg["drop_rate"],
                                      cfg["n_heads"], cfg["qkv_bias"])
        self.ff = FeedForward(cfg)
        self.norm1 = LayerNorm(cfg["emb_dim"])
        self.norm2 = LayerNorm(cfg["emb_dim"])
        self.drop_shortcut = nn.Dropout(cfg["drop_rate"])
    def forward(self, x):
        shortcut = x
        x = self.drop_shortcut(self.att(self.norm1(x)))
        x = x + shortcut
        shortcut = x
        x = self.drop_shortcut(self.ff(self.norm2(x)))
        return x + shortcut

class GPTModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.tok_emb = nn.Embedding(cfg["vocab_size"], cfg["emb_dim"])
        self.pos_emb = nn.Embedding(cfg["context_length"], cfg["emb_dim"])
        self.drop_emb = nn.Dropout(cfg["drop_rate"])
        self.trf_blocks = nn.Sequential(*[TransformerBlock(cfg) for _ in range(cfg["n_layers"])])
        self.final_norm = LayerNorm(cfg["emb_dim"])
        self.out_head = nn.Linear(cfg["emb_dim"], cfg["vocab_size"], bias=False)
    def forward(self, in_idx):
        batch_size, seq_len = in_idx.shape
        tok_embeds = self.tok_emb(in_idx)
        pos_embeds = self.pos_emb(torch.arange(seq_len, device=in_idx.device))
        x = self.drop_emb(tok_embeds + pos_embeds)
        x = self.trf_blocks(x)
        return self.out_head(self.final_norm(x))

torch.manual_seed(123)
batch_example = torch.randn(2, 5)
ln = LayerNorm(emb_dim=5)
out_ln = ln(batch_example)
torch.set_printoptions(sci_mode=False)
# the means are ~1e-8 of either sign depending on summation order: print that they vanish
print("Mean ~ 0:\n", out_ln.mean(dim=-1, keepdim=True).abs() < 1e-6)
print("Variance:\n", out_ln.var(dim=-1, unbiased=False, keepdim=True).round(decimals=4))
x = torch.linspace(-3, 3, 7)
print(GELU()(x).round(decimals=4), nn.GELU(approximate='tanh')(x).round(decimals=4))
print(nn.LayerNorm(5)(batch_example).round(decimals=4))

torch.manual_seed(123)
model = GPTModel(GPT_CONFIG)
total_params = sum(p.numel() for p in model.parameters())
print(f"Total number of parameters: {total_params:,}")
print(model.tok_emb.weight.shape, model.out_head.weight.shape)
print([n for n, _ in model.named_buffers()])
print(model.trf_blocks[0])
batch = torch.tensor([[6, 19, 3, 41], [6, 1, 22, 9]])
out = model(batch)
print("Output shape:", out.shape)

def generate_text_simple(model, idx, max_new_tokens, context_size):
    for _ in range(max_new_tokens):
        idx_cond = idx[:, -context_size:]
        with torch.no_grad():
            logits = model(idx_cond)
        logits = logits[:, -1, :]
        probas = torch.softmax(logits, dim=-1)
        idx_next = torch.argmax(probas, dim=-1, keepdim=True)
        idx = torch.cat((idx, idx_next), dim=1)
    return idx

model.eval()
print(generate_text_simple(model, torch.tensor([[6, 19, 3, 41]]), 6, GPT_CONFIG["context_length"]))

# a periodic token stream the model can learn
torch.manual_seed(0)
pattern = torch.randint(0, GPT_CONFIG["vocab_size"], (13,))
token_ids = pattern.repeat(24).tolist()

class GPTDatasetV1(Dataset):
    def __init__(self, token_ids, max_length, stride):
        self.input_ids, self.target_ids = [], []
        for i in range(0, len(token_ids) - max_length, stride):
            self.input_ids.append(torch.tensor(token_ids[i:i + max_length]))
            self.target_ids.append(torch.tensor(token_ids[i + 1:i + max_length + 1]))
    def __len__(self):
        return len(self.input_ids)
    def __getitem__(self, idx):
        return self.input_ids[idx], self.target_ids[idx]

split_idx = int(0.85 * len(token_ids))
torch.manual_seed(123)
train_loader = DataLoader(GPTDatasetV1(token_ids[:split_idx], 16, 16), batch_size=2, shuffle=True, drop_last=True)
val_loader = DataLoader(GPTDatasetV1(token_ids[split_idx:], 16, 16), batch_size=2, shuffle=False, drop_last=False)
print(len(train_loader), len(val_loader))
for x, y in train_loader:
    print(x.shape, y.shape)
    break

def calc_loss_batch(input_batch, target_batch, model, device):
    input_batch, target_batch = input_batch.to(device), target_batch.to(device)
    logits = model(input_batch)
    return torch.nn.functional.cross_entropy(logits.flatten(0, 1), target_batch.flatten())

def calc_loss_loader(data_loader, model, device, num_batches=None):
    total_loss = 0.
    if len(data_loader) == 0:
        return float("nan")
    num_batches = len(data_loader) if num_batches is None else min(num_batches, len(data_loader))
    for i, (input_batch, target_batch) in enumerate(data_loader):
        if i < num_batches:
            total_loss += calc_loss_batch(input_batch, target_batch, model, device).item()
        else:
            break
    return total_loss / num_batches

def evaluate_model(model, train_loader, val_loader, device, eval_iter):
    model.eval()
    with torch.no_grad():
        train_loss = calc_loss_loader(train_loader, model, device, num_batches=eval_iter)
        val_loss = calc_loss_loader(val_loader, model, device, num_batches=eval_iter)
    model.train()
    return train_loss, val_loss

device = torch.device("cpu")
torch.manual_seed(123)
model = GPTModel(GPT_CONFIG)
model.to(device)
with torch.no_grad():
    train_loss = calc_loss_loader(train_loader, model, device)
    val_loss = calc_loss_loader(val_loader, model, device)
# rounded: float32 attention and logit sums
print(f"Training loss: {train_loss:.3f}  Validation loss: {val_loss:.3f}")
optimizer = torch.optim.AdamW(model.parameters(), lr=0.004, weight_decay=0.1)
num_epochs, eval_freq, eval_iter = 6, 8, 2
tokens_seen, global_step = 0, -1
for epoch in range(num_epochs):
    model.train()
    for input_batch, target_batch in train_loader:
        optimizer.zero_grad()
        loss = calc_loss_batch(input_batch, target_batch, model, device)
        loss.backward()
        optimizer.step()
        tokens_seen += input_batch.numel()
        global_step += 1
        if global_step % eval_freq == 0:
            train_loss, val_loss = evaluate_model(model, train_loader, val_loader, device, eval_iter)
            print(f"Ep {epoch+1} (Step {global_step:06d}): Train loss {train_loss:.3f}, Val loss {val_loss:.3f}")
print(tokens_seen, f"perplexity {torch.exp(torch.tensor(val_loss)).item():.2f}")

def generate(model, idx, max_new_tokens, context_size, temperature=0.0, top_k=None, eos_id=None):
    for _ in range(max_new_tokens):
        idx_cond = idx[:, -context_size:]
        with torch.no_grad():
            logits = model(idx_cond)
        logits = logits[:, -1, :]
        if top_k is not None:
            top_logits, _ = torch.topk(logits, top_k)
            min_val = top_logits[:, -1]
            logits = torch.where(logits < min_val, torch.tensor(float("-inf")).to(logits.device), logits)
        if temperature > 0.0:
            logits = logits / temperature
            probs = torch.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
        else:
            idx_next = torch.argmax(logits, dim=-1, keepdim=True)
        if idx_next == eos_id:
            break
        idx = torch.cat((idx, idx_next), dim=1)
    return idx

model.eval()
start = torch.tensor([token_ids[:4]])
print(pattern.tolist())
print(generate_text_simple(model, start, 10, GPT_CONFIG["context_length"]))
torch.manual_seed(123)
print(generate(model, start, 10, GPT_CONFIG["context_length"], temperature=1.4, top_k=5))
next_token_logits = torch.tensor([4.51, 0.89, -1.90, 6.75, 1.63, -1.62, -1.89, 6.28, 1.79])
top_logits, top_pos = torch.topk(next_token_logits, 3)
print("Top logits:", top_logits, "Top positions:", top_pos)
new_logits = torch.where(condition=next_token_logits < top_logits[-1], input=torch.tensor(float('-inf')),
                         other=next_token_logits)
print(new_logits)
print(torch.softmax(new_logits, dim=0).round(decimals=4))
torch.manual_seed(123)
for T in [1, 0.1, 5]:
    probas = torch.softmax(next_token_logits / T, dim=0)
    sample = [torch.multinomial(probas, num_samples=1).item() for _ in range(200)]
    print(T, torch.bincount(torch.tensor(sample), minlength=9).tolist())

buffer = io.BytesIO()
torch.save({"model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict()}, buffer)
buffer.seek(0)
checkpoint = torch.load(buffer, weights_only=True)
model2 = GPTModel(GPT_CONFIG)
model2.load_state_dict(checkpoint["model_state_dict"])
optimizer2 = torch.optim.AdamW(model2.parameters(), lr=0.0005, weight_decay=0.1)
optimizer2.load_state_dict(checkpoint["optimizer_state_dict"])
print(optimizer2.param_groups[0]["lr"], optimizer2.state_dict()["state"][0]["step"], len(optimizer2.state))
model2.eval()
print(torch.equal(model2(start), model(start)))
model2.train()
loss = calc_loss_batch(*next(iter(val_loader)), model2, device)
loss.backward()
optimizer2.step()
print(sorted(checkpoint["optimizer_state_dict"]["state"][0].keys()), optimizer2.state[model2.tok_emb.weight]["step"])
