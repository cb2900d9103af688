"""UvA DL course, Tutorial 9 (Deep Autoencoders) at small size: an ``Encoder`` of strided
``Conv2d`` + GELU layers ending in ``nn.Flatten()`` and a latent ``nn.Linear``, a ``Decoder`` of a
Linear, ``x.reshape(x.shape[0], -1, 4, 4)`` and ``ConvTranspose2d(..., output_padding=1, padding=1,
stride=2)`` layers ending in ``Tanh``, the ``Autoencoder`` reconstruction loss
``F.mse_loss(x, x_hat, reduction="none").sum(dim=[1, 2, 3]).mean(dim=[0])``, Adam with
``ReduceLROnPlateau(mode="min", factor=0.2, patience=2, min_lr=5e-5)``, training on synthetic
16x16 images normalised to [-1, 1], then embeddings of the test set and nearest-neighbour retrieval
with ``torch.cdist`` and ``topk``."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torch.utils.data as data

torch.manual_seed(42)


class Encoder(nn.Module):

    def __init__(self, num_input_channels: int, base_channel_size: int, latent_dim: int, act_fn: object = nn.GELU):
        super().__init__()
        c_hid = base_channel_size
        self.net = nn.Sequential(
            nn.Conv2d(num_input_channels, c_hid, kernel_size=3, padding=1, stride=2),  # 16x16 => 8x8
            act_fn(),
            nn.Conv2d(c_hid, c_hid, kernel_size=3, padding=1),
            act_fn(),
            nn.Conv2d(c_hid, 2 * c_hid, kernel_size=3, padding=1, stride=2),  # 8x8 => 4x4
            act_fn(),
            nn.Flatten(),
            nn.Linear(2 * 16 * c_hid, latent_dim),
        )

    def forward(self, x):
        return self.net(x)


class Decoder(nn.Module):

    def __init__(self, num_input_channels: int, base_channel_size: int, latent_dim: int, act_fn: object = nn.GELU):
        super().__init__()
        c_hid = base_channel_size
        self.linear = nn.Sequential(nn.Linear(latent_dim, 2 * 16 * c_hid), act_fn())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(2 * c_hid, c_hid, kernel_size=3, output_padding=1, padding=1, stride=2),  # 4x4 => 8x8
            act_fn(),
            nn.Conv2d(c_hid, c_hid, kernel_size=3, padding=1),
            act_fn(),
            nn.ConvTranspose2d(c_hid, num_input_channels, kernel_size=3, output_padding=1, padding=1, stride=2),  # 8x8 => 16x16
            nn.Tanh(),
        )

    def forward(self, x):
        x = self.linear(x)
        x = x.reshape(x.shape[0], -1, 4, 4)
        x = self.net(x)
        return x


class Autoencoder(nn.Module):

    def __init__(self, base_channel_size: int, latent_dim: int, encoder_class: object = Encoder,
                 decoder_class: object = Decoder, num_input_channels: int = 3, width: int = 16, height: int = 16):
        super().__init__()
        self.encoder = encoder_class(num_input_channels, base_channel_size, latent_dim)
        self.decoder = decoder_class(num_input_channels, base_channel_size, latent_dim)
        self.example_input_array = torch.zeros(2, num_input_channels, width, height)

    def forward(self, x):
        z = self.encoder(x)
        x_hat = self.decoder(z)
        return x_hat

    def _get_reconstruction_loss(self, batch):
        x, _ = batch
        x_hat = self.forward(x)
        loss = F.mse_loss(x, x_hat, reduction="none")
        loss = loss.sum(dim=[1, 2, 3]).mean(dim=[0])
        return loss

    def configure_optimizers(self):
        optimizer = optim.Adam(self.parameters(), lr=1e-3)
        scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.2, patience=2, min_lr=5e-5)
        return {"optimizer": optimizer, "lr_scheduler": scheduler, "monitor": "val_loss"}


def make_images(n):
    yy, xx = torch.meshgrid(torch.linspace(-1, 1, 16), torch.linspace(-1, 1, 16), indexing="ij")
    cx, cy = torch.rand(n, 1, 1) - 0.5, torch.rand(n, 1, 1) - 0.5
    r = 0.3 + 0.3 * torch.rand(n, 1, 1)
    disk = (((xx - cx) ** 2 + (yy - cy) ** 2) < r ** 2).float()
    color = torch.rand(n, 3, 1, 1)
    imgs = disk.unsqueeze(1) * color + 0.05 * torch.randn(n, 3, 16, 16)
    imgs = imgs.clamp(0, 1)
    labels = (r.view(-1) > 0.45).long()
    return (imgs - 0.5) / 0.5, labels


train_x, train_y = make_images(192)
test_x, test_y = make_images(32)
print(train_x.shape, train_x.min().item(), train_x.max().item(), train_y.sum().item())
train_set = data.TensorDataset(train_x, train_y)
val_set = data.TensorDataset(test_x, test_y)
train_loader = data.DataLoader(train_set, batch_size=32, shuffle=True, drop_last=True)
val_loader = data.DataLoader(val_set, batch_size=32, shuffle=False)

model = Autoencoder(base_channel_size=8, latent_dim=16)
print(model.decoder)
print(model(model.example_input_array).shape, model.encoder(model.example_input_array).shape)
print(sum(p.numel() for p in model.encoder.parameters()), sum(p.numel() for p in model.decoder.parameters()))
conf = model.configure_optimizers()
optimizer, scheduler = conf["optimizer"], conf["lr_scheduler"]
for epoch in range(8):
    model.train()
    for batch in train_loader:
        loss = model._get_reconstruction_loss(batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = sum(model._get_reconstruction_loss(b) for b in val_loader) / len(val_loader)
    scheduler.step(val_loss)
    print(f"epoch {epoch}: train {loss.item():.2f} val {val_loss.item():.2f} lr {optimizer.param_groups[0]['lr']:.5f}")

with torch.no_grad():
    recon = model(test_x[:4])
print(recon.shape, recon.min().item() >= -1, recon.max().item() <= 1)
print("per-image error", F.mse_loss(recon, test_x[:4], reduction="none").mean(dim=(1, 2, 3)).round(decimals=2))


def embed_imgs(model, data_loader):
    img_list, embed_list = [], []
    model.eval()
    for imgs, _ in data_loader:
        with torch.no_grad():
            z = model.encoder(imgs)
        img_list.append(imgs)
        embed_list.append(z)
    return (torch.cat(img_list, dim=0), torch.cat(embed_list, dim=0))


train_img_embeds = embed_imgs(model, data.DataLoader(train_set, batch_size=64))
test_img_embeds = embed_imgs(model, val_loader)
print(train_img_embeds[1].shape, test_img_embeds[1].dtype)


def find_similar_images(query_img, query_z, key_embeds, K=4):
    dist = torch.cdist(query_z[None, :], key_embeds[1], p=2)
    dist = dist.squeeze(dim=0)
    dist, indices = torch.sort(dist)
    return indices[:K], dist[:K]


for i in range(3):
    idx, d = find_similar_images(test_img_embeds[0][i], test_img_embeds[1][i], key_embeds=train_img_embeds)
    print(i, test_y[i].item(), train_y[idx].tolist(), d.round(decimals=1))
d = torch.cdist(test_img_embeds[1], train_img_embeds[1])
vals, idx = d.topk(3, dim=1, largest=False)
print(vals.shape, (train_y[idx[:, 0]] == test_y).float().mean().item() > 0.3)
