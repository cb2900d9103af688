"""The repository documents itself: its Markdown links stay inside it and resolve, the
documentation site shows every example's figure, and every public function has a docstring and
a name the API reference can find."""
import glob
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = ["README.md", "CONTRIBUTING.md"] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(
    os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _links(page):
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        return LINK.findall(f.read())


@pytest.mark.parametrize("page", PAGES)
def test_links_stay_inside_the_repository_and_resolve(page):
    for target in _links(page):
        assert not re.match(r"[a-z]+:", target), f"{page} links outside the repository: {target}"
        path = target.split("#")[0]
        if not path:
            continue
        resolved = os.path.normpath(os.path.join(ROOT, os.path.dirname(page), path))
        assert resolved.startswith(ROOT + os.sep), f"{page} links outside the repository: {target}"
        assert os.path.exists(resolved), f"{page} links to a missing file: {target}"


@pytest.mark.parametrize("page", PAGES)
def test_pages_name_no_path_of_a_particular_machine(page):
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        text = f.read()
    assert not re.search(r"(?<![\w.])/(work|tmp|home|root)/", text), f"{page} names a machine path"
    if not page.startswith("docs"):  # the site's pages link to each other with ../
        assert "../" not in text, f"{page} refers to a path outside the repository"


def test_the_examples_page_shows_every_examples_figure():
    with open(os.path.join(ROOT, "docs", "examples.md"), encoding="utf-8") as f:
        page = f.read()
    for script in glob.glob(os.path.join(ROOT, "examples", "*.py")):
        if os.path.basename(script).startswith("_"):
            continue
        with open(script, encoding="utf-8") as f:
            figures = re.findall(r"[\"'](\w+\.png)[\"']", f.read())
        assert figures, f"{script} writes no figure"
        for png in figures:
            assert os.path.exists(os.path.join(ROOT, "docs", "figures", png)), \
                f"docs/figures/{png} is missing: run python docs/make_figures.py"
            assert f"(figures/{png})" in page, f"docs/examples.md does not show {png}"


def _public_callables():
    import inspect

    import minigrad
    for name in dir(minigrad):
        obj = getattr(minigrad, name)
        if not name.startswith("_") and inspect.isfunction(obj):
            yield f"minigrad.{name}", obj
    for name in dir(minigrad.Tensor):
        obj = inspect.getattr_static(minigrad.Tensor, name)
        if not name.startswith("_") and inspect.isfunction(obj):
            yield f"minigrad.Tensor.{name}", obj


def test_every_public_function_is_named_where_the_api_reference_finds_it():
    # mkdocstrings documents a function it can reach by its module and qualified name; a generated
    # function (a table row, an in-place twin) left with ``<locals>`` would be missing from the pages
    import importlib
    unreachable = []
    for public, fn in _public_callables():
        target = importlib.import_module(fn.__module__)
        for part in fn.__qualname__.split("."):
            target = getattr(target, part, None)
        if target is not fn:
            unreachable.append(f"{public} ({fn.__module__}.{fn.__qualname__})")
    assert not unreachable, unreachable


def test_every_public_function_has_a_docstring():
    assert not [public for public, fn in _public_callables() if not (fn.__doc__ or "").strip()]
