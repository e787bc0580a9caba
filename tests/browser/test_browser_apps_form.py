"""The story form on a phone (Voila, Chromium at 360 px): consent first, then the story.

One Voila server for this module, started as ``iids apps formulier`` starts it. A story
entered with consent lands pseudonymised in the student's work folder, with the consent
and its copy in the vault; without consent for education nothing is stored; an expired
link shows nothing but the refusal. Every button is at least 44 × 44 px, the page
fits 360 px, and nothing is fetched from the internet.
"""

from __future__ import annotations

import random
import time

import pytest

from tests.browser.voila_server import VoilaServer, horizontal_overflow, serving, small_targets
from tests.browser.voila_server import phone as phone_on

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def form_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("verhaalformulier")
    server = VoilaServer(base, "formulier", folder=base / "student" / "mijn-werk")
    (base / "student").mkdir()
    with serving(server):
        yield server


@pytest.fixture
def phone(browser, request, form_server):
    with phone_on(browser, request, form_server) as page:
        yield page


def _link(server: VoilaServer, *, hours: float = 2, expired: bool = False) -> str:
    from kit.apps.links import Session, form_url, make_token, new_session, vault_key

    now = time.time()
    session = new_session("S-07", hours=hours, now=now)
    if expired:
        session = Session(session.session, "S-07", int(now) - 60)
    return form_url(server.url, make_token(vault_key(server.vault), session))


def _open(page, url: str, screen: str):
    page.goto(url)
    page.locator(f".iids-{screen}").wait_for()


def _consent(page, answers: tuple[str, ...], then: str) -> None:
    """Tap yes or no for each question, waiting for each next screen (a tap on a screen that is
    being replaced would be lost)."""
    for i, answer in enumerate(answers):
        page.locator(".iids-toestemming-stap", has_text=f"Vraag {i + 1} van 3").wait_for()
        page.locator(f".iids-{answer}").click()
    page.locator(f".iids-{then}").wait_for()


def _register(server):
    from kit.privacy.consent import ConsentRegister

    return ConsentRegister(server.vault)


def _invented_person() -> tuple[str, str, str]:
    """An invented name, e-mail address and mobile number (seeded, so every run the same)."""
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(2412)
    rng = random.Random(2412)
    name = f"{fake.first_name_female()} {fake.last_name()}"
    return name, fake.free_email(), "06-" + "".join(str(rng.randrange(10)) for _ in range(8))


def test_expired_link_shows_nothing_but_the_refusal(phone, form_server):
    # a changed or foreign link is refused the same way (tests/apps/test_links.py)
    _open(phone, _link(form_server, expired=True), "geweigerd")
    assert "verlopen" in phone.locator(".iids-geweigerd").inner_text()
    assert phone.locator(".iids-welkom, .iids-verhaal, textarea").count() == 0
    assert phone.external_requests == []


def test_without_consent_for_education_nothing_is_stored(phone, form_server):
    before = len(_register(form_server).records())
    _open(phone, _link(form_server), "welkom")
    phone.locator(".iids-begin").focus()  # keyboard: the buttons are real buttons
    phone.keyboard.press("Enter")
    _consent(phone, ("nee", "ja", "ja"), "gestopt")
    assert "bewaren we niets" in phone.locator(".iids-gestopt").inner_text()
    assert len(_register(form_server).records()) == before
    assert not (form_server.folder / "narratieven.csv").exists()


def test_story_with_consent_lands_pseudonymised_in_vault_and_work_folder(phone, form_server):
    from kit.apps.story import CONSENT_FOLDER
    from kit.narratives.store import load_narratives
    from kit.privacy.manifest import work_folders

    name, email, mobile = _invented_person()
    _open(phone, _link(form_server), "welkom")
    phone.locator(".iids-begin").click()
    phone.locator(".iids-toestemming-stap").wait_for()
    assert small_targets(phone) == []
    _consent(phone, ("ja", "nee", "ja"), "verhaal")  # education, evaluation, publication
    phone.locator(".iids-tekst textarea").fill(
        f"Mijn buurvrouw {name} hielp me met de brief van de gemeente. Ze zei: mail me op "
        f"{email} of bel {mobile}. Daarna voelde ik me welkom in de buurt.")
    phone.locator(".iids-verhaal input[type=text]").last.fill("buurtbewoners")
    phone.locator(".iids-triad svg.iids-aw-vlak").first.click()  # a tap in the middle of the triangle
    phone.locator(".iids-schaal .iids-knop").nth(3).click()
    phone.locator(".iids-keuzes .iids-knop", has_text="opgelucht").click()
    assert small_targets(phone) == []
    assert horizontal_overflow(phone) <= 0
    phone.locator(".iids-naar-voorbeeld").click()
    preview = phone.locator(".iids-voorbeeld")
    preview.wait_for()
    shown = preview.inner_text()
    for raw in (name, email, mobile):
        assert raw not in shown
    assert "[TELEFOON-" in shown and "[EMAIL-" in shown
    assert small_targets(phone) == []
    started = time.perf_counter()
    phone.locator(".iids-bewaar").click()
    phone.locator(".iids-bedankt").wait_for()
    print(f"bewaard {time.perf_counter() - started:.1f} s na de klik")

    stored = load_narratives(form_server.folder)
    assert len(stored) == 1
    row = stored.iloc[0]
    text = (form_server.folder / "narratieven.csv").read_text(encoding="utf-8")
    for raw in (name, email, mobile, *(part for part in name.split() if part[0].isupper())):
        assert raw not in text
    assert "[PERSOON-" in row["text"] and "[TELEFOON-" in row["text"]
    assert row["collector"] == "S-07" and row["community"] == "buurtbewoners"
    assert row["gevoel"] == "opgelucht" and float(row["welkom"]) == 0.75
    # the tap in the middle of the picture: halfway up the triangle, half "mezelf", the rest shared
    tapped = [float(row[c]) for c in ("steun.ikzelf", "steun.eigen_kring", "steun.instanties")]
    assert tapped == pytest.approx([0.5, 0.25, 0.25], abs=0.03), tapped
    consent = _register(form_server).get(row["participant"])
    assert consent is not None and consent.purposes == {"onderwijs", "publicatie"}
    assert (form_server.vault / CONSENT_FOLDER / f"{row['participant']}.json").is_file()
    assert form_server.folder.resolve() in {p.resolve() for p in work_folders(form_server.vault)}
    assert phone.external_requests == []
    assert phone.errors_seen == []


def _controls(page) -> tuple[int, list[str]]:
    """Controls in Chromium's own accessibility tree (what a screen reader reads): how many
    have a name, and those without one (buttons, text fields, sliders, check boxes, radios)."""
    session = page.context.new_cdp_session(page)
    try:
        tree = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    roles = {"button", "textbox", "slider", "checkbox", "radio", "combobox", "spinbutton"}
    named, unnamed = 0, []
    for node in tree:
        role = (node.get("role") or {}).get("value")
        if node.get("ignored") or role not in roles:
            continue
        if str((node.get("name") or {}).get("value", "")).strip():
            named += 1
        else:
            unnamed.append(f"{role} {node.get('backendDOMNodeId')}")
    return named, unnamed


def _unnamed_controls(page, at_least: int = 1) -> list[str]:
    """The controls without a name; fails when the tree shows fewer than ``at_least``."""
    named, unnamed = _controls(page)
    assert named >= at_least, f"maar {named} controls met een naam gevonden"
    return unnamed


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focus is inside ``selector`` (a keyboard user's way there)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && !!document.activeElement.closest(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"met Tab niet bij {selector} gekomen")


def test_the_form_works_with_the_keyboard_alone_and_every_control_has_a_name(phone, form_server):
    """Issue 24: keyboard and screen reader. Only Tab, arrows, Enter and typing; on every
    screen each control has a name in the accessibility tree."""
    from kit.narratives.store import load_narratives

    _open(phone, _link(form_server), "welkom")
    assert _unnamed_controls(phone) == []
    _tab_to(phone, ".iids-begin")
    phone.keyboard.press("Enter")
    for i, answer in enumerate(("ja", "ja", "nee")):
        phone.locator(".iids-toestemming-stap", has_text=f"Vraag {i + 1} van 3").wait_for()
        assert _unnamed_controls(phone) == [], f"vraag {i + 1}"
        _tab_to(phone, f".iids-{answer}")
        phone.keyboard.press("Enter")
    phone.locator(".iids-verhaal").wait_for()
    assert _unnamed_controls(phone, at_least=5) == []  # text, group, triangle, scale, choices
    _tab_to(phone, ".iids-tekst textarea")
    phone.keyboard.type("Bij de voedselbank kreeg ik koffie en een plek om even te zitten.")
    _tab_to(phone, ".iids-verhaal input[type=text]:last-of-type")
    phone.keyboard.type("buurtbewoners")
    _tab_to(phone, ".iids-triad svg.iids-aw-vlak")
    for key in ("ArrowUp", "ArrowUp", "ArrowUp", "Enter"):  # towards the top corner, then choose
        phone.keyboard.press(key)
    _tab_to(phone, ".iids-schaal .iids-knop")
    phone.keyboard.press("Enter")
    _tab_to(phone, ".iids-keuzes .iids-knop")
    phone.keyboard.press("Enter")
    _tab_to(phone, ".iids-naar-voorbeeld")
    phone.keyboard.press("Enter")
    phone.locator(".iids-voorbeeld").wait_for()
    assert _unnamed_controls(phone) == []
    _tab_to(phone, ".iids-bewaar")
    phone.keyboard.press("Enter")
    phone.locator(".iids-bedankt").wait_for()
    stored = load_narratives(form_server.folder)
    row = stored[stored["text"].str.contains("voedselbank")].iloc[0]
    assert row["community"] == "buurtbewoners"
    top = float(row["steun.ikzelf"])  # the top corner ("mezelf") grew by the arrow keys
    assert top > max(float(row["steun.eigen_kring"]), float(row["steun.instanties"])), row
    assert phone.errors_seen == []
