"""``python -m sdc``."""

from sdc.cli import app

app(prog_name="sdc")
