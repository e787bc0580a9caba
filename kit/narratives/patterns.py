"""Pure functions for the first pattern analysis of narratives (tables in, tables out).

Triad answers are barycentric points ``(top, left, right)``: three shares that
add up to 1, in the order of the framework's corners (the same order mpltern
uses: top, left, right). The functions here filter stories, find the stories
in a region of a triad ("stories like these": a corner, an edge, the centre or
a drawn polygon), compare a prediction with the data ("predict first"), and
warn when a group is too small for a pattern to mean anything.

>>> click_to_barycentric(150, 20)        # the top corner of the default picture
(1.0, 0.0, 0.0)
>>> region_of((0.34, 0.33, 0.33))
'midden'
>>> small_group_warning(12, "sekswerkers")[:40]
'Let op: de groep sekswerkers heeft maar '
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kit.errors import InputError

__all__ = [
    "MIN_GROUP",
    "PICTURE",
    "triangle_vertices",
    "click_to_barycentric",
    "barycentric_to_xy",
    "triad_points",
    "region_of",
    "region_mask",
    "position_counts",
    "filter_narratives",
    "stories_like_these",
    "group_sizes",
    "small_group_warning",
    "group_warnings",
    "dyad_summary",
    "triad_means",
    "compare_prediction",
]

#: Below this many stories a group's pattern is mostly noise (about 50 stories can look random).
MIN_GROUP = 50
#: Default picture of a triad picker: width, height and margin in pixels.
PICTURE = (300, 280, 20)
_CORNER = 0.6
_EDGE_FAR = 0.15
_CENTRE_MAX = 0.47


def triangle_vertices(width: float = PICTURE[0], height: float = PICTURE[1],
                      margin: float = PICTURE[2]) -> tuple[tuple[float, float], ...]:
    """Pixel positions (x to the right, y downwards) of the top, left and right corners.

    >>> triangle_vertices(300, 280, 20)
    ((150.0, 20.0), (20.0, 260.0), (280.0, 260.0))
    """
    w, h, m = float(width), float(height), float(margin)
    return ((w / 2, m), (m, h - m), (w - m, h - m))


def click_to_barycentric(x: float, y: float, width: float = PICTURE[0], height: float = PICTURE[1],
                         margin: float = PICTURE[2], decimals: int = 2) -> tuple[float, float, float]:
    """Turn a click at pixel ``(x, y)`` in a triad picture into shares (top, left, right).

    A click outside the triangle is moved to the nearest point on its edge.

    Args:
        x, y: the click, in pixels from the top-left of the picture.
        width, height, margin: the picture (see :func:`triangle_vertices`).
        decimals: rounding of the shares (they still add up to exactly 1).

    Returns:
        Three shares between 0 and 1 that add up to 1.

    >>> click_to_barycentric(20, 260)
    (0.0, 1.0, 0.0)
    >>> click_to_barycentric(150, 180)
    (0.33, 0.33, 0.34)
    >>> click_to_barycentric(400, 300)   # outside: nearest corner
    (0.0, 0.0, 1.0)
    """
    (x1, y1), (x2, y2), (x3, y3) = triangle_vertices(width, height, margin)
    det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3)
    a = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / det
    b = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / det
    shares = [a, b, 1 - a - b]
    if min(shares) < 0:
        shares = _nearest_on_triangle(x, y, ((x1, y1), (x2, y2), (x3, y3)))
    return _round_shares(shares, decimals)


def _nearest_on_triangle(x: float, y: float, corners) -> list[float]:
    best: tuple[float, list[float]] | None = None
    for i, j in ((0, 1), (1, 2), (0, 2)):
        (ax, ay), (bx, by) = corners[i], corners[j]
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        dist = (px - x) ** 2 + (py - y) ** 2
        shares = [0.0, 0.0, 0.0]
        shares[i], shares[j] = 1 - t, t
        if best is None or dist < best[0]:
            best = (dist, shares)
    assert best is not None
    return best[1]


def _round_shares(shares: Sequence[float], decimals: int) -> tuple[float, float, float]:
    a = round(min(1.0, max(0.0, shares[0])), decimals)
    b = round(min(1.0 - a, max(0.0, shares[1])), decimals)
    return (a + 0.0, b + 0.0, round(1.0 - a - b, decimals) + 0.0)


def barycentric_to_xy(shares: Sequence[float], width: float = PICTURE[0], height: float = PICTURE[1],
                      margin: float = PICTURE[2]) -> tuple[float, float]:
    """The pixel position of shares (top, left, right) in a triad picture (inverse of the click).

    >>> barycentric_to_xy((0, 0.5, 0.5))
    (150.0, 260.0)
    """
    corners = triangle_vertices(width, height, margin)
    total = sum(shares)
    if total <= 0:
        raise InputError("een punt in de driehoek heeft aandelen die samen 1 zijn", place="triade")
    x = sum(s * c[0] for s, c in zip(shares, corners, strict=False)) / total
    y = sum(s * c[1] for s, c in zip(shares, corners, strict=False)) / total
    return (round(x, 2), round(y, 2))


def _triad_columns(framework, signifier_id: str) -> list[str]:
    try:
        s = framework.signifier(signifier_id)
    except KeyError:
        raise InputError(f"het kader '{framework.id}' kent geen signifier '{signifier_id}'",
                         place="signifier") from None
    if s.kind != "triade":
        raise InputError(f"'{signifier_id}' is een {s.kind}, geen triade", place="signifier")
    return s.columns()


def triad_points(frame, framework, signifier_id: str):
    """The answered points of a triad as an ``n x 3`` array (rows without an answer dropped).

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> triad_points(generate_corpus(20, seed=2), default_framework(), "steun").shape
    (20, 3)
    """
    columns = _triad_columns(framework, signifier_id)
    values = frame[columns].to_numpy(dtype="float64")
    return values[~(values != values).any(axis=1)]


def region_of(shares: Sequence[float]) -> str:
    """Where a point lies: ``hoek`` (corner), ``rand`` (edge), ``midden`` (centre) or ``tussenin``.

    A corner holds points with one share of at least 0.6; an edge, points near its
    midpoint (the far corner at most 0.15, both others at least 0.25); the centre,
    points with no share above 0.47.

    >>> region_of((0.8, 0.1, 0.1)), region_of((0.45, 0.5, 0.05)), region_of((0.5, 0.3, 0.2))
    ('hoek', 'rand', 'tussenin')
    """
    top = max(shares)
    low = min(shares)
    if top >= _CORNER:
        return "hoek"
    if top <= _CENTRE_MAX:
        return "midden"
    others = sorted(shares)[1:]
    if low <= _EDGE_FAR and others[0] >= 0.25:
        return "rand"
    return "tussenin"


def _polygon_mask(points, polygon: Sequence[Sequence[float]]):
    import numpy as np
    from matplotlib.path import Path

    if len(polygon) < 3:
        raise InputError("een getekend gebied heeft minstens drie hoekpunten", place="gebied")
    corners = np.array(triangle_vertices(1.0, math.sqrt(3) / 2, 0.0))
    shares = np.asarray(polygon, dtype="float64")
    if shares.ndim != 2 or shares.shape[1] != 3:
        raise InputError("elk hoekpunt van een gebied heeft drie aandelen", place="gebied")
    vertices = (shares / shares.sum(axis=1, keepdims=True)) @ corners
    xy = points @ corners
    path = Path(vertices)
    # Points on the border (a share of exactly 0) count as inside; the sign of the radius
    # that widens a path depends on its orientation, so try both.
    return path.contains_points(xy, radius=1e-6) | path.contains_points(xy, radius=-1e-6)


def region_mask(points, region: str | Sequence[Sequence[float]], corner_ids: Sequence[str] = ()):
    """Which points lie in a region of the triad.

    Args:
        points: ``n x 3`` shares (top, left, right).
        region: ``"hoek:<corner>"``, ``"rand:<corner>-<corner>"``, ``"midden"``, or a polygon
            as a list of at least three points (shares).
        corner_ids: the corner ids in order (to read ``<corner>``); numbers ``0``-``2`` also work.

    Returns:
        A boolean array.

    >>> import numpy as np
    >>> pts = np.array([[0.9, 0.05, 0.05], [0.05, 0.5, 0.45], [0.34, 0.33, 0.33]])
    >>> region_mask(pts, "hoek:a", ["a", "b", "c"]).tolist()
    [True, False, False]
    >>> region_mask(pts, "rand:b-c", ["a", "b", "c"]).tolist()
    [False, True, False]
    >>> region_mask(pts, [(0.5, 0.25, 0.25), (0.2, 0.6, 0.2), (0.2, 0.2, 0.6)]).tolist()
    [False, False, True]
    """
    import numpy as np

    points = np.asarray(points, dtype="float64").reshape(-1, 3)
    if not isinstance(region, str):
        return _polygon_mask(points, region)

    def index(name: str) -> int:
        if name in corner_ids:
            return list(corner_ids).index(name)
        if name in {"0", "1", "2"}:
            return int(name)
        raise InputError(f"'{name}' is geen hoek van deze triade"
                         + (f" (kies uit {', '.join(corner_ids)})" if corner_ids else ""), place="gebied")

    kind, _, rest = region.partition(":")
    if kind == "midden":
        return points.max(axis=1) <= _CENTRE_MAX
    if kind == "hoek":
        return points[:, index(rest)] >= _CORNER
    if kind == "rand":
        names = rest.split("-")
        if len(names) != 2:
            raise InputError("een rand noem je met twee hoeken, bijvoorbeeld rand:ikzelf-eigen_kring",
                             place="gebied")
        i, j = index(names[0]), index(names[1])
        far = 3 - i - j
        if i == j or far not in (0, 1, 2):
            raise InputError("kies twee verschillende hoeken voor een rand", place="gebied")
        return (points[:, far] <= _EDGE_FAR) & (points[:, i] >= 0.25) & (points[:, j] >= 0.25)
    raise InputError(f"onbekend gebied '{region}': gebruik hoek:..., rand:...-..., midden of een "
                     "lijst met punten", place="gebied")


def position_counts(frame, framework, signifier_id: str) -> dict[str, int]:
    """How many answers lie at a corner, on an edge, in the centre, or in between.

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> counts = position_counts(generate_corpus(200, seed=4), default_framework(), "steun")
    >>> sum(counts.values()), counts["hoek"] > counts["tussenin"]
    (200, True)
    """
    counts = {"hoek": 0, "rand": 0, "midden": 0, "tussenin": 0}
    for point in triad_points(frame, framework, signifier_id):
        counts[region_of(point)] += 1
    return counts


def filter_narratives(frame, framework=None, **criteria: Any):
    """Keep the stories that meet every criterion.

    Criteria are column names (``community``, ``setting``, ``language`` ...) with one value
    or a list of values; ``month_from``/``month_to`` (``YYYY-MM``); and multiple-choice
    signifiers, which match when the answer contains one of the values.

    >>> from kit.synthetic.narratives import generate_corpus
    >>> c = generate_corpus(100, seed=3)
    >>> f = filter_narratives(c, community="sekswerkers", wie="bank")
    >>> bool((f["community"] == "sekswerkers").all()), bool(f["wie"].str.contains("bank").all())
    (True, True)
    """
    import pandas as pd

    mask = pd.Series(True, index=frame.index)
    choice = set() if framework is None else {s.id for s in framework.of_kind("keuze")}
    for key, wanted in criteria.items():
        if wanted is None or wanted == [] or wanted == "":
            continue
        if key == "month_from":
            mask &= frame["month"] >= wanted
            continue
        if key == "month_to":
            mask &= frame["month"] <= wanted
            continue
        if key not in frame.columns:
            raise InputError(f"er is geen kolom '{key}' om op te filteren", place="filter")
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        multi = key in choice or (framework is None and
                                  frame[key].astype("string").str.contains("|", regex=False).any())
        if multi:
            parts = frame[key].astype("string").fillna("").str.split("|")
            mask &= parts.map(lambda xs, vs=values: any(v in xs for v in vs)).astype(bool)
        else:
            mask &= frame[key].isin(values)
    return frame[mask]


def stories_like_these(frame, framework, signifier_id: str, region: str | Sequence[Sequence[float]],
                       columns: Sequence[str] = ("id", "community", "month", "title", "text")):
    """The stories whose answer on a triad lies in a region ("meer verhalen zoals deze").

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> c = generate_corpus(150, seed=8)
    >>> found = stories_like_these(c, default_framework(), "steun", "hoek:instanties")
    >>> bool((found["steun.instanties"] >= 0.6).all()), len(found) > 0
    (True, True)
    """
    s = framework.signifier(signifier_id)
    point_columns = _triad_columns(framework, signifier_id)
    answered = frame.dropna(subset=point_columns)
    mask = region_mask(answered[point_columns].to_numpy(dtype="float64"), region,
                       [c.id for c in s.corners])
    keep = [c for c in columns if c in frame.columns] + point_columns
    return answered.loc[mask, keep]


def group_sizes(frame, by: str) -> dict[str, int]:
    """Number of stories per group, largest first.

    >>> import pandas as pd
    >>> group_sizes(pd.DataFrame({"community": ["a", "b", "a"]}), "community")
    {'a': 2, 'b': 1}
    """
    counts = frame[by].astype("string").fillna("(leeg)").value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def small_group_warning(size: int, group: str, minimum: int = MIN_GROUP) -> str | None:
    """A Dutch warning when a group is too small for its pattern to mean much (else ``None``).

    >>> small_group_warning(80, "x") is None
    True
    """
    if size >= minimum:
        return None
    return (f"Let op: de groep {group} heeft maar {size} verhalen (minder dan {minimum}). "
            "Met zo weinig verhalen lijkt toeval al snel op een patroon; trek geen conclusies "
            "en verzamel eerst meer verhalen.")


def group_warnings(frame, by: str, minimum: int = MIN_GROUP) -> list[str]:
    """Warnings for every group in ``by`` that is too small.

    >>> import pandas as pd
    >>> len(group_warnings(pd.DataFrame({"g": ["a"] * 60 + ["b"] * 5}), "g"))
    1
    """
    return [w for g, n in group_sizes(frame, by).items()
            if (w := small_group_warning(n, g, minimum)) is not None]


def dyad_summary(frame, framework, signifier_id: str, by: str | None = None):
    """Count, quartiles and mean of a dyad, per group.

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> t = dyad_summary(generate_corpus(120, seed=3), default_framework(), "welkom", by="community")
    >>> list(t.columns)
    ['aantal', 'gemiddelde', 'kwartiel_1', 'mediaan', 'kwartiel_3']
    """
    import pandas as pd

    s = framework.signifier(signifier_id)
    if s.kind != "dyade":
        raise InputError(f"'{signifier_id}' is een {s.kind}, geen dyade", place="signifier")
    data = frame[[signifier_id] + ([by] if by else [])].dropna(subset=[signifier_id])
    groups = data.groupby(by, observed=True)[signifier_id] if by else {"alle verhalen": data[signifier_id]}.items()
    rows = {}
    for name, values in groups:
        rows[name] = {"aantal": int(values.count()), "gemiddelde": round(float(values.mean()), 3),
                      "kwartiel_1": round(float(values.quantile(0.25)), 3),
                      "mediaan": round(float(values.median()), 3),
                      "kwartiel_3": round(float(values.quantile(0.75)), 3)}
    return pd.DataFrame.from_dict(rows, orient="index")


def triad_means(frame, framework, signifier_id: str, by: str | None = None):
    """The mean point of a triad, per group (shares per corner, plus the count).

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> m = triad_means(generate_corpus(100, seed=3), default_framework(), "steun")
    >>> round(float(m.iloc[0, :3].sum()), 6)
    1.0
    """
    import pandas as pd

    columns = _triad_columns(framework, signifier_id)
    data = frame.dropna(subset=columns)
    if by:
        table = data.groupby(by, observed=True)[columns].mean()
        table["aantal"] = data.groupby(by, observed=True).size()
    else:
        table = pd.DataFrame([data[columns].mean()], index=["alle verhalen"])
        table["aantal"] = len(data)
    table.columns = [c.split(".", 1)[1] if "." in c else c for c in table.columns]
    return table


def compare_prediction(prediction: Sequence[float], frame, framework, signifier_id: str,
                       radius: float = 0.2) -> dict[str, Any]:
    """Compare where a student expected the stories with where they are ("predict first").

    Args:
        prediction: the expected point (shares top, left, right).
        frame: the stories.
        radius: a story counts as "near" when its distance to the prediction is at most this
            (in shares; 0.2 is about a fifth of an edge).

    Returns:
        ``afstand`` (distance from the prediction to the mean point), ``dichtbij`` (share of
        stories near the prediction), ``gemiddelde`` (the mean point), ``aantal`` and a Dutch
        ``uitleg``.

    >>> import pandas as pd
    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> data = pd.DataFrame({"steun.ikzelf": [0.8, 0.7], "steun.eigen_kring": [0.1, 0.2],
    ...                      "steun.instanties": [0.1, 0.1]})
    >>> result = compare_prediction((0.75, 0.15, 0.1), data, fw, "steun")
    >>> result["dichtbij"], result["aantal"]
    (1.0, 2)
    """
    import numpy as np

    if len(prediction) != 3 or abs(sum(prediction) - 1) > 0.02 or min(prediction) < 0:
        raise InputError("een voorspelling is een punt in de driehoek: drie aandelen die samen 1 zijn",
                         place="voorspelling")
    s = framework.signifier(signifier_id)
    points = triad_points(frame, framework, signifier_id)
    if not len(points):
        raise InputError(f"er zijn geen antwoorden op '{signifier_id}' om mee te vergelijken",
                         place="signifier")
    guess = np.asarray(prediction, dtype="float64")
    distances = np.sqrt(((points - guess) ** 2).sum(axis=1) / 2)
    mean = points.mean(axis=0)
    distance = float(np.sqrt(((mean - guess) ** 2).sum() / 2))
    near = float((distances <= radius).mean())
    strongest = s.corners[int(mean.argmax())].label
    if distance < 0.1:
        verdict = "Je voorspelling ligt dicht bij het gemiddelde van de verhalen."
    elif distance < 0.25:
        verdict = "Je voorspelling ligt in de buurt, maar de verhalen liggen duidelijk ergens anders."
    else:
        verdict = "De verhalen liggen ver van je voorspelling: wat verrast je?"
    explanation = (f"{verdict} Van de {len(points)} verhalen ligt {near:.0%} dicht bij jouw punt. "
                   f"Gemiddeld weegt '{strongest}' het zwaarst. Kijk ook naar de groepjes in de "
                   "hoeken en op de randen: een gemiddelde kan in het midden liggen terwijl bijna "
                   "geen verhaal daar ligt.")
    return {"afstand": round(distance, 3), "dichtbij": round(near, 3),
            "gemiddelde": tuple(round(float(v), 3) for v in mean), "aantal": int(len(points)),
            "uitleg": explanation}
