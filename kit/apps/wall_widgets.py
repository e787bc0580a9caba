"""The story wall for the dialogue table: a thin ipywidgets layer over :mod:`kit.apps.wall`.

Large type, high contrast, no code and no ids. The sections are HTML made by
:func:`wall_sections` (the same for the printable handout); the agreements refresh on
their own while the session runs: the wall checks the record's fingerprint every second
(:meth:`StoryWall.check`) and redraws only that section.

CSS classes: ``iids-wand`` (the wall), ``iids-wand-filter`` (filters), ``iids-patronen``
(pictures and counts), ``iids-zoals-deze`` (quotes), ``iids-belanghebbenden`` (map),
``iids-afspraken`` (agreements), ``iids-handout`` (print button).

>>> import tempfile, pathlib
>>> from kit.apps.wall import load_wall
>>> wall = StoryWall(load_wall(tempfile.mkdtemp()), live=False)
>>> "Nog geen verhalen" in wall.patterns.value
True
"""

from __future__ import annotations

import asyncio
import base64
import time

from kit.apps.wall import K
from kit.render import render_macro

__all__ = ["WALL_CSS", "StoryWall", "wall_sections", "pattern_html", "quotes_html",
           "agreements_html", "stakeholders_html", "open_wall", "handout"]

WALL_CSS = """
<style>
body, #rendered_cells { background: #fff; }
.iids-wand { font-size: 22px; line-height: 1.4; color: #000; max-width: 1400px; margin: auto; }
.iids-wand .widget-html-content, .iids-wand .widget-label { font-size: 22px; line-height: 1.4;
  white-space: normal; }
.iids-wand h1 { font-size: 40px; margin: 6px 0; } .iids-wand h2 { font-size: 30px; }
.iids-wand table { border-collapse: collapse; font-size: 22px; }
.iids-wand td, .iids-wand th { border: 2px solid #222; padding: 4px 14px; }
.iids-wand blockquote { border-left: 8px solid #0b4f8a; margin: 10px 0; padding: 6px 16px;
  background: #f2f6fa; }
.iids-wand img { max-width: 100%; }
.iids-wand select, .iids-wand .widget-dropdown label { font-size: 22px; min-height: 44px; }
.iids-wand .iids-afspraken li { margin: 8px 0; }
.iids-wand button.iids-print { font-size: 20px; min-height: 44px; padding: 4px 16px; }
@media print { .iids-wand-filter, .iids-handout { display: none !important; } }
</style>
"""

def _part(macro: str, *args) -> str:
    """One part of the wall, from ``verhalenwand-delen.html.j2`` (every text escaped)."""
    return render_macro("verhalenwand-delen.html.j2", macro, *args)


def _img(png: bytes, alt: str) -> str:
    return _part("afbeelding", base64.b64encode(png).decode("ascii"), alt)


def _too_few(what: str) -> str:
    return _part("te_weinig", K, what)


def pattern_html(data, frame, triad: str) -> str:
    """The pictures (triad, dyads, stones) and the counts of ``frame``, or why not."""
    from kit.apps.wall import count_table, enough, figure_png
    from kit.narratives.plots import dyad_plot, stones_plot, ternary_plot

    if data.frame is None or not len(data.frame):
        return _part("geen_verhalen")
    if frame is None or not enough(len(frame)):
        return _too_few("in deze keuze")
    fw = data.framework
    parts = [_part("aantal", len(frame), data.synthetic)]
    triad_rows = frame.dropna(subset=fw.signifier(triad).columns())
    if enough(len(triad_rows)):
        parts.append(_img(figure_png(ternary_plot(triad_rows, fw, triad)),
                          fw.signifier(triad).question))
    else:
        parts.append(_too_few("met een antwoord op deze driehoek"))
    for s in fw.of_kind("dyade"):
        rows = frame.dropna(subset=[s.id])
        if enough(len(rows)):
            parts.append(_img(figure_png(dyad_plot(rows, fw, s.id)), s.question))
    for s in fw.of_kind("stenen"):
        rows = frame.dropna(subset=s.columns(), how="all")
        if enough(len(rows)):
            parts.append(_img(figure_png(stones_plot(rows, fw, s.id)), s.question))
    counts = count_table(frame, "community")
    parts.append(_part("per_groep", list(zip(counts.index, counts.iloc[:, 0], strict=True))))
    return "".join(parts)


def quotes_html(data, frame, triad: str, region: str) -> str:
    """"Verhalen zoals deze": quotes from the chosen region of the triad."""
    from kit.apps.wall import enough, quotes
    from kit.narratives.patterns import stories_like_these

    if frame is None or not enough(len(frame)):
        return _part("geen_keuze")
    signifier = data.framework.signifier(triad)
    corner = region.split(":")
    name = (f"hoek:{signifier.corners[int(corner[1])].id}" if corner[0] == "hoek" else region)
    found = stories_like_these(frame, data.framework, triad, name)
    if not enough(len(found)):
        return _too_few("in dit deel van de driehoek")
    chosen, held = quotes(data, found)
    if not chosen:
        return _part("geen_toestemming")
    return _part("citaten", chosen, held)


def stakeholders_html(data) -> str:
    """The stakeholder map (power and interest), or a note."""
    from kit.apps.wall import figure_png
    from kit.dialogue.plots import power_interest_grid

    if not data.parties:
        return _part("geen_kaart")
    return _img(figure_png(power_interest_grid(data.parties)), "belanghebbendenkaart")


def agreements_html(data) -> str:
    """The live list of agreements (without ids), each through the privacy gate."""
    from kit.apps.wall import agreements

    rows, held = agreements(data.record_path)
    rows = [{**r, "wanneer": _dutch_date(r["wanneer"]) if r["wanneer"] else ""} for r in rows]
    return _part("afspraken", rows, held)


def _dutch_date(text: str) -> str:
    """``2027-04-01`` as ``01-04-2027`` (other text unchanged).

    >>> _dutch_date("2027-04-01"), _dutch_date("voorjaar")
    ('01-04-2027', 'voorjaar')
    """
    parts = text.split("-")
    return "-".join(reversed(parts)) if len(parts) == 3 and parts[0].isdigit() else text


def wall_sections(data, frame, triad: str, region: str) -> list[tuple[str, str]]:
    """The wall's sections as ``(heading, HTML)``: the same for the screen and the handout."""
    return [("Patronen in de verhalen", pattern_html(data, frame, triad)),
            ("Verhalen zoals deze", quotes_html(data, frame, triad, region)),
            ("Wie zitten er aan tafel", stakeholders_html(data)),
            ("Afspraken", agreements_html(data))]


class StoryWall:
    """The wall over one work folder (:class:`kit.apps.wall.WallData`).

    Args:
        data: what :func:`kit.apps.wall.load_wall` read.
        live: check the record every ``interval`` seconds and refresh the agreements.
    """

    def __init__(self, data, *, live: bool = True, interval: float = 1.0) -> None:
        import ipywidgets as w

        from kit.apps.wall import record_fingerprint

        self.data, self.interval = data, interval
        frame = data.frame
        communities = sorted(set(frame["community"])) if frame is not None and len(frame) else []
        triads = [s for s in data.framework.of_kind("triade")] if data.framework else []
        self.community = w.Dropdown(options=[("alle groepen", "")] + [(c, c) for c in communities],
                                    description="Groep", style={"description_width": "initial"},
                                    layout=w.Layout(width="95%"))
        self.triad = w.Dropdown(options=[(s.question, s.id) for s in triads] or [("-", "")],
                                description="Vraag", style={"description_width": "initial"},
                                layout=w.Layout(width="95%"))
        who = (data.framework.signifier("wie").options
               if data.framework is not None and "wie" in data.framework.kinds() else [])
        self.who = w.Dropdown(options=[("iedereen", "")] + [(o, o) for o in who],
                              description="Met een rol voor", style={"description_width": "initial"},
                              layout=w.Layout(width="95%"))
        self.region = w.Dropdown(options=self._region_options(), description="Deel",
                                 style={"description_width": "initial"}, layout=w.Layout(width="95%"))
        filters = w.VBox([self.community, self.who, self.triad, self.region])
        filters.add_class("iids-wand-filter")
        self.title = w.HTML()
        self.patterns, self.quotes = w.HTML(), w.HTML()
        self.patterns.add_class("iids-patronen")
        self.quotes.add_class("iids-zoals-deze")
        self.stakeholders = w.HTML(stakeholders_html(data))
        self.stakeholders.add_class("iids-belanghebbenden")
        self.agreements = w.HTML()
        self.agreements.add_class("iids-afspraken")
        printer = w.HTML(_part("printknop"))
        printer.add_class("iids-handout")
        self.box = w.VBox([self.title, filters, w.HTML(_part("kop", "Patronen in de verhalen")),
                           self.patterns, w.HTML(_part("kop", "Verhalen zoals deze")), self.quotes,
                           w.HTML(_part("kop", "Wie zitten er aan tafel")), self.stakeholders,
                           w.HTML(_part("kop", "Afspraken")), self.agreements, printer])
        self.box.add_class("iids-wand")
        for control in (self.community, self.who, self.triad):
            control.observe(lambda _ch: self.draw(), names="value")
        self.triad.observe(lambda _ch: self._regions(), names="value")
        self.region.observe(lambda _ch: self.draw_quotes(), names="value")
        self.fingerprint = record_fingerprint(data.record_path)
        self.refresh_seconds: float | None = None
        self.draw()
        self.refresh()
        self._task = asyncio.ensure_future(self._poll()) if live else None

    def _region_options(self) -> list[tuple[str, str]]:
        if self.data.framework is None or not self.triad.value:
            return [("-", "midden")]
        s = self.data.framework.signifier(self.triad.value)
        return [(f"vooral: {c.label}", f"hoek:{i}") for i, c in enumerate(s.corners)] + [
            ("alle drie ongeveer even sterk", "midden")]

    def _regions(self) -> None:
        self.region.options = self._region_options()

    def selection(self):
        """The stories of the chosen group and role."""
        from kit.narratives.patterns import filter_narratives

        frame = self.data.frame
        if frame is None:
            return frame
        criteria = {"community": self.community.value}
        if self.who.value:
            criteria["wie"] = self.who.value
        return filter_narratives(frame, self.data.framework, **criteria)

    def draw(self) -> None:
        """Redraw the patterns and quotes for the filters."""
        self.patterns.value = pattern_html(self.data, self.selection(), self.triad.value)
        self.draw_quotes()

    def draw_quotes(self) -> None:
        """Redraw "verhalen zoals deze"."""
        self.quotes.value = quotes_html(self.data, self.selection(), self.triad.value,
                                        self.region.value)

    def refresh(self) -> float:
        """Read the record again and redraw the title and agreements; returns the seconds."""
        from kit.dialogue.record import load_record

        start = time.perf_counter()
        path = self.data.record_path
        title = load_record(path).title if path.is_file() else "Verhalenwand"
        self.title.value = _part("wand_titel", title, self.data.synthetic)
        self.agreements.value = agreements_html(self.data)
        self.refresh_seconds = time.perf_counter() - start
        return self.refresh_seconds

    def check(self) -> bool:
        """Refresh when the record changed since the last look; whether it did."""
        from kit.apps.wall import record_fingerprint

        now = record_fingerprint(self.data.record_path)
        if now == self.fingerprint:
            return False
        self.fingerprint = now
        self.refresh()
        return True

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.check()
            except Exception as exc:  # noqa: BLE001 - a half-written record: say so, keep polling
                self.agreements.value = _part("niet_te_lezen", str(exc))
                self.fingerprint = ""

    def stop(self) -> None:
        """Stop refreshing."""
        if self._task is not None:
            self._task.cancel()


def open_wall(folder=None, vault=None) -> StoryWall:
    """The wall as the notebook shows it: the server's workspace (:func:`kit.workspace.workspace`)."""
    from kit.apps.wall import load_wall
    from kit.workspace import workspace

    folder = folder or workspace(create=False)
    return StoryWall(load_wall(folder, vault))


def handout(folder, vault=None, *, community: str = "") -> str:
    """The printable handout of the wall as one HTML page (figures inside)."""
    from kit.apps.wall import handout_html, load_wall

    data = load_wall(folder, vault)
    frame = data.frame
    if frame is not None and community:
        frame = frame[frame["community"] == community]
    triad = data.framework.of_kind("triade")[0].id if data.framework else ""
    title = "Verhalenwand"
    if data.record_path.is_file():
        from kit.dialogue.record import load_record

        title = load_record(data.record_path).title
    note = ("Synthetische oefenverhalen. " if data.synthetic else "") + (
        f"Geen aantal en geen figuur van minder dan {K} verhalen; citaten alleen met "
        "toestemming voor publicatie, gepseudonimiseerd en gecontroleerd.")
    return handout_html(title, wall_sections(data, frame, triad, "midden") if triad else
                        [("Afspraken", agreements_html(data))], note=note)
