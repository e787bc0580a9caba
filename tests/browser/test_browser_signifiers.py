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
