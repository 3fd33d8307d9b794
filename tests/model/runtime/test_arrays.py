"""The array form's codec: parts are written as arrays and a JSON tree and read back equal; reading builds only
registered parts, imports only this package's modules and refuses object arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from model.runtime import arrays


@arrays.part("test_leaf")
@dataclass(frozen=True, eq=False)
class Leaf:
    weights: np.ndarray
    name: str
    scale: float | None


@arrays.part("test_tree")
@dataclass(frozen=True, eq=False)
class Tree:
    leaves: tuple
    by_name: dict
    sizes: list


def _tree() -> Tree:
    a, b = Leaf(np.arange(3.0), "a", 0.5), Leaf(np.array(["x", "y"]), "b", None)
    return Tree((a, b), {"a": a, "pair": (1, 2)}, [np.int64(4), True])


def test_round_trip_keeps_every_value_and_type(tmp_path):
    arrays.write(_tree(), tmp_path)
    back = arrays.read(tmp_path)
    assert isinstance(back, Tree) and isinstance(back.leaves, tuple) and isinstance(back.sizes, list)
    assert np.array_equal(back.leaves[0].weights, np.arange(3.0)) and back.leaves[0].scale == 0.5
    assert back.leaves[1].weights.tolist() == ["x", "y"] and back.leaves[1].scale is None
    assert back.by_name["pair"] == (1, 2) and back.sizes == [4, True]


def test_unknown_parts_and_foreign_modules_are_refused():
    node = {"part": "no_such_kind", "module": "os", "fields": {}}
    with pytest.raises(arrays.ArrayFormError, match="unknown part kind"):
        arrays.decode(node, {})
    with pytest.raises(arrays.ArrayFormError, match="names array"):
        arrays.decode({"array": "missing"}, {})
    with pytest.raises(arrays.ArrayFormError, match="unknown spec node"):
        arrays.decode({"pickle": "x"}, {})


def test_what_has_no_array_form_is_refused_when_written():
    with pytest.raises(arrays.ArrayFormError, match="object array"):
        arrays.encode(np.array([object()]), "k", {})
    with pytest.raises(arrays.ArrayFormError, match="set has no array form"):
        arrays.encode({1, 2}, "k", {})
    with pytest.raises(arrays.ArrayFormError, match="dictionary keys"):
        arrays.encode({1: "a"}, "k", {})


def test_a_part_kind_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        arrays.part("test_leaf")(type("Other", (), {}))


def test_reading_imports_the_module_of_a_part_of_this_package():
    """In a fresh process only the codec is imported; the part's module is imported because the spec names it."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys; from model.runtime import arrays\n"
            "assert 'model.features.columns' not in sys.modules\n"
            "node = {'part': 'log1p', 'module': 'model.features.columns', 'fields': {}}\n"
            "print(type(arrays.decode(node, {})).__name__)\n"
            "try:\n"
            "    arrays.decode({'part': 'no_kind', 'module': 'colorsys', 'fields': {}}, {})\n"
            "except arrays.ArrayFormError:\n"
            "    print('colorsys' in sys.modules and 'imported' or 'refused')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.split() == ["Log1p", "refused"], result.stderr
