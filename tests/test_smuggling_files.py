"""Issue 12: an insider tries to get data out through parts of files nobody reads.

Each test builds the attack on disk, runs the CLI (``sdc check … -f json``, or the workflow
commands) and asserts the exact finding that catches it. Channel numbers are those of issue 12;
docs/threat-model.md lists them with the rule that closes each.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from sdc.cli import app
from tests.conftest import write_image
from tests.test_ledger_support import workflow_app

runner = CliRunner()
NHS = "943 476 5919"  # passes the modulus-11 check
SAFE = "grp,n\na,12\nb,25\n"
ROWS = "nhs_number,age\n" + "".join(f"{9434765919 + 0},{30 + i}\n" for i in range(3))


def run_check(folder: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["check", str(folder), "-f", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def findings(report: dict, rules: set[str] | None = None) -> set[tuple[str, str, str | None]]:
    found = set()
    for out in report["outputs"]:
        for f in out["findings"]:
            if rules is None or f["rule"] in rules:
                loc = f["location"]
                where = loc["path"] + (f"[{loc['sheet']}]" if loc["sheet"] else "")
                found.add((f["rule"], where, loc["cell"]))
    return found


def status_of(report: dict, path: str) -> str:
    statuses = [o["status"] for o in report["outputs"] if o["path"] == path]
    order = ["pass", "review", "fail"]
    return max(statuses, key=order.index)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- channel 2: ACRO's bookkeeping exempted itself ---------------------------------------------


def acro_folder(root: Path) -> Path:
    """A folder shaped as ACRO 1.0.2's finalise writes it (one crosstab, one comment)."""
    root.mkdir(parents=True)
    # a and b cross (x: a below b, y: a above): columns in one order on every line are paired
    # by their numbers (round 22), and b less a on x is 9
    (root / "output_0_0.csv").write_text(",a,b\nx,11,20\ny,40,30\n", encoding="utf-8")
    record = {
        "uid": "output_0", "status": "pass", "type": "table",
        "properties": {"method": "crosstab", "mitigation": "none"},
        "files": [{"name": "output_0_0.csv", "sdc": {
            "summary": {"MinimumThresholdCheck": 0}, "cells": {"MinimumThresholdCheck": []}}}],
        "outcome": {"a": {"x": "ok", "y": "ok"}, "b": {"x": "ok", "y": "ok"}},
        "command": "crosstab()", "summary": "FrequencyTable", "timestamp": "2024-01-01T00:00:00",
        "comments": ["by region"], "exception": "", "fair": {"statbarn": "Frequencies"}}
    results = {"version": "1.0.2", "tool": {"name": "ACRO", "version": "1.0.2"},
               "results": {"output_0": record}}
    write_results(root, results)
    return root


def write_results(root: Path, results: dict) -> None:
    (root / "results.json").write_text(json.dumps(results, indent=4), encoding="utf-8")
    (root / "checksums").mkdir(exist_ok=True)
    for name in ("output_0_0.csv", "results.json"):
        (root / "checksums" / f"{name}.txt").write_text(sha(root / name), encoding="utf-8")


def test_channel2_a_real_acro_folder_passes_and_its_bookkeeping_is_checked(tmp_path: Path
                                                                           ) -> None:
    report = run_check(acro_folder(tmp_path / "acro"))
    paths = {o["path"] for o in report["outputs"]}
    assert {"results.json", "checksums/results.json.txt",
            "checksums/output_0_0.csv.txt"} <= paths
    assert findings(report) == set()


def test_channel2_data_in_checksum_files_and_results_json_is_caught(tmp_path: Path) -> None:
    root = acro_folder(tmp_path / "acro")
    (root / "checksums" / "notes").mkdir()
    (root / "checksums" / "notes" / "patients.txt").write_text(ROWS, encoding="utf-8")
    digest = sha(root / "output_0_0.csv")
    (root / "checksums" / "output_0_0.csv.txt").write_text(
        f"{digest}\nNHS {NHS}\n", encoding="utf-8")
    results = json.loads((root / "results.json").read_text())
    results["results"]["output_0"]["comments"] = [f"patient {NHS} is the outlier"]
    results["results"]["output_0"]["smuggled"] = {"rows": [[1, 2]]}
    (root / "results.json").write_text(json.dumps(results), encoding="utf-8")
    report = run_check(root)
    got = findings(report, {"SDC602", "SDC604"})
    assert ("SDC602", "checksums/output_0_0.csv.txt", None) in got
    assert ("SDC602", "checksums/notes/patients.txt", None) in got
    assert ("SDC602", "results.json", None) in got  # the unknown field 'smuggled'
    assert ("SDC604", "results.json[text]", "C1") in got  # the NHS number in the comment
    assert ("SDC602", "checksums/results.json.txt", None) in got  # results.json was edited
    message = next(f["message"] for o in report["outputs"] for f in o["findings"]
                   if o["path"] == "results.json" and f["rule"] == "SDC602")
    assert "'smuggled'" in message


def test_channel2_results_json_naming_a_file_outside_the_folder(tmp_path: Path) -> None:
    root = acro_folder(tmp_path / "acro")
    results = json.loads((root / "results.json").read_text())
    results["results"]["output_0"]["files"].append({"name": "../../etc/passwd"})
    write_results(root, results)
    report = run_check(root)
    assert findings(report, {"SDC602"}) == {("SDC602", "results.json", None)}
    assert status_of(report, "results.json") == "review"


def test_channel2_workflow_never_releases_an_output_without_a_check_status(
        tmp_path: Path) -> None:
    from sdc.ledger.state import APPROVE, OutputState, Vote

    root = acro_folder(tmp_path / "acro")
    ledger = str(tmp_path / "ledger.sqlite")
    wf = workflow_app()
    submitted = runner.invoke(wf, ["request", "submit", str(root), "--author", "alice",
                                   "--ledger", ledger])
    assert submitted.exit_code == 0, submitted.output
    shown = json.loads(runner.invoke(wf, ["request", "show", "R-0001", "--format", "json",
                                          "--ledger", ledger]).stdout)
    checks = {o["path"]: o["check"] for o in shown["outputs"]}
    # ACRO's bookkeeping is checked but never an output to vote on or release (role "acro")
    assert "results.json" not in checks and "checksums/results.json.txt" not in checks
    assert checks and all(c is not None for c in checks.values())
    votes = [Vote("bob", APPROVE, None, [], "t", None), Vote("carol", APPROVE, None, [], "t",
                                                              None)]
    unchecked = OutputState("x.csv", "0" * 64, 1, None, 2, votes)
    assert unchecked.state == "approved" and not unchecked.releasable


# --- channel 3: images and SVGs carry text -----------------------------------------------------


def test_channel3_png_text_chunks_and_trailing_bytes_are_checked(tmp_path: Path) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (root / "fig.csv").write_text(SAFE, encoding="utf-8")  # a same-name CSV hides nothing
    write_image(root / "fig.png", {"image": "png", "text": {"Comment": f"NHS {NHS}"},
                                   "after": "study_id,age,sex\n" + "".join(
                                       f"P{i:04d},{20 + i},F\n" for i in range(40))})
    report = run_check(root)
    got = findings(report, {"SDC603", "SDC604", "SDC605"})
    assert ("SDC605", "fig.png", None) in got  # data after IEND
    assert ("SDC604", "fig.png[metadata]", "C1") in got  # the Comment chunk's 2nd word
    assert ("SDC603", "fig.png[bytes after the PNG end]", None) in got  # 40 records
    assert ("SDC604", "fig.png[bytes after the PNG end]", "A1") in got  # their study_id
    assert status_of(report, "fig.png") == "fail"


def test_channel3_jpeg_comment_exif_and_trailer(tmp_path: Path) -> None:
    from PIL import Image

    root = tmp_path / "rel"
    root.mkdir()
    image = Image.new("RGB", (8, 8))
    exif = Image.Exif()
    exif[0x010E] = "contact someone@example.org"  # ImageDescription
    image.save(root / "fig.jpg", format="JPEG", exif=exif, comment=f"{NHS}".encode())
    with (root / "fig.jpg").open("ab") as fh:
        fh.write(b"after the end")
    (root / "fig.csv").write_text(SAFE, encoding="utf-8")
    report = run_check(root)
    got = findings(report, {"SDC604", "SDC605"})
    assert ("SDC605", "fig.jpg", None) in got
    # metadata rows: 1 the bytes after EOI, 2 the JPEG comment, 3 EXIF ImageDescription
    assert {c for r, p, c in got if r == "SDC604" and p == "fig.jpg[metadata]"} == {"B2", "D3"}


def test_channel3_a_matplotlib_png_with_its_data_is_review(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure()
    fig.subplots().bar(["a", "b"], [12, 25])
    root = tmp_path / "rel"
    root.mkdir()
    fig.savefig(root / "fig.png")
    (root / "fig.csv").write_text(SAFE, encoding="utf-8")
    # its pixels cannot be compared with fig.csv: review, saying so (never a silent pass)
    report = run_check(root)
    assert findings(report) == {("SDC701", "fig.png", None)}
    (finding,) = [f for o in report["outputs"] for f in o["findings"]]
    assert "cannot compare what it draws with its data (fig.csv)" in finding["message"]
    policy = tmp_path / "rules.toml"
    policy.write_text('[rules.chart-without-data]\nraster_with_data = "pass"\n',
                      encoding="utf-8")
    assert findings(run_check(root, "--rules", str(policy))) == set()


def test_channel3_a_file_that_is_not_the_image_its_name_says(tmp_path: Path) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (root / "fig.png").write_text(ROWS, encoding="utf-8")  # a CSV renamed .png
    (root / "fig.csv").write_text(SAFE, encoding="utf-8")
    report = run_check(root)
    assert status_of(report, "fig.png") != "pass"


def test_channel3_svg_text_desc_title_metadata_and_attributes(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure()
    fig.subplots().bar(["a", "b"], [12, 25])
    root = tmp_path / "rel"
    root.mkdir()
    fig.savefig(root / "fig.svg")
    clean = run_check(root)
    assert findings(clean, {"SDC602", "SDC603", "SDC604"}) == set()
    svg = (root / "fig.svg").read_text(encoding="utf-8")
    table = "nhs_number,age\n" + "".join(f"{9434765919},{30 + i}\n" for i in range(3))
    svg = svg.replace("</svg>", f'<desc>{table}</desc><title data-x="{NHS}">t</title></svg>')
    (root / "fig.svg").write_text(svg, encoding="utf-8")
    report = run_check(root)
    got = findings(report, {"SDC604"})
    assert ("SDC604", "fig.svg[SVG <desc>]", "A1") in got  # identifier column in the table
    assert any(p == "fig.svg[text]" for _, p, _ in got)  # the attribute value


def test_channel3_an_svg_not_drawn_by_matplotlib_is_review(tmp_path: Path) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (root / "fig.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect x="1" y="1" '
                                  'width="5" height="40"/></svg>', encoding="utf-8")
    (root / "fig.csv").write_text(SAFE, encoding="utf-8")
    assert findings(run_check(root)) == {("SDC602", "fig.svg", None)}


# --- channel 4: data = "..." in request.toml ---------------------------------------------------


def test_channel4_declared_data_must_be_a_real_data_file_inside_the_folder(tmp_path: Path
                                                                           ) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (tmp_path / "outside.csv").write_text(SAFE, encoding="utf-8")
    for name in ("a", "b", "c", "d", "e"):
        write_image(root / f"{name}.png", {"image": "png"})
    (root / "notes.md").write_text("# notes\n", encoding="utf-8")
    (root / "link.csv").symlink_to(tmp_path / "outside.csv")
    (root / "request.toml").write_text(
        '[[outputs]]\npath = "a.png"\ndata = "a.png"\n'
        '[[outputs]]\npath = "b.png"\ndata = "../../../etc/passwd"\n'
        '[[outputs]]\npath = "c.png"\ndata = "notes.md"\n'
        '[[outputs]]\npath = "d.png"\ndata = "link.csv"\n'
        '[[outputs]]\npath = "e.png"\ndata = "/etc/passwd"\n', encoding="utf-8")
    report = run_check(root)
    assert findings(report, {"SDC701"}) == {("SDC701", f"{n}.png", None) for n in "abcde"}
    messages = {o["path"]: o["findings"][0]["message"] for o in report["outputs"]
                if o["path"].endswith(".png")}
    assert "names the figure itself" in messages["a.png"]
    assert "outside the request folder" in messages["b.png"]
    assert "not a data table" in messages["c.png"]
    assert "outside the request folder (a link)" in messages["d.png"]
    assert "outside the request folder" in messages["e.png"]


# --- channel 6: sidecars ----------------------------------------------------------------------

COUNTS = "grp,n\na,3\nb,25\n"


def hand_written_sidecar(aggfunc: str, stamp: dict | None = None) -> str:
    cell = {"n_records": 40, "n_units": 40, "n_values": 40, "n_missing": 0, "n_negative": 0,
            "total": 120.0, "top": [], "min": 1.0, "max": 30.0}
    document = {"schema": "sdc.evidence/1",
                "table": {"index": ["grp"], "values": "x", "aggfunc": aggfunc},
                "cells": [{"coords": {"grp": g}, **cell} for g in ("a", "b")]}
    if stamp is not None:
        document["file"] = stamp
    return json.dumps(document)


def test_channel6_a_hand_written_sidecar_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (root / "t.csv").write_text(COUNTS, encoding="utf-8")
    (root / "t.csv.sdc.json").write_text(hand_written_sidecar("median"), encoding="utf-8")
    report = run_check(root)
    assert findings(report, {"SDC101", "SDC602"}) == {("SDC101", "t.csv", "B2"),
                                                      ("SDC602", "t.csv", None)}
    message = next(f["message"] for o in report["outputs"] for f in o["findings"]
                   if f["rule"] == "SDC602")
    assert "records no SHA-256" in message


def test_channel6_a_stamped_sidecar_cannot_remove_count_checks(tmp_path: Path) -> None:
    """Even with the right file hash, a sidecar that calls the counts medians only adds
    checks: the 3 is still a small count."""
    root = tmp_path / "rel"
    root.mkdir()
    (root / "t.csv").write_text(COUNTS, encoding="utf-8")
    stamp = {"name": "t.csv", "sha256": sha(root / "t.csv")}
    (root / "t.csv.sdc.json").write_text(hand_written_sidecar("median", stamp), encoding="utf-8")
    assert findings(run_check(root), {"SDC101", "SDC602"}) == {("SDC101", "t.csv", "B2")}


def test_channel6_a_sidecar_of_another_version_of_the_file_is_review(tmp_path: Path) -> None:
    import pandas as pd

    import sdc

    df = pd.DataFrame({"g": ["a"] * 30 + ["b"] * 30, "s": ["M", "F"] * 30,
                       "x": [float(i % 7) for i in range(60)]})
    root = tmp_path / "rel"
    root.mkdir()
    sdc.crosstab(df.g, df.s, values=df.x, aggfunc="mean").to_csv(root / "t.csv")
    report = run_check(root)  # the API's own sidecar matches: it is used
    assert not any("sidecar" in f["message"] for o in report["outputs"] for f in o["findings"])
    text = (root / "t.csv").read_text(encoding="utf-8")
    (root / "t.csv").write_text(text.replace("3.0", "3.5", 1), encoding="utf-8")
    report = run_check(root)
    assert ("SDC602", "t.csv", None) in findings(report, {"SDC602"})
    assert any("has changed since the sidecar was written" in f["message"]
               for o in report["outputs"] for f in o["findings"])


def test_channel6_orphan_sidecars_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "rel"
    root.mkdir()
    (root / "t.csv").write_text(SAFE, encoding="utf-8")
    (root / "gone.csv.sdc.json").write_text(hand_written_sidecar("sum"), encoding="utf-8")
    report = run_check(root)
    assert findings(report) == {("SDC602", "gone.csv.sdc.json", None)}


def test_channel2_an_output_without_a_check_status_cannot_be_approved(tmp_path: Path) -> None:
    """Even if a file's check status is lost (here: erased in the ledger), approving it is
    refused and it is never released."""
    from sqlalchemy import update

    from sdc.ledger import schema
    from tests.test_ledger_support import VOTE_INPUT, add_checkers, opened

    root = acro_folder(tmp_path / "acro")
    ledger = str(tmp_path / "ledger.sqlite")
    wf = workflow_app()

    add_checkers(ledger)

    def run(*args: str) -> object:
        return runner.invoke(wf, [*args, "--ledger", ledger], input=VOTE_INPUT)

    assert run("request", "submit", str(root), "--author", "alice").exit_code == 0
    with opened(ledger) as led, led.write() as conn:
        conn.execute(update(schema.files).where(schema.files.c.path == "output_0_0.csv")
                     .values(status=None))
    refused = run("review", "R-0001", "--reviewer", "bob", "--output", "output_0_0.csv",
                  "--decision", "approve")
    assert refused.exit_code != 0
    assert "output_0_0.csv has no check result" in refused.stderr
