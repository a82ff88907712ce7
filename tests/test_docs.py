"""The examples in docs/ and README.md run: every ```python block with ``>>>`` lines is a
doctest, the blocks of one page sharing their names in order."""

from __future__ import annotations

import doctest
import re
import warnings
from pathlib import Path

import pytest

from dicomconstruct import compat

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _examples(page: Path) -> str:
    return "\n".join(block for block in FENCE.findall(page.read_text()) if ">>>" in block)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_documented_examples_run_as_written(page, tmp_path, monkeypatch):
    text = _examples(page)
    if not text:
        pytest.skip(f"{page.name} has no examples")
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"__name__": "docs"}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.FAIL_FAST
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            runner.run(test)
        finally:
            compat.uninstall()  # a page that failed half-way must not leave the alias in place
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) in {page.name} failed (see above)"
    assert result.attempted > 0


def test_every_docs_page_has_examples():
    pages_without = [p.name for p in PAGES if p.name != "README.md" and not _examples(p)]
    assert pages_without == []
