"""The one Jinja2 renderer (kit.render): escaping, strictness, Dutch errors with the line."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.render import TEMPLATE_DIR, render_string, render_template


def test_shipped_template_by_name_and_own_template_by_path(tmp_path):
    assert (TEMPLATE_DIR / "feedback.html.j2").is_file()
    own = tmp_path / "eigen.html.j2"
    own.write_text("<h1>{{ titel }}</h1>\n{% for x in rijen %}<li>{{ x }}</li>\n{% endfor %}")
    out = render_template(own, {"titel": "Wij & zij", "rijen": ["<b>", "c"]})
    assert out == "<h1>Wij &amp; zij</h1>\n<li>&lt;b&gt;</li>\n<li>c</li>\n"


def test_a_syntax_error_names_the_template_and_its_line(tmp_path):
    own = tmp_path / "kapot.html.j2"
    own.write_text("regel een\nregel twee\n{% if x %}\n")
    with pytest.raises(InputError) as info:
        render_template(own, {"x": 1})
    assert info.value.path == str(own)
    assert info.value.place == "regel 3"
    assert info.value.message.startswith("fout in het sjabloon")


def test_a_missing_value_is_an_error_not_an_empty_string(tmp_path):
    own = tmp_path / "t.html.j2"
    own.write_text("a\n{{ naam }}\n")
    with pytest.raises(InputError, match="'naam' is undefined") as info:
        render_template(own, {})
    assert info.value.place == "regel 2"


def test_a_missing_template_is_named(tmp_path):
    with pytest.raises(InputError, match="het sjabloon bestaat niet") as info:
        render_template(tmp_path / "weg.html.j2", {})
    assert info.value.path == str(tmp_path / "weg.html.j2")


def test_render_string_escapes_and_reports_syntax_errors():
    assert render_string("{{ a }}", {"a": "<script>"}) == "&lt;script&gt;"
    with pytest.raises(InputError) as info:
        render_string("{% for %}", {})
    assert str(info.value).startswith("sjabloon, regel 1: fout in het sjabloon")
