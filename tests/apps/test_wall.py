"""The story wall's patterns without a browser: a narrow selection shows no picture and no
number under 10 (the wall's group and role filters go through the same function)."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    from kit.apps.wall import load_wall, prepare_demo

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
