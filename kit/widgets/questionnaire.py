"""A questionnaire in the notebook: answer the items, see the scored result.

The widget is a thin layer over :mod:`kit.analysis.scales`: it shows each item
with the answer options of the key, scores with
:func:`kit.analysis.scales.score_answers` and explains the result in Dutch with
:func:`kit.analysis.scales.explain_result`. Nothing is saved: the answers stay
in the notebook's memory. Stable CSS classes for browser tests:
``iids-questionnaire`` (the box), ``iids-questionnaire-item`` (one question),
``iids-questionnaire-result`` (the result).

>>> html = result_html(*_demo())
>>> "Totaal" in html and "niet gevalideerd" in html
True
"""

from __future__ import annotations

from html import escape

from kit.analysis.scales import ScaleKey, ScoreResult, explain_result, score_answers
from kit.display import wrap_style
from kit.errors import InputError

__all__ = ["questionnaire", "result_html"]


def _demo() -> tuple[ScaleKey, ScoreResult]:
    from kit.analysis.scales import load_key

    key = load_key("iids-erbij-horen")
    return key, score_answers(key, {item.id: 4 for item in key.items})


def result_html(key: ScaleKey, result: ScoreResult) -> str:
    """The scored result as a small HTML block (Dutch).

    Args:
        key: the questionnaire key.
        result: the scores of one respondent.

    Returns:
        HTML text.
    """
    lines = "".join(f"<li>{escape(line)}</li>" for line in explain_result(key, result))
    return f"<div class='iids-questionnaire-result'><b>Jouw uitkomst</b><ul>{lines}</ul></div>"


def questionnaire(key: ScaleKey, *, show_keys: bool = False):
    """Show a questionnaire: one row of answer buttons per item, a button to score.

    Args:
        key: a key with item texts (for licensed scales: after
            :func:`kit.analysis.scales.load_item_texts`).
        show_keys: also show which items are reverse-scored (for module 03, after the
            explanation of reverse scoring).

    Returns:
        An ipywidgets VBox with class ``iids-questionnaire``; ``box.answer({...})`` fills in
        answers and ``box.check()`` scores them (used by tests and browser scenarios).

    Raises:
        InputError: when item texts are missing (licensed scale without the lecturer's file).
    """
    import ipywidgets as w

    absent = [item.id for item in key.items if not item.text]
    if absent:
        raise InputError("de teksten van deze vragenlijst ontbreken: je docent levert ze in een apart "
                         "bestand (zie load_item_texts)", path=key.id)
    options = [(key.scale.label(v), v) for v in range(key.scale.min, key.scale.max + 1)]
    if key.scale.missing_codes:
        options.append((key.scale.missing_label, key.scale.missing_codes[0]))
    rows, pickers = [], {}
    for number, item in enumerate(key.items, start=1):
        label = f"{number}. {item.text}"
        if show_keys and item.reverse:
            label += " <i>(wordt omgedraaid)</i>"
        picker = w.ToggleButtons(options=options, value=None, style={"button_width": "auto"})
        pickers[item.id] = picker
        row = w.VBox([w.HTML(label), picker])
        row.add_class("iids-questionnaire-item")
        rows.append(row)
    button = w.Button(description="Bereken mijn uitkomst", button_style="info")
    result = w.HTML()
    header = f"<b>{escape(key.title)}</b>"
    if not key.validated:
        header += " <span style='color:#b35900'>(niet gevalideerd: om mee te oefenen)</span>"
    if key.instruction:
        header += f"<br>{escape(key.instruction)}"

    def _check(_=None):
        answers = {item_id: picker.value for item_id, picker in pickers.items()}
        scored = score_answers(key, answers)
        open_items = sum(v is None for v in answers.values())
        note = f"<p>Je hebt {open_items} vraag/vragen nog niet beantwoord.</p>" if open_items else ""
        result.value = note + result_html(key, scored)
        return scored

    def _answer(values):
        for item_id, value in values.items():
            pickers[item_id].value = value

    button.on_click(_check)
    box = w.VBox([wrap_style(), w.HTML(header), *rows, button, result])
    box.add_class("iids-questionnaire")
    box.check = _check
    box.answer = _answer
    box.result = result
    return box
