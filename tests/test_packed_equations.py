"""``PackedEquations`` (issue 14 §3): a table system's equations in two flat arrays read as
the list of one array per equation they replace: the same equations, the same matrix."""

from __future__ import annotations

import pickle
from array import array

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.linking import TableSystem
from sdc.packed_equations import PackedEquations

EQUATIONS = st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=6), max_size=25)


@settings(max_examples=100, deadline=None)
@given(EQUATIONS)
def test_packed_equations_read_as_the_list(equations: list[list[int]]) -> None:
    plain = [array("i", e) for e in equations]
    packed = PackedEquations(plain)
    assert len(packed) == len(plain)
    assert list(packed) == plain
    assert [packed[i] for i in range(len(plain))] == plain
    assert packed == plain and packed == equations
    if plain:
        assert packed[-1] == plain[-1]
        assert packed[1:3] == plain[1:3]
    assert pickle.loads(pickle.dumps(packed)) == packed


@settings(max_examples=100, deadline=None)
@given(EQUATIONS)
def test_matrix_of_packed_equations_is_that_of_the_list(equations: list[list[int]]) -> None:
    n = 31
    systems = [TableSystem(output=None, measure=None, cells=[], lower=[0.0] * n,  # type: ignore[arg-type]
                           upper=[float("inf")] * n, equation_cells=kind([array("i", e)
                                                                          for e in equations]))
               for kind in (list, PackedEquations)]
    (a, rhs), (b, rhs_b) = (ts.matrix() for ts in systems)
    assert a.shape == b.shape and (a != b).nnz == 0
    assert np.array_equal(rhs, rhs_b)


def test_equation_out_of_range() -> None:
    packed = PackedEquations([[1, 2, 3]])
    assert packed[0] == array("i", [1, 2, 3])
    for bad in (1, -2):
        try:
            packed[bad]
        except IndexError:
            continue
        raise AssertionError(f"index {bad} read")
    assert packed != [[1, 2]] and packed != [[1, 2, 3], [4]]


def test_line_equations_packed_narrow_read_as_the_wide() -> None:
    """Round 30: a long table's line equations packed at once hold their variables in two
    bytes when each is below 65,536 (four past it) and their ends in four: the same
    equations, the same arrays, and an equation appended later widens them."""
    import numpy as np

    from sdc.line_systems import _packed

    members, sizes = np.array([0, 1, 2, 3, 4]), np.array([2, 3])
    narrow = _packed(members, sizes, np.array([65_535, 7]))
    wide = _packed(members, sizes, np.array([65_536, 7]))
    assert (narrow._vars.typecode, narrow._ends.typecode) == ("H", "i")
    assert wide._vars.typecode == "i"
    assert [list(e) for e in narrow] == [[0, 1, 65_535], [2, 3, 4, 7]]
    assert [list(e) for e in wide] == [[0, 1, 65_536], [2, 3, 4, 7]]
    assert narrow == PackedEquations([[0, 1, 65_535], [2, 3, 4, 7]])
    lengths, cols = narrow.arrays()
    assert lengths.tolist() == [3, 4] and cols.tolist() == [0, 1, 65_535, 2, 3, 4, 7]
    assert cols.dtype == np.int64
    narrow.append([70_000, 1])
    assert narrow._vars.typecode == "i" and list(narrow[2]) == [70_000, 1]
    assert narrow.arrays()[1].tolist()[-2:] == [70_000, 1]
