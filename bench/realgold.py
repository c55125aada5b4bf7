"""Precision and recall on real PDFs against blind labels (issue 17's own gold).

The labels follow ``tests/data/gold_real/RULES.md``: one JSON file per PDF of
``../shared/realcorpus/pdf`` with metadata, targets (page, value, unit, year, …) and responsibility
markers (page, form, agencies with roles). policykg reads each PDF with ``policykg.loaders.pipeline``
and extracts with :class:`policykg.loaders.extract.pipeline.Extractor`; records outside the label's
page scope are ignored.

Matching, per document:
- targets on (value, unit) as a multiset, pairs chosen to agree on year, then page; the year and
  the other attributes are then scored on the matched pairs (``year`` is right when policykg's
  year equals the label's, or, for a label with no year, when policykg's year is empty or equals
  the plan's implied year);
- responsibilities on the agency as written (whitespace removed) as a multiset, pairs chosen
  nearest in page; the role is scored on matched pairs; recall is also reported per marker form;
- metadata field by field (title, date, region, level, kind, 文号 exact after normalising
  brackets and spaces; issuer right when every labelled issuer is named in policykg's issuer).

    python bench/realgold.py --gold tests/data/gold_real/dev [--show-errors] [--out FILE.json]

Prints a table and writes the figures as JSON (``bench/results/realgold_<name>.json`` by default).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REALCORPUS = ROOT.parent / "shared" / "realcorpus" / "pdf"
RESULTS = ROOT / "bench" / "results"

_SPACE = re.compile(r"\s+")
TARGET_ATTRIBUTES = ("year", "implied_year", "comparator", "direction", "base_year", "value_max", "period")
META_FIELDS = ("title", "issuer", "date", "doc_number", "region", "level", "kind")


def squash(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def unit_key(unit: str | None) -> str:
    # NFKC: ％ → %, ／ → /, m³ → m3, µ → μ (the same unit printed two ways)
    return unicodedata.normalize("NFKC", squash(unit)) if unit else ""


def doc_number_key(number: str | None) -> str:
    text = squash(number)
    for a, b in (
        ("„", "〔"),
        ("‟", "〕"),
        ("[", "〔"),
        ("]", "〕"),
        ("［", "〔"),
        ("］", "〕"),
        ("（", "〔"),
        ("）", "〕"),
    ):
        text = text.replace(a, b)
    return text


def title_key(title: str | None) -> str:
    # a draft mark (（征求意见稿）) is no part of the title: policykg records it as Document.draft
    key = re.sub(r"[（(]征求意见稿[）)]", "", squash(title))
    key = key.strip("《》")
    for dash in "—－―–−":
        key = key.replace(dash, "-")
    return key


def _without_issuers(title: str, issuers: Iterable[str]) -> str:
    """关于… with the issuers printed before it taken off (工业和信息化部、国家发展和改革委员会关于…):
    labellers write a heading's issuer prefix in some documents and not in others."""
    names = sorted({squash(name) for name in issuers if name}, key=len, reverse=True)
    head, found, rest = title.partition("关于")
    if not found or not head:
        return title
    for name in names:
        head = head.replace(name, "")
    return found + rest if not head.strip("、，,和及与") else title


def _same_title(found: str | None, gold_titles: list[str], issuers: Iterable[str]) -> bool:
    keys = {title_key(t) for t in gold_titles if t}
    key = title_key(found)
    if key in keys:
        return True
    names = list(issuers)
    return _without_issuers(key, names) in {_without_issuers(k, names) for k in keys}


def _issuer_key(name: str) -> str:
    from policykg.loaders.extract.canonical import expand

    return squash(expand(name))


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched

    def figures(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "precision": round(self.matched / self.found, 4) if self.found else None,
            "recall": round(self.matched / self.gold, 4) if self.gold else None,
        }


@dataclass
class DocumentScore:
    file: str
    kind: str | None
    level: str | None
    targets: Tally = field(default_factory=Tally)
    targets_text: Tally = field(default_factory=Tally)  # without labels in tables
    responsibilities: Tally = field(default_factory=Tally)
    attributes: Counter[str] = field(default_factory=Counter)  # attribute -> right
    roles_right: int = 0
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    meta: dict[str, bool | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def in_scope(page: int | None, scope: Any) -> bool:
    if scope in (None, "all") or page is None:
        return True
    low, high = scope["pages"]
    return bool(low <= page <= high)


def _year_right(gold: dict[str, Any], found: Any) -> bool:
    if gold.get("year") is not None:
        return bool(found.year == gold["year"])
    # no year written: right when policykg writes none either (or writes the plan's implied year)
    return found.year is None or found.year == gold.get("implied_year")


def _implied_right(gold: dict[str, Any], found: Any) -> bool:
    """For a label with no year: policykg's implied year (the plan period's end) is the label's."""
    if gold.get("year") is not None:
        return True
    implied = gold.get("implied_year")
    # a year policykg reads as written (到2023年 governing the bullets) that is the plan's implied year
    return bool(
        getattr(found, "implied_year", None) == implied or (found.year is not None and found.year == implied)
    )


def _attribute_right(name: str, gold: dict[str, Any], found: Any) -> bool:
    if name == "year":
        return _year_right(gold, found)
    if name == "implied_year":
        return _implied_right(gold, found)
    if name == "period":
        return (gold.get("period") or "by_year") == ("annual" if found.period == "annual" else "by_year")
    expected = gold.get(name)
    actual = getattr(found, name, None)
    if name == "value_max":
        return (expected is None and actual is None) or (
            expected is not None and actual is not None and abs(float(expected) - float(actual)) < 1e-6
        )
    if name == "comparator" and expected == "range":
        return bool(actual == "range" or gold.get("value_max") is not None and actual in ("range", "eq"))
    return bool(expected == actual)


def _restates(target: Any, other: Any) -> bool:
    """Same value and unit, the same year (or none written on one of them: 新增投产装机约2200万千瓦
    in a task restating the goal), and metrics that share a name of four characters or more."""
    if (round(float(target.value), 6), unit_key(target.unit)) != (
        round(float(other.value), 6),
        unit_key(other.unit),
    ):
        return False
    if target.year is not None and other.year is not None and target.year != other.year:
        return False
    a, b = squash(target.metric), squash(other.metric)
    return any(a[i : i + 4] in b for i in range(max(0, len(a) - 3)))


def match_targets(gold: list[dict[str, Any]], found: list[Any], score: DocumentScore, show: bool) -> None:
    by_key: dict[tuple[float, str], list[Any]] = defaultdict(list)
    for target in found:
        by_key[(round(float(target.value), 6), unit_key(target.unit))].append(target)
        if unit_key(target.unit) == "%":
            # a fraction written as such (三分之一, 2/3; gold: 0.3333 with no unit) is that percentage
            by_key[(round(float(target.value) / 100, 4), "")].append(target)
    score.targets.gold += len(gold)
    score.targets.found += len(found)
    text_gold = [g for g in gold if not g.get("in_table")]
    score.targets_text.gold += len(text_gold)
    matched_found: set[int] = set()
    # Pairs of the same value and unit, matched closest first over the whole document (the
    # right year, then the nearest page), so that a restated value is paired with its own label.
    pools = [
        by_key[(round(float(item["value"]), 6), unit_key(item.get("unit")))]
        + (by_key[(round(float(item["value"]), 4), "")] if not item.get("unit") else [])
        for item in gold
    ]
    pairs = sorted(
        (not _year_right(item, t), abs((t.page or 0) - (item.get("page") or 0)), index, n)
        for index, (item, pool) in enumerate(zip(gold, pools, strict=True))
        for n, t in enumerate(pool)
    )
    best_of: dict[int, Any] = {}
    for _, _, index, n in pairs:
        candidate = pools[index][n]
        if index in best_of or id(candidate) in matched_found:
            continue
        best_of[index] = candidate
        matched_found.add(id(candidate))
    for index, item in enumerate(gold):
        best = best_of.get(index)
        if best is None:
            if show:
                score.errors.append(
                    f"  missed target p{item.get('page')} {item.get('quote')!r} "
                    f"{item.get('year')} {item['value']} {item.get('unit')}"
                )
            continue
        score.targets.matched += 1
        if not item.get("in_table"):
            score.targets_text.matched += 1
        for name in TARGET_ATTRIBUTES:
            right = _attribute_right(name, item, best)
            score.attributes[name] += right
            if show and not right:
                score.errors.append(
                    f"  attribute {name}: gold {item.get(name)!r} found {getattr(best, name, None)!r}"
                    f" in {item.get('quote')!r}"
                )
    # The rules label a (metric, year, value) once: a target the plan restates (the indicator
    # table's value repeated in the text) is neither right nor wrong a second time.
    matched = [t for t in found if id(t) in matched_found]
    restated = {id(t) for t in found if id(t) not in matched_found and any(_restates(t, m) for m in matched)}
    score.targets.found -= len(restated)
    # without tables: found items matched to a table label are left out of both sides
    score.targets_text.found = (
        len(found) - len(restated) - (score.targets.matched - score.targets_text.matched)
    )
    if show:
        for target in found:
            if id(target) not in matched_found and id(target) not in restated:
                score.errors.append(
                    f"  spurious target p{target.page} {target.text!r} {target.year} "
                    f"{target.value} {target.unit}"
                )


def match_responsibilities(
    markers: list[dict[str, Any]], found: list[Any], score: DocumentScore, show: bool
) -> None:
    gold: list[tuple[str, str, int, str]] = []
    for marker in markers:
        for agency in marker.get("agencies", []):
            gold.append(
                (
                    squash(agency["agency_text"]),
                    agency.get("role", ""),
                    int(marker.get("page") or 0),
                    marker.get("form", "?"),
                )
            )
    score.responsibilities.gold += len(gold)
    score.responsibilities.found += len(found)
    pool: dict[str, list[Any]] = defaultdict(list)
    for item in found:
        pool[squash(item.agency_text)].append(item)
    for text, role, page, form in gold:
        score.by_form[form].gold += 1
        candidates = pool[text]
        if not candidates:
            if show:
                score.errors.append(f"  missed agency p{page} {text} ({form})")
            continue
        best = min(candidates, key=lambda r: (abs((r.page or 0) - page), r.role != role))
        candidates.remove(best)
        score.responsibilities.matched += 1
        score.by_form[form].matched += 1
        right = best.role == role
        score.roles_right += right
        if show and not right:
            score.errors.append(f"  role of {text} p{page}: gold {role} found {best.role}")
    if show:
        for leftover in (r for items in pool.values() for r in items):
            score.errors.append(
                f"  spurious agency p{leftover.page} {leftover.agency_text} ({leftover.role})"
            )


def meta_scores(gold: dict[str, Any], document: Any | None) -> dict[str, bool | None]:
    result: dict[str, bool | None] = {}
    if document is None:
        return {name: False for name in META_FIELDS}
    titles = [gold.get("title")] + list(gold.get("plans") or [])
    issuers = gold.get("issuers") or []
    found_issuers = list(getattr(document, "issuers", None) or [document.issuer or ""])
    result["title"] = _same_title(document.title, [t for t in titles if t], [*issuers, *found_issuers])
    plain = squash(" ".join(found_issuers))
    expanded = "".join(_issuer_key(name) for name in found_issuers)  # 国家发展改革委 = 国家发展和改革委员会
    result["issuer"] = (
        None
        if not issuers
        else all(squash(name) in plain or _issuer_key(name) in expanded for name in issuers)
    )
    result["date"] = None if not gold.get("date") else document.date == gold["date"]
    result["doc_number"] = (
        None
        if not gold.get("doc_number")
        else doc_number_key(document.doc_number) == doc_number_key(gold["doc_number"])
    )
    result["region"] = None if not gold.get("region") else squash(document.region) == squash(gold["region"])
    result["level"] = None if not gold.get("level") else document.level == gold["level"]
    result["kind"] = None if not gold.get("kind") else (document.kind or "").endswith(gold["kind"])
    return result


def score_file(label_path: Path, corpus: Path, extractor: Any, show: bool) -> DocumentScore:
    from policykg.loaders.pipeline import parse
    from policykg.loaders.types import ErrorRecord, ParsedDocument, Responsibility, Target

    label = json.loads(label_path.read_text(encoding="utf-8"))
    meta = label.get("metadata", {})
    score = DocumentScore(file=label["file"], kind=meta.get("kind"), level=meta.get("level"))
    parsed = [item for item in parse([corpus / label["file"]]) if isinstance(item, ParsedDocument)]
    errors = (
        [item for item in parse([corpus / label["file"]]) if isinstance(item, ErrorRecord)] if show else []
    )
    for error in errors:
        score.errors.append(f"  {error.severity}: {error.reason}")
    titles = {title_key(t) for t in [meta.get("title"), *(meta.get("plans") or [])] if t}
    document = next((p.document for p in parsed if title_key(p.document.title) in titles), None)
    document = document or (parsed[0].document if parsed else None)
    score.meta = meta_scores(meta, document)
    if show:
        for name, right in score.meta.items():
            if right is False:
                expected = meta.get("issuers") if name == "issuer" else meta.get(name)
                score.errors.append(
                    f"  metadata {name}: gold {expected!r} found "
                    f"{getattr(document, name, None) if document else None!r}"
                )
    scope = label.get("scope", "all")
    records = [r for p in parsed for r in extractor.run(p)]
    targets = [r for r in records if isinstance(r, Target) and in_scope(r.page, scope)]
    # A marker labelled on the scope's last page may run onto the next one (split_by_page): the
    # bodies printed after the break belong to it.
    marker_scope = scope
    if isinstance(scope, dict) and any(
        m.get("split_by_page") and m.get("page") == scope["pages"][1] for m in label.get("markers", [])
    ):
        marker_scope = {"pages": [scope["pages"][0], scope["pages"][1] + 1]}
    responsibilities = [
        r for r in records if isinstance(r, Responsibility) and in_scope(r.page, marker_scope)
    ]
    match_targets(label.get("targets", []), targets, score, show)
    match_responsibilities(label.get("markers", []), responsibilities, score, show)
    return score


def summarise(scores: Iterable[DocumentScore]) -> dict[str, Any]:
    scores = list(scores)
    total_t, total_tt, total_r = Tally(), Tally(), Tally()
    attributes: Counter[str] = Counter()
    roles = 0
    forms: dict[str, Tally] = defaultdict(Tally)
    by_kind: dict[str, dict[str, Tally]] = defaultdict(
        lambda: {"targets": Tally(), "responsibilities": Tally()}
    )
    meta_right: Counter[str] = Counter()
    meta_total: Counter[str] = Counter()
    for score in scores:
        total_t.add(score.targets)
        total_tt.add(score.targets_text)
        total_r.add(score.responsibilities)
        attributes.update(score.attributes)
        roles += score.roles_right
        for form, tally in score.by_form.items():
            forms[form].add(tally)
        for group in (f"kind:{score.kind}", f"level:{score.level}"):
            by_kind[group]["targets"].add(score.targets)
            by_kind[group]["responsibilities"].add(score.responsibilities)
        for name, right in score.meta.items():
            if right is not None:
                meta_total[name] += 1
                meta_right[name] += bool(right)
    return {
        "documents": len(scores),
        "targets": total_t.figures(),
        "targets_outside_tables": total_tt.figures(),
        "target_attributes": {
            name: round(attributes[name] / total_t.matched, 4) if total_t.matched else None
            for name in TARGET_ATTRIBUTES
        },
        "responsibilities": total_r.figures(),
        "role_accuracy": round(roles / total_r.matched, 4) if total_r.matched else None,
        "responsibility_recall_by_form": {form: tally.figures() for form, tally in sorted(forms.items())},
        "by_group": {
            group: {k: v.figures() for k, v in tallies.items()} for group, tallies in sorted(by_kind.items())
        },
        "metadata": {
            name: {
                "right": meta_right[name],
                "of": meta_total[name],
                "share": round(meta_right[name] / meta_total[name], 4) if meta_total[name] else None,
            }
            for name in META_FIELDS
        },
        "per_document": {
            s.file: {
                "targets": s.targets.figures(),
                "responsibilities": s.responsibilities.figures(),
                "metadata": s.meta,
            }
            for s in scores
        },
    }


def _print(summary: dict[str, Any]) -> None:
    def pr(name: str, figures: dict[str, Any]) -> None:
        print(
            f"{name:<34} gold {figures['gold']:>4}  found {figures['found']:>4}  matched {figures['matched']:>4}"
            f"  P {figures['precision']}  R {figures['recall']}"
        )

    print(f"documents: {summary['documents']}")
    pr("targets", summary["targets"])
    pr("targets (labels outside tables)", summary["targets_outside_tables"])
    print("target attributes right:", summary["target_attributes"])
    pr("responsibilities", summary["responsibilities"])
    print("role accuracy:", summary["role_accuracy"])
    for form, figures in summary["responsibility_recall_by_form"].items():
        pr(f"  form {form}", figures)
    for group, tallies in summary["by_group"].items():
        print(
            f"  {group:<20} targets P {tallies['targets']['precision']} R {tallies['targets']['recall']}"
            f" | resp P {tallies['responsibilities']['precision']} R {tallies['responsibilities']['recall']}"
        )
    print("metadata:", {k: f"{v['right']}/{v['of']}" for k, v in summary["metadata"].items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, required=True, help="folder of label JSON files")
    parser.add_argument("--corpus", type=Path, default=REALCORPUS, help="folder of the PDFs")
    parser.add_argument("--show-errors", action="store_true", help="print misses and false positives")
    parser.add_argument("--only", help="score only label files whose name contains this")
    parser.add_argument("--out", type=Path, help="where to write the JSON figures")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(
            f"realgold: {args.corpus} is missing (../shared/realcorpus); nothing to measure", file=sys.stderr
        )
        return 2
    from policykg.loaders.extract.pipeline import Extractor

    extractor = Extractor()
    scores = []
    for label_path in sorted(args.gold.glob("*.json")):
        if args.only and args.only not in label_path.name:
            continue
        score = score_file(label_path, args.corpus, extractor, args.show_errors)
        scores.append(score)
        if args.show_errors and score.errors:
            print(f"== {score.file}")
            print("\n".join(score.errors))
    summary = summarise(scores)
    _print(summary)
    out = args.out or RESULTS / f"realgold_{args.gold.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
