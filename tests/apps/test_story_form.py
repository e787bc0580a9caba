"""The story form on a phone (kit.apps.story_form), driven through its real buttons."""

from __future__ import annotations

import html
import time

import pytest

from kit.apps.links import make_token, new_session, vault_key
from kit.apps.story_form import StoryForm
from kit.narratives.store import NarrativeStore
from kit.privacy.vault import open_vault


@pytest.fixture
def setting(tmp_path):
    vault = open_vault(tmp_path / "kluis")
    now = time.time()
    session = new_session("S-01", hours=2, now=now, community="buurtbewoners")
    return tmp_path / "mijn-werk", vault, make_token(vault_key(vault), session), now


def _press(form, css_class: str, nth: int = 0) -> None:
    page = form.box.children[0]
    found = [c for c in page.children if css_class in getattr(c, "_dom_classes", ())]
    found[nth].click()


def _consent(form, answers) -> None:
    _press(form, "iids-begin")
    for yes in answers:
        assert form.screen == "toestemming-stap"
        _press(form, "iids-ja" if yes else "iids-nee")


def test_a_story_goes_from_link_to_the_store(setting):
    folder, vault, token, now = setting
    form = StoryForm(folder, vault, token, now=now, use_deduce=False)
    assert form.screen == "welkom"
    _consent(form, [True] * len(form.questions))
    assert form.screen == "verhaal" and form.participant
    form.text.value = "Bij de bank werd ik netjes geholpen toen ik mijn pas kwijt was."
    form.title.value = "De pas"
    signifier = form.prompt.signifiers[0]
    visible = [sid for sid, w in form.inputs.items() if w.box.layout.display != "none"]
    assert visible == [sid for sid in form.inputs if sid in form.prompt.signifiers]
    assert signifier in visible
    _press(form, "iids-naar-voorbeeld")  # required answers missing: stays, says which
    # the message as the browser shows it (the entity the escaping uses for ' does not matter)
    assert form.screen == "verhaal"
    assert "'steun' is verplicht" in html.unescape(form.message.value)
    form.inputs["steun"].canvas.value = [0.2, 0.3, 0.5]  # what a tap in the triangle does
    form.inputs["welkom"].buttons[3].click()
    form.inputs["gevoel"].buttons["opgelucht"].click()
    _press(form, "iids-naar-voorbeeld")
    assert form.screen == "voorbeeld", form.message.value
    assert form.message.value == ""
    assert "De pas" in form.box.children[0].children[0].value
    assert len(NarrativeStore(folder, vault=vault, use_deduce=False)) == 0  # not yet stored
    _press(form, "iids-bewaar")
    assert form.screen == "bedankt"
    store = NarrativeStore(folder, vault=vault, use_deduce=False)
    assert len(store) == 1
    row = store.get(store.ids[0])
    assert row["title"] == "De pas" and "pas kwijt" in row["text"]
    assert row["community"] == "buurtbewoners"
    assert row["welkom"] == 0.75 and row["gevoel"] == "opgelucht"
    assert row["steun.instanties"] == 0.5


def test_without_consent_for_education_nothing_is_stored(setting):
    folder, vault, token, now = setting
    form = StoryForm(folder, vault, token, now=now, use_deduce=False)
    _consent(form, [False] + [True] * (len(form.questions) - 1))
    assert form.screen == "gestopt" and form.participant is None
    assert not folder.exists() or not any(folder.rglob("*.csv"))


def test_an_empty_story_stays_on_the_story_screen_with_a_dutch_message(setting):
    folder, vault, token, now = setting
    form = StoryForm(folder, vault, token, now=now, use_deduce=False)
    _consent(form, [True] * len(form.questions))
    assert form.show_preview() is False
    assert form.screen == "verhaal" and "Nog niet goed" in form.message.value
    assert form.save() is None


def test_an_expired_link_shows_only_the_refusal(setting):
    folder, vault, token, now = setting
    form = StoryForm(folder, vault, token, now=now + 3 * 3600, use_deduce=False)
    assert form.screen == "geweigerd" and form.session is None
    bundle = form._repr_mimebundle_()
    assert "Deze link werkt niet" in bundle["text/html"] and "iids-geweigerd" in bundle["text/html"]
    assert StoryForm(folder, vault, token + "x", now=now, use_deduce=False).screen == "geweigerd"


def test_hostile_text_on_the_form_screens_is_escaped():
    """The screens are Jinja2 macros (verhaalformulier.html.j2): a value with markup is shown
    as text, on the consent step, in the preview and in a message."""
    from kit.apps.story_form import _part

    hostile = "<script>alert('x')</script>"
    for shown in (_part("toestemmingsvraag", 1, 3, hostile, hostile),
                  _part("voorbeeld", [(hostile, hostile)]),
                  _part("fout", "Niet bewaard", hostile),
                  _part("geweigerd", hostile)):
        assert "<script>" not in shown and "&lt;script&gt;" in shown
    # a refused link's page takes the refusal as rendered (already escaped) HTML
    page = _part("geweigerde_pagina", _part("geweigerd", hostile))
    assert page.startswith('<div class="iids-app"><div class="iids-geweigerd"><h2>')
    assert "<script>" not in page


def test_a_kader_with_markup_in_its_questions_shows_it_as_text():
    """The questions come from the student's kader: the phone's inputs escape them."""
    from kit.apps.touch import Choices, Scale, StoneField
    from kit.narratives.framework import default_framework

    hostile = "<img src=x onerror=alert(1)>"
    from dataclasses import replace

    stones = replace(default_framework().of_kind("stenen")[0], question=hostile, top=hostile)
    for widget in (Scale("s", "links", "rechts", hostile),
                   Choices("c", ["a", "b"], multiple=True, question=hostile),
                   StoneField(stones)):
        shown = widget.box.children[0].value
        assert "<img" not in shown and "&lt;img src=x" in shown
