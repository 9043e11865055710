"""The tool version, reported with every result."""

__version__ = "0.1.0"
