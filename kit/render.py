"""The kit's one renderer: Jinja2 templates (``kit/data/sjablonen``) with Dutch errors.

The feedback pages (``feedback.html.j2``), the weegmoment report (``rapport/index.html.j2``),
the handreiking and the facilitator's script are rendered here, with one environment
(autoescaped, strict about missing values). A template that does not parse, or that asks for something the data does not
have, raises :class:`kit.errors.InputError` naming the template and the line,
so a lecturer who adapts a template sees what went wrong; nothing is written.

>>> render_string("<p>{{ tekst }}</p>", {"tekst": "samen & gelijk"})
'<p>samen &amp; gelijk</p>'
>>> render_string("{{ ontbreekt.veld }}", {})
Traceback (most recent call last):
...
kit.errors.InputError: sjabloon, regel 1: fout in het sjabloon: 'ontbreekt' is undefined
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from kit.config import data_path
from kit.errors import InputError

__all__ = ["TEMPLATE_DIR", "render_template", "render_string", "render_macro"]

#: Where the shipped templates live.
TEMPLATE_DIR = data_path("sjablonen")


def _environment(folder: Path):
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=jinja2.select_autoescape(["html", "htm", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _line_of(exc: BaseException, name: str) -> str | None:
    import traceback

    lineno = getattr(exc, "lineno", None)
    if lineno is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(name) or frame.filename == "<template>":
                lineno = frame.lineno
                break
    return f"regel {lineno}" if lineno else None


def render_template(template: str | os.PathLike, context: dict[str, Any]) -> str:
    """Render a template by name (from :data:`TEMPLATE_DIR`) or by path.

    Args:
        template: a file name in ``kit/data/sjablonen`` (``rapport/index.html.j2``) or a path
            to your own template.
        context: the values the template uses.

    Returns:
        The rendered text.

    Raises:
        InputError: when the template is missing, does not parse, or fails while rendering.

    >>> render_template("bestaat-niet.html.j2", {})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...bestaat-niet.html.j2: het sjabloon bestaat niet
    """
    import jinja2

    path = Path(template)
    if not path.is_absolute() and (TEMPLATE_DIR / path).is_file():
        path = TEMPLATE_DIR / path  # a shipped template, by name (``rapport/index.html.j2``)
    folder = path.parent if path.parent != Path(".") else TEMPLATE_DIR
    if not (folder / path.name).is_file():
        raise InputError("het sjabloon bestaat niet", path=folder / path.name)
    env = _environment(folder)
    try:
        return env.get_template(path.name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"fout in het sjabloon: {exc.message}", path=folder / path.name,
                         place=_line_of(exc, path.name)) from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"fout in het sjabloon: {exc}", path=folder / path.name,
                         place=_line_of(exc, path.name)) from None


def render_string(source: str, context: dict[str, Any]) -> str:
    """Render a template given as text (autoescaped, strict about missing values)."""
    import jinja2

    env = _environment(TEMPLATE_DIR)
    try:
        return env.from_string(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"fout in het sjabloon: {exc.message}", path="sjabloon",
                         place=_line_of(exc, "<template>")) from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"fout in het sjabloon: {exc}", path="sjabloon",
                         place=_line_of(exc, "<template>")) from None


@functools.cache
def _shipped():
    """One environment for the shipped templates' macros (compiled once per process)."""
    return _environment(TEMPLATE_DIR)


def render_macro(template: str, macro: str, *args: Any, **kwargs: Any) -> str:
    """Render one macro of a shipped template: a fragment of a page that is redrawn on its own
    (a widget's list of quotes), escaped like a whole page.

    >>> render_macro("verhalenwand-delen.html.j2", "te_weinig", 10, "<b>hier</b>")
    '<p>Minder dan 10 verhalen &lt;b&gt;hier&lt;/b&gt;: te weinig om te laten zien (zo blijft iedereen onherkenbaar).</p>'
    >>> render_macro("verhalenwand-delen.html.j2", "bestaat_niet")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...verhalenwand-delen.html.j2: fout in het sjabloon: geen macro 'bestaat_niet'
    """
    import jinja2

    path = TEMPLATE_DIR / template
    try:
        module = _shipped().get_template(template).module
    except jinja2.TemplateNotFound:
        raise InputError("het sjabloon bestaat niet", path=path) from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"fout in het sjabloon: {exc.message}", path=path,
                         place=_line_of(exc, template)) from None
    function = getattr(module, macro, None)
    if function is None:
        raise InputError(f"fout in het sjabloon: geen macro '{macro}'", path=path)
    try:
        return str(function(*args, **kwargs))
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"fout in het sjabloon: {exc}", path=path,
                         place=_line_of(exc, template)) from None
