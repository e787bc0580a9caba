"""A SYNTHETIC Werkplaats registry for the demo, the benchmarks, the tests and the evaluation
notebooks' example: seeded, every row marked ``bron = synthetisch``.

>>> tables = synthetic_registry(seed=1, participants=10, activities=4)
>>> sorted(tables)[:2], set(tables["Deelnemers"]["bron"])
(['Activiteiten', 'Criteria'], {'synthetisch'})
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from kit.config import data_path
from kit.evaluation.registry import (
    ACTIVITY_TYPES,
    PARTY_TYPES,
    SELECTION_LEVELS,
    SHEETS,
    WAYS_OF_TAKING_PART,
)
from kit.evaluation.theory import default_theory
from kit.io import read_yaml

__all__ = ["synthetic_registry"]

SHEET_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def synthetic_registry(*, seed: int = 2026, start: str = "2023-01-09",
                       participants: int = 240, activities: int = 36) -> dict[str, Any]:
    """A synthetic, seeded registry for the demo and the tests (every row marked synthetic).

    Args:
        seed: random seed.
        start: first day of the project.
        participants: number of participant rows.
        activities: number of activities over two years.

    Returns:
        ``{sheet name: DataFrame}`` that :func:`kit.evaluation.workbook.write_registry` can write.

    >>> tables = synthetic_registry(seed=1, participants=10, activities=4)
    >>> sorted(tables)[:2], set(tables["Deelnemers"]["bron"])
    (['Activiteiten', 'Criteria'], {'synthetisch'})
    """
    import pandas as pd

    rng = random.Random(seed)
    day0 = dt.date.fromisoformat(start)
    pieces = read_yaml(data_path("register", "synthetisch.yaml"))

    def day(offset: int) -> str:
        return (day0 + dt.timedelta(days=offset)).isoformat()

    party_weights_y1 = [5, 4, 4, 3, 3, 1]
    party_weights_y2 = [4, 4, 4, 4, 6, 2]
    people = []
    for i in range(participants):
        offset = rng.randrange(0, 700)
        weights = party_weights_y1 if offset < 365 else party_weights_y2
        party = rng.choices(PARTY_TYPES, weights=weights)[0]
        way = rng.choices(WAYS_OF_TAKING_PART, weights=[6, 2, 3, 1, 2, 2])[0]
        end = day(offset + rng.randrange(120, 500)) if rng.random() < 0.3 else ""
        people.append({"code": f"D{i + 1:03d}", "partij_type": party,
                       "organisatie": {"gemeente": "Gemeente Den Haag",
                                       "onderwijs en onderzoek": "De Haagse Hogeschool",
                                       "zorg en welzijn": "SHOP"}.get(party, ""),
                       "vorm": way, "van": day(offset),
                       "tot": end if end and end < day(730) else "", "bron": "synthetisch"})
    titles = [(p["titel"], p["type"], p["herkomst"]) for p in pieces["deelprojecten"]]
    projects = []
    codes = [p["code"] for p in people]
    for i, (title, kind, origin) in enumerate(titles):
        begin = rng.randrange(0, 500)
        status = "afgerond" if begin < 200 and rng.random() < 0.5 else rng.choice(["lopend", "lopend", "idee"])
        projects.append({
            "id": f"DP{i + 1:02d}", "titel": title, "type": kind, "status": status,
            "herkomst_vraag": origin,
            "partners": ";".join(sorted(rng.sample(codes, k=min(len(codes), rng.randrange(2, 6))))),
            "rol_community": rng.choice(["initiatiefnemer", "mede-eigenaar", "partner"] if origin == "community"
                                        else ["adviseur", "deelnemer", "partner"]),
            "start": day(begin), "eind": day(begin + 240) if status == "afgerond" else "",
            "wijziging": pieces["koerswijziging"] if i % 3 == 1 else "",
            "bron": "synthetisch"})
    acts = []
    for i in range(activities):
        offset = int((i + rng.random()) * 720 / activities)
        kind = rng.choices(ACTIVITY_TYPES, weights=[4, 3, 2, 1, 2])[0]
        second = offset >= 365
        acts.append({"id": f"A{i + 1:03d}", "soort": kind, "datum": day(offset),
                     "deelproject": rng.choice([p["id"] for p in projects] + [""]),
                     "opkomst_gemeente": rng.randrange(3, 15),
                     "opkomst_onderwijs_onderzoek": rng.randrange(4, 20),
                     "opkomst_zorg_welzijn": rng.randrange(2, 14),
                     "opkomst_burgers": rng.randrange(0, 8) + (3 if second else 0),
                     "opkomst_community": rng.randrange(1, 10) + (6 if second else 0),
                     "opkomst_bedrijfsleven": rng.randrange(0, 4),
                     "thema": rng.choice(pieces["activiteit_themas"]),
                     "bron": "synthetisch"})
    products = []
    kinds = [("Onderzoek", "rapport"), ("Ondersteuning", "advies"), ("Ontwikkeling", "methodiek"),
             ("Ontwikkeling", "werkvorm"), ("Onderwijs", "onderwijsmodule"), ("Onderzoek", "boek")]
    for i in range(14):
        o, kind = kinds[i % len(kinds)]
        products.append({"id": f"P{i + 1:02d}", "titel": f"{kind.capitalize()} {i + 1} (synthetisch)",
                         "o": o, "soort": kind, "datum": day(rng.randrange(60, 720)),
                         "deelproject": rng.choice([p["id"] for p in projects]),
                         "gebruikt_in_onderwijs": "ja" if o == "Onderwijs" or rng.random() < 0.3 else "nee",
                         "bron": "synthetisch"})
    stories = []
    for i in range(len(pieces["msc_verhalen"])):  # every story once: no text told twice
        half = 1 + i % 4
        selected = "ja" if i % 3 == 0 else "nee"
        stories.append({"id": f"V{i + 1:02d}",
                        "domein": pieces["msc_domeinen"][i % len(pieces["msc_domeinen"])],
                        "periode": f"{day0.year + (half - 1) // 2}-H{1 + (half - 1) % 2}",
                        "titel": f"Verhaal {i + 1}",
                        "verhaal": pieces["msc_verhalen"][i],
                        "niveau_selectie": rng.choice(SELECTION_LEVELS[:3]),
                        "geselecteerd": selected,
                        "reden": pieces["msc_reden"] if selected == "ja" else "",
                        "bron": "synthetisch"})
    criteria = [{**c, "drempel": None if c.get("drempel") is None else float(c["drempel"]),
                 "toelichting": c.get("toelichting") or "", "bron": "synthetisch"}
                for c in pieces["criteria"]]
    frames = {
        "Deelnemers": people, "Deelprojecten": projects, "Activiteiten": acts,
        "Producten": products, "MSC-verhalen": stories, "Criteria": criteria,
    }
    acts_by_kind = {}
    for act in acts:
        acts_by_kind[act["soort"]] = acts_by_kind.get(act["soort"], 0) + 1
    realised = {"G01": len(acts), "G02": len(projects),
                "G03": sum(p["soort"] == "onderwijsmodule" for p in products),
                "G04": acts_by_kind.get("dialoogtafel", 0)}
    frames["Project"] = [{**pieces["project"], "bron": "synthetisch"}]
    frames["Planning"] = [{**row, "gepland": float(row["gepland"]),
                           "gerealiseerd": float(realised[row["id"]]),
                           "toelichting": row.get("toelichting") or "", "bron": "synthetisch"}
                          for row in pieces["planning"]]
    budget = []
    for year in (day0.year, day0.year + 1):
        for row in pieces["uren_budget"]:
            spent = 0.8 + 0.3 * rng.random()
            budget.append({"jaar": year, "post": row["post"], "uren_begroot": float(row["uren"]),
                           "uren_besteed": float(round(row["uren"] * spent)),
                           "budget_begroot": float(row["euro"]),
                           "budget_besteed": float(round(row["euro"] * spent, -2)),
                           "toelichting": "", "bron": "synthetisch"})
    frames["Uren en budget"] = budget
    frames["Reflectie"] = [{**row, "datum": day(700 + 7 * i), "bron": "synthetisch"}
                           for i, row in enumerate(pieces["reflectie"])]
    frames["Lessen"] = [{"gevolg": "", "partij_type": "", "doel": "", **row,
                         "datum": day(330 + 200 * i), "bron": "synthetisch"}
                        for i, row in enumerate(pieces["lessen"])]
    tables = {name: pd.DataFrame(rows, columns=[c.name for c in SHEET_BY_NAME[name].columns])
              for name, rows in frames.items()}
    theory = default_theory().copy()
    theory["bron"] = "synthetisch"
    tables["Veranderingstheorie"] = theory
    return tables
