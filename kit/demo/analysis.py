"""Demo stage ``analyse``: two simulated coders per cohort, their agreement, and the comparison with the dominant discourse.

For every cohort in ``ctx.results["narratives"]`` the stage reads the narratives through the
narratives store (validated), lets coder A code them with the shipped codebook
``erbij-horen-en-uitsluiting`` (by its signal words) and coder B disagree in human ways
(seeded), computes the agreement, counts codes per community, and compares the words of the
narratives with the synthetic dominant corpus (keyness). It writes, in the cohort's work folder:
``coderingen.csv``, ``codeboek.yaml`` and ``analyse/`` (agreement, disagreements, code counts,
co-occurrence, keyness, a REFI-QDA project); and the dominant corpus as
``<out>/analyse/dominant-discours.csv``. ``ctx.results`` gets ``codings`` ({cohort: path}),
``dominant_corpus`` (path) and ``agreement`` ({cohort: overall figures}).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["demo_stage", "analyse_cohort"]


def analyse_cohort(narratives, folder: Path, *, seed: int, dominant, quick: bool = False) -> dict:
    """Code, compare and write the analysis of one cohort into ``folder``; return its figures."""
    import pandas as pd

    from kit.analysis.agreement import agreement
    from kit.analysis.codebook import load_codebook, save_codebook
    from kit.analysis.coding import write_codings
    from kit.analysis.cooccurrence import cooccurrence
    from kit.analysis.frequencies import code_frequencies
    from kit.analysis.keyness import keyness
    from kit.analysis.refi import export_project
    from kit.io import write_csv
    from kit.synthetic.coders import second_coder, signal_coding

    book = load_codebook("erbij-horen-en-uitsluiting")
    coder_a = signal_coding(narratives, book, coder="A", memo="synthetische codeur (signaalwoorden)")
    coder_b = second_coder(coder_a, book, coder="B", seed=seed)
    codings = pd.concat([coder_a, coder_b], ignore_index=True)
    result = agreement(codings, texts=narratives, codebook=book)
    out = folder / "analyse"
    codings_path = write_codings(codings, folder / "coderingen.csv", texts=narratives, codebook=book)
    save_codebook(book, folder / "codeboek.yaml")
    write_csv(result.per_code, out / "overeenstemming-per-code.csv")
    write_csv(result.disagreements, out / "verschillen.csv")
    counts = code_frequencies(coder_a, narratives, by="community", codebook=book)
    write_csv(counts.reset_index(), out / "codes-per-gemeenschap.csv")
    write_csv(cooccurrence(coder_a).reset_index(), out / "codes-samen.csv")
    key = keyness(dominant["text"], narratives["text"], names=("dominant discours", "narratieven"))
    write_csv(key, out / "keyness.csv")
    if not quick:
        export_project(book, coder_a, narratives, out / "project.qdpx", name=f"IIDS-kit demo {folder.name}")
    return {"coderingen": len(codings), "kappa": result.overall["kappa"],
            "alpha": result.overall["alpha"], "verschillen": len(result.disagreements),
            "codings_path": codings_path,
            "top_dominant": key[key["meer_in"] == "dominant discours"]["woord"].head(3).tolist(),
            "top_narratieven": key[key["meer_in"] == "narratieven"]["woord"].head(3).tolist()}


def _cohort_sources(ctx) -> dict[str, Path]:
    found = dict(ctx.results.get("narratives") or {})
    if found:
        return {c: Path(p) for c, p in found.items()}
    for cohort in ctx.cohorts:  # a run with --stap analyse: find the earlier output
        hits = sorted(p.parent for p in Path(ctx.out).rglob("narratieven.csv") if cohort in str(p))
        if hits:
            found[cohort] = hits[0]
    return found


def demo_stage(ctx) -> str:
    """Run the analysis stage of ``iids demo`` (see the module docstring)."""
    from kit.analysis.discourse_corpus import load_dominant_corpus, write_dominant_corpus
    from kit.errors import InputError
    from kit.narratives.store import load_narratives

    sources = _cohort_sources(ctx)
    if not sources:
        raise InputError("er zijn geen narratieven: draai eerst de stap 'narratieven'", path=ctx.out)
    dominant_path = write_dominant_corpus(Path(ctx.out) / "analyse" / "dominant-discours.csv")
    dominant = load_dominant_corpus()
    codings: dict[str, Path] = {}
    figures: dict[str, dict] = {}
    for i, (cohort, folder) in enumerate(sorted(sources.items())):
        narratives = load_narratives(folder)
        again = (Path(folder) / "coderingen.csv").is_file()
        ctx.log(f"{cohort}: {len(narratives)} narratieven coderen door codeur A en B"
                + (" (opnieuw gemaakt: de coderingen en analyse van een eerdere run worden "
                   "vervangen)" if again else ""))
        info = analyse_cohort(narratives, Path(folder), seed=ctx.seed + i, dominant=dominant,
                              quick=ctx.quick)
        codings[cohort] = info.pop("codings_path")
        figures[cohort] = info
        ctx.log(f"{cohort}: {info['coderingen']} coderingen, kappa {_nl(info['kappa'])}, "
                f"alfa {_nl(info['alpha'])}; kenmerkend dominant: {', '.join(info['top_dominant'])}; "
                f"narratieven: {', '.join(info['top_narratieven'])}")
    ctx.results["codings"] = codings
    ctx.results["dominant_corpus"] = dominant_path
    ctx.results["agreement"] = figures
    mean_alpha = sum(f["alpha"] for f in figures.values()) / len(figures)
    return (f"{sum(f['coderingen'] for f in figures.values())} coderingen in {len(figures)} cohorten, "
            f"gemiddelde alfa {_nl(mean_alpha)}, vergeleken met {len(dominant)} dominante teksten")


def _nl(value: float) -> str:
    """Two decimals with a decimal comma.

    >>> _nl(0.8046)
    '0,80'
    """
    return f"{value:.2f}".replace(".", ",")
