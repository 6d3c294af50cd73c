"""The settings tree: identity is the book's own; derived texts come from its title and years."""

from __future__ import annotations

import pytest
from mkdocs.config.base import ValidationError

from yearbook.settings import YearbookConfig, book_title, cover_subtitle, running_head


def settings(**options: object) -> YearbookConfig:
    config = YearbookConfig()
    config.load_dict({"start_year": 1995, "end_year": 2020, "organization": "Sở X", **options})
    errors, _ = config.validate()
    if errors:
        raise ValidationError(str(errors))
    return config


def test_identity_is_required_and_defaults_name_no_book() -> None:
    given = {"start_year": 1995, "end_year": 2020, "organization": "Sở X"}
    for missing in given:
        config = YearbookConfig()
        config.load_dict({k: v for k, v in given.items() if k != missing})
        errors, _ = config.validate()
        assert [name for name, _ in errors] == [missing]
    defaults = settings()
    for text in (book_title(defaults), running_head(defaults), defaults.pdf.print_output):
        for word in ("Quảng Ngãi", "30 năm", "1989", "Văn phòng UBND", "75 năm"):
            assert word not in text, (word, text)


def test_titles_cover_and_running_head_are_derived() -> None:
    config = settings(title="Kỷ yếu 25 năm xây dựng và trưởng thành (1995–2020)")
    assert cover_subtitle(config) == "25 năm xây dựng và trưởng thành"
    assert running_head(config) == "Kỷ yếu 25 năm xây dựng và trưởng thành · Sở X"
    assert book_title(settings()) == "Kỷ yếu 25 năm (1995–2020)"


@pytest.mark.parametrize("value", ["red; } body { display: none", "#12345", "url(x)"])
def test_colours_are_hex_only(value: str) -> None:
    with pytest.raises(ValidationError):
        settings(design={"primary": value})
