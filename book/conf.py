"""Sphinx configuration of the ParamLab book, one edition per build (scripts/build-book.py sets it).

The pages are the notebooks as executed (MyST-NB renders their stored outputs and runs nothing), the
edition's start page and the glossary. Everything a page loads is inside the site: the theme's files,
plotly.js (from the pinned plotly package), MathJax (from django-static-mathjax) and the CJK-friendly
font stack of _static/paramlab-book.css. Above each notebook page: the switch to the same chapter in
the other language, and the notebook itself (download, Binder, the line to run it locally).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

EDITION = os.environ.get("PARAMLAB_BOOK_EDITION", "en")           # "en" or "zh"
OTHER = "zh" if EDITION == "en" else "en"
# pages of the other edition (names without .ipynb/.md), so the switch leads to the same chapter
OTHER_PAGES = set(json.loads(os.environ.get("PARAMLAB_BOOK_OTHER_PAGES", "[]")))
REPOSITORY = "https://github.com/paramlab/paramlab"
BINDER = "https://mybinder.org/v2/gh/paramlab/paramlab/main"
NOTEBOOK_FOLDER = "notebooks" if EDITION == "en" else "notebooks/zh"
HERE = Path(__file__).resolve().parent

project = "ParamLab" if EDITION == "en" else "ParamLab 中文版"
author = "ParamLab"
copyright = "ParamLab"
language = "en" if EDITION == "en" else "zh_CN"
html_title = "ParamLab: what the parameters of a large model are" if EDITION == "en" else "ParamLab：大模型的参数到底是什么"

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = [str(HERE / "_templates")]
# the second: plotly.js and MathJax, gathered by scripts/build-book.py from the pinned packages
html_static_path = [str(HERE / "_static"), os.environ.get("PARAMLAB_BOOK_ASSETS", str(HERE / "_static"))]
html_css_files = ["paramlab-book.css"]
html_js_files = [("plotly.min.js", {"priority": 200})]  # in <head> before the outputs' inline scripts call Plotly
html_theme = "sphinx_book_theme"
html_copy_source = True
html_show_sourcelink = False
html_last_updated_fmt = None
html_search_options = {"dict": str(Path(os.environ["PARAMLAB_BOOK_JIEBA_DICT"]))} \
    if EDITION == "zh" and os.environ.get("PARAMLAB_BOOK_JIEBA_DICT") else {}
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "main",
    "path_to_docs": NOTEBOOK_FOLDER,
    "use_download_button": True,
    "use_fullscreen_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "navigation_with_keys": False,
    "article_header_end": ["edition-switch.html", "article-header-buttons.html"],
}
# Math renders offline from the copy in _static/mathjax
mathjax_path = "mathjax/tex-chtml.js"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# The notebooks are rendered from their stored outputs: the book never starts a kernel
nb_execution_mode = "off"
nb_merge_streams = True
# A figure's text/html (the kernel's Plotly.newPlot with the site's plotly.js) before its JSON, which
# MyST-NB would not draw; tables are HTML tables
nb_mime_priority_overrides = [
    ("html", "text/html", 0),
    ("html", "application/vnd.plotly.v1+json", None),
]
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]


def page_context(app, pagename, templatename, context, doctree) -> None:
    """What the templates show above a page: the other edition's same page, and the notebook."""
    is_notebook = (Path(app.srcdir) / f"{pagename}.ipynb").is_file()
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    other = pagename if pagename in OTHER_PAGES else "index"
    context["paramlab"] = {
        "edition": EDITION,
        "other_label": "中文" if EDITION == "en" else "English",
        "other_title": "读中文版的这一章" if EDITION == "en" else "Read this chapter in English",
        "other_url": f"{up}{OTHER}/{other}.html" if OTHER_PAGES else None,   # no switch until the other edition exists
        "other_missing": other != pagename,
        "is_notebook": is_notebook,
        "repo_path": f"{NOTEBOOK_FOLDER}/{pagename}.ipynb",
        "download_url": f"{'../' * depth}notebooks/{pagename}.ipynb",
        "binder_url": f"{BINDER}?labpath={NOTEBOOK_FOLDER}/{pagename}.ipynb",
        "start_url": f"{up}index.html",
    }


def chinese_search():
    """Sphinx 9.0.4's Chinese search with its stemmer named right. Its language_data.js ends in
    `window.Stemmer = ChineseStemmer;`, but the Chinese search stems Latin words with the English
    stemmer, so the search page stops ("ChineseStemmer is not defined": sphinx-doc/sphinx#14229,
    fixed by #14416, not yet released). The script's stemmer class is named after language_name."""
    from sphinx.search.zh import SearchChinese

    class ChineseSearchWithEnglishStemmer(SearchChinese):
        language_name = "English"   # only names the JavaScript stemmer class: EnglishStemmer

    return ChineseSearchWithEnglishStemmer


def setup(app):
    app.connect("html-page-context", page_context)
    if EDITION == "zh":
        app.add_search_language(chinese_search())
