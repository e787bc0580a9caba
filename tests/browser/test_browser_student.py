"""A student in JupyterLab: the narrative entry form, the coding widget, the dialogue record.

Each test opens a course module in a real JupyterLab, runs all cells through the Dutch
menu, works the kit's widget with mouse and keyboard, and then reads the file the widget
saved in the student's one workspace (``mijn-werk`` at the file browser's root) or, for
practice data, in the module's practice folder beside it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]



def _status(widget, css: str, pattern: str, timeout: float = WAIT_MS) -> str:
    """Wait until the status line ``css`` inside ``widget`` reports; it must match ``pattern``.

    A widget reports a refusal as "Niet ..." (e.g. "Niet bewaard: ..."): that fails at once,
    with the widget's own message.
    """
    status = widget.locator(f".{css}")
    status.filter(has_text=re.compile(f"{pattern}|^\\s*Niet ")).wait_for(timeout=timeout)
    text = status.inner_text()
    assert re.search(pattern, text), f"het widget meldt: {text}"
    return text


# The drawn inputs in the SVG's own units (kit/narratives/static/signifiers.js).
TRIAD_W, TRIAD_H, TRIAD_M = 300, 262, 16
DYAD_LENGTH, DYAD_MARGIN = 280, 18


def _drag_dyad(page, dyad, share: float) -> float:
    """Drag a horizontal dyad's dot with the mouse to ``share`` of its track; return its new value."""
    track = dyad.locator("svg.iids-aw-spoor")
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    scale = box["width"] / (DYAD_LENGTH + 2 * DYAD_MARGIN)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + (DYAD_MARGIN + 0.5 * DYAD_LENGTH) * scale, y)
    page.mouse.down()
    page.mouse.move(box["x"] + (DYAD_MARGIN + share * DYAD_LENGTH) * scale, y, steps=8)
    page.mouse.up()
    page.wait_for_function("el => (el.getAttribute('aria-valuetext') || '').startsWith('gekozen')",
                           arg=track.element_handle(), timeout=WAIT_MS)
    return float(track.get_attribute("aria-valuenow")) / 100


def _click_triad(page, triad, shares: tuple[float, float, float]) -> None:
    """Click the triangle itself at the point with these shares (top, left, right)."""
    plane = triad.locator("svg.iids-aw-vlak")
    plane.scroll_into_view_if_needed()
    box = plane.bounding_box()
    corners = ((TRIAD_W / 2, TRIAD_M), (TRIAD_M, TRIAD_H - TRIAD_M), (TRIAD_W - TRIAD_M, TRIAD_H - TRIAD_M))
    x = sum(s * c[0] for s, c in zip(shares, corners, strict=True))
    y = sum(s * c[1] for s, c in zip(shares, corners, strict=True))
    scale = box["width"] / TRIAD_W
    page.mouse.click(box["x"] + x * scale, box["y"] + y * scale)


def test_narrative_entry_form_saves_pseudonymised_story(lab, module, require):
    require("kit/narratives/widgets.py", "het invoerformulier (kit/narratives/widgets.py)")
    notebook = module("05", "module 05 (narratieven verzamelen)")
    from kit.narratives.store import load_narratives

    lab.open_notebook(notebook)
    lab.run_all()
    entry = lab.cell_with_widget("iids-entry")
    page = lab.page

    name, phone = "Jolanda de Wit", "06-48213597"
    story = (f"Op de markt zei {name} dat ik er niet bij hoorde. Later belde ze me op {phone} "
             "om sorry te zeggen. Nu drinken we elke zaterdag koffie bij de kraam van mijn neef.")
    entry.get_by_label("Titel", exact=True).fill("Koffie op de markt")
    entry.locator(".iids-tekst textarea").press_sequentially(story, delay=2)
    entry.get_by_label("Gemeenschap", exact=True).fill("arbeidsmigranten")
    entry.locator(".iids-deelnemer input").fill("P-OEF-01")

    steun = entry.locator(".iids-triad").first
    _click_triad(page, steun, (0.7, 0.2, 0.1))
    steun.locator(".iids-aw-uitlezing", has_text="Gekozen").wait_for()
    assert steun.locator("circle.iids-aw-punt").is_visible(), "het geklikte punt is niet getekend"
    welkom = _drag_dyad(page, entry.locator(".iids-dyad").first, 0.8)
    assert 0.7 <= welkom <= 0.9, welkom

    gevoel = entry.locator(".iids-choice").filter(has=page.locator("option", has_text="geamuseerd"))
    gevoel.locator("select").select_option("geamuseerd")
    wie = entry.locator(".iids-choice").filter(has=page.locator("input[type=checkbox]"))
    for option in ("buren", "vrienden"):
        wie.locator("label", has_text=option).locator("input[type=checkbox]").check()

    save = entry.locator("button.iids-bewaar")
    assert save.is_disabled(), "bewaren kan al voor het voorbeeld"
    assert entry.locator("button.iids-voorbeeld-knop").is_disabled(), "voorbeeld kan al voor de toestemming"
    entry.locator("button.iids-toestemming").click()
    entry.locator(".iids-voorbeeld-knop:not([disabled])").wait_for(timeout=WAIT_MS)
    entry.locator("button.iids-voorbeeld-knop").click()
    preview = entry.locator(".iids-voorbeeld")
    preview.filter(has_text="Zo wordt het opgeslagen").wait_for(timeout=WAIT_MS)
    shown = preview.inner_text()
    assert "koffie bij de kraam" in shown, shown
    for secret in (name, "Jolanda", phone, "48213597"):
        assert secret not in shown, f"het voorbeeld toont nog '{secret}': {shown}"
    save.click()
    message = entry.locator(".iids-melding")
    message.filter(has_text=re.compile("Bewaard als|Niet bewaard|Klik eerst")).wait_for(timeout=WAIT_MS)
    said = message.inner_text()
    assert "Bewaard als" in said, said
    nid = re.search(r"Bewaard als (\S+) in", said).group(1)

    work = lab.server.practice("05-verhalen")  # practice stories never enter the workspace
    assert not (lab.workspace / "narratieven.csv").exists(), "oefenverhalen staan in de werkmap"
    raw = (work / "narratieven.csv").read_text(encoding="utf-8")
    for secret in (name, "Jolanda", phone, "48213597", "0648213597"):
        assert secret not in raw, f"'{secret}' staat in narratieven.csv"
    saved = load_narratives(work)
    row = saved[saved["id"].astype(str) == nid]
    assert len(row) == 1, f"{nid} niet in narratieven.csv: {list(saved['id'])}"
    row = row.iloc[0]
    assert "koffie bij de kraam van mijn neef" in row["text"]
    assert (row["steun.ikzelf"], row["steun.eigen_kring"], row["steun.instanties"]) == \
        pytest.approx((0.7, 0.2, 0.1), abs=0.015)  # a click lands on a whole screen pixel
    assert float(row["welkom"]) == pytest.approx(welkom, abs=0.005)
    assert row["gevoel"] == "geamuseerd"
    assert set(_as_list(row["wie"])) == {"buren", "vrienden"}


def _as_list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [v.strip() for v in re.split(r"[;|,]", str(value)) if v.strip()]


def test_coding_widget_saves_a_segment(lab, module, require):
    require("kit/analysis/widgets.py", "het codeerwidget (kit/analysis/widgets.py)")
    notebook = module("07", "module 07 (coderen)")
    from kit.io import read_csv

    lab.open_notebook(notebook)
    lab.run_all()
    coding = lab.cell_with_widget("iids-coding")
    csv = lab.workspace / "coderingen.csv"
    before = len(read_csv(csv)) if csv.exists() else 0

    # Select a passage: the second sentence, then one character less at the start (keyboard
    # on the slider's lower handle, as a person fine-tunes it).
    sentence = coding.locator(".iids-coding-sentence select")
    assert sentence.locator("option").count() >= 2, "de tekst heeft maar één zin"
    sentence.select_option(index=1)
    preview = coding.locator(".iids-coding-preview")
    preview.filter(has_text=re.compile(r"tekens [1-9]\d* tot")).wait_for()
    start, end = map(int, re.search(r"tekens (\d+) tot (\d+)", preview.inner_text()).groups())
    handle = coding.locator(".iids-coding-range .noUi-handle-lower")
    handle.focus()
    handle.press("ArrowRight")
    preview.filter(has_text=f"tekens {start + 1} tot {end}").wait_for()
    passage = coding.locator("mark.iids-coding-mark").inner_text()

    code_select = coding.locator(".iids-coding-code select")
    code_select.select_option(index=1)
    label = code_select.locator("option:checked").inner_text().replace("\xa0", " ").strip()
    code = re.search(r"\(([^()]+)\)$", label).group(1)
    coding.locator(".iids-coding-coder input").fill("B")
    coding.locator(".iids-coding-memo textarea").fill("Twijfel: ook steun van vrienden.")
    coding.locator("button.iids-coding-save").click()
    _status(coding, "iids-coding-status", "Bewaard")

    assert csv.is_file(), "coderingen.csv is niet geschreven"
    rows = read_csv(csv)
    assert len(rows) == before + 1, rows
    row = rows.iloc[-1]
    assert (int(row["start"]), int(row["end"]), row["code"], row["coder"]) == (start + 1, end, code, "B")
    assert row["memo"] == "Twijfel: ook steun van vrienden."
    assert passage.strip()[:20] in coding.locator(".iids-coding-status").inner_text()


def test_dialogue_record_saves_statement_vote_and_minority(lab, module, require):
    require("kit/dialogue/widgets.py", "het verslagwidget (kit/dialogue/widgets.py)")
    notebook = module("10", "module 10 (dialoogtafel voeren)")
    from kit.dialogue.record import RECORD_FILE, load_record

    lab.open_notebook(notebook)
    lab.run_all()
    record = lab.cell_with_widget("iids-record")

    statement = "De gemeente opent de nachtopvang ook overdag voor wie daar werkt en slaapt."
    record.locator(".iids-record-statement textarea").fill(statement)
    record.locator("button.iids-record-add-statement").click()
    added = _status(record, "iids-record-status", r"Stelling S\d+ toegevoegd")
    sid = re.search(r"S\d+", added).group(0)
    assert record.locator(".iids-record-vote-statement select").input_value() == sid

    for css, count in (("iids-record-vote-for", "7"), ("iids-record-vote-against", "3"),
                       ("iids-record-vote-abstain", "1")):
        box = record.locator(f".{css} input")
        box.fill(count)
        box.press("Tab")  # number fields send their value when they lose focus
    record.locator("button.iids-record-add-vote").click()
    _status(record, "iids-record-status", f"Stemming over {sid} vastgelegd")

    view = "Overdag open is goed, maar niet zonder eigen kluisjes; bel 06-12345678 voor de sleutel."
    needs = "Een proefperiode van drie maanden en een evaluatie met de bewoners."
    record.locator(".iids-record-minority-statement select").select_option(sid)
    record.locator(".iids-record-minority-view textarea").fill(view)
    record.locator(".iids-record-minority-needs textarea").fill(needs)
    record.locator("button.iids-record-add-minority").click()
    _status(record, "iids-record-status", "minderheid vastgelegd")
    overview = record.locator(".iids-record-overview").inner_text()
    assert "7 voor, 3 tegen, 1 onthouden" in overview, overview

    record.locator("button.iids-record-save").click()
    _status(record, "iids-record-status", "Bewaard", timeout=WAIT_MS)

    saved = lab.server.practice("10-verslag").glob(f"**/{RECORD_FILE}")
    saved = sorted(saved)
    assert saved, f"geen {RECORD_FILE} in de oefenmap na 'Bewaren'"
    raw = saved[0].read_text(encoding="utf-8")
    assert "06-12345678" not in raw and "0612345678" not in raw, raw
    rec = load_record(saved[0])
    assert any(s.text == statement for s in rec.statements), rec.statements
    vote = next(v for v in rec.votes if v.statement == sid)
    assert (vote.votes_for, vote.against, vote.abstain) == (7, 3, 1)
    minority = next(m for m in rec.minority if m.statement == sid)
    assert "eigen kluisjes" in minority.view and minority.needs == needs


def test_module_09_builds_the_script_from_the_students_own_map(lab, module, require):
    """Issue 20: the draaiboek came from the example while the student saved an own map."""
    require("kit/dialogue/widgets.py", "de widgets van de dialoogtafel (kit/dialogue/widgets.py)")
    notebook = module("09", "module 09 (dialoogtafel voorbereiden)")
    lab.open_notebook(notebook)
    lab.run_all()
    kaart = lab.cell_with_widget("iids-stakeholders")
    for css, text in ((".iids-stakeholders-name input", "Nachtopvang"),
                      (".iids-stakeholders-relation input", "bedden voor de nacht")):
        field = kaart.locator(css)
        field.click()
        field.press_sequentially(text, delay=5)  # typed, as a person does
        field.press("Tab")
    kaart.locator("button.iids-stakeholders-add").click()
    _status(kaart, "iids-stakeholders-message", "Nachtopvang staat op de kaart")
    kaart.locator("button.iids-stakeholders-save").click()
    _status(kaart, "iids-stakeholders-message", "Bewaard")

    plan = lab.cell_with_widget("iids-sessieplan")
    plan.locator(".iids-sessieplan-goal textarea").fill("Een plek om overdag te blijven")
    plan.locator("label", has_text="Socratisch gesprek").click()
    plan.locator("button.iids-sessieplan-make").click()
    said = _status(plan, "iids-sessieplan-message", "Sessieplan van")
    assert "Je eigen stakeholderkaart (1 partijen)" in said, said
    assert "Nog geen eigen deelnameplan" in said, said  # no plan saved: the example, and it says so

    script = (lab.workspace / "dialoog" / "draaiboek.html").read_text(encoding="utf-8")
    assert "Nachtopvang" in script
