"""PyTorch's "Visualizing Models, Data, and Training with TensorBoard" on FashionMNIST-shaped
synthetic data, with ``torch.utils.tensorboard.SummaryWriter`` writing into a temporary folder: the
``Normalize((0.5,), (0.5,))`` transform by hand, ``matplotlib_imshow``'s arrays
(``img.mean(dim=0)``, ``img / 2 + 0.5``, ``np.transpose``), torchvision's ``make_grid`` written out
(``new_full``, ``narrow``, ``copy_``) and logged with ``add_image``, ``add_graph``,
``select_n_random`` with ``torch.randperm`` on uint8 ``data`` and int64 ``targets`` logged with
``add_embedding`` (the projector's files printed), ``images_to_probs`` with ``torch.max`` and
``np.squeeze(preds_tensor.numpy())``, the training loop logging running losses with
``add_scalar`` and ``plot_classes_preds`` figures with ``add_figure``, and one ``add_pr_curve`` per
class from ``torch.cat``/``torch.stack`` of per-row softmaxes."""
import math
import os
import shutil
import tempfile
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, Dataset
from torch.utils.tensorboard import SummaryWriter

class FakeFashionMNIST(Dataset):
    def __init__(self, n, seed, transform=None):
        g = torch.Generator().manual_seed(seed)
        self.data = (torch.rand(n, 28, 28, generator=g) * 255 * (torch.rand(n, 28, 28, generator=g) < 0.3)).to(torch.uint8)
        self.targets = (self.data.view(n, -1).float() @ torch.randn(784, 10, generator=torch.Generator().manual_seed(3))).argmax(1)
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            img = self.transform(img)
        return img, target

def transform(img):
    img = img.unsqueeze(0).to(torch.float32).div(255)
    return (img - torch.tensor([0.5]).view(-1, 1, 1)) / torch.tensor([0.5]).view(-1, 1, 1)

trainset = FakeFashionMNIST(96, 0, transform=transform)
testset = FakeFashionMNIST(40, 1, transform=transform)
torch.manual_seed(0)
trainloader = DataLoader(trainset, batch_size=4, shuffle=True, num_workers=0)
testloader = DataLoader(testset, batch_size=4, shuffle=False, num_workers=0)
classes = ('T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
        'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle Boot')
print(trainset.data.dtype, trainset.data.shape, trainset.targets.dtype, trainset.targets[:10])

def matplotlib_imshow(img, one_channel=False):
    if one_channel:
        img = img.mean(dim=0)
    img = img / 2 + 0.5     # unnormalize
    npimg = img.numpy()
    if one_channel:
        return npimg
    else:
        return np.transpose(npimg, (1, 2, 0))

class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

def make_grid(tensor, nrow=8, padding=2, pad_value=0.0):
    if isinstance(tensor, list):
        tensor = torch.stack(tensor, dim=0)
    if tensor.dim() == 4 and tensor.size(1) == 1:  # single-channel images
        tensor = torch.cat((tensor, tensor, tensor), 1)
    nmaps = tensor.size(0)
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    height, width = int(tensor.size(2) + padding), int(tensor.size(3) + padding)
    num_channels = tensor.size(1)
    grid = tensor.new_full((num_channels, height * ymaps + padding, width * xmaps + padding), pad_value)
    k = 0
    for y in range(ymaps):
        for x in range(xmaps):
            if k >= nmaps:
                break
            grid.narrow(1, y * height + padding, height - padding).narrow(
                2, x * width + padding, width - padding
            ).copy_(tensor[k])
            k = k + 1
    return grid

dataiter = iter(trainloader)
images, labels = next(dataiter)
img_grid = make_grid(images)
print(img_grid.shape, img_grid.dtype, img_grid[:, :4, :4], f"{img_grid.sum().item():.1f}")
shown = matplotlib_imshow(img_grid, one_channel=True)
print(type(shown).__name__, shown.shape, shown.dtype, shown[2, 2:6], shown.min(), shown.max())
print(matplotlib_imshow(images[0]).shape)

log_root = tempfile.mkdtemp()
writer = SummaryWriter(os.path.join(log_root, 'runs/fashion_mnist_experiment_1'))
writer.add_image('four_fashion_mnist_images', img_grid)
writer.add_graph(net, images)

def select_n_random(data, labels, n=100):
    '''
    Selects n random datapoints and their corresponding labels from a dataset
    '''
    assert len(data) == len(labels)

    perm = torch.randperm(len(data))
    return data[perm][:n], labels[perm][:n]

images, labels = select_n_random(trainset.data, trainset.targets)
class_labels = [classes[lab] for lab in labels]
features = images.view(-1, 28 * 28)
label_img = images.unsqueeze(1)
print(images.shape, images.dtype, labels[:8], class_labels[:4], features.shape, label_img.shape, features.is_contiguous())
writer.add_embedding(features,
                    metadata=class_labels,
                    label_img=images.unsqueeze(1))
run = writer.get_logdir()
print(sorted(os.listdir(os.path.join(run, "00000", "default"))))
with open(os.path.join(run, "projector_config.pbtxt")) as f:
    print(f.read())
with open(os.path.join(run, "00000", "default", "metadata.tsv")) as f:
    print(f.read().splitlines()[:5])
with open(os.path.join(run, "00000", "default", "tensors.tsv")) as f:
    rows = f.read().splitlines()
print(len(rows), rows[0].split("\t")[:12])

def images_to_probs(net, images):
    '''
    Generates predictions and corresponding probabilities from a trained
    network and a list of images
    '''
    output = net(images)
    # convert output probabilities to predicted class
    _, preds_tensor = torch.max(output, 1)
    preds = np.squeeze(preds_tensor.numpy())
    return preds, [F.softmax(el, dim=0)[i].item() for i, el in zip(preds, output)]

def plot_classes_preds(net, images, labels):
    preds, probs = images_to_probs(net, images)
    # plot the images in the batch, along with predicted and true labels
    fig = plt.figure(figsize=(12, 48))
    for idx in np.arange(4):
        ax = fig.add_subplot(1, 4, idx+1, xticks=[], yticks=[])
        plt.imshow(matplotlib_imshow(images[idx], one_channel=True), cmap="Greys")
        ax.set_title("{0}, {1:.1f}%\n(label: {2})".format(
            classes[preds[idx]],
            probs[idx] * 100.0,
            classes[labels[idx]]),
                    color=("green" if preds[idx]==labels[idx].item() else "red"))
        print(ax.get_title())
    return fig

running_loss = 0.0
for epoch in range(1):  # loop over the dataset multiple times

    for i, data in enumerate(trainloader, 0):

        # get the inputs; data is a list of [inputs, labels]
        inputs, labels = data

        # zero the parameter gradients
        optimizer.zero_grad()

        # forward + backward + optimize
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if i % 8 == 7:    # every 8 mini-batches...

            # ...log the running loss
            writer.add_scalar('training loss',
                            running_loss / 8,
                            epoch * len(trainloader) + i)
            # ...log a Matplotlib Figure showing the model's predictions on a
            # random mini-batch
            with torch.no_grad():
                writer.add_figure('predictions vs. actuals',
                                plot_classes_preds(net, inputs, labels),
                                global_step=epoch * len(trainloader) + i)
            print(epoch * len(trainloader) + i, f"{running_loss / 8:.4f}")
            running_loss = 0.0
print('Finished Training')

class_probs = []
class_label = []
net.eval()
with torch.no_grad():
    for data in testloader:
        images, labels = data
        output = net(images)
        class_probs_batch = [F.softmax(el, dim=0) for el in output]

        class_probs.append(class_probs_batch)
        class_label.append(labels)

test_probs = torch.cat([torch.stack(batch) for batch in class_probs])
test_label = torch.cat(class_label)
print(test_probs.shape, test_label.shape, test_label.dtype, f"{test_probs.sum().item():.3f}")

def add_pr_curve_tensorboard(class_index, test_probs, test_label, global_step=0):
    '''
    Takes in a "class_index" from 0 to 9 and plots the corresponding
    precision-recall curve
    '''
    tensorboard_truth = test_label == class_index
    tensorboard_probs = test_probs[:, class_index]

    writer.add_pr_curve(classes[class_index],
                        tensorboard_truth,
                        tensorboard_probs,
                        global_step=global_step)
    return tensorboard_truth.sum().item(), tensorboard_truth.dtype, tensorboard_probs.shape

# plot all the pr curves
for i in range(len(classes)):
    print(add_pr_curve_tensorboard(i, test_probs, test_label))
writer.close()
print(sorted(f for f in os.listdir(run) if not f.startswith("events.out.tfevents")),
      sum(f.startswith("events.out.tfevents") for f in os.listdir(run)))
shutil.rmtree(log_root)
