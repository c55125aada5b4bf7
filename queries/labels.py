"""Short Chinese labels beside the graph's English values (roles, forces, levels, node kinds).

Look-ups, not closed sets: a value the graph holds that is not listed here (a role renamed or
added by the extractor) is shown as it is, so pages and registers never drop or refuse it. The
set of values always comes from the graph.
"""

from __future__ import annotations

ROLE_ZH: dict[str, str] = {
    "lead": "牵头",
    "support": "配合",
    "responsible": "责任",
    "participant": "参与",
    "local_government": "属地",
}
FORCE_ZH: dict[str, str] = {
    "binding": "约束性",
    "directive": "指导性",
    "encouraging": "鼓励性",
}
LEVEL_ZH: dict[str, str] = {
    "national": "国家",
    "ministry": "部委",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "district": "区级",
    "country": "国家",
    "prefecture": "地级",
}
KIND_ZH: dict[str, str] = {
    "Plan": "规划",
    "Clause": "条款",
    "Target": "目标",
    "Agency": "单位",
    "Region": "地区",
    "Indicator": "指标",
    "Obligation": "义务",
}


def zh(table: dict[str, str], value: object) -> str:
    """``牵头 lead`` for a known value, the value itself otherwise (empty for None)."""
    if value is None or value == "":
        return ""
    text = str(value)
    label = table.get(text)
    return f"{label} {text}" if label else text
