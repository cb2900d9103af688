"""pytorch/examples' ImageNet training loop, shrunk: ``import torch.backends.cudnn as cudnn``,
``torch.distributed`` queried (not initialised), a model in ``nn.DataParallel``, ``Subset`` train
and validation sets, ``AverageMeter``/``ProgressMeter`` printing, top-k ``accuracy`` through
``topk``, ``t()``, ``eq``/``expand_as`` and ``correct_k.mul_(100.0 / batch_size)``, SGD with
momentum and weight decay under ``StepLR``, and the checkpoint dictionary saved, copied to
``model_best.pth.tar`` with ``shutil`` and loaded back into model, optimizer and scheduler."""
import os, shutil, tempfile, random
from enum import Enum
import torch
import torch.backends.cudnn as cudnn
import torch.distributed as dist
import torch.nn as nn
import torch.nn.parallel
import torch.optim
import torch.utils.data
import torch.utils.data.distributed
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import Subset


class Summary(Enum):
    NONE = 0
    AVERAGE = 1
    SUM = 2
    COUNT = 3


class AverageMeter(object):
    def __init__(self, name, fmt=':f', summary_type=Summary.AVERAGE):
        self.name = name
        self.fmt = fmt
        self.summary_type = summary_type
        self.reset()

    def reset(self):
        self.val = 0
        self.avg = 0
        self.sum = 0
        self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count

    def all_reduce(self):
        device = torch.device("cpu")
        total = torch.tensor([self.sum, self.count], dtype=torch.float32, device=device)
        dist.all_reduce(total, dist.ReduceOp.SUM, async_op=False)
        self.sum, self.count = total.tolist()
        self.avg = self.sum / self.count

    def __str__(self):
        fmtstr = '{name} {val' + self.fmt + '} ({avg' + self.fmt + '})'
        return fmtstr.format(**self.__dict__)

    def summary(self):
        fmtstr = '{name} {avg:.3f}'
        return fmtstr.format(**self.__dict__)


class ProgressMeter(object):
    def __init__(self, num_batches, meters, prefix=""):
        self.batch_fmtstr = self._get_batch_fmtstr(num_batches)
        self.meters = meters
        self.prefix = prefix

    def display(self, batch):
        entries = [self.prefix + self.batch_fmtstr.format(batch)]
        entries += [str(meter) for meter in self.meters]
        print('\t'.join(entries))

    def display_summary(self):
        entries = [" *"]
        entries += [meter.summary() for meter in self.meters]
        print(' '.join(entries))

    def _get_batch_fmtstr(self, num_batches):
        num_digits = len(str(num_batches // 1))
        fmt = '{:' + str(num_digits) + 'd}'
        return '[' + fmt + '/' + fmt.format(num_batches) + ']'


def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res


def save_checkpoint(state, is_best, d, filename='checkpoint.pth.tar'):
    torch.save(state, os.path.join(d, filename))
    if is_best:
        shutil.copyfile(os.path.join(d, filename), os.path.join(d, 'model_best.pth.tar'))


random.seed(0)
torch.manual_seed(0)
cudnn.deterministic = True
cudnn.benchmark = False
print(torch.cuda.is_available(), torch.cuda.device_count(), dist.is_available(), dist.is_initialized())
model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))
model = torch.nn.DataParallel(model)
print(type(model).__name__, list(model.state_dict())[:2])
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum=0.9, weight_decay=1e-4)
scheduler = StepLR(optimizer, step_size=1, gamma=0.1)
x = torch.randn(40, 3, 8, 8)
y = torch.randint(0, 10, (40,))
full = torch.utils.data.TensorDataset(x, y)
train_dataset = Subset(full, range(32))
val_dataset = Subset(full, range(32, 40))
train_sampler = None
train_loader = torch.utils.data.DataLoader(train_dataset, batch_size=8, shuffle=(train_sampler is None), num_workers=0, pin_memory=False, sampler=train_sampler)
val_loader = torch.utils.data.DataLoader(val_dataset, batch_size=4, shuffle=False)
best_acc1 = 0
with tempfile.TemporaryDirectory() as d:
    for epoch in range(2):
        batch_time = AverageMeter('Time', ':6.3f')
        losses = AverageMeter('Loss', ':.4e')
        top1 = AverageMeter('Acc@1', ':6.2f')
        top5 = AverageMeter('Acc@5', ':6.2f')
        progress = ProgressMeter(len(train_loader), [losses, top1, top5], prefix="Epoch: [{}]".format(epoch))
        model.train()
        for i, (images, target) in enumerate(train_loader):
            output = model(images)
            loss = criterion(output, target)
            acc1, acc5 = accuracy(output, target, topk=(1, 5))
            losses.update(loss.item(), images.size(0))
            top1.update(acc1[0], images.size(0))
            top5.update(acc5[0], images.size(0))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if i % 2 == 0:
                progress.display(i + 1)
        model.eval()
        vtop1 = AverageMeter('Acc@1', ':6.2f', Summary.AVERAGE)
        with torch.no_grad():
            for images, target in val_loader:
                acc1, acc5 = accuracy(model(images), target, topk=(1, 5))
                vtop1.update(acc1[0], images.size(0))
        if dist.is_initialized(): vtop1.all_reduce()
        ProgressMeter(len(val_loader), [vtop1], prefix='Test: ').display_summary()
        acc1 = vtop1.avg
        scheduler.step()
        is_best = acc1 > best_acc1
        best_acc1 = max(acc1, best_acc1)
        save_checkpoint({
            'epoch': epoch + 1,
            'arch': 'tiny',
            'state_dict': model.state_dict(),
            'best_acc1': best_acc1,
            'optimizer': optimizer.state_dict(),
            'scheduler': scheduler.state_dict()
        }, is_best, d)
    print(sorted(os.listdir(d)))
    checkpoint = torch.load(os.path.join(d, 'model_best.pth.tar'), map_location='cpu')
    print(checkpoint['epoch'], checkpoint['arch'], checkpoint['best_acc1'])
    model.load_state_dict(checkpoint['state_dict'])
    optimizer.load_state_dict(checkpoint['optimizer'])
    scheduler.load_state_dict(checkpoint['scheduler'])
    print(scheduler.get_last_lr(), optimizer.param_groups[0]['momentum'])
print(top1, '|', top5.summary())
print(torch.tensor([12.5]) * 8 / 8, acc1)
