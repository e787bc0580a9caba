"""Session plans: templates, themes from codings, Deep Democracy steps, the facilitator script."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.dialogue.examples import example_participation, example_stakeholders
from kit.dialogue.session import (
    DD_STEPS,
    FORMATS,
    Theme,
    load_format,
    load_plan,
    new_plan,
    render_script,
    save_plan,
    themes_from_codings,
    total_minutes,
    validate_plan,
    write_script,
)
from kit.errors import InputError


def test_the_five_decision_steps_in_order():
    assert [s.number for s in DD_STEPS] == [1, 2, 3, 4, 5]
    assert "minderheid" in DD_STEPS[4].name
    assert "gesprek op voeten" in DD_STEPS[0].tools
    assert "het argument" in DD_STEPS[1].tools


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_template_gives_a_valid_plan(fmt, tmp_path):
    plan = new_plan(fmt, "Samen leren", [Theme("wonen", ["wonen"])])
    assert plan.agenda and total_minutes(plan) == sum(int(b["minuten"]) for b in load_format(fmt)["agenda"])
    save_plan(plan, tmp_path / "sessieplan.yaml")
    assert load_plan(tmp_path / "sessieplan.yaml") == plan
    html = render_script(plan)
    for block in plan.agenda:
        assert block.title in html


def test_themes_come_from_the_students_codings(work):
    codings = pd.read_csv(work / "coderingen.csv", dtype=str)
    themes = themes_from_codings(codings, top=2)
    assert [t.title for t in themes] == ["uitsluiting bij de bank", "humor"]
    assert themes[0].source == "analyse: 2 narratieven"


def test_deep_democracy_plan_without_a_step_or_statement_is_refused():
    plan = new_plan("deep-democracy", "doel", [Theme("bank")])
    data = plan.to_dict()
    data["agenda"] = [b for b in data["agenda"] if b.get("stap") != 5]
    with pytest.raises(InputError, match="stap\\(pen\\) 5"):
        validate_plan(data, path="sessieplan.yaml")
    data = plan.to_dict()
    data["leidraad"] = [g for g in data["leidraad"] if g["soort"] != "stelling"]
    with pytest.raises(InputError, match="stelling"):
        validate_plan(data)


def test_roles_and_minutes_are_checked():
    data = new_plan("socratisch-gesprek", "doel", [Theme("thuis")]).to_dict()
    data["rollen"]["notulist"] = ""
    with pytest.raises(InputError) as err:
        validate_plan(data)
    assert err.value.place == "veld 'rollen.notulist'"
    data = new_plan("effectenarena", "doel", [Theme("thuis")]).to_dict()
    data["agenda"][2]["minuten"] = "twintig"
    with pytest.raises(InputError) as err:
        validate_plan(data)
    assert err.value.place == "veld 'agenda[3].minuten'"


def test_script_has_steps_timing_and_safety(tmp_path):
    plan = new_plan("deep-democracy", "Afspraken over bankzaken", [Theme("bank", ["bank"])],
                    counter_story="Wij regelen veel zelf. Maar de bank zegt nee.")
    html = render_script(plan, parties=example_stakeholders(), participation=example_participation())
    for text in ["Draaiboek", "Verzamel alle invalshoeken", "Stap 5", "gesprek op voeten",
                 "het argument", "0–15 min", "140–150 min", "Tolken", "Spaans", "Tegenverhaal"]:
        assert text in html, text
    out = write_script(plan, tmp_path / "draaiboek.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_socratic_script_has_no_decision_steps():
    html = render_script(new_plan("socratisch-gesprek", "Wat is thuis?", [Theme("thuis")]))
    assert "Kernuitspraak" in html or "kernuitspraak" in html
    assert "besluitstappen" not in html


def test_a_broken_template_is_a_dutch_error_and_nothing_is_written(tmp_path):
    template = tmp_path / "kapot.html.j2"
    template.write_text("<h1>{{ plan.title }</h1>\n", encoding="utf-8")
    plan = new_plan("deep-democracy", "doel", [Theme("bank")])
    with pytest.raises(InputError) as err:
        write_script(plan, tmp_path / "draaiboek.html", template=template)
    assert "fout in het sjabloon" in err.value.message and err.value.place == "regel 1"
    assert not (tmp_path / "draaiboek.html").exists()
    template.write_text("ok\n{{ plan.bestaat_niet.veld }}\n", encoding="utf-8")
    with pytest.raises(InputError, match="fout in het sjabloon"):
        write_script(plan, tmp_path / "draaiboek.html", template=template)
    assert not (tmp_path / "draaiboek.html").exists()
