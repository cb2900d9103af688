"""(+) ``minigrad.viz``: the graph behind a tensor as Graphviz DOT text.

    print(minigrad.viz.to_dot(loss))      # paste into any Graphviz viewer
    minigrad.viz.render(loss, "graph")    # graph.png, when the `dot` program is installed
"""
import shutil
import subprocess

from .autograd.node import AccumulateGrad


def _leaf_label(t):
    grad = ", requires_grad" if t.requires_grad else ""
    return f"leaf {tuple(t.shape)} {t.dtype.name}{grad}"


def to_dot(tensor, name="minigrad"):
    """DOT text: one box per op node (PyTorch's grad_fn names), one ellipse per leaf that requires grad."""
    lines = [f"digraph {name} {{", '  rankdir="BT";', '  node [fontname="Helvetica", fontsize=10];']
    out_id = "output"
    grad = ", requires_grad" if tensor.requires_grad else ""
    lines.append(f'  {out_id} [label="output {tuple(tensor.shape)} {tensor.dtype.name}{grad}", shape=note];')
    root = tensor.grad_fn
    if root is None:
        lines.append("}")
        return "\n".join(lines)
    ids = {}

    def node_id(obj):
        key = id(obj.variable) if isinstance(obj, AccumulateGrad) else id(obj)
        if key not in ids:
            ids[key] = f"n{len(ids)}"
            if isinstance(obj, AccumulateGrad):
                lines.append(f'  {ids[key]} [label="{_leaf_label(obj.variable)}", shape=ellipse, '
                             'style=filled, fillcolor=lightblue];')
            else:
                lines.append(f'  {ids[key]} [label="{obj.name()}", shape=box];')
        return ids[key]

    lines.append(f"  {node_id(root)} -> {out_id};")
    stack, seen = [root], {id(root)}
    while stack:  # iterative: graphs can be 100,000 nodes deep
        node = stack.pop()
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            lines.append(f"  {node_id(nxt)} -> {node_id(node)};")
            key = id(nxt.variable) if isinstance(nxt, AccumulateGrad) else id(nxt)
            if key not in seen and not isinstance(nxt, AccumulateGrad):
                seen.add(key)
                stack.append(nxt)
    lines.append("}")
    return "\n".join(dict.fromkeys(lines))  # each edge once


def render(tensor, path, fmt="png"):
    """Write ``path.<fmt>`` with Graphviz's ``dot``; raises RuntimeError when dot is not installed."""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("the Graphviz 'dot' program is not installed (apt-get install graphviz); "
                           "minigrad.viz.to_dot(tensor) gives the DOT text without it")
    target = f"{path}.{fmt}"
    subprocess.run([dot, f"-T{fmt}", "-o", target], input=to_dot(tensor).encode(), check=True)
    return target
