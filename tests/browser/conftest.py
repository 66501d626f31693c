"""Chromium through Playwright against the live test server, with an axe-core scan at hand."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 740},
}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def allow_orm_beside_playwright():
    """Let the tests' own ORM calls run while Playwright's event loop sits in this thread.

    Playwright's sync API keeps an event loop in the test thread, which Django takes for an
    async context; the calls stay synchronous, so the check is lifted while the browser runs.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(allow_orm_beside_playwright, django_db_setup):
    if not CHROMIUM.exists():
        message = f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # Playwright runs the tests in a context of their own, where Django opens its own
        # connection objects: hand them the contents that serialized rollbacks restore.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


# How long an action (a click, a fill) and an assertion on the page (expect) wait. Playwright's
# expect waits 5 s by default, a third of what the actions may take: on a loaded CI machine, with
# coverage and the other test processes running, a form's preview once took longer than that
# (it takes 0.2 to 0.5 s here), and the assertion gave up while the page was still coming.
BROWSER_TIMEOUT_MS = 15_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)


@pytest.fixture
def page(browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="fr-BE")
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail with axe-core's report when the page has any violation."""

    def check(page):
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def screenshot(request, viewport):
    """Save a full-page screenshot under test-artifacts/ for people to look at."""

    def take(page, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
        page.screenshot(path=ARTIFACTS / f"{safe}-{viewport}.png", full_page=True)

    return take
