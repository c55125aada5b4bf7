"""The build stamp (graph/ingest.py): an output counts as current only for the same graph
fingerprint and while the file is untouched."""

from __future__ import annotations

import os
from pathlib import Path

from policykg.graph.ingest import BUILD_STAMP, output_current, record_output


def test_an_output_is_current_for_its_fingerprint_while_untouched(tmp_path: Path) -> None:
    (tmp_path / "graph.nt").write_text("<a> <b> <c> .\n", encoding="utf-8")
    assert output_current(tmp_path, "graph.nt", "f1") is None  # never recorded
    record_output(tmp_path, "graph.nt", "f1", triples=1)
    assert output_current(tmp_path, "graph.nt", "f1") == {
        "fingerprint": "f1",
        "files": {"graph.nt": [14, (tmp_path / "graph.nt").stat().st_mtime_ns]},
        "triples": 1,
    }
    assert output_current(tmp_path, "graph.nt", "f2") is None  # another graph
    os.utime(tmp_path / "graph.nt", ns=(1, 1))  # touched (or replaced) since
    assert output_current(tmp_path, "graph.nt", "f1") is None


def test_pages_count_their_folder_and_a_broken_stamp_is_no_stamp(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "pages").mkdir()
    record_output(tmp_path, "index.html", "f1", also=("pages",), pages=0)
    assert output_current(tmp_path, "index.html", "f1", also=("pages",)) is not None
    (tmp_path / "pages").rmdir()
    assert output_current(tmp_path, "index.html", "f1", also=("pages",)) is None
    (tmp_path / BUILD_STAMP).write_text("{not json", encoding="utf-8")
    assert output_current(tmp_path, "index.html", "f1") is None
