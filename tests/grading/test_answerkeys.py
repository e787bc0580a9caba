"""Answer keys of the form questions (kit.grading.answerkeys): counted from the tables the
student reads, every tied answer accepted, choices labelled from the codebook."""

from __future__ import annotations

import pandas as pd

from kit.analysis.codebook import load_codebook
from kit.grading.answerkeys import discourse_key, discourse_questions, wrong_answers

BOOK = load_codebook("frames-dominant-discours")
CORPUS = pd.DataFrame({"id": ["t1", "t2", "t3", "t4"],
                       "group": ["sekswerkers", "sekswerkers", "arbeidsmigranten", "arbeidsmigranten"]})
FRAMES = pd.DataFrame({
    "document": ["t1", "t1", "t1", "t2", "t3", "t3", "t4"],
    "code": ["handhaving-controle", "handhaving-controle", "mensenhandel", "overlast-buurt",
             "verdringing", "zelfbeschikking", "verdringing"]})


def test_texts_not_passages_are_counted_and_subcodes_roll_up_per_group():
    key = discourse_key(FRAMES, CORPUS, BOOK)
    assert key["meer_frames"] == {2}  # t1 and t3; t1's doubled passage counts once
    assert key["meeste_teksten"] == {"verdringing"}  # 2 texts; handhaving-controle 1 text
    assert key["hoofdframe_sekswerkers"] == {"criminaliteit-overlast"}  # t1 and t2
    assert key["hoofdframe_arbeidsmigranten"] == {"economie-arbeidsmarkt"}


def test_a_tie_accepts_every_tied_answer():
    frames = pd.DataFrame({"document": ["t1", "t2"], "code": ["mensenhandel", "overlast-buurt"]})
    key = discourse_key(frames, CORPUS, BOOK)
    assert key["meeste_teksten"] == {"mensenhandel", "overlast-buurt"}
    assert key["hoofdframe_sekswerkers"] == {"slachtofferschap", "criminaliteit-overlast"}
    assert "hoofdframe_arbeidsmigranten" not in key  # no coded text of that group


def test_questions_match_the_key_and_show_dutch_labels():
    questions = discourse_questions(FRAMES, CORPUS, BOOK)
    key = discourse_key(FRAMES, CORPUS, BOOK)
    assert {q.key for q in questions} == set(key)
    chosen = next(q for q in questions if q.key == "meeste_teksten")
    assert (BOOK.label("verdringing"), "verdringing") in list(chosen.options)
    assert all(value in {v for _, v in chosen.options} for value in key["meeste_teksten"])


def test_wrong_or_missing_answers_are_listed_sorted():
    key = discourse_key(FRAMES, CORPUS, BOOK)
    right = {q: next(iter(v)) for q, v in key.items()}
    assert wrong_answers(right, key) == []
    answers = dict(right, meer_frames=3)
    del answers["hoofdframe_sekswerkers"]
    assert wrong_answers(answers, key) == ["hoofdframe_sekswerkers", "meer_frames"]
