"""REFI-QDA (https://www.qdasoftware.org): codebooks (.qdc) and projects (.qdpx, .qde) in and out.

Exports are valid against the REFI-QDA 1.0 schemas and every selection cuts out of its source
exactly the text coded in undercurrent. Imports read untrusted files defensively (defusedxml,
bounded archives, no path outside the archive) and check every selection against its text,
repairing the offset conventions other tools use (CRLF counted once, a counted byte-order mark,
UTF-16 units). What cannot be carried over is listed in an :class:`ImportSummary`.

An undercurrent code travels with its full definition (labels in both languages, include and
exclude rules, indicators) in a marked block at the end of its REFI Description, so a codebook
or project sent out and brought back is the same.
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from ..errors import InputError
from ..safety import MAX_MEMBER_BYTES, read_zip_members
from ..store import write_atomic
from .model import Exchange, XCase, XCode, XCoding, XNote, XSource

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: undercurrent's own fields, after the human-readable definition in a code's Description
MARKER = "--- undercurrent ---"
_UUID_NS = uuid.UUID("5b7f1c1e-8a0e-4d3c-9f57-6f1d2a4c0b9e")
#: one colour per codebook, so codes from different codebooks look different in other tools
PALETTE = ("#1B6CA8", "#C0392B", "#2E8B57", "#8E44AD", "#D35400", "#16A085", "#7F8C8D", "#B7950B")


def guid(kind: str, key: str) -> str:
    """A stable GUID for an undercurrent object, so exporting twice gives the same ids."""
    return str(uuid.uuid5(_UUID_NS, f"{kind}:{key}")).upper()


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text_of(el, name: str) -> str:
    c = _child(el, name)
    return (c.text or "") if c is not None else ""


def parse_xml(path: Path, data: bytes, member: str = ""):
    """Parse untrusted XML: no DTD, no entities, no external references (defusedxml)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    where = f"{member} in " if member else ""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"{where}declares a DTD or entities ({type(exc).__name__})",
                         fix="refused: REFI-QDA files never need them (possible entity-expansion attack)") from None
    except ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError(path, f"{where}is not well-formed XML ({exc})", line=line,
                         fix="export the project again from the other program") from None


# --- reading --------------------------------------------------------------------------------

def read_refi(path: str | Path) -> Exchange:
    """Read a .qdpx (zip), a bare .qde (sources in a `sources/` folder beside it) or a .qdc."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(path, "does not exist")
    if suffix == ".qdc":
        root = parse_xml(path, _read_capped(path))
        if _local(root.tag) != "CodeBook":
            raise InputError(path, f"is not a REFI-QDA codebook (root element {_local(root.tag)!r})")
        exchange = Exchange(name=path.stem, origin=root.get("origin", ""))
        _read_codes(root, {}, exchange)
        _read_sets(root, exchange)
        return exchange
    if suffix == ".qdpx":
        members = read_zip_members(path)
        qde = _project_member(path, members)
        root = parse_xml(path, members[qde], qde)
        return _read_project(path, root, _ArchiveSources(path, members))
    if suffix == ".qde":
        root = parse_xml(path, _read_capped(path))
        return _read_project(path, root, _FolderSources(path))
    raise InputError(path, f"is not a REFI-QDA file ({path.suffix or 'no extension'})",
                     fix="give a .qdpx project, a .qde with its sources folder, or a .qdc codebook")


def _read_capped(path: Path) -> bytes:
    if path.stat().st_size > MAX_MEMBER_BYTES:
        raise InputError(path, f"is larger than {MAX_MEMBER_BYTES // 1024 // 1024} MB", fix="refused as too large")
    return path.read_bytes()


def _project_member(path: Path, members: dict[str, bytes]) -> str:
    qdes = [m for m in members if m.lower().endswith(".qde") and "/" not in m.strip("/")]
    if not qdes:
        raise InputError(path, "holds no project file (.qde) at its top level", fix="is this a REFI-QDA .qdpx export?")
    preferred = [m for m in qdes if m.lower() == "project.qde"]
    if len(qdes) > 1 and not preferred:
        raise InputError(path, f"holds {len(qdes)} project files ({', '.join(sorted(qdes))}); cannot tell which one")
    return (preferred or qdes)[0]


class _ArchiveSources:
    """Source files inside a .qdpx: `sources/` or `Sources/`, looked up by name."""

    def __init__(self, path: Path, members: dict[str, bytes]):
        self.path = path
        self.by_name: dict[str, bytes] = {}
        for name, data in members.items():
            parts = PurePosixPath(name).parts
            if len(parts) == 2 and parts[0].lower() == "sources":
                self.by_name.setdefault(parts[1], data)
                self.by_name.setdefault(parts[1].casefold(), data)

    def get(self, name: str) -> bytes | None:
        return self.by_name.get(name) or self.by_name.get(name.casefold())


class _FolderSources:
    """Source files of a bare .qde: a `sources/` (or `Sources/`) folder beside it, nothing outside."""

    def __init__(self, path: Path):
        self.folder = next((path.parent / n for n in ("sources", "Sources") if (path.parent / n).is_dir()), None)

    def get(self, name: str) -> bytes | None:
        if self.folder is None or name != PurePosixPath(name).name or name in ("", ".", ".."):
            return None
        candidate = self.folder / name
        if candidate.is_symlink() or not candidate.is_file():
            return None
        if candidate.stat().st_size > MAX_MEMBER_BYTES:
            return None
        return candidate.read_bytes()


def _internal_name(ref: str) -> tuple[str | None, str]:
    """The file name a plainTextPath points to inside the project, or (None, why not)."""
    ref = (ref or "").strip()
    if ref.lower().startswith("internal://"):
        name = ref[len("internal://"):]
    elif "://" in ref or ref.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", ref):
        return None, f"points outside the project ({ref}); only sources inside the archive are read"
    else:
        name = ref  # pitfall: a bare name without internal://
    if name != PurePosixPath(name.replace("\\", "/")).name or name in ("", ".", ".."):
        return None, f"path {ref!r} leaves the sources folder (refused)"
    return name, ""


def _read_project(path: Path, root, files) -> Exchange:
    if _local(root.tag) != "Project":
        raise InputError(path, f"is not a REFI-QDA project (root element {_local(root.tag)!r})")
    exchange = Exchange(name=root.get("name") or path.stem, origin=root.get("origin", ""))
    summary = exchange.summary
    users = {}
    for user in _descendants(root, "Users", "User"):
        users[_norm(user.get("guid"))] = user.get("name") or user.get("id") or user.get("guid")
        summary.add("user", users[_norm(user.get("guid"))], "carried over", "as a coder")
    default_user = users.get(_norm(root.get("creatingUserGUID"))) or "refi"
    notes = _read_notes(path, root, files, users)
    codebook = _child(root, "CodeBook")
    if codebook is not None:
        _read_codes(codebook, notes, exchange)
    variables = {_norm(v.get("guid")): (v.get("name") or "", v.get("typeOfVariable") or "Text")
                 for v in _descendants(root, "Variables", "Variable")}
    sources_el = _child(root, "Sources")
    for el in list(sources_el) if sources_el is not None else []:
        kind = _local(el.tag)
        if kind == "TextSource":
            _read_text_source(el, el.get("name") or el.get("guid"), files, users, default_user, notes, exchange)
        elif kind == "PDFSource" and _child(el, "Representation") is not None:
            _read_text_source(_child(el, "Representation"), el.get("name") or el.get("guid"), files, users,
                              default_user, notes, exchange, note="its text representation; PDF areas are not kept")
            for area in _children(el, "PDFSelection"):
                _drop_contents(area, el.get("name") or el.get("guid"), "a PDF area, not text", summary)
        else:
            summary.add("source", el.get("name") or el.get("guid"), "dropped",
                        f"{kind}: undercurrent analyses text only")
            _drop_contents(el, el.get("name") or el.get("guid"), f"{kind}s are not read", summary)
    for case in _descendants(root, "Cases", "Case"):
        xcase = XCase(key=_norm(case.get("guid")), name=case.get("name") or case.get("guid"),
                      description=_text_of(case, "Description"))
        xcase.sources = [_norm(r.get("targetGUID")) for r in _children(case, "SourceRef")]
        for value in _children(case, "VariableValue"):
            ref = _child(value, "VariableRef")
            name, _ = variables.get(_norm(ref.get("targetGUID")) if ref is not None else None, ("", ""))
            val = next((c.text for c in value if _local(c.tag).endswith("Value")), None)
            if name and val is not None:
                xcase.variables[name] = val
        if _children(case, "SelectionRef"):
            summary.add("case", xcase.name, "changed", "linked to selections: linked to their whole sources instead")
            xcase.sources += [s for s in _selection_sources(root, case) if s not in xcase.sources]
        if _children(case, "CodeRef"):
            summary.add("case", xcase.name, "changed", "codes on a case are not kept (undercurrent codes text)")
        for ref in _children(case, "NoteRef"):
            note = notes.pop(_norm(ref.get("targetGUID")), None)
            if note:
                exchange.notes.append(XNote(note.text, "case", xcase.key, note.author, note.created_at, note.name))
        exchange.cases.append(xcase)
    for ref in _children(root, "NoteRef"):
        note = notes.pop(_norm(ref.get("targetGUID")), None)
        if note:
            exchange.notes.append(XNote(note.text, "case", None, note.author, note.created_at, note.name))
    for note in notes.values():  # notes nobody points to: project memos
        exchange.notes.append(XNote(note.text, "case", None, note.author, note.created_at, note.name))
    for kind, parent in (("link", "Links"), ("set", "Sets"), ("graph", "Graphs")):
        for el in list(_child(root, parent) if _child(root, parent) is not None else []):
            summary.add(kind, el.get("name") or el.get("guid"), "dropped", f"undercurrent has no {kind}s")
    return exchange


def _descendants(root, parent: str, name: str):
    el = _child(root, parent)
    return _children(el, name) if el is not None else []


def _norm(guid_text) -> str | None:
    return guid_text.strip("{}").upper() if guid_text else guid_text


def _selection_sources(root, case) -> list[str]:
    wanted = {_norm(r.get("targetGUID")) for r in _children(case, "SelectionRef")}
    found = []
    for source in _descendants(root, "Sources", "TextSource"):
        if any(_norm(s.get("guid")) in wanted for s in _children(source, "PlainTextSelection")):
            found.append(_norm(source.get("guid")))
    return found


def _read_notes(path, root, files, users) -> dict[str, XNote]:
    notes = {}
    for note in _descendants(root, "Notes", "Note"):
        text = _text_of(note, "PlainTextContent")
        if not text and note.get("plainTextPath"):
            name, _ = _internal_name(note.get("plainTextPath"))
            data = files.get(name) if name else None
            if data is not None:
                from ..corpus.decoding import decode_bytes

                text, _ = decode_bytes(data, f"{path}:{name}")
        key = _norm(note.get("guid"))
        notes[key] = XNote(text=text, target_type="case", target=None, author=users.get(_norm(note.get("creatingUser"))),
                           created_at=note.get("creationDateTime"), name=note.get("name") or "", key=key)
    return notes


def _read_codes(parent_el, notes: dict, exchange: Exchange) -> None:
    """Codes, nested or named with ATLAS.ti's "::" paths, in file order, parents first."""
    summary = exchange.summary
    by_name: dict[str, XCode] = {}

    def walk(el, parent: str | None):
        for code in _children(el, "Code"):
            key = _norm(code.get("guid")) or f"code{len(exchange.codes)}"
            description = _text_of(code, "Description")
            native = None
            if MARKER in description:
                description, _, blob = description.partition(MARKER)
                description = description.rstrip()
                try:
                    native = json.loads(blob)
                except ValueError:
                    summary.add("code", code.get("name"), "changed", "its undercurrent block is damaged; read as a plain code")
            xcode = XCode(key=key, name=code.get("name") or key, parent=parent, description=description,
                          color=code.get("color"), codable=(code.get("isCodable", "true").lower() != "false"),
                          native=native)
            exchange.codes.append(xcode)
            by_name.setdefault(xcode.name, xcode)
            for ref in _children(code, "NoteRef"):
                note = notes.pop(_norm(ref.get("targetGUID")), None)
                if note:
                    exchange.notes.append(XNote(note.text, "code", key, note.author, note.created_at, note.name))
            walk(code, key)

    codes_el = _child(parent_el, "Codes")
    if codes_el is not None:
        walk(codes_el, None)
    changed: set[str] = set()
    for xcode in list(exchange.codes):  # ATLAS.ti writes a hierarchy as flat "Parent::child" names
        if xcode.parent is None and xcode.native is None and "::" in xcode.name:
            head, _, tail = xcode.name.rpartition("::")
            parent = by_name.get(head)
            if parent is None:
                parent = XCode(key=f"path:{head}", name=head, codable=False)
                exchange.codes.insert(exchange.codes.index(xcode), parent)
                by_name[head] = parent
                changed.add(parent.key)
                summary.add("code", head, "changed", f"made as the group of {xcode.name!r} (ATLAS.ti '::' path)")
            summary.add("code", xcode.name, "changed", f"became {tail!r} under {head!r}")
            xcode.parent, xcode.name = parent.key, tail
            changed.add(xcode.key)
    for xcode in exchange.codes:
        if xcode.key in changed or (xcode.native is not None and "id" not in xcode.native):  # a codebook group
            continue
        if not xcode.codable and xcode.native is None:
            summary.add("code", xcode.name, "changed", "not codable in the other program; codable here")
        else:
            summary.add("code", xcode.name, "carried over")


def _read_sets(root, exchange: Exchange) -> None:
    for el in _descendants(root, "Sets", "Set"):
        exchange.summary.add("set", el.get("name") or el.get("guid"), "dropped",
                             "undercurrent has no code sets; its codes are kept")


def _read_text_source(el, name, files, users, default_user, notes, exchange: Exchange, note: str = "") -> None:
    from ..corpus.decoding import decode_bytes

    summary = exchange.summary
    key = _norm(el.get("guid"))
    text, had_bom, reason = None, False, ""
    inline = _child(el, "PlainTextContent")
    if inline is not None:
        text = inline.text or ""
    elif el.get("plainTextPath"):
        member, reason = _internal_name(el.get("plainTextPath"))
        data = files.get(member) if member else None
        if member and data is None:
            reason = f"its text ({member}) is not in the project"
        if data is not None:
            try:
                had_bom = data.startswith(b"\xef\xbb\xbf")
                text, _ = decode_bytes(data, f"{name} ({member})")
            except InputError as err:
                reason = err.problem
    else:
        reason = "the source names no text"
    source = XSource(key=key, name=name, text=text, reason=reason)
    exchange.sources.append(source)
    selections = _children(el, "PlainTextSelection")
    if text is None:
        summary.add("source", name, "dropped", reason)
        _drop_contents(el, name, reason, summary)
        return
    summary.add("source", name, "changed" if note else "carried over", note)
    raw = []
    for sel in selections:
        try:
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        except (TypeError, ValueError):
            summary.add("coding", sel.get("guid"), "dropped", "selection has no numeric start and end")
            continue
        memo = _join_notes(sel, notes)
        codings = _children(sel, "Coding")
        if not codings:
            detail = _text_of(sel, "Description")
            summary.add("selection", sel.get("name") or sel.get("guid"), "dropped",
                        "selection without a code" + (f" (its description: {detail[:80]!r})" if detail else ""))
            continue
        for coding in codings:
            ref = _child(coding, "CodeRef")
            if ref is None:
                summary.add("coding", sel.get("name") or sel.get("guid"), "dropped", "coding without a CodeRef")
                continue
            user = users.get(_norm(coding.get("creatingUser"))) or users.get(_norm(sel.get("creatingUser"))) or default_user
            memos = [m for m in (memo, _join_notes(coding, notes)) if m]
            raw.append(XCoding(source=key, start=start, end=end, code=_norm(ref.get("targetGUID")), coder=user,
                               created_at=coding.get("creationDateTime") or sel.get("creationDateTime"),
                               memo="\n\n".join(memos) or None, quote=sel.get("name")))
    for coding in _children(el, "Coding"):  # the whole source coded
        ref = _child(coding, "CodeRef")
        if ref is not None and text:
            raw.append(XCoding(source=key, start=0, end=len(text), code=_norm(ref.get("targetGUID")),
                               coder=users.get(_norm(coding.get("creatingUser"))) or default_user,
                               created_at=coding.get("creationDateTime"), memo=_join_notes(coding, notes)))
    for ref in _children(el, "NoteRef"):
        n = notes.pop(_norm(ref.get("targetGUID")), None)
        if n:
            exchange.notes.append(XNote(n.text, "document", key, n.author, n.created_at, n.name))
    if _children(el, "VariableValue"):
        summary.add("variable", name, "dropped", "variables on a source are not kept; put them on its case")
    exchange.codings += fit_offsets(source, raw, summary, had_bom=had_bom)


def _drop_contents(el, name: str, reason: str, summary) -> None:
    """List each coding (and each selection without one) of a source that is not carried over."""
    for sel in el.iter():
        kind = _local(sel.tag)
        if kind == "Coding":
            summary.add("coding", name, "dropped", f"its source was dropped: {reason}")
        elif kind.endswith("Selection") and not _children(sel, "Coding"):
            summary.add("selection", sel.get("name") or sel.get("guid"), "dropped",
                        f"its source was dropped: {reason}")


def _join_notes(el, notes: dict) -> str | None:
    texts = [notes.pop(_norm(r.get("targetGUID"))).text for r in _children(el, "NoteRef")
             if _norm(r.get("targetGUID")) in notes]
    return "\n\n".join(t for t in texts if t) or None


# --- offsets --------------------------------------------------------------------------------

def _quote_fits(cut: str, quote: str | None) -> bool | None:
    """Does the selection's own text (REFI `name`, QualCoder `seltext`) agree with what the
    offsets cut out? None when the file gives no usable text to compare with."""
    if not quote or not quote.strip():
        return None
    q = " ".join(quote.split())
    truncated = q.endswith(("…", "..."))
    q = q.rstrip("….").rstrip() if truncated else q
    c = " ".join(cut.split())
    if not q:
        return None
    return c.startswith(q) if truncated else (c == q or (len(q) > 20 and c.startswith(q)))


def _conventions(text: str, had_bom: bool):
    """Candidate ways another tool may have counted positions: (name, map from its position to
    a code-point offset in ``text``)."""
    yield "code points", lambda p: p
    if "\r\n" in text:
        starts = []  # code-point offset of each position in the text with CRLF counted once
        i = 0
        while i < len(text):
            starts.append(i)
            i += 2 if text.startswith("\r\n", i) else 1
        starts.append(len(text))
        yield "CRLF counted as one character", lambda p: starts[p] if 0 <= p < len(starts) else -1
    if had_bom:
        yield "the byte-order mark counted", lambda p: p - 1
    if any(ord(ch) > 0xFFFF for ch in text):
        units = []  # code-point offset of each UTF-16 position
        for k, ch in enumerate(text):
            units.append(k)
            if ord(ch) > 0xFFFF:
                units.append(k)
        units.append(len(text))
        yield "UTF-16 units", lambda p: units[p] if 0 <= p < len(units) else -1


def fit_offsets(source: XSource, codings: list[XCoding], summary, *, had_bom: bool = False) -> list[XCoding]:
    """Bring the codings of one source to code-point offsets in its text, checking each against
    the text it names: the convention under which most selections fit is taken; a selection that
    still does not fit is moved to where its text is if that place is unique, else dropped."""
    from ..coding.manual import QuoteNotFound, locate_quote

    text = source.text or ""
    best_name, best_map, best_score = "code points", (lambda p: p), -1
    for name, mapping in _conventions(text, had_bom):
        score = 0
        for c in codings:
            s, e = mapping(c.start), mapping(c.end)
            if 0 <= s < e <= len(text):
                score += 2 if _quote_fits(text[s:e], c.quote) else 1
        if score > best_score:
            best_name, best_map, best_score = name, mapping, score
    if best_name != "code points" and codings:
        summary.add("source", source.name, "changed", f"positions counted with {best_name}; converted to code points")
    kept = []
    for c in codings:
        s, e = best_map(c.start), best_map(c.end)
        label = (c.quote or f"{c.start}-{c.end}")[:60]
        fits = _quote_fits(text[s:e], c.quote) if 0 <= s < e <= len(text) else False
        if fits is False and c.quote and not c.quote.rstrip().endswith(("…", "...")):
            try:
                s, e = locate_quote(text, c.quote, near=s)
                summary.add("coding", label, "changed", f"moved from {c.start}-{c.end} to {s}-{e}, where its text is")
                fits = True
            except QuoteNotFound:
                pass
        if fits is False or not 0 <= s < e <= len(text):
            summary.add("coding", label, "dropped", f"positions {c.start}-{c.end} do not hold its text in {source.name!r}")
            continue
        summary.add("coding", label, "carried over")
        kept.append(XCoding(c.source, s, e, c.code, c.coder, c.created_at, c.memo, text[s:e]))
    return kept


# --- writing --------------------------------------------------------------------------------

def _xsd_datetime(value) -> str:
    """ISO text to xsd:dateTime in UTC (REFI tools choke on offsets and fractions)."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        moment = datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _description(code_spec: dict, lang: str) -> str:
    definition = code_spec.get("definition") or {}
    human = definition.get(lang) or definition.get("nl") or definition.get("en") or ""
    return (human + "\n\n" if human else "") + MARKER + "\n" + json.dumps(code_spec, ensure_ascii=False)


def _label(spec: dict, lang: str) -> str:
    label = spec.get("label") or {}
    return label.get(lang) or label.get("nl") or label.get("en") or spec.get("id") or "?"


def code_elements(parent, ns: str, books: list[dict], lang: str, notes_for=None) -> None:
    """REFI Code elements for undercurrent codebooks: a non-codable group per codebook holding
    its codes as a tree. ``books``: {"meta": codebook fields, "codes": [code spec dicts]}."""
    for k, book in enumerate(books):
        meta = book["meta"]
        group = ET.SubElement(parent, f"{{{ns}}}Code", guid=guid("codebook", meta["codebook"]),
                              name=(meta.get("title") or {}).get(lang) or meta["codebook"], isCodable="false",
                              color=PALETTE[k % len(PALETTE)])
        ET.SubElement(group, f"{{{ns}}}Description").text = (
            ((meta.get("description") or {}).get(lang) or "") + "\n\n" + MARKER + "\n"
            + json.dumps(meta, ensure_ascii=False)).lstrip()
        children: dict[str | None, list[dict]] = {}
        for spec in book["codes"]:
            children.setdefault(spec.get("parent"), []).append(spec)

        def add(el, parent_id):
            for spec in children.get(parent_id, []):
                code_id = f"{meta['codebook']}/{spec['id']}"
                code = ET.SubElement(el, f"{{{ns}}}Code", guid=guid("code", code_id), name=_label(spec, lang),
                                     isCodable="true", color=spec.get("color") or PALETTE[k % len(PALETTE)])
                ET.SubElement(code, f"{{{ns}}}Description").text = _description(spec, lang)
                for note_guid in (notes_for(code_id) if notes_for else []):
                    ET.SubElement(code, f"{{{ns}}}NoteRef", targetGUID=note_guid)
                add(code, spec["id"])

        add(group, None)


def codebook_books(codebooks) -> list[dict]:
    """Codebooks as the plain data ``code_elements`` and the YAML writer share."""
    from ..coding.codebook import code_spec

    return [{"meta": {"codebook": b.id, "version": b.version, "title": b.title, "description": b.description,
                      "source": b.source},
             "codes": [code_spec(c) for c in b.codes]} for b in codebooks]


def export_qdc(codebooks, path: str | Path, *, lang: str = "nl") -> Path:
    """Write codebooks as one REFI-QDA codebook file (.qdc)."""
    from .. import __version__

    codebooks = [codebooks] if not isinstance(codebooks, (list, tuple)) else list(codebooks)
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=f"undercurrent {__version__}")
    code_elements(ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes"), CODEBOOK_NS, codebook_books(codebooks), lang)
    return write_atomic(Path(path), _xml_bytes(root))


def _xml_bytes(root) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
