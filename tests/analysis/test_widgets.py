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


def test_partner_widget_combines_two_coders_and_refuses_a_shared_letter(tmp_path):
    from kit.analysis.codebook import load_codebook
    from kit.analysis.widgets import partner_widget
    from kit.io import read_csv

    texts = {"n1": "Ik werk graag. De bank zei nee."}
    header = "document,start,end,code,coder,memo\n"
    (tmp_path / "coderingen.csv").write_text(header + "n1,0,14,eigen-regie,A,\n", encoding="utf-8")
    (tmp_path / "coderingen-partner.csv").write_text(header + "n1,0,14,eigen-regie,B,\n", encoding="utf-8")
    box = partner_widget(tmp_path, texts, load_codebook("erbij-horen-en-uitsluiting"))
    assert box.compare() is not None
    assert sorted(read_csv(tmp_path / "coderingen-samen.csv")["coder"]) == ["A", "B"]
    (tmp_path / "coderingen-partner.csv").write_text(header + "n1,0,14,eigen-regie,A,\n", encoding="utf-8")
    assert box.compare() is None
    assert "elke codeur een eigen naam" in box.parts["status"].value


def test_kwic_compare_and_text_viewer_and_worksheet_widget(tmp_path):
    import pandas as pd

    from kit.analysis.widgets import kwic_compare_widget, text_viewer, worksheet_widget

    assert kwic_compare_widget({"a": "Overlast hier."}, {"b": "Geen."}, word="overlast").search() == (1, 0)
    corpus = pd.DataFrame({"id": ["x"], "title": ["T"], "text": ["Een tekst."]})
    assert "Een tekst." in text_viewer(corpus).show()
    box = worksheet_widget(tmp_path, value="dd07")
    sheet = box.make()
    sheet.write_text("mijn antwoorden", encoding="utf-8")
    assert box.make().read_text(encoding="utf-8") == "mijn antwoorden"
