"""The nested containers the function transforms take and return (``torch.utils._pytree``'s model):
tuples, lists and dicts are nodes; anything else, None included, is a leaf. The structure's repr
and its printout are PyTorch's, as its error messages show them."""


class TreeSpec:
    """The structure of a tree: its node type, context (a dict's keys) and children's structures."""

    __slots__ = ("type", "context", "children", "num_leaves")

    def __init__(self, type_, context, children):
        self.type, self.context, self.children = type_, context, children
        self.num_leaves = sum(c.num_leaves for c in children)

    def __eq__(self, other):
        return (isinstance(other, TreeSpec) and self.type is other.type and self.context == other.context
                and self.children == other.children)

    def __repr__(self, indent=0):
        children = ""
        if self.children:
            indent += 2
            children = self.children[0].__repr__(indent) + ("," if len(self.children) > 1 else "")
            children += ",".join("\n" + " " * indent + c.__repr__(indent) for c in self.children[1:])
        return f"TreeSpec({self.type.__name__}, {self.context}, [{children}])"


class _LeafSpec(TreeSpec):
    def __init__(self):
        super().__init__(None, None, [])
        self.num_leaves = 1

    def __eq__(self, other):
        return isinstance(other, _LeafSpec)

    def __repr__(self, indent=0):
        return "*"


LEAF = _LeafSpec()


def _children(tree):
    """(children, context) of a node; None for a leaf."""
    if isinstance(tree, dict):
        return list(tree.values()), list(tree)
    if isinstance(tree, (tuple, list)):
        return list(tree), None
    return None


def tree_flatten(tree):
    """(the leaves of ``tree`` in order, its TreeSpec)."""
    node = _children(tree)
    if node is None:
        return [tree], LEAF
    leaves, specs = [], []
    for child in node[0]:
        sub, spec = tree_flatten(child)
        leaves.extend(sub)
        specs.append(spec)
    return leaves, TreeSpec(type(tree), node[1], specs)


def tree_unflatten(leaves, spec):
    """The tree of structure ``spec`` holding ``leaves``."""
    it = iter(leaves)
    return _build(it, spec)


def _build(it, spec):
    if spec is LEAF:
        return next(it)
    children = [_build(it, c) for c in spec.children]
    if spec.type is dict or issubclass(spec.type, dict):
        return spec.type(zip(spec.context, children))
    if spec.type is tuple or spec.type is list:
        return spec.type(children)
    if hasattr(spec.type, "_fields"):  # (a namedtuple)
        return spec.type(*children)
    return spec.type(children)


def broadcast_to_and_flatten(prefix, spec):
    """The leaves of ``prefix`` (a tree whose structure is a prefix of ``spec``'s), each repeated
    over the leaves of the subtree of ``spec`` it stands for; None where it is no prefix."""
    node = _children(prefix)
    if node is None:
        return [prefix] * spec.num_leaves
    if spec is LEAF or type(prefix) is not spec.type or len(node[0]) != len(spec.children):
        return None
    if isinstance(prefix, dict):
        if set(prefix) != set(spec.context):
            return None
        node = ([prefix[k] for k in spec.context], None)
    out = []
    for child, sub in zip(node[0], spec.children):
        flat = broadcast_to_and_flatten(child, sub)
        if flat is None:
            return None
        out.extend(flat)
    return out


class _Asterisk:
    def __repr__(self):
        return "*"


def treespec_pprint(spec):
    """The structure as PyTorch prints it: the tree with ``*`` for each leaf."""
    return repr(tree_unflatten([_Asterisk()] * spec.num_leaves, spec))
