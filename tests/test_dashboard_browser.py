"""End-to-end: the dashboard in real headless Chromium over a real server on localhost.

Needs Debian's `chromium` and `chromium-driver` (scripts/ensure-chromium.sh installs them).
Without them these tests FAIL, so CI cannot silently skip them; set TOCSIN_NO_BROWSER=1 to skip
them on a machine where you cannot install Chromium. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import build_db

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("TOCSIN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TOCSIN_CHROMEDRIVER", "/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    os.environ.get("TOCSIN_NO_BROWSER") == "1", reason="TOCSIN_NO_BROWSER=1: browser tests off"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from tocsin.serve import create_app

    db = build_db(tmp_path_factory.mktemp("dash") / "t.db")
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start in 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing: run `sudo scripts/ensure-chromium.sh` (Debian's "
            "chromium and chromium-driver), or set TOCSIN_NO_BROWSER=1 to skip browser tests."
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="tocsin-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(driver: Any, css: str, *, text: str | None = None, timeout: float = 15) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, timeout)
    if text is None:
        return wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return driver.find_element(By.CSS_SELECTOR, css)


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_dashboard_lists_every_incident_and_draws_the_map(server: str, browser: Any) -> None:
    browser.set_window_size(1280, 900)
    browser.get(server + "/#/")
    _wait(browser, "#incident-list tr[data-id='inc_alpha']")
    _wait(browser, "#summary", text="3 incidents")
    _wait(browser, "#timeline rect")
    time.sleep(0.5)  # the world outline loads after the points
    painted = browser.execute_script(
        "const c = document.getElementById('map');"
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0;"
        "for (let i = 0; i < d.length; i += 4) if (d[i + 3] && d[i] > 100 && d[i + 2] < 90) n++;"
        "return n;"
    )  # fmt: skip
    _shot(browser, "dashboard-home")
    assert painted > 0  # red-ish marker pixels are on the canvas


def test_country_filter_updates_list_and_timeline(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/#/")
    _wait(browser, "#incident-list tr[data-id='inc_alpha']")
    Select(browser.find_element(By.ID, "f-country")).select_by_value("SO")
    _wait(browser, "#summary", text="2 incidents")
    ids = {
        tr.get_attribute("data-id")
        for tr in browser.find_elements(By.CSS_SELECTOR, "#incident-list tr[data-id]")
    }
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline rect")
    _shot(browser, "dashboard-filtered")
    assert ids == {"inc_beta", "inc_gamma"}
    assert "country=SO" in browser.current_url
    assert {b.get_attribute("data-key") for b in bars} == {"2024-05", "2024-06"}


def test_opening_an_incident_shows_fields_history_and_evidence(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/#/?country=IQ")
    row = _wait(browser, "#incident-list tr[data-id='inc_alpha']")
    row.click()
    title = _wait(browser, "#incident-title", text="Alphaville")
    fields = browser.find_element(By.ID, "incident-fields").text
    quotes = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#incident-sources .evidence")]
    points = browser.find_elements(By.CSS_SELECTOR, "#count-chart circle")
    reactions = browser.find_element(By.ID, "incident-interactions").text
    _shot(browser, "dashboard-incident")
    assert "Armed Assault" in title.text
    assert "at least 15" in fields
    assert "Islamic State" in fields
    assert any("Gunmen killed at least 12" in q for q in quotes)
    assert len(points) == 2  # killed as of 4 and 5 March
    assert "Jane Ruler" in reactions


def test_search_box_filters_and_offers_actor_page(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/#/")
    _wait(browser, "#incident-list tr[data-id='inc_alpha']")
    box = browser.find_element(By.ID, "search")
    box.send_keys("Islamic", Keys.ENTER)
    _wait(browser, "#summary", text="1 incident")
    link = _wait(browser, "#actor-hits a")
    link.click()
    name = _wait(browser, "#actor-name", text="Islamic State")
    page = browser.find_element(By.ID, "view").text
    _shot(browser, "dashboard-actor")
    assert name.text == "Islamic State"
    assert "claim_responsibility" in page


def test_dashboard_fits_a_phone_screen(server: str, browser: Any) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(server + "/#/")
        _wait(browser, "#incident-list tr[data-id='inc_alpha']")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        _shot(browser, "dashboard-phone")
    finally:
        browser.set_window_size(1280, 900)
    assert overflow <= 0
