"""Grading around nbgrader: course set-up, rubrics, parallel autograde, double marking, feedback, export.

Import named things from the submodules (``from kit.grading.rubrics import ...``).
"""
