"""Reading files: encodings, HTML, and the bad inputs that must become clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders.read import HTML, TEXT, detect_media_type, read_source

SAMPLE = "国家碳达峰试点（青岛）实施方案\n一、总体要求\n到2025年，非化石能源消费比重达到15%。\n"


def test_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    source = read_source(path)
    assert source.text == SAMPLE and source.encoding == "utf-8" and source.media_type == TEXT
    assert source.source == "a.txt" and len(source.sha256) == 64


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    source = read_source(path)
    assert source.text == SAMPLE and source.encoding == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes((SAMPLE * 3).encode(encoding))
    source = read_source(path)
    assert source.text == SAMPLE * 3 and source.encoding == "gb18030"


def test_html_keeps_the_article(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>t</title><style>p{color:red}</style>"
        "<script>var x='一、不是条款';</script></head><body><nav>首页 | 政策</nav>"
        "<header>网站头</header><article><h1>辽宁省碳达峰实施方案</h1>"
        "<p>一、总体要求</p><p>到2025年&nbsp;，单位GDP能耗下降。</p></article>"
        "<footer>版权所有</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    source = read_source(path)
    assert source.media_type == HTML
    assert "辽宁省碳达峰实施方案\n一、总体要求" in source.text
    for junk in ("var x", "首页", "网站头", "版权所有", "color"):
        assert junk not in source.text


def test_media_type_is_sniffed_from_content() -> None:
    assert detect_media_type(b"%PDF-1.7 ...") == "application/pdf"
    assert detect_media_type("<html><body>一</body></html>".encode()) == HTML
    assert detect_media_type(SAMPLE.encode()) == TEXT


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x00\x01\x02binary\x00" * 50, "binary file"),
        (bytes(range(128, 256)) * 40, "undecodable"),
    ],
)
def test_bad_inputs_name_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_source(path)
    assert error.value.file == "bad.txt" and reason in error.value.reason


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(SAMPLE * 100, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read_source(path, max_bytes=1000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
