"""The story wall's patterns without a browser: a narrow selection shows no picture and no
number under 10 (the wall's group and role filters go through the same function)."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    from kit.apps.wall import load_wall
    from kit.synthetic.wall import prepare_demo

    base = tmp_path_factory.mktemp("wand") / "demo"
    return load_wall(prepare_demo(base, n=80), base / "kluis")


def _numbers(html: str) -> list[int]:
    text = re.sub(r"<img[^>]*>", "", html)
    return [int(x) for pair in re.findall(r"(\d+) verhalen|<td>(\d+)</td>", text)
            for x in pair if x]


def test_every_selection_shows_only_counts_of_ten_or_more(demo_data):
    from kit.apps.wall_widgets import pattern_html
    from kit.narratives.patterns import filter_narratives

    frame, fw = demo_data.frame, demo_data.framework
    seen_small = seen_large = False
    for community in sorted(set(frame["community"]))[:2]:
        for who in ("", "woningcorporatie"):
            chosen = filter_narratives(frame, fw, community=community, wie=who or None)
            shown = pattern_html(demo_data, chosen, "steun")
            assert all(x >= 10 for x in _numbers(shown)), (community, who, shown[:300])
            if len(chosen) < 10:
                seen_small = True
                assert "<img" not in shown and "Minder dan 10 verhalen" in shown
            else:
                seen_large = True
                assert f"{len(chosen)} verhalen" in shown and "<img" in shown
    assert seen_small and seen_large, "de keuzes toetsen niet beide kanten van de drempel"


# --- one renderer: the wall's parts and hand-out are Jinja2 templates, every text escaped -----

HOSTILE = "<script>alert('wand')</script>"


def test_the_handout_page_escapes_its_title_and_note_and_keeps_the_parts():
    from kit.apps.wall import handout_html

    page = handout_html(HOSTILE, [(HOSTILE, "<p>deel</p>")], note=HOSTILE)
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") == 4  # title, heading, note (and the <title>)
    assert "<p>deel</p>" in page and page.startswith("<!DOCTYPE html>")


def test_a_hostile_group_name_is_escaped_in_the_counts(demo_data):
    from kit.apps.wall_widgets import pattern_html

    frame = demo_data.frame.assign(community=HOSTILE)
    shown = pattern_html(demo_data, frame, "steun")
    assert "<script>" not in shown
    assert f"<th>&lt;script&gt;alert(&#39;wand&#39;)&lt;/script&gt;</th><td>{len(frame)}</td>" in shown


def test_hostile_agreements_and_title_are_escaped_on_the_wall_and_in_the_handout(tmp_path,
                                                                                  demo_data):
    import shutil

    from kit.apps.wall import load_wall
    from kit.apps.wall_widgets import StoryWall, agreements_html, handout
    from kit.dialogue.record import load_record, save_record

    folder = tmp_path / "mijn-werk"
    shutil.copytree(demo_data.folder, folder)
    record = load_record(folder / "dialoog" / "verslag.yaml")
    record.title = f"Tafel {HOSTILE}"
    record.agreements[0].text = f"We ruimen op {HOSTILE}"
    save_record(record, folder / "dialoog", pseudonymise=lambda text: text)
    data = load_wall(folder, tmp_path / "kluis")
    shown = agreements_html(data)
    assert "We ruimen op &lt;script&gt;" in shown and "<script>" not in shown
    wall = StoryWall(data, live=False)
    assert wall.title.value.startswith("<h1>Tafel &lt;script&gt;")
    page = handout(folder, tmp_path / "kluis")
    assert "<script>" not in page
    assert "<title>Tafel &lt;script&gt;" in page and "We ruimen op &lt;script&gt;" in page
