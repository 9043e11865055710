"""Charts: read what a figure discloses, and draw figures that are safe to release.

- ``sdc.charts.svg`` / ``sdc.charts.pdf``: the geometry of matplotlib SVG and PDF files.
- ``sdc.charts.interpret``: geometry -> plotted values (bars, bins, lines, points, survival
  steps) through the axes' tick labels.
- ``sdc.charts.chart_table``: the counts among them as a ``Table`` for the ordinary rules.
- ``sdc.charts.reader``: ``read_chart(output, policy)``, called by the readers for images.
- ``sdc.charts.plotting``: ``hist``, ``bar``, ``boxplot``, ``kaplan_meier``: draw, check and save.

This package imports nothing heavy at import time (matplotlib is loaded by the API only).
"""
