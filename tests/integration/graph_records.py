"""Synthetic records (built from ``loaders/types.py``) for the graph stage's integration tests.

Two small plans shaped like the real ones: Qingdao's pilot plan citing the national 2030 plan
as its basis, and the national plan itself. Offsets point into made-up source texts; the
tests check structure and counts, not the texts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from policykg.loaders.types import (
    Agency,
    Citation,
    Clause,
    Document,
    Obligation,
    Region,
    Responsibility,
    Target,
)

QD = "qd"
NAT = "nat"
QD_SOURCE = "004_qingdao.txt"
NAT_SOURCE = "003_compilation.txt"


def qingdao(content_hash: str = "qd-v1", extra_clause: bool = False) -> list[Any]:
    doc = Document(
        id=QD,
        source=QD_SOURCE,
        title="国家碳达峰试点（青岛）实施方案",
        issuer="青岛市人民政府",
        date="2024-07-06",
        doc_number=None,
        level="city",
        region="青岛市",
        kind="实施方案",
        draft=False,
        pages=None,
        start=0,
        end=5000,
        content_hash=content_hash,
    )
    top = Clause(
        id="qd/三",
        document=QD,
        path="三",
        heading="主要任务",
        text="三、主要任务（一）大力发展新能源。",
        parent=None,
        start=100,
        end=900,
        page=None,
        source=QD_SOURCE,
        depth=1,
        label="三、",
    )
    task = Clause(
        id="qd/三（一）",
        document=QD,
        path="三（一）",
        heading="大力发展新能源",
        text="（一）大力发展新能源。到2025年，可再生能源装机容量达到800万千瓦。",
        parent="qd/三",
        start=110,
        end=400,
        page=None,
        source=QD_SOURCE,
        depth=2,
        label="（一）",
    )
    records: list[Any] = [
        doc,
        top,
        task,
        Citation(
            document=QD,
            clause="qd/三",
            title="2030年前碳达峰行动方案",
            doc_number="国发〔2021〕23号",
            relation="based_on",
            start=20,
            end=50,
            source=QD_SOURCE,
        ),
        Citation(
            document=QD,
            clause=None,
            title="国家碳达峰试点建设方案",
            doc_number="发改环资〔2023〕1409号",
            relation="based_on",
            start=55,
            end=80,
            source=QD_SOURCE,
        ),
        Target(
            id="qd/三（一）/target/0",
            document=QD,
            clause="qd/三（一）",
            metric="可再生能源装机容量",
            value=800,
            value_max=None,
            unit="万千瓦",
            unit_normalised="千瓦",
            multiplier=1e4,
            year=2025,
            period="by_year",
            comparator="ge",
            direction="level",
            base_year=None,
            text="可再生能源装机容量达到800万千瓦",
            start=130,
            end=150,
            source=QD_SOURCE,
        ),
        Target(
            id="qd/三（一）/target/1",
            document=QD,
            clause="qd/三（一）",
            metric="非化石能源消费比重",
            value=20,
            value_max=None,
            unit="%",
            unit_normalised="%",
            multiplier=1.0,
            year=2025,
            period="by_year",
            comparator="ge",
            direction="level",
            base_year=None,
            text="非化石能源消费比重达到20%",
            start=151,
            end=165,
            source=QD_SOURCE,
        ),
        Agency(
            id="agency:青岛市发展和改革委员会",
            name="青岛市发展和改革委员会",
            names=("市发展改革委",),
            type_="department",
            region="青岛市",
            region_code="370200",
            document=QD,
            clause="qd/三（一）",
            start=380,
            end=386,
            source=QD_SOURCE,
        ),
        Agency(
            id="agency:青岛市海洋发展局",
            name="青岛市海洋发展局",
            names=("市海洋发展局",),
            type_="department",
            region="青岛市",
            region_code="370200",
            document=QD,
            clause="qd/三（一）",
            start=387,
            end=393,
            source=QD_SOURCE,
        ),
        Agency(
            id="agency:青岛市人民政府",
            name="青岛市人民政府",
            names=("市政府",),
            type_="local_government",
            region="青岛市",
            region_code="370200",
            document=QD,
            clause=None,
            start=2,
            end=9,
            source=QD_SOURCE,
        ),
        Responsibility(
            document=QD,
            clause="qd/三（一）",
            agency="agency:青岛市发展和改革委员会",
            agency_text="市发展改革委",
            role="lead",
            start=380,
            end=386,
            source=QD_SOURCE,
        ),
        Responsibility(
            document=QD,
            clause="qd/三（一）",
            agency="agency:青岛市海洋发展局",
            agency_text="市海洋发展局",
            role="participant",
            start=387,
            end=393,
            source=QD_SOURCE,
        ),
        Region(
            id="region:370200",
            name="青岛市",
            code="370200",
            level="prefecture",
            parent_code="370000",
            document=QD,
            clause=None,
            start=8,
            end=11,
            source=QD_SOURCE,
        ),
        Obligation(
            id="qd/三（一）/obligation",
            document=QD,
            clause="qd/三（一）",
            modality="directive",
            agencies=("agency:青岛市发展和改革委员会", "agency:青岛市海洋发展局"),
            due_year=2025,
            start=110,
            end=400,
            source=QD_SOURCE,
        ),
    ]
    if extra_clause:
        records.append(
            replace(
                task,
                id="qd/三（二）",
                path="三（二）",
                heading="节能降碳",
                label="（二）",
                text="（二）节能降碳。",
                start=401,
                end=500,
            )
        )
    return records


def national(content_hash: str = "nat-v1") -> list[Any]:
    doc = Document(
        id=NAT,
        source=NAT_SOURCE,
        title="国务院关于印发2030年前碳达峰行动方案的通知",
        issuer="国务院",
        date="2021-10-24",
        doc_number="国发〔2021〕23号",
        level="national",
        region=None,
        kind="行动方案",
        draft=False,
        pages=(1, 20),
        start=0,
        end=9000,
        content_hash=content_hash,
        group="national",
    )
    clause = Clause(
        id="nat/三（一）",
        document=NAT,
        path="三（一）",
        heading="能源绿色低碳转型行动",
        text="（一）能源绿色低碳转型行动。到2030年，非化石能源消费比重达到25%左右。",
        parent=None,
        start=200,
        end=600,
        page=3,
        source=NAT_SOURCE,
        depth=1,
        label="（一）",
    )
    target = Target(
        id="nat/三（一）/target/0",
        document=NAT,
        clause="nat/三（一）",
        metric="非化石能源占能源消费总量比重",
        value=25,
        value_max=None,
        unit="%",
        unit_normalised="%",
        multiplier=1.0,
        year=2030,
        period="by_year",
        comparator="approx",
        direction="level",
        base_year=None,
        text="非化石能源消费比重达到25%左右",
        start=230,
        end=250,
        source=NAT_SOURCE,
        page=3,
    )
    return [doc, clause, target]


#: What the two plans write (external plan: 国家碳达峰试点建设方案, not in this corpus).
EXPECTED_LABELS = {
    "Plan": 3,
    "Clause": 3,
    "Target": 3,
    "Agency": 3,
    "Region": 3,
    "Obligation": 1,
    "Indicator": 2,
}
EXPECTED_TYPES = {
    "HAS_CLAUSE": 3,
    "PART_OF": 3,
    "CITES": 3,
    "APPLIES_TO": 1,
    "ISSUED_BY": 1,
    "RESPONSIBLE_FOR": 2,
    "QUANTIFIES": 3,
    "MEASURES": 3,
    "LOCATED_IN": 5,
    "SUB_ORGANIZATION_OF": 2,
    "BEARS": 2,
    "STATED_IN": 1,
}
