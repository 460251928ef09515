"""The sample's reference lists: every public dimension value it writes, in both languages.

`write_reference(out)` writes ``out/reference/<dimension>.csv`` (code, name_zh, name_en
and the columns a dimension needs); `data/reference/` holds the same files, written by
`python -m pipeline.sample.reference data/reference`. Codes are slugs of the English names.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from pipeline.sample.names import AREAS, OFFICES
from pipeline.site.i18n import labels

DEPARTMENTS = {
    "区城管局": "District Urban Management Bureau",
    "区住建局": "District Housing and Urban-Rural Development Bureau",
    "区生态环境局": "District Ecology and Environment Bureau",
    "区市场监管局": "District Market Regulation Bureau",
    "区交通运输局": "District Transport Bureau",
    "区司法局": "District Justice Bureau",
    "区人社局": "District Human Resources and Social Security Bureau",
    "区卫健委": "District Health Commission",
    "区行政审批局": "District Administrative Approval Bureau",
    "区教育局": "District Education Bureau",
    "区民政局": "District Civil Affairs Bureau",
    "区自然资源局": "District Natural Resources Bureau",
    "区信访局": "District Letters and Calls Bureau",
    "区发展改革委": "District Development and Reform Commission",
    "区政府办公室": "District Government Office",
}
PLACES = {"东关": "Dongguan", "西城": "Xicheng", "南湖": "Nanhu", "北山": "Beishan",
          "新华": "Xinhua", "和平": "Heping", "人民路": "Renminlu", "金桥": "Jinqiao"}
CASE_CATEGORIES = {
    "市容环境": "City appearance", "占道经营": "Street vending", "违章搭建": "Illegal construction",
    "噪声扰民": "Noise nuisance", "乱堆乱放": "Clutter in public space",
    "暴露垃圾": "Exposed rubbish", "井盖破损": "Broken manhole cover",
    "路灯故障": "Street light fault", "违规广告": "Illegal advertising",
    "油烟污染": "Cooking fumes", "无照经营": "Unlicensed business",
    "非机动车乱停放": "Bicycle parking", "绿化损坏": "Damaged greenery",
    "邻里纠纷": "Neighbour dispute", "婚姻家庭": "Marriage and family",
    "劳动争议": "Labour dispute", "拖欠工资": "Unpaid wages", "物业管理": "Property management",
    "房屋租赁": "Housing rental", "医患纠纷": "Medical dispute", "交通事故": "Traffic accident",
    "消费纠纷": "Consumer dispute", "征地拆迁": "Land requisition and demolition",
    "营业执照": "Business licence", "食品经营许可": "Food business permit",
    "施工许可": "Construction permit", "公共场所卫生许可": "Public venue hygiene permit",
    "道路运输许可": "Road transport permit", "排污许可": "Pollutant discharge permit",
    "民办学校设立": "Private school licence", "社会团体登记": "Social organisation registration",
    "人力资源服务许可": "Human resources service permit",
    "药品零售许可": "Pharmacy retail permit", "户外广告设置": "Outdoor advertising permit",
    "办事拖延": "Delays", "服务态度": "Staff attitude", "推诿扯皮": "Buck-passing",
    "乱收费": "Improper fees", "政策落实": "Policy not implemented", "工作作风": "Work conduct",
    "执法不规范": "Improper enforcement",
}
COMMITMENT_CATEGORIES = {
    "交通出行": "Transport", "卫生健康": "Health", "城市建设": "Urban development",
    "城市管理": "Urban management", "就业社保": "Jobs and social security",
    "平安建设": "Public safety", "政务公开": "Open government", "教育": "Education",
    "民生保障": "Livelihoods", "生态环境": "Environment", "社会治理": "Community governance",
    "营商环境": "Business environment",
}
ROLES = {"区长": "District Mayor", "副区长": "Deputy District Mayor", "局长": "Bureau Director",
         "主任": "Director", "街道党工委书记": "Subdistrict Party Secretary",
         "镇党委书记": "Town Party Secretary"}
STORES = {"佳和超市(东关店)": "Jiahe Supermarket (Dongguan)",
          "家家福超市(新华店)": "Jiajiafu Supermarket (Xinhua)",
          "惠万家超市(南湖店)": "Huiwanjia Supermarket (Nanhu)",
          "西城农贸市场": "Xicheng Farmers' Market",
          "康宁大药房(人民路店)": "Kangning Pharmacy (Renminlu)",
          "百姓缘药店(和平店)": "Baixingyuan Pharmacy (Heping)"}
# unit: English, basis (weight in grams, volume in ml, or package: the spec says), quantity
UNITS = {"500g": ("500 g", "weight", 500), "kg": ("kg", "weight", 1000),
         "块": ("bar", "package", 1), "提": ("pack", "package", 1), "支": ("tube", "package", 1),
         "桶": ("jug", "package", 1), "瓶": ("bottle", "package", 1), "盒": ("box", "package", 1),
         "箱": ("case", "package", 1), "罐": ("tin", "package", 1), "袋": ("bag", "package", 1)}
CURRENCIES = (("CNY", "人民币（元）", "yuan (CNY)", "¥"), ("USD", "美元", "US dollar (USD)", "$"),
              ("EUR", "欧元", "euro (EUR)", "€"), ("GBP", "英镑", "pound sterling (GBP)", "£"),
              ("HKD", "港元", "Hong Kong dollar (HKD)", "HK$"),
              ("JPY", "日元", "Japanese yen (JPY)", "¥"))
def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _offices() -> dict[str, str]:
    names = {}
    for office, (area, _, _) in zip(OFFICES, AREAS, strict=True):
        place = next(en for zh, en in PLACES.items() if area.startswith(zh))
        names[office] = (f"{place} Town Government" if office.endswith("人民政府")
                         else f"{place} Subdistrict Office")
    return names


def _districts() -> dict[str, str]:
    return {area: next(f"{en} Town" if area.endswith("镇") else f"{en} Subdistrict"
                       for zh, en in PLACES.items() if area.startswith(zh))
            for area, _, _ in AREAS}


def _coded(group: str) -> list[tuple]:
    """Coded dimensions keep the names of the interface's label catalogue."""
    return [(code, zh, en) for code, (zh, en) in labels()[group].items() if code != "none"]


def lists() -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """{dimension: (header, rows)} of every list the sample needs."""
    def named(names: dict[str, str]) -> list[tuple]:
        return [(slug(en), zh, en) for zh, en in names.items()]

    base = ("code", "name_zh", "name_en")
    districts = [(code.lower(), zh, _districts()[zh]) for zh, code, _ in AREAS]
    return {
        "departments": (base, named({**DEPARTMENTS, **_offices()})),
        "districts": (base, districts),
        "case_categories": (base, named(CASE_CATEGORIES)),
        "commitment_categories": (base, named(COMMITMENT_CATEGORIES)),
        "roles": (base, named(ROLES)),
        "stores": (base, named(STORES)),
        "units": ((*base, "basis", "quantity", "currency"),
                  [(slug(en) or zh, zh, en, basis, quantity, "CNY")
                   for zh, (en, basis, quantity) in UNITS.items()]),
        "currencies": ((*base, "symbol"), list(CURRENCIES)),
        "channels": (base, _coded("channel")),
        "price_categories": (base, _coded("price_category")),
    }


def write_reference(out: Path) -> dict[str, int]:
    """Write out/reference/<dimension>.csv; return {relative path: rows}."""
    folder = Path(out) / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for dimension, (header, rows) in lists().items():
        path = folder / f"{dimension}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        counts[f"reference/{dimension}.csv"] = len(rows)
    return counts


if __name__ == "__main__":
    write_reference(Path(sys.argv[1]).parent if Path(sys.argv[1]).name == "reference"
                    else Path(sys.argv[1]))
