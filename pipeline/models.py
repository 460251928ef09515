"""Runs the SQL models in dependency order in one DuckDB connection.

Staging models (`sql/staging/stg_*.sql`) read the validated raw views; intermediate
models (`sql/intermediate/int_*.sql`) aggregate once for several marts; marts
(`sql/marts/<table>.sql`) read staging and other marts. Each file is one `select`;
this module materialises it as a table named after the file.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import tempfile
import time
from datetime import date
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import contracts

log = logging.getLogger(__name__)

SQL = Path(__file__).parent / "sql"
SPILL_PREFIX = "portal-duckdb-"  # + the process number: see remove_stale_spills
# ingest's scratch folder (exports converted to UTF-8 CSV: personal data), + the number
SCRATCH_PREFIX = "portal-ingest-"
SPILL_IDLE_SECONDS = 600  # a spill folder unwritten this long, its process gone: removed
_REFERENCE = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)


class ModelError(Exception):
    """A SQL model failed: a bug in the model, not in the inputs."""


def connect(timezone: str = "Asia/Shanghai", memory_limit: str | None = None,
            threads: int = 0) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database with the contracts and the shared macros. With
    `memory_limit`, what does not fit spills to a temporary folder of its own (removed
    with the process's other temporary files when the connection closes)."""
    config = {"threads": threads} if threads else {}
    if memory_limit:
        remove_stale_spills()
        spill = tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-")
        atexit.register(shutil.rmtree, spill, ignore_errors=True)
        config.update(memory_limit=memory_limit, temp_directory=spill)
    con = duckdb.connect(config=config)
    con.execute("set TimeZone = ?", [timezone])
    register_contract(con)
    con.execute((SQL / "macros.sql").read_text(encoding="utf-8"))
    return con


def remove_stale_spills(folder: Path | None = None, idle: float = SPILL_IDLE_SECONDS
                        ) -> list[Path]:
    """Remove the spill folders of runs that ended without removing their own (killed,
    or crashed: atexit did not run); at scale 100 one holds gigabytes, and a disk filled
    by them fails the next night's build. Ingest's scratch folders too: they hold copies
    of exports converted to UTF-8 (names, phone numbers), which must not outlive a killed
    run. A folder names its process; one is removed only when that process is gone and
    nothing in it was written for `idle` seconds (a temporary folder shared with other
    machines or containers, where the number is another process's, still sees a live run
    write). Anything else is left alone."""
    removed = []
    now = time.time()
    found = [(prefix, path) for prefix in (SPILL_PREFIX, SCRATCH_PREFIX)
             for path in Path(folder or tempfile.gettempdir()).glob(f"{prefix}*")]
    for prefix, path in found:
        pid, mark, _ = path.name.removeprefix(prefix).partition("-")
        if not (mark and pid.isascii() and pid.isdigit()) or path.is_symlink():
            continue  # a folder of the old form (no number) is never guessed at
        try:
            if (not path.is_dir() or _running(int(pid))
                    or now - _last_write(path) < idle):
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
        log.info("removed the temporary folder of an ended run: %s", path)
    return removed


def _last_write(folder: Path) -> float:
    return max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())])


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's; not a process number
        return True
    return True


def register_contract(con: duckdb.DuckDBPyConnection) -> None:
    """The contracts as a table, so that SQL rules can read them."""
    rows = [(t.name, c.name, c.kind, c.required, list(c.values))
            for t in contracts.TABLES for c in t.columns]
    frame = pd.DataFrame(rows, columns=["table_name", "column_name", "kind", "required",
                                        "accepted"])
    con.register("contract_frame", frame)
    con.execute("create or replace table contract_columns as select * from contract_frame")
    con.unregister("contract_frame")


def model_files() -> dict[str, Path]:
    files = [path for layer in ("staging", "intermediate", "marts")
             for path in sorted((SQL / layer).glob("*.sql"))]
    return {path.stem: path for path in files}


def run_order(files: dict[str, Path]) -> list[str]:
    """Models ordered so that each runs after the models it reads."""
    graph = {}
    for name, path in files.items():
        read = set(_REFERENCE.findall(path.read_text(encoding="utf-8")))
        graph[name] = {other for other in read if other in files and other != name}
    return list(TopologicalSorter(graph).static_order())


def run_models(con: duckdb.DuckDBPyConnection, as_of: date, id_key: str) -> list[str]:
    """Materialise every model; return their names in run order."""
    con.execute("set variable as_of = ?", [as_of])
    con.execute("set variable id_key = ?", [id_key])
    files = model_files()
    order = run_order(files)
    for name in order:
        sql = files[name].read_text(encoding="utf-8")
        try:
            con.execute(f'create or replace table "{name}" as {sql}')
        except duckdb.Error as error:
            raise ModelError(f"{files[name].relative_to(SQL.parent)}: {error}") from None
        log.info("model %s", name)
    return order


def set_price_settings(con: duckdb.DuckDBPyConnection, settings) -> None:
    """portal.toml [prices] for the price marts: getvariable('stale_days'),
    getvariable('index_base'), getvariable('basket') (a list of {item, quantity})."""
    con.execute("set variable stale_days = ?", [settings.stale_days])
    con.execute("set variable index_base = ?", [settings.index_base])
    con.execute("set variable basket = ?",
                [[{"item": b.item, "quantity": b.quantity} for b in settings.basket]])
