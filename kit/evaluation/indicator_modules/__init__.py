"""Indicators in modules of their own: put one file here, with its test, to add an indicator.

:mod:`kit.evaluation.indicators` imports every module of this package when it is imported
(:func:`kit.evaluation.indicators.load_indicator_modules`): no import list to keep. The modules
are imported in the order of their names, after the built-in indicators, and that is the
order of their indicators in the report. A module that does not import stops the report with
its error (no indicator is ever left out silently).

A module imports only :mod:`kit.evaluation.indicator_registry` (and libraries) and declares
its indicators with it; the function gets one
:class:`~kit.evaluation.indicators.ProjectYear` (``per="projectjaar"``) or
:class:`~kit.evaluation.indicators.Cohort` (``per="cohort"``)::

    # kit/evaluation/indicator_modules/buddygesprekken.py
    from kit.evaluation.indicator_registry import count, indicator, outcome

    @indicator("leeruitkomst_buddygesprekken", theme="leeruitkomsten",
               name="Studenten met een buddygesprek", unit="aantal", per="cohort",
               evidences=("onderwijs",), disclosure=count(), aim=outcome("onderwijs"))
    def _buddygesprekken(cohort):
        table = cohort.table("buddygesprekken")
        n = 0 if table is None else table["student"].nunique()
        return n, n

and its test goes to ``tests/evaluation/indicator_modules/test_buddygesprekken.py``. Paste
:func:`kit.evaluation.indicator_registry.markdown_list` into ``docs/formats/evaluation.md``.
"""
