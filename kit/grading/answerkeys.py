"""Questions and answer keys for the autograded parts the student answers with a form.

The assignments show a table the kit computed (frames per text, frames per group, the
agreement of two coders) and ask the student to read it: the questions are
:class:`kit.answers.Question` lists, the keys the set of accepted answers per
question (a tie accepts every tied answer). The keys are computed from the same data at
grading time, so they hold for any corpus a lecturer loads. The synthetic submissions of the
demo fill the forms with these keys (:func:`kit.synthetic.grading.fill_work_folder`).

>>> wrong_answers({"a": 3, "b": "x"}, {"a": {3}, "b": {"y", "z"}, "c": {1}})
['b', 'c']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from kit.answers import Question

__all__ = ["DISCOURSE_FORM", "AGREEMENT_FORM", "discourse_questions", "discourse_key",
           "agreement_questions", "agreement_key", "wrong_answers", "ALPHA_VERDICTS"]

#: Where the answers are saved in the workspace (:func:`kit.answers.save_choices`).
DISCOURSE_FORM = "discoursanalyse/frames-tellen"
AGREEMENT_FORM = "narratieven/overeenstemming"
#: The verdicts on alpha a student chooses from (value: first word of ``interpret_alpha``).
ALPHA_VERDICTS = (("betrouwbaar (0,800 of hoger)", "betrouwbaar"),
                  ("voorzichtig: alleen voorlopige conclusies (0,667 tot 0,800)", "voorzichtig"),
                  ("onvoldoende (onder 0,667)", "onvoldoende"))


def _unique(frames):
    return frames.drop_duplicates(subset=["document", "code"])


def _label(codebook, code: str) -> str:
    """What the student reads in the form: the codebook's Dutch label (the id is only saved)."""
    return codebook.label(code)


def _groups(frames, corpus) -> list[str]:
    coded = set(frames["document"])
    return sorted({g for i, g in zip(corpus["id"], corpus["group"], strict=True) if i in coded})


def discourse_questions(frames, corpus, codebook) -> list[Question]:
    """Part 1 of *discoursanalyse*: three questions about the frame tables (1a, 1b, 1c per group)."""
    codes = sorted(set(frames["code"]))
    tops = sorted({codebook.top_level(c) for c in codes if c in codebook})
    questions = [
        Question("meer_frames", "1a. In hoeveel teksten staan twee of meer verschillende frames?"),
        Question("meeste_teksten", "1b. Welk frame staat in de meeste teksten (tel teksten, niet passages)?",
                 [(_label(codebook, c), c) for c in codes]),
    ]
    questions += [Question(f"hoofdframe_{g}", f"1c. Welk hoofdframe staat in de meeste teksten over {g}?",
                           [(_label(codebook, t), t) for t in tops])
                  for g in _groups(frames, corpus)]
    return questions


def discourse_key(frames, corpus, codebook) -> dict[str, set]:
    """The accepted answers to :func:`discourse_questions`.

    >>> import pandas as pd
    >>> from kit.analysis.codebook import load_codebook
    >>> boek = load_codebook("frames-dominant-discours")
    >>> frames = pd.DataFrame({"document": ["a", "a", "a", "b"],
    ...                        "code": ["overlast", "overlast", "handhaving", "overlast"]})
    >>> corpus = pd.DataFrame({"id": ["a", "b"], "group": ["g", "g"]})
    >>> key = discourse_key(frames, corpus, boek)
    >>> key["meer_frames"], key["meeste_teksten"]
    ({1}, {'overlast'})
    """
    unique = _unique(frames)
    per_text = unique.groupby("document").size()
    texts_per_code = unique.groupby("code")["document"].nunique()
    key: dict[str, set] = {
        "meer_frames": {int((per_text >= 2).sum())},
        "meeste_teksten": set(texts_per_code[texts_per_code == texts_per_code.max()].index),
    }
    group_of = dict(zip(corpus["id"], corpus["group"], strict=True))
    pairs = {(d, codebook.top_level(c)) for d, c in zip(frames["document"], frames["code"], strict=True)
             if c in codebook}
    counts = Counter((group_of[d], t) for d, t in pairs if d in group_of)
    for group in _groups(frames, corpus):
        mine = {t: n for (g, t), n in counts.items() if g == group}
        if mine:
            top = max(mine.values())
            key[f"hoofdframe_{group}"] = {t for t, n in mine.items() if n == top}
    return key


def _alphas(outcome):
    table = outcome.per_code.dropna(subset=["alpha"])
    return dict(zip(table["code"], table["alpha"], strict=True))


def agreement_questions(outcome, codebook=None) -> list[Question]:
    """Part 2 of *narratieven*: the code with the lowest alpha and the verdict on the total."""
    codes = sorted(_alphas(outcome))
    label = (lambda c: _label(codebook, c)) if codebook is not None else str
    return [
        Question("laagste_alfa", "Bij welke code is jullie overeenstemming (alfa) het laagst?",
                 [(label(c), c) for c in codes]),
        Question("oordeel_totaal", "Wat is het oordeel over jullie totale alfa?", list(ALPHA_VERDICTS)),
    ]


def agreement_key(outcome) -> dict[str, set]:
    """The accepted answers to :func:`agreement_questions`."""
    from kit.analysis.agreement import interpret_alpha

    alphas = _alphas(outcome)
    key: dict[str, set] = {"oordeel_totaal": {interpret_alpha(outcome.overall["alpha"]).split(":")[0].split()[0]}}
    if alphas:
        low = min(alphas.values())
        key["laagste_alfa"] = {c for c, a in alphas.items() if abs(a - low) < 1e-9}
    return key


def wrong_answers(answers: Mapping[str, Any], key: Mapping[str, set]) -> list[str]:
    """The questions of ``key`` answered wrongly or not at all (sorted)."""
    return sorted(k for k, accepted in key.items() if answers.get(k) not in accepted)
