"""The discourse assignment's frame tables and form show the codebook's labels, never code ids.

The counts are the same as the assignment's old pandas cells (texts, not passages); only what a
student reads changed. The saved answers keep the ids, so the hidden checks stay as they were.
"""

from __future__ import annotations

import pytest

from kit.analysis.codebook import load_codebook
from kit.analysis.discourse_corpus import DEVICES, corpus_frames, load_dominant_corpus


@pytest.fixture(scope="module")
def data():
    return corpus_frames(), load_dominant_corpus(), load_codebook("frames-dominant-discours")


def _ids(book) -> list[str]:
    return [c for c in book.ids() if c != book.label(c)]


def test_frames_per_text_names_the_frames_and_counts_them(data):
    from kit.analysis.frametables import frames_per_text

    frames, corpus, book = data
    table = frames_per_text(frames, corpus, book)
    assert list(table.columns) == ["tekst", "titel", "frames", "aantal verschillende frames"]
    unique = frames.drop_duplicates(subset=["document", "code"])
    old = unique.groupby("document").size()
    assert dict(zip(table["tekst"], table["aantal verschillende frames"], strict=True)) == old.to_dict()
    named = {name for cell in table["frames"] for name in cell.split(", ")}
    assert "Handhaving en controle" in named
    assert named <= {book.label(c) for c in book.ids()} and not named & set(_ids(book)), named


@pytest.mark.parametrize("top_level", [False, True])
def test_frames_per_group_has_labels_as_rows_and_the_same_counts(data, top_level):
    from kit.analysis.frametables import frames_per_group
    from kit.analysis.frequencies import code_frequencies

    frames, corpus, book = data
    table = frames_per_group(frames, corpus, book, top_level=top_level)
    old = code_frequencies(frames, corpus.rename(columns={"group": "community"}), by="community",
                           codebook=book if top_level else None, top_level=top_level)
    assert table.index.name == ("hoofdframe" if top_level else "frame")
    assert not set(table.index) & set(_ids(book)), list(table.index)
    for code in old.index:
        assert table.loc[book.label(code)].drop("alle groepen").to_dict() == old.loc[code].to_dict()
        assert table.loc[book.label(code), "alle groepen"] == old.loc[code].sum()


def test_the_form_offers_labels_and_saves_ids(data, tmp_path):
    from kit.answers import load_choices
    from kit.grading.answerkeys import DISCOURSE_FORM, discourse_key, discourse_questions
    from kit.widgets.answerforms import choice_form

    frames, corpus, book = data
    questions = discourse_questions(frames, corpus, book)
    shown = [label for q in questions for label, _value in q.options]
    assert "Handhaving en controle" in shown
    assert not [label for label in shown if "(" in label or label in book.ids()], shown
    box = choice_form(tmp_path, DISCOURSE_FORM, questions)
    key = discourse_key(frames, corpus, book)
    box.fields["meeste_teksten"].value = sorted(key["meeste_teksten"])[0]
    box.fields["meer_frames"].value = str(sorted(key["meer_frames"])[0])
    assert box.save() is not None
    assert load_choices(tmp_path, DISCOURSE_FORM)["meeste_teksten"] in book.ids()
    # where the widget cannot be drawn (the graded notebook, the feedback): a Dutch summary
    plain = box._repr_mimebundle_()["text/plain"]
    assert plain.startswith("Bewaarde antwoorden:") and book.label(sorted(key["meeste_teksten"])[0]) in plain
    assert not [c for c in _ids(book) if c in plain], plain


def test_the_devices_form_names_devices_without_hyphens(data, tmp_path):
    from kit.widgets.answerforms import devices_form

    _frames, corpus, _book = data
    box = devices_form(tmp_path, corpus)
    labels = [label for label, _value in box.parts["device"].options]
    assert "ontbrekende actor" in labels and "niet geciteerd" in labels
    assert not [d for d in DEVICES if "-" in d and d in labels]
    box.parts["text"].value = "dd07"
    box.parts["device"].value = "niet-geciteerd"
    box.parts["fragment"].value = "Het uitzendbureau was niet bereikbaar."
    box.add()
    assert "niet geciteerd" in box.parts["list"].value and "niet-geciteerd" not in box.parts["list"].value
    assert box.save() is not None
    assert "niet geciteerd: 'Het uitzendbureau" in box._repr_mimebundle_()["text/plain"]
