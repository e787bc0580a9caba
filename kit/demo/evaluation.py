"""The demo's last stage: harvest the cohorts, the synthetic registry, the weegmoment report.

Reads ``ctx.results["courses"]`` (written by the grading stage); without it, it
builds two small synthetic courses of its own so the stage always runs. Puts
``report`` (the path of ``index.html``) in ``ctx.results``.
"""

from __future__ import annotations

import contextlib
import io

__all__ = ["demo_stage", "demo_report"]


def demo_stage(ctx) -> str:
    """Harvest every cohort, write the synthetic registry and the report under ``ctx.out``.

    Returns:
        A one-line Dutch summary.
    """
    import warnings

    from kit.evaluation.harvest import harvest_course, harvest_key, write_harvest
    from kit.synthetic.registry import synthetic_registry

    base = ctx.out / "evaluatie"
    courses = ctx.results.get("courses")
    if not courses:
        from kit.synthetic.cohorts import build_synthetic_courses

        ctx.log("geen cursusmappen van de beoordelingsstap: eigen synthetische cohorten")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            courses = build_synthetic_courses(base / "cursussen", list(ctx.cohorts),
                                              students=12, seed=ctx.seed,
                                              narratives_per_student=4 if ctx.quick else 10)
    from kit.evaluation.harvest import ERROR

    key_file = ctx.vault / "oogst-sleutel.key" if ctx.vault else None
    if key_file is not None and not key_file.exists():
        ctx.log("nieuwe sleutel voor de pseudoniemen van de studenten in de kluis van de demo")
    with contextlib.redirect_stderr(io.StringIO()):  # the harvest's notice of a new key: above
        key = harvest_key(key_file) if key_file is not None else harvest_key()
    cohorts = {}
    skipped = 0
    for label, course in courses.items():
        folder = base / "oogst" / str(label)
        again = (folder / "oogst.yaml").is_file()
        harvest = harvest_course(course, key=key, cohort=str(label))
        write_harvest(harvest, folder)
        skipped += int(harvest.manifest.get("skipped", 0))
        errors = [p for p in harvest.problems if p.severity == ERROR]
        for problem in errors[:3]:  # a file that was not harvested (e.g. refused by the scan)
            ctx.log(f"overgeslagen: {problem.line()}")
        notes = len(harvest.problems) - len(errors)
        cohorts[str(label)] = harvest
        ctx.log(f"cohort {label}: {harvest.manifest['students']} studenten, "
                f"{harvest.manifest['tables'].get('narratives', 0)} narratieven geoogst"
                + (" (opnieuw: de oogst van een eerdere run is vervangen)" if again else "")
                + (f"; {notes} {'melding' if notes == 1 else 'meldingen'} in problems.csv"
                   if notes else ""))
    index = demo_report(cohorts, synthetic_registry(seed=ctx.seed), base, vault=ctx.vault)
    ctx.results["report"] = index
    return (f"{len(cohorts)} cohorten geoogst ({skipped} {'bestand' if skipped == 1 else 'bestanden'} overgeslagen), synthetisch register, "
            f"weegmomentrapport in {index}")


def demo_report(cohorts: dict, tables: dict, base, *, vault=None):
    """Write the registry's workbook under ``base`` and publish the weegmoment report from it
    and ``cohorts`` through the egress gate, as ``iids evaluate`` does
    (:func:`kit.evaluation.report.publish_report`: no fallback, a refusal stops the demo).

    Returns:
        The path of ``index.html``.
    """
    from kit.evaluation.registry import read_registry
    from kit.evaluation.report import publish_report
    from kit.evaluation.workbook import write_registry

    registry_path = write_registry(tables, base / "werkplaats-register-synthetisch.xlsx")
    return publish_report(cohorts, read_registry(registry_path), base / "rapport", vault=vault)
