"""UvA DL course, Tutorial 4 (Optimization and Initialization), first half: an ``Identity``
activation and a deep ``BaseNetwork`` whose weights are set by hand (constant ``fill_``, uniform
``uniform_(-a, a)``, ``normal_(std=...)``, Xavier from ``math.sqrt(6)/math.sqrt(fan_in+fan_out)``,
Kaiming ``std = math.sqrt(2/fan_in)``), then the per-layer weight, gradient and activation variance
printed with ``var().item()``, ``named_parameters`` filtering, and the variance helper keyed by
layer index."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)


class Identity(nn.Module):

    def forward(self, x):
        return x


class BaseNetwork(nn.Module):

    def __init__(self, act_fn, input_size=196, num_classes=10, hidden_sizes=[128, 96, 64, 64, 32, 32]):
        super().__init__()
        layers = []
        layer_sizes = [input_size] + hidden_sizes
        for layer_index in range(1, len(layer_sizes)):
            layers += [nn.Linear(layer_sizes[layer_index - 1], layer_sizes[layer_index]), act_fn]
        layers += [nn.Linear(layer_sizes[-1], num_classes)]
        self.layers = nn.ModuleList(layers)
        self.config = {"act_fn": act_fn.__class__.__name__, "input_size": input_size,
                       "num_classes": num_classes, "hidden_sizes": hidden_sizes}

    def forward(self, x):
        x = x.view(x.size(0), -1)
        for layer in self.layers:
            x = layer(x)
        return x


imgs = torch.rand(256, 1, 14, 14) * 2 - 1
labels = torch.randint(0, 10, (256,))
print(imgs.shape, imgs.mean().item() < 0.05, labels[:10])


def weight_variances(model):
    return {name: round(param.data.view(-1).var().item(), 5) for name, param in model.named_parameters()
            if name.endswith(".weight")}


def gradient_variances(model, stat="var"):
    model.zero_grad()
    preds = model(imgs[:128])
    loss = F.cross_entropy(preds, labels[:128])
    loss.backward()
    grads = {name: params.grad.data.view(-1).clone() for name, params in model.named_parameters() if "weight" in name}
    model.zero_grad()
    if stat == "mean":  # (a constant init cancels the hidden gradients: what is left is rounding noise)
        means = {k: g.abs().mean().item() for k, g in grads.items()}
        return {k: "~0" if m < 1e-10 else float(f"{m:.3e}") for k, m in means.items()}
    return {k: float(f"{g.var().item():.3e}") for k, g in grads.items()}


def activation_variances(model):
    model.eval()
    feats = imgs.view(imgs.shape[0], -1)
    activations = {}
    with torch.no_grad():
        for layer_index, layer in enumerate(model.layers[:-1]):
            feats = layer(feats)
            if isinstance(layer, nn.Linear):
                activations[f"Layer {layer_index}"] = float(f"{feats.view(-1).var().item():.3e}")
    return activations


def report(title, model, stat="var"):
    print(f"== {title}")
    print("  weights    ", weight_variances(model))
    print("  gradients  ", gradient_variances(model, stat))
    print("  activations", activation_variances(model))


model = BaseNetwork(act_fn=Identity())
print(model.config, len(model.layers))


def const_init(model, fill=0.0):
    for name, param in model.named_parameters():
        param.data.fill_(fill)


const_init(model, fill=0.005)
report("constant 0.005", model, stat="mean")


def var_init(model, std=0.01):
    for name, param in model.named_parameters():
        param.data.normal_(mean=0.0, std=std)


var_init(model, std=0.01)
report("normal std 0.01", model)
var_init(model, std=0.1)
report("normal std 0.1", model)


def equal_var_init(model):
    for name, param in model.named_parameters():
        if name.endswith(".bias"):
            param.data.fill_(0)
        else:
            param.data.normal_(std=1.0 / math.sqrt(param.shape[1]))


equal_var_init(model)
report("equal variance", model)


def xavier_init(model):
    for name, param in model.named_parameters():
        if name.endswith(".bias"):
            param.data.fill_(0)
        else:
            bound = math.sqrt(6) / math.sqrt(param.shape[0] + param.shape[1])
            param.data.uniform_(-bound, bound)


xavier_init(model)
report("xavier uniform, identity", model)
model = BaseNetwork(act_fn=nn.Tanh())
xavier_init(model)
report("xavier uniform, tanh", model)


def kaiming_init(model):
    for name, param in model.named_parameters():
        if name.endswith(".bias"):
            param.data.fill_(0.0)
        elif name.startswith("layers.0"):
            param.data.normal_(0, 1 / math.sqrt(param.shape[1]))
        else:
            param.data.normal_(0, math.sqrt(2) / math.sqrt(param.shape[1]))


model = BaseNetwork(act_fn=nn.ReLU())
kaiming_init(model)
report("kaiming, relu", model)

torch.manual_seed(0)
w = torch.empty(64, 32)
nn.init.kaiming_normal_(w, nonlinearity="relu")
print("builtin kaiming_normal_", round(w.var().item(), 4), round(2 / 32, 4))
nn.init.xavier_uniform_(w)
print("builtin xavier_uniform_", round(w.var().item(), 4), round(2 / 96, 4), w.abs().max().item() <= math.sqrt(6 / 96))
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
print("default Linear init", round(w.var().item(), 4), w.abs().max().item() <= 1 / math.sqrt(32))
print(nn.init.calculate_gain("relu"), nn.init.calculate_gain("tanh"), nn.init.calculate_gain("leaky_relu", 0.2))
