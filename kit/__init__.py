"""IIDS-kit: the helper library of the minor Inclusiviteit in de Stad.

Importing ``kit`` is cheap and has no side effects: every area (privacy,
narratives, analysis, dialogue, grading, evaluation) loads its heavy
libraries on first use.

>>> import kit
>>> kit.__version__
'0.1.0'
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
