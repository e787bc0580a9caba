"""Synthetic submissions and graders for the demo and the benchmarks.

Answers of varied quality are built from the assignment's own model solutions (the
source notebook) and, where given, sentences from the synthetic narrative corpus.
Simulated graders choose rubric levels near the submission's quality with a little
noise of their own, so double marking shows realistic (dis)agreement.

The assignments are the kit's real ones (:mod:`kit.grading.sources`); there are no
stand-ins.

>>> import random
>>> quality_levels(0.0, 3, random.Random(1), noise=0.0), quality_levels(1.0, 3, random.Random(1), noise=0.0)
(0, 2)
"""

from __future__ import annotations

import hashlib
import random
import re

__all__ = [
    "model_answer",
    "fill_notebook",
    "quality_levels",
    "simulated_scores",
    "fill_work_folder",
]


def model_answer(source_cell) -> str:
    """The model answer of a source cell, without nbgrader's solution markers.

    >>> from nbformat.v4 import new_code_cell
    >>> model_answer(new_code_cell("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION"))
    'x = 1\\ny = 2'
    """
    lines = [ln for ln in source_cell.source.splitlines()
             if not re.match(r"\s*#+\s*(BEGIN|END) SOLUTION", ln)]
    return "\n".join(lines)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def fill_notebook(released, source, quality: float, rng: random.Random,
                  extra_sentences: list[str] | None = None):
    """A student's filled-in copy of the released notebook with answers of the given quality.

    Args:
        released: the released notebook (nbformat node; not changed).
        source: the source notebook with the model solutions.
        quality: 0 (blank) .. 1 (model answer).
        rng: random source.
        extra_sentences: sentences (e.g. from synthetic narratives) mixed into weak answers.

    Returns:
        A new notebook.
    """
    import copy

    nb = copy.deepcopy(released)
    solutions = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        model = solutions.get(meta.get("grade_id"))
        if model is None:
            continue
        if cell.cell_type == "code":
            if quality >= 0.45:
                cell.source = model_answer(model)
        else:
            sentences = _sentences(model_answer(model)) or ["Mijn antwoord."]
            keep = max(0, round(quality * len(sentences) + rng.uniform(-0.5, 0.5)))
            chosen = sentences[:keep]
            if extra_sentences and (quality < 0.7 or not chosen):
                chosen += rng.sample(extra_sentences, k=min(2, len(extra_sentences)))
            cell.source = " ".join(chosen) if quality > 0.05 else cell.source
    return nb


def fill_work_folder(assignment: str, folder, quality: float, vault) -> list:
    """What a synthetic student makes with the widgets and forms, written into ``folder/mijn-werk``.

    No assignment asks for code: the student's work is the files the widgets save, and the
    autograded checks read those. A synthetic student of quality >= 0,45 fills them through the
    same save functions the widgets call (never by editing code in the notebook):

    - ``discoursanalyse``: the answers to the frame questions (the answer key) and three text
      devices in ``dd07`` (:func:`kit.answers.save_choices`, :func:`kit.analysis.devices.save_devices`);
    - ``onderzoeksplan``: the kit's invented example notes, pseudonymised into the work folder
      the way the notes form does (the raw notes never enter the notebook);
    - ``narratieven``: synthetic narratives and two coders' codings (only when the folder has
      none yet, e.g. from the demo's earlier stages), and the answers about their agreement;

    (The dialogue record of ``dialoogtafel`` is saved by the demo, :mod:`kit.demo.grading`:
    the grading area does not import the dialogue area.)

    Args:
        assignment: the assignment id.
        folder: the submission folder.
        quality: 0 .. 1, as in :func:`fill_notebook`.
        vault: the (temporary) vault whose key the pseudonymiser uses.

    Returns:
        The files written.

    >>> fill_work_folder("handreiking", "/tmp/niet-gebruikt", 1.0, None)
    []
    >>> fill_work_folder("discoursanalyse", "/tmp/niet-gebruikt", 0.2, None)
    []
    """
    from pathlib import Path

    fillers = {"discoursanalyse": _fill_discourse, "onderzoeksplan": _fill_notes,
               "narratieven": _fill_narratives}
    if assignment not in fillers or quality < 0.45:
        return []
    work = Path(folder) / "mijn-werk"
    work.mkdir(parents=True, exist_ok=True)
    return fillers[assignment](work, vault)


def _fill_notes(work, vault) -> list:
    from kit.privacy.fieldnotes import COUNT, PSEUDONYMISED, write_example

    write_example(work, vault)
    return [work / PSEUDONYMISED, work / COUNT]


def _fill_discourse(work, _vault) -> list:
    from kit.analysis.codebook import load_codebook
    from kit.analysis.devices import save_devices
    from kit.analysis.discourse_corpus import corpus_frames, load_dominant_corpus
    from kit.answers import save_choices
    from kit.grading.answerkeys import DISCOURSE_FORM, discourse_key, discourse_questions

    corpus, frames = load_dominant_corpus(), corpus_frames()
    codebook = load_codebook("frames-dominant-discours")
    key = discourse_key(frames, corpus, codebook)
    answers = {k: sorted(v)[0] for k, v in key.items()}
    paths = [save_choices(work, DISCOURSE_FORM, answers, discourse_questions(frames, corpus, codebook))]
    paths.append(save_devices(work, "dd07", [
        ("benoeming", "twaalf Polen"),
        ("passief", "zijn bij een controle twaalf Polen aangetroffen"),
        ("geciteerd", "zegt een buurvrouw"),
        ("niet-geciteerd", "Het uitzendbureau was niet bereikbaar."),
    ], corpus))
    return paths


def _fill_narratives(work, _vault) -> list:
    import pandas as pd

    from kit.analysis.agreement import agreement
    from kit.analysis.codebook import load_codebook
    from kit.analysis.coding import read_codings, write_codings
    from kit.answers import save_choices
    from kit.grading.answerkeys import AGREEMENT_FORM, agreement_key, agreement_questions
    from kit.narratives.store import load_narratives

    paths = []
    if not (work / "narratieven.csv").exists():
        from kit.narratives.framework import default_framework
        from kit.narratives.store import write_store
        from kit.synthetic.narratives import generate_corpus

        paths.append(write_store(generate_corpus(24, seed=41), work, default_framework()))
    narratives = load_narratives(work)
    codebook = load_codebook(work / "codeboek.yaml") if (work / "codeboek.yaml").exists() \
        else load_codebook("erbij-horen-en-uitsluiting")
    target = work / "coderingen.csv"
    if not target.exists():
        from kit.synthetic.coders import second_coder, signal_coding

        mine = signal_coding(narratives.head(10), codebook, coder="A")
        partner = second_coder(mine, codebook, coder="B", seed=5)
        paths.append(write_codings(pd.concat([mine, partner]), target, texts=narratives, codebook=codebook))
    both = work / "coderingen-samen.csv"
    source = both if both.exists() else target
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in (work / "narratieven.csv", source))
                            + codebook.id.encode("utf-8")).hexdigest()
    if digest not in _AGREEMENT_FORMS:  # the demo's students of one cohort share their codings
        codings = read_codings(source, texts=narratives, codebook=codebook)
        coders = sorted(set(codings["coder"]))
        if len(coders) < 2:
            return paths  # one coder: nothing to agree on, the form stays empty
        shared = set.intersection(*(set(codings.loc[codings["coder"] == c, "document"]) for c in coders[:2]))
        outcome = agreement(codings[codings["document"].isin(shared)], texts=narratives, codebook=codebook)
        _AGREEMENT_FORMS[digest] = ({k: sorted(v)[0] for k, v in agreement_key(outcome).items()},
                                    agreement_questions(outcome, codebook))
    answers, questions = _AGREEMENT_FORMS[digest]
    paths.append(save_choices(work, AGREEMENT_FORM, answers, questions))
    return paths


#: Agreement answers per (narratives, codings, codebook), computed once per process.
_AGREEMENT_FORMS: dict[str, tuple] = {}


def quality_levels(quality: float, n_levels: int, rng: random.Random, noise: float = 0.6) -> int:
    """The level rank a simulated grader gives for a submission of this quality."""
    value = quality * (n_levels - 1) + rng.gauss(0, noise)
    return int(min(n_levels - 1, max(0, round(value))))


def simulated_scores(rubric, assignment: str, qualities: dict[str, float], grader: str,
                     role: str, rng: random.Random, noise: float = 0.6, students=None):
    """Rubric scores (:class:`kit.grading.gradelog.Score`) a simulated grader gives."""
    from kit.grading.gradelog import Score

    scores = []
    for student in (students if students is not None else sorted(qualities)):
        for cell in rubric.cells:
            for criterion in cell.criteria:
                rank = quality_levels(qualities[student], len(criterion.levels), rng, noise)
                level = criterion.levels[rank]
                scores.append(Score(assignment, student, cell.grade_id, criterion.id, level.id,
                                    level.points, grader, role))
    return scores

