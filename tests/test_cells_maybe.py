"""``cell_roles.cells_maybe``: the rules of extremes and statistics (SDC302, SDC303) ask one
by one only the cells whose role may be theirs; every cell whose ``effective_role`` is one of
the roles is among them, in order (issue 14 §3: a long table's count cells are not asked)."""

from __future__ import annotations

import pytest

from sdc.cell_roles import cells_maybe, effective_role, statistic_dimensions
from sdc.table import Role
from tests.test_coverage_codes import _table

TABLES = {
    # a long count table: no label names a statistic, the counts are no candidates
    "counts": "region,sex,n\nNorth,F,12\nNorth,M,30\nSouth,F,[c]\nSouth,M,44\n",
    # a tidy statistic column: a label names each row's role, so every cell is asked
    "tidy": "region,statistic,value\nNorth,mean,12.5\nNorth,max,30\nSouth,median,4\n"
            "South,n,44\n",
    # measures of several roles side by side
    "mixed": "region,n,mean,max\nNorth,12,4.5,9\nSouth,30,5.5,11\nEast,40,2.5,7\n",
}


@pytest.mark.parametrize("name", list(TABLES))
@pytest.mark.parametrize("roles", [(Role.EXTREME,), (Role.STATISTIC, Role.PERCENT),
                                   (Role.COUNT,)])
def test_every_cell_of_the_roles_is_a_candidate_in_order(name: str, roles: tuple) -> None:
    table = _table(TABLES[name])
    got = cells_maybe(table, roles)
    wanted = [c for c in table.cells if effective_role(table, c) in roles]
    ids = [id(c) for c in got]
    assert [id(c) for c in wanted] == [i for i in ids if i in {id(c) for c in wanted}]
    assert ids == [id(c) for c in table.cells if id(c) in set(ids)]  # the cells' order
    if statistic_dimensions(table):
        assert got == table.cells
    else:
        assert [id(c) for c in got] == [id(c) for c in wanted]  # no other cell asked


def test_a_long_count_tables_cells_are_no_candidates_of_extremes() -> None:
    table = _table(TABLES["counts"])
    assert not statistic_dimensions(table) and len(table.cells) == 4
    assert cells_maybe(table, (Role.EXTREME,)) == []
    assert cells_maybe(table, (Role.COUNT,)) == table.cells
    tidy = _table(TABLES["tidy"])
    assert statistic_dimensions(tidy)
    assert cells_maybe(tidy, (Role.EXTREME,)) is tidy.cells
