"""The two READMEs (issue 19): the Chinese one is linked from the first lines of the English one, both
start with the same two commands, and every Binder badge opens a folder the repository has (the
English edition notebooks/, the Chinese notebooks/zh/). No kernel."""
from __future__ import annotations

import re

import pytest

from conftest import REPO

READMES = [REPO / "README.md", REPO / "README.zh-CN.md"]
BINDER = re.compile(r"https://mybinder\.org/v2/gh/[^)\s]+?urlpath=lab/tree/([^)\s&]+)")


def commands(text: str) -> list[str]:
    """The commands of the first ```bash block, comments left out."""
    block = re.search(r"```bash\n(.*?)```", text, re.DOTALL)
    assert block, "no ```bash block of commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def test_the_english_readme_links_the_chinese_one_in_its_first_lines() -> None:
    first_lines = "\n".join(READMES[0].read_text(encoding="utf-8").splitlines()[:5])
    assert "(README.zh-CN.md)" in first_lines, first_lines
    assert "(README.md)" in "\n".join(READMES[1].read_text(encoding="utf-8").splitlines()[:5])


def test_both_start_with_the_same_two_commands() -> None:
    english, chinese = (commands(r.read_text(encoding="utf-8")) for r in READMES)
    assert english == chinese == ["make lab", "make test"], (english, chinese)


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_binder_badges_open_folders_that_exist(readme) -> None:
    folders = BINDER.findall(readme.read_text(encoding="utf-8"))
    assert folders, f"{readme.name} has no Binder link"
    missing = [f for f in folders if not (REPO / f).is_dir()]
    assert not missing, f"{readme.name}: Binder opens {missing}, which the repository does not have"


def test_the_english_readme_offers_both_editions_on_binder() -> None:
    folders = BINDER.findall(READMES[0].read_text(encoding="utf-8"))
    assert {"notebooks", "notebooks/zh"} <= set(folders), folders
