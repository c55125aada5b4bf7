"""English names of the gazetteer's divisions, pinyin-based: 山东省 → Shandong Province.

``data/glossary_regions.tsv`` is this module's output (committed; a unit test checks it is
current). Regenerate after changing the gazetteer or the hand-made files beside it with::

    python -m policykg.loaders.glossary_regions

Each division's name loses its type word (省, 市, 自治州 + its ethnic groups …); the rest is
written in pinyin without tones, syllables joined and capitalised, an apostrophe before a
syllable starting with a, o or e (西安 → Xi'an); then the type word's English follows (Province,
City, District, County, Banner, Autonomous Prefecture …) with the ethnic groups' English names
before "Autonomous" (广西壮族自治区 → Guangxi Zhuang Autonomous Region). Conventional names and
pinyin's mistakes are corrected in ``data/glossary_region_overrides.tsv`` (陕西 → Shaanxi, 单县 →
Shan County). pypinyin (a dev dependency) is needed only here: the shipped table is plain data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policykg.loaders import gazetteer

DATA = Path(__file__).parent / "data"
OUTPUT = DATA / "glossary_regions.tsv"
OVERRIDES = DATA / "glossary_region_overrides.tsv"
ETHNIC_GROUPS = DATA / "glossary_ethnic_groups.tsv"

#: The gazetteer's kinds of division: the type word stripped from the name and its English.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "省": ("省", "Province"),
    "直辖市": ("市", "Municipality"),
    "自治区": ("自治区", "Autonomous Region"),
    "特别行政区": ("特别行政区", "Special Administrative Region"),
    "地级市": ("市", "City"),
    "县级市": ("市", "City"),
    "市辖区": ("区", "District"),
    "县": ("县", "County"),
    "旗": ("旗", "Banner"),
    "自治县": ("自治县", "Autonomous County"),
    "自治州": ("自治州", "Autonomous Prefecture"),
    "自治旗": ("自治旗", "Autonomous Banner"),
    "地区": ("地区", "Prefecture"),
    "盟": ("盟", "League"),
    "林区": ("林区", "Forestry District"),
    "特区": ("特区", "Special District"),
    "国家": ("", ""),
}
#: The adjective a division's bodies take (青岛市发展和改革委员会 → Qingdao Municipal …).
KIND_ADJECTIVES: dict[str, str] = {
    "省": "Provincial",
    "直辖市": "Municipal",
    "地级市": "Municipal",
    "县级市": "Municipal",
}


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """The (zh, en) rows of a hand-made two-column TSV (``#`` lines are comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            zh, en = line.split("\t")[:2]
            rows.append((zh, en))
    return rows


def romanise(text: str, context: str = "") -> str:
    """Pinyin without tones, one word, capitalised, apostrophes where syllables would blur.
    ``context`` (the full name ``text`` begins) chooses a character's reading: 朝阳区 → Chaoyang."""
    from pypinyin import lazy_pinyin  # dev dependency: only the generator needs it

    whole = context if context.startswith(text) else text
    syllables = [s for s in lazy_pinyin(whole) if s][: len(text)]
    word = syllables[0] if syllables else ""
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word[:1].upper() + word[1:]


def split_name(name: str, kind: str, groups: list[str]) -> tuple[str, list[str], str]:
    """(base, ethnic groups, English type word) of a division's name."""
    strip, english = KIND_WORDS.get(kind, ("", ""))
    base = name[: -len(strip)] if strip and name.endswith(strip) else name
    found: list[str] = []
    if "自治" in kind:
        changed = True
        while changed:  # 阿坝藏族羌族 → 阿坝 (藏, 羌): groups come off the end, longest first
            changed = False
            for group in groups:
                for form in (group + "族", group):
                    if base.endswith(form) and len(base) - len(form) >= 2:  # 西藏 keeps its 藏
                        base = base[: -len(form)]
                        found.insert(0, group)
                        changed = True
                        break
                if changed:
                    break
    return base, found, english


def english_names() -> list[tuple[str, str, str, str, str]]:
    """(code, name, English name, English base, adjective) for every division of the gazetteer."""
    overrides = dict(read_pairs(OVERRIDES))
    ethnic = dict(read_pairs(ETHNIC_GROUPS))
    groups = sorted(ethnic, key=len, reverse=True)
    rows = []
    for division in gazetteer.divisions().values():
        base, found, type_word = split_name(division.name, division.kind, groups)
        base_en = overrides.get(base) or romanise(base, division.name)
        words = [base_en, *(ethnic[g] for g in found), type_word]
        full = overrides.get(division.name) or " ".join(w for w in words if w)
        if division.name in overrides:
            base_en = full
        adjective = (
            f"{base_en} {KIND_ADJECTIVES[division.kind]}" if division.kind in KIND_ADJECTIVES else full
        )
        rows.append((division.code, division.name, full, base_en, adjective))
    return rows


def render() -> str:
    header = "# English names of the gazetteer's divisions, pinyin-based (generated: python -m "
    header += "policykg.loaders.glossary_regions; do not edit)"
    lines = [
        header,
        "# code\tname\tname_en\tbase_en\tadjective_en",
    ]
    lines += ["\t".join(row) for row in english_names()]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"{OUTPUT}: {len(gazetteer.divisions())} divisions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
