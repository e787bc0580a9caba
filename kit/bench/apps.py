"""Benchmarks of the apps for ``iids bench``, each beside its floor in the same run.

- The story form: from the tap on "Bewaar" to the story stored (the form's own
  :meth:`~kit.apps.story_form.StoryForm.save`: pseudonymise, scan, validate, atomic write
  in the work folder), beside only writing the same table (the floor). The browser's round
  trip to the kernel comes on top (a few milliseconds on the hub's network).
- The story wall: from a changed dialogue record to the redrawn agreements
  (:meth:`~kit.apps.wall_widgets.StoryWall.check`, with the privacy gate over every
  agreement), beside only reading and checking the record (the floor). The wall looks
  once a second, so on screen it comes at most one second later.

Tested in tests/bench/test_apps.py (the figures of a quick run).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from kit.bench.figures import Figure, median_time

__all__ = ["run", "form_save_times", "wall_refresh_times"]


def form_save_times(repeat: int) -> tuple[list[float], list[float]]:
    """Seconds from "Bewaar" to stored for ``repeat`` stories, and the floor (write only)."""
    from kit.apps.links import make_token, new_session, vault_key
    from kit.apps.story_form import StoryForm
    from kit.io import write_csv
    from kit.privacy.gate import require_engine
    from kit.privacy.vault import open_vault

    require_engine()  # the form loads deduce while the teller reads the consent questions
    base = Path(tempfile.mkdtemp(prefix="iids-bench-apps-"))
    try:
        vault = open_vault(base / "kluis")
        folder = base / "mijn-werk"
        times, floors = [], []
        for i in range(repeat):
            token = make_token(vault_key(vault), new_session("S-BENCH", hours=1, now=time.time()))
            form = StoryForm(folder, vault, token, now=time.time())
            form.ask(0)
            for question in form.questions:
                form.answer(question.purpose, True, form.questions.index(question))
            form.text.value = (f"Synthetisch verhaal {i + 1}: bij het buurthuis hielp een vrijwilliger "
                               "me met een brief van de gemeente. Daarna voelde ik me welkom.")
            form.community.value = "buurtbewoners"
            form.inputs["welkom"].choose(3)
            form.inputs["steun"].choose((0.5, 0.25, 0.25))
            form.inputs["gevoel"].choose("opgelucht")
            if not form.show_preview():
                raise RuntimeError(f"de meting kon het voorbeeldverhaal niet voorbereiden: "
                                   f"{form.message.value}")
            if form.save() is None:
                raise RuntimeError(f"de meting kon het verhaal niet bewaren: {form.message.value}")
            times.append(form.saved_seconds)
            frame = form.store.frame
            floors.append(median_time(lambda f=frame: write_csv(f, base / "vloer.csv"), repeat=3))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return times, floors


def wall_refresh_times(repeat: int) -> tuple[list[float], list[float]]:
    """Seconds from a changed record to redrawn agreements, and the floor (read the record)."""
    from kit.apps.wall import load_wall
    from kit.apps.wall_widgets import StoryWall
    from kit.dialogue.record import LiveRecord, load_record
    from kit.synthetic.wall import prepare_demo

    base = Path(tempfile.mkdtemp(prefix="iids-bench-wand-")) / "demo"
    try:
        folder = prepare_demo(base, n=60)
        wall = StoryWall(load_wall(folder, base / "kluis"), live=False)
        path = wall.data.record_path
        times, floors = [], []
        for i in range(repeat):
            live = LiveRecord.load(path)
            live.add_agreement(f"Synthetische afspraak {i + 1} over een vervolgtafel", owner="gemeente",
                               due=date(2027, 5, 1).isoformat())
            live.save(path.parent, pseudonymise=lambda text: text)
            start = time.perf_counter()
            if not wall.check():
                raise RuntimeError("de wand zag de nieuwe afspraak niet")
            times.append(time.perf_counter() - start)
            floors.append(median_time(lambda: load_record(path), repeat=3))
    finally:
        shutil.rmtree(base.parent, ignore_errors=True)
    return times, floors


def run(quick: bool = False) -> list[Figure]:
    """The apps' figures."""
    repeat = 3 if quick else 7
    save, save_floor = form_save_times(repeat)
    refresh, refresh_floor = wall_refresh_times(repeat)
    kit_save, kit_refresh = statistics.median(save), statistics.median(refresh)
    return [
        Figure("verhaalformulier: van 'Bewaar' tot opgeslagen (pseudonimiseren, controleren, "
               "schrijven)", kit_save, statistics.median(save_floor), "alleen de tabel schrijven",
               "s", "≤ 2 s", kit_save <= 2.0, spread=(min(save), max(save)),
               limit=2.0),
        Figure("verhalenwand: nieuwe afspraak tot bijgewerkte wand (plus hoogstens 1 s tot de "
               "volgende controle)", kit_refresh, statistics.median(refresh_floor),
               "alleen het verslag lezen", "s", "≤ 1 s", kit_refresh <= 1.0,
               spread=(min(refresh), max(refresh)), limit=1.0),
    ]
