"""A survey instrument as YAML: building blocks, items (nl/en), the answer scale, reverse-keyed
items, the smallest group a figure may be shown for, and advice per block per score band.

The shipped ``instruments/leercultuurscan.yaml`` is illustrative (the official item map and
norms are not public); a user's official map loads the same way, from any path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "instruments"
TOP_KEYS = {"id", "name", "version", "illustrative", "note", "scale", "min_group_size", "min_items_share", "bands",
            "blocks", "items"}
BANDS = ("low", "middle", "high")


@dataclass(frozen=True)
class Item:
    id: str
    block: str
    text: dict
    reverse: bool = False


@dataclass(frozen=True)
class Block:
    id: str
    label: dict
    description: dict = field(default_factory=dict)
    advice: dict = field(default_factory=dict)  # {band: {lang: text}}


@dataclass(frozen=True)
class Instrument:
    """A survey instrument (see the module docstring); ``items_of(block)`` lists a block's items."""

    id: str
    name: dict
    version: str
    blocks: tuple[Block, ...]
    items: tuple[Item, ...]
    scale_min: int = 1
    scale_max: int = 5
    min_group_size: int = 5
    min_items_share: float = 2 / 3
    bands: tuple[float, float] = (3.0, 3.75)
    illustrative: bool = False
    note: dict = field(default_factory=dict)
    path: Path | None = None

    def items_of(self, block: str) -> list[Item]:
        return [item for item in self.items if item.block == block]

    def band(self, score: float) -> str:
        """"low", "middle" or "high" for a block mean."""
        low, high = self.bands
        return "low" if score < low else "high" if score >= high else "middle"

    def advice(self, block: str, score: float, lang: str = "nl") -> str:
        texts = next(b for b in self.blocks if b.id == block).advice.get(self.band(score), {})
        return texts.get(lang) or texts.get("nl", "")

    def label(self, block: str, lang: str = "nl") -> str:
        labels = next(b for b in self.blocks if b.id == block).label
        return labels.get(lang) or labels.get("nl") or block


def load_instrument(path: str | Path | None = None) -> Instrument:
    """The instrument at ``path`` (a YAML file), or the shipped leercultuurscan. Every mistake is
    an InputError naming the file, the line and what is wrong."""
    from ..coding.codebook import read_yaml

    path = Path(path) if path is not None else SHIPPED_DIR / "leercultuurscan.yaml"
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping with id, scale, blocks and items", line=1)
    lines = getattr(data, "key_lines", {})
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise InputError(path, f"unknown key {unknown[0]!r}", line=lines.get(unknown[0]),
                         fix="allowed: " + ", ".join(sorted(TOP_KEYS)))
    for key in ("id", "scale", "blocks", "items"):
        if key not in data:
            raise InputError(path, f"has no {key!r}", line=1)
    scale = data["scale"]
    if not isinstance(scale, dict) or not all(isinstance(scale.get(k), int) for k in ("min", "max")) \
            or scale["min"] >= scale["max"]:
        raise InputError(path, "scale needs whole numbers min < max", line=lines.get("scale"))
    if not isinstance(data["blocks"], list) or not data["blocks"]:
        raise InputError(path, "blocks must be a non-empty list", line=lines.get("blocks"))
    blocks = []
    for raw in data["blocks"]:
        line = getattr(raw, "line", lines.get("blocks"))
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise InputError(path, "every block needs an id", line=line)
        advice = raw.get("advice") or {}
        bad = sorted(set(advice) - set(BANDS)) if isinstance(advice, dict) else ["advice"]
        if bad:
            raise InputError(path, f"block {raw['id']!r}: advice bands are low, middle and high, not {bad[0]!r}",
                             line=line)
        blocks.append(Block(raw["id"], _texts(raw.get("label"), raw["id"]), _texts(raw.get("description"), ""),
                            {band: _texts(text, "") for band, text in advice.items()}))
    block_ids = [b.id for b in blocks]
    if len(set(block_ids)) < len(block_ids):
        raise InputError(path, "two blocks have the same id", line=lines.get("blocks"))
    items, seen = [], set()
    for raw in data["items"] or []:
        line = getattr(raw, "line", lines.get("items"))
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise InputError(path, "every item needs an id", line=line)
        if raw["id"] in seen:
            raise InputError(path, f"item {raw['id']!r} is defined twice", line=line)
        if raw.get("block") not in block_ids:
            raise InputError(path, f"item {raw['id']!r} belongs to unknown block {raw.get('block')!r}", line=line,
                             fix="blocks: " + ", ".join(block_ids))
        seen.add(raw["id"])
        items.append(Item(raw["id"], raw["block"], _texts(raw.get("text"), raw["id"]), bool(raw.get("reverse", False))))
    empty = [b for b in block_ids if not any(i.block == b for i in items)]
    if empty:
        raise InputError(path, f"block {empty[0]!r} has no items", line=lines.get("blocks"),
                         fix="give it items, or leave the block out")
    bands = data.get("bands") or {}
    share = float(data.get("min_items_share", 2 / 3))
    if not 0 < share <= 1:
        raise InputError(path, "min_items_share must lie in (0, 1]", line=lines.get("min_items_share"))
    return Instrument(id=str(data["id"]), name=_texts(data.get("name"), str(data["id"])), version=str(data.get("version", "")),
                      blocks=tuple(blocks), items=tuple(items), scale_min=scale["min"], scale_max=scale["max"],
                      min_group_size=int(data.get("min_group_size", 5)), min_items_share=share,
                      bands=(float(bands.get("low", 3.0)), float(bands.get("high", 3.75))),
                      illustrative=bool(data.get("illustrative", False)), note=_texts(data.get("note"), ""), path=path)


def _texts(value, default: str) -> dict:
    """{lang: text} from a mapping or one text."""
    if isinstance(value, dict):
        return {str(k): str(v).strip() for k, v in value.items()}
    return {"nl": str(value).strip()} if value else ({"nl": default} if default else {})
