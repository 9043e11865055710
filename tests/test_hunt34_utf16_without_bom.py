"""Round 34 (hunt34): a table written as UTF-16 without a byte-order mark.

R's ``write.csv(fileEncoding = "UTF-16LE")`` and pandas' ``encoding="utf-16-le"`` (or
``-be``) write no BOM: every other byte is zero, so the file was "binary data, not a text
table" (SDC602 ``review``) and the table hunt32's pair links it with passed on its own. Such
a file is now decoded as the UTF-16 it is: ``a.csv`` fails at B2 (SDC501), as does the
second table; the twin hiding the same rectangle passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.readers.csv_reader import decode
from sdc.readers.sniffing import is_delimited_table, utf16_without_bom
from tests.test_hunt32_linked_only_modes import _table
from tests.test_hunt33_delimited_any_name import _outcome

SHAPES = [("b.csv", "utf-16-le"), ("b.csv", "utf-16-be"), ("b.txt", "utf-16-le"),
          ("b.dat", "utf-16-le")]


@pytest.mark.parametrize(("name", "encoding"), SHAPES)
def test_a_table_in_utf16_without_bom_is_linked(tmp_path: Path, name: str,
                                                encoding: str) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / name).write_bytes(_table([0, 2]).to_csv().encode(encoding))
    _, statuses, found = _outcome(tmp_path)
    assert statuses["a.csv"] == "fail"
    assert ("a.csv", "SDC501", "fail", "B2") in found
    assert (name, "SDC501", "fail", "B2") in found


@pytest.mark.parametrize(("name", "encoding"), SHAPES)
def test_the_safe_twin_passes(tmp_path: Path, name: str, encoding: str) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / name).write_bytes(_table([0, 1]).to_csv().encode(encoding))
    _, statuses, found = _outcome(tmp_path)
    expected = {("b.dat", "SDC601", "fail", None)} if name == "b.dat" else set()
    assert (statuses["a.csv"], found) == ("pass", expected)  # .dat: the extension's own


@pytest.mark.parametrize(("data", "encoding"), [
    ("region,n\nNorth,30\n".encode("utf-16-le"), "utf-16-le"),
    ("region,n\nNorth,30\n".encode("utf-16-be"), "utf-16-be"),
    ("région,n\nNörth,30\n".encode("utf-16-le"), "utf-16-le"),  # Latin-1 letters
    ("region,n\nNorth,30\n".encode("utf-16-le")[:-1], "utf-16-le"),  # a cut head
    (b"region,n\nNorth,30\n", None),  # UTF-8
    (b"\x00" * 16, None),  # zeros: binary
    (b"PK\x03\x04\x00\x00\x08\x00\x00\x00\x00\x00", None),  # a zip's header
])
def test_utf16_is_told_by_its_zero_bytes(data: bytes, encoding: str | None) -> None:
    assert utf16_without_bom(data) == encoding


def test_decoded_and_sniffed_as_utf16() -> None:
    data = "region,n\nNorth,30\nSouth,40\n".encode("utf-16-le")
    assert decode(data) == ("region,n\nNorth,30\nSouth,40\n", "utf-16-le")
    assert is_delimited_table(data, whole=True)
