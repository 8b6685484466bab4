"""A person's path through JupyterLab, in a real browser (issue 4).

JupyterLab runs headless on a free localhost port with a token; Debian's Chromium, driven by
Playwright, opens notebook 02 from the file browser, runs all cells from the Run menu, and we
check that the Plotly chart was drawn (its SVG is in the page) and that no error output shows.
A screenshot is kept in target/browser/notebook02.png.

The Chinese edition (issue 19): with JupyterLab's interface switched to 中文 (the pinned language pack,
as the README says), a Chinese twin from notebooks/zh/ is opened and run from the 运行 menu, and its
figures' Chinese text is drawn with a CJK font: Chromium reports (DevTools' CSS.getPlatformFontsForNode)
which installed font drew the glyphs, so empty boxes from a missing font (fonts-noto-cjk) fail.

JupyterLab works on a copy of notebooks/ (and datasets/ beside it), so autosave can never write
outputs into the committed notebooks.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import KERNEL_NAME, REPO, require_kernelspec
from notebook_files import NOTEBOOKS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
OUT = REPO / "target" / "browser"
RUN_ALL_TIMEOUT_MS = 180_000

# The words of JupyterLab's interface these tests look for, in English and with the zh_CN language pack
UI_WORDS = {
    "en": {"Idle": "Idle", "No Kernel": "No Kernel", "Run": "Run", "Run All Cells": "Run All Cells"},
    "zh": {"Idle": "空闲", "No Kernel": "无内核", "Run": "运行", "Run All Cells": "运行所有单元格"},
}

KERNEL_READY_JS = r"""(words) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const name = panel && panel.querySelector('.jp-Toolbar-kernelName');
  const label = name ? (name.getAttribute('aria-label') || '') : '';
  const idle = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
      .some(e => e.textContent.trim().endsWith(' | ' + words['Idle']));
  return label !== '' && label !== words['No Kernel'] && idle;
}"""

ALL_CELLS_RUN_JS = r"""(words) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
  const idle = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
      .some(e => e.textContent.trim().endsWith(' | ' + words['Idle']));
  return idle && prompts.length > 0 && prompts.every(p => /\[\d+\]/.test(p.textContent));
}"""

# Marks the first text of a drawn Plotly figure that holds a Chinese character; returns that text
MARK_CHINESE_FIGURE_TEXT_JS = r"""() => {
  const texts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) svg.main-svg text')];
  const chinese = texts.find(t => /[\u4e00-\u9fff]/.test(t.textContent) && t.getBBox().width > 0);
  if (!chinese) return null;
  chinese.setAttribute('data-cjk-probe', '1');
  return chinese.textContent;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyter_lab(root_dir: Path, scratch: Path, locale: str | None = None) -> Iterator[str]:
    """Starts JupyterLab headless on root_dir (its interface in `locale`, e.g. zh_CN, as Settings >
    Language sets it); yields its URL with the token."""
    port, token = free_port(), os.urandom(16).hex()
    settings = scratch / "settings"
    # Render every cell (no windowing), so outputs below the fold are in the DOM too.
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    # No "get notified about Jupyter news?" question (and no request for news).
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text('{"fetchNews": "false"}')
    if locale:
        language = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
        language.parent.mkdir(parents=True)
        language.write_text(f'{{"locale": "{locale}"}}')
    env = dict(os.environ)
    env.update({
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
        "JUPYTER_PATH": os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter"), env.get("JUPYTER_PATH", "")]),
    })
    log = open(OUT / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.prefix) / "bin" / "jupyter"), "lab", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={scratch / 'workspaces'}"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"JupyterLab exited; see {OUT / 'jupyterlab.log'}"
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"JupyterLab did not start; see {OUT / 'jupyterlab.log'}"
            time.sleep(0.3)
        yield f"{base}/lab?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# True once the file browser shows the inside of `folder`: the breadcrumbs end with it, and the listing
# no longer holds the folder itself.
IN_FOLDER_JS = """
folder => {
    const crumbs = [...document.querySelectorAll('.jp-BreadCrumbs-item')].map(e => e.textContent.trim());
    const names = [...document.querySelectorAll('.jp-DirListing-itemText')].map(e => e.textContent.trim());
    return crumbs.includes(folder) && !names.includes(folder);
}
"""


def run_all_in_browser(url: str, filename: str, screenshot: Path, scratch: Path, ui: str = "en") -> dict:
    """Opens `filename` (in a subfolder: "zh/02-x.ipynb") from the file browser, runs all cells from the
    Run menu, waits until the kernel is idle; returns what the page shows. `ui`: the interface's language."""
    words = UI_WORDS[ui]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=str(scratch / "chromium-profile"),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(60_000)
            page.goto(url)
            # The file browser lists the notebook: open it with a double-click, as a person would
            # (first its folder, for the Chinese edition's zh/).
            *folders, name = filename.split("/")
            for folder in folders:
                item = page.locator(".jp-DirListing-item", has_text=folder).first
                item.wait_for()
                item.dblclick()
                # The listing changes some time after the double-click. Until then it still shows the
                # folder above, which holds a notebook of the same name (the English twin): wait for the
                # folder's own listing, or that one is opened instead (it was, once, in CI).
                page.wait_for_function(IN_FOLDER_JS, arg=folder, timeout=60_000)
            item = page.locator(".jp-DirListing-item", has_text=name).first
            item.wait_for()
            item.dblclick()
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            panel.wait_for()
            # Ready when the notebook's kernel is started and idle (a person waits for the
            # toolbar to show the kernel's name and the status bar to say Idle).
            page.wait_for_function(KERNEL_READY_JS, arg=words, timeout=120_000)
            kernel_name = panel.locator(".jp-Toolbar-kernelName").first.get_attribute("aria-label") or ""
            # Run > Run All Cells
            menu_bar = [page.locator(".lm-MenuBar-item").nth(i).inner_text()
                        for i in range(page.locator(".lm-MenuBar-item").count())]
            page.locator(".lm-MenuBar-item", has_text=words["Run"]).first.click()
            page.locator(".lm-Menu-item:visible", has_text=words["Run All Cells"]).first.click()
            # Done when every code cell shows an execution count (no [*] or [ ]) and the
            # kernel is idle.
            page.wait_for_function(ALL_CELLS_RUN_JS, arg=words, timeout=RUN_ALL_TIMEOUT_MS)
            svgs = panel.locator(".jp-OutputArea-output svg.main-svg")
            # Plotly has drawn the first chart when its plot area holds its traces: then show
            # it in the screenshot.
            svgs.first.wait_for(state="attached", timeout=30_000)
            svgs.first.locator("g.trace, g.hm").first.wait_for(state="attached", timeout=30_000)
            svgs.first.scroll_into_view_if_needed()
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
            stderr = panel.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')
            return {
                "kernel": kernel_name,
                "plots": svgs.count(),
                "stderr": [stderr.nth(i).inner_text()[:800] for i in range(stderr.count())],
                "code_cells": panel.locator(".jp-CodeCell").count(),
                "menu_bar": menu_bar,
                "chinese_figure_text": chinese_figure_fonts(context, page),
            }
        except Exception:
            page.screenshot(path=str(screenshot.with_name(screenshot.stem + "-failure.png")))
            raise
        finally:
            context.close()


def chinese_figure_fonts(context, page) -> tuple[str, list[dict]] | None:
    """The first Chinese text drawn in a Plotly figure, and the fonts Chromium drew its glyphs with
    ([{"familyName": "Noto Sans CJK SC", "glyphCount": 3, ...}]); None if no figure text is Chinese."""
    text = page.evaluate(MARK_CHINESE_FIGURE_TEXT_JS)
    if text is None:
        return None
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-cjk-probe]"})["nodeId"]
    return text, cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def notebook_02() -> Path:
    found = sorted(NOTEBOOKS.glob("02*.ipynb"))
    assert found, "notebooks/02-*.ipynb does not exist yet (issue 4)"
    return found[0]


@pytest.mark.timeout(420)
def test_notebook_02_runs_in_jupyterlab_in_chromium() -> None:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run scripts/ci-prepare.sh (apt-get install chromium)"
    require_kernelspec(KERNEL_NAME)
    notebook = notebook_02()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paramlab-browser-") as tmp:
        scratch = Path(tmp)
        workspace = scratch / "workspace"
        shutil.copytree(NOTEBOOKS, workspace / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (REPO / "datasets").is_dir():
            shutil.copytree(REPO / "datasets", workspace / "datasets")
        with jupyter_lab(workspace / "notebooks", scratch) as url:
            seen = run_all_in_browser(url, notebook.name, OUT / "notebook02.png", scratch)
    print(seen)
    assert "ParamLab" in seen["kernel"], f"notebook opened with kernel {seen['kernel']!r}"
    assert seen["plots"] >= 1, "no Plotly chart (svg.main-svg) rendered in the outputs"
    assert not seen["stderr"], "error/stderr output shown in the notebook:\n" + "\n---\n".join(seen["stderr"])


def chinese_twin() -> Path:
    """The Chinese twin the browser opens: notebook 02's if it has landed, else the first there is."""
    found = sorted(NOTEBOOKS.glob("zh/02*.ipynb")) or sorted(NOTEBOOKS.glob("zh/*.ipynb"))
    if not found:
        pytest.fail("no Chinese twin in notebooks/zh/: every notebook has one (notebook_files.ZH_REQUIRED)")
    return found[0]


@pytest.mark.timeout(420)
def test_chinese_notebook_in_chinese_jupyterlab_draws_its_figures_with_a_cjk_font() -> None:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run scripts/ci-prepare.sh (apt-get install chromium)"
    require_kernelspec(KERNEL_NAME)
    notebook = chinese_twin()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paramlab-browser-zh-") as tmp:
        scratch = Path(tmp)
        workspace = scratch / "workspace"
        shutil.copytree(NOTEBOOKS, workspace / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (REPO / "datasets").is_dir():
            shutil.copytree(REPO / "datasets", workspace / "datasets")
        with jupyter_lab(workspace / "notebooks", scratch, locale="zh_CN") as url:
            seen = run_all_in_browser(url, f"zh/{notebook.name}", OUT / "notebook-zh.png", scratch, ui="zh")
    print(seen)
    assert "运行" in seen["menu_bar"] and "Run" not in seen["menu_bar"], (
        f"JupyterLab's menu bar is not in Chinese (jupyterlab-language-pack-zh-CN): {seen['menu_bar']}")
    assert "ParamLab" in seen["kernel"], f"notebook opened with kernel {seen['kernel']!r}"
    assert seen["plots"] >= 1, "no Plotly chart (svg.main-svg) rendered in the outputs"
    assert not seen["stderr"], "error/stderr output shown in the notebook:\n" + "\n---\n".join(seen["stderr"])
    assert seen["chinese_figure_text"], f"no text of {notebook.name}'s figures is Chinese (Language.use(\"zh\")?)"
    text, fonts = seen["chinese_figure_text"]
    cjk = [f for f in fonts if "CJK" in f["familyName"] and f["glyphCount"] > 0]
    assert cjk, (f"the figure text {text!r} was drawn with {fonts}, no CJK font: its Chinese characters show as "
                 f"empty boxes (scripts/ci-prepare.sh installs fonts-noto-cjk)")
