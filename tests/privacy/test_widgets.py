"""The pseudonymise widget is a thin layer over check_text."""

from __future__ import annotations

from kit.privacy.pseudonymise import Pseudonymiser
from kit.privacy.widgets import check_text, highlight_labels, pseudonymise_box


def test_check_text_and_widget(vault):
    p = Pseudonymiser(vault, use_deduce=False)
    outcome = check_text("Bel me op 06-12345678, ik ben 19.", p)
    assert outcome["counts"] == {"TELEFOON": 1, "LEEFTIJD": 1}
    assert outcome["findings_after"] == []
    box = pseudonymise_box(p, "Mail: a.b@voorbeeld.nl")
    box.check()
    html = box.children[-1].value
    assert "<mark" in html and "a.b@voorbeeld.nl" not in html and "EMAIL: 1" in html


def test_highlight_escapes_html():
    assert "&lt;b&gt;" in highlight_labels("<b>[PERSOON-0a1b]</b>")
