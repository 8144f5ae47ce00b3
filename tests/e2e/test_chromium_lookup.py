"""Which Chromium the browser tests drive; these run without one (no e2e marker)."""

import sys

from tests.e2e import browser as b


def test_an_explicit_path_wins(monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", sys.executable)  # any executable file will do

    assert b.find_chromium() == sys.executable


def test_an_explicit_path_that_does_not_exist_is_not_found(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "chromium"))

    assert b.find_chromium() is None


def test_the_browsers_on_path_are_tried_in_order(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    chrome = tmp_path / "google-chrome"
    chrome.write_text("#!/bin/sh\n")
    chrome.chmod(0o755)

    assert b.find_chromium() == str(chrome)

    chrome.chmod(0o644)  # not executable: not a browser
    assert b.find_chromium() is None


def test_nothing_on_path_is_not_found(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert b.find_chromium() is None
