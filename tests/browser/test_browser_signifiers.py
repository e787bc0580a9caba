"""The drawn triad in JupyterLab: keyboard only (Tab, arrow keys, Enter) and a click on the triangle.

Module 05 shows the triad ``driehoek`` and, in the next cell, its live answer
(``driehoek.live_readout()``), which the kernel writes: when that line changes, the value
reached Python without a rerun of the cell.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

# The triangle in the SVG's own units (kit/narratives/static/signifiers.js: TW, TH, TM).
TW, TH, TM = 300, 262, 16


def _focused_class(page) -> str:
    return page.evaluate("() => document.activeElement?.getAttribute('class') || ''")


def test_triad_keyboard_only_and_click_on_the_triangle(lab, module, require):
    require("kit/narratives/static/signifiers.js", "de getekende driehoek (signifiers.js)")
    lab.open_notebook(module("05", "module 05 (narratieven verzamelen)"))
    lab.run_all()
    page = lab.page
    triad = lab.cell_with_widget("iids-triad")
    live = lab.notebook.locator(".jp-OutputArea-output .iids-live").first
    live.filter(has_text="nog niets gekozen").wait_for(timeout=WAIT_MS)
    plane = triad.locator("svg.iids-aw-vlak")
    assert plane.get_attribute("role") == "slider"
    label = plane.get_attribute("aria-label")
    assert "mezelf" in label and "Enter" in label, label
    assert plane.get_attribute("aria-valuetext") == "nog geen punt gekozen"

    # Both bottom corner labels are shown, side by side, without overlapping.
    left = triad.locator(".iids-aw-links").bounding_box()
    right = triad.locator(".iids-aw-rechts").bounding_box()
    assert left["width"] > 0 and right["width"] > 0
    assert left["x"] + left["width"] <= right["x"] + 0.5, (left, right)

    # Keyboard only: from the question text above it, Tab reaches the triangle.
    triad.locator(".widget-html").first.click()
    for _ in range(15):
        page.keyboard.press("Tab")
        if "iids-aw-vlak" in _focused_class(page):
            break
    assert "iids-aw-vlak" in _focused_class(page), f"Tab komt niet bij de driehoek: {_focused_class(page)}"
    for key in ("ArrowUp", "ArrowUp", "ArrowUp", "ArrowRight"):
        page.keyboard.press(key)
    moving = plane.get_attribute("aria-valuetext")
    assert "nog niet gekozen" in moving and "mezelf" in moving, moving
    assert "nog niets gekozen" in live.inner_text(), "het punt telde al voor Enter"
    page.keyboard.press("Enter")
    live.filter(has_text="mezelf").wait_for(timeout=WAIT_MS)
    said = live.inner_text()
    shares = [int(v) for v in re.findall(r"(\d+)%", said)]
    assert len(shares) == 3 and sum(shares) == 100 and shares[0] > 34, said  # three steps up: more "mezelf"
    assert plane.get_attribute("aria-valuetext").startswith("gekozen: mezelf"), plane.get_attribute("aria-valuetext")
    assert "iids-aw-vlak" in _focused_class(page), "Enter haalde de focus weg (JupyterLab nam de toets)"
    assert lab.notebook.locator(".jp-Notebook.jp-mod-editMode").count() == 0, "Enter opende een cel"

    # A click on the triangle itself, just outside its left corner: everything to that corner.
    box = plane.bounding_box()
    scale = box["width"] / TW
    page.mouse.click(box["x"] + (TM - 4) * scale, box["y"] + (TH - TM + 3) * scale)
    live.filter(has_text="mezelf 0%").wait_for(timeout=WAIT_MS)
    said = live.inner_text()
    assert re.search(r"mensen uit mijn eigen kring 100%", said), said


def test_stone_dragged_onto_the_board_and_upright_dyad(lab, module, require):
    require("kit/narratives/static/signifiers.js", "de getekende stenen (signifiers.js)")
    lab.open_notebook(module("05", "module 05 (narratieven verzamelen)"))
    lab.run_all()
    page = lab.page
    # No widget text is cut off with "...": every button, label and quiz option shows all of it.
    lab.cell_with_widget("iids-entry").scroll_into_view_if_needed()
    clipped = lab.notebook.evaluate("""nb => [...nb.querySelectorAll(
        '.jp-OutputArea-output :is(.jupyter-button, .widget-label, .widget-label-basic span, .widget-radio-box label)')]
        .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.trim())""")
    assert clipped == [], f"afgekapte tekst: {clipped}"
    stones = lab.cell_with_widget("iids-stones")
    stone = stones.locator('g.iids-aw-steen[data-steen="bank"]')
    assert "nog niet gelegd" in stone.get_attribute("aria-valuetext")
    stones.locator("svg.iids-aw-bord").scroll_into_view_if_needed()
    board = stones.locator("rect.iids-aw-veld").bounding_box()
    grip = stone.locator("circle.iids-aw-steenbol").bounding_box()
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    page.mouse.down()
    # to three quarters right ("veilig") and a quarter up ("ik hoor erbij")
    page.mouse.move(board["x"] + 0.75 * board["width"], board["y"] + 0.75 * board["height"], steps=10)
    page.mouse.up()
    where = stone.get_attribute("aria-valuetext")
    found = re.findall(r"(\d+) procent", where)
    assert len(found) == 2 and abs(int(found[0]) - 75) <= 2 and abs(int(found[1]) - 25) <= 2, where
    assert stones.locator(".iids-aw-uitlezing", has_text="de bank").count() == 1

    # "Hoeveel invloed" (geen ... alles) stands upright: taller than wide.
    upright = lab.notebook.locator(".jp-OutputArea-output .iids-aw-verticaal svg").first
    upright.scroll_into_view_if_needed()
    box = upright.bounding_box()
    assert upright.get_attribute("aria-orientation") == "vertical" and box["height"] > 2 * box["width"]


# --------------------------------------------------------------------------- dyad and stones

def _write_notebook(path, cells) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


#: One dyad per cell, each followed by its live answer; then the stones. ``rechtop`` is the
#: "welkom" dyad with ``richting: verticaal`` in its kader: the kader's word beats the pole words.
_SIGNIFIER_CELLS = [
    "from dataclasses import replace\n"
    "from kit.narratives.framework import default_framework\n"
    "from kit.narratives.widgets import DyadSlider, StonesBoard\n"
    "kader = default_framework()",
    "welkom = DyadSlider(kader.signifier('welkom'))\nwelkom",
    "welkom.live_readout()",
    "invloed = DyadSlider(kader.signifier('invloed'))\ninvloed",
    "invloed.live_readout()",
    "rechtop = DyadSlider(replace(kader.signifier('welkom'), direction='verticaal'))\nrechtop",
    "stenen = StonesBoard(kader.signifier('plekken'))\nstenen",
    "stenen.live_readout()",
    "from kit.narratives.widgets import TriadPicker\ndriehoek = TriadPicker(kader.signifier('steun'))\ndriehoek",
]


def _accessibility_tree(page) -> list[dict]:
    """Chromium's own accessibility tree (what a screen reader gets): role, name, value, properties."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    out = []
    for node in nodes:
        if node.get("ignored"):
            continue
        props = {p["name"]: p.get("value", {}).get("value") for p in node.get("properties", [])}
        out.append({"role": node.get("role", {}).get("value"), "name": node.get("name", {}).get("value", ""),
                    "value": node.get("value", {}).get("value"), **props})
    return out


def _tab_to(page, selector: str, start, limit: int = 25) -> None:
    """Click ``start`` (a text, not a control), then press Tab until ``selector`` has the focus."""
    start.click()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => Boolean(document.activeElement?.matches(s))", selector):
            return
    focused = page.evaluate("() => document.activeElement?.outerHTML?.slice(0, 120)")
    raise AssertionError(f"Tab komt niet bij {selector}: de focus staat op {focused}")


def _percentages(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"(\d+)%", text)]


def test_dyads_and_stones_keyboard_only_with_dutch_names(lab, require):
    require("kit/narratives/static/signifiers.js", "de getekende schuiven en stenen (signifiers.js)")
    _write_notebook(lab.path("course/schuiven-en-stenen.ipynb"), _SIGNIFIER_CELLS)
    lab.open_notebook("course/schuiven-en-stenen.ipynb")
    lab.run_all()
    page = lab.page
    cells = lab.notebook.locator(".jp-CodeCell")

    def cell(i):
        c = cells.nth(i)
        c.scroll_into_view_if_needed()
        return c

    def live(i):
        return cell(i).locator(".iids-live").first

    # -- the direction its kader says: "welkom" lies (left pole left), "invloed" and "rechtop" stand
    # upright with the right pole on top; arrow up/right always moves towards the right pole.
    for i, vertical in ((1, False), (3, True), (5, True)):
        dyad = cell(i).locator(".iids-dyad")
        track = dyad.locator("svg.iids-aw-spoor")
        box = track.bounding_box()
        low = dyad.locator(".iids-aw-laag").bounding_box()
        high = dyad.locator(".iids-aw-hoog").bounding_box()
        assert track.get_attribute("aria-orientation") == ("vertical" if vertical else "horizontal"), i
        if vertical:
            assert box["height"] > 2 * box["width"], (i, box)
            assert high["y"] + high["height"] <= box["y"] + 1 <= low["y"] + 1, (i, high, box, low)
        else:
            assert box["width"] > 2 * box["height"], (i, box)
            assert low["x"] + low["width"] <= box["x"] + 1 <= high["x"] + 1, (i, low, box, high)

    # -- untouched, every dyad says "niet ingevuld" (to the eye, a screen reader and the next
    # cell), not a chosen middle: nothing is stored for it.
    for i in (1, 3, 5):
        untouched = cell(i).locator(".iids-dyad")
        assert untouched.locator("svg.iids-aw-spoor").get_attribute("aria-valuetext") == "niet ingevuld", i
        assert untouched.locator(".iids-aw-uitlezing").inner_text().startswith("Niet ingevuld."), i
        assert untouched.locator("circle.iids-aw-punt").is_hidden(), i
    live(2).filter(has_text="niet ingevuld").wait_for(timeout=WAIT_MS)
    assert live(2).inner_text().strip() == "Jouw antwoord: niet ingevuld", live(2).inner_text()

    # -- the dyad "welkom", keyboard only: Tab, three steps right (from the middle), Enter; Escape
    # drops a draft.
    welkom = cell(1).locator(".iids-dyad")
    track = welkom.locator("svg.iids-aw-spoor")
    _tab_to(page, "svg.iids-aw-spoor", welkom.locator(".widget-html").first)
    assert track.evaluate("e => e === document.activeElement"), "Tab kwam bij een andere schuif"
    for key in ("ArrowRight", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    moving = track.get_attribute("aria-valuetext")
    assert "nog niet gekozen" in moving and "helemaal welkom" in moving, moving
    assert "65 procent" in moving, moving
    page.keyboard.press("Enter")
    live(2).filter(has_text="65% richting helemaal welkom").wait_for(timeout=WAIT_MS)
    assert track.get_attribute("aria-valuetext") == "gekozen: 65 procent richting helemaal welkom"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Escape")
    assert track.get_attribute("aria-valuetext").startswith("gekozen: 65"), "Escape hield de wijziging"
    assert lab.notebook.locator(".jp-Notebook.jp-mod-editMode").count() == 0, "Enter opende een cel"

    # -- the upright dyad "invloed": arrow up goes to "alles lag in mijn handen" (on top), Space chooses.
    invloed = cell(3).locator(".iids-dyad")
    upright = invloed.locator("svg.iids-aw-spoor")
    _tab_to(page, "svg.iids-aw-spoor", invloed.locator(".widget-html").first)
    assert upright.evaluate("e => e === document.activeElement"), "Tab kwam bij een andere schuif"
    for key in ("ArrowUp", "ArrowUp", "ArrowUp", "ArrowUp", "PageUp"):
        page.keyboard.press(key)
    page.keyboard.press(" ")
    live(4).filter(has_text="alles lag in mijn handen").wait_for(timeout=WAIT_MS)
    assert _percentages(live(4).inner_text()) == [90], live(4).inner_text()
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    live(4).filter(has_text="geen enkele invloed").wait_for(timeout=WAIT_MS)
    assert _percentages(live(4).inner_text()) == [100], live(4).inner_text()
    # Tab on to "n.v.t.", Space ticks it: the dyad says it is off, to the eye and to a screen reader
    # (n.v.t., not "niet ingevuld"), and keys no longer move it; the next cell says n.v.t. instead
    # of the last position.
    page.keyboard.press("Tab")
    na = invloed.locator(".iids-nvt input[type=checkbox]")
    assert na.evaluate("e => e === document.activeElement"), "Tab ging niet naar n.v.t."
    page.keyboard.press(" ")
    live(4).filter(has_text="n.v.t.").wait_for(timeout=WAIT_MS)
    assert upright.get_attribute("aria-disabled") == "true"
    assert upright.get_attribute("aria-valuetext") == "n.v.t. (past niet bij dit verhaal)"
    assert invloed.locator(".iids-aw-uitlezing").inner_text() == "N.v.t.: past niet bij dit verhaal."
    page.keyboard.press("Shift+Tab")
    assert upright.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowUp")
    assert upright.get_attribute("aria-valuetext") == "n.v.t. (past niet bij dit verhaal)"

    # -- the stones, keyboard only: Tab to the first stone, arrows, Enter lays it down; Tab to the
    # next; Delete takes a stone back.
    stones = cell(6).locator(".iids-stones")
    first = stones.locator("g.iids-aw-steen").first
    first_id = first.get_attribute("data-steen")
    # the first arrow key puts the stone in the middle of the board, the next ones move it
    _tab_to(page, "g.iids-aw-steen", stones.locator(".widget-html").first)
    assert first.evaluate("e => e === document.activeElement"), "Tab begon niet bij de eerste steen"
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp"):
        page.keyboard.press(key)
    assert "nog niet neergelegd" in first.get_attribute("aria-valuetext")
    page.keyboard.press("Enter")
    label = first.locator("text").text_content()
    live(7).filter(has_text=label).wait_for(timeout=WAIT_MS)
    assert _percentages(live(7).inner_text()) == [70, 55], live(7).inner_text()
    placed = first.get_attribute("aria-valuetext")
    assert "70 procent richting veilig" in placed and "55 procent richting ik hoor erbij" in placed, placed
    page.keyboard.press("Tab")
    second = stones.locator("g.iids-aw-steen").nth(1)
    assert second.evaluate("e => e === document.activeElement"), "Tab ging niet naar de volgende steen"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    second_label = second.locator("text").text_content()
    live(7).filter(has_text=second_label).wait_for(timeout=WAIT_MS)
    page.keyboard.press("Shift+Tab")
    assert first.evaluate("e => e === document.activeElement")
    page.keyboard.press("Delete")
    live(7).filter(has_not_text=label).wait_for(timeout=WAIT_MS)
    assert "nog niet gelegd" in first.get_attribute("aria-valuetext"), first_id

    # -- what a screen reader hears (Chromium's own accessibility tree): Dutch names, orientation and
    # value. (Chromium's DevTools protocol leaves aria-valuetext empty even for a plain div, so the
    # spoken value text is read from the element above.)
    tree = _accessibility_tree(page)
    sliders = [n for n in tree if n["role"] == "slider"]
    names = [n["name"] for n in sliders]
    welkom_nodes = [n for n in sliders if n["name"] == "In deze situatie voelde ik me ... Schuif van "
                    "helemaal buitengesloten naar helemaal welkom."]
    assert [n["orientation"] for n in welkom_nodes] == ["horizontal", "vertical"], (names, welkom_nodes)  # welkom, rechtop
    assert welkom_nodes[0]["value"] == 65, welkom_nodes
    invloed_nodes = [n for n in sliders if n["name"].startswith("Hoeveel invloed had je zelf")]
    assert len(invloed_nodes) == 1 and invloed_nodes[0]["orientation"] == "vertical", (names, invloed_nodes)
    assert invloed_nodes[0].get("disabled") is True, invloed_nodes  # n.v.t.
    stone_nodes = [n for n in sliders if n["name"].startswith("Steen ")]
    assert len(stone_nodes) == stones.locator("g.iids-aw-steen").count() >= 2, names
    assert all("Pijltjestoetsen" in n["name"] and "Enter" in n["name"] for n in stone_nodes), stone_nodes
    second_node = next(n for n in stone_nodes if n["name"].startswith(f"Steen {second_label}."))
    assert second_node["value"] == 50, second_node  # the first arrow key puts it in the middle
    boards = [n for n in tree if n["name"].startswith("Zet elke plek op het veld")]
    assert boards and "Veld van onveilig (links) naar veilig (rechts)" in boards[0]["name"], boards
    # the triad beside them: one slider with its three corners, quick choices as named buttons
    triads = [n for n in sliders if n["name"].startswith("In dit verhaal kwam de oplossing of steun")]
    assert len(triads) == 1 and "Driehoek met de hoeken mezelf (boven)" in triads[0]["name"], (names, triads)
    buttons = {n["name"] for n in tree if n["role"] == "button"}
    assert {"vooral mezelf", "alle drie even sterk"} <= buttons, sorted(buttons)
