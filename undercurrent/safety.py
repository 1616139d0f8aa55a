"""Defensive reading of untrusted containers (docx, odt, qdpx are zip archives of XML).

The limits are generous for real documents and fatal for zip bombs: every member is read with a
hard cap, whatever sizes the archive declares, so a lying header cannot exhaust memory.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from .errors import InputError

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above 1 MiB

_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_member_name(path: Path, name: str) -> None:
    """Refuse absolute names and names that climb out of the archive (path traversal)."""
    norm = posixpath.normpath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or norm == ".." or norm.startswith("../"):
        raise InputError(path, f"archive member {name!r} points outside the archive (path traversal)",
                         fix="the file is unsafe and was not read")


def read_zip_members(path: Path, data: bytes | None = None, *, wanted=None) -> dict[str, bytes]:
    """Return {member name: bytes} of a zip archive, refusing bombs and traversal.

    `wanted` (a callable on the member name) limits which members are decompressed.
    """
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"not a valid zip-based document ({exc})",
                         fix="open and re-save it in Word or LibreOffice") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"archive has {len(infos)} members (limit {MAX_MEMBERS})",
                             fix="refused as a possible zip bomb")
        total = 0
        members: dict[str, bytes] = {}
        for info in infos:
            check_member_name(path, info.filename)
            if info.is_dir() or (wanted is not None and not wanted(info.filename)):
                continue
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(path, f"archive member {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}x",
                                 fix="refused as a possible zip bomb")
            try:
                with zf.open(info) as fh:
                    content = fh.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
                raise InputError(path, f"archive member {info.filename!r} cannot be read ({exc})",
                                 fix="the file is damaged; re-save it") from None
            total += len(content)
            if len(content) > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                raise InputError(path, "archive expands beyond the size limit",
                                 fix="refused as a possible zip bomb")
            members[info.filename] = content
        return members


def refuse_dtd(path: Path, member: str, xml: bytes) -> None:
    """Office XML never needs a DTD; one is the sign of an entity-expansion attack."""
    if _DTD_RE.search(xml):
        raise InputError(path, f"{member} declares a DTD or XML entities",
                         fix="refused: office documents never need them (possible entity-expansion attack)")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip archive (deflated) of {member name: bytes}, in memory."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()
