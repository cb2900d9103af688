"""Write the course examples as Jupyter notebooks: ``notebooks/<name>.ipynb`` from ``examples/<name>.py``.

    python notebooks/generate.py            # (re)write every notebook
    python notebooks/generate.py --check    # exit 1 if a notebook differs from its script

A script's module docstring becomes the title cell; its imports, constants,
functions and classes become one code cell each (the comment lines above a
definition stay with it); the helpers it imports from ``examples/_common.py``
are copied into a cell of their own, so a notebook runs on its own. A
parameters cell (``FAST``, ``OUT_DIR``) and a cell calling ``main`` follow, then
one showing the figure. The script stays the source: edit it and regenerate
(``tests/notebooks`` fails while a notebook is out of step).
"""
import ast
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
NOTEBOOKS = os.path.join(ROOT, "notebooks")
COMMON = "_common"


def example_names():
    """The example scripts, without ``.py`` (``_common`` and other private modules left out)."""
    return sorted(f[:-3] for f in os.listdir(EXAMPLES) if f.endswith(".py") and not f.startswith("_"))


def _segments(source, tree):
    """(node, source text) per top-level statement; comment lines above a statement belong to it."""
    lines = source.splitlines(keepends=True)
    out, start = [], 0
    for node in tree.body:
        out.append((node, "".join(lines[start:node.end_lineno])))
        start = node.end_lineno
    return out


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_main_guard(node):
    return isinstance(node, ast.If) and "__name__" in ast.unparse(node.test)


def _common_helpers(names):
    """Source of the ``_common`` functions ``names``, with the imports they use."""
    with open(os.path.join(EXAMPLES, f"{COMMON}.py")) as f:
        source = f.read()
    segments = _segments(source, ast.parse(source))
    functions = [(n, t) for n, t in segments if isinstance(n, ast.FunctionDef) and n.name in names]
    used = {x.id for n, _ in functions for x in ast.walk(n) if isinstance(x, ast.Name)}
    imports = [t for n, t in segments if isinstance(n, (ast.Import, ast.ImportFrom))
               and any((a.asname or a.name).split(".")[0] in used for a in n.names)]
    return "".join(imports).strip("\n") + "\n\n\n" + "\n\n\n".join(t.strip("\n") for _, t in functions)


def _markdown(text, index, stem):
    return {"cell_type": "markdown", "id": f"{stem}-{index}", "metadata": {},
            "source": text.splitlines(keepends=True)}


def _code(text, index, stem, tags=None):
    return {"cell_type": "code", "execution_count": None, "id": f"{stem}-{index}",
            "metadata": {"tags": tags} if tags else {}, "outputs": [], "source": text.splitlines(keepends=True)}


def notebook(name):
    """The notebook for ``examples/<name>.py``, as a JSON-ready dict (nbformat 4.5)."""
    with open(os.path.join(EXAMPLES, f"{name}.py")) as f:
        source = f.read()
    tree = ast.parse(source)
    doc = ast.get_docstring(tree) or name
    title, _, rest = doc.partition("\n")
    # the docstring's usage line ("python examples/...") is for the command line
    rest = "\n".join(line for line in rest.splitlines() if not line.strip().startswith("python "))
    # a docstring's first sentence may run on to the next lines: join it up to the blank line
    head, _, body = (title + "\n" + rest).partition("\n\n")
    texts = [("md", f"# {' '.join(head.split())}\n\n" + (body.strip() + "\n\n" if body.strip() else "")
              + f"Generated from [`examples/{name}.py`](../examples/{name}.py) by `notebooks/generate.py`: "
              "edit the script, then regenerate.")]
    imports = []
    segments = _segments(source, tree)
    # names the notebook's code uses: an import only the command line needed (argparse) is left out
    used = {x.id for node, _ in segments if not isinstance(node, (ast.Import, ast.ImportFrom))
            and not _is_main_guard(node) for x in ast.walk(node) if isinstance(x, ast.Name)}
    for node, text in segments:
        if _is_docstring(node) or _is_main_guard(node):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == COMMON:
            helpers = [a.name for a in node.names if a.name != "run"]
            if helpers:
                texts.append(("code", "# helpers shared by the examples (examples/_common.py)\n"
                              + _common_helpers(helpers)))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if not any((a.asname or a.name).split(".")[0] in used for a in node.names):
                continue
            imports.append(text)
            if len(texts) == 1 or texts[-1][0] != "imports":
                texts.append(("imports", None))
            continue
        texts.append(("code", text.strip("\n")))
    texts = [("code", "".join(imports).strip("\n")) if kind == "imports" else (kind, text) for kind, text in texts]
    texts += [("md", "## Run it\n\n`FAST = True` runs the quick version that the tests run; "
                     "the figure is written under `OUT_DIR` and shown below."),
              ("parameters", 'FAST = False\nOUT_DIR = "out"'),
              ("code", "result = main(fast=FAST, out_dir=OUT_DIR)"),
              ("code", 'from IPython.display import Image\n\nImage(filename=result["figure"])')]
    cells = []
    for i, (kind, text) in enumerate(texts):
        if kind == "md":
            cells.append(_markdown(text, i, name))
        else:
            cells.append(_code(text, i, name, tags=["parameters"] if kind == "parameters" else None))
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def render(nb):
    """The notebook as the text written to disk."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def path_of(name):
    """Where the notebook for ``name`` lives."""
    return os.path.join(NOTEBOOKS, f"{name}.ipynb")


def stale():
    """Names whose notebook is missing or differs from what the script generates."""
    out = []
    for name in example_names():
        try:
            with open(path_of(name), encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != render(notebook(name)):
            out.append(name)
    return out


def main(argv):
    """Write the notebooks, or with ``--check`` report the stale ones (exit status 1)."""
    if "--check" in argv:
        names = stale()
        for name in names:
            print(f"notebooks/{name}.ipynb is out of step with examples/{name}.py: run python notebooks/generate.py")
        return 1 if names else 0
    for name in example_names():
        with open(path_of(name), "w", encoding="utf-8") as f:
            f.write(render(notebook(name)))
        print(f"wrote {os.path.relpath(path_of(name), ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
