"""Benchmarks of the dialogue area for ``iids bench``, each beside its floor in the same run.

- Reading and checking a large record (``verslag.yaml``) beside only parsing the YAML (the floor).
- A live table: adding one statement to a record that already holds many (every addition
  re-checks the whole record) beside the floor of copying the record's dict.
- Building a handreiking (checks, consent, HTML, DOCX, CSV) beside rendering the same
  template and Word file without any checks (the floor).

>>> len(large_record(10).agreements)
10
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from kit.bench.figures import Figure, median_time

__all__ = ["run", "large_record"]


def large_record(n_statements: int):
    """A synthetic record with ``n_statements`` statements, votes, minority views and agreements.

    >>> large_record(3).statements[-1].id
    'S3'
    """
    from kit.dialogue.record import (
        Agreement,
        FollowUp,
        MinorityView,
        Participant,
        Position,
        Record,
        Statement,
        Vote,
    )

    rec = Record("Grote synthetische tafel", date="2026-01-20")
    rec.participants = [Participant(f"D{i}", "gemeenschap", "deelnemer") for i in range(1, 41)]
    for i in range(1, n_statements + 1):
        sid = f"S{i}"
        rec.statements.append(Statement(sid, f"Stelling nummer {i} over wonen en werk.", "wonen", f"D{i % 40 + 1}"))
        rec.positions.append(Position(sid, "eens", f"D{(i * 7) % 40 + 1}", "toelichting"))
        rec.votes.append(Vote(sid, 20 + i % 5, 10 - i % 5, 2))
        rec.minority.append(MinorityView(sid, "Een ander standpunt.", "Meer tijd."))
        rec.agreements.append(Agreement(f"A{i}", f"Afspraak {i}", "gemeente", "2026-04-01", sid))
        rec.follow_up.append(FollowUp(f"A{i}", "Bellen", "2026-03-01"))
    return rec


def _record_figures(quick: bool) -> list[Figure]:
    import yaml

    from kit.dialogue.record import LiveRecord, load_record, validate_record
    from kit.io import write_yaml

    n = 60 if quick else 1000
    rec = large_record(n)
    folder = Path(tempfile.mkdtemp(prefix="iids-bench-dialoog-"))
    try:
        path = write_yaml(rec.to_dict(), folder / "verslag.yaml")
        load_record(path)  # warm-up
        kit = median_time(lambda: load_record(path), repeat=3)
        floor = median_time(lambda: yaml.safe_load(path.read_text(encoding="utf-8")), repeat=3)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures = [Figure(f"verslag met {n} stellingen lezen en controleren", kit, floor,
                      "alleen YAML lezen", "s", "≤ 1,5× vloer", kit <= 1.5 * floor,
                      limit=1.5, of="ratio")]
    live = LiveRecord(rec.title, record=large_record(n // 4))
    start = time.perf_counter()
    for _ in range(5):
        live.add_statement("Nog een stelling tijdens de tafel.")
    per_add = (time.perf_counter() - start) / 5
    floor_add = median_time(lambda: validate_record(live.record.to_dict()), repeat=5)
    figures.append(Figure(f"stelling toevoegen aan een verslag met {n // 4} stellingen", per_add, floor_add,
                          "verslag één keer controleren", "s", "≤ 0,2 s (direct in de widget)",
                          per_add <= 0.2, limit=0.2))
    return figures


def _handreiking_figure(quick: bool) -> Figure:
    from kit.dialogue.examples import example_content, example_record
    from kit.dialogue.handreiking import (
        build_handreiking,
        link_record,
        render_docx,
        render_html,
        resolve_quotes,
        validate_content,
    )

    n = 20 if quick else 400
    narratives = [{"id": f"n{i}", "participant": f"P{i:03d}", "community": "sekswerkers",
                   "text": f"Synthetisch verhaal {i}. Bij de bank werd ik weggestuurd."} for i in range(n)]
    content = example_content("sekswerkers", [{"narratief": f"n{i}"} for i in range(0, n, 4)])
    content["aanbevelingen"] = [dict(content["aanbevelingen"][0], id=f"R{i}") for i in range(1, n // 4 + 1)]
    record = example_record("sekswerkers")
    work = Path(tempfile.mkdtemp(prefix="iids-bench-handreiking-"))
    try:
        build_handreiking(content, narratives, work=work, record=record, refusal=lambda p: None,
                          pseudonymise=str)  # warm-up
        kit = median_time(lambda: build_handreiking(content, narratives, work=work, record=record,
                                                    refusal=lambda p: None, pseudonymise=str),
                          repeat=3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    checked = validate_content(content)
    recs = link_record(checked, record)
    quotes = resolve_quotes(checked.quotes, narratives, lambda p: None)

    def floor_run():
        render_html(checked, recs, quotes, record=record)
        render_docx(checked, recs, quotes, record=record)

    floor_run()  # warm-up
    floor = median_time(floor_run, repeat=3)
    return Figure(f"handreiking met {n // 4} citaten en {n // 4} aanbevelingen (HTML, DOCX, CSV)", kit, floor,
                  "alleen HTML en Word maken", "s", "≤ 1,5× vloer", kit <= 1.5 * floor,
                  limit=1.5, of="ratio")


def run(quick: bool = False) -> list[Figure]:
    """All dialogue figures (smaller data with ``quick``)."""
    return [*_record_figures(quick), _handreiking_figure(quick)]
