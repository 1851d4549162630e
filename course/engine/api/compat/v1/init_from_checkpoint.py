"""TF1's `tf.compat.v1.train.init_from_checkpoint`: initialize variables from a checkpoint.

Instead of their initializers, the variables take values saved in a (TF1 or
TF2) checkpoint, when `global_variables_initializer()` runs; an
`assignment_map` says which saved name goes to which variable, possibly
under another scope:

    >>> with tf.Graph().as_default():
    ...     with tf.compat.v1.variable_scope("new_scope"):
    ...         a = tf.compat.v1.get_variable("a", shape=[])
    ...     tf.compat.v1.train.init_from_checkpoint("tf1-ckpt", {"/": "new_scope/"})
    ...     with tf.compat.v1.Session() as sess:
    ...         sess.run(tf.compat.v1.global_variables_initializer())   # a = saved "a"

Map forms (TF's): `"ckpt_scope/": "scope/"` (every get_variable variable under
`scope/` from the same name under `ckpt_scope/`), `"/": "scope/"` (from the
checkpoint's root), `"ckpt_name": "scope/name"` (one variable by its
get_variable name), `"ckpt_name": variable` (a Variable object). Eagerly a
Variable object is assigned at once. The values are read now (TF reads the
file when the initializer runs). Read next: variable_scope.py (the store of
get_variable's variables), saver.py.
"""
from __future__ import annotations

from ....graph.scopes import init_scope
from ....saving.reader import load_checkpoint
from .variable_scope import stored_variables

__all__ = ["init_from_checkpoint"]


def init_from_checkpoint(ckpt_dir_or_file, assignment_map) -> None:
    """Replaces the initializers of the mapped variables with checkpoint values.
    Mirrors `tf.compat.v1.train.init_from_checkpoint`."""
    reader = load_checkpoint(ckpt_dir_or_file)
    shapes = reader.get_variable_to_shape_map()
    pairs = assignment_map.items() if hasattr(assignment_map, "items") else assignment_map
    store = stored_variables()
    where = f"{ckpt_dir_or_file} checkpoint"
    for saved_name, target in sorted(pairs, key=lambda pair: pair[0]):  # (TF: by saved name)
        if isinstance(target, list):
            raise NotImplementedError("init_from_checkpoint of partitioned variables (a list) "
                                      "is not supported here.")
        var = target if getattr(target, "_is_variable", False) else store.get(target)
        if var is not None:
            if saved_name not in shapes:
                raise ValueError(f"Tensor {saved_name} is not found in {where} {shapes}")
            if not var.shape.is_compatible_with(shapes[saved_name]):
                raise ValueError(f"Shape of variable {var.name} ({tuple(var.shape)}) doesn't "
                                 f"match with shape of tensor {saved_name} "
                                 f"({shapes[saved_name]}) from checkpoint reader.")
            _initialize(var, reader.get_tensor(saved_name))
            continue
        _map_scope(saved_name, target, store, shapes, reader, where)


def _map_scope(saved_name: str, target: str, store: dict, shapes: dict, reader, where) -> None:
    """"ckpt_scope/": "scope/": every stored variable under `scope` from `ckpt_scope`."""
    scope = target[:target.rindex("/")] if "/" in target else ""
    if not saved_name.endswith("/"):
        raise ValueError(f"Assignment map with scope only name {scope} should map to scope "
                         f"only {saved_name}. Should be 'scope/': 'other_scope/'.")
    for name in sorted(n for n in store if not scope or n.startswith(scope + "/")):
        tail = name[len(scope):] if target == "/" else name[len(scope) + 1:]
        full = tail if saved_name == "/" else saved_name + tail
        full = full[:-1] if full.endswith("/") else full
        if full not in shapes:
            raise ValueError(f"Tensor {full} ({name[len(scope) + 1:]} in {saved_name}) is not "
                             f"found in {where}")
        _initialize(store[name], reader.get_tensor(full))


def _initialize(var, value) -> None:
    graph = getattr(var, "_graph", None)
    if graph is None:
        with init_scope():  # (an eager variable takes the value now, as in TF)
            var.assign(value)
    else:
        graph.replace_initializer(var, value)
