"""PyTorch's "Learn the Basics": "Datasets & DataLoaders" and "Transforms" with the data in memory:
a ``CustomImageDataset`` reading its annotations from CSV text (``img_labels.iloc``-style lookups as
list rows), ``labels_map``, ``torch.randint(len(training_data), size=(1,)).item()``,
``next(iter(train_dataloader))`` with ``shuffle=True``, ``train_features[0].squeeze()``, a
``ToTensor`` stand-in, and the one-hot ``Lambda`` target transform
``torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)``."""
import csv
import io
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

rng = np.random.RandomState(0)
IMAGES = {f"img_{i}.png": (rng.rand(28, 28) * 255).astype(np.uint8) for i in range(20)}
ANNOTATIONS = "".join(f"img_{i}.png,{(i * 7) % 10}\n" for i in range(20))

def read_image(path):
    return torch.from_numpy(IMAGES[path]).unsqueeze(0)

class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_labels = list(csv.reader(io.StringIO(annotations_file)))
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        img_path = self.img_dir + self.img_labels[idx][0]
        image = read_image(img_path)
        label = int(self.img_labels[idx][1])
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label

labels_map = {
    0: "T-Shirt", 1: "Trouser", 2: "Pullover", 3: "Dress", 4: "Coat",
    5: "Sandal", 6: "Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle Boot",
}
torch.manual_seed(0)
training_data = CustomImageDataset(ANNOTATIONS, "")
print(len(training_data))
cols, rows = 3, 3
for i in range(1, cols * rows + 1):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    print(i, sample_idx, type(sample_idx).__name__, labels_map[label], img.shape, img.dtype, img.squeeze().shape)

def ToTensor():
    return lambda pic: pic.float().div(255)

class Lambda:
    def __init__(self, lambd):
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

ds = CustomImageDataset(
    ANNOTATIONS, "",
    transform=ToTensor(),
    target_transform=Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
)
img, target = ds[3]
print(img.dtype, img.min(), img.max(), target, target.dtype)
print(torch.tensor(3), torch.tensor(3).dim(), torch.zeros(10).scatter_(0, torch.tensor([3, 5]), value=2.5))

train_dataloader = DataLoader(ds, batch_size=8, shuffle=True)
test_dataloader = DataLoader(CustomImageDataset(ANNOTATIONS, "", transform=ToTensor()), batch_size=8, shuffle=True)
train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(img.shape, img[0, :5])
print(f"Label: {label}")
print(label.argmax(), train_labels.sum(0))
test_features, test_labels = next(iter(test_dataloader))
print(test_labels, test_labels.dtype, test_features.mean(dim=(1, 2, 3)))
print([len(b[1]) for b in train_dataloader], len(train_dataloader))
