"""The benchmark recipes' ``Measurement`` and ``Compare`` on fixed times (so that the output is
deterministic): a measurement's summary and fields (``env`` None without a tag), ``Compare`` tables grouped
by thread count, ``trim_significant_figures``, ``colorize(rowwise=True)``, environments as row tags, and
``Measurement.merge``."""
import torch
import torch.utils.benchmark as benchmark
from torch.utils.benchmark import TaskSpec, Measurement
ms = []
times = {('mul/sum', '[1, 4]', 1): 3.1e-6, ('bmm', '[1, 4]', 1): 5.25e-6, ('mul/sum', '[8, 16]', 1): 4.5e-6, ('bmm', '[8, 16]', 1): 12.75e-6,
         ('mul/sum', '[1, 4]', 2): 3.3e-6, ('bmm', '[1, 4]', 2): 5.0e-6, ('mul/sum', '[8, 16]', 2): 4.0e-6, ('bmm', '[8, 16]', 2): 1.1e-5}
for (desc, sub, nt), t in times.items():
    spec = TaskSpec(stmt='f(x)', setup='pass', global_setup='', label='Batched dot', sub_label=sub, description=desc, env=None, num_threads=nt)
    ms.append(Measurement(number_per_run=100, raw_times=[t * 100, t * 101, t * 99], task_spec=spec))
print(ms[0].env, ms[0].mean, ms[0].median, ms[0].iqr, ms[0].title)
c = benchmark.Compare(ms)
print(c)
c.trim_significant_figures()
print(c)
c.colorize(rowwise=True)
print(c)
spec = TaskSpec(stmt='f(x)', setup='pass', env='myenv', label='L', sub_label='S', description='D')
m = Measurement(number_per_run=10, raw_times=[1e-3, 2e-3, 1.5e-3, 1.2e-3], task_spec=spec)
print(m.env, m.title, m.as_row_name)
m2 = Measurement(number_per_run=10, raw_times=[1e-3, 2e-3, 1.5e-3, 1.2e-3], task_spec=TaskSpec(stmt='f(x)', setup='pass', env='other', label='L', sub_label='S', description='D'))
print(benchmark.Compare([m, m2]))
merged = Measurement.merge([m, m])
print(len(merged), merged[0].number_per_run, len(merged[0].raw_times), merged[0].median)
print(repr(m).split("\n", 1)[1])
