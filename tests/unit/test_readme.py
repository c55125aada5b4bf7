"""The README's schema table is generated from graph/schema.py and must be current."""

from __future__ import annotations

from pathlib import Path

from policykg.graph.schema import markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_schema_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- schema-table:start -->") + len("<!-- schema-table:start -->")
    end = text.index("<!-- schema-table:end -->")
    assert text[start:end].strip() == markdown_table().strip(), (
        "README schema table is stale: regenerate it from policykg.graph.schema.markdown_table()"
    )


def test_readme_gives_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "pip install -e . && policykg build" in text
    assert "pip install -e '.[dev]' && pytest" in text
