"""Parse + extract the 233 real PDFs of ``../shared/realcorpus/pdf`` and compare with the peer's table.

Figures (policykg issue 17, item 7): wall seconds of parse + extract (one process, as ``policykg
parse`` runs), peak RSS, files and documents read, error and warning records by kind, and the
agreement of each document's metadata with ``peer_metadata.csv`` (a published dual-carbon
knowledge graph's own table of the same PDFs: *a peer's output, not gold*), with every
disagreement listed. Who is right in a sample of the disagreements, read in the PDFs, is in
``docs/realcorpus.md``.

Agreement per field (the peer abbreviates names, so names are compared by a key):
- title: the peer's title equals policykg's title or its wrapper notice (spaces, 《》 and dashes
  ignored);
- issuer: every organisation of the peer names one of policykg's issuers (after abbreviating
  both: 发展和改革委员会 → 发改委 …), or the other way round;
- date: the same day; region: the peer's city, else province, else 中国 for national and
  ministry documents; kind: policykg's genre word mapped onto the peer's six classes.

    python bench/bench_realcorpus.py [--corpus DIR] [--limit N] [--out FILE.json] [--show N]

Writes ``bench/results/realcorpus.json`` by default.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
FIELDS = ("title", "title_subject", "issuer", "date", "region", "kind")

# The peer's six document classes and the genre words that fall in each.
PEER_KINDS = {
    "行动工作方案": ("方案", "计划", "要点", "清单", "措施", "举措", "路线图"),
    "规划": ("规划", "纲要", "战略"),
    "通知公告": ("通知", "公告", "通告", "公示", "函"),
    "意见决定": ("意见", "决定"),
    "办法条例": ("办法", "条例", "规定", "细则", "规则", "准则", "规程", "指南", "指引"),
    "政府白皮书": ("白皮书",),
}
# Long forms of organ names and the peer's abbreviations of them.
ABBREVIATIONS = (
    ("中国共产党", "中共"),
    ("发展和改革委员会", "发改委"),
    ("发展改革委员会", "发改委"),
    ("发展改革委", "发改委"),
    ("人民代表大会常务委员会", "人大常委"),
    ("人大常委会", "人大常委"),
    ("经济和信息化", "经信"),
    ("工业和信息化", "工信"),
    ("住房和城乡建设", "住建"),
    ("住房城乡建设", "住建"),
    ("科学技术", "科技"),
    ("生态环境", "环境"),
    ("市场监督管理", "市场监管"),
    ("中国人民银行", "人民银行"),
    ("人民政府", "政府"),
    ("委员会", "委"),
    ("壮族", ""),
    ("回族", ""),
    ("维吾尔", ""),
    ("国家", ""),
    ("中共", ""),
)


def realcorpus_dir() -> Path:
    """``../shared/realcorpus`` beside the checkout (CI), or beside the worktree folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "realcorpus" / "pdf").is_dir():
            return base / "shared" / "realcorpus"
    return ROOT.parent / "shared" / "realcorpus"


def squash(text: str | None) -> str:
    return re.sub(r"[\s\xa0]+", "", text or "")


def title_key(title: str | None) -> str:
    return re.sub(r"[《》〈〉“”\"—－―–−\-（）()]", "", squash(title))


def subject_key(title: str | None) -> str:
    """A title from its 关于 on: the peer writes 湖南省关于科学绿化的实施意见 where the document prints
    湖南省人民政府办公厅关于科学绿化的实施意见 (the issuer, named in full, before 关于)."""
    key = title_key(title)
    at = key.find("关于")
    return key[at:] if 0 <= at <= 40 else key


def organ_key(name: str) -> str:
    key = squash(name)
    for long, short in ABBREVIATIONS:
        key = key.replace(long, short)
    return key


def peer_region(row: dict[str, str]) -> str:
    return squash(row.get("city")) or squash(row.get("province")) or "中国"


def region_key(region: str | None) -> str:
    return organ_key(region or "").replace("自治区", "").rstrip("省市")


def peer_kind(kind: str | None) -> str | None:
    if not kind:
        return None
    return next((peer for peer, words in PEER_KINDS.items() if kind.endswith(words)), "其他")


def agreement(document: Any, row: dict[str, str]) -> dict[str, bool]:
    ours_issuers = [organ_key(name) for name in (document.issuers or [document.issuer or ""]) if name]
    peer_issuers = [organ_key(name) for name in re.split(r"[,，、]", row["organisation"]) if squash(name)]
    peer_date = row["date"].replace(".", "-") if row["date"] else ""
    return {
        "title": title_key(row["title"]) in {title_key(document.title), title_key(document.wrapper_title)},
        "title_subject": subject_key(row["title"])
        in {subject_key(document.title), subject_key(document.wrapper_title)},
        "issuer": bool(ours_issuers)
        and all(any(p in o or o in p for o in ours_issuers) for p in peer_issuers),
        "date": document.date == peer_date,
        "region": region_key(document.region) == region_key(peer_region(row)),
        "kind": peer_kind(document.kind) == row["document_type"],
    }


def peer_value_stated(field: str, value: str | None, text: str) -> bool:
    """Does the document's text state the peer's value at all? (A title or issuer the peer took
    from a file name or a web page, a publication date that is printed nowhere: not stated.)"""
    if not value:
        return False
    if field in ("title", "title_subject"):
        key = title_key(value) if field == "title" else subject_key(value)
        return key in re.sub(r"[《》〈〉“”\"—－―–−\-（）()]", "", text)
    if field == "issuer":
        keyed = organ_key(text)
        return all(organ_key(name) in keyed for name in re.split(r"[,，、]", value) if squash(name))
    if field == "date":
        year, month, day = (int(part) for part in value.split("."))
        return f"{year}年{month}月{day}日" in text
    return True


def reason_kind(reason: str) -> str:
    """An error or warning reason without what is particular to one file (ids, numbers, names)."""
    reason = re.sub(r"^[^:：]*?/\d{3}: |^\d{3}_[^:]*: ", "", reason)
    reason = re.sub(r"\d+", "N", reason)
    reason = re.sub(r"N(?:, N)+", "N", reason)
    return re.split(r"[(（;]", reason, maxsplit=1)[0].strip()


def run(corpus: Path, limit: int | None) -> dict[str, Any]:
    from policykg.loaders.extract.pipeline import Extractor
    from policykg.loaders.pipeline import parse
    from policykg.loaders.types import ErrorRecord, ParsedDocument

    peer = {row["file"]: row for row in csv.DictReader((corpus / "peer_metadata.csv").open(encoding="utf-8"))}
    files = sorted((corpus / "pdf").glob("*.pdf"))[:limit]
    extractor = Extractor()
    started = time.perf_counter()
    records_by_kind: dict[str, Counter[str]] = {"error": Counter(), "warning": Counter()}
    documents: dict[str, list[Any]] = defaultdict(list)
    texts: dict[str, str] = {}  # squashed normalised text per file: is the peer's value stated there?
    extracted = 0
    read_files: set[str] = set()
    for path in files:
        for item in parse([path]):
            if isinstance(item, ErrorRecord):
                records_by_kind[item.severity][reason_kind(item.reason)] += 1
                continue
            assert isinstance(item, ParsedDocument)
            read_files.add(path.name)
            documents[path.name].append(item.document)
            texts.setdefault(path.name, squash(item.text.text))  # the file's whole text
            extracted += sum(1 for _ in extractor.run(item))
    seconds = time.perf_counter() - started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    right: Counter[str] = Counter()
    disagreements: list[dict[str, Any]] = []
    compared = 0
    for path in files:
        row = peer.get(path.name)
        found = documents.get(path.name)
        if row is None or not found:
            continue
        compared += 1
        # a notice issuing several plans: the peer has one row, compare the best-agreeing document
        best = max(found, key=lambda document: sum(agreement(document, row).values()))
        verdicts = agreement(best, row)
        right.update(name for name, ok in verdicts.items() if ok)
        for name, ok in verdicts.items():
            if not ok:
                ours = {
                    "title": best.title,
                    "title_subject": best.title,
                    "issuer": " ".join(best.issuers) or best.issuer,
                    "date": best.date,
                    "region": best.region,
                    "kind": best.kind,
                }[name]
                theirs = {
                    "title": row["title"],
                    "title_subject": row["title"],
                    "issuer": row["organisation"],
                    "date": row["date"],
                    "region": peer_region(row),
                    "kind": row["document_type"],
                }[name]
                stated = peer_value_stated(name, theirs, texts.get(path.name, ""))
                disagreements.append(
                    {
                        "file": path.name,
                        "field": name,
                        "policykg": ours,
                        "peer": theirs,
                        "peer_value_in_text": stated,
                    }
                )
    return {
        "files": len(files),
        "files_read": len(read_files),
        "files_read_share": round(len(read_files) / len(files), 4) if files else None,
        "documents": sum(len(found) for found in documents.values()),
        "records_extracted": extracted,
        "seconds_parse_extract": round(seconds, 1),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "errors_by_kind": dict(records_by_kind["error"].most_common()),
        "warnings_by_kind": dict(records_by_kind["warning"].most_common()),
        "peer_compared": compared,
        "peer_agreement": {
            name: {
                "agree": right[name],
                "of": compared,
                "share": round(right[name] / compared, 4) if compared else None,
            }
            for name in FIELDS
        },
        "peer_agreement_where_the_text_states_the_peer_value": {
            name: {
                "agree": right[name],
                "of": right[name]
                + (stated := sum(1 for d in disagreements if d["field"] == name and d["peer_value_in_text"])),
                "share": round(right[name] / (right[name] + stated), 4) if right[name] + stated else None,
            }
            for name in ("title", "title_subject", "issuer", "date")
        },
        "disagreements": disagreements,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=realcorpus_dir(), help="the realcorpus folder")
    parser.add_argument("--limit", type=int, help="only the first N PDFs (a quick look)")
    parser.add_argument("--out", type=Path, default=RESULTS / "realcorpus.json", help="JSON figures")
    parser.add_argument("--show", type=int, default=10, help="disagreements printed per field")
    args = parser.parse_args(argv)
    if not (args.corpus / "pdf").is_dir():
        print(
            f"bench_realcorpus: {args.corpus / 'pdf'} is missing (../shared/realcorpus); nothing to measure"
        )
        return 2
    result = run(args.corpus, args.limit)
    print(
        f"files {result['files']}, read {result['files_read']} ({result['files_read_share']:.1%}), "
        f"documents {result['documents']}, records {result['records_extracted']}"
    )
    print(f"parse + extract: {result['seconds_parse_extract']} s, peak RSS {result['peak_rss_mb']} MB")
    for severity in ("errors", "warnings"):
        for kind, count in result[f"{severity}_by_kind"].items():
            print(f"  {severity[:-1]:<7} {count:>4}  {kind}")
    print(f"agreement with the peer's table ({result['peer_compared']} documents):")
    stated = result["peer_agreement_where_the_text_states_the_peer_value"]
    for name, figures in result["peer_agreement"].items():
        line = f"  {name:<7} {figures['agree']:>4}/{figures['of']}  {figures['share']:.1%}"
        if name in stated:
            where = stated[name]
            line += f"   where the text states the peer's value: {where['agree']}/{where['of']} {where['share']:.1%}"
        print(line)
    by_field: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in result["disagreements"]:
        by_field[item["field"]].append(item)
    for name in FIELDS:
        shown = by_field[name][: args.show]
        if shown:
            print(f"disagreements on {name} ({len(by_field[name])}; first {len(shown)}):")
            for item in shown:
                mark = "" if item["peer_value_in_text"] else "  (peer's value not in the text)"
                print(
                    f"  {item['file'][:40]:<40}  policykg {item['policykg']!r}  peer {item['peer']!r}{mark}"
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
