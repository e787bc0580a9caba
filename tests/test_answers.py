"""A student's free-text answers in the workspace (kit.answers): kept per question, replaced
in place, read back after a rerun, and a broken file refused instead of overwritten."""

from __future__ import annotations

import pytest

from kit.answers import ANSWERS_FILE, answer_key, load_answer, load_answers, save_answer
from kit.errors import InputError
from kit.io import read_yaml


def test_answers_are_kept_per_question_and_replaced_in_place(tmp_path):
    work = tmp_path / "mijn-werk"
    k1 = save_answer(work, "Wat is een stockverhaal?", "Het bekende verhaal.")
    k2 = save_answer(work, "Wie vertelt het tegenverhaal?", "De gemeenschap zelf: 'wij'.")
    assert k1 != k2
    save_answer(work, "Wat is een stockverhaal?", "Een verhaal dat niemand meer toetst.")
    assert load_answer(work, "Wat is een stockverhaal?") == "Een verhaal dat niemand meer toetst."
    assert load_answer(work, "Wie vertelt het tegenverhaal?") == "De gemeenschap zelf: 'wij'."
    on_disk = read_yaml(work / ANSWERS_FILE)
    assert set(on_disk) == {k1, k2}
    assert on_disk[k1]["vraag"] == "Wat is een stockverhaal?"  # the file reads on its own
    assert [p.name for p in work.iterdir()] == [ANSWERS_FILE]  # temp file renamed, none left


def test_key_ignores_surrounding_whitespace_only():
    assert answer_key("  Wat is thuis?\n") == answer_key("Wat is thuis?")
    assert answer_key("Wat is thuis?") != answer_key("Wat is thuis ?")


def test_no_file_means_no_answers(tmp_path):
    assert load_answers(tmp_path) == {}
    assert load_answer(tmp_path, "Iets?") == ""


def test_a_broken_entry_is_named_not_dropped(tmp_path):
    key = save_answer(tmp_path, "Wat is thuis?", "Mijn buurt.")
    (tmp_path / ANSWERS_FILE).write_text(
        (tmp_path / ANSWERS_FILE).read_text(encoding="utf-8") + "v-0000000000: los antwoord\n",
        encoding="utf-8")
    with pytest.raises(InputError) as info:
        save_answer(tmp_path, "Nog een vraag?", "x")
    assert info.value.place == "veld 'v-0000000000'"
    assert str(tmp_path / ANSWERS_FILE) in str(info.value)
    assert "los antwoord" in (tmp_path / ANSWERS_FILE).read_text(encoding="utf-8")  # untouched
    assert key in (tmp_path / ANSWERS_FILE).read_text(encoding="utf-8")


def test_a_file_that_is_no_mapping_is_refused(tmp_path):
    (tmp_path / ANSWERS_FILE).write_text("- een\n- twee\n", encoding="utf-8")
    with pytest.raises(InputError, match="per vraag een antwoord"):
        load_answers(tmp_path)
