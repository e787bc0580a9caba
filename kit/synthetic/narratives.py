"""A seeded generator of SYNTHETIC micro-narratives for teaching, tests, the demo and benchmarks.

The stories are Dutch and come from the communities the minor works with:
sekswerkers, Poolse en andere arbeidsmigranten, woonwageninwoners, dak- en
thuisloze mensen, LHBTIQ+ bewoners and vluchtelingen. They are built from
fragments in ``kit/data/synthetisch/verhalen.yaml`` (work, autonomy, humour,
stigma, banks, housing, police, neighbours, friendship, care) and answer the
default framework. Not only agency: a share of the stories with a negative tone tell of
coercion, exploitation or violence (theme ``dwang``), others carry doubt or mixed feelings,
and the tellers vary (male, trans and non-binary sex workers; seasonal and settled labour
migrants; young people, women, families and labour migrants without a home). That content
comes from a separate random stream per story, so the signifier answers, ids and the other
draws do not depend on it. Signifier answers differ by community and drift over time
(months since the first run of the minor in September 2021), and triads
cluster at corners, edge midpoints and the centre, as real SenseMaker data does.

With ``raw=True`` the same stories carry invented personal data (names,
phone numbers, addresses, e-mail, BSN, IBAN) from Faker's ``nl_NL``, ``pl_PL``,
``ro_RO`` and ``bg_BG`` locales, to be sent through the real pseudonymisation.
Every record has ``synthetic = true`` and its notes say "synthetisch".

>>> corpus = generate_corpus(12, seed=1)
>>> len(corpus), bool(corpus["synthetic"].all())
(12, True)
>>> corpus.equals(generate_corpus(12, seed=1))
True
>>> sorted(set(corpus["community"]))[0] in COMMUNITIES
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from kit.errors import InputError

__all__ = ["COMMUNITIES", "THEMES", "cohort_months", "generate_corpus", "story_themes",
           "narratives_or_synthetic"]

#: The communities of the synthetic corpus (values of ``community``).
COMMUNITIES = ("sekswerkers", "Poolse en andere arbeidsmigranten", "woonwageninwoners",
               "dak- en thuisloze mensen", "LHBTIQ+ bewoners", "vluchtelingen")
#: The themes a synthetic story is built around (named in its notes: "thema: ...").
THEMES = ("werk", "autonomie", "bank", "wonen", "stigma", "politie", "buren", "vriendschap",
          "humor", "zorg", "dwang")

_SHARE = (0.22, 0.22, 0.12, 0.16, 0.14, 0.14)
# Cluster positions of a triad: three corners, three edge midpoints, the centre.
_CLUSTERS = ((1, 0, 0), (0, 1, 0), (0, 0, 1), (.5, .5, 0), (.5, 0, .5), (0, .5, .5), (1 / 3, 1 / 3, 1 / 3))
# steun (ikzelf, eigen_kring, instanties): cluster weights per community, and their drift per 5 years.
_STEUN = {
    "sekswerkers": ((.32, .18, .04, .22, .06, .06, .12), (-.12, 0, .08, -.05, .12, .02, 0)),
    "Poolse en andere arbeidsmigranten": ((.2, .3, .08, .2, .05, .07, .1), (0, .05, .02, 0, 0, .03, 0)),
    "woonwageninwoners": ((.15, .45, .03, .2, .02, .05, .1), (0, .02, .03, 0, 0, .03, 0)),
    "dak- en thuisloze mensen": ((.2, .2, .25, .1, .1, .05, .1), (0, 0, .1, 0, .05, 0, 0)),
    "LHBTIQ+ bewoners": ((.2, .35, .08, .15, .05, .07, .1), (0, .05, .05, 0, 0, 0, 0)),
    "vluchtelingen": ((.1, .2, .35, .08, .1, .12, .05), (.15, .05, -.2, .05, .05, 0, 0)),
}
# draait_om (erkenning, veiligheid, zelf_kiezen): cluster weights per theme.
_DRAAIT_OM = {
    "werk": (.25, .05, .3, .05, .25, .02, .08), "autonomie": (.05, .03, .6, .02, .2, .05, .05),
    "bank": (.55, .05, .15, .05, .12, .03, .05), "wonen": (.1, .45, .1, .15, .02, .13, .05),
    "stigma": (.65, .1, .05, .1, .05, .02, .03), "politie": (.2, .5, .05, .15, .02, .05, .03),
    "buren": (.3, .25, .05, .2, .05, .05, .1), "vriendschap": (.3, .2, .1, .1, .1, .05, .15),
    "humor": (.2, .1, .2, .1, .1, .05, .25), "zorg": (.45, .2, .1, .1, .1, .02, .03),
}
# welkom: mean per community, drift per 5 years, adjustment per theme.
_WELKOM = {"sekswerkers": (.35, .15), "Poolse en andere arbeidsmigranten": (.45, .05),
           "woonwageninwoners": (.3, .05), "dak- en thuisloze mensen": (.3, .1),
           "LHBTIQ+ bewoners": (.6, -.1), "vluchtelingen": (.45, .15)}
_THEME_WELKOM = {"werk": .1, "autonomie": .05, "bank": -.15, "wonen": -.05, "stigma": -.25,
                 "politie": -.1, "buren": .05, "vriendschap": .25, "humor": .15, "zorg": 0}
# plekken: (veilig x, erbij y) per place, per community.
_PLEKKEN = {
    "sekswerkers": {"buurt": (.5, .45), "werk": (.7, .7), "gemeente": (.4, .25), "politie": (.35, .25), "bank": (.45, .1)},
    "Poolse en andere arbeidsmigranten": {"buurt": (.55, .35), "werk": (.45, .5), "gemeente": (.5, .3), "politie": (.6, .35), "bank": (.6, .4)},
    "woonwageninwoners": {"buurt": (.8, .85), "werk": (.55, .45), "gemeente": (.3, .15), "politie": (.35, .2), "bank": (.5, .35)},
    "dak- en thuisloze mensen": {"buurt": (.3, .3), "werk": (.5, .4), "gemeente": (.45, .3), "politie": (.3, .2), "bank": (.4, .15)},
    "LHBTIQ+ bewoners": {"buurt": (.5, .6), "werk": (.65, .6), "gemeente": (.65, .55), "politie": (.45, .45), "bank": (.7, .6)},
    "vluchtelingen": {"buurt": (.6, .45), "werk": (.6, .55), "gemeente": (.55, .4), "politie": (.65, .45), "bank": (.55, .4)},
}
_WHO = {"werk": ["collega's", "werkgever"], "autonomie": ["hulpverlening", "familie"], "bank": ["bank"],
        "wonen": ["woningcorporatie", "gemeente"], "stigma": ["onbekenden"], "politie": ["politie"],
        "buren": ["buren"], "vriendschap": ["vrienden"], "humor": ["gemeente", "vrienden"],
        "zorg": ["hulpverlening"]}
_OFTEN = {"stigma": (.1, .4, .5), "bank": (.3, .4, .3), "politie": (.3, .45, .25), "wonen": (.25, .4, .35)}
_POSITIVE = ("trots", "blij", "opgelucht", "geamuseerd")
_NEGATIVE = ("onverschillig", "verdrietig", "boos", "bang")
# Durations in words: "14 jaar" reads as an age to the privacy detectors.
_YEARS = ("twee", "drie", "vier", "vijf", "zes", "acht", "tien", "twaalf", "vijftien")
_ROLE = re.compile(r"\{P:([^}]+)\}")
_FIRST_RUN = 2021 * 12 + 8  # September 2021, as a month number


@lru_cache(maxsize=1)
def _fragments() -> dict[str, Any]:
    from kit.config import data_path
    from kit.io import read_yaml

    return read_yaml(data_path("synthetisch", "verhalen.yaml"))


def cohort_months(cohort: str) -> list[str]:
    """The months of a cohort of the minor (September to February).

    Args:
        cohort: a label ``"YYYY-YYYY"`` such as ``"2025-2026"``.

    Returns:
        Six months as ``YYYY-MM``.

    >>> cohort_months("2025-2026")
    ['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']
    >>> cohort_months("najaar")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: cohort 'najaar': een cohort heet jaar-jaar, bijvoorbeeld 2025-2026
    """
    match = re.fullmatch(r"(\d{4})-(\d{4})", cohort.strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise InputError("een cohort heet jaar-jaar, bijvoorbeeld 2025-2026", place=f"cohort '{cohort}'")
    start = int(match.group(1))
    return [f"{start}-{m:02d}" for m in (9, 10, 11, 12)] + [f"{start + 1}-{m:02d}" for m in (1, 2)]


def story_themes(notes: str) -> list[str]:
    """The themes a synthetic story was built around, read from its notes.

    >>> story_themes("synthetisch verhaal; thema: bank, stigma")
    ['bank', 'stigma']
    """
    match = re.search(r"thema: ([^;]+)", notes)
    return [t.strip() for t in match.group(1).split(",")] if match else []


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = [k for k, v in weights.items() if v > 0]
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _triad(np_rng, weights, n_points: int = 1):
    import numpy as np

    w = np.clip(np.asarray(weights, dtype=float), 0.005, None)
    cluster = np_rng.choice(len(_CLUSTERS), p=w / w.sum())
    alpha = 28 * np.asarray(_CLUSTERS[cluster]) + 0.7
    point = np_rng.dirichlet(alpha)
    return [round(float(v), 4) for v in point]


def _fix_sum(shares: list[float]) -> list[float]:
    shares[2] = round(1 - shares[0] - shares[1], 4)
    if shares[2] < 0:
        shares[1] = round(shares[1] + shares[2], 4)
        shares[2] = 0.0
    return shares


_CYRILLIC = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
                     ["a", "b", "v", "g", "d", "e", "zj", "z", "i", "j", "k", "l", "m", "n", "o", "p",
                      "r", "s", "t", "oe", "f", "ch", "ts", "tsj", "sj", "sjt", "a", "", "joe", "ja"], strict=True))


def _latin(text: str) -> str:
    """Write Bulgarian (Cyrillic) names in Latin letters, as a Dutch student would note them.

    >>> _latin("Мария Петрова")
    'Marija Petrova'
    """
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYRILLIC:
            latin = _CYRILLIC[low]
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)


_TONE = re.compile(r"^\[([+~-])\]\s*")


def _pick_event(rng: random.Random, story: dict[str, Any], community: str, tone: str,
                weight_own: int) -> str:
    """An event fragment of a theme whose tone fits the feeling (mixed or funny ones always fit)."""
    events = list(story.get("algemeen", [])) + weight_own * list(story.get("voor", {}).get(community, []))
    fitting = [e for e in events if _TONE.match(e) is None or _TONE.match(e).group(1) in (tone, "~")]
    return _TONE.sub("", rng.choice(fitting or events))


# Chance, per community, that a story with a negative tone is about coercion or exploitation.
_COERCION = {"sekswerkers": 0.3, "Poolse en andere arbeidsmigranten": 0.3, "dak- en thuisloze mensen": 0.2,
             "vluchtelingen": 0.1, "LHBTIQ+ bewoners": 0.1}


def _enrich(extra: random.Random, info: dict[str, Any], community: str, tone: str, parts: list[str],
            themes: list[str], starts_with_self: bool) -> tuple[list[str], list[str]]:
    """Vary the teller and add coercion or doubt, drawing only from ``extra`` (a stream of its own).

    >>> info = {"zelf": ["Ik werk."], "zelf_meer": ["Ik ben een man en werk als escort."],
    ...         "dwang": ["[-] Hij houdt mijn geld in."], "twijfel": ["[~] Ik twijfel."]}
    >>> parts, themes = _enrich(random.Random(1), info, "sekswerkers", "-", ["Ik werk.", "Iets."], ["werk"], True)
    >>> parts, themes
    (['Ik ben een man en werk als escort.', 'Hij houdt mijn geld in.', 'Iets.'], ['werk', 'dwang'])
    """
    parts, themes = list(parts), list(themes)
    if starts_with_self and info.get("zelf_meer") and extra.random() < 0.4:
        parts[0] = extra.choice(info["zelf_meer"])
    coercion, doubt = info.get("dwang") or [], info.get("twijfel") or []
    if tone == "-" and coercion and extra.random() < _COERCION.get(community, 0.0):
        parts.insert(1 if starts_with_self else 0, _TONE.sub("", extra.choice(coercion)))
        themes.append("dwang")
    elif doubt and extra.random() < 0.2:
        parts.insert(len(parts), _TONE.sub("", extra.choice(doubt)))
    return parts, themes


class _Personal:
    """Invented personal data from Faker, one generator per locale, seeded."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.fakers = {}
        for i, locale in enumerate(("nl_NL", "pl_PL", "ro_RO", "bg_BG")):
            faker = Faker(locale)
            faker.seed_instance(seed * 10 + i)
            self.fakers[locale] = faker

    def name(self, locale: str) -> str:
        faker = self.fakers[locale]
        return _latin(f"{faker.first_name()} {faker.last_name()}")

    def sentence(self, rng: random.Random, locale: str) -> str:
        nl, own = self.fakers["nl_NL"], self.fakers[locale]
        kind = rng.randrange(7)
        if kind == 0:
            return f"Je kunt me bereiken op {own.phone_number()}."
        if kind == 1:
            return f"Ik woon nu aan de {nl.street_name()} {rng.randint(1, 240)} in Den Haag."
        if kind == 2:
            return f"Mijn e-mailadres is {_latin(own.email())}."
        if kind == 3:
            return f"Ik ben geboren op {nl.date_of_birth(minimum_age=18, maximum_age=70).strftime('%d-%m-%Y')}."
        if kind == 4:
            return f"Mijn BSN is {nl.ssn()}."
        if kind == 5:
            return f"Het geld ging naar rekening {nl.iban()}."
        return f"Ik ben {_latin(own.first_name())} en ik ben {rng.randint(19, 68)} jaar."


def generate_corpus(n: int, seed: int = 2026, cohorts: Sequence[str] = ("2025-2026",),
                    raw: bool = False):
    """Generate ``n`` synthetic narratives answering the default framework.

    Args:
        n: number of narratives in total, shared evenly over the cohorts (1 to 200,000).
        seed: the seed; the same arguments always give the same table.
        cohorts: cohort labels ``"YYYY-YYYY"``; months fall in September-February.
        raw: add invented personal data (names, phone numbers, addresses) to the texts,
            to be pseudonymised before anything is stored.

    Returns:
        A typed DataFrame in store column order (as :func:`kit.narratives.store.load_narratives`
        returns it), ``synthetic`` true for every row.

    >>> raw = generate_corpus(30, seed=5, raw=True)
    >>> clean = generate_corpus(30, seed=5)
    >>> bool((raw["text"] != clean["text"]).any()), raw["id"].equals(clean["id"])
    (True, True)
    """
    import numpy as np
    import pandas as pd

    from kit.narratives.framework import default_framework
    from kit.narratives.schema import columns_for

    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 200_000:
        raise InputError("het aantal verhalen ligt tussen 1 en 200.000", place=f"n = {n!r}")
    cohorts = list(cohorts)
    if not cohorts:
        raise InputError("geef minstens één cohort", place="cohorts")
    months_by_cohort = {c: cohort_months(c) for c in cohorts}
    fw = default_framework()
    frag = _fragments()
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    personal = _Personal(seed) if raw else None
    pii_rng = random.Random(seed * 7919 + 1)  # separate, so raw and clean corpora match in all else
    steun = fw.signifier("steun")
    draait = fw.signifier("draait_om")
    plekken = fw.signifier("plekken")
    rows: list[dict[str, Any]] = []
    per_cohort = [n // len(cohorts) + (1 if i < n % len(cohorts) else 0) for i in range(len(cohorts))]
    for cohort, count in zip(cohorts, per_cohort, strict=False):
        short = cohort[2:4] + cohort[7:9]
        months = months_by_cohort[cohort]
        collectors = [f"S-{short}-{k:02d}" for k in range(1, 10)]
        participants: dict[str, list[str]] = {c: [] for c in COMMUNITIES}
        next_participant = 1
        for k in range(count):
            community = rng.choices(COMMUNITIES, weights=_SHARE)[0]
            info = frag["gemeenschappen"][community]
            pool = participants[community]
            if not pool or rng.random() < 0.55:
                pool.append(f"P-{short}-{next_participant:04d}")
                next_participant += 1
            participant = rng.choice(pool)
            month = rng.choice(months)
            year, mon = int(month[:4]), int(month[5:])
            t = max(0.0, (year * 12 + mon - 1 - _FIRST_RUN) / 60)
            theme = _weighted(rng, info["themas"])
            themes = [theme]
            locale = rng.choice(info["locales"])
            story = frag["themas"][theme]
            # welkom and the feeling that goes with it
            mean = _WELKOM[community][0] + _WELKOM[community][1] * t + _THEME_WELKOM[theme]
            mean = min(0.92, max(0.08, mean))
            welkom = round(float(np_rng.beta(mean * 6, (1 - mean) * 6)), 4)
            if theme == "humor":
                feeling = "geamuseerd" if rng.random() < 0.7 else rng.choice(_POSITIVE)
            elif rng.random() < welkom:
                feeling = rng.choice(_POSITIVE)
            else:
                feeling = rng.choices(_NEGATIVE, weights=(1, 1, 1, 2 if theme == "politie" else 0.7))[0]
            tone = "+" if feeling in _POSITIVE else "-"
            parts = []
            if rng.random() < 0.6:
                parts.append(rng.choice(info["zelf"]))
            parts.append(_pick_event(rng, story, community, tone, weight_own=2))
            if rng.random() < 0.35:
                second = rng.choice([x for x in THEMES if x != theme and info["themas"].get(x, 0) > 0])
                parts.append(_pick_event(rng, frag["themas"][second], community, tone, weight_own=1))
                themes.append(second)
            parts, themes = _enrich(random.Random(f"{seed}-{cohort}-{k}"), info, community, tone, parts,
                                    themes, starts_with_self=bool(parts) and parts[0] in info["zelf"])
            parts.append(rng.choice(frag["reacties"][feeling]))
            parts.append(rng.choice(frag["slotzinnen"]))
            text = " ".join(p for p in parts if p)
            place = rng.randrange(len(frag["plekken"]))
            place_name = frag["plekken"][place] if raw else frag["plekken_schoon"][place % len(frag["plekken_schoon"])]
            text = text.replace("{jaren}", rng.choice(_YEARS)).replace("{plek}", place_name)
            if personal is not None:
                text = _ROLE.sub(lambda m, loc=locale: f"{m.group(1)}, {personal.name(loc)},", text)
                if pii_rng.random() < 0.7:
                    text = f"{text} {personal.sentence(pii_rng, locale)}"
            else:
                text = _ROLE.sub(lambda m: m.group(1), text)
            text = text[0].upper() + text[1:]
            language = _weighted(rng, info["talen"])
            notes = f"synthetisch verhaal; thema: {', '.join(themes)}"
            if language != "nl":
                notes += f"; verteld in het {_LANGUAGE_NAMES.get(language, language)}, vertaald door de student"
            row: dict[str, Any] = {
                "id": f"N-{short}-{k + 1:05d}", "framework_id": fw.id, "framework_version": str(fw.version),
                "month": month, "setting": _weighted(rng, info["settings"]), "community": community,
                "collector": rng.choice(collectors), "participant": participant,
                "title": rng.choice(story["titels"]), "text": text, "language": language,
                "notes": notes, "synthetic": True,
            }
            weights, drift = _STEUN[community]
            shares = _fix_sum(_triad(np_rng, np.asarray(weights) + np.asarray(drift) * t))
            row.update({f"steun.{c.id}": v for c, v in zip(steun.corners, shares, strict=False)})
            if rng.random() < 0.85:
                shares = _fix_sum(_triad(np_rng, _DRAAIT_OM[theme]))
                row.update({f"draait_om.{c.id}": v for c, v in zip(draait.corners, shares, strict=False)})
            row["welkom"] = welkom
            if rng.random() < 0.85:
                mean_inv = min(0.9, max(0.1, 0.15 + 0.65 * row["steun.ikzelf"]))
                row["invloed"] = round(float(np_rng.beta(mean_inv * 5, (1 - mean_inv) * 5)), 4)
            if rng.random() < 0.7:
                for item in plekken.corners:
                    x, y = _PLEKKEN[community][item.id]
                    y = y + 0.1 * t if item.id in ("gemeente", "bank") and community == "sekswerkers" else y
                    row[f"plekken.{item.id}.x"] = round(min(1.0, max(0.0, x + float(np_rng.normal(0, 0.13)))), 4)
                    row[f"plekken.{item.id}.y"] = round(min(1.0, max(0.0, y + float(np_rng.normal(0, 0.13)))), 4)
            row["gevoel"] = feeling
            if rng.random() < 0.9:
                who = list(_WHO[theme])[: rng.randint(1, len(_WHO[theme]))]
                for _ in range(rng.randint(0, 2)):
                    extra_who = rng.choice(fw.signifier("wie").options)
                    if extra_who not in who:
                        who.append(extra_who)
                row["wie"] = "|".join(o for o in fw.signifier("wie").options if o in who)
            if rng.random() < 0.8:
                row["hoe_vaak"] = rng.choices(fw.signifier("hoe_vaak").options,
                                              weights=_OFTEN.get(theme, (.35, .45, .2)))[0]
            rows.append(row)
    frame = pd.DataFrame(rows)
    for column in columns_for(fw):
        if column not in frame:
            frame[column] = np.nan if column not in fw.kinds() or fw.kinds()[column] != "keuze" else ""
    for s in fw.signifiers:
        if s.kind == "keuze":
            frame[s.id] = frame[s.id].fillna("").astype("string")
        else:
            for column in s.columns():
                frame[column] = frame[column].astype("float64")
    text_columns = [c for c in columns_for(fw)[:12]]
    for column in text_columns:
        frame[column] = frame[column].astype("string")
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame[columns_for(fw)].reset_index(drop=True)


_LANGUAGE_NAMES = {"en": "Engels", "pl": "Pools", "ro": "Roemeens", "bg": "Bulgaars", "ar": "Arabisch",
                   "ti": "Tigrinya"}


def narratives_or_synthetic(folder="mijn-werk", *, n: int = 300, seed: int = 8):
    """Your own narratives when ``folder`` holds a ``narratieven.csv``, else ``n`` synthetic ones.

    Prints which of the two it is, so a student always knows what the tables are about.

    Returns:
        The narratives table.

    >>> import tempfile
    >>> len(narratives_or_synthetic(tempfile.mkdtemp(), n=20))
    Geen eigen narratieven gevonden: je werkt met 20 synthetische verhalen.
    20
    """
    from pathlib import Path

    from kit.narratives.store import load_narratives

    if (Path(folder) / "narratieven.csv").is_file():
        table = load_narratives(folder)
        print(f"Je werkt met je eigen narratieven: {len(table)} verhalen.")
        return table
    print(f"Geen eigen narratieven gevonden: je werkt met {n} synthetische verhalen.")
    return generate_corpus(n, seed=seed)
