"""Small files that decode to a lot: a PNG written row by row (never held in memory) and an
xlsx whose shared strings inflate to hundreds of megabytes."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def png_bomb(width: int, height: int) -> bytes:
    """An all-black RGBA PNG of width × height: ~190 KB for 7,000 × 7,000."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + 4 * width)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
            + _chunk(b"IEND", b""))


def xlsx_bomb(path: Path, inflated_bytes: int) -> Path:
    """A workbook whose sharedStrings.xml holds one string of `inflated_bytes` characters."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<si><t>")
            block = b"A" * (1 << 20)
            for _ in range(inflated_bytes // len(block)):
                f.write(block)
            f.write(b"</t></si></sst>")
    return path
