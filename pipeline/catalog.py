"""The published tables, read from the YAML beside each mart: one place for a figure's story.

Every published table is `pipeline/sql/marts/<name>.sql` (its rows) and
`pipeline/sql/marts/<name>.yml` (its meaning): title and description in both languages,
every column with its Frictionless type, its Chinese and English names and the metric
it carries (a key of theme/translations/metrics.toml), the disclosure policy
(disclosure.py) and the data tests (datatests.py). Tables a site section writes itself
(they compare with the last published site, which the pipeline never sees) are described
the same way in `pipeline/site/tables/<name>.yml`. The universes of records the count
tables are built from (relations.py) are in `pipeline/sql/universes.yml`.

The Data page, `datapackage.json`, the export, the disclosure control and the page cards
all read `TABLES` and `SITE_TABLES`, in the order the files give (`order`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline.errors import InputError
from pipeline.policy import Policy, Rate
from pipeline.relations import Dim, Measure, Universe

PIPELINE = Path(__file__).parent
MARTS = PIPELINE / "sql" / "marts"
SITE = PIPELINE / "site" / "tables"
UNIVERSES = PIPELINE / "sql" / "universes.yml"
TYPES = ("string", "integer", "number", "boolean", "date")


@dataclass(frozen=True)
class Col:
    name: str
    type: str  # Frictionless types: string, integer, number, boolean, date
    zh: str
    en: str
    metric: str = ""  # key of theme/translations/metrics.toml, "" when none
    tests: tuple[Any, ...] = ()  # column tests as declared (datatests.py)


@dataclass(frozen=True)
class Published:
    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    columns: tuple[Col, ...]
    keys: tuple[str, ...]
    policy: Policy | None = None
    domain: str = ""
    tests: tuple[Any, ...] = ()  # table tests as declared (datatests.py)
    path: Path | None = None  # the YAML file
    unpublished: tuple[str, ...] = ()  # columns the mart makes for other marts only


def read_yaml(path: Path) -> dict:
    try:
        # libyaml's C parser (safe: plain data only), ten times the pure-Python one
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(shown(path), f"not valid YAML: {getattr(error, 'problem', error)}",
                         line=mark.line + 1 if mark else None) from None
    if not isinstance(loaded, dict):
        raise InputError(shown(path), "expected a mapping of keys to values")
    return loaded


def shown(path: Path) -> str:
    try:
        return path.relative_to(PIPELINE.parent).as_posix()
    except ValueError:
        return str(path)


def load_universes(path: Path = UNIVERSES) -> dict[str, Universe]:
    return {name: Universe(name,
                           tuple(Dim(d["name"], d.get("within"), d.get("additive", True))
                                 for d in spec["dims"]),
                           tuple(tuple(pair) for pair in spec.get("bounds", ())))
            for name, spec in read_yaml(path).items()}


def year_of(column: str, frame: pd.DataFrame) -> pd.Series:
    """The year (YYYY) of a YYYY-MM column."""
    return frame[column].str[:4]


_DERIVED: dict[str, Callable[[str, pd.DataFrame], pd.Series]] = {"year_of": year_of}


def _policy(spec: dict, universes: dict[str, Universe], path: Path) -> Policy:
    universe = spec.get("universe")
    if universe is not None and universe not in universes:
        raise InputError(shown(path), f"no universe {universe} in {shown(UNIVERSES)}",
                         column="disclosure.universe")
    derived = {}
    for name, rule in spec.get("derived", {}).items():
        (kind, column), = rule.items()
        derived[name] = partial(_DERIVED[kind], column)
    return Policy(
        tuple(spec["counts"]),
        tuple(Rate(r["column"], r["denominator"], r.get("numerator"))
              for r in spec.get("rates", ())),
        tuple(tuple(g) for g in spec.get("groups", ())),
        derived,
        universes[universe] if universe else None,
        dict(spec.get("dims", {})),
        {column: Measure(m["measure"], tuple(m.get("where", {}).items()))
         for column, m in spec.get("measures", {}).items()},
        tuple(spec.get("scope", ())),
        dict(spec.get("floors", {})),
    )


def load_table(path: Path, spec: dict, universes: dict[str, Universe]) -> Published:
    if spec.get("name") != path.stem:
        raise InputError(shown(path), f"name {spec.get('name')!r} is not the file's name",
                         column="name")
    columns = []
    for col in spec["columns"]:
        if col["type"] not in TYPES:
            raise InputError(shown(path), f"type {col['type']!r} is not one of {TYPES}",
                             column=f"columns.{col['name']}")
        columns.append(Col(col["name"], col["type"], col["zh"], col["en"],
                           col.get("metric", ""), tuple(col.get("tests", ()))))
    policy = spec.get("disclosure")
    return Published(
        spec["name"], spec["title"]["zh"], spec["title"]["en"], spec["description"]["zh"],
        spec["description"]["en"], tuple(columns), tuple(spec["keys"]),
        _policy(policy, universes, path) if policy else None, spec.get("domain", ""),
        tuple(spec.get("tests", ())), path,
        tuple(col["name"] for col in spec.get("unpublished", ())))


def load_tables(folder: Path, universes: dict[str, Universe]) -> tuple[Published, ...]:
    specs = {path: read_yaml(path) for path in folder.glob("*.yml")}
    paths = sorted(specs, key=lambda p: (specs[p].get("order", 0), p.stem))
    return tuple(load_table(path, specs[path], universes) for path in paths)


UNIVERSE = load_universes()
TABLES = load_tables(MARTS, UNIVERSE)
SITE_TABLES = load_tables(SITE, UNIVERSE)


def published(name: str) -> Published:
    return next(t for t in TABLES + SITE_TABLES if t.name == name)
