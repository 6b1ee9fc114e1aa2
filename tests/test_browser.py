"""A real headless Chromium (Debian's, driven by Playwright) on the served pages (issue 5).

Opens the home page, runs an example query on the query page and sees rows,
follows an entity link to its page. Never downloads a browser: it uses
/usr/bin/chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from test_serve_support import fixture_settings, serve

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with serve(fixture_settings(tmp_path_factory.mktemp("store") / "store")) as served:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.served = served  # type: ignore[attr-defined]
            yield tab
            browser.close()


def shoot(page, name: str) -> None:
    """Screenshots for a human look, when SOUVERAIN_SCREENSHOTS names a directory."""
    target = os.environ.get("SOUVERAIN_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=True)


def test_home_query_and_entity_link(page):
    served = page.served
    page.goto(served("/"))
    assert page.title().startswith("Home")
    assert page.locator("dl.counts").is_visible()
    shoot(page, "home")

    page.goto(served("/query"))
    page.click("a.example >> text=Who holds which role where")
    page.wait_for_selector("table.results tbody tr")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2
    assert "rows in" in page.locator("#status").inner_text()
    shoot(page, "query")

    page.fill("#query", "SELECT ?x WHERE { ?x }")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "syntax error" in page.locator("#error").inner_text().lower()

    page.fill("#query", "SELECT ?org WHERE { ?org a schema:Organization ; rdfs:label 'Ker Nuage'@fr }")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr a")
    with page.expect_navigation():
        page.locator("table.results tbody tr a").first.click()
    assert page.url.endswith("/id/organization/ker-nuage.html")
    assert page.locator("h1").inner_text() == "Ker Nuage"
    shoot(page, "entity")


def test_article_page_links_mentions(page):
    served = page.served
    page.goto(served("/id/article/ker-nuage-leve-des-fonds"))  # through the 303
    assert page.url.endswith(".html")
    mention = page.locator("a.mention", has_text="Crédit Armor").first
    shoot(page, "article")
    with page.expect_navigation():
        mention.click()
    assert page.locator("h1").inner_text() == "Crédit Armor"


def test_hostile_article_runs_no_script(page):
    served = page.served
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(served("/id/article/balises-et-accolades.html"))
    assert "<script>alert('x')</script>" in page.locator("h1").inner_text()
    assert dialogs == []
