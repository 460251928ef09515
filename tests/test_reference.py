"""Reference lists: only listed names reach the site, in both languages; prices keep their
currency and are compared within one unit.

Inputs: tests/fixtures/good/ (its own lists in good/reference/) with four complaints added
in February 2024 (see CASES below), as of 2025-06-30. Figures worked out by hand:

- 区城管局 received 2024 complaints C1, C2, C6 (listed twice, counted once), C9 (its code
  `URBAN_MANAGEMENT`) and C10 (its English name): 5 received; C1, C2, C6 closed: 3 closed.
- 未登记 received C7 (a queue with a staff member's name) and C8 (a mobile number):
  2 received, 1 closed (C8). Neither value reaches any table, page or message.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import AS_OF, FIXTURES

STAFF, MOBILE = "受理三组-王小明", "13912345678"
CASES = [
    f"C7,complaint,2024-02-10 08:00,,,,,{STAFF},市容环境,东关街道,G01,hotline,,,,,,",
    f"C8,complaint,2024-02-11 08:00,,2024-02-12 08:00,办结,resolved,转办 {MOBILE},市容环境,"
    "东关街道,G01,hotline,,,,,,",
    "C9,complaint,2024-02-12 08:00,,,,,URBAN_MANAGEMENT,市容环境,东关街道,G01,hotline,,,,,,",
    "C10,complaint,2024-02-13 08:00,,,,,district urban management bureau,市容环境,东关街道,G01,"
    "hotline,,,,,,",
]


def with_cases(target: Path) -> Path:
    shutil.copytree(FIXTURES / "good", target)
    path = target / "cases" / "cases.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(CASES)
                    + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return with_cases(tmp_path_factory.mktemp("reference") / "data")


@pytest.fixture(scope="module")
def pipeline_run(data):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    con, manifest, _ = run_pipeline(data, load_settings(max_quarantine_share=0.5), AS_OF)
    yield con, manifest
    con.close()


def by_department(con) -> dict[str, tuple[int, int]]:
    rows = con.execute("select department, received, closed from cases_by_department "
                       "where year = 2024 and source = 'complaint'").fetchall()
    return {d: (r, c) for d, r, c in rows}


def test_unlisted_department_is_published_as_unlisted(pipeline_run):
    con, _ = pipeline_run
    assert by_department(con) == {"区城管局": (5, 3), "区住建局": (2, 1), "未登记": (2, 1)}


def test_unlisted_values_are_counted_in_the_manifest_without_values(pipeline_run):
    _, manifest = pipeline_run
    assert manifest["unlisted"] == [{"dimension": "departments", "table": "cases",
                                     "column": "department", "values": 2, "rows": 2,
                                     "personal_values": 1}]
    assert manifest["reference_lists"]["departments"]["file"] == "reference/departments.csv"
    assert manifest["reference_lists"]["currencies"]["file"] == "data/reference/currencies.csv"
    assert STAFF not in str(manifest) and MOBILE not in str(manifest)


def test_no_mart_holds_the_unlisted_values(pipeline_run):
    con, _ = pipeline_run
    from pipeline.models import model_files

    for name in model_files():
        text = con.execute(f'select * from "{name}"').df().to_csv()
        assert STAFF not in text and MOBILE not in text and "王小明" not in text, name


def test_check_lists_the_values_but_never_personal_data(data):
    import publish

    result = CliRunner().invoke(publish.cli, ["check", "--data", str(data),
                                              "--as-of", AS_OF.isoformat()])
    assert (f"cases/cases.csv, line 9, column department: '{STAFF}' is not in "
            "reference/departments.csv (1 rows published as 未登记 / Unlisted)") in result.output
    assert ("cases/cases.csv, line 10, column department: a value holding personal data "
            "(mobile) is not published (1 rows published as 未登记 / Unlisted)") in result.output
    assert MOBILE not in result.output
    assert "2 values not in the reference lists" in result.output
    assert ("reference/stores.csv, line 3, column name_en: 丙超市 has no English name "
            "(English pages show it in Chinese)") in result.output


def test_the_data_folder_list_wins_and_a_bad_list_is_named(data, tmp_path):
    from pipeline import models, reference
    from pipeline.errors import InputError

    own = tmp_path / "reference"
    own.mkdir()
    (own / "roles.csv").write_text("code,name_zh,name_en\nmayor,区长,Mayor\nmayor,副区长,\n",
                                   encoding="utf-8")
    assert reference.list_path(tmp_path, "roles") == own / "roles.csv"
    assert reference.list_path(tmp_path, "units") == reference.DEFAULT_FOLDER / "units.csv"
    con = models.connect()
    with pytest.raises(InputError) as error:
        reference.load(con, tmp_path)
    assert str(error.value) == ("reference/roles.csv, line 3, column code: "
                                "the code is listed twice")


def test_names_in_the_page_language():
    import pandas as pd
    from markupsafe import Markup

    from pipeline.site.names import lookup, translate_name

    frame = pd.DataFrame([("departments", "区城管局", "Urban Management Bureau"),
                          ("stores", "甲超市", None), ("*", "未登记", "Unlisted")],
                         columns=["dimension", "name_zh", "name_en"])
    names = lookup(frame)
    assert translate_name("区城管局", "en", names, "departments") == "Urban Management Bureau"
    assert translate_name("区城管局", "zh", names, "departments") == "区城管局"
    assert translate_name("未登记", "en", names, "departments") == "Unlisted"
    assert translate_name("甲超市", "en", names, "stores") == Markup('<span lang="zh">甲超市</span>')
    assert translate_name("<b>甲</b>", "en", names) == Markup(
        '<span lang="zh">&lt;b&gt;甲&lt;/b&gt;</span>')
    assert translate_name("Market A", "en", names, "stores") == "Market A"
    assert translate_name(None, "en", names) is None


# --- prices in another currency and several units ----------------------------------------

ITEMS = ("item_code,name_zh,name_en,category,unit,spec\n"
         "MAIZE-KG,玉米,Maize,grain,kg,\n"
         "MAIZE-SACK,玉米（袋）,Maize (sack),grain,90 kg sack,\n")
OBSERVATIONS = ("observed_on,item_code,store,price\n"
                "2024-03-01,MAIZE-KG,Market A,0.50\n2024-03-01,MAIZE-KG,Market B,0.40\n"
                "2024-03-01,MAIZE-SACK,Market A,30.00\n2024-03-01,MAIZE-SACK,Market B,36.00\n")
STORES = "store,store_type,district\nMarket A,market,\nMarket B,market,\n"
UNITS = ("code,name_zh,name_en,basis,quantity,currency\n"
         "kg,kg,kg,weight,1000,USD\nsack_90kg,90 kg sack,90 kg sack,weight,90000,usd\n")
STORE_LIST = "code,name_zh,name_en\na,Market A,Market A\nb,Market B,Market B\n"


def price_data(target: Path, items: str = ITEMS) -> Path:
    shutil.copytree(FIXTURES / "good", target)
    files = {"prices/items.csv": items, "prices/observations.csv": OBSERVATIONS,
             "prices/stores.csv": STORES, "reference/units.csv": UNITS,
             "reference/stores.csv": STORE_LIST}
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def test_prices_keep_their_currency_and_compare_within_one_unit(tmp_path):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings
    from pipeline.site.sections.prices import unit_label

    con, _, _ = run_pipeline(price_data(tmp_path / "data"), load_settings(), AS_OF)
    latest = con.execute("select item_code, store, price, min_price, max_price, spread_pct, "
                         "is_cheapest from prices_latest order by 1, 2").fetchall()
    # kg: 0.40 to 0.50, spread 0.10 / 0.40 = 0.25; sack: 30 to 36, spread 6 / 30 = 0.2
    assert latest == [("MAIZE-KG", "Market A", 0.5, 0.4, 0.5, pytest.approx(0.25), False),
                      ("MAIZE-KG", "Market B", 0.4, 0.4, 0.5, pytest.approx(0.25), True),
                      ("MAIZE-SACK", "Market A", 30.0, 30.0, 36.0, pytest.approx(0.2), True),
                      ("MAIZE-SACK", "Market B", 36.0, 30.0, 36.0, pytest.approx(0.2), False)]
    items = con.execute("select item_code, unit, currency, standard_unit from price_items "
                        "order by 1").fetchall()
    assert items == [("MAIZE-KG", "kg", "USD", "500g"),
                     ("MAIZE-SACK", "90 kg sack", "USD", "90 kg sack")]
    con.close()
    assert unit_label("500g", "en", "USD") == "USD/500g"
    assert unit_label("500g", "zh", "USD") == "USD/500g"


def test_one_item_code_in_several_units_stops_the_build(tmp_path):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings
    from pipeline.errors import InputError

    items = ITEMS + "MAIZE-KG,玉米,Maize,grain,90 kg sack,\n"
    with pytest.raises(InputError) as error:
        run_pipeline(price_data(tmp_path / "data", items), load_settings(), AS_OF)
    assert str(error.value).startswith(
        "prices/items.csv, line 2, column unit: item 'MAIZE-KG' is listed with 2 units or "
        "specs (90 kg sack, kg)")


# --- the built site ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(data, tmp_path_factory) -> Path:
    from pipeline.build import build
    from pipeline.config import load_settings

    output = tmp_path_factory.mktemp("reference_site") / "site"
    build(data, output, load_settings(max_quarantine_share=0.5, k=1), AS_OF)
    return output


def published_texts(root: Path):
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(b"\x1f\x8b"):
                data = gzip.decompress(data)
            yield path, data.decode("utf-8", errors="ignore")


@pytest.mark.slow
def test_no_output_file_holds_the_unlisted_values(site):
    for path, text in published_texts(site):
        assert STAFF not in text and "王小明" not in text and MOBILE not in text, path


@pytest.mark.slow
def test_english_pages_show_english_names(site):
    from pipeline.site.context import slug

    page = (site / "en" / "departments" / slug("区城管局") / "index.html").read_text("utf-8")
    assert "<h1>District Urban Management Bureau</h1>" in page
    league = (site / "en" / "departments" / "index.html").read_text("utf-8")
    assert ">Unlisted</a>" in league and ">未登记<" not in league
    zh = (site / "departments" / slug("区城管局") / "index.html").read_text("utf-8")
    assert "<h1>区城管局</h1>" in zh


def test_a_list_entry_holding_personal_data_is_not_used(good_data):
    """A list drafted carelessly: 区城管局's English name holds a phone number, so the entry
    is dropped and its cases (C1, C2, C6 of 2024) are published as 未登记."""
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    path = good_data / "reference" / "departments.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "District Urban Management Bureau", "Desk (212) 555-0147"), encoding="utf-8")
    con, manifest, _ = run_pipeline(good_data, load_settings(), AS_OF)
    departments = by_department(con)
    names = con.execute("select count(*) from ref_lookup where name_zh = '区城管局'").fetchone()
    con.close()
    assert departments == {"区住建局": (2, 1), "未登记": (3, 3)}
    assert names == (0,)
    # C1, C2, C5 (mediation) and C6 (listed twice, one row) name it
    assert manifest["unlisted"][0] == {"dimension": "departments", "table": "cases",
                                       "column": "department", "values": 1, "rows": 4,
                                       "personal_values": 0}


def test_flagged_names_kinds_only():
    from pipeline.reference import flagged

    assert flagged("区城管局") == ""
    assert flagged("转办 13912345678") == "mobile"
    assert flagged("Queue 3, 45 W 34th Street") == "street_address"
    assert "13912345678" not in flagged("转办 13912345678")


def test_labels_name_another_currency():
    from pipeline.site.names import currency

    assert currency("Price (CNY)", [{"currency": "USD"}, {"currency": "USD"}]) == "Price (USD)"
    assert currency("价格（元）", {"currency": "XOF"}) == "价格（XOF）"
    assert currency("元/%(unit)s", "EUR") == "EUR/%(unit)s"
    assert currency("Price (CNY)", [{"currency": "CNY"}]) == "Price (CNY)"
    assert currency("Price (CNY)", [{"currency": "CNY"}, {"currency": "USD"}]) == \
        "Price (CNY/USD)"


@pytest.mark.slow
def test_price_pages_label_the_currency(tmp_path):
    from pipeline.build import build
    from pipeline.config import load_settings

    output = tmp_path / "site"
    build(price_data(tmp_path / "data"), output, load_settings(), AS_OF)
    for lang in ("", "en/"):
        listing = (output / lang / "prices" / "index.html").read_text(encoding="utf-8")
        assert "USD/500g" in listing and "CNY" not in listing and "元" not in listing
        item = (output / lang / "prices" / "items" / "MAIZE-KG.html").read_text("utf-8")
        assert "USD" in item and "CNY" not in item
    assert "Price (USD)" in (output / "en" / "prices" / "index.html").read_text("utf-8")
