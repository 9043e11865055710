"""The command line builds only the family of the command it runs (``sdc.cli.FAMILIES``): the
map must name exactly what each family registers, and a command run that way must behave as
it does in the whole application (same help, same errors, same exit codes)."""

from __future__ import annotations

from importlib import import_module

import pytest
import typer
from typer.main import get_command

from sdc.cli import FAMILIES, app


def _names(family: str) -> set[str]:
    one = typer.Typer()
    import_module(f"sdc.cli.{family}").register(one)
    return ({c.name for c in one.registered_commands}
            | {g.name for g in one.registered_groups if g.name is not None})


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_registers_what_the_map_names(family: str) -> None:
    assert _names(family) == set(FAMILIES[family])


def test_the_whole_application_has_every_family() -> None:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert set(commands) == {name for names in FAMILIES.values() for name in names}


def _run_alone(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Through ``app(...)`` before anything built the whole (a fresh application object)."""
    from sdc.cli import _application, _Sdc

    fresh = _application(_Sdc)
    with pytest.raises(SystemExit) as stop:
        fresh(argv, prog_name="sdc")
    assert not fresh._loaded, "one family only"
    out = capsys.readouterr()
    return int(stop.value.code or 0), out.out, out.err


def _run_whole(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        get_command(app)(argv, prog_name="sdc")
    out = capsys.readouterr()
    return int(stop.value.code or 0), out.out, out.err


@pytest.mark.parametrize("argv", [
    ["check", "--help"], ["rules", "--help"], ["protect", "--help"], ["request", "--help"],
    ["request", "submit", "--help"], ["review", "--help"], ["release", "--help"],
    ["audit", "verify", "--help"], ["users", "--help"], ["serve", "--help"],
    ["rules", "SDC101"], ["rules", "--no-such-option"], ["rules", "NO-SUCH-RULE"],
    ["check"], ["request", "no-such-command"],
], ids=" ".join)
def test_one_family_behaves_as_the_whole(argv: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_alone(argv, capsys) == _run_whole(argv, capsys)


def test_options_before_a_command_build_the_whole(capsys: pytest.CaptureFixture[str]) -> None:
    from sdc.cli import _application, _Sdc

    fresh = _application(_Sdc)
    with pytest.raises(SystemExit):
        fresh(["--help"], prog_name="sdc")
    assert fresh._loaded
    assert "rules" in capsys.readouterr().out
