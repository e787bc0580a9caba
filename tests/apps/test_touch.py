"""Touch-sized inputs for a phone (kit.apps.touch): tapping gives the store's answer shape."""

from __future__ import annotations

from kit.apps.touch import MIN_TARGET_PX, PHONE_CSS, Choices, Scale, StoneField, button
from kit.narratives.framework import default_framework
from kit.narratives.schema import flatten_answers

FRAMEWORK = default_framework()


def _chosen(buttons) -> list:
    return [k for k, b in buttons.items() if "iids-gekozen" in b._dom_classes]


def test_every_button_is_a_44px_target():
    b = button("ja", wide=True)
    assert b.layout.min_height == b.layout.min_width == f"{MIN_TARGET_PX}px"
    assert b.layout.width == "100%" and "iids-knop" in b._dom_classes
    assert "min-height: 44px" in PHONE_CSS


def test_scale_taps_through_the_real_buttons():
    scale = Scale("welkom", "buitengesloten", "welkom", "Voelde je je welkom?")
    assert scale.answer() == {}
    assert [b.description for b in scale.buttons.values()] == [
        "helemaal buitengesloten", "vooral buitengesloten", "er tussenin", "vooral welkom",
        "helemaal welkom"]
    scale.buttons[4].click()
    assert scale.answer() == {"welkom": 1.0} and _chosen(scale.buttons) == [4]
    scale.buttons[1].click()
    assert scale.answer() == {"welkom": 0.25} and _chosen(scale.buttons) == [1]


def test_one_choice_changes_and_several_switch_on_and_off():
    one = Choices("hoe_vaak", ["gebeurt soms", "gebeurt vaak"])
    one.buttons["gebeurt soms"].click()
    one.buttons["gebeurt vaak"].click()
    assert one.answer() == {"hoe_vaak": "gebeurt vaak"} and _chosen(one.buttons) == ["gebeurt vaak"]
    many = Choices("wie", ["buren", "bank", "politie"], multiple=True)
    for option in ("bank", "buren", "bank", "politie"):
        many.buttons[option].click()
    assert many.answer() == {"wie": ["buren", "politie"]}
    assert _chosen(many.buttons) == ["buren", "politie"]
    assert Choices("wie", ["buren"], multiple=True).answer() == {}


def test_stones_land_in_the_tapped_field_and_fit_the_store():
    field = StoneField(FRAMEWORK.signifier("plekken"))
    assert set(field.grids) == {"buurt", "werk", "gemeente", "politie", "bank"}
    assert all(len(cells) == 9 for cells in field.grids.values())
    field.grids["bank"][(2, 0)].click()  # right column, top row
    field.grids["buurt"][(0, 2)].click()
    field.grids["buurt"][(1, 1)].click()  # tapped again: moved
    assert field.answer() == {"plekken": {"bank": (0.83, 0.83), "buurt": (0.5, 0.5)}}
    assert _chosen(field.grids["buurt"]) == [(1, 1)]
    answers = {**field.answer(), **Choices("wie", ["bank"], multiple=True).answer()}
    flat = flatten_answers(answers, FRAMEWORK)
    assert flat["plekken.bank.x"] == "0.83" and flat["plekken.buurt.y"] == "0.5"
    assert flat["plekken.werk.x"] == ""
