"""The portal's settings: portal.toml loaded once into a typed, read-only object."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BasketItem:
    item: str
    quantity: float


@dataclass(frozen=True)
class Settings:
    name_zh: str
    name_en: str
    government_zh: str
    government_en: str
    languages: tuple[str, ...]
    timezone: str
    k: int
    id_key: str
    max_quarantine_share: float
    max_orphan_share: float
    min_volume_ratio: float
    targets: dict[str, float]
    stale_days: int
    index_base: str
    basket: tuple[BasketItem, ...]
    keep_releases: int
    archive_days: int = 30
    extra: dict = field(default_factory=dict)
    max_file_bytes: int = 2 << 30
    max_record_bytes: int = 1 << 20
    earliest_date: str = "1990-01-01"
    memory_limit: str = "1200MB"
    threads: int = 0


def load_settings(path: Path | None = None, **overrides) -> Settings:
    """Read portal.toml (or `path`); keyword arguments override single settings (tests)."""
    raw = tomllib.loads((path or ROOT / "portal.toml").read_text(encoding="utf-8"))
    portal, privacy, inputs, prices = raw["portal"], raw["privacy"], raw["inputs"], raw["prices"]
    values = dict(
        name_zh=portal["name_zh"],
        name_en=portal["name_en"],
        government_zh=portal["government_zh"],
        government_en=portal["government_en"],
        languages=tuple(portal["languages"]),
        timezone=portal["timezone"],
        k=int(privacy["k"]),
        id_key=os.environ.get("PORTAL_ID_KEY", privacy["id_key"]),
        max_quarantine_share=float(inputs["max_quarantine_share"]),
        max_orphan_share=float(inputs["max_orphan_share"]),
        min_volume_ratio=float(inputs["min_volume_ratio"]),
        targets={key: float(value) for key, value in raw["targets"].items()},
        stale_days=int(prices["stale_days"]),
        index_base=str(prices["index_base"]),
        basket=tuple(BasketItem(b["item"], float(b["quantity"])) for b in prices["basket"]),
        keep_releases=int(raw["release"]["keep"]),
        archive_days=int(raw["release"].get("archive_days", 30)),
        extra={"site": dict(raw.get("site", {}))},
        max_file_bytes=int(inputs.get("max_file_bytes", 2 << 30)),
        max_record_bytes=int(inputs.get("max_record_bytes", 1 << 20)),
        earliest_date=str(inputs.get("earliest_date", "1990-01-01")),
        memory_limit=str(raw.get("pipeline", {}).get("memory_limit", "1200MB")),
        threads=int(raw.get("pipeline", {}).get("threads", 0)),
    )
    values.update(overrides)
    return Settings(**values)
