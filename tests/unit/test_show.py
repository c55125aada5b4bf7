"""`policykg show RECORD_ID` reads only the record's own file and document when the id names them
(it took 23 s parsing and extracting the whole corpus for one target), and still finds shared
records (agencies, regions) by looking document by document."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders.evidence import find_record, show_evidence
from policykg.loaders.pipeline import default_paths

CORPUS = {p.name[:3]: p for p in default_paths()}
QINGDAO = CORPUS["004"]


def test_a_target_is_found_in_its_own_file_only(tmp_path: Path) -> None:
    # The other paths do not exist: reading any of them would be an error, so none is read.
    paths = [tmp_path / "000_missing.txt", QINGDAO, tmp_path / "zzz_missing.txt"]
    source, record, _ = find_record(f"{QINGDAO.stem}/二（一）1/target/0", paths)
    assert source.source == QINGDAO.name and record.type == "target"
    assert "".join(source.text[record.start : record.end].split()) == "可再生能源装机容量分别达到600万千瓦"


def test_a_record_of_one_document_of_the_compilation() -> None:
    compilation = CORPUS["003"]
    clause = f"{compilation.stem}/001/二"
    _, record, page = find_record(clause, [compilation])
    assert record.type == "clause" and record.id == clause and record.document == f"{compilation.stem}/001"
    assert page is not None
    shown = show_evidence(f"{compilation.stem}/001", [compilation], context=10)
    assert shown.startswith(f"{compilation.stem}/001 (document) in {compilation.name}, page ")


def test_shared_records_are_looked_for_document_by_document() -> None:
    source, record, _ = find_record("agency:青岛市发展和改革委员会", [CORPUS["000"], QINGDAO])
    assert record.type == "agency" and source.source == QINGDAO.name


def test_an_id_of_no_file_fails_at_once_naming_why() -> None:
    with pytest.raises(InputError, match="no file named nonexistent"):
        find_record("nonexistent/一", list(CORPUS.values()))
    with pytest.raises(InputError, match="no record with id"):
        find_record(f"{QINGDAO.stem}/九十九", [QINGDAO])


def test_a_shared_record_is_read_where_the_graph_says_its_evidence_is(tmp_path: Path) -> None:
    """With the graph's hint (file, offset) only that file is read: the other paths do not exist,
    so reading any of them would be an error record, not a find."""
    paths = [tmp_path / "000_missing.txt", CORPUS["003"], QINGDAO]
    missing = tmp_path / "000_missing.txt"
    source, record, _ = find_record(
        "agency:青岛市发展和改革委员会", [missing, QINGDAO], hint=(QINGDAO.name, 729)
    )
    assert source.source == QINGDAO.name and record.id == "agency:青岛市发展和改革委员会"
    assert record.start <= 729 < record.end
    # a hint that no longer holds (the file changed since it was loaded): found by the scan anyway
    source, record, _ = find_record("agency:青岛市发展和改革委员会", paths[1:], hint=(CORPUS["003"].name, 0))
    assert source.source == QINGDAO.name and record.type == "agency"
