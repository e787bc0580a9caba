"""Codings: the open CSV, its checks, and coding without widgets."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.codebook import load_codebook
from kit.analysis.coding import (
    CODING_COLUMNS,
    add_coding,
    coding_table,
    codings_from_table,
    load_texts,
    read_codings,
    remove_coding,
    sentences,
    with_passages,
    write_codings,
)
from kit.errors import InputError

TEXTS = {"N-1": "Ik werk al tien jaar in de kas. De bank sloot mijn rekening. Mijn buurvrouw lachte.",
         "N-2": "Op de markt kennen ze me. Ik voel me daar thuis."}
BOOK = load_codebook("erbij-horen-en-uitsluiting")


def _row(**changes):
    row = {"document": "N-1", "start": 32, "end": 60, "code": "geldzaken-bank", "coder": "A", "memo": ""}
    row.update(changes)
    return row


def test_sentences_give_exact_offsets():
    for doc, text in TEXTS.items():
        for start, end, sentence in sentences(text):
            assert text[start:end] == sentence, doc


def test_write_and_read_roundtrip(tmp_path):
    path = tmp_path / "mijn-werk" / "coderingen.csv"
    write_codings(pd.DataFrame([_row(), _row(start=0, end=31, code="eigen-regie")]), path,
                  texts=TEXTS, codebook=BOOK)
    assert path.read_text().splitlines()[0] == ",".join(CODING_COLUMNS)
    back = read_codings(path, texts=TEXTS, codebook=BOOK)
    assert with_passages(back, TEXTS)["passage"].tolist() == [
        "Ik werk al tien jaar in de kas.", "De bank sloot mijn rekening."]


@pytest.mark.parametrize("change, place, words", [
    ({"end": 500}, "rij 2, kolom 'end'", "voorbij het einde"),
    ({"document": "N-9"}, "rij 2, kolom 'document'", "niet tussen de teksten"),
    ({"code": "bankzaken"}, "rij 2, kolom 'code'", "niet in het codeboek"),
    ({"start": "tien"}, "rij 2, kolom 'start'", "geen heel getal"),
    ({"end": 10}, "rij 2, kolom 'end'", "niet na het begin"),
    ({"coder": " "}, "rij 2, kolom 'coder'", "codeur ontbreekt"),
    ({"start": -1}, "rij 2, kolom 'start'", "negatief"),
])
def test_bad_rows_are_named_and_nothing_is_written(tmp_path, change, place, words):
    path = tmp_path / "coderingen.csv"
    write_codings(pd.DataFrame([_row()]), path, texts=TEXTS, codebook=BOOK)
    before = path.read_bytes()
    with pytest.raises(InputError) as err:
        write_codings(pd.DataFrame([_row(), _row(**change)]).iloc[::-1], path, texts=TEXTS, codebook=BOOK)
    assert err.value.place == place and words in err.value.message
    assert err.value.path == str(path)
    assert path.read_bytes() == before


def test_duplicate_codings_are_refused():
    from kit.analysis.coding import validate_codings

    with pytest.raises(InputError, match="twee keer"):
        validate_codings(pd.DataFrame([_row(), _row()]))


def test_excel_export_with_semicolons_and_cp1252(tmp_path):
    path = tmp_path / "coderingen.csv"
    path.write_bytes("document;start;end;code;coder;memo\nN-1;32;60;geldzaken-bank;A;café-gesprek\n"
                     .encode("cp1252"))
    assert read_codings(path, texts=TEXTS, codebook=BOOK).loc[0, "memo"] == "café-gesprek"


def test_extra_column_is_refused(tmp_path):
    path = tmp_path / "coderingen.csv"
    path.write_text("document,start,end,code,coder,memo,naam\nN-1,0,5,werk,A,,Ania\n")
    with pytest.raises(InputError) as err:
        read_codings(path)
    assert err.value.place == "kolom 'naam'"


def test_add_and_remove(tmp_path):
    path = tmp_path / "coderingen.csv"
    add_coding(path, document="N-2", start=0, end=25, code="plek-buurt", coder="B", texts=TEXTS, codebook=BOOK)
    all_rows = add_coding(path, document="N-2", start=26, end=48, code="erbij-horen", coder="B",
                          memo="thuis", texts=TEXTS, codebook=BOOK)
    assert len(all_rows) == 2
    with pytest.raises(InputError):
        add_coding(path, document="N-2", start=26, end=99, code="erbij-horen", coder="B", texts=TEXTS)
    assert len(read_codings(path)) == 2
    left = remove_coding(path, document="N-2", start=0, end=25, code="plek-buurt", coder="B")
    assert left["code"].tolist() == ["erbij-horen"]


def test_coding_in_a_table_points_at_the_students_row():
    table = coding_table(TEXTS, coder="A")
    assert len(table) == 5 and (table["code"] == "").all()
    table.loc[1, "code"] = "geldzaken-bank; sociale-uitsluiting"
    table.loc[4, "code"] = "erbij-horen"
    codings = codings_from_table(table, texts=TEXTS, codebook=BOOK)
    assert codings["code"].tolist() == ["geldzaken-bank", "sociale-uitsluiting", "erbij-horen"]
    table.loc[4, "code"] = "thuisgevoel"
    with pytest.raises(InputError) as err:
        codings_from_table(table, texts=TEXTS, codebook=BOOK, path="tabel.csv")
    assert err.value.place == "rij 6, kolom 'code'"


def test_load_texts_from_csv_and_corpus(tmp_path):
    path = tmp_path / "teksten.csv"
    path.write_text("id,text\na,Hallo.\n")
    assert load_texts(path)["text"].tolist() == ["Hallo."]
    from kit.analysis.discourse_corpus import default_corpus_path

    assert len(load_texts(default_corpus_path())) >= 12
    empty = tmp_path / "leeg.csv"
    empty.write_text("id,text\n")
    with pytest.raises(InputError, match="geen teksten"):
        load_texts(empty)
