"""One student walks the course, modules 00 to 12 in order, in one workspace, without code.

Issue 20: the course promises that no programming is needed and that each module builds on
the last. This test is that student: one JupyterLab, one workspace (``IIDS_WERKMAP``), each
module opened and run with the Dutch menu (Uitvoeren > alle cellen), and the student's own
input only where the course asks for it, typed and clicked: consent (04), the student's own
story in the own entry form (05), a code on that own story in the coding widget (07), then
Restart & Run All of 07 (the workspace's hand-in files hold no practice story and do not
change), the counter-story in the worksheet (08), the stakeholder map, the participation plan
and the session plan, and "Alles controleren" run again (09), the record of the own table
(10), the handreiking and its content form (11), the reflection and every self-check (12).
At the end the draaiboek of 09 and the handreiking of 11 must carry this student's parties,
code and counter-story, not the example's (sex workers, interpreters "Spaans, Roemeens").

The scenarios of the former ``test_browser_student.py`` (entry form, coding widget, dialogue
record, module 09's own map) and of ``test_browser_lab.py`` (Dutch menus, module 00's widgets)
are steps of this walk, with all their assertions.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import WAIT_MS, module_notebook, require_piece

# The walk runs thirteen notebooks in one test (one JupyterLab, one workspace).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

#: What this student makes (nothing of it is in the kit's examples).
PARTIES = ("Nachtopvang", "Straatpastoraat")
INTERPRETERS = "Pools, Arabisch"
COUNTER_STORY = ("Wij slapen in de opvang maar wij werken overdag in de stad, "
                 "en de buurt kent ons als de mensen die de markt opbouwen.")
GOAL = "Een plek om overdag te blijven"
#: The student's Most Significant Change story (module 12).
MSC_STORY = ("In september dacht ik dat de mensen in de opvang vooral hulp nodig hadden. Aan tafel "
             "vertelden ze over hun werk op de markt; sindsdien vraag ik eerst wat iemand zelf wil.")
MSC_REASON = "Ik zag dat mijn eigen beeld ook een stockverhaal was."
#: The example's traces that must not reach this student's draaiboek.
EXAMPLE_TRACES = ("Spaans", "Roemeens", "Belangenorganisatie van sekswerkers",
                  "Politie, zedenteam", "huiskamer van de belangenorganisatie")


def _status(widget, css: str, pattern: str, timeout: float = WAIT_MS) -> str:
    """Wait until the status line ``css`` inside ``widget`` reports; it must match ``pattern``.

    A widget reports a refusal as "Niet ..." / "Nog niet ..." (e.g. "Niet bewaard: ..."):
    that fails at once, with the widget's own message.
    """
    status = widget.locator(f".{css}") if css else widget
    status.filter(has_text=re.compile(f"{pattern}|^\\s*(Nog )?[Nn]iet ")).first.wait_for(timeout=timeout)
    text = status.first.inner_text()
    assert re.search(pattern, text), f"het widget meldt: {text}"
    return text


def _message(widget, pattern: str) -> str:
    """The last HTML message of a form without its own status class (colour-coded <p>)."""
    said = widget.locator(".widget-html p").filter(has_text=re.compile(f"{pattern}|[Nn]iet "))
    said.first.wait_for(timeout=WAIT_MS)
    text = said.first.inner_text()
    assert re.search(pattern, text), f"het formulier meldt: {text}"
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


def _as_list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [v.strip() for v in re.split(r"[;|,]", str(value)) if v.strip()]


def _press(lab, button) -> None:
    """Click a widget's button once the kernel is idle. ipywidgets sends a typed value when the
    kernel is idle again, but a click at once: under load a click overtook the typed text
    (a party without its relation, interpreters cut short; seen at load 8-11 on two cores)."""
    lab.wait_kernel_idle()
    button.click()


def _type(field, text: str) -> None:
    """Click a text field and type, as a person does; Tab sends the value to the kernel."""
    field.click()
    field.press_sequentially(text, delay=2)
    field.press("Tab")


# --------------------------------------------------------------------------- the modules


def _open(lab, number: str, piece: str) -> None:
    """Open a module and run all its cells; the kernel of the module before is stopped first
    (a student closes it; thirteen idle kernels would crowd two cores)."""
    lab.server.shutdown_kernels()
    lab.open_notebook(module_notebook(number, piece))
    lab.run_all()


def _module_00(lab) -> None:
    """JupyterLab in Dutch; module 00 runs through the Dutch menu, its self-checks render and it
    names the one workspace (was test_browser_lab.py)."""
    lab.open_lab()
    labels = lab.menu_labels()
    assert "Bestand" in labels, labels
    assert "Bewerk" in labels or "Bewerken" in labels, labels
    assert "Weergave" in labels or "Beeld" in labels, labels
    assert "Uitvoeren" in labels, labels
    assert "Kernel" in labels, labels
    assert "File" not in labels and "View" not in labels, labels
    assert lab.page.locator("html").get_attribute("lang") in {"nl", "nl-NL", "nl_NL"}

    _open(lab, "00", "module 00 (werken met notebooks)")
    outputs = lab.notebook.locator(".jp-OutputArea-output")
    assert "Alles staat klaar" in outputs.first.text_content()
    shown = lab.notebook.locator(".jp-OutputArea-output", has_text="Je werkmap voor de hele minor is")
    assert str(lab.workspace) in shown.first.text_content(), shown.first.text_content()
    widgets = lab.notebook.locator(".jp-OutputArea-output .widget-button, .jp-OutputArea-output .widget-radio-box")
    widgets.first.wait_for(timeout=WAIT_MS)
    assert widgets.count() >= 2
    assert not lab.notebook.locator(".jp-OutputArea-output", has_text="Error displaying widget").count()


def _restart_and_run_all(lab) -> None:
    """Bewerk > alle uitvoer wissen, then Kernel > herstart en voer alle cellen uit (with the
    dialog's confirmation), as a student does to check a notebook from the top."""
    lab.click_menu("Bewerk", "editmenu:clear-all")
    lab.page.wait_for_function(
        "nb => ![...nb.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
        ".some(p => /\\[\\d+\\]/.test(p.textContent))",
        arg=lab.notebook.element_handle(), timeout=WAIT_MS)
    lab.click_menu("Kernel", "runmenu:restart-and-run-all")
    lab.page.locator(".jp-Dialog .jp-mod-accept").click()
    lab.page.wait_for_function(
        "nb => [...nb.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
        ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))",
        arg=lab.notebook.element_handle(), timeout=60_000)
    lab.wait_cells_done()


def _run_cell(lab, contains: str, expect: str) -> str:
    """Click into the code cell whose code contains ``contains`` and run it (Shift+Enter);
    wait until its output holds ``expect`` and return that output."""
    cell = lab.notebook.locator(".jp-CodeCell", has=lab.page.locator(".jp-InputArea", has_text=contains)).first
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea .cm-content").click()
    lab.page.keyboard.press("Shift+Enter")
    out = cell.locator(".jp-OutputArea-output", has_text=expect)
    out.first.wait_for(timeout=WAIT_MS)
    return cell.locator(".jp-OutputArea").inner_text()


def _files(folder) -> dict[str, str]:
    """Every file in ``folder`` with its hash: the hand-in data as it is now."""
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


#: The ids of module 07's twelve synthetic practice stories (generate_corpus(12, seed=7)).
PRACTICE_IDS = tuple(f"N-2526-{i:05d}" for i in range(1, 13))


def _answer_selfchecks(lab, number: str, *, wrong_first: bool = False) -> list[str]:
    """Answer every self-check of module ``number`` by clicking and typing, as a student does.

    A choice: the right option (with ``wrong_first``, first a wrong one: "Nog niet"), then
    'Controleer' must say "Goed!". Several choices: the right boxes ticked. An open question: an
    answer typed, which is saved in the workspace (``antwoorden.yaml``). Returns the typed answers.
    """
    import yaml

    from kit.config import data_path

    checks = yaml.safe_load(data_path("zelftoetsen", f"{number}.yaml").read_text(encoding="utf-8"))
    typed = []
    for key, check in checks.items():
        question = " ".join(check["vraag"].split())[:45]
        box = lab.notebook.locator(".jp-OutputArea-output", has_text=question).first
        box.wait_for(state="attached", timeout=WAIT_MS)
        box.scroll_into_view_if_needed()
        exact = lambda text: re.compile(f"^\\s*{re.escape(text)}\\s*$")  # noqa: E731
        if check["soort"] == "open":
            answer = f"Mijn antwoord op {key}: eerst de vertellers zelf horen."
            _type(box.locator(".iids-antwoord textarea"), answer)
            box.locator(".widget-html", has_text="Bewaard in je werkmap").wait_for(timeout=WAIT_MS)
            typed.append(answer)
            continue
        if check["soort"] == "keuze":
            if wrong_first:
                wrong = next(o for o in check["feedback"] if o != check["juist"])
                box.locator("label", has_text=exact(wrong)).locator("input").check()
                _press(lab, box.get_by_role("button", name="Controleer"))
                box.locator("p", has_text="Nog niet.").wait_for(timeout=WAIT_MS)
                wrong_first = False
            box.locator("label", has_text=exact(check["juist"])).locator("input").check()
        else:
            for option in check["juist"]:
                box.locator("label", has_text=exact(option)).locator("input").check()
        _press(lab, box.get_by_role("button", name="Controleer"))
        box.locator("p", has_text="Goed!").wait_for(timeout=WAIT_MS)
    if typed:
        from kit.answers import load_answers

        saved = [entry["antwoord"] for entry in load_answers(lab.workspace).values()]
        assert all(answer in saved for answer in typed), saved
    return typed


def _just_run(lab, number: str, piece: str) -> None:
    _open(lab, number, piece)


def _module_04_consent(lab) -> None:
    """Register a participant's consent with the form (was: only on the command line)."""
    require_piece("kit/privacy/widgets.py", "het toestemmingsformulier (kit/privacy/widgets.py)")
    _open(lab, "04", "module 04 (onderzoek met de community)")
    form = lab.cell_with_widget("iids-toestemmingsformulier")
    _type(form.locator(".iids-toestemming-participant input"), "P07")
    _type(form.locator(".iids-toestemming-version input"), "v2")
    for css, day in (("signed_on", "2026-10-05"), ("until", "2027-09-01")):
        form.locator(f".iids-toestemming-{css} input").fill(day)
        form.locator(f".iids-toestemming-{css} input").press("Tab")
    for purpose in ("onderwijs", "publicatie"):  # education: the own story of module 05 needs it
        form.locator(f".iids-toestemming-{purpose} input[type=checkbox]").check()
    with lab.page.expect_file_chooser() as chooser:  # the upload button opens the file dialog
        form.locator(".iids-toestemming-copy").click()
    chooser.value.set_files(
        files=[{"name": "toestemming-P07.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 synthetisch ondertekend formulier"}])
    _press(lab, form.locator(".iids-toestemming-register button, button.iids-toestemming-register").first)
    said = _status(form, "iids-toestemming-message", "geregistreerd voor P07")
    assert "publicatie" in said, said

    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    registered = ConsentRegister(open_vault(lab.server.base / "kluis")).list()
    assert registered["participant"].tolist() == ["P07"], registered


def _module_05_story(lab) -> str:
    """The own entry form (own vault, workspace): triad click, dyad drag, consent (the practice
    participant is refused there, P07 of module 04 is not), preview, pseudonymised save into the
    workspace; practice stories stay in the practice folder. Returns the story's id."""
    require_piece("kit/narratives/widgets.py", "het invoerformulier (kit/narratives/widgets.py)")
    from kit.narratives.store import load_narratives

    _open(lab, "05", "module 05 (narratieven verzamelen)")
    entry = lab.cell_with_widget("iids-entry-werkmap")
    assert "je werkmap" in entry.locator(".iids-entry-waar").inner_text()
    page = lab.page

    name, phone = "Jolanda de Wit", "06-48213597"
    story = (f"Op de markt zei {name} dat ik er niet bij hoorde. Later belde ze me op {phone} "
             "om sorry te zeggen. Nu drinken we elke zaterdag koffie bij de kraam van mijn neef.")
    entry.get_by_label("Titel", exact=True).fill("Koffie op de markt")
    entry.locator(".iids-tekst textarea").press_sequentially(story, delay=2)
    entry.get_by_label("Gemeenschap", exact=True).fill("arbeidsmigranten")
    entry.get_by_label("Jouw code", exact=True).fill("S-HAVEN-1")
    entry.locator(".iids-deelnemer input").fill("P-OEF-01")  # the practice participant first
    _press(lab, entry.locator("button.iids-toestemming"))
    entry.locator(".widget-html", has_text="✗").first.wait_for(timeout=WAIT_MS)  # not in the own vault
    assert entry.locator("button.iids-voorbeeld-knop").is_disabled(), "voorbeeld zonder toestemming"
    entry.locator(".iids-deelnemer input").fill("P07")

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
    _press(lab, entry.locator("button.iids-toestemming"))
    entry.locator(".iids-voorbeeld-knop:not([disabled])").wait_for(timeout=WAIT_MS)
    _press(lab, entry.locator("button.iids-voorbeeld-knop"))
    preview = entry.locator(".iids-voorbeeld")
    preview.filter(has_text="Zo wordt het opgeslagen").wait_for(timeout=WAIT_MS)
    shown = preview.inner_text()
    assert "koffie bij de kraam" in shown, shown
    for secret in (name, "Jolanda", phone, "48213597"):
        assert secret not in shown, f"het voorbeeld toont nog '{secret}': {shown}"
    _press(lab, save)
    message = entry.locator(".iids-melding")
    message.filter(has_text=re.compile("Bewaard als|Niet bewaard|Klik eerst")).wait_for(timeout=WAIT_MS)
    said = message.inner_text()
    assert "Bewaard als" in said, said
    nid = re.search(r"Bewaard als (\S+) in", said).group(1)

    assert "mijn-werk/narratieven.csv" in said, said
    work = lab.workspace  # the own story is in the workspace; the practice stories are not
    practice = load_narratives(lab.server.practice("05-verhalen"))
    assert not practice["text"].str.contains("koffie").any(), "het eigen verhaal staat in de oefenmap"
    raw = (work / "narratieven.csv").read_text(encoding="utf-8")
    for secret in (name, "Jolanda", phone, "48213597", "0648213597"):
        assert secret not in raw, f"'{secret}' staat in narratieven.csv"
    saved = load_narratives(work)
    assert len(saved) == 1 and not saved["synthetic"].any(), saved[["id", "synthetic"]]
    row = saved[saved["id"].astype(str) == nid]
    assert len(row) == 1, f"{nid} niet in narratieven.csv: {list(saved['id'])}"
    row = row.iloc[0]
    assert "koffie bij de kraam van mijn neef" in row["text"]
    assert (row["steun.ikzelf"], row["steun.eigen_kring"], row["steun.instanties"]) == \
        pytest.approx((0.7, 0.2, 0.1), abs=0.015)  # a click lands on a whole screen pixel
    assert float(row["welkom"]) == pytest.approx(welkom, abs=0.005)
    assert row["gevoel"] == "geamuseerd"
    assert set(_as_list(row["wie"])) == {"buren", "vrienden"}
    assert row["participant"] == "P07"
    return nid


def _module_07_code(lab, story: str) -> str:
    """The coding widget on the student's own story (module 05): a passage fine-tuned with the
    keyboard, one code; the self-checks answered. Then Restart & Run All: the workspace's
    hand-in files hold no practice story and do not change. Returns the code."""
    require_piece("kit/analysis/widgets.py", "het codeerwidget (kit/analysis/widgets.py)")
    from kit.io import read_csv

    _open(lab, "07", "module 07 (coderen)")
    said = lab.notebook.locator(".jp-OutputArea-output", has_text="Jouw eigen verhalen.")
    said.first.wait_for(state="attached", timeout=WAIT_MS)
    assert "Je codeert je eigen verhaal (1)" in said.first.text_content(), said.first.text_content()
    coding = lab.cell_with_widget("iids-coding")
    documents = coding.locator(".iids-coding-document select option").all_text_contents()
    assert documents == [story], f"het codeerwidget toont niet alleen het eigen verhaal: {documents}"
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

    # The student's own choice: the last code of the list (far from the example's themes).
    code_select = coding.locator(".iids-coding-code select")
    code_select.select_option(index=code_select.locator("option").count() - 1)
    label = code_select.locator("option:checked").inner_text().replace("\xa0", " ").strip()
    code = re.search(r"\(([^()]+)\)$", label).group(1)
    coding.locator(".iids-coding-coder input").fill("B")
    coding.locator(".iids-coding-memo textarea").fill("Twijfel: ook steun van vrienden.")
    _press(lab, coding.locator("button.iids-coding-save"))
    _status(coding, "iids-coding-status", "Bewaard")

    assert csv.is_file(), "coderingen.csv is niet geschreven"
    rows = read_csv(csv)
    assert len(rows) == before + 1, rows
    row = rows.iloc[-1]
    assert (int(row["start"]), int(row["end"]), row["code"], row["coder"]) == (start + 1, end, code, "B")
    assert row["memo"] == "Twijfel: ook steun van vrienden."
    assert row["document"] == story, row
    assert passage.strip()[:20] in coding.locator(".iids-coding-status").inner_text()
    answers = _answer_selfchecks(lab, "07")

    # Restart & Run All: nothing in the workspace changes, and no practice story enters it.
    handed_in = _files(lab.workspace)
    assert {"narratieven.csv", "coderingen.csv", "codeertabel.csv", "codeboek.yaml",
            "antwoorden.yaml"} <= set(handed_in), sorted(handed_in)
    _restart_and_run_all(lab)
    assert _files(lab.workspace) == handed_in, "Restart & Run All van 07 veranderde de werkmap"
    for name in handed_in:
        text = (lab.workspace / name).read_text(encoding="utf-8")
        leaked = [pid for pid in PRACTICE_IDS if pid in text]
        assert not leaked, f"oefenverhalen {leaked} staan in mijn-werk/{name}"
    assert len(read_csv(csv)) == before + 1, "coderingen.csv groeide bij Restart & Run All"
    shown = [box.input_value() for box in lab.notebook.locator(".iids-antwoord textarea").all()]
    assert all(answer in shown for answer in answers), shown  # a rerun shows saved answers again
    return code


def _module_08_counter_story(lab) -> None:
    """Run 08 (it writes the worksheet), then write the counter-story in it, in JupyterLab's editor."""
    _open(lab, "08", "module 08 (discours tegenover narratieven)")
    sheet = lab.workspace / "tegenverhaal-dd01.md"
    assert sheet.is_file(), "module 08 schreef geen tegenverhaal-dd01.md in de werkmap"

    from kit.dialogue.own_work import own_counter_story

    lab.open_lab("tree/mijn-werk/tegenverhaal-dd01.md")
    editor = lab.page.locator(".jp-FileEditor .cm-content").first
    editor.wait_for(timeout=WAIT_MS)
    lines = editor.locator(".cm-line")
    texts = lines.all_text_contents()
    section = next(i for i, t in enumerate(texts) if re.match(r"##\s*3\.", t))
    answer = next(i for i in range(section, len(texts)) if "Jouw antwoord" in texts[i])
    lines.nth(answer).click()
    lab.page.keyboard.press("End")
    lab.page.keyboard.type(" " + COUNTER_STORY, delay=1)
    lab.page.keyboard.press("Control+s")
    lab.page.wait_for_function(
        "() => !document.querySelector('.lm-DockPanel-tabBar .lm-mod-current.jp-mod-dirty')",
        timeout=WAIT_MS)
    found = own_counter_story(lab.workspace)
    assert found.own and COUNTER_STORY in found.value, found


def _module_09_plan(lab, code: str) -> None:
    """The stakeholder map, the participation plan and the session plan: the draaiboek."""
    require_piece("kit/dialogue/widgets.py", "de widgets van de dialoogtafel (kit/dialogue/widgets.py)")
    _open(lab, "09", "module 09 (dialoogtafel voorbereiden)")
    # Before the student saves a map, 09 says it uses the example; the codes of 07 are found.
    said = lab.notebook.text_content()
    assert "Nog geen eigen stakeholderkaart" in said, "09 zegt niet dat het het voorbeeld gebruikt"
    assert "Je eigen coderingen uit module 07" in said, "09 vindt de codes van module 07 niet"
    kaart = lab.cell_with_widget("iids-stakeholders")
    for party in PARTIES:
        _type(kaart.locator(".iids-stakeholders-name input"), party)
        _type(kaart.locator(".iids-stakeholders-relation input"), "bedden en hulp voor de nacht")
        _press(lab, kaart.locator("button.iids-stakeholders-add"))
        _status(kaart, "iids-stakeholders-message", f"{party} staat op de kaart")
        # the map is redrawn after the message (matrix, list to remove from): wait for it, so the
        # next party is not typed while the kernel is still drawing this one
        kaart.locator(".iids-stakeholders-remove-choice option", has_text=party).wait_for(
            state="attached", timeout=WAIT_MS)
    kaart.locator("button.iids-stakeholders-save").click()
    _status(kaart, "iids-stakeholders-message", "Bewaard")

    # The participation plan follows the map: its party list holds this student's parties.
    deelname = lab.cell_with_widget("iids-participation")
    party = deelname.get_by_label("Partij", exact=True)
    party.locator("option", has_text=PARTIES[0]).wait_for(state="attached", timeout=WAIT_MS)
    options = party.locator("option").all_text_contents()
    assert all(any(p in o for o in options) for p in PARTIES), options
    assert not any("Belangenorganisatie" in o for o in options), f"voorbeeldpartijen: {options}"
    _type(deelname.get_by_label("Plek", exact=True), "de huiskamer van de nachtopvang")
    _type(deelname.get_by_label("Wanneer", exact=True), "zaterdag 11 uur")
    party.select_option(label=next(o for o in options if PARTIES[0] in o))
    _type(deelname.get_by_label("Hoe", exact=True), "persoonlijk, via een sleutelpersoon")
    _press(lab, deelname.get_by_role("button", name="Uitnodiging toevoegen"))
    _message(deelname, "Uitnodiging toegevoegd")
    _type(deelname.locator("textarea").first, "geen namen in het verslag")
    _type(deelname.get_by_label("Tolken", exact=True), INTERPRETERS)
    _press(lab, deelname.get_by_role("button", name="Controleren en bewaren"))
    _message(deelname, "Bewaard in")

    plan = lab.cell_with_widget("iids-sessieplan")
    plan.locator(".iids-sessieplan-goal textarea").fill(GOAL)
    plan.locator("label", has_text="Socratisch gesprek").click()
    _press(lab, plan.locator("button.iids-sessieplan-make"))
    said = _status(plan, "iids-sessieplan-message", "Sessieplan van")
    assert f"Je eigen stakeholderkaart ({len(PARTIES)} partijen)" in said, said
    assert "Je eigen deelnameplan" in said, said
    assert "Je eigen coderingen uit module 07" in said, said
    assert "Je eigen tegenverhaal" in said, said

    script = (lab.workspace / "dialoog" / "draaiboek.html").read_text(encoding="utf-8")
    for own in (*PARTIES, "Pools", "Arabisch", GOAL, COUNTER_STORY[:60]):
        assert own in script, f"'{own}' staat niet in het draaiboek"
    from kit.dialogue.own_work import own_code_labels

    label = own_code_labels(lab.workspace).value.get(code, code)
    assert label in script or code in script, f"de eigen code {code} ({label}) staat niet in het draaiboek"
    for trace in EXAMPLE_TRACES:
        assert trace not in script, f"het voorbeeld ('{trace}') staat in het draaiboek"

    # "Alles controleren" once more, as 09 asks: at Run All it named the example's parts; now
    # every file is in order and every part is the student's own.
    first = lab.notebook.locator(".jp-CodeCell", has=lab.page.locator(
        ".jp-InputArea", has_text="check_own_work(WERKMAP)")).first.text_content()
    assert "Nog niet alles is van jezelf" in first, first
    again = _run_cell(lab, "check_own_work(WERKMAP)", "Alles komt uit je eigen werk.")
    assert "in orde" in again and "Niet in orde" not in again and "Voorbeeld:" not in again, again


def _module_10_record(lab) -> None:
    """The record of the student's own table (the form that saves in the workspace): a statement,
    a vote and a minority view, pseudonymised on save into mijn-werk/dialoog."""
    require_piece("kit/dialogue/widgets.py", "het verslagwidget (kit/dialogue/widgets.py)")
    from kit.dialogue.record import RECORD_FILE, load_record

    _open(lab, "10", "module 10 (dialoogtafel voeren)")
    record = lab.cell_with_widget("iids-record-werkmap")
    assert "Dit komt in je werkmap (mijn-werk/dialoog/verslag.yaml)" in record.inner_text()

    statement = "De gemeente opent de nachtopvang ook overdag voor wie daar werkt en slaapt."
    record.locator(".iids-record-statement textarea").fill(statement)
    _press(lab, record.locator("button.iids-record-add-statement"))
    added = _status(record, "iids-record-status", r"Stelling S\d+ toegevoegd")
    sid = re.search(r"S\d+", added).group(0)
    assert record.locator(".iids-record-vote-statement select").input_value() == sid

    for css, count in (("iids-record-vote-for", "7"), ("iids-record-vote-against", "3"),
                       ("iids-record-vote-abstain", "1")):
        box = record.locator(f".{css} input")
        box.fill(count)
        box.press("Tab")  # number fields send their value when they lose focus
    _press(lab, record.locator("button.iids-record-add-vote"))
    _status(record, "iids-record-status", f"Stemming over {sid} vastgelegd")

    view = "Overdag open is goed, maar niet zonder eigen kluisjes; bel 06-12345678 voor de sleutel."
    needs = "Een proefperiode van drie maanden en een evaluatie met de bewoners."
    record.locator(".iids-record-minority-statement select").select_option(sid)
    record.locator(".iids-record-minority-view textarea").fill(view)
    record.locator(".iids-record-minority-needs textarea").fill(needs)
    _press(lab, record.locator("button.iids-record-add-minority"))
    _status(record, "iids-record-status", "minderheid vastgelegd")
    overview = record.locator(".iids-record-overview").inner_text()
    assert "7 voor, 3 tegen, 1 onthouden" in overview, overview

    _press(lab, record.locator("button.iids-record-save"))
    _status(record, "iids-record-status", "Bewaard", timeout=WAIT_MS)

    saved = [lab.workspace / "dialoog" / RECORD_FILE]
    assert saved[0].is_file(), f"geen {RECORD_FILE} in mijn-werk/dialoog na 'Bewaren'"
    practice = sorted(lab.server.practice("10-verslag").glob(f"**/{RECORD_FILE}"))
    assert all(statement not in p.read_text(encoding="utf-8") for p in practice), practice
    raw = saved[0].read_text(encoding="utf-8")
    assert "06-12345678" not in raw and "0612345678" not in raw, raw
    rec = load_record(saved[0])
    assert any(s.text == statement for s in rec.statements), rec.statements
    vote = next(v for v in rec.votes if v.statement == sid)
    assert (vote.votes_for, vote.against, vote.abstain) == (7, 3, 1)
    minority = next(m for m in rec.minority if m.statement == sid)
    assert "eigen kluisjes" in minority.view and minority.needs == needs


def _module_11_handreiking(lab, code: str) -> None:
    """The practice handreiking carries the counter-story and the code; the content form saves."""
    _open(lab, "11", "module 11 (handreiking schrijven)")
    notes = lab.notebook.locator(".jp-OutputArea-output", has_text="tegenverhaal in de analyse")
    notes.first.wait_for(state="attached", timeout=WAIT_MS)
    assert "Je eigen coderingen uit module 07" in lab.notebook.text_content()

    maker = lab.cell_with_widget("iids-handreiking")
    maker.get_by_label("Voor wie", exact=True).select_option("sociaal werkers")
    advice = maker.locator("textarea").first
    advice.fill("")
    advice.press_sequentially("Spreek bewoners van de nachtopvang overdag aan op hun werk.", delay=1)
    advice.press("Tab")
    _press(lab, maker.get_by_role("button", name="Maak de handreiking"))
    _message(maker, "Gemaakt:")
    made = sorted(lab.server.practice("11-handreiking").rglob("handreiking.html"))
    assert made, "geen handreiking.html in de oefenmap"
    text = made[0].read_text(encoding="utf-8")
    assert COUNTER_STORY[:60] in text, "het eigen tegenverhaal staat niet in de handreiking"
    assert code in text, f"de eigen code {code} staat niet in de handreiking"
    assert "nachtopvang overdag aan op hun werk" in text

    form = lab.cell_with_widget("iids-inhoud")
    _type(form.locator(".iids-inhoud-titel input"), "Overdag erbij horen")
    _type(form.locator(".iids-inhoud-beroepsgroep input"), "sociaal werkers")
    _type(form.locator(".iids-inhoud-auteurs input"), "team Haven")
    _type(form.locator(".iids-inhoud-context textarea"), "Daklozen die overdag werken en 's nachts in de opvang slapen.")
    _type(form.locator(".iids-inhoud-analyse textarea"), "Ons tegenverhaal: " + COUNTER_STORY)
    _type(form.locator(".iids-inhoud-wat-de-gemeenschap-wil textarea"), "Een plek om overdag te blijven.")
    _type(form.locator(".iids-inhoud-rec-tekst textarea"), "Open de nachtopvang overdag.")
    _type(form.locator(".iids-inhoud-rec-onderbouwing input"), "tegenverhaal en codes")
    _type(form.locator(".iids-inhoud-rec-minderheid input"), "er was geen minderheid")
    _press(lab, form.locator("button.iids-inhoud-add-recommendation"))
    _status(form, "iids-inhoud-message", "Aanbeveling R1 toegevoegd")
    _press(lab, form.locator("button.iids-inhoud-save"))
    said = _status(form, "iids-inhoud-message", "Bewaard in")
    content = lab.workspace / "handreiking" / "inhoud.yaml"
    assert content.is_file(), f"{content} ontbreekt na Bewaren: {said}"
    saved = content.read_text(encoding="utf-8")
    assert "Open de nachtopvang overdag." in saved and COUNTER_STORY[:40] in saved, saved


def _module_12_reflection(lab) -> None:
    """Every self-check of 12 answered (one wrong first), and the Most Significant Change story
    written and saved in the workspace with the button."""
    import yaml

    _open(lab, "12", "module 12 (terugblik en doorwerking)")
    _answer_selfchecks(lab, "12", wrong_first=True)
    page = lab.page
    form = lab.notebook.locator(".jp-OutputArea-output", has=page.get_by_role(
        "button", name="Bewaar in mijn werkmap")).first
    form.scroll_into_view_if_needed()
    save = form.get_by_role("button", name="Bewaar in mijn werkmap")
    save.click()  # nothing written yet: the kit asks for the story first
    form.locator(".jp-OutputArea-output, pre, div", has_text="Schrijf eerst je verhaal").first.wait_for(
        timeout=WAIT_MS)
    form.get_by_label("Domein", exact=True).select_option("stem van de community")
    _type(form.get_by_label("Titel", exact=True), "Overdag erbij horen")
    _type(form.get_by_placeholder("Wat gebeurde er, en wat werd er anders?"), MSC_STORY)
    _type(form.get_by_placeholder("Waarom is dit voor jou de belangrijkste verandering?"), MSC_REASON)
    _press(lab, save)
    form.locator("pre, div", has_text="Bewaard in").first.wait_for(timeout=WAIT_MS)
    saved = yaml.safe_load((lab.workspace / "msc-verhaal.yaml").read_text(encoding="utf-8"))
    assert (saved["domein"], saved["titel"]) == ("stem van de community", "Overdag erbij horen"), saved
    assert saved["verhaal"] == MSC_STORY and saved["reden"] == MSC_REASON, saved


def test_one_student_walks_the_course(lab):
    """Modules 00-12 in order, typing and clicking only, in one workspace."""
    _module_00(lab)
    _just_run(lab, "01", "module 01 (inclusie en uitsluiting)")
    _just_run(lab, "02", "module 02 (dominant en niet-dominant discours)")
    _just_run(lab, "03", "module 03 (sense of belonging)")
    _module_04_consent(lab)
    story = _module_05_story(lab)
    _just_run(lab, "06", "module 06 (patronen in narratieven)")
    code = _module_07_code(lab, story)
    _module_08_counter_story(lab)
    _module_09_plan(lab, code)
    _module_10_record(lab)
    _module_11_handreiking(lab, code)
    _module_12_reflection(lab)
    # one workspace: everything the student made is in it, nothing in a module's own mijn-werk
    stray = sorted(p for p in lab.path("course/modules").rglob("mijn-werk") if any(p.iterdir()))
    assert not stray, f"werk buiten de werkmap: {stray}"
    # and no practice data in it: no practice story, no practice participant, no practice record
    for name in _files(lab.workspace):
        text = (lab.workspace / name).read_text(encoding="utf-8", errors="replace")
        for trace in (*PRACTICE_IDS, "P-OEF-", "Oefentafel werk en wonen"):
            assert trace not in text, f"oefendata ('{trace}') in mijn-werk/{name}"
