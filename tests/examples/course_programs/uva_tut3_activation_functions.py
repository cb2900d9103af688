"""UvA DL course, Tutorial 3 (Activation Functions): an ``ActivationFunction`` base ``nn.Module``
keeping a ``config`` dict, Sigmoid / Tanh / ReLU / LeakyReLU / ELU / Swish written by hand with
``torch.where`` and ``torch.exp``, their gradients via ``autograd`` on a ``linspace`` with
``requires_grad_()``, an ``act_fn_by_name`` dict, a ``BaseNetwork`` of ``nn.ModuleList`` layers
built per activation, gradient-magnitude statistics per layer (``p.grad.view(-1).abs().mean()``,
``std``), and the dead-neuron count of a ReLU network on random data."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def set_seed(seed):
    torch.manual_seed(seed)


set_seed(42)


class ActivationFunction(nn.Module):

    def __init__(self):
        super().__init__()
        self.name = self.__class__.__name__
        self.config = {"name": self.name}


class Sigmoid(ActivationFunction):

    def forward(self, x):
        return 1 / (1 + torch.exp(-x))


class Tanh(ActivationFunction):

    def forward(self, x):
        x_exp, neg_x_exp = torch.exp(x), torch.exp(-x)
        return (x_exp - neg_x_exp) / (x_exp + neg_x_exp)


class ReLU(ActivationFunction):

    def forward(self, x):
        return x * (x > 0).float()


class LeakyReLU(ActivationFunction):

    def __init__(self, alpha=0.1):
        super().__init__()
        self.config["alpha"] = alpha

    def forward(self, x):
        return torch.where(x > 0, x, self.config["alpha"] * x)


class ELU(ActivationFunction):

    def forward(self, x):
        return torch.where(x > 0, x, torch.exp(x) - 1)


class Swish(ActivationFunction):

    def forward(self, x):
        return x * torch.sigmoid(x)


act_fn_by_name = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leakyrelu": LeakyReLU, "elu": ELU, "swish": Swish}
builtin = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu,
           "leakyrelu": lambda x: F.leaky_relu(x, 0.1), "elu": F.elu, "swish": F.silu}


def get_grads(act_fn, x):
    x = x.clone().requires_grad_()
    out = act_fn(x)
    out.sum().backward()
    return x.grad


x = torch.linspace(-5, 5, 11)
print(x)
for name, act_cls in act_fn_by_name.items():
    act_fn = act_cls()
    y = act_fn(x)
    y_grads = get_grads(act_fn, x)
    ref = builtin[name](x)
    print(f"{name:>10s}", act_fn, act_fn.config)
    print("   out ", y.round(decimals=4))
    print("   grad", y_grads.round(decimals=4))
    print("   max|out-builtin|", (y - ref).abs().max().item() < 1e-5, y.dtype, y_grads.dtype)

x = torch.linspace(-5, 5, 1000)
for name in ["relu", "leakyrelu", "elu"]:
    g = get_grads(act_fn_by_name[name](), x)
    print(name, g.unique(), (g == 0).sum().item())


class BaseNetwork(nn.Module):

    def __init__(self, act_fn, input_size=64, num_classes=10, hidden_sizes=[32, 32, 16, 16]):
        super().__init__()
        layers = []
        layer_sizes = [input_size] + hidden_sizes
        for layer_index in range(1, len(layer_sizes)):
            layers += [nn.Linear(layer_sizes[layer_index - 1], layer_sizes[layer_index]), act_fn]
        layers += [nn.Linear(layer_sizes[-1], num_classes)]
        self.layers = nn.Sequential(*layers)
        self.config = {"act_fn": act_fn.config, "input_size": input_size, "num_classes": num_classes,
                       "hidden_sizes": hidden_sizes}

    def forward(self, x):
        x = x.view(x.size(0), -1)
        out = self.layers(x)
        return out


net = BaseNetwork(act_fn=ReLU())
print(net)
print(net.config)
print(sum(p.numel() for p in net.parameters()))

imgs = torch.randn(64, 1, 8, 8)
labels = torch.randint(0, 10, (64,))


def visualize_gradients(net):
    net.eval()
    net.zero_grad()
    preds = net(imgs)
    loss = F.cross_entropy(preds, labels)
    loss.backward()
    grads = {name: params.grad.view(-1).cpu().clone().numpy() for name, params in net.named_parameters()
             if "weight" in name}
    net.zero_grad()
    return grads


for i, act_fn_name in enumerate(act_fn_by_name):
    set_seed(42)
    act_fn = act_fn_by_name[act_fn_name]()
    net_actfn = BaseNetwork(act_fn=act_fn)
    grads = visualize_gradients(net_actfn)
    stats = [f"{key}: {abs(g).mean():.2e}/{g.std():.2e}" for key, g in grads.items()]
    print(act_fn_name, grads["layers.0.weight"].dtype, grads["layers.0.weight"].shape)
    print("  ", "; ".join(stats[:2]))
    print("  ", "; ".join(stats[2:]))


@torch.no_grad()
def measure_number_dead_neurons(net, data):
    neurons_dead = [
        torch.ones(layer.weight.shape[0], dtype=torch.bool) for layer in net.layers[:-1] if isinstance(layer, nn.Linear)
    ]
    net.eval()
    for start in range(0, data.shape[0], 32):
        layer_index = 0
        x = data[start:start + 32].view(min(32, data.shape[0] - start), -1)
        for layer in net.layers[:-1]:
            x = layer(x)
            if isinstance(layer, ActivationFunction):
                neurons_dead[layer_index] = torch.logical_and(neurons_dead[layer_index], (x == 0).all(dim=0))
                layer_index += 1
    number_neurons_dead = [t.sum().item() for t in neurons_dead]
    print("Number of dead neurons:", number_neurons_dead)
    print("In percentage:", ", ".join(
        [f"{(100.0 * num_dead / tens.shape[0]):4.2f}%" for tens, num_dead in zip(neurons_dead, number_neurons_dead)]))


set_seed(42)
net_relu = BaseNetwork(act_fn=ReLU(), hidden_sizes=[64, 32, 16, 8, 4])
for layer in net_relu.layers:
    if isinstance(layer, nn.Linear):
        nn.init.normal_(layer.bias, mean=-0.3, std=0.1)
measure_number_dead_neurons(net_relu, torch.randn(128, 64))
set_seed(42)
net_relu = BaseNetwork(act_fn=ReLU(), hidden_sizes=[8, 8, 4, 4])
measure_number_dead_neurons(net_relu, torch.randn(128, 64))
