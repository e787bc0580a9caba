"""The kit's one HTML-to-PDF printer (feedback pages, facilitator's script, handreiking).

No network and no extra Python package: Chromium's headless ``--print-to-pdf`` does
the layout, with the print styles of the kit's templates. Without a browser the kit
says so in Dutch; the HTML itself stays printable from any browser.

>>> find_browser(["geen-browser-met-deze-naam"]) is None
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kit.errors import InputError

__all__ = ["BROWSERS", "find_browser", "html_to_pdf"]

#: Browser commands tried in order (the environment variable ``IIDS_CHROMIUM``, a path to a
#: Chromium, first).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-pdf-header-footer")


def find_browser(names: Sequence[str] = BROWSERS) -> str | None:
    """The first Chromium-like browser on PATH (or in ``IIDS_CHROMIUM``), else ``None``."""
    custom = os.environ.get("IIDS_CHROMIUM")
    if custom and Path(custom).is_file():
        return custom
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str | os.PathLike, pdf: str | os.PathLike, *, timeout: float = 60) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium; the PDF appears whole or not at all.

    Args:
        html: an HTML file.
        pdf: the PDF to write.
        timeout: seconds before giving up.

    Returns:
        The PDF path.

    Raises:
        InputError: no browser found, the HTML is missing, or printing failed.
    """
    source = Path(html).resolve()
    target = Path(pdf)
    if not source.is_file():
        raise InputError("het HTML-bestand bestaat niet", path=source)
    browser = find_browser()
    if browser is None:
        raise InputError("geen PDF gemaakt: Chromium is niet gevonden. Open de HTML in je browser "
                         "en kies Afdrukken > Opslaan als PDF", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iids-pdf-") as tmp:
        out = Path(tmp) / "uit.pdf"
        command = [browser, *_FLAGS, f"--user-data-dir={Path(tmp) / 'profiel'}",
                   f"--print-to-pdf={out}", source.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"geen PDF gemaakt: Chromium reageerde niet binnen {timeout:.0f} s",
                             path=target) from None
        if not out.is_file() or not out.read_bytes().startswith(b"%PDF"):
            raise InputError("geen PDF gemaakt: Chromium kon het document niet afdrukken", path=target)
        from kit.io import atomic_write_bytes

        return atomic_write_bytes(target, out.read_bytes())
