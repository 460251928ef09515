"""The input contracts of DESIGN.md: for every raw table, its columns, their kinds and rules.

Ingest, validation and staging are all driven from here, so a new domain is a contract
entry plus its SQL models. Kinds decide how a value is read:

- text       kept as written (trimmed)           - code       matched case-insensitively
- timestamp  ISO 8601 or local forms, Excel serials - date    as timestamp, day kept
- bool       1/0, true/false, yes/no, 是/否       - number    decimal
- rating     1–5 or 满意/基本满意/不满意
- personal   personal data: read, never staged    - free_text never staged, scanned only
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("city_management", "mediation", "approval", "complaint")
OUTCOMES = ("resolved", "partially_resolved", "unresolved", "referred", "withdrawn")
CHANNELS = ("hotline", "web", "walk_in", "patrol", "app", "letter", "other")
CALL_KINDS = ("consultation", "complaint", "suggestion", "praise", "other")
STAGES = ("pledge", "midyear", "yearend", "interim")
STATUSES = (
    "not_started", "on_track", "delayed", "fulfilled",
    "partially_fulfilled", "not_fulfilled", "withdrawn",
)
PRICE_CATEGORIES = (
    "grain", "oil", "meat", "egg", "aquatic", "vegetable", "fruit", "dairy", "medicine", "daily",
)
STORE_TYPES = ("supermarket", "market", "pharmacy", "online")
REQUESTER_TYPES = ("person", "organisation")
DISCLOSURE_OUTCOMES = (
    "disclosed", "partially_disclosed", "not_disclosed", "not_held",
    "not_government_info", "withdrawn", "other",
)

NOT_STAGED = ("personal", "free_text")
DATE_KINDS = ("timestamp", "date")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False
    values: tuple[str, ...] = ()

    @property
    def staged(self) -> bool:
        """Only these columns pass staging: the allowlist."""
        return self.kind not in NOT_STAGED

    @property
    def parsed(self) -> str | None:
        """For a date column, the raw column holding its value parsed once at ingest
        (a timestamp beside the text), read by the checks and staging."""
        return f"_ts_{self.name}" if self.kind in DATE_KINDS else None


@dataclass(frozen=True)
class Reference:
    column: str
    table: str
    target: str


@dataclass(frozen=True)
class Table:
    name: str
    domain: str
    columns: tuple[Column, ...]
    file_prefix: str = ""  # files of the domain folder whose name holds this word
    also: tuple[str, ...] = ()  # other words that name the same table
    references: tuple[Reference, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: str = "text", required: bool = False, values: tuple = ()) -> Column:
    return Column(name, kind, required, tuple(values))


TABLES: tuple[Table, ...] = (
    Table("cases", "cases", (
        _c("case_id", required=True),
        _c("source", "code", True, SOURCES),
        _c("received_at", "timestamp", True),
        _c("due_at", "timestamp"),
        _c("closed_at", "timestamp"),
        _c("status"),
        _c("outcome", "code", values=OUTCOMES),
        _c("department", required=True),
        _c("category", required=True),
        _c("district"),
        _c("grid"),
        _c("channel", "code", values=CHANNELS),
        _c("satisfaction", "rating"),
        _c("summary", "free_text"),
        _c("reporter_name", "personal"),
        _c("reporter_phone", "personal"),
        _c("reporter_id_number", "personal"),
        _c("address", "personal"),
    )),
    Table("hotline", "hotline", (
        _c("call_id", required=True),
        _c("received_at", "timestamp", True),
        _c("answered", "bool", True),
        _c("wait_seconds", "number"),
        _c("kind", "code", True, CALL_KINDS),
        _c("department"),
        _c("replied_at", "timestamp"),
        _c("resolved_at", "timestamp"),
        _c("resolved", "bool"),
        _c("satisfaction", "rating"),
        _c("programme_date", "date"),
        _c("summary", "free_text"),
        _c("caller_name", "personal"),
        _c("caller_phone", "personal"),
    )),
    Table("commitments", "commitments", (
        _c("commitment_id", required=True),
        _c("year", "number", True),
        _c("owner_role", required=True),
        _c("owner_name"),
        _c("department", required=True),
        _c("title", required=True),
        _c("description"),
        _c("target"),
        _c("deadline", "date", True),
        _c("category"),
    ), file_prefix="commitments", also=("commitment", "承诺")),
    Table("commitment_updates", "commitments", (
        _c("commitment_id", required=True),
        _c("reported_on", "date", True),
        _c("stage", "code", True, STAGES),
        _c("status", "code", True, STATUSES),
        _c("progress_pct", "number"),
        _c("note"),
        _c("evidence_url"),
    ), file_prefix="updates", also=("update", "progress", "进展"),
        references=(Reference("commitment_id", "commitments", "commitment_id"),)),
    Table("price_items", "prices", (
        _c("item_code", "code", True),
        _c("name_zh", required=True),
        _c("name_en"),
        _c("category", "code", True, PRICE_CATEGORIES),
        _c("unit", required=True),
        _c("spec"),
        _c("spec_en"),
    ), file_prefix="items", also=("item", "goods", "商品")),
    Table("price_stores", "prices", (
        _c("store", required=True),
        _c("store_type", "code", True, STORE_TYPES),
        _c("district"),
    ), file_prefix="stores", also=("store", "shop", "商店")),
    Table("price_observations", "prices", (
        _c("observed_on", "date", True),
        _c("item_code", "code", True),
        _c("store", required=True),
        _c("price", "number", True),
    ), file_prefix="observations", also=("observation", "price", "价格"), references=(
        Reference("item_code", "price_items", "item_code"),
        Reference("store", "price_stores", "store"),
    )),
    Table("disclosure", "disclosure", (
        _c("request_id", required=True),
        _c("received_at", "timestamp", True),
        _c("requester_type", "code", True, REQUESTER_TYPES),
        _c("department", required=True),
        _c("replied_at", "timestamp"),
        _c("outcome", "code", True, DISCLOSURE_OUTCOMES),
        _c("reason"),
        _c("reconsideration", "bool"),
        _c("litigation", "bool"),
    )),
)

DOMAINS: tuple[str, ...] = tuple(dict.fromkeys(t.domain for t in TABLES))


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


def table_for_file(domain: str, file_name: str) -> Table | None:
    """The contract table a file of `domain` feeds, chosen by a word in its name
    (commitment_updates.csv feeds updates: the more specific words are tried first)."""
    candidates = [t for t in TABLES if t.domain == domain]
    if len(candidates) == 1:
        return candidates[0]
    lowered = file_name.lower()
    for word_index in range(max(len(t.also) for t in candidates) + 1):
        for t in candidates:
            words = (t.file_prefix, *t.also)
            if word_index < len(words) and words[word_index] in lowered:
                return t
    return None
