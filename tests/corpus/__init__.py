"""A corpus of outputs written by the real tools (pandas, openpyxl, R/Stata formats, ACRO 1.0.2)."""
