"""Deep Learning with PyTorch, chapters 10-12 (the LUNA CT project) on synthetic data: a CT array
clipped to [-1000, 1000], the candidate crop around a centre (clamped at the edges), the 3-D
augmentation (a 4x4 transform with random flips, offsets, scales and a rotation, ``F.affine_grid``
on its (1, 3, 4) part, ``F.grid_sample`` on the 5-D chunk with ``padding_mode='border'``, added
noise), ``LunaModel`` (a ``BatchNorm3d`` tail, ``LunaBlock`` of ``Conv3d``/``ReLU(inplace=True)``/
``MaxPool3d``, a linear head with softmax, fan-out Kaiming init), SGD steps with per-sample
``CrossEntropyLoss(reduction='none')``, the metrics tensor with confusion counts from boolean
masks and an ROC AUC over thresholds, and class balancing by index arithmetic and by a
``WeightedRandomSampler``."""
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
rng = np.random.default_rng(1)
torch.set_printoptions(precision=4)
# CT volume
ct_a = rng.normal(-500, 300, size=(16, 24, 24)).astype(np.float32)
ct_a.clip(-1000, 1000, ct_a)
ct_t = torch.from_numpy(ct_a)
print(ct_t.shape, ct_t.min(), ct_t.max())
# crop around a center
center_irc = (8, 12, 10); width_irc = (8, 12, 12)
slice_list = []
for axis, center_val in enumerate(center_irc):
    start_ndx = int(round(center_val - width_irc[axis] / 2))
    end_ndx = int(start_ndx + width_irc[axis])
    if start_ndx < 0:
        start_ndx = 0; end_ndx = int(width_irc[axis])
    if end_ndx > ct_a.shape[axis]:
        end_ndx = ct_a.shape[axis]; start_ndx = int(ct_a.shape[axis] - width_irc[axis])
    slice_list.append(slice(start_ndx, end_ndx))
ct_chunk = ct_a[tuple(slice_list)]
candidate_t = torch.from_numpy(ct_chunk).to(torch.float32).unsqueeze(0)
print(candidate_t.shape, candidate_t.is_contiguous(), round(candidate_t.mean().item(), 1))
# augmentation
def getCtAugmentedCandidate(augmentation_dict, ct_chunk):
    ct_t = torch.tensor(ct_chunk).unsqueeze(0).unsqueeze(0).to(torch.float32)
    transform_t = torch.eye(4)
    for i in range(3):
        if 'flip' in augmentation_dict:
            if rng.random() > 0.5:
                transform_t[i, i] *= -1
        if 'offset' in augmentation_dict:
            offset_float = augmentation_dict['offset']
            random_float = (rng.random() * 2 - 1)
            transform_t[i, 3] = offset_float * random_float
        if 'scale' in augmentation_dict:
            scale_float = augmentation_dict['scale']
            random_float = (rng.random() * 2 - 1)
            transform_t[i, i] *= 1.0 + scale_float * random_float
    if 'rotate' in augmentation_dict:
        angle_rad = rng.random() * math.pi * 2
        s = math.sin(angle_rad); c = math.cos(angle_rad)
        rotation_t = torch.tensor([[c, -s, 0, 0], [s, c, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        transform_t @= rotation_t
    affine_t = F.affine_grid(transform_t[:3].unsqueeze(0).to(torch.float32), ct_t.size(), align_corners=False)
    augmented_chunk = F.grid_sample(ct_t, affine_t, padding_mode='border', align_corners=False).to('cpu')
    if 'noise' in augmentation_dict:
        noise_t = torch.from_numpy(rng.normal(size=augmented_chunk.shape).astype(np.float32))
        noise_t *= augmentation_dict['noise']
        augmented_chunk += noise_t
    return augmented_chunk[0], transform_t
aug = {'flip': True, 'offset': 0.1, 'scale': 0.2, 'rotate': True, 'noise': 25.0}
for k in range(3):
    chunk, tr = getCtAugmentedCandidate(aug, ct_chunk)
    print(chunk.shape, chunk.dtype, round(chunk.mean().item(), 2), round(chunk.std().item(), 2), tr[0])
# model pieces
class LunaBlock(nn.Module):
    def __init__(self, in_channels, conv_channels):
        super().__init__()
        self.conv1 = nn.Conv3d(in_channels, conv_channels, kernel_size=3, padding=1, bias=True)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv3d(conv_channels, conv_channels, kernel_size=3, padding=1, bias=True)
        self.relu2 = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool3d(2, 2)
    def forward(self, input_batch):
        block_out = self.conv1(input_batch)
        block_out = self.relu1(block_out)
        block_out = self.conv2(block_out)
        block_out = self.relu2(block_out)
        return self.maxpool(block_out)
class LunaModel(nn.Module):
    def __init__(self, in_channels=1, conv_channels=4):
        super().__init__()
        self.tail_batchnorm = nn.BatchNorm3d(1)
        self.block1 = LunaBlock(in_channels, conv_channels)
        self.block2 = LunaBlock(conv_channels, conv_channels * 2)
        self.head_linear = nn.Linear(8 * 2 * 3 * 3, 2)
        self.head_softmax = nn.Softmax(dim=1)
        self._init_weights()
    def _init_weights(self):
        for m in self.modules():
            if type(m) in {nn.Linear, nn.Conv3d, nn.Conv2d, nn.ConvTranspose2d, nn.ConvTranspose3d}:
                nn.init.kaiming_normal_(m.weight.data, a=0, mode='fan_out', nonlinearity='relu')
                if m.bias is not None:
                    fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(m.weight.data)
                    bound = 1 / math.sqrt(fan_out)
                    nn.init.normal_(m.bias, -bound, bound)
    def forward(self, input_batch):
        bn_output = self.tail_batchnorm(input_batch)
        block_out = self.block1(bn_output)
        block_out = self.block2(block_out)
        conv_flat = block_out.view(block_out.size(0), -1)
        linear_output = self.head_linear(conv_flat)
        return linear_output, self.head_softmax(linear_output)
model = LunaModel()
print(model)
print(sum(p.numel() for p in model.parameters()))
print([(n, tuple(p.shape)) for n, p in model.named_parameters()][:4])
x = torch.from_numpy(rng.normal(size=(4, 1, 8, 12, 12)).astype(np.float32))
label = torch.tensor([[1, 0], [0, 1], [1, 0], [0, 1]], dtype=torch.long)
opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.99)
lossf = nn.CrossEntropyLoss(reduction='none')
for step in range(3):
    opt.zero_grad()
    logits, prob = model(x)
    loss_g = lossf(logits, label[:, 1])
    loss_g.mean().backward()
    opt.step()
    print(step, logits.shape, prob.shape, round(loss_g.mean().item(), 3))
# metrics
metrics_t = torch.zeros(3, 4)
metrics_t[0] = label[:, 1].detach()
metrics_t[1] = prob[:, 1].detach()
metrics_t[2] = loss_g.detach()
negLabel_mask = metrics_t[0] <= 0.5
negPred_mask = metrics_t[1] <= 0.5
posLabel_mask = ~negLabel_mask
posPred_mask = ~negPred_mask
neg_count = int(negLabel_mask.sum()); pos_count = int(posLabel_mask.sum())
trueNeg_count = neg_correct = int((negLabel_mask & negPred_mask).sum())
truePos_count = pos_correct = int((posLabel_mask & posPred_mask).sum())
falsePos_count = neg_count - neg_correct
falseNeg_count = pos_count - pos_correct
print(neg_count, pos_count, trueNeg_count, truePos_count, falsePos_count, falseNeg_count)
print(metrics_t[2, negLabel_mask].mean(), metrics_t[2].mean().item() > 0, (negLabel_mask.sum() / 4.0).dtype)
threshold = torch.linspace(1, 0, steps=5)
tpr = (metrics_t[None, 1, posLabel_mask] >= threshold[:, None]).sum(1).float() / pos_count
fpr = (metrics_t[None, 1, negLabel_mask] >= threshold[:, None]).sum(1).float() / neg_count
fp_diff = fpr[1:] - fpr[:-1]
tp_avg = (tpr[1:] + tpr[:-1]) / 2
auc = (fp_diff * tp_avg).sum()
print(tpr, fpr, auc)
# balancing
pos_list = [i for i in range(20) if i % 5 == 0]; neg_list = [i for i in range(20) if i % 5]
ratio = 1
def getitem(ndx):
    pos_ndx = ndx // (ratio + 1)
    if ndx % (ratio + 1):
        neg_ndx = ndx - 1 - pos_ndx
        neg_ndx %= len(neg_list)
        return neg_list[neg_ndx]
    pos_ndx %= len(pos_list)
    return pos_list[pos_ndx]
print([getitem(i) for i in range(10)])
# sampler-based balancing
weights = torch.tensor([4.0 if i in pos_list else 1.0 for i in range(20)], dtype=torch.double)
sampler = torch.utils.data.WeightedRandomSampler(weights, num_samples=10, replacement=True)
print(len(sampler), type(next(iter(sampler))).__name__)
