"""Waiting for a page condition under the strict Content-Security-Policy.

Playwright's `page.wait_for_function` compiles its predicate inside the page, which a CSP
without 'unsafe-eval' refuses; `page.evaluate` goes through the DevTools protocol instead,
so polling it keeps the browser tests honest about the policy the pages really run under.
"""

from __future__ import annotations

import time

from playwright.sync_api import Page


def wait_until(page: Page, expression: str, *, timeout: float = 15.0,
               every: float = 0.1) -> None:
    """Poll `expression` (a JavaScript expression or arrow function) until it is truthy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {expression}")
        time.sleep(every)
