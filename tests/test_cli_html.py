"""The visual inspection report (``dicomconstruct inspect --html``) in a real browser: headless
Chromium driven by chromedriver (selenium), started and stopped by PID on 127.0.0.1.

``python tests/test_cli_html.py PNG`` writes the screenshot used in the docs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dicomconstruct.cli import main  # noqa: E402
from dicomconstruct.html_report import write_report  # noqa: E402

CATALOGUE = ROOT / "testdata/malformed/item_missing_delimiter.dcm"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """chromedriver on 127.0.0.1 (its PID kept, to stop it), a headless Chromium session."""

    def __init__(self) -> None:
        from selenium import webdriver

        self.port = _free_port()
        self.process = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("chromedriver did not start") from None
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--window-size=1400,900", "--disable-dev-shm-usage"):  # fmt: skip
            options.add_argument(argument)
        try:
            self.driver = webdriver.Remote(f"http://127.0.0.1:{self.port}", options=options)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            try:
                driver.quit()
            finally:
                self.driver = None
        if self.process.poll() is None:
            os.kill(self.process.pid, 15)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, 9)
                self.process.wait()


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    pytest.importorskip("selenium", reason="the html-test extra (selenium)")
    session = Browser()
    yield session.driver
    session.stop()


def _report(tmp_path: Path, source: Path | bytes, name: str = "report.html") -> Path:
    target = tmp_path / name
    with open(target, "w", encoding="utf-8") as out:
        write_report(source, out, title=name)
    return target


def test_clicking_a_problem_scrolls_the_hex_view_to_its_offset(browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = _report(tmp_path, CATALOGUE)
    browser.get(page.as_uri())
    problem = browser.find_element(By.CSS_SELECTOR, "#problems li[data-n='0']")
    assert "missing-item-delimiter" in problem.text and problem.text.split()[0] == "404"
    problem.click()
    # the byte at the problem's offset is drawn, marked, and inside the visible hex pane
    cell = browser.find_element(By.CSS_SELECTOR, "#hex span[data-b='404']")
    assert "bad" in cell.get_attribute("class")
    visible = browser.execute_script(
        "const c = arguments[0].getBoundingClientRect(),"
        " p = document.getElementById('hex').getBoundingClientRect();"
        " return c.top >= p.top && c.bottom <= p.bottom;",
        cell,
    )
    assert visible
    # and the tree selects the token there: the sequence delimiter at 404
    selected = browser.find_element(By.CSS_SELECTOR, "#tree .row.sel")
    assert selected.text.split()[:2] == ["404", "(FFFE,E0DD)"]


def test_selecting_a_byte_selects_its_token_and_a_token_its_bytes(browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(_report(tmp_path, CATALOGUE).as_uri())
    browser.find_element(By.CSS_SELECTOR, "#problems li[data-n='0']").click()  # opens the item
    browser.find_element(By.CSS_SELECTOR, "#hex span[data-b='384']").click()  # inside (0020,000E)
    selected = browser.find_element(By.CSS_SELECTOR, "#tree .row.sel")
    assert selected.text.split()[:3] == ["380", "(0020,000E)", "UI"]
    marked = browser.find_elements(By.CSS_SELECTOR, "#hex span.sel")
    offsets = sorted(int(cell.get_attribute("data-b")) for cell in marked)
    assert offsets == list(range(380, 380 + 8 + 16))  # its header and its 16-byte value


def test_nesting_is_folded_until_opened(browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(_report(tmp_path, CATALOGUE).as_uri())
    rows = [tag.text.split()[0] for tag in browser.find_elements(By.CSS_SELECTOR, "#tree .tag")]
    assert "(0008,1115)" in rows and "(0020,000E)" not in rows
    toggle = browser.find_element(
        By.XPATH, "//div[contains(@class,'row')][contains(., '(0008,1115)')]/span[@class='tog']"
    )
    toggle.click()
    rows = [tag.text.split()[0] for tag in browser.find_elements(By.CSS_SELECTOR, "#tree .tag")]
    assert "(FFFE,E000)" in rows


def _many_elements(count: int) -> bytes:
    """An explicit VR LE file with one sequence of ``count // 3`` items of two UI elements."""
    meta_value = b"1.2.840.10008.1.2.1\0"
    meta = struct.pack("<HH2sH", 2, 0x10, b"UI", len(meta_value)) + meta_value
    group_length = struct.pack("<HH2sHI", 2, 0, b"UL", 4, len(meta))
    item_body = struct.pack("<HH2sH", 8, 0x1150, b"UI", 8) + b"1.2.3.4\0"
    item_body += struct.pack("<HH2sH", 8, 0x1155, b"UI", 8) + b"1.2.3.5\0"
    item = struct.pack("<HHI", 0xFFFE, 0xE000, len(item_body)) + item_body
    items = item * (count // 3)
    sequence = struct.pack("<HH2sHI", 8, 0x1140, b"SQ", 0, len(items)) + items
    return b"\0" * 128 + b"DICM" + group_length + meta + sequence


def test_a_large_file_stays_usable(browser, tmp_path):
    from selenium.webdriver.common.by import By

    data = _many_elements(99_999)
    page = _report(tmp_path, data)
    assert page.stat().st_size < 120 * 99_999  # bytes of page per token
    browser.get(page.as_uri())
    summary = browser.find_element(By.ID, "summary").text
    assert summary.startswith(f"{2 + 3 + 99_999} tokens, 0 problem(s)")
    browser.find_element(
        By.XPATH, "//div[contains(@class,'row')][contains(., '(0008,1140)')]/span[@class='tog']"
    ).click()  # open the sequence: its 33,333 items (each folded)
    rows = browser.find_elements(By.CSS_SELECTOR, "#tree .row")
    assert len(rows) < 200  # virtualised: only what is on screen exists
    browser.execute_script(
        "const t = document.getElementById('tree'); t.scrollTop = t.scrollHeight;"
    )
    time.sleep(0.2)
    last = browser.find_elements(By.CSS_SELECTOR, "#tree .row")[-1].text.split()
    assert int(last[0]) == len(data) - 40  # the last item


def test_the_cli_writes_one_self_contained_page(tmp_path, capsys):
    target = tmp_path / "report.html"
    assert main(["inspect", "--html", str(CATALOGUE), "-o", str(target)]) == 1
    text = target.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "src=" not in text  # no network
    data = text.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    payload = json.loads(data)
    assert payload["problems"][0][:3] == [404, 0, "missing-item-delimiter"]
    assert capsys.readouterr().err == f"{target}: 1 problem(s)\n"
    assert not list(tmp_path.glob("*.part"))


def make_screenshot(png: str) -> None:
    """The screenshot in docs/cli.md: the catalogue file's report, its problem clicked."""
    import tempfile

    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as folder:
        page = _report(Path(folder), CATALOGUE, "item_missing_delimiter.dcm.html")
        session = Browser()
        try:
            session.driver.get(page.as_uri())
            session.driver.find_element(By.CSS_SELECTOR, "#problems li[data-n='0']").click()
            session.driver.save_screenshot(png)
        finally:
            session.stop()


if __name__ == "__main__":
    make_screenshot(sys.argv[1])
