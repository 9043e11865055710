"""A chart is shown on its output page as the report shows it: the image itself (a data: URI,
allowed by the CSP) beside its findings."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import ready_request


def test_chart_output_page_shows_the_image(as_user, workspaces: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = workspaces / "charts"
    folder.mkdir()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [4, 30])
    fig.savefig(folder / "bars.png")
    plt.close(fig)
    (folder / "all.csv").write_text("grp,n\na,12\nb,30\n", encoding="utf-8")
    alice, bob = as_user("alice"), as_user("bob")
    rid = ready_request(alice, "charts")
    page = bob.get(f"/requests/{rid}/output?path=bars.png")
    assert page.status_code == 200
    assert '<img src="data:image/png;base64,' in page.text
    assert "The image as released." in page.text
