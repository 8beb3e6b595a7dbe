"""The whole system on free ports and Debian's Chromium driven by Playwright (no browser download)."""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import system  # noqa: F401  (the whole system, started the way `make run` starts it)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 740}

# Rasa answers on a shared 2-core machine: these are waits for an answer, not limits on speed.
expect.set_options(timeout=90_000)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian's package."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh browser context (empty localStorage) the size of a phone screen."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    yield context
    context.close()
