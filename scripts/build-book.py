#!/usr/bin/env python3
"""Builds the ParamLab book (`make book`): a static site of both editions in target/book/.

    .venv/bin/python scripts/build-book.py [--out target/book] [--editions en zh]

  target/book/index.html       the start page: 中文版 or English
  target/book/en/, zh/         one Sphinx site per edition (MyST-NB, sphinx-book-theme; book/conf.py):
                               a start page, the notebooks as executed, the glossary, search
  target/book/<ed>/notebooks/  each notebook as committed (no outputs), for the page's download link

The notebooks' outputs come from the same execution the tests check: tests/test_notebooks.py saves each
notebook's first run to target/executed/{en,zh}/. A saved notebook is used if its cells are the
committed ones (same ids, types and sources) and newer than the library's, the kernel's and the datasets'
sources; any other notebook is executed here, once, in a fresh
kernel started in its own folder (as the tests do), and saved there too. Nothing is read from git's
history: notebooks stay committed without outputs.

The site makes no request outside itself: plotly.js (from the pinned plotly package) and MathJax (from
django-static-mathjax) are copied in, the theme's fonts and scripts are its own files, and the build
fails if a page, script or style sheet still points at another site for something it loads.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
BOOK = REPO / "book"
EXECUTED = REPO / "target" / "executed"
WORK = REPO / "target" / "book-build"
EDITIONS = {"en": NOTEBOOKS, "zh": NOTEBOOKS / "zh"}
KERNEL = os.environ.get("PARAMLAB_KERNEL", "paramlab")
CELL_TIMEOUT = 300
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def log(message: str) -> None:
    print(f"build-book: {message}", flush=True)


def cells_signature(nb: dict) -> list[tuple]:
    return [(c.get("id"), c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for c in nb["cells"]]


def newest_library_source() -> float:
    """When the library or the kernel last changed (their sources): an older execution may print other text."""
    return max((p.stat().st_mtime for folder in ("lib/src/main", "kernel/src/main", "datasets")
                for p in (REPO / folder).rglob("*") if p.is_file()), default=0.0)


def is_fresh(executed: Path, source: Path) -> bool:
    """The saved execution is of the notebook as committed now, run by the library and kernel as they are now."""
    if not executed.is_file() or executed.stat().st_mtime < newest_library_source():
        return False
    saved = json.loads(executed.read_text(encoding="utf-8"))
    ran = all(c.get("execution_count") is not None for c in saved["cells"] if c["cell_type"] == "code"
              and "".join(c["source"]).strip())
    return ran and cells_signature(saved) == cells_signature(json.loads(source.read_text(encoding="utf-8")))


def execute(source: Path, target: Path) -> None:
    """One run in a fresh kernel started beside the notebook, as tests/test_notebooks.py runs it."""
    import nbformat
    from nbclient import NotebookClient

    sys.path.insert(0, str(REPO / "scripts"))
    from paramlab_kernel_manager import NewPortsKernelManager   # a kernel that lost a port race starts again

    nb = nbformat.read(source, as_version=4)
    start = time.monotonic()
    NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, startup_timeout=120, allow_errors=True,
                   kernel_manager_class=NewPortsKernelManager,
                   resources={"metadata": {"path": str(source.parent)}}).execute()
    errors = [f"cell {c.get('id')}: {o.get('ename')}: {o.get('evalue')}" for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:   # the tests require every notebook to run to the end: a book page must not show a failure instead
        sys.exit(f"build-book: {source.relative_to(REPO)} stopped with an error:\n" + "\n".join(errors[:5]))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    log(f"executed {source.relative_to(REPO)} in {time.monotonic() - start:.0f} s")


def executed_notebooks(edition: str) -> list[Path]:
    """The edition's executed notebooks, running those the tests have not saved (or saved stale)."""
    found = []
    for source in sorted(EDITIONS[edition].glob("*.ipynb")):
        saved = EXECUTED / edition / source.name
        if is_fresh(saved, source):
            log(f"using {saved.relative_to(REPO)} (the tests' run)")
        else:
            execute(source, saved)
        found.append(saved)
    return found


def assets() -> Path:
    """plotly.js and the parts of MathJax a page loads, from the pinned packages, in one folder."""
    import mathjax
    import plotly

    folder = WORK / "assets"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", folder / "plotly.min.js")
    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    for part in ["tex-chtml.js", "input", "output/chtml", "a11y", "ui"]:
        src, dest = es5 / part, folder / "mathjax" / part
        if src.is_dir():
            shutil.copytree(src, dest)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dest)
    return folder


def jieba_dictionary() -> Path:
    """The glossary's Chinese terms as words for the search index (剪枝, 知识蒸馏, 迭代周期...)."""
    words = set()
    for line in (NOTEBOOKS / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = line.strip().strip("|").split("|")
        if line.startswith("|") and len(cells) > 2:
            words.update(w for w in HAN.findall(cells[1]) if len(w) > 1)
    path = WORK / "jieba-words.txt"
    path.write_text("".join(f"{w} 100000 n\n" for w in sorted(words)), encoding="utf-8")
    return path


def source_folder(edition: str, notebooks: list[Path]) -> Path:
    """The Sphinx source of one edition: its start page, the glossary, the executed notebooks."""
    folder = WORK / "src" / edition
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(BOOK / edition / "index.md", folder / "index.md")
    shutil.copy(NOTEBOOKS / "glossary.md", folder / "glossary.md")
    for nb in notebooks:
        text = nb.read_text(encoding="utf-8")
        if edition == "zh":
            text = text.replace("](../glossary.md", "](glossary.md")   # the glossary sits beside the pages
        (folder / nb.name).write_text(text, encoding="utf-8")
    return folder


def pages(edition: str) -> list[str]:
    return ["index", "glossary", "search", "genindex"] + [p.stem for p in sorted(EDITIONS[edition].glob("*.ipynb"))]


def sphinx(edition: str, source: Path, out: Path, assets_folder: Path, dictionary: Path, editions: list[str]) -> None:
    other = "zh" if edition == "en" else "en"
    env = dict(os.environ, PARAMLAB_BOOK_EDITION=edition, PARAMLAB_BOOK_ASSETS=str(assets_folder),
               PARAMLAB_BOOK_JIEBA_DICT=str(dictionary),
               PARAMLAB_BOOK_OTHER_PAGES=json.dumps(pages(other) if other in editions else []))
    built = WORK / "html" / edition / "site"     # MyST-NB writes beside the output folder: keep that in WORK
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(BOOK), "-d", str(WORK / "doctrees" / edition),
           "-E", str(source), str(built)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    for line in warnings[:20]:
        log(f"{edition}: {line}")
    if done.returncode != 0:
        sys.exit(f"build-book: sphinx failed for {edition}:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    target = out / edition
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(built, target, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    downloads = target / "notebooks"
    downloads.mkdir()
    for nb in sorted(EDITIONS[edition].glob("*.ipynb")):
        shutil.copy(nb, downloads / nb.name)   # as committed: no outputs, ready to run


START = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ParamLab：大模型的参数到底是什么 · what the parameters of a large model are</title>
<style>
 body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 44rem;
        margin: 3rem auto; padding: 0 1rem; line-height: 1.6; color: #222; }}
 a.edition {{ display: block; margin: 1.2rem 0; padding: 1rem 1.2rem; border: 1px solid #ccc; border-radius: 6px;
             text-decoration: none; color: inherit; }}
 a.edition:hover {{ border-color: #1f77b4; }}
 a.edition strong {{ font-size: 1.25rem; color: #1f77b4; }}
</style>
</head>
<body>
<h1>ParamLab</h1>
<p>跟着《大模型参数全解析》一节一节动手：训练、观察、测量真实的小模型。<br>
<span lang="en">A hands-on course, in Java notebooks, on what the parameters of a large model are.</span></p>
{links}
</body>
</html>
"""

LINKS = {
    "zh": ('<a class="edition" href="zh/index.html" hreflang="zh-CN"><strong>中文版</strong><br>'
           '读过那篇文章？从这里开始：第 01 章“参数是什么”。</a>'),
    "en": ('<a class="edition" href="en/index.html" hreflang="en" lang="en"><strong>English</strong><br>'
           'The same chapters in English, from chapter 01 "What are parameters".</a>'),
}


def start_page(out: Path, editions: list[str]) -> None:
    links = "\n".join(LINKS[e] for e in ["zh", "en"] if e in editions)
    (out / "index.html").write_text(START.format(links=links), encoding="utf-8")


# What a page loads: <script src>, <link href> (style sheets, icons, preloads), <img src>, CSS url(), @import
LOADS = re.compile(r"""<script\b[^>]*\bsrc=["']([^"']+)|<link\b[^>]*\bhref=["']([^"']+)|<img\b[^>]*\bsrc=["']([^"']+)"""
                   r"""|url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)""", re.IGNORECASE)


def external_loads(out: Path) -> list[str]:
    """Everything in the site that would make the browser fetch from another site."""
    found = []
    for path in out.rglob("*"):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        for m in LOADS.finditer(path.read_text(encoding="utf-8", errors="replace")):
            target = next(g for g in m.groups() if g)
            if re.match(r"^(https?:)?//", target):
                found.append(f"{path.relative_to(out)}: {target}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(REPO / "target" / "book"))
    parser.add_argument("--editions", nargs="+", choices=sorted(EDITIONS),
                        help="default: both (zh only if notebooks/zh/ has notebooks)")
    args = parser.parse_args()
    editions = args.editions or [e for e in EDITIONS if any(EDITIONS[e].glob("*.ipynb"))]
    out = Path(args.out).absolute()
    start = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    notebooks = {}
    for edition in editions:
        notebooks[edition] = executed_notebooks(edition)
    log(f"executed notebooks ready: {time.monotonic() - start:.0f} s")
    assets_folder, dictionary = assets(), jieba_dictionary()
    out.mkdir(parents=True, exist_ok=True)
    for edition in editions:
        t = time.monotonic()
        sphinx(edition, source_folder(edition, notebooks[edition]), out, assets_folder, dictionary, editions)
        log(f"{edition}: {len(notebooks[edition])} notebooks rendered in {time.monotonic() - t:.0f} s")
    start_page(out, editions)
    external = external_loads(out)
    if external:
        sys.exit("build-book: the site loads things from other sites:\n" + "\n".join(external[:30]))
    log(f"done in {time.monotonic() - start:.0f} s: {out}/index.html (serve it: cd {out} && python -m http.server)")


if __name__ == "__main__":
    main()
