"""d2l.ai's transposed convolution, FCN and style-transfer chapters: ``trans_conv`` by hand with
``Y[i: i + h, j: j + w] += X[i, j] * K``, ``nn.ConvTranspose2d`` with padding, stride and ``output_padding``
(its weight replaced through ``.data``), convolution as a matrix from ``kernel2matrix``, the bilinear
kernel written with ``weight[range(c), range(c), :, :] = filt`` and ``weight.data.copy_``, an FCN head
trained with a per-pixel ``cross_entropy(..., reduction='none').mean(1).mean(1)``, and style transfer
(Gram matrices, total variation, a ``SynthesizedImage`` Module holding the image as its parameter, Adam
with ``StepLR``) on a frozen feature network."""
import torch
from torch import nn
from torch.nn import functional as F
torch.manual_seed(0)

def trans_conv(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y

X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(trans_conv(X, K))
X, K = X.reshape(1, 1, 2, 2), K.reshape(1, 1, 2, 2)
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
tconv.weight.data = K
print(tconv(X))
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, padding=1, bias=False)
tconv.weight.data = K
print(tconv(X))
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2, bias=False)
tconv.weight.data = K
print(tconv(X))
X = torch.rand(size=(1, 10, 16, 16))
conv = nn.Conv2d(10, 20, kernel_size=5, padding=2, stride=3)
tconv = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3)
print(tconv(conv(X)).shape == X.shape, tconv(conv(X)).shape)
tconv2 = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3, output_padding=2)
print(tconv2(conv(X)).shape)
print(tconv)

X = torch.arange(9.0).reshape(3, 3)
K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y
Y = corr2d(X, K)
def kernel2matrix(K):
    k, W = torch.zeros(5), torch.zeros((4, 9))
    k[:2], k[3:5] = K[0, :], K[1, :]
    W[0, :5], W[1, 1:6], W[2, 3:8], W[3, 4:] = k, k, k, k
    return W
W = kernel2matrix(K)
print(W)
print(Y == torch.matmul(W, X.reshape(-1)).reshape(2, 2))
Z = trans_conv(Y, K)
print(Z == torch.matmul(W.T, Y.reshape(-1)).reshape(3, 3))

def bilinear_kernel(in_channels, out_channels, kernel_size):
    factor = (kernel_size + 1) // 2
    if kernel_size % 2 == 1:
        center = factor - 1
    else:
        center = factor - 0.5
    og = (torch.arange(kernel_size).reshape(-1, 1),
          torch.arange(kernel_size).reshape(1, -1))
    filt = (1 - torch.abs(og[0] - center) / factor) * (1 - torch.abs(og[1] - center) / factor)
    weight = torch.zeros((in_channels, out_channels, kernel_size, kernel_size))
    weight[range(in_channels), range(out_channels), :, :] = filt
    return weight

conv_trans = nn.ConvTranspose2d(3, 3, kernel_size=4, padding=1, stride=2, bias=False)
conv_trans.weight.data.copy_(bilinear_kernel(3, 3, 4))
img = torch.arange(48.0).reshape(1, 3, 4, 4) / 48
out = conv_trans(img)
print('input image shape:', img.shape)
print('output image shape:', out[0].permute(1, 2, 0).shape)
print(out[0, 0, :3, :5])
print(bilinear_kernel(2, 2, 3)[1, 1])

# FCN head
num_classes = 4
net = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.ReLU())
net.add_module('final_conv', nn.Conv2d(8, num_classes, kernel_size=1))
net.add_module('transpose_conv', nn.ConvTranspose2d(num_classes, num_classes, kernel_size=8, padding=2, stride=4))
W = bilinear_kernel(num_classes, num_classes, 8)
net.transpose_conv.weight.data.copy_(W)
print(net)
def loss(inputs, targets):
    return F.cross_entropy(inputs, targets, reduction='none').mean(1).mean(1)
x = torch.rand(2, 8, 5, 6)
y = torch.randint(0, num_classes, (2, 20, 24))
trainer = torch.optim.SGD(net.parameters(), lr=0.1, weight_decay=1e-3)
for i in range(5):
    trainer.zero_grad()
    l = loss(net(x), y)
    l.sum().backward()
    trainer.step()
    print(i, l.shape, round(l.sum().item(), 4))
pred = net(x).argmax(dim=1)
print(pred.shape, pred.dtype, (pred == y).float().mean().item() > 0)

# style transfer pieces
def gram(X):
    num_channels, n = X.shape[1], X.numel() // X.shape[1]
    X = X.reshape((num_channels, n))
    return torch.matmul(X, X.T) / (num_channels * n)
def tv_loss(Y_hat):
    return 0.5 * (torch.abs(Y_hat[:, :, 1:, :] - Y_hat[:, :, :-1, :]).mean() +
                  torch.abs(Y_hat[:, :, :, 1:] - Y_hat[:, :, :, :-1]).mean())
class SynthesizedImage(nn.Module):
    def __init__(self, img_shape, **kwargs):
        super(SynthesizedImage, self).__init__(**kwargs)
        self.weight = nn.Parameter(torch.rand(*img_shape))
    def forward(self):
        return self.weight
feat = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.Conv2d(6, 6, 3, padding=1))
for p in feat.parameters():
    p.requires_grad_(False)
content = torch.rand(1, 3, 12, 12)
style = torch.rand(1, 3, 12, 12)
gen_img = SynthesizedImage(content.shape)
gen_img.weight.data.copy_(content.data)
trainer = torch.optim.Adam(gen_img.parameters(), lr=0.05)
scheduler = torch.optim.lr_scheduler.StepLR(trainer, 5, 0.8)
style_Y_gram = gram(feat(style))
contents_Y = feat(content)
for epoch in range(12):
    trainer.zero_grad()
    X = gen_img()
    Y_hat = feat(X)
    c_l = torch.square(Y_hat - contents_Y.detach()).mean()
    s_l = torch.square(gram(Y_hat) - style_Y_gram.detach()).mean() * 1e3
    t_l = tv_loss(X) * 10
    l = c_l + s_l + t_l
    l.backward()
    trainer.step()
    scheduler.step()
    if (epoch + 1) % 3 == 0:
        print(epoch + 1, f'{float(c_l):.5f} {float(s_l):.5f} {float(t_l):.5f}', scheduler.get_last_lr())
print(gen_img.weight.grad.shape, gen_img)
