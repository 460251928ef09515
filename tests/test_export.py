"""Writing the published tables: CSV (BOM, formulas defused) and the per-item parts."""

from __future__ import annotations

import codecs

import duckdb
import pandas as pd
import pytest

from pipeline.catalog import published
from pipeline.export import _csv_safe, write_parts


def history(item_codes: list[str], stores: list[str]) -> pd.DataFrame:
    table = published("price_history")
    frame = pd.DataFrame({c.name: [None] * len(item_codes) for c in table.columns})
    frame["item_code"] = pd.array(item_codes, dtype="string")
    frame["store"] = pd.array(stores, dtype="string")
    frame["price"] = [1.5, 2.25, 3.0, 4.0][: len(item_codes)]
    frame["is_cheapest"] = pd.array([True, False, None, True][: len(item_codes)],
                                    dtype="boolean")
    return frame


@pytest.mark.parametrize("stores", [
    ["甲超市", "=SUM(A1)", "乙店", "丙店"],
    ["甲超市", "two\nlines", "乙店", "丙店"],  # a value over two lines: one CSV per part
])
def test_each_part_holds_its_items_rows_in_order(tmp_path, stores):
    table = published("price_history")
    frame = history(["R002", "R001", "R002", "R001"], stores)
    assert write_parts(frame, table, "item_code", tmp_path, duckdb.connect()) == 2
    names = [c.name for c in table.columns]
    for item, rows in (("R001", [1, 3]), ("R002", [0, 2])):
        raw = (tmp_path / "price_history" / f"{item}.csv").read_bytes()
        assert raw.startswith(codecs.BOM_UTF8)
        text = raw[len(codecs.BOM_UTF8):].decode("utf-8")
        assert text.split("\n", 1)[0] == ",".join(names)
        back = pd.read_csv(tmp_path / "price_history" / f"{item}.csv", encoding="utf-8-sig",
                           dtype=str, keep_default_na=False)
        assert back["item_code"].tolist() == [item, item]
        assert back["store"].tolist() == [_csv_safe(frame, table)["store"][r] for r in rows]
        assert back["price"].tolist() == [["1.5", "2.25", "3.0", "4.0"][r] for r in rows]
        assert back["is_cheapest"].tolist() == [["true", "false", "", "true"][r] for r in rows]
    # the formula is defused, the line break kept inside its quoted value
    assert (tmp_path / "price_history" / "R001.csv").read_text("utf-8-sig").count(
        "'=SUM(A1)" if stores[1].startswith("=") else '"two\nlines"') == 1
