"""The two-year evaluation: harvest from nbgrader, the Werkplaats registry, indicators, the weegmoment report.

Import named things from the submodules (``from kit.evaluation.harvest import ...``).
"""
