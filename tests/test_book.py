"""The book (issue 19): `make book`'s static site of both editions, read in headless Chromium.

The notebooks' outputs are this session's executions (test_notebooks.first_run: shared with
test_notebooks.py and test_quoted_numbers.py, saved to target/executed/), so the book shows what the
tests check. scripts/build-book.py (what `make book` runs) renders them into target/book/, which is
served by `python -m http.server` and opened page by page in Debian's Chromium (Playwright):

  - every page of both editions, the start page, search and index pages, loads with no failed
    request and no request outside the site (plotly.js, MathJax, fonts, scripts and styles are inside);
  - on every notebook page the number of drawn Plotly figures equals the figure outputs of its
    executed notebook; Java code is highlighted and tables are HTML tables;
  - the language switch of every page leads to the same chapter in the other edition;
  - search finds "pruning" in English and "剪枝" in Chinese;
  - each notebook page's download link gives the notebook as committed.

Editions: English always; Chinese with whatever twins have landed (none yet: the English site alone).
"""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlparse

import pytest

from conftest import KERNEL_NAME, REPO, require_kernelspec
from notebook_files import all_editions_params, notebook_path
from test_notebooks import PLOTLY, first_run

pytestmark = pytest.mark.timeout(3600)  # the first test executes the notebooks the session has not run yet

BUILDER = REPO / "scripts" / "build-book.py"
SITE = REPO / "target" / "book"
CHROMIUM = "/usr/bin/chromium"
EDITION_FOLDERS = {"en": REPO / "notebooks", "zh": REPO / "notebooks" / "zh"}


@dataclass
class Page:
    url: str                      # relative to the site, e.g. "zh/07-pruning.html"
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    figures: int = 0              # Plotly figures drawn (a .js-plotly-plot holding its SVG)
    switch: str | None = None     # where the language switch leads, relative to the site
    download: str | None = None
    binder: str | None = None     # the "open it on Binder" link above a notebook
    local: str = ""               # the line to run it locally (the <code> parts of that box)
    links: list[str] = field(default_factory=list)   # every link of the page's article, relative to the site
    java_highlighted: bool = False
    tables: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Book:
    seconds: float
    log: str
    editions: list[str]
    pages: dict[str, Page] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)
    downloads: dict[str, dict] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """`python -m http.server` in the site's folder, as the README says to serve it."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "http.server did not start"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def figure_outputs(executed: Path) -> int:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
               if PLOTLY in o.get("data", {}))


# Waits until every Plotly figure the page's outputs call for has drawn (or 20 s)
FIGURES_DRAWN_JS = r"""() => {
  const asked = [...document.querySelectorAll('script')].filter(s => s.textContent.includes('Plotly.newPlot')).length;
  const drawn = document.querySelectorAll('.js-plotly-plot svg.main-svg').length > 0
      ? [...document.querySelectorAll('.js-plotly-plot')].filter(d => d.querySelector('svg.main-svg')).length : 0;
  return drawn >= asked;
}"""

READ_PAGE_JS = r"""() => {
  const drawn = [...document.querySelectorAll('.js-plotly-plot')].filter(d => d.querySelector('svg.main-svg')).length;
  const sw = document.querySelector('a.paramlab-edition-switch');
  const dl = document.querySelector('a.paramlab-download');
  const binder = document.querySelector('a.paramlab-binder');
  const local = [...document.querySelectorAll('.paramlab-notebook code')].map(c => c.textContent).join(' ');
  const links = [...document.querySelectorAll('article a[href], body > a[href]')].map(a => a.href);
  const java = document.querySelector('div.highlight-java .k, div.highlight-java .kt') !== null;
  return {figures: drawn, switch: sw ? sw.href : null, download: dl ? dl.href : null, java: java,
          binder: binder ? binder.href : null, local: local, links: links,
          tables: document.querySelectorAll('.cell_output table').length};
}"""


def read_site(base: str, editions: list[str]) -> Book:
    from playwright.sync_api import sync_playwright

    book = Book(0, "", editions)
    urls = ["index.html"] + sorted(str(p.relative_to(SITE)) for e in editions for p in (SITE / e).glob("*.html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            current: list[Page] = []
            page.on("requestfailed", lambda r: current[-1].failed.append(f"{r.url} ({r.failure})"))
            page.on("response", lambda r: current[-1].failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
            page.on("request", lambda r: current[-1].outside.append(r.url)
                    if not r.url.startswith(base) and not r.url.startswith(("data:", "blob:", "about:")) else None)
            page.on("pageerror", lambda e: current[-1].errors.append(str(e)))
            for url in urls:
                current.append(Page(url))
                page.goto(f"{base}/{url}", wait_until="load")
                page.wait_for_function(FIGURES_DRAWN_JS, timeout=20_000)
                seen = page.evaluate(READ_PAGE_JS)
                info = current[-1]
                info.figures, info.java_highlighted, info.tables = seen["figures"], seen["java"], seen["tables"]
                info.switch = unquote(urlparse(seen["switch"]).path).lstrip("/") if seen["switch"] else None
                info.download = seen["download"]
                info.binder, info.local = seen["binder"], seen["local"]
                info.links = [unquote(urlparse(h).path).lstrip("/") for h in seen["links"] if h.startswith(base)]
                book.pages[url] = info
            for edition, query in (("en", "pruning"), ("zh", "剪枝")):
                if edition in editions:
                    current.append(Page(f"{edition}/search.html?q={query}"))
                    page.goto(f"{base}/{edition}/search.html?q={query}", wait_until="load")
                    page.wait_for_function("() => document.querySelector('#search-results p.search-summary, "
                                           "#search-results .search-summary') !== null", timeout=30_000)
                    book.searches[query] = [unquote(a.get_attribute("href") or "")
                                            for a in page.locator("#search-results ul.search li a").all()]
                    book.pages[current[-1].url] = current[-1]
            for url, info in book.pages.items():
                if info.download:
                    response = page.request.get(info.download)
                    book.downloads[url] = {"status": response.status, "body": response.body()}
        finally:
            browser.close()
    return book


@pytest.fixture(scope="module")
def book() -> Book:
    require_kernelspec(KERNEL_NAME)
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run scripts/ci-prepare.sh"
    for name in all_editions_params():
        notebook_path(name)                        # a missing required notebook fails here, clearly
        run = first_run(name)
        assert run.failure is None, f"{name} did not run to the end, so the book cannot show it: {run.failure}"
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(BUILDER), "--out", str(SITE)], capture_output=True, text=True,
                          timeout=1800)
    seconds = time.monotonic() - start
    log = done.stdout + done.stderr
    print(f"\nmake book (scripts/build-book.py, from this session's executions): {seconds:.0f} s\n{log[-2000:]}")
    assert done.returncode == 0, log[-6000:]
    editions = [e for e, folder in EDITION_FOLDERS.items() if any(folder.glob("*.ipynb"))]
    with static_server(SITE) as base:
        read_start = time.monotonic()
        found = read_site(base, editions)
        print(f"read {len(found.pages)} pages in Chromium in {time.monotonic() - read_start:.0f} s")
    found.seconds, found.log = seconds, log
    return found


def notebook_pages(book: Book) -> list[tuple[str, str, Path]]:
    """(page url, edition, committed notebook) for every notebook page."""
    return [(f"{e}/{nb.stem}.html", e, nb) for e in book.editions for nb in sorted(EDITION_FOLDERS[e].glob("*.ipynb"))]


def test_the_site_has_every_page_of_both_editions(book: Book) -> None:
    expected = {"index.html"} | {f"{e}/{p}.html" for e in book.editions for p in ("index", "glossary", "search")}
    expected |= {url for url, _, _ in notebook_pages(book)}
    assert expected <= set(book.pages), f"pages missing from target/book: {sorted(expected - set(book.pages))}"


def test_every_page_loads_with_no_failed_request_and_none_off_the_site(book: Book) -> None:
    failed = {u: p.failed for u, p in book.pages.items() if p.failed}
    outside = {u: p.outside for u, p in book.pages.items() if p.outside}
    errors = {u: p.errors for u, p in book.pages.items() if p.errors}
    assert not failed, f"failed requests: {json.dumps(failed, indent=1, ensure_ascii=False)[:3000]}"
    assert not outside, f"requests off the site: {json.dumps(outside, indent=1)[:3000]}"
    assert not errors, f"script errors: {json.dumps(errors, indent=1, ensure_ascii=False)[:3000]}"


def test_every_figure_of_every_notebook_is_drawn(book: Book) -> None:
    wrong = []
    for url, edition, nb in notebook_pages(book):
        expected = figure_outputs(REPO / "target" / "executed" / edition / nb.name)
        if book.pages[url].figures != expected:
            wrong.append(f"{url}: {book.pages[url].figures} Plotly figures drawn, its notebook has {expected}")
    assert not wrong, "\n".join(wrong)
    assert sum(p.figures for p in book.pages.values()) > 0


def test_java_is_highlighted_and_tables_are_tables(book: Book) -> None:
    for url, _, _ in notebook_pages(book):
        assert book.pages[url].java_highlighted, f"{url}: no highlighted Java keyword in its code cells"
    assert any(book.pages[url].tables for url, _, _ in notebook_pages(book)), "no output table is an HTML table"


def test_the_language_switch_leads_to_the_same_chapter(book: Book) -> None:
    wrong = []
    for url, page in book.pages.items():
        if url == "index.html" or "search.html?" in url or "/" not in url:
            continue
        edition, name = url.split("/", 1)
        other = "zh" if edition == "en" else "en"
        if other not in book.editions:
            continue
        expected = f"{other}/{name}" if f"{other}/{name}" in book.pages else f"{other}/index.html"
        if page.switch != expected:
            wrong.append(f"{url}: the switch leads to {page.switch}, not {expected}")
    assert not wrong, "\n".join(wrong)


def test_search_finds_a_word_in_each_language(book: Book) -> None:
    """The results of search.html?q=... in each edition: pages of that edition (links relative to it)."""
    assert any(r.startswith(("07-pruning", "glossary")) for r in book.searches["pruning"]), book.searches
    if "zh" in book.editions:
        assert any(r.startswith(("07-pruning", "glossary")) for r in book.searches["剪枝"]), book.searches


def test_the_download_link_gives_the_notebook(book: Book) -> None:
    for url, _, committed in notebook_pages(book):
        got = book.downloads.get(url)
        assert got and got["status"] == 200, f"{url}: download link missing or failing ({got and got['status']})"
        nb = json.loads(got["body"])
        original = json.loads(committed.read_text(encoding="utf-8"))
        assert [c.get("id") for c in nb["cells"]] == [c.get("id") for c in original["cells"]], url


def test_each_notebook_page_offers_binder_and_the_line_to_run_it_locally(book: Book) -> None:
    """Beside the download: Binder opens this very notebook of the repository, and the local line names a real file."""
    for url, edition, committed in notebook_pages(book):
        page = book.pages[url]
        path = committed.relative_to(REPO).as_posix()
        assert page.binder == f"https://mybinder.org/v2/gh/paramlab/paramlab/main?labpath={path}", (url, page.binder)
        assert "make lab" in page.local and path in page.local, f"{url}: the local-run line is {page.local!r}"


def test_the_start_pages_lead_to_chapter_01_and_the_glossary(book: Book) -> None:
    """The site's start page offers both editions; each edition's start page leads to chapter 01 and the glossary."""
    assert {f"{e}/index.html" for e in book.editions} <= set(book.pages["index.html"].links), book.pages["index.html"].links
    for e in book.editions:
        first = sorted(EDITION_FOLDERS[e].glob("01-*.ipynb"))[0].stem
        links = book.pages[f"{e}/index.html"].links
        assert f"{e}/{first}.html" in links and f"{e}/glossary.html" in links, f"{e}/index.html links {links}"


def test_the_build_is_reported_and_quick(book: Book) -> None:
    """`make book` from executed notebooks takes minutes, not tens of minutes (issue 19: 'a few minutes')."""
    print(f"book built in {book.seconds:.0f} s")
    assert book.seconds < 600, f"make book took {book.seconds:.0f} s"
