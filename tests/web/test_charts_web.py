"""A chart is shown on its output page as the report shows it: the image itself (a data: URI,
allowed by the CSP) beside its findings."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import ready_request


def _bar_chart(workspaces: Path) -> Path:
    """A request folder ``charts`` holding a matplotlib bar chart of 4 and 30 (bars.png)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = workspaces / "charts"
    folder.mkdir()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [4, 30])
    fig.savefig(folder / "bars.png")
    plt.close(fig)
    return folder


def test_chart_output_page_shows_the_image(as_user, workspaces: Path) -> None:
    folder = _bar_chart(workspaces)
    (folder / "all.csv").write_text("grp,n\na,12\nb,30\n", encoding="utf-8")
    alice, bob = as_user("alice"), as_user("bob")
    rid = ready_request(alice, "charts")
    page = bob.get(f"/requests/{rid}/output?path=bars.png")
    assert page.status_code == 200
    assert '<img src="data:image/png;base64,' in page.text
    assert "The image as released." in page.text


def test_chart_output_page_shows_the_data_it_plots(as_user, workspaces: Path) -> None:
    """A PNG cannot be read back: its page shows the data file beside it (bars.csv), with that
    table's grid, flagged cell and findings, under the image."""
    import re

    folder = _bar_chart(workspaces)
    (folder / "bars.csv").write_text("grp,n\na,4\nb,30\n", encoding="utf-8")
    alice, bob = as_user("alice"), as_user("bob")
    rid = ready_request(alice, "charts")
    page = bob.get(f"/requests/{rid}/output?path=bars.png").text
    image, data = page.index('<img src="data:image/png;base64,'), page.index(
        "The data it plots")
    assert image < data
    plotted = page[data:]
    assert '<span class="mono">bars.csv</span>' in plotted
    cell = re.search(r'<td id="o1-B2" class="[^"]*f-fail[^"]*"[^>]*>4<sup>', plotted)
    assert cell is not None  # the 4 below the threshold, flagged in the data's grid
    assert '<a href="#o1-B2">' in plotted  # its finding links to that cell, not the chart's
    assert "SDC101" in plotted
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # the data file's own page shows its table, and no "data it plots" (it is not a chart)
    own = bob.get(f"/requests/{rid}/output?path=bars.csv").text
    assert "The data it plots" not in own and "SDC101" in own


def test_rendered_pages_are_kept_and_bounded(as_user, ledger, workspaces: Path,
                                             monkeypatch) -> None:
    """An output page drawn once is looked up afterwards (not read again), and the ledger keeps
    at most KEEP_RENDERED of them."""
    from sqlalchemy import func, select

    from sdc.ledger import drawing as outputs
    from sdc.ledger import schema
    from tests.web.conftest import ready_request, write_workspace

    write_workspace(workspaces, "third", {"n.csv": "grp,n\na,15\nb,25\n"})
    alice, bob = as_user("alice"), as_user("bob")
    rid = ready_request(alice)  # submitting draws both outputs (a background task)
    with ledger.read() as conn:
        assert conn.execute(select(func.count()).select_from(
            schema.rendered_outputs)).scalar() == 2

    def unread(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("drawn again")

    monkeypatch.setattr(outputs, "_views", unread)
    page = bob.get(f"/requests/{rid}/output?path=small.csv")
    assert page.status_code == 200 and "SDC101" in page.text
    monkeypatch.undo()
    monkeypatch.setattr(outputs, "KEEP_RENDERED", 1)
    second = ready_request(alice, "third")  # one more page drawn: only the newest is kept
    with ledger.read() as conn:
        assert conn.execute(select(func.count()).select_from(
            schema.rendered_outputs)).scalar() == 1
    assert "SDC101" in bob.get(f"/requests/{rid}/output?path=small.csv").text  # drawn again
    assert bob.get(f"/requests/{second}/output?path=n.csv").status_code == 200
