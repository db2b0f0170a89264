"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, for page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# Flags that keep Chromium from reaching out on its own (updates, sync, field trials).
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions"]
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"  # screenshots to look at (git-ignored)


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed: apt-get install chromium to run the page tests")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in the test extra)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


class Page:
    """One page load, recording console messages, page errors and every request made."""

    def __init__(self, browser, url: str, width: int = 1400, height: int = 900):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.console, self.requests = [], []
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url)

    def screenshot(self, name: str) -> Path:
        OUTPUT.mkdir(exist_ok=True)
        path = OUTPUT / name
        self.page.screenshot(path=str(path))
        return path

    def close(self):
        self.page.close()
