"""Issue 12, channel 3 again: an image's colour profile (PNG ``iCCP``, JPEG ``APP2``) and the
other blocks Pillow keeps were never read.

An insider saves the chart with ``icc_profile=`` set to a patient list, or hides the list
inside a profile whose header is made consistent. Both are found (SDC604 on the image's
metadata); a profile that is not an ICC profile is SDC605 too. A real sRGB profile (Pillow's
ImageCms) raises nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms

from tests.test_smuggle_insider import PATIENTS, _release
from tests.test_smuggling_files import findings, run_check


def _srgb() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _consistent(payload: bytes) -> bytes:
    """A real sRGB profile with ``payload`` appended and its header's size made to match."""
    data = _srgb() + payload
    return len(data).to_bytes(4, "big") + data[4:]


def _check(tmp_path: Path, profile: bytes, fmt: str) -> dict:
    def write(path: Path) -> None:
        Image.new("RGB", (20, 20), "white").save(path, format=fmt, icc_profile=profile)

    name = f"fig.{'jpg' if fmt == 'JPEG' else 'png'}"
    return run_check(_release(tmp_path, {name: write, "fig.csv": "grp,n\na,12\nb,25\n"}))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_patient_list_as_the_colour_profile_is_found(tmp_path: Path, fmt: str) -> None:
    report = _check(tmp_path, b"\0" * 128 + PATIENTS.encode(), fmt)
    hidden = [m for o in report["outputs"] for f in o["findings"] if f["rule"] == "SDC605"
              for m in [f["message"]]]
    assert any("is not an ICC profile" in m for m in hidden), hidden
    assert any(r == "SDC604" and w.endswith("[metadata]") for r, w, _ in findings(report))
    assert report["status"] == "fail"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_patient_list_inside_a_consistent_profile_is_found(tmp_path: Path, fmt: str) -> None:
    report = _check(tmp_path, _consistent(PATIENTS.encode()), fmt)
    assert any(r == "SDC604" and w.endswith("[metadata]") for r, w, _ in findings(report))
    assert report["status"] == "fail"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_real_srgb_profile_raises_nothing_new(tmp_path: Path, fmt: str) -> None:
    report = _check(tmp_path, _srgb(), fmt)
    assert {r for r, _, _ in findings(report)} == {"SDC701"}  # a raster chart: review
