"""PDF through a local Chromium: whole or not at all, a Dutch message without a browser."""

from __future__ import annotations

import pytest

from kit.cli import main
from kit.errors import InputError
from kit.pdf import find_browser, html_to_pdf


def test_without_a_browser_the_message_is_dutch(tmp_path, monkeypatch):
    html = tmp_path / "d.html"
    html.write_text("<p>hoi</p>", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("IIDS_CHROMIUM", raising=False)
    with pytest.raises(InputError, match="Chromium is niet gevonden"):
        html_to_pdf(html, tmp_path / "d.pdf")
    assert not (tmp_path / "d.pdf").exists()


@pytest.mark.skipif(find_browser() is None, reason="geen Chromium op deze machine")
def test_script_as_pdf(tmp_path, capsys):
    folder = tmp_path / "dialoog"
    main(["dialogue", "voorbeeld", "-o", str(folder)])
    assert main(["dialogue", "draaiboek", str(folder / "sessieplan.yaml"), "--pdf"]) == 0
    pdf = folder / "draaiboek.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
