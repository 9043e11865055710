"""Read what an image output holds besides what it draws, for the rules to check.

Raster images: a type check by magic bytes, metadata text, bytes after the end, private blocks
(:mod:`sdc.readers.image_parts`). SVG: every text and attribute value. The text becomes outputs
of its own (:mod:`sdc.readers.parts`); trailing bytes and private blocks are hidden content on
the image (SDC605); a file that is not the image its name says is unreadable (SDC602).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdc.readers.file_ends import pdf_outside, svg_outside
from sdc.readers.image_parts import inspect_image, svg_data_uris, svg_parts
from sdc.readers.parts import part_outputs

if TYPE_CHECKING:
    from sdc.outputs import Output
    from sdc.readers.base import ReadOptions


def inspect_image_content(output: Output, options: ReadOptions) -> list[Output]:
    """Record problems and hidden blocks on ``output``; return outputs for the text found.

    The image type is ``output.format``, what the reader registry found the content to be."""
    if output.format == "pdf":
        outside = pdf_outside(output.file)  # bytes after the last %%EOF
        output.hidden.extend(outside.hidden)
        return part_outputs(output, outside.parts, options)
    if output.format == "svg":
        try:
            data = output.file.read_bytes()
        except OSError as exc:
            output.unreadable = f"cannot read the file: {exc.strerror or exc}"
            return []
        drawn = svg_parts(data)
        if drawn.problem:
            output.unreadable = drawn.problem
            return []
        output.hidden.extend(drawn.hidden)  # a generated id that reads as an identifier
        outside = svg_outside(data)  # comments around the root: an XML tree drops them
        output.hidden.extend(outside.hidden)
        embedded = svg_data_uris(data)  # pictures and files inside the drawing
        output.hidden.extend(embedded.hidden)
        return part_outputs(output, drawn.parts + outside.parts + embedded.parts, options, "text")
    found = inspect_image(output.file, output.format)
    if found.problem:
        output.unreadable = found.problem
    output.hidden.extend(found.hidden)
    return part_outputs(output, found.parts, options)
