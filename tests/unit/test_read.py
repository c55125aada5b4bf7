"""Reading files: encodings, HTML, and the bad inputs that must become clear errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders.read import HTML, TEXT, detect_media_type, read_source, truncated_utf8_tail

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


@pytest.mark.parametrize("cut", [1, 2])  # 一 is 3 bytes in UTF-8: 1 or 2 of them survive
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_truncated_utf8_is_read_without_its_broken_tail(tmp_path: Path, cut: int, bom: bytes) -> None:
    whole = bom + (SAMPLE + "一").encode("utf-8")
    path = tmp_path / "cut.txt"
    path.write_bytes(whole[: len(whole) - 3 + cut])
    source = read_source(path)
    assert source.text == SAMPLE
    offset = len(whole) - 3
    expected = (
        f"truncated UTF-8: the file ends inside a character at byte {offset} of {offset + cut}; "
        f"read without its last {cut} byte(s) (copy or download it again for the whole text)"
    )
    assert source.warnings == (expected,)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # the file as it is


def test_truncated_html_is_read_too(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{SAMPLE}</p>龘</article></body></html>".encode()
    path = tmp_path / "cut.html"
    path.write_bytes(page[: page.index("龘".encode()) + 1])
    source = read_source(path)
    assert source.media_type == HTML and "非化石能源消费比重达到15%" in source.text
    assert source.warnings and "truncated UTF-8" in source.warnings[0]


def test_a_whole_file_has_no_warning_and_gbk_is_not_taken_for_truncated_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert read_source(path).warnings == () and read_source(path).text == SAMPLE
    ascii_then_high = tmp_path / "latin.txt"
    ascii_then_high.write_bytes(b"Policy text, ASCII only\n\xe4")  # no UTF-8 before: not a cut copy
    assert truncated_utf8_tail(ascii_then_high.read_bytes()) is None
