"""Documents that hold tables: HTML, Markdown, LaTeX, Word, and statistical package logs.

Each format module turns a file into a ``Document``: the tables it holds, as the strings a person
sees cell by cell, and everything else (prose, captions, comments, properties) as located text.
``sdc.readers.documents.reading`` turns a ``Document`` into outputs the rules check, so a table
in a Word file is checked exactly like the same table in a CSV.
"""
