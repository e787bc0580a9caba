"""The questionnaire widget (kit.widgets.questionnaire): answers in, a Dutch scored result out."""

from __future__ import annotations

import pytest

from kit.analysis.scales import TOTAL, load_key, score_answers
from kit.errors import InputError
from kit.widgets.questionnaire import questionnaire, result_html


def test_questionnaire_widget_scores_answers():
    key = load_key("iids-erbij-horen")
    box = questionnaire(key, show_keys=True)
    assert "iids-questionnaire" in box._dom_classes
    box.answer({item.id: (2 if item.reverse else 4) for item in key.items})
    result = box.check()
    assert result.scores[TOTAL] == 4.0
    assert "Totaal: 4,0" in box.result.value and "iids-questionnaire-result" in box.result.value
    with pytest.raises(InputError, match="teksten van deze vragenlijst ontbreken"):
        questionnaire(load_key("sobi-p"))


def test_open_questions_are_counted_and_reverse_items_marked_only_when_asked():
    key = load_key("iids-erbij-horen")
    box = questionnaire(key)
    labels = " ".join(row.children[0].value for row in box.children
                      if "iids-questionnaire-item" in getattr(row, "_dom_classes", ()))
    assert "wordt omgedraaid" not in labels
    shown = questionnaire(key, show_keys=True)
    marked = [row.children[0].value for row in shown.children
              if "iids-questionnaire-item" in getattr(row, "_dom_classes", ())]
    assert sum("wordt omgedraaid" in label for label in marked) == sum(i.reverse for i in key.items)
    box.answer({key.items[0].id: 3})
    box.check()
    assert f"Je hebt {len(key.items) - 1} vraag/vragen nog niet beantwoord." in box.result.value


def test_result_is_one_block_of_dutch_lines():
    key = load_key("iids-erbij-horen")
    html = result_html(key, score_answers(key, {i.id: (1 if i.reverse else 5) for i in key.items}))
    assert html.startswith("<div class='iids-questionnaire-result'><b>Jouw uitkomst</b><ul><li>")
    assert html.count("<li>") >= 2 and "Totaal: 5,0" in html
