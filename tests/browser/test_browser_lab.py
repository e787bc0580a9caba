"""JupyterLab itself, as a student sees it: the Dutch interface and rendered widgets."""

from __future__ import annotations

import pytest

from tests.browser.conftest import WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]

MODULE_00 = "course/modules/00-werken-met-notebooks/00-werken-met-notebooks.ipynb"


def test_menus_are_dutch(lab):
    lab.open_lab()
    labels = lab.menu_labels()
    assert "Bestand" in labels, labels
    assert "Bewerk" in labels or "Bewerken" in labels, labels
    assert "Weergave" in labels or "Beeld" in labels, labels
    assert "Uitvoeren" in labels, labels
    assert "Kernel" in labels, labels
    assert "File" not in labels and "View" not in labels, labels
    assert lab.page.locator("html").get_attribute("lang") in {"nl", "nl-NL", "nl_NL"}


def test_run_all_shows_widgets(lab):
    """Module 00 runs top to bottom through the Dutch menu and its self-checks render."""
    lab.open_notebook(MODULE_00)
    lab.run_all()
    outputs = lab.notebook.locator(".jp-OutputArea-output")
    assert "Alles staat klaar" in outputs.first.text_content()
    widgets = lab.notebook.locator(".jp-OutputArea-output .widget-button, .jp-OutputArea-output .widget-radio-box")
    widgets.first.wait_for(timeout=WAIT_MS)
    assert widgets.count() >= 2
    assert not lab.notebook.locator(".jp-OutputArea-output", has_text="Error displaying widget").count()
