"""The demo's last stage: harvest the cohorts, the synthetic registry, the weegmoment report.

Reads ``ctx.results["courses"]`` (written by the grading stage); without it, it
builds two small synthetic courses of its own so the stage always runs. Puts
``report`` (the path of ``index.html``) in ``ctx.results``.
"""

from __future__ import annotations

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
    key = harvest_key(ctx.vault / "oogst-sleutel.key") if ctx.vault else harvest_key()
    cohorts = {}
    skipped = 0
    for label, course in courses.items():
        harvest = harvest_course(course, key=key, cohort=str(label))
        write_harvest(harvest, base / "oogst" / str(label))
        skipped += int(harvest.manifest.get("skipped", 0))
        for problem in harvest.problems[:3]:
            ctx.log(f"overgeslagen: {problem.line()}")
        cohorts[str(label)] = harvest
        ctx.log(f"cohort {label}: {harvest.manifest['students']} studenten, "
                f"{harvest.manifest['tables'].get('narratives', 0)} narratieven geoogst")
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
