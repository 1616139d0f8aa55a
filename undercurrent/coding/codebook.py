"""Codebooks: YAML files with a code hierarchy, definitions and indicators (codebooks/README.md).

Loading validates everything and names the file, the code id and the line of every mistake.
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import regex
import yaml

from ..errors import InputError

try:  # the regex parser, for the catastrophic-backtracking check
    import re._parser as sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore

SCAN_BLOCKS = ("inhoud_werk", "ruimte_veiligheid", "samenwerkend_leren", "leiderschap",
               "organisatie_ontwikkeling", "externe_omgeving")
DIRECTIONS = ("supports", "hinders")
NEGATION_RULES = ("flip", "drop", "keep")
INDICATOR_KINDS = ("lemmas", "compounds", "phrases", "patterns", "regex")
LANGUAGES = ("nl", "en")
CODE_KEYS = {"id", "label", "definition", "include", "exclude", "examples", "direction", "opposite",
             "negation", "maps_to", "indicators", "children", "parent", "memo", "color"}
BOOK_KEYS = {"codebook", "version", "title", "description", "source", "codes", "language", "authors", "licence",
             "license"}
_ID_RE = re.compile(r"[a-z0-9_]+")
SHIPPED_DIR = Path(__file__).resolve().parents[2] / "codebooks"
#: the order in which reports show the shipped codebooks: the undercurrent first
SHIPPED_ORDER = ("onderstroom", "leercultuur", "leervormen", "vakmanschap", "technologie", "intrapreneurship")


# --- YAML with line numbers -------------------------------------------------------------------

class _Map(dict):
    line: int = 0
    key_lines: dict


#: YAML aliases may repeat a node, not multiply the document: a file whose aliases would add
#: more than this many nodes when expanded ("billion laughs") is refused before it is built
MAX_ALIAS_EXPANSION = 100_000


class _AliasBomb(yaml.YAMLError):
    pass


def _expanded_size(root) -> int:
    """How many nodes the document has with every alias written out (iterative, memoised per
    node, so it costs one pass over the file's own nodes); a node that contains itself, or an
    expansion beyond the limit, raises :class:`_AliasBomb`."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    distinct = 0
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            if key not in sizes:
                sizes[key] = 1
                distinct += 1
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if done:
            visiting.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            distinct += 1
            if sizes[key] - distinct > MAX_ALIAS_EXPANSION:
                raise _AliasBomb(f"its aliases expand to more than {MAX_ALIAS_EXPANSION:,} extra values "
                                 "(a 'billion laughs' document)")
            continue
        if key in sizes:
            continue
        if key in visiting:
            raise _AliasBomb("an alias refers to a value that contains it (a recursive document)")
        visiting.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML, parsed by libyaml where PyYAML has it (the six shipped codebooks: 0.15 s
    instead of 1.5 s), its node tree checked for alias bombs before anything is built."""

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _expanded_size(node)
        return node


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            raise yaml.MarkedYAMLError("while reading a mapping", node.start_mark,
                                       f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=deep)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# --- the model -------------------------------------------------------------------------------

@dataclass
class Indicators:
    lemmas: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    patterns: list[list[dict]] = field(default_factory=list)
    regex: list[str] = field(default_factory=list)
    #: lemmas of which one must occur in the sentence before a single-word indicator (lemmas,
    #: compounds, regex) counts: "cursus" is evidence of a course taken only near "volgen",
    #: "doen", "halen" ... (phrases and patterns carry their own context)
    context: list[str] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(getattr(self, k)) for k in INDICATOR_KINDS)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in INDICATOR_KINDS + ("context",) if getattr(self, k)}


@dataclass
class Code:
    """One code. ``code_id`` is "<codebook>/<id>", stable across versions."""

    codebook: str
    id: str
    label: dict[str, str]
    definition: dict[str, str] = field(default_factory=dict)
    include: dict[str, str] = field(default_factory=dict)
    exclude: dict[str, str] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    direction: str | None = None
    opposite: str | None = None
    negation: str = "keep"
    maps_to: str | None = None
    parent: str | None = None
    indicators: dict[str, Indicators] = field(default_factory=dict)
    color: str | None = None  # "#RRGGBB", shown by QDA programs after a REFI-QDA export
    line: int = 0
    depth: int = 0

    @property
    def code_id(self) -> str:
        return f"{self.codebook}/{self.id}"

    @property
    def parent_id(self) -> str | None:
        return f"{self.codebook}/{self.parent}" if self.parent else None

    @property
    def opposite_id(self) -> str | None:
        return f"{self.codebook}/{self.opposite}" if self.opposite else None

    def text(self, field_name: str, lang: str = "nl") -> str:
        value = getattr(self, field_name)
        return value.get(lang) or value.get("nl") or value.get("en") or ""


@dataclass
class Codebook:
    id: str
    version: str
    title: dict[str, str]
    codes: list[Code]
    description: dict[str, str] = field(default_factory=dict)
    source: str = ""
    path: Path | None = None

    @property
    def coder(self) -> str:
        """The coder name of this codebook's rule-based auto-coder."""
        return f"auto:rules/{self.id}@{self.version}"

    def __getitem__(self, code_id: str) -> Code:
        key = code_id.split("/", 1)[-1] if code_id.startswith(self.id + "/") else code_id
        for code in self.codes:
            if code.id == key:
                return code
        raise KeyError(code_id)

    def __len__(self) -> int:
        return len(self.codes)

    def frame(self) -> pd.DataFrame:
        """Codes as rows for the store (DESIGN §3 `codes`)."""
        import json

        return pd.DataFrame([dict(
            code_id=c.code_id, codebook=self.id, version=self.version, parent_id=c.parent_id,
            label_nl=c.label.get("nl", ""), label_en=c.label.get("en", ""),
            definition=json.dumps(c.definition, ensure_ascii=False), include=json.dumps(c.include, ensure_ascii=False),
            exclude=json.dumps(c.exclude, ensure_ascii=False), examples=json.dumps(c.examples, ensure_ascii=False),
            direction=c.direction, opposite_id=c.opposite_id, maps_to=c.maps_to, depth=c.depth,
            indicators=json.dumps({k: v.as_dict() for k, v in c.indicators.items()}, ensure_ascii=False))
            for c in self.codes])

    def table(self, lang: str = "nl") -> pd.DataFrame:
        """A readable table: one row per code, indented by depth."""
        heads = {"nl": ("code", "label", "definitie", "wel coderen", "niet coderen", "richting", "scan-bouwsteen",
                        "indicatoren"),
                 "en": ("code", "label", "definition", "include", "exclude", "direction", "scan block", "indicators")}
        h = heads.get(lang, heads["en"])
        rows = []
        for c in self.codes:
            ind = c.indicators.get(lang) or c.indicators.get("nl") or Indicators()
            terms = ind.lemmas + ind.compounds + ind.phrases
            rows.append({h[0]: c.id, h[1]: "  " * c.depth + c.text("label", lang), h[2]: c.text("definition", lang),
                         h[3]: c.text("include", lang), h[4]: c.text("exclude", lang), h[5]: c.direction or "",
                         h[6]: c.maps_to or "",
                         h[7]: ", ".join(terms[:12]) + (" …" if len(terms) > 12 or ind.patterns or ind.regex else "")})
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        title = html.escape(self.title.get("nl") or self.id)
        return f"<p><b>{title}</b> ({self.id} {self.version}, {len(self)} codes)</p>" + self.table().to_html(index=False)

    def __repr__(self) -> str:
        return f"<Codebook {self.id} {self.version}: {len(self)} codes>"

    def to_docx(self, path, lang: str = "nl") -> Path:
        """The codebook as a Word table, for a methods appendix."""
        from ..report.content import Paragraph, Report, Section, Table
        from ..report.writers import write_docx

        desc = self.description.get(lang) or self.description.get("nl", "")
        report = Report(title=self.title.get(lang) or self.id, subtitle=f"{self.id} {self.version}", lang=lang,
                        generated_by=self.source)
        section = Section(self.title.get(lang) or self.id, [Paragraph(desc)] if desc else [])
        section.add(Table(self.table(lang)))
        report.sections.append(section)
        return write_docx(report, Path(path), {}, landscape=True)

    def to_xlsx(self, path, lang: str = "nl") -> Path:
        """The codebook as a spreadsheet; every cell is data (a label such as "=..." is text)."""
        from ..spreadsheet import write_xlsx

        return write_xlsx(path, {self.id: self.table(lang)}, widths={self.id: [18, 36, 60, 40, 40, 10, 22, 60]})


# --- loading and validation ------------------------------------------------------------------

def _err(path, problem, line=None, code=None, fix=None):
    where = f"code {code!r}: " if code else ""
    return InputError(path, where + problem, line=line, fix=fix)


def _lang_text(path, value, what, code, line) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"nl": value.strip()}
    if isinstance(value, dict) and all(k in LANGUAGES for k in value):
        return {k: str(v).strip() for k, v in value.items() if v is not None}
    raise _err(path, f"{what} must be text or a mapping with nl/en keys", line, code)


def load_codebook(path: str | Path) -> Codebook:
    """Load and validate one codebook file (cached while the file is unchanged)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise InputError(path, "does not exist") from None
    return _load_codebook(path, stat.st_mtime_ns, stat.st_size)


def read_yaml(path: Path):
    """A YAML file's data, its mappings knowing their lines (``line``, ``key_lines``); unreadable
    YAML is an InputError with the line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_LineLoader)
    except FileNotFoundError:
        raise InputError(path, "does not exist") from None
    except _AliasBomb as exc:
        raise InputError(path, f"refused: {exc}", fix="write the repeated values out, or use fewer aliases "
                         "(*name)") from None
    except RecursionError:
        raise InputError(path, "is nested too deeply to be read", fix="a codebook needs only a few levels; "
                         "check the brackets and indentation") from None
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's limit, where Python's parser recurses
            raise InputError(path, "is nested too deeply to be read", fix="a codebook needs only a few levels; "
                             "check the brackets and indentation") from None
        mark = exc.problem_mark or exc.context_mark
        raise InputError(path, f"is not valid YAML: {exc.problem}", line=mark.line + 1 if mark else None,
                         fix="check indentation and quote texts that contain ':'") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"is not valid YAML: {exc}") from None


@lru_cache(maxsize=64)
def _load_codebook(path: Path, mtime_ns: int, size: int) -> Codebook:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping with codebook, version and codes", line=1)
    unknown = set(data) - BOOK_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _err(path, f"unknown key {key!r} at the top level", data.key_lines.get(key),
                   fix="allowed: " + ", ".join(sorted(BOOK_KEYS)))
    book_id = str(data.get("codebook") or "")
    if not _ID_RE.fullmatch(book_id):
        raise _err(path, f"codebook id {book_id!r} must be lower-case letters, digits and _", data.key_lines.get("codebook", 1))
    version = data.get("version")
    if version is None:
        raise _err(path, "has no version", 1, fix='add version: "1.0"')
    codes_data = data.get("codes")
    if not isinstance(codes_data, list) or not codes_data:
        raise _err(path, "has no codes", data.key_lines.get("codes", 1))

    codes: list[Code] = []
    first_line: dict[str, int] = {}

    def walk(items, parent: str | None, depth: int, line: int):
        if not isinstance(items, list):
            raise _err(path, "children must be a list of codes", line, parent)
        for item in items:
            if not isinstance(item, dict):
                raise _err(path, "each code must be a mapping with at least id and label", line, parent)
            code = _parse_code(path, book_id, item, parent, depth)
            if code.id in first_line:
                raise _err(path, f"duplicate id (first on line {first_line[code.id]})", code.line, code.id,
                           fix="every code needs its own id")
            first_line[code.id] = code.line
            codes.append(code)
            if item.get("children") is not None:
                walk(item["children"], code.id, depth + 1, item.key_lines.get("children", code.line))

    walk(codes_data, None, 0, data.key_lines.get("codes", 1))
    _check_references(path, codes)
    return Codebook(id=book_id, version=str(version), codes=codes,
                    title=_lang_text(path, data.get("title"), "title", None, data.key_lines.get("title")) or {"nl": book_id},
                    description=_lang_text(path, data.get("description"), "description", None,
                                           data.key_lines.get("description")),
                    source=str(data.get("source") or ""), path=path)


def _parse_code(path, book_id: str, item: dict, parent: str | None, depth: int) -> Code:
    line = item.line
    code_id = item.get("id")
    if not isinstance(code_id, str) or not _ID_RE.fullmatch(code_id):
        raise _err(path, f"code id {code_id!r} must be lower-case letters, digits and _", line)
    unknown = set(item) - CODE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _err(path, f"unknown field {key!r}", item.key_lines.get(key, line), code_id,
                   fix="allowed: " + ", ".join(sorted(CODE_KEYS)))
    label = _lang_text(path, item.get("label"), "label", code_id, line)
    if not label:
        raise _err(path, "has no label", line, code_id, fix="add label: {nl: ..., en: ...}")
    direction = item.get("direction")
    if direction is not None and direction not in DIRECTIONS:
        raise _err(path, f"direction {direction!r} is not one of {DIRECTIONS}", item.key_lines.get("direction"), code_id)
    maps_to = item.get("maps_to")
    if maps_to is not None and maps_to not in SCAN_BLOCKS:
        raise _err(path, f"maps_to {maps_to!r} is not a scan block", item.key_lines.get("maps_to"), code_id,
                   fix="use one of " + ", ".join(SCAN_BLOCKS))
    opposite = item.get("opposite")
    negation = item.get("negation") or ("flip" if opposite else "keep")
    if negation not in NEGATION_RULES:
        raise _err(path, f"negation {negation!r} is not one of {NEGATION_RULES}", item.key_lines.get("negation"), code_id)
    if negation == "flip" and not opposite:
        raise _err(path, "negation: flip needs an opposite code", item.key_lines.get("negation"), code_id)
    explicit_parent = item.get("parent")
    if explicit_parent is not None and parent is not None:
        raise _err(path, "has both a parent field and a place under another code", item.key_lines.get("parent"), code_id)
    color = item.get("color")
    if color is not None and not (isinstance(color, str) and re.fullmatch(r"#(?:[0-9A-Fa-f]{3}){1,2}", color)):
        raise _err(path, f"color {color!r} is not a colour like \"#1B6CA8\"", item.key_lines.get("color"), code_id)
    examples = item.get("examples") or []
    if isinstance(examples, str):
        examples = [examples]
    return Code(codebook=book_id, id=code_id, label=label,
                definition=_lang_text(path, item.get("definition"), "definition", code_id, line),
                include=_lang_text(path, item.get("include"), "include", code_id, line),
                exclude=_lang_text(path, item.get("exclude"), "exclude", code_id, line),
                examples=[str(e) for e in examples], direction=direction, opposite=opposite, negation=negation,
                maps_to=maps_to, parent=explicit_parent if explicit_parent is not None else parent,
                indicators=_parse_indicators(path, code_id, item.get("indicators"),
                                             item.key_lines.get("indicators", line)),
                color=color, line=line, depth=depth)


def _parse_indicators(path, code_id: str, data, line: int) -> dict[str, Indicators]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _err(path, "indicators must be a mapping", line, code_id)
    if set(data) <= set(INDICATOR_KINDS) | {"context"}:
        data = {"nl": data}  # a codebook in one language may leave out the language level
    out = {}
    for lang, kinds in data.items():
        lang_line = data.key_lines.get(lang, line) if isinstance(data, _Map) else line
        if lang not in LANGUAGES:
            raise _err(path, f"indicator language {lang!r} is not nl or en", lang_line, code_id)
        if not isinstance(kinds, dict):
            raise _err(path, f"indicators.{lang} must map kinds (lemmas, phrases, ...) to lists", lang_line, code_id)
        ind = Indicators()
        for kind, values in kinds.items():
            kline = kinds.key_lines.get(kind, lang_line) if isinstance(kinds, _Map) else lang_line
            if kind not in INDICATOR_KINDS + ("context",):
                raise _err(path, f"unknown indicator kind {kind!r}", kline, code_id,
                           fix="use " + ", ".join(INDICATOR_KINDS) + " (and context)")
            if not isinstance(values, list):
                raise _err(path, f"{kind} must be a list", kline, code_id)
            if kind == "patterns":
                for pattern in values:
                    _check_pattern(path, code_id, pattern, kline)
            elif kind == "regex":
                for rx in values:
                    _check_regex(path, code_id, rx, kline)
            else:
                for term in values:
                    if not isinstance(term, str) or not term.strip():
                        raise _err(path, f"{kind} must hold non-empty texts, not {term!r}", kline, code_id)
                    if kind in ("lemmas", "compounds", "context") and len(term.split()) > 1:
                        raise _err(path, f"{kind} entry {term!r} has several words", kline, code_id,
                                   fix="put multi-word indicators under phrases")
                values = [" ".join(v.lower().split()) for v in values]
            setattr(ind, kind, list(values))
        out[lang] = ind
    return out


@lru_cache(maxsize=1)
def _pattern_vocab():
    from spacy.vocab import Vocab

    return Vocab()


def _check_pattern(path, code_id, pattern, line) -> None:
    from spacy.matcher import Matcher

    if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern) or not pattern:
        raise _err(path, f"a Matcher pattern must be a list of token mappings, not {pattern!r}", line, code_id)
    try:
        Matcher(_pattern_vocab(), validate=True).add("p", [[dict(t) for t in pattern]])
    except Exception as exc:  # spaCy raises MatchPatternError / ValueError with the details
        first = str(exc).strip().splitlines()
        raise _err(path, f"invalid Matcher pattern {pattern!r}: {' '.join(first[:3])}", line, code_id) from None


def _star_height(tree) -> int:
    """Nesting depth of unbounded repeats; above 1 ((a+)+, (\\w*)*) backtracks catastrophically."""
    best = 0
    for op, arg in tree:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = arg
            inner = _star_height(sub)
            best = max(best, inner + (1 if hi == sre_parse.MAXREPEAT or hi > 10 else 0))
        elif name in ("SUBPATTERN",):
            best = max(best, _star_height(arg[-1]))
        elif name == "BRANCH":
            best = max([best] + [_star_height(b) for b in arg[1]])
    return best


def _check_regex(path, code_id, rx, line) -> None:
    if not isinstance(rx, str) or not rx:
        raise _err(path, f"regex must be a non-empty text, not {rx!r}", line, code_id)
    try:
        re.compile(rx)
        tree = sre_parse.parse(rx)
        regex.compile(rx)  # the auto-coder runs it with the regex module (for its time limit)
    except (re.error, regex.error) as exc:
        raise _err(path, f"invalid regex {rx!r}: {exc}", line, code_id) from None
    if _star_height(tree) > 1:
        raise _err(path, f"regex {rx!r} nests repeats and can backtrack catastrophically", line, code_id,
                   fix="write it without a repeated group that itself repeats, or use a phrase or pattern")


def _check_references(path, codes: list[Code]) -> None:
    ids = {c.id: c for c in codes}
    for c in codes:
        if c.parent is not None and c.parent not in ids:
            raise _err(path, f"unknown parent {c.parent!r}", c.line, c.id)
        if c.opposite is not None:
            if c.opposite not in ids:
                raise _err(path, f"unknown opposite {c.opposite!r}", c.line, c.id)
            if c.opposite == c.id:
                raise _err(path, "is its own opposite", c.line, c.id)
    for c in codes:  # cycles through parent fields
        seen, node = set(), c
        while node.parent is not None:
            if node.id in seen:
                raise _err(path, "is part of a parent cycle", c.line, c.id)
            seen.add(node.id)
            node = ids[node.parent]
    depth = {}
    for c in codes:  # depth for codes placed with a parent field
        d, node = 0, c
        while node.parent is not None:
            d, node = d + 1, ids[node.parent]
        depth[c.id] = d
        c.depth = d


def load_codebooks(paths=None) -> list[Codebook]:
    """Load codebooks from files or folders (default: the shipped ones). Ids must be unique."""
    if paths is None:
        paths = [SHIPPED_DIR]
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")) if p.is_dir() else [p])
    books = [load_codebook(f) for f in files]
    seen: dict[str, Path] = {}
    for book in books:
        if book.id in seen:
            raise InputError(book.path, f"codebook id {book.id!r} is also used by {seen[book.id]}")
        seen[book.id] = book.path
    return books


def shipped_codebooks() -> list[Codebook]:
    """The codebooks that come with undercurrent (codebooks/*.yaml), undercurrent first."""
    return load_codebooks(shipped_paths())


def shipped_paths() -> list[Path]:
    rank = {name: k for k, name in enumerate(SHIPPED_ORDER)}
    return sorted(SHIPPED_DIR.glob("*.yaml"), key=lambda p: (rank.get(p.stem, len(rank)), p.stem))


def code_spec(code: Code) -> dict:
    """A code as the mapping its YAML file gives (``parent`` instead of nesting), without empty
    fields: what a REFI-QDA export carries along so that the code comes back unchanged."""
    spec = {"id": code.id, "label": code.label, "definition": code.definition, "include": code.include,
            "exclude": code.exclude, "examples": code.examples, "direction": code.direction,
            "opposite": code.opposite, "negation": None if code.negation == ("flip" if code.opposite else "keep")
            else code.negation, "maps_to": code.maps_to, "parent": code.parent, "color": code.color,
            "indicators": {lang: ind.as_dict() for lang, ind in code.indicators.items() if ind.as_dict()}}
    return {k: v for k, v in spec.items() if v not in (None, "", [], {})}


def codebook_yaml(meta: dict, specs: list[dict]) -> str:
    """The text of a codebook file: ``meta`` (codebook, version, title, description, source) and
    code specs as :func:`code_spec` gives them, nested under their parents."""
    children: dict[str | None, list[dict]] = {}
    ids = {spec["id"] for spec in specs}
    for spec in specs:
        parent = spec.get("parent") if spec.get("parent") in ids else None
        children.setdefault(parent, []).append(spec)

    def tree(parent):
        out = []
        for spec in children.get(parent, []):
            item = {k: v for k, v in spec.items() if k != "parent"}
            if children.get(spec["id"]):
                item["children"] = tree(spec["id"])
            out.append(item)
        return out

    data = {"codebook": meta["codebook"], "version": str(meta.get("version") or "1.0"),
            "title": meta.get("title") or {"nl": meta["codebook"]}}
    for key in ("description", "source"):
        if meta.get(key):
            data[key] = meta[key]
    data["codes"] = tree(None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def main(argv=None) -> int:
    """python -m undercurrent.coding.codebook FILE [--try SENTENCE]: validate and list a codebook."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m undercurrent.coding.codebook")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--try", dest="sentence", help="show which codes a sentence gets")
    parser.add_argument("--lang", default="nl")
    args = parser.parse_args(argv)
    try:
        books = load_codebooks(args.files)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for book in books:
        n_ind = sum(i.count() for c in book.codes for i in c.indicators.values())
        print(f"{book.path}: {book.id} {book.version}: {len(book)} codes, {n_ind} indicators — valid")
        if not args.sentence:
            with pd.option_context("display.max_colwidth", 50, "display.width", 200):
                print(book.table(args.lang)[["code", "label", "richting" if args.lang == "nl" else "direction"]]
                      .to_string(index=False))
    if args.sentence:
        from .autocode import RuleCoder

        coder = RuleCoder(books, lang=args.lang)
        for hit in coder.explain(args.sentence):
            print(hit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
