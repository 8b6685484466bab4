"""The Chinese edition is the same program as the English one (issue 19).

notebooks/zh/NN-name.ipynb is the Chinese twin of notebooks/NN-name.ipynb (decision 1 of the team's
README: same file name, `../glossary.md` for the glossary). For every twin present:

  - the same cells in the same order, with the same ids, cell types and nbgrader metadata (grade ids,
    points, locks), and the same kernel;
  - every code cell equal to its English twin token by token once string literals and comments are set
    aside (tests/java_tokens.py): a changed English code cell without its Chinese twin fails here, with
    the cell id and the first differing token;
  - the first code cell switches the library's labels with Language.use("en") / Language.use("zh");
  - every markdown cell with English prose is translated (holds Chinese), and every relative link leads
    to a file.

Which twins must exist: tests/notebook_files.py ZH_REQUIRED, which the notebook engineers extend as
their twins land. A notebook not listed yet shows as an expected failure naming it ("no Chinese twin
yet"); a twin present but not listed fails, so the list cannot fall behind. The goal is all ten.
None of this starts a kernel: it runs in a second.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from java_tokens import CHAR, STRING, Token, program, same, string_value
from notebook_files import (NOTEBOOKS, REQUIRED, ZH, ZH_REQUIRED, english_twin, notebook_params, notebook_path,
                            zh_names)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# [text](target) and <img src="target">, as scripts/build-course.py reads them
LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)|<img\b[^>]*\bsrc=["']([^"']+)["']""")
LANGUAGE_USE = re.compile(r"\bLanguage\s*\.\s*use\s*\(")


def read(name: str) -> Any:
    return nbformat.read(notebook_path(name), as_version=4)


def pair(name: str) -> tuple[Any, Any]:
    """(English, Chinese) notebooks of a twin."""
    zh = read(name)
    english = NOTEBOOKS / english_twin(name)
    assert english.is_file(), f"{name} has no English twin: notebooks/{english_twin(name)} does not exist"
    return nbformat.read(english, as_version=4), zh


def describe(i: int, cell: Any) -> str:
    return f"cell {i} (id {cell.get('id')!r}, {cell.cell_type})"


# ---- which twins exist --------------------------------------------------------------------------------

def test_the_list_of_expected_twins_is_well_formed() -> None:
    """ZH_REQUIRED names notebooks that exist, and every notebook in notebooks/zh/ has an English twin."""
    assert ZH_REQUIRED == sorted(set(ZH_REQUIRED)), f"ZH_REQUIRED should be sorted, without repeats: {ZH_REQUIRED}"
    unknown = [n for n in ZH_REQUIRED if n not in REQUIRED]
    assert not unknown, f"ZH_REQUIRED names notebooks the workbook does not have: {unknown}"
    strays = [p.name for p in ZH.glob("*") if p.suffix == ".ipynb" and not (NOTEBOOKS / p.name).is_file()]
    assert not strays, f"notebooks/zh/ holds notebooks without an English twin of the same name: {strays}"


def test_every_notebook_has_its_chinese_twin() -> None:
    """Issue 19: every notebook, 01-10, in Chinese. All ten twins have landed, so the list is complete and stays so."""
    assert ZH_REQUIRED == REQUIRED, f"ZH_REQUIRED {ZH_REQUIRED} must list every notebook {REQUIRED} (issue 19)"


def twin(n: str) -> str:
    """The Chinese twin of notebook n, "zh/NN-name.ipynb"; fails if ZH_REQUIRED lists n and the twin is
    missing or if a twin is present that ZH_REQUIRED does not list; an expected failure ("no Chinese
    twin yet") for a notebook whose twin has not landed."""
    english = [name for name in notebook_params() if name.startswith(n)]
    found = [name for name in zh_names() if name.startswith(f"zh/{n}")]
    expected = f"notebooks/zh/{english[0] if english else n + '-*.ipynb'}"
    if n in ZH_REQUIRED:
        assert found, f"notebook {n}: its Chinese twin {expected} is missing (ZH_REQUIRED lists {n})"
    elif found:
        pytest.fail(f"{found[0]} has landed: add \"{n}\" to ZH_REQUIRED in tests/notebook_files.py, so that CI "
                    f"runs it and its loss fails")
    else:
        pytest.xfail(f"notebook {n}: no Chinese twin yet ({expected}); the goal is all ten (issue 19)")
    return found[0]


@pytest.mark.parametrize("n", REQUIRED)
def test_chinese_twin_is_the_english_program(n: str) -> None:
    """One test per notebook, all of a twin's problems in one message: cells, code, switch, prose, links."""
    name = twin(n)
    en, zh = pair(name)
    problems = (same_cells(en, zh) + same_program(en, zh) + switches_language(en, zh) + translated(en, zh)
                + links_resolve(name, zh))
    assert not problems, f"{name}:\n" + "\n".join(f"- {p}" for p in problems)


# ---- the same cells -----------------------------------------------------------------------------------

def same_cells(en: Any, zh: Any) -> list[str]:
    """Same kernel, cells, ids, cell types and nbgrader metadata."""
    problems = []
    if zh.metadata.get("kernelspec") != en.metadata.get("kernelspec"):
        problems.append(f"kernelspec {zh.metadata.get('kernelspec')} differs from the English "
                        f"{en.metadata.get('kernelspec')}")
    ids_en = [c.get("id") for c in en.cells]
    ids_zh = [c.get("id") for c in zh.cells]
    if ids_zh != ids_en:
        return problems + [f"{len(zh.cells)} cells, the English {len(en.cells)}; the cell ids first differ at "
                           + first_difference(ids_en, ids_zh) + " (same cells, same order, same ids)"]
    for i, (a, b) in enumerate(zip(en.cells, zh.cells)):
        if a.cell_type != b.cell_type:
            problems.append(f"{describe(i, b)}: the English cell is {a.cell_type}")
        if a.metadata.get("nbgrader") != b.metadata.get("nbgrader"):
            problems.append(f"{describe(i, b)}: nbgrader metadata {b.metadata.get('nbgrader')} but the English "
                            f"has {a.metadata.get('nbgrader')}")
    return problems


def first_difference(a: list, b: list) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"position {i}: English {x!r}, Chinese {y!r}"
    return f"position {min(len(a), len(b))}: one list ends there"


# ---- the same program ---------------------------------------------------------------------------------

def code_difference(english: str, chinese: str) -> str | None:
    """None if the two cells are the same program (strings and comments aside), else the first difference."""
    a, b = program(english), program(chinese)
    for k, (x, y) in enumerate(zip(a, b)):
        if not same(x, y):
            return (f"token {k + 1}: English line {x.line} {x.shown}, Chinese line {y.line} {y.shown}"
                    + context(a, k, "English") + context(b, k, "Chinese"))
    if len(a) != len(b):
        longer, which = (a, "English") if len(a) > len(b) else (b, "Chinese")
        extra = longer[min(len(a), len(b))]
        return f"token {min(len(a), len(b)) + 1}: only the {which} cell goes on, line {extra.line} {extra.shown}"
    return None


def context(tokens: list[Token], k: int, edition: str) -> str:
    around = " ".join("«str»" if t.kind in (STRING, CHAR) else t.text for t in tokens[max(0, k - 6): k + 4])
    return f"\n    {edition} near it: {around}"


def same_program(en: Any, zh: Any) -> list[str]:
    """Code cells equal token by token, string literals and comments aside."""
    problems = []
    for i, (a, b) in enumerate(zip(en.cells, zh.cells)):
        if a.cell_type == "code" and b.cell_type == "code":
            try:
                difference = code_difference(a.source, b.source)
            except ValueError as e:
                difference = str(e)
            if difference:
                problems.append(f"{describe(i, b)} is not the English program (only string literals and comments "
                                f"may differ; change both editions together): {difference}")
    return problems


def language_literal(source: str) -> str | None:
    """The string passed to the first Language.use(...) in the cell, or None."""
    m = LANGUAGE_USE.search(source)
    if not m:
        return None
    after = program(source[m.end():])[:2]
    return string_value(after[0]) if len(after) == 2 and after[0].kind == STRING and after[1].text == ")" else None


def switches_language(en: Any, zh: Any) -> list[str]:
    """The first code cell calls Language.use("en") in English, Language.use("zh") in Chinese."""
    problems = []
    for edition, nb in (("en", en), ("zh", zh)):
        source = next((c.source for c in nb.cells if c.cell_type == "code"), "")
        if language_literal(source) != edition:
            problems.append(f"the first code cell of the {'English' if edition == 'en' else 'Chinese'} edition "
                            f'should call Language.use("{edition}") (team decision 2), so that the library prints '
                            f"its tables and figures in that language; it reads: {source[:200]!r}")
    return problems


# ---- translated, and its links work -------------------------------------------------------------------

def prose(markdown: str) -> str:
    """Markdown without code, math, links' targets, HTML tags and URLs: the words a reader reads."""
    text = re.sub(r"```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"\]\([^)]*\)|<[^>]+>|https?://\S+", " ", text)
    return text


def translated(en: Any, zh: Any) -> list[str]:
    """A markdown cell whose English has prose (4 or more words) holds Chinese in its twin."""
    return [f"{describe(i, b)} is still in English: {b.source[:120]!r}"
            for i, (a, b) in enumerate(zip(en.cells, zh.cells))
            if a.cell_type == b.cell_type == "markdown" and len(re.findall(r"[A-Za-z]{3,}", prose(a.source))) >= 4
            and not HAN.search(prose(b.source))]


def links_resolve(name: str, zh: Any) -> list[str]:
    """Every relative link or image of a markdown cell leads to a file (from notebooks/zh/)."""
    folder = notebook_path(name).parent
    broken = []
    for i, cell in enumerate(zh.cells):
        if cell.cell_type != "markdown":
            continue
        for m in LINK.finditer(cell.source):
            target = (m.group(1) or m.group(2)).split("#")[0].split("?")[0]
            if target and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("/") \
                    and not (folder / target).exists():
                broken.append(f"{describe(i, cell)} links to {target}, which does not exist (from notebooks/zh/ the "
                              f"glossary is ../glossary.md)")
    return broken


# ---- the comparison itself can fail -------------------------------------------------------------------

def test_strings_and_comments_may_differ() -> None:
    english = 'var t = SmallTable.of("loss by epoch", "epoch"); // one row per epoch\n/* why */ char c = \'a\';'
    chinese = 'var t = SmallTable.of("每个迭代周期的损失", "迭代周期"); // 每个迭代周期一行\nchar c = \'甲\';'
    assert code_difference(english, chinese) is None
    block_en = 'String s = """\n    a "quoted" text\n    """;'
    block_zh = 'String s = """\n    一段"引用"文字\n    """; // 注释'
    assert code_difference(block_en, block_zh) is None


@pytest.mark.parametrize("chinese, expected", [
    ('var t = SmallTable.of("表", "列");\nt.row(1, 3);', "English line 2 '2', Chinese line 2 '3'"),
    ('var table = SmallTable.of("表", "列");\nt.row(1, 2);', "English line 1 't', Chinese line 1 'table'"),
    ('var t = SmallTable.of("表" + "列");\nt.row(1, 2);', "English line 1 ',', Chinese line 1 '+'"),
    ('var t = SmallTable.of("表", "列");', "only the English cell goes on, line 2 't'"),
    ('var t = SmallTable.of("表", \'列\');\nt.row(1, 2);', "<string literal '\"column\"'>, Chinese line 1 <char literal"),
])
def test_any_other_difference_is_caught_and_named(chinese: str, expected: str) -> None:
    english = 'var t = SmallTable.of("table", "column");\nt.row(1, 2);'
    difference = code_difference(english, chinese)
    assert difference is not None and expected in difference, difference


def test_an_unclosed_comment_is_an_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="never closed"):
        code_difference("int a = 1; /* open", "int a = 1;")


def test_language_literal_is_read_from_the_call() -> None:
    assert switches_language(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('Language.use("en");')]),
                             nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('Language.use("en");')]))
    assert language_literal('Language.use("zh");\nvar x = 1;') == "zh"
    assert language_literal('var x = 1;') is None
    assert language_literal('Language.use(code);') is None
