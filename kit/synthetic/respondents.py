"""Synthetic respondents for the modules on exclusion (01) and belonging (03).

Everything here is invented for teaching and marked ``synthetic = True``; no
record describes a real person. Numbers are drawn with a seed, so every run of
a notebook shows the same people.

- :func:`reference_population` - a synthetic city population scored on the four
  dimensions of the SCP exclusion index (higher = more lacking, 0-10).
- :func:`exclusion_vignettes` - eight short, varied life stories with dimension
  values, each with a sentence the index cannot see.
- :func:`belonging_responses` - answers to a questionnaire key for a few groups,
  with some missing answers, for honest group comparisons with small numbers.

>>> population = reference_population(n=200, seed=1)
>>> len(population), bool(population["synthetic"].all())
(200, True)
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["reference_population", "exclusion_vignettes", "belonging_responses", "VIGNETTES"]

#: Eight synthetic people. Values per dimension run from 0 (nothing lacking) to 10.
VIGNETTES: tuple[dict, ...] = (
    {"person": "Marta", "group": "arbeidsmigrant",
     "situation": "Werkt via een uitzendbureau in de kassen, woont in een pension dat bij het werk "
                  "hoort, stuurt geld naar haar dochter in Polen. Speelt op zondag volleybal met collega's.",
     "material_deprivation": 6.5, "social_participation": 4.0, "social_rights": 8.5, "normative_integration": 2.0,
     "unseen": "Als ze haar baan verliest, verliest ze ook haar bed. Die afhankelijkheid zie je aan geen "
               "enkele dimensie."},
    {"person": "Dewi", "group": "sekswerker",
     "situation": "Werkt zelfstandig, verdient genoeg, heeft een vaste vriendengroep en houdt van haar "
                  "vrijheid. Haar bank zegde haar zakelijke rekening op zonder uitleg.",
     "material_deprivation": 2.0, "social_participation": 2.5, "social_rights": 9.5, "normative_integration": 6.0,
     "unseen": "Het index-totaal is laag, maar de schaamte die anderen haar opleggen en de weigering van "
               "de bank raken haar elke week."},
    {"person": "Wim", "group": "woonwageninwoner",
     "situation": "Woont al zijn hele leven op een standplaats, werkt als zelfstandig hovenier en zit "
                  "in de bewonerscommissie. Er komen al jaren geen nieuwe standplaatsen bij; zijn zoon moet wachten.",
     "material_deprivation": 5.0, "social_participation": 1.0, "social_rights": 8.0, "normative_integration": 7.5,
     "unseen": "Zijn familie en de buren op het woonwagenterrein zijn hecht; de uitsluiting zit in beleid en beeldvorming, niet in "
               "eenzaamheid."},
    {"person": "Samir", "group": "statushouder",
     "situation": "Kwam als vluchteling, werkte als apotheker, doet nu de inburgering en vrijwilligerswerk "
                  "bij een buurthuis. Zijn diploma wordt (nog) niet erkend.",
     "material_deprivation": 8.0, "social_participation": 7.5, "social_rights": 8.0, "normative_integration": 3.0,
     "unseen": "Hij wil vooral weer van betekenis zijn in zijn vak; een index telt wat ontbreekt, niet "
               "wat iemand kan."},
    {"person": "Kees", "group": "dak- en thuisloze man",
     "situation": "Raakte zijn huis kwijt na een scheiding en schulden, slaapt in de nachtopvang, heeft "
                  "geen postadres en dus moeite met zijn uitkering. Maakt grappen met de vaste ploeg.",
     "material_deprivation": 9.5, "social_participation": 8.0, "social_rights": 9.0, "normative_integration": 8.5,
     "unseen": "Zijn humor en de vriendschap in de opvang houden hem overeind; dat staat nergens in "
               "de score."},
    {"person": "Robin", "group": "LHBTIQ+",
     "situation": "Non-binaire student van 20, werkt in een cafe, heeft na de coming-out weinig contact "
                  "met de familie maar een sterke groep vrienden.",
     "material_deprivation": 4.5, "social_participation": 3.0, "social_rights": 3.5, "normative_integration": 5.5,
     "unseen": "Op straat voelt Robin zich soms onveilig. Dat gevoel meet de index niet."},
    {"person": "Nermin", "group": "migratieachtergrond",
     "situation": "Is 67, kwam in 1975 naar Den Haag, werkte dertig jaar in de schoonmaak, de laatste "
                  "tien als ploegleider. Zorgt elke dag voor een buurvrouw en zit in het bestuur van "
                  "een vrouwenvereniging. Digitale formulieren van instanties vult ze in met hulp.",
     "material_deprivation": 7.0, "social_participation": 8.5, "social_rights": 9.0, "normative_integration": 4.0,
     "unseen": "Dat instanties alles digitaal en in ambtelijke taal doen, maakt haar afhankelijk van "
               "anderen; dat is een drempel van de instanties, geen tekort van haar."},
    {"person": "Lotte", "group": "studiegenoot (vergelijking)",
     "situation": "Studeert Social Work, woont op kamers, werkt bijbaan in de zorg, heeft een studieschuld "
                  "en een druk sociaal leven.",
     "material_deprivation": 3.5, "social_participation": 1.5, "social_rights": 1.0, "normative_integration": 1.0,
     "unseen": "Ook een lage score zegt niet dat alles goed gaat; het zegt alleen dat het in deze vier "
               "vakjes niet zichtbaar is."},
)


def reference_population(n: int = 400, seed: int = 2026):
    """A synthetic city population on the four exclusion dimensions (0-10, higher = more lacking).

    The dimensions go together a little (a shared strain), as in real surveys.

    Args:
        n: number of synthetic residents.
        seed: random seed.

    Returns:
        A DataFrame with ``person``, the four dimension columns and ``synthetic``.

    >>> a = reference_population(n=50, seed=3)
    >>> b = reference_population(n=50, seed=3)
    >>> bool((a["social_rights"] == b["social_rights"]).all())
    True
    >>> float(a["material_deprivation"].min()) >= 0 and float(a["material_deprivation"].max()) <= 10
    True
    """
    import numpy as np
    import pandas as pd

    from kit.analysis.exclusion_index import DIMENSIONS

    rng = np.random.default_rng(seed)
    strain = rng.gamma(2.0, 1.0, size=n)
    data = {"person": [f"inwoner-{i + 1:03d}" for i in range(n)]}
    for d in DIMENSIONS:
        values = 0.25 * strain + rng.gamma(3.2, 1.05, size=n)
        data[d] = np.clip(np.round(values, 1), 0, 10)
    frame = pd.DataFrame(data)
    frame["synthetic"] = True
    return frame


def exclusion_vignettes():
    """The eight synthetic life stories of :data:`VIGNETTES` as a table.

    >>> table = exclusion_vignettes()
    >>> table.columns.tolist()[:3], len(table)
    (['person', 'group', 'situation'], 8)
    """
    import pandas as pd

    frame = pd.DataFrame([dict(v) for v in VIGNETTES])
    frame["synthetic"] = True
    return frame


def belonging_responses(key, group_sizes: Mapping[str, int], *, seed: int = 2026,
                        group_means: Mapping[str, float] | None = None, missing_rate: float = 0.05):
    """Synthetic answers to a questionnaire key, per group.

    Each respondent has a latent sense of belonging (around the group mean, on the
    response scale); answers follow it, reverse-scored items are answered the other
    way round, and a few answers are left empty.

    Args:
        key: a :class:`kit.analysis.scales.ScaleKey`.
        group_sizes: group label -> number of respondents.
        seed: random seed.
        group_means: group label -> mean position on the scale (default: the middle).
        missing_rate: share of answers left empty.

    Returns:
        A DataFrame with ``code``, ``groep``, one column per item (``<NA>`` = no answer)
        and ``synthetic``.

    >>> from kit.analysis.scales import load_key
    >>> table = belonging_responses(load_key("iids-erbij-horen"), {"A": 4, "B": 3}, seed=1)
    >>> table["groep"].value_counts().to_dict()
    {'A': 4, 'B': 3}
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    low, high = key.scale.min, key.scale.max
    middle = (low + high) / 2
    rows = []
    for group, size in group_sizes.items():
        centre = (group_means or {}).get(group, middle)
        for _ in range(int(size)):
            latent = rng.normal(centre, (high - low) / 5)
            row = {"code": f"R{len(rows) + 1:03d}", "groep": group}
            for item in key.items:
                value = int(np.clip(round(latent + rng.normal(0, (high - low) / 6)), low, high))
                value = key.scale.reverse(value) if item.reverse else value
                row[item.id] = pd.NA if rng.random() < missing_rate else value
            rows.append(row)
    frame = pd.DataFrame(rows)
    for item in key.items:
        frame[item.id] = frame[item.id].astype("Int64")
    frame["synthetic"] = True
    return frame
