"""The story wall (Voila, Chromium at 360 px) on the demo's data, with a live dialogue record.

One Voila server for this module, started as ``iids apps wand --demo`` starts it. The wall
shows the demo's patterns; an agreement added to the record appears without reloading the
page; an agreement with personal data in it is held back by the privacy gate; the wall
shows no personal data, no internal ids and no count under the threshold (10).
"""

from __future__ import annotations

import random
import re

import pytest

from tests.browser.voila_server import VoilaServer, horizontal_overflow, phone, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def wall_server(tmp_path_factory):
    from kit.synthetic.wall import prepare_demo

    base = tmp_path_factory.mktemp("verhalenwand")
    demo = base / "demo"
    folder = prepare_demo(demo, n=120)
    with serving(VoilaServer(base, "wand", folder=folder, demo=demo, vault=demo / "kluis")) as server:
        yield server


@pytest.fixture
def wall(browser, request, wall_server):
    with phone(browser, request, wall_server) as page:
        yield page


def _counts(text: str) -> list[int]:
    """Every number told as a count of stories or shown in a count table cell."""
    return [int(n) for n in re.findall(r"(\d+) verhalen", text)]


def test_wall_shows_patterns_and_live_agreements_without_personal_data(wall, wall_server):
    from kit.dialogue.record import LiveRecord
    from kit.privacy.gate import check_text

    wall.goto(wall_server.url)
    patterns = wall.locator(".iids-patronen")
    patterns.locator("img").nth(2).wait_for()
    assert "120 verhalen" in patterns.inner_text()
    assert wall.locator(".iids-belanghebbenden img").count() == 1
    agreements = wall.locator(".iids-afspraken")
    agreements.locator("li").first.wait_for()
    before = agreements.locator("li").count()
    wall.evaluate("() => { window.__zelfdePagina = true; }")

    record_path = wall_server.folder / "dialoog" / "verslag.yaml"
    live = LiveRecord.load(record_path)
    first = live.record.statements[0].id
    live.add_agreement("Buurthuis organiseert elke maand een open spreekuur met de bank",
                       owner="buurthuis", due="2027-05-01", statement=first)
    live.save(record_path.parent, pseudonymise=lambda text: text)
    agreements.locator("li", has_text="open spreekuur met de bank").wait_for()
    assert agreements.locator("li").count() == before + 1
    assert wall.evaluate("() => window.__zelfdePagina === true")  # no reload

    rng = random.Random(24)
    mobile = "06-" + "".join(str(rng.randrange(10)) for _ in range(8))
    live.add_agreement(f"Bel de wijkagent op {mobile} voor de volgende tafel", owner="politie",
                       due="2027-05-01")
    live.save(record_path.parent, pseudonymise=lambda text: text)  # the note-taker forgot
    agreements.locator("text=niet getoond").wait_for()
    assert mobile not in wall.locator("body").inner_text()

    text = wall.locator(".iids-wand").inner_text()
    assert check_text(text) == [], "de wand toont mogelijk persoonsgegevens"
    assert not re.search(r"\bN-\d{6}-\d{4}\b|\bP-[\w-]+\b|\b[SA]\d+\b|DN\d\d", text)
    counts = _counts(text) + [int(c) for c in re.findall(
        r"\d+", " ".join(patterns.locator("td").all_inner_texts()))]
    assert counts and min(counts) >= 10, counts
    assert horizontal_overflow(wall) <= 0
    assert wall.external_requests == []
