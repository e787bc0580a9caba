"""The coding widget saves real rows, refuses bad ones, and has stable CSS classes; the KWIC widget searches."""

from __future__ import annotations

from kit.analysis.codebook import load_codebook
from kit.analysis.coding import read_codings
from kit.analysis.widgets import coding_widget, kwic_widget

TEXTS = {"N-1": "De bank zei nee. Ik lachte erom met mijn buurvrouw.", "N-2": "Op de markt ken ik iedereen."}
BOOK = load_codebook("erbij-horen-en-uitsluiting")


def test_coding_widget_saves_the_chosen_sentence(tmp_path):
    path = tmp_path / "mijn-werk" / "coderingen.csv"
    box = coding_widget(TEXTS, BOOK, path, coder="A")
    assert "iids-coding" in box._dom_classes
    for name, part in box.parts.items():
        assert f"iids-coding-{name}" in part._dom_classes
    box.parts["sentence"].value = box.parts["sentence"].options[1][1]
    box.parts["code"].value = "humor-veerkracht"
    box.parts["memo"].value = "lacht het weg"
    assert box.save() is True
    rows = read_codings(path, texts=TEXTS, codebook=BOOK)
    assert rows[["document", "start", "end", "code", "coder", "memo"]].values.tolist() == [
        ["N-1", 17, 51, "humor-veerkracht", "A", "lacht het weg"]]
    assert "Bewaard" in box.parts["status"].value and "lacht het weg" in box.parts["table"].value
    assert box.parts["memo"].value == ""


def test_coding_widget_slider_and_document_switch(tmp_path):
    path = tmp_path / "coderingen.csv"
    box = coding_widget(TEXTS, BOOK, path, coder="B")
    box.parts["document"].value = "N-2"
    assert box.parts["range"].value == (0, 28)
    box.parts["range"].value = (6, 11)
    assert '<mark class="iids-coding-mark">markt</mark>' in box.parts["preview"].value
    box.parts["code"].value = "plek-buurt"
    assert box.save() is True
    assert read_codings(path).loc[0, "end"] == 11


def test_coding_widget_refuses_without_coder_and_writes_nothing(tmp_path):
    path = tmp_path / "coderingen.csv"
    box = coding_widget(TEXTS, BOOK, path)
    assert box.save() is False
    assert "codeur ontbreekt" in box.parts["status"].value
    assert not path.exists()


def test_kwic_widget_searches():
    box = kwic_widget(TEXTS, word="bank")
    assert "iids-kwic" in box._dom_classes
    assert box.search() == 1
    assert "1 vindplaatsen" in box.children[1].value
