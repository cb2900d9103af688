"""Deep Learning with PyTorch, chapter 4 (Real-world data representation using tensors), on
synthetic NumPy data: an image batch from uint8 HWC arrays (``permute``, ``float()``, ``/= 255``,
per-channel normalisation), a CT-like volume ``unsqueeze``-d to a channel, the wine-quality table
(``target.long()``, one-hot with ``scatter_(1, target.unsqueeze(1), 1.0)``, ``mean`` / ``var`` over
rows, ``le`` / ``gt`` / ``lt`` masks, bad/mid/good means in a formatted table, the sulfur-threshold
predictor's counts), the hourly bike-sharing series (``view(-1, 24, n)``, ``transpose(1, 2)``,
the weather one-hot concatenated, min-max and z-score rescaling), text one-hot per letter and per
word from index lookups, and binning with masks, ``bucketize``, ``bincount`` and ``histc``."""
import numpy as np
import torch
torch.set_printoptions(edgeitems=2, precision=4)
rng = np.random.default_rng(0)
# images
batch_size = 3
batch = torch.zeros(batch_size, 3, 16, 16, dtype=torch.uint8)
for i in range(batch_size):
    img_arr = rng.integers(0, 256, size=(16, 16, 3), dtype=np.uint8)
    img_t = torch.from_numpy(img_arr)
    img_t = img_t.permute(2, 0, 1)
    img_t = img_t[:3]
    batch[i] = img_t
print(batch.dtype, batch.shape, batch[0, :, 0, 0], batch.is_contiguous())
batch = batch.float()
batch /= 255.0
print(batch[1, 2, :2, :2])
n_channels = batch.shape[1]
for c in range(n_channels):
    mean = torch.mean(batch[:, c])
    std = torch.std(batch[:, c])
    batch[:, c] = (batch[:, c] - mean) / std
print(batch.mean(dim=(0, 2, 3)).abs().lt(1e-6), batch.std(dim=(0, 2, 3)))
m = batch.mean(dim=[0, 2, 3], keepdim=True); print(m.shape)
# volume
vol_arr = rng.normal(size=(5, 8, 8)).astype(np.float32) * 100
vol = torch.from_numpy(vol_arr).float()
vol = torch.unsqueeze(vol, 0)
print(vol.shape, vol.dtype, vol.stride())
# tabular
data = np.round(rng.uniform(0, 10, size=(30, 12)), 2)
data[:, -1] = rng.integers(3, 9, size=30)
wineq_numpy = data.astype(np.float32)
col_list = [f"c{i}" for i in range(12)]
wineq = torch.from_numpy(wineq_numpy)
print(wineq.shape, wineq.dtype)
data = wineq[:, :-1]
target = wineq[:, -1]
print(data, data.shape)
print(target, target.shape)
target = wineq[:, -1].long()
print(target)
target_onehot = torch.zeros(target.shape[0], 10)
r = target_onehot.scatter_(1, target.unsqueeze(1), 1.0)
print(r[:3], r is target_onehot)
target_unsqueezed = target.unsqueeze(1)
print(target_unsqueezed[:3])
data_mean = torch.mean(data, dim=0)
data_var = torch.var(data, dim=0)
print(data_mean, data_var)
data_normalized = (data - data_mean) / torch.sqrt(data_var)
print(data_normalized[:2])
bad_indexes = target <= 3
print(bad_indexes.shape, bad_indexes.dtype, bad_indexes.sum())
bad_data = data[bad_indexes]
print(bad_data.shape)
bad_data = data[target <= 3]
mid_data = data[(target > 3) & (target < 7)]
good_data = data[target >= 7]
bad_mean = torch.mean(bad_data, dim=0)
mid_mean = torch.mean(mid_data, dim=0)
good_mean = torch.mean(good_data, dim=0)
for i, args in enumerate(zip(col_list, bad_mean, mid_mean, good_mean)):
    print('{:2} {:20} {:6.2f} {:6.2f} {:6.2f}'.format(i, *args))
total_sulfur_threshold = 5.2
total_sulfur_data = data[:, 6]
predicted_indexes = torch.lt(total_sulfur_data, total_sulfur_threshold)
print(predicted_indexes.shape, predicted_indexes.dtype, predicted_indexes.sum())
actual_indexes = target > 5
print(actual_indexes.sum())
n_matches = torch.sum(actual_indexes & predicted_indexes).item()
n_predicted = torch.sum(predicted_indexes).item()
n_actual = torch.sum(actual_indexes).item()
print(n_matches, n_matches / n_predicted, n_matches / n_actual, type(n_matches))
print(torch.le(target, 5).sum(), target.gt(5).float().mean(), target.ge(5).any(), target.ne(5).all())
# time series
bikes_numpy = np.column_stack([np.arange(48), rng.integers(1, 4, size=48), rng.integers(1, 5, size=48), rng.uniform(0, 1, 48).round(3), rng.integers(0, 200, 48)]).astype(np.float32)
bikes = torch.from_numpy(bikes_numpy)
print(bikes.shape, bikes.stride())
daily_bikes = bikes.view(-1, 24, bikes.shape[1])
print(daily_bikes.shape, daily_bikes.stride())
daily_bikes = daily_bikes.transpose(1, 2)
print(daily_bikes.shape, daily_bikes.stride())
first_day = bikes[:24].long()
weather_onehot = torch.zeros(first_day.shape[0], 4)
print(first_day[:, 2])
weather_onehot.scatter_(dim=1, index=first_day[:, 2].unsqueeze(1).long() - 1, value=1.0)
print(weather_onehot[:4])
print(torch.cat((bikes[:24], weather_onehot), 1)[:1])
daily_weather_onehot = torch.zeros(daily_bikes.shape[0], 4, daily_bikes.shape[2])
print(daily_weather_onehot.shape)
daily_weather_onehot.scatter_(1, daily_bikes[:, 2, :].long().unsqueeze(1) - 1, 1.0)
print(daily_weather_onehot.shape, daily_weather_onehot.sum(1).unique())
daily_bikes = torch.cat((daily_bikes, daily_weather_onehot), dim=1)
print(daily_bikes.shape)
daily_bikes[:, 2, :] = (daily_bikes[:, 2, :] - 1.0) / 3.0
temp = daily_bikes[:, 3, :]
temp_min = torch.min(temp); temp_max = torch.max(temp)
daily_bikes[:, 3, :] = ((daily_bikes[:, 3, :] - temp_min) / (temp_max - temp_min))
print(daily_bikes[0, :4, :3])
daily_bikes[:, 3, :] = ((daily_bikes[:, 3, :] - torch.mean(temp)) / torch.std(temp))
print(daily_bikes[1, 3, :5])
# text
text = "Impossible, Mr. Bennet, impossible, when I am not acquainted with him myself"
lines = text.split('\n')
line = lines[0]
letter_t = torch.zeros(len(line), 128)
print(letter_t.shape)
for i, letter in enumerate(line.lower().strip()):
    letter_index = ord(letter) if ord(letter) < 128 else 0
    letter_t[i][letter_index] = 1
print(letter_t.sum(), letter_t.argmax(1)[:10])
def clean_words(input_str):
    punctuation = '.,;:"!?”“_-'
    word_list = input_str.lower().replace('\n', ' ').split()
    word_list = [word.strip(punctuation) for word in word_list]
    return word_list
words_in_line = clean_words(line)
word_list = sorted(set(clean_words(text)))
word2index_dict = {word: i for (i, word) in enumerate(word_list)}
print(len(word2index_dict), word2index_dict['impossible'])
word_t = torch.zeros(len(words_in_line), len(word2index_dict))
for i, word in enumerate(words_in_line):
    word_index = word2index_dict[word]
    word_t[i][word_index] = 1
    print('{:2} {:4} {}'.format(i, word_index, word))
print(word_t.shape, word_t)
idx = torch.tensor([word2index_dict[w] for w in words_in_line])
print(torch.nn.functional.one_hot(idx, len(word_list)).shape, torch.eye(len(word_list))[idx].equal(word_t))
# binning
x = torch.from_numpy(rng.uniform(0, 1, 10).astype(np.float32))
bins = torch.zeros_like(x, dtype=torch.long)
bins[x.gt(0.33)] = 1
bins[x.gt(0.66)] = 2
print(x, bins, torch.bucketize(x, torch.tensor([0.33, 0.66])))
print(torch.bincount(bins), torch.histc(x, bins=3, min=0, max=1))
print(x[x.le(0.5)], torch.where(x.le(0.5), x, torch.zeros(1)))
