"""Widgets: the entry form runs the whole pipeline; parts carry stable CSS classes."""

from __future__ import annotations

import csv
import html

from kit.narratives.store import NarrativeStore, load_narratives
from kit.narratives.widgets import NarrativeEntryForm, TriadPicker, predict_first, stories_explorer


def classes(widget) -> set[str]:
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()):
        found |= classes(child)
    return found


def fill(form: NarrativeEntryForm, participant: str) -> None:
    form.text.value = "Joanna Nowak van de bank belde me op 06-12345678. Eindelijk geholpen."
    form.title.value = "De bank"
    form.community.value = "Poolse en andere arbeidsmigranten"
    form.collector.value = "S-07"
    form.month.value = "2025-11"
    form.participant.value = participant
    form.inputs["steun"].choose((0.2, 0.2, 0.6))
    form.inputs["welkom"].slider.value = 0.7
    form.inputs["gevoel"].set("opgelucht")
    form.inputs["wie"].set(["bank"])
    form.inputs["plekken"].place("bank", 0.7, 0.6)


def test_entry_form_preview_then_save(tmp_path, vault):
    store = NarrativeStore(tmp_path / "mijn-werk", vault=vault, use_deduce=False)
    form = NarrativeEntryForm(store)
    assert {"iids-entry", "iids-triad", "iids-triad-voorbeeld", "iids-dyad", "iids-stones", "iids-choice",
            "iids-deelnemer", "iids-toestemming", "iids-voorbeeld-knop", "iids-bewaar",
            "iids-tekst", "iids-prompt"} <= classes(form.box)
    fill(form, "P-0001")
    assert form.check_consent()
    assert form.save() is None and form.save_button.disabled
    assert form.show_preview()
    assert "Joanna" not in form.preview.value and "[PERSOON-" in form.preview.value
    assert not form.save_button.disabled
    nid = form.save()
    stored = load_narratives(tmp_path / "mijn-werk")
    assert stored.loc[0, "id"] == nid and stored.loc[0, "steun.instanties"] == 0.6
    assert stored.loc[0, "plekken.bank.x"] == 0.7 and stored.loc[0, "wie"] == "bank"
    assert "12345678" not in (tmp_path / "mijn-werk" / "narratieven.csv").read_text()


def test_entry_form_refuses_without_consent_and_on_change(tmp_path, vault):
    form = NarrativeEntryForm(NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False))
    fill(form, "P-0002")
    assert not form.check_consent() and "onderwijs" in form.consent_status.value
    assert not form.show_preview() and form.save_button.disabled
    form.participant.value = "P-0001"
    assert form.check_consent() and form.show_preview()
    form.text.value += " Nog een zin."
    assert form.save_button.disabled and form.save() is None
    assert not (tmp_path / "w" / "narratieven.csv").exists()


def test_second_prompt_hides_the_stones(tmp_path, vault):
    form = NarrativeEntryForm(NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False))
    form.prompt.value = "advies"
    assert form.inputs["plekken"].box.layout.display == "none"
    form.inputs["plekken"].place("buurt", 0.1, 0.1)
    assert "plekken" not in form.record()


def test_triad_picker_takes_the_browser_value(framework):
    """A click in the triangle arrives as ``canvas.value`` (what anywidget syncs from the browser)."""
    picker = TriadPicker(framework.signifier("steun"))
    chosen = []
    picker.on_choose(chosen.append)
    readout = picker.live_readout()
    assert "nog niets gekozen" in readout.value
    picker.canvas.value = [0.333333, 0.333333, 0.333334]  # unrounded, as a drag may send it
    assert picker.value == (0.33, 0.33, 0.34) and chosen == [(0.33, 0.33, 0.34)]
    assert picker.answer() == {"steun": (0.33, 0.33, 0.34)}
    assert "mezelf 33%" in readout.value  # the cell after the widget follows without a rerun
    picker.click(20, 260)
    assert picker.value == (0.0, 1.0, 0.0) and "mezelf 0%" in readout.value
    picker.not_applicable.value = True  # steun is optional
    assert picker.value is None and picker.canvas.disabled and picker.answer() == {}


def test_triad_quick_choices_are_labelled_44px_buttons(framework):
    """The picker's buttons say what they choose and are touch-sized (not 22 px squares with tooltips)."""
    picker = TriadPicker(framework.signifier("steun"))
    labels = [b.description for b in picker.quick_buttons]
    assert labels == ["vooral mezelf", "vooral mensen uit mijn eigen kring",
                      "vooral instanties (gemeente, hulpverlening, bank)", "alle drie even sterk"]
    for button in picker.quick_buttons:
        assert int(button.layout.min_height.removesuffix("px")) >= 44 and button.layout.width == "auto"
    picker.quick_buttons[1].click()
    assert picker.value == (0.1, 0.8, 0.1)


def test_dyad_direction_and_stones(framework):
    from kit.narratives.widgets import DyadSlider, StonesBoard

    assert DyadSlider(framework.signifier("welkom")).canvas.orientation == "horizontal"
    upright = DyadSlider(framework.signifier("invloed"))
    assert upright.canvas.orientation == "vertical"
    upright.canvas.value = 0.9
    assert upright.answer() == {"invloed": 0.9}
    board = StonesBoard(framework.signifier("plekken"))
    assert board.answer() == {}
    board.canvas.value = {"bank": [0.25, 0.75]}  # a stone dragged onto the board
    assert board.answer() == {"plekken": {"bank": (0.25, 0.75)}}


def test_an_untouched_dyad_is_not_filled_in_and_not_the_middle(framework):
    """An untouched slider says "niet ingevuld" and answers nothing; the middle is an answer
    only when chosen; "n.v.t." is an answer of its own (stored empty as well)."""
    from kit.narratives.widgets import DyadSlider

    welkom = DyadSlider(framework.signifier("welkom"))
    readout = welkom.live_readout()
    assert welkom.canvas.value is None and welkom.value is None and welkom.answer() == {}
    assert "niet ingevuld" in readout.value and "%" not in readout.value
    welkom.canvas.value = 0.5  # chosen in the browser: now it is the middle
    assert welkom.answer() == {"welkom": 0.5} and "50% richting" in readout.value
    invloed = DyadSlider(framework.signifier("invloed"))
    said = invloed.live_readout()
    invloed.not_applicable.value = True
    assert invloed.answer() == {} and "n.v.t." in said.value and "niet ingevuld" not in said.value


def test_a_story_saved_without_touching_a_dyad_stores_it_empty(tmp_path, vault, framework):
    """Saved untouched, "invloed" is missing (not 0,5): the summary and the plot skip it."""
    from kit.narratives.patterns import dyad_summary
    from kit.narratives.plots import dyad_plot

    store = NarrativeStore(tmp_path / "mijn-werk", vault=vault, use_deduce=False)
    for invloed in (None, 0.9):
        form = NarrativeEntryForm(store)
        fill(form, "P-0001")
        if invloed is not None:
            form.inputs["invloed"].canvas.value = invloed
        assert form.check_consent() and form.show_preview() and form.save()
    stored = load_narratives(tmp_path / "mijn-werk")
    assert stored["invloed"].isna().tolist() == [True, False]
    with (tmp_path / "mijn-werk" / "narratieven.csv").open(encoding="utf-8", newline="") as f:
        assert [row["invloed"] for row in csv.DictReader(f)] == ["", "0.9"]
    summary = dyad_summary(stored, framework, "invloed")
    assert summary.loc["alle verhalen", "aantal"] == 1 and summary.loc["alle verhalen", "gemiddelde"] == 0.9
    ax = dyad_plot(stored, framework, "invloed")
    assert [t.get_text() for t in ax.get_yticklabels()][0].startswith("alle verhalen (1)")


def test_a_required_dyad_left_untouched_is_refused(tmp_path, vault):
    form = NarrativeEntryForm(NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False))
    fill(form, "P-0001")
    form.inputs["welkom"].canvas.value = None  # never touched
    assert form.check_consent() and not form.show_preview()
    assert "'welkom' is verplicht en niet ingevuld" in html.unescape(form.message.value)
    assert form.save_button.disabled


def test_predict_first_and_stories(framework, corpus):
    p = predict_first(corpus, framework, "steun")
    assert p.reveal() is None
    p.picker.choose((1, 0, 0))
    result = p.reveal()
    assert result["aantal"] == len(corpus) and p.output.value[:4] == b"\x89PNG"
    s = stories_explorer(corpus, framework, "steun")
    s.region.value = "midden"
    assert "verhalen</b> in dit gebied" in s.result.value


def test_preview_only_after_consent(tmp_path, vault):
    """Found in the course walk: the preview worked before the consent check."""
    form = NarrativeEntryForm(NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False))
    fill(form, "P-0001")
    assert form.preview_button.disabled
    assert not form.show_preview()
    assert form.preview.value == "" and "Controleer toestemming" in form.message.value
    assert form.check_consent() and not form.preview_button.disabled
    form.participant.value = "P-0002"  # another participant: check again
    assert form.preview_button.disabled and not form.show_preview()
    assert not form.check_consent() and form.preview_button.disabled
