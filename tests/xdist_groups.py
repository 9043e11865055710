"""Make ``--dist loadgroup`` group again (tests/conftest.py calls ``group_ids``).

xdist 3.8 groups a test by the ``@group`` it appends to the test's id, by assigning
``item._nodeid``; pytest 9.2 keeps the id in ``item._id`` and ignores that, so no test was
grouped: every ``xdist_group`` was spread over the workers (the ACRO sessions and Spark's JVM
made on each). ``group_ids`` appends it where pytest keeps it, once, as xdist would. Also a
plugin on its own (``-p tests.xdist_groups``), which tests/test_xdist_groups.py runs."""

from __future__ import annotations

import pytest


def group_ids(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Append ``@name`` to the id of every ``xdist_group`` test, in xdist's workers under
    ``--dist loadgroup`` (where xdist sets ``loadgroup``); an id that has one is left alone."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})
        node_id = getattr(item, "_id", None)
        if names and node_id is not None and "@" not in item.nodeid:
            item._id = type(node_id).parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    group_ids(config, items)
