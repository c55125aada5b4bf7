"""policykg against a peer knowledge graph on ``../shared/realcorpus`` (issue 21, item 6).

The peer (the published dual-carbon knowledge graph the 233 PDFs come from; its tables are cut to
these documents and described in the corpus' README) is *not gold*: this compares, and
``docs/peer-comparison.md`` says who is right in a read sample of the disagreements.

Three comparisons, each per document (a peer row names its document by title; the title maps to
the file through ``peer_metadata.csv``, which covers every row):

1. **Citations**: the peer's related policies (``peer_related_policies.csv``) against policykg's
   citations (the 《…》 titles and 文号 each document cites: ``Citation`` records, what the
   graph's CITES edges are built from). Two titles match when their keys are equal or one contains
   the other, also once the issuer before 关于 is dropped from both (key: no spaces, quotes,
   dashes or bracketed parts such as （2021-2025年）; a year in Chinese digits as Arabic ones; a
   关于印发《X》的通知 is X; at least 6 characters each).
2. **Support / prohibition sentences** (``peer_support_prohibited_clauses.csv``) against
   policykg's obligations by force: the peer's sentence is found in a clause of policykg's (its
   first 24 characters, spaces dropped, in the clause's text), then the clause's Obligation (there
   is one when the clause names responsible agencies) is compared: support ~ ``encouraging``
   (pkg:Encouragement), prohibited ~ deontic ``prohibition`` (lrmlmm:Prohibition).
3. **Objectives** (``peer_objectives.csv``, goal statements) against policykg's targets: a peer
   number (a value with a unit: 20%, 600万千瓦, 18.2%; not a year; the peer's 3、6% read as 3.6%)
   is found when a policykg target of the same document has that value (or range end) and lies in
   the goal: its quote is in the goal text, or its metric is and the goal states its value.

    python bench/peer_compare.py [--corpus DIR] [--cache FILE.json] [--doc docs/peer-comparison.md]

Parses and extracts the PDFs through policykg's API (no database; about a minute), writes
``bench/results/peer_compare.json`` and rewrites the figures between the markers of
``docs/peer-comparison.md`` (the hand-written verdicts there are kept). Without the corpus it
says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "peer_compare.json"
DOC = ROOT / "docs" / "peer-comparison.md"
START, END = "<!-- peer-compare:start -->", "<!-- peer-compare:end -->"
MIN_TITLE = 6
SENTENCE_KEY = 24
SAMPLE_SEED = 21

_NOISE = re.compile(r"[\s\xa0《》〈〉<>“”‘’\"'—－―–−\-（）()【】\[\]、，,。.：:；;·]")
_NOTICE = re.compile(r"^.*?(?:印发|转发|公布)(.+?)(?:的)?(?:通知|公告|通告)$")
_NUMBER = re.compile(
    r"(\d+(?:\.\d+)?)\s*(%|‰|万千瓦|千瓦|吉瓦|万吨标准煤|万吨|吨标准煤|吨|亿元|万元|亿立方米|万立方米|万亩|亩|公顷|万辆|辆|个|座|家|千米|公里|万平方米|平方米|克|千克|小时|天|岁|年)"
)


def realcorpus_dir() -> Path:
    """``../shared/realcorpus`` beside the checkout (CI), or beside the worktree folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "realcorpus" / "pdf").is_dir():
            return base / "shared" / "realcorpus"
    return ROOT.parent / "shared" / "realcorpus"


def squash(text: str | None) -> str:
    return re.sub(r"[\s\xa0]+", "", text or "")


_CJK_DIGITS = str.maketrans("〇○OＯ零一二三四五六七八九", "0000" + "0123456789")
_CJK_YEAR = re.compile(r"[〇○OＯ零一二三四五六七八九]{4}")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")


def title_key(title: str | None) -> str:
    """A title without spaces, brackets, quotes, dashes or a notice wrapper; a year in Chinese
    digits (二〇三五, 二○三五) as Arabic ones, as the peer writes them."""
    key = _CJK_YEAR.sub(lambda m: m.group().translate(_CJK_DIGITS), squash(title).strip("《》"))
    key = _BRACKETED.sub("", key)  # （2021-2025年）, (试行): the peer often drops or garbles them
    inner = _NOTICE.match(key)
    if inner and len(_NOISE.sub("", inner.group(1))) >= MIN_TITLE:
        key = inner.group(1)
    return _NOISE.sub("", key)


def titles_match(a: str, b: str) -> bool:
    """Equal, or one contains the other; or so once the issuer before 关于 is dropped from both
    (河北省关于… and 河北省人民政府关于…)."""
    if len(a) < MIN_TITLE or len(b) < MIN_TITLE:
        return a == b and bool(a)
    if a == b or a in b or b in a:
        return True
    if "关于" in a and "关于" in b:
        a, b = a.split("关于", 1)[1], b.split("关于", 1)[1]
        return len(a) >= MIN_TITLE and len(b) >= MIN_TITLE and (a in b or b in a)
    return False


def sentence_key(text: str) -> str:
    return _NOISE.sub("", text)[:SENTENCE_KEY]


# ---------------------------------------------------------------- policykg's side


@dataclass
class FileData:
    """What the comparisons need of one file's records (small enough to cache as JSON)."""

    titles: list[str] = field(default_factory=list)  # documents' titles and wrapper titles
    text: str = ""  # the file's normalised text, squashed
    clauses: dict[str, str] = field(default_factory=dict)  # clause id → its text, noise removed
    parents: dict[str, str] = field(default_factory=dict)  # clause id → its parent clause's id
    citations: list[dict[str, Any]] = field(default_factory=list)
    obligations: dict[str, dict[str, Any]] = field(default_factory=dict)  # clause id → obligation
    targets: list[dict[str, Any]] = field(default_factory=list)


def collect(corpus: Path) -> dict[str, FileData]:
    """Parse and extract every PDF of ``corpus/pdf`` through policykg's API."""
    from policykg.loaders.extract.pipeline import Extractor
    from policykg.loaders.pipeline import parse
    from policykg.loaders.types import ErrorRecord, Obligation, ParsedDocument, Target, deontic

    extractor = Extractor()
    found: dict[str, FileData] = {}
    for path in sorted((corpus / "pdf").glob("*.pdf")):
        data = found.setdefault(path.name, FileData())
        for item in parse([path]):
            if isinstance(item, ErrorRecord) or not isinstance(item, ParsedDocument):
                continue
            document = item.document
            data.titles += [t for t in (document.title, getattr(document, "wrapper_title", None)) if t]
            data.text = data.text or squash(item.text.text)
            for clause in item.clauses:
                data.clauses[clause.id] = _NOISE.sub("", clause.text)
                if clause.parent:
                    data.parents[clause.id] = clause.parent
            for citation in item.citations:
                data.citations.append(
                    {
                        "title": citation.title,
                        "doc_number": citation.doc_number,
                        "relation": citation.relation,
                    }
                )
            for record in extractor.run(item):
                if isinstance(record, Obligation):
                    kind, strength = deontic(record.modality, record.prohibition)
                    data.obligations[record.clause] = {
                        "modality": record.modality,
                        "deontic": kind,
                        "strength": strength,
                        "agencies": len(record.agencies),
                    }
                elif isinstance(record, Target):
                    data.targets.append(
                        {
                            "metric": record.metric,
                            "value": record.value,
                            "value_max": record.value_max,
                            "unit": record.unit,
                            "year": record.year,
                            "text": record.text,
                            "clause": record.clause,
                        }
                    )
    return found


def load_or_collect(corpus: Path, cache: Path | None) -> dict[str, FileData]:
    if cache is not None and cache.exists():
        raw = json.loads(cache.read_text(encoding="utf-8"))
        return {name: FileData(**value) for name, value in raw.items()}
    found = collect(corpus)
    if cache is not None:
        cache.write_text(
            json.dumps({k: asdict(v) for k, v in found.items()}, ensure_ascii=False), encoding="utf-8"
        )
    return found


# ---------------------------------------------------------------- the peer's side


def peer_tables(corpus: Path) -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    """(peer policy title key → file) and the three tables' rows, each with its ``file``."""
    with (corpus / "peer_metadata.csv").open(encoding="utf-8") as stream:
        files = {title_key(row["title"]): row["file"] for row in csv.DictReader(stream)}
    tables: dict[str, list[dict[str, str]]] = {}
    for name in ("peer_related_policies", "peer_support_prohibited_clauses", "peer_objectives"):
        with (corpus / f"{name}.csv").open(encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
        for row in rows:
            row["file"] = files.get(title_key(row["policy"]), "")
        tables[name] = rows
    return files, tables


# ---------------------------------------------------------------- the comparisons


def compare_citations(rows: list[dict[str, str]], ours: dict[str, FileData]) -> dict[str, Any]:
    peer_by_file: dict[str, set[str]] = defaultdict(set)
    written: dict[str, str] = {}
    for row in rows:
        key = title_key(row["related_policy"])
        if key and row["file"] in ours:
            peer_by_file[row["file"]].add(key)
            written[key] = row["related_policy"].strip()
    counts: Counter[str] = Counter()
    peer_only: list[dict[str, Any]] = []
    ours_only: list[dict[str, Any]] = []
    for name in sorted(set(peer_by_file) | {n for n, d in ours.items() if d.citations}):
        data = ours.get(name, FileData())
        own = {title_key(c["title"]) for c in data.citations if c.get("title")}
        own.discard("")
        own -= {title_key(t) for t in data.titles}  # a document naming itself is no citation
        peer = peer_by_file.get(name, set())
        matched_peer = {p for p in peer if any(titles_match(p, o) for o in own)}
        matched_own = {o for o in own if any(titles_match(p, o) for p in peer)}
        counts["peer"] += len(peer)
        counts["policykg"] += len(own)
        counts["peer_matched"] += len(matched_peer)
        counts["policykg_matched"] += len(matched_own)
        counts["documents"] += 1
        if peer:
            counts["documents_with_peer_rows"] += 1
        for key in sorted(peer - matched_peer):
            in_text = key in _NOISE.sub("", data.text)
            in_brackets = f"《{written[key]}》" in data.text or f"《{key}》" in data.text
            peer_only.append(
                {"file": name, "title": written[key], "in_text": in_text, "in_brackets": in_brackets}
            )
        for key in sorted(own - matched_own):
            if peer:  # a document the peer lists citations of: its omission is a disagreement
                ours_only.append({"file": name, "title": key})
            else:
                counts["policykg_in_documents_without_peer_rows"] += 1
    counts["peer_only_stated_in_text"] = sum(1 for r in peer_only if r["in_text"])
    counts["peer_only_in_brackets"] = sum(1 for r in peer_only if r["in_brackets"])
    return {"counts": dict(counts), "peer_only": peer_only, "policykg_only": ours_only}


def _clause_of(sentence: str, data: FileData) -> str | None:
    key = sentence_key(sentence)
    if len(key) < 8:
        return None
    hits = [cid for cid, text in data.clauses.items() if key in text]
    # the innermost clause holding it: the one with the shortest text
    return min(hits, key=lambda cid: len(data.clauses[cid])) if hits else None


def compare_forces(rows: list[dict[str, str]], ours: dict[str, FileData]) -> dict[str, Any]:
    table: Counter[tuple[str, str]] = Counter()
    located = 0
    samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        data = ours.get(row["file"])
        if data is None:
            table[(row["kind"], "file not read")] += 1
            continue
        clause = _clause_of(row["clause"], data)
        if clause is None:
            table[(row["kind"], "sentence not found")] += 1
            continue
        located += 1
        # the clause's own obligation, else the nearest enclosing clause's (a marker closing a list)
        obligation = data.obligations.get(clause)
        parent = data.parents.get(clause)
        while obligation is None and parent:
            obligation = data.obligations.get(parent)
            parent = data.parents.get(parent)
        verdict = "no obligation" if obligation is None else str(obligation["deontic"])
        table[(row["kind"], verdict)] += 1
        if obligation is not None:
            agree = (
                (row["kind"] == "support") == (verdict == "encouragement")
                if row["kind"] == "support"
                else None
            )
            if row["kind"] == "prohibited":
                agree = verdict == "prohibition"
            if not agree:
                samples[f"{row['kind']}→{verdict}"].append(
                    {"file": row["file"], "clause": clause, "sentence": row["clause"][:160]}
                )
    # the other way round: policykg's prohibitions and encouragements the peer has no sentence in
    peer_clauses: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        data = ours.get(row["file"])
        clause = _clause_of(row["clause"], data) if data else None
        if clause:
            peer_clauses[row["file"]].add(clause)
    reverse: Counter[str] = Counter()
    reverse_samples: list[dict[str, Any]] = []
    for name, data in ours.items():
        if name not in {r["file"] for r in rows}:
            continue
        for clause, obligation in data.obligations.items():
            if obligation["deontic"] not in ("prohibition", "encouragement"):
                continue
            inside = any(_within(c, clause, data.parents) for c in peer_clauses[name])
            reverse[f"{obligation['deontic']}: {'peer has a sentence' if inside else 'peer has none'}"] += 1
            if not inside:
                reverse_samples.append(
                    {
                        "file": name,
                        "clause": clause,
                        "deontic": obligation["deontic"],
                        "text": data.clauses[clause][:160],
                    }
                )
    # policykg's force rule (the obligations component's reading of a text) on the peer's sentence
    # itself: the peer's unit, whether or not the clause names agencies
    from policykg.loaders.extract.lexicon import read_prohibitions
    from policykg.loaders.extract.obligations import ObligationRecognizer
    from policykg.loaders.types import deontic

    reader = ObligationRecognizer(None)  # type: ignore[arg-type]  # modality() reads no pipeline
    forbidding = read_prohibitions()
    sentence_table: Counter[tuple[str, str]] = Counter()
    sentence_samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        modality, verb, _ = reader.modality(row["clause"])
        term, _ = deontic(modality, verb in forbidding)  # type: ignore[arg-type]  # a Modality value
        sentence_table[(row["kind"], term)] += 1
        expected = "encouragement" if row["kind"] == "support" else "prohibition"
        if term != expected:
            sentence_samples[f"{row['kind']}→{term}"].append(
                {"file": row["file"], "verb": verb, "sentence": row["clause"][:160]}
            )
    return {
        "rows": len(rows),
        "sentence_table": {f"{k[0]} | {k[1]}": v for k, v in sorted(sentence_table.items())},
        "sentence_samples": dict(sentence_samples),
        "located": located,
        "table": {f"{k[0]} | {k[1]}": v for k, v in sorted(table.items())},
        "samples": dict(samples),
        "reverse": dict(reverse),
        "reverse_samples": reverse_samples,
    }


def _within(clause: str, ancestor: str, parents: dict[str, str]) -> bool:
    current: str | None = clause
    while current:
        if current == ancestor:
            return True
        current = parents.get(current)
    return False


def _numbers(text: str) -> list[tuple[float, str]]:
    found = []
    for match in _NUMBER.finditer(text):
        value, unit = float(match.group(1)), match.group(2)
        if unit == "年" or (unit in ("个", "家") and value >= 1900):
            continue  # 2025年, 十四五: years are no goal values
        found.append((value, unit))
    return found


# The peer's goal text writes a decimal point as 、 (降低3%、3、6%和4、2% for 3%、3.6%和4.2%).
_PEER_DECIMAL = re.compile(r"(?<![\d.])(\d+)、(\d+)(?=%|‰|万|亿)")


def _in_goal(target: dict[str, Any], goal: str, numbers: list[tuple[float, str]]) -> bool:
    """A target lies in a goal when its quote does (noise dropped), or when its metric does and
    the goal states its value (a footnote mark inside the peer's copy breaks the quote)."""
    quote = _NOISE.sub("", target["text"] or "")
    bare = _NOISE.sub("", goal)
    if quote and quote in bare:
        return True
    metric = _NOISE.sub("", target["metric"] or "")
    return len(metric) >= 4 and metric in bare and any(abs(v - target["value"]) < 1e-9 for v, _ in numbers)


def compare_objectives(rows: list[dict[str, str]], ours: dict[str, FileData]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    missed: list[dict[str, Any]] = []
    outside: list[dict[str, Any]] = []
    goals_by_file: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        data = ours.get(row["file"])
        goal = _PEER_DECIMAL.sub(r"\1.\2", squash(row["goal"]))
        counts["goals"] += 1
        if data is None:
            continue
        goals_by_file[row["file"]].append(goal)
        if _NOISE.sub("", goal)[:SENTENCE_KEY] not in _NOISE.sub("", data.text):
            counts["goals_not_in_document"] += 1
            missed.append(
                {"file": row["file"], "value": None, "goal": goal[:120], "why": "goal not in the document"}
            )
            continue
        numbers = _numbers(goal)
        counts["goals_in_document"] += 1
        counts["goals_with_numbers"] += bool(numbers)
        inside = [t for t in data.targets if _in_goal(t, goal, numbers)]
        counts["targets_in_goals"] += len(inside)
        for value, unit in numbers:
            counts["peer_numbers"] += 1
            if any(
                abs(value - t["value"]) < 1e-9
                or (t["value_max"] is not None and abs(value - t["value_max"]) < 1e-9)
                for t in inside
            ):
                counts["peer_numbers_found"] += 1
            else:
                missed.append(
                    {"file": row["file"], "value": f"{value:g}{unit}", "goal": _around(goal, value)}
                )
    for name, goals in goals_by_file.items():
        for target in ours[name].targets:
            counts["targets_of_documents_with_goals"] += 1
            if any(_in_goal(target, goal, _numbers(goal)) for goal in goals):
                counts["targets_of_documents_with_goals_in_a_goal"] += 1
            else:
                outside.append(
                    {
                        "file": name,
                        "metric": target["metric"],
                        "value": target["value"],
                        "unit": target["unit"],
                        "quote": target["text"],
                    }
                )
    return {"counts": dict(counts), "missed": missed, "outside": outside}


def _around(goal: str, value: float) -> str:
    text = f"{value:g}"
    at = goal.find(text)
    return goal[max(0, at - 40) : at + 30] if at >= 0 else goal[:70]


# ---------------------------------------------------------------- the report


#: Disagreements kept per list in the results file (with the list's length): short excerpts only,
#: never the documents' text at length.
KEPT = 30
EXCERPT = 80


def brief(value: Any) -> Any:
    """The result with every list cut to a sample of :data:`KEPT` and every text to
    :data:`EXCERPT` characters (the counts stay whole)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(item, list):
                out[f"{key}_total"] = len(item)
                out[key] = [brief(x) for x in sample(item, KEPT)]
            else:
                out[key] = brief(item)
        return out
    if isinstance(value, str):
        return value[:EXCERPT]
    return value


def sample(items: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    rng = random.Random(SAMPLE_SEED)
    return rng.sample(items, min(size, len(items)))


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else f"{part}/0"


def figures_markdown(result: dict[str, Any]) -> str:
    c = result["citations"]["counts"]
    f = result["forces"]
    o = result["objectives"]["counts"]
    lines = [
        f"Generated by `python bench/peer_compare.py` ({result['files']} files read; "
        + (
            f"parse + extract {result['seconds']:.0f} s)."
            if result["seconds"] is not None
            else "records from --cache)."
        ),
        "",
        "### Citations (policykg's `Citation` records / CITES vs the peer's related policies)",
        "",
        "| what | value |",
        "|---|---|",
        f"| documents compared | {c.get('documents', 0)} (the peer lists citations of {c.get('documents_with_peer_rows', 0)}) |",
        f"| peer's related policies | {c.get('peer', 0)} distinct titles per document |",
        f"| policykg's cited titles | {c.get('policykg', 0)} distinct titles per document |",
        f"| peer titles policykg cites too | {_pct(c.get('peer_matched', 0), c.get('peer', 0))} |",
        f"| policykg titles the peer lists too | {_pct(c.get('policykg_matched', 0), c.get('policykg', 0))} |",
        f"| peer-only titles written in the document at all | {_pct(c.get('peer_only_stated_in_text', 0), c.get('peer', 0) - c.get('peer_matched', 0))} |",
        f"| peer-only titles written in 《》 in the document | {_pct(c.get('peer_only_in_brackets', 0), c.get('peer', 0) - c.get('peer_matched', 0))} |",
        f"| policykg titles in documents the peer lists no citation of | {c.get('policykg_in_documents_without_peer_rows', 0)} |",
        "",
        "### Support / prohibition sentences vs policykg's obligations by force",
        "",
        (
            f"{_pct(f['located'], f['rows'])} of the peer's sentences found in a policykg clause "
            f"(first {SENTENCE_KEY} characters, spaces and punctuation dropped). The clause's Obligation (or its "
            "enclosing clause's; there is one only where the clause names responsible agencies):"
        ),
        "",
        "| peer kind | policykg | sentences |",
        "|---|---|---|",
    ]
    lines += [f"| {k.split(' | ')[0]} | {k.split(' | ')[1]} | {v} |" for k, v in f["table"].items()]
    lines += [
        "",
        (
            "policykg's force rule (`ObligationRecognizer.modality`, the deciding word and whether it forbids) "
            "read on each peer sentence itself, agencies or not:"
        ),
        "",
        "| peer kind | policykg's reading of the sentence | sentences |",
        "|---|---|---|",
    ]
    lines += [f"| {k.split(' | ')[0]} | {k.split(' | ')[1]} | {v} |" for k, v in f["sentence_table"].items()]
    lines += [
        "",
        (
            "policykg's prohibitions and encouragements in the same documents, and whether the peer has a "
            "sentence in that clause:"
        ),
        "",
        "| policykg | clauses |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(f["reverse"].items())]
    lines += [
        "",
        "### Objectives vs targets",
        "",
        "| what | value |",
        "|---|---|",
        f"| peer goal statements | {o.get('goals', 0)}; found in their document: {o.get('goals_in_document', 0)}, not: {o.get('goals_not_in_document', 0)} |",
        f"| goals stating numbers | {o.get('goals_with_numbers', 0)} |",
        f"| peer numbers (value + unit, no years) | {o.get('peer_numbers', 0)} |",
        f"| of them a policykg target with that value, quoted inside the goal | {_pct(o.get('peer_numbers_found', 0), o.get('peer_numbers', 0))} |",
        f"| policykg targets quoted inside a peer goal | {o.get('targets_in_goals', 0)} |",
        f"| policykg targets of these documents inside a peer goal | {_pct(o.get('targets_of_documents_with_goals_in_a_goal', 0), o.get('targets_of_documents_with_goals', 0))} |",
    ]
    return "\n".join(lines)


def write_doc(doc: Path, figures: str) -> None:
    text = (
        doc.read_text(encoding="utf-8")
        if doc.exists()
        else f"# policykg and a peer knowledge graph\n\n{START}\n{END}\n"
    )
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{figures}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="default: ../shared/realcorpus")
    parser.add_argument("--cache", type=Path, default=None, help="records of a previous run (JSON), reused")
    parser.add_argument("--doc", type=Path, default=DOC, help="the Markdown whose figures are rewritten")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--show", type=int, default=0, help="print N sampled disagreements of each kind")
    args = parser.parse_args(argv)
    corpus = args.corpus or realcorpus_dir()
    if not (corpus / "pdf").is_dir() or not (corpus / "peer_metadata.csv").is_file():
        print(f"skipped: no real corpus at {corpus} (needs pdf/ and the peer_*.csv tables beside it)")
        return 0
    started = time.perf_counter()
    cached = args.cache is not None and args.cache.exists()
    ours = load_or_collect(corpus, args.cache)
    seconds = None if cached else time.perf_counter() - started
    _, tables = peer_tables(corpus)
    result = {
        "files": len(ours),
        "seconds": seconds,
        "citations": compare_citations(tables["peer_related_policies"], ours),
        "forces": compare_forces(tables["peer_support_prohibited_clauses"], ours),
        "objectives": compare_objectives(tables["peer_objectives"], ours),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(brief(result), ensure_ascii=False, indent=1), encoding="utf-8")
    figures = figures_markdown(result)
    write_doc(args.doc, figures)
    print(figures)
    if args.show:
        for title, items in (
            ("citations the peer lists, policykg not", result["citations"]["peer_only"]),
            ("citations policykg finds, the peer not", result["citations"]["policykg_only"]),
            ("peer numbers no policykg target has", result["objectives"]["missed"]),
            ("policykg targets outside the peer's goals", result["objectives"]["outside"]),
            (
                "policykg prohibitions/encouragements without a peer sentence",
                result["forces"]["reverse_samples"],
            ),
        ):
            print(f"\n## {title} ({len(items)})")
            for item in sample(items, args.show):
                print(json.dumps(item, ensure_ascii=False))
        for kind, items in [
            *result["forces"]["samples"].items(),
            *result["forces"]["sentence_samples"].items(),
        ]:
            print(f"\n## force {kind} ({len(items)})")
            for item in sample(items, args.show):
                print(json.dumps(item, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
