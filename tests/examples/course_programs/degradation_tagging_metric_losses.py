"""Which degradations does a patch carry (blur, noise, JPEG-like blocking)? A course exercise's
multi-label tagger and a blur-kernel embedding trained with metric losses: MultiLabelSoftMarginLoss
with class weights, MultiLabelMarginLoss's -1-terminated targets, MultiMarginLoss, SoftMarginLoss,
HingeEmbeddingLoss, MarginRankingLoss, TripletMarginLoss (p, swap) and its distance-function variant,
CosineEmbeddingLoss, LocalResponseNorm, Mish and LogSigmoid, with the losses' shape errors."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(11)
patches = torch.rand(6, 1, 8, 8)
labels = torch.tensor([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 0, 0]], dtype=torch.float32)

tagger = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.LocalResponseNorm(2), nn.Mish(),
                       nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3))
print(tagger)
crit = nn.MultiLabelSoftMarginLoss(weight=torch.tensor([1.0, 2.0, 0.5]))
opt = torch.optim.SGD(tagger.parameters(), lr=0.5, momentum=0.9)
for step in range(12):
    logits = tagger(patches)
    loss = crit(logits, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 4 == 0:
        print(step, f"{loss.item():.4f}")
with torch.no_grad():
    probs = torch.sigmoid(tagger(patches))
print((probs > 0.5).int().tolist())
print(f"{F.logsigmoid(torch.tensor([-50.0, 0.0, 3.0])).sum().item():.4f}", nn.LogSigmoid()(torch.zeros(2)))
print(F.mish(torch.tensor([-1.0, 0.0, 1.0])), F.local_response_norm(torch.ones(1, 3, 1, 1), 3))

scores = torch.tensor([[0.1, 0.2, 0.4, 0.8], [0.3, -0.2, 0.9, 0.0]], dtype=torch.float64, requires_grad=True)
ml_target = torch.tensor([[3, 0, -1, 1], [1, 2, -1, 0]])
loss = F.multilabel_margin_loss(scores, ml_target)
loss.backward()
print(loss, scores.grad)
print(F.multilabel_margin_loss(scores, ml_target, reduction="none"))
print(F.multi_margin_loss(scores, torch.tensor([3, 2])), F.multi_margin_loss(scores, torch.tensor([0, 1]), p=2,
                                                                                margin=0.5))
print(F.multi_margin_loss(scores, torch.tensor([3, 2]), weight=torch.tensor([1.0, 2.0, 3.0, 4.0],
                                                                            dtype=torch.float64)))
signs = torch.tensor([[1.0, -1.0, 1.0, -1.0], [-1.0, -1.0, 1.0, 1.0]], dtype=torch.float64)
print(F.soft_margin_loss(scores, signs), nn.HingeEmbeddingLoss(margin=0.5)(scores, signs))
print(F.hinge_embedding_loss(scores, signs, reduction="none")[1])

x1 = torch.tensor([0.2, 0.8, 0.5])
x2 = torch.tensor([0.4, 0.1, 0.5])
rank = nn.MarginRankingLoss(margin=0.1)
print(rank(x1, x2, torch.tensor([1.0, 1.0, -1.0])), F.margin_ranking_loss(x1, x2, torch.tensor([-1.0, 1.0, 1.0]),
                                                                         reduction="sum"))

torch.manual_seed(5)
embed = nn.Sequential(nn.Flatten(), nn.Linear(25, 8), nn.Tanh(), nn.Linear(8, 4))
kernels = torch.rand(9, 25)
kernels = kernels / kernels.sum(dim=1, keepdim=True)
anchor, positive, negative = embed(kernels[:3]), embed(kernels[:3] * 0.9 + 0.1 / 25), embed(kernels[3:6])
for p, swap in ((2.0, False), (1.0, False), (2.0, True)):
    trip = nn.TripletMarginLoss(margin=1.0, p=p, swap=swap)
    print(trip.p, trip.swap, f"{trip(anchor, positive, negative).item():.4f}")
cos_trip = nn.TripletMarginWithDistanceLoss(distance_function=lambda a, b: 1.0 - F.cosine_similarity(a, b),
                                            margin=0.5)
value = cos_trip(anchor, positive, negative)
value.backward()
print(f"{value.item():.4f}", embed[1].weight.grad.shape, f"{embed[1].weight.grad.abs().sum().item():.4f}")
print(f"{F.triplet_margin_with_distance_loss(anchor, positive, negative).item():.4f}")
cos = nn.CosineEmbeddingLoss(margin=0.2)
print(f"{cos(anchor.detach(), negative.detach(), torch.tensor([1, -1, -1])).item():.4f}")
print(F.cosine_embedding_loss(torch.eye(2), torch.ones(2, 2), torch.tensor([1.0, -1.0]), reduction="none"))

for bad in (lambda: F.multilabel_soft_margin_loss(torch.zeros(2, 3), torch.zeros(2, 4)),
            lambda: F.margin_ranking_loss(x1, x2, torch.ones(2)),
            lambda: F.triplet_margin_loss(anchor, positive, negative[:, :2]),
            lambda: F.cosine_embedding_loss(torch.eye(2), torch.ones(2, 3), torch.ones(2)),
            lambda: F.multi_margin_loss(scores, torch.tensor([3, 2]), p=3),
            lambda: F.multilabel_margin_loss(scores, ml_target[:, :3])):
    try:
        bad()
        print("no error")
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
