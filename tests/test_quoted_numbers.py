"""Numbers the notebooks' text quotes are the numbers their cells print, cell by cell (issue 20,
team decision 3; the rules are in tests/README.md, "Quoted numbers", and in quoted_numbers.py).

A sentence such as "the training loss is already 2,730 after one epoch" goes stale silently when a
cell changes. tests/quotes/NN.toml ties each quoted number to its markdown cell and to the output of
the cells it speaks of (by default the code cell just above and just below). The Chinese twin,
notebooks/zh/NN-*.ipynb, is checked against the same file (same cell ids). A lint asks that every
number in the text that looks measured (decimal point, thousands separator, %) is listed: under
`numbers` when a cell prints it, under `cited` when it comes from elsewhere.

The executions are test_notebooks.py's (shared when both run in one session); the tests at the end
change printed numbers in those executions and show the checker fails, without running a kernel.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from notebook_files import NOTEBOOKS, notebook_params, notebook_path
from quoted_numbers import (
    CellQuotes, NotebookText, check, entry_pattern, has_token, load_quotes, normalise, parse_quotes, quotes_file,
    stale_citations,
)
from test_notebooks import RUNS_TIMEOUT, runs

ZH = NOTEBOOKS / "zh"


def zh_twin(name: str) -> Path | None:
    path = ZH / name
    return path if path.is_file() else None


def executed(edition: str, name: str) -> NotebookText:
    """The first of test_notebooks' two executions (cached for the session)."""
    label = name if edition == "en" else f"zh/{name}"
    run = runs(label)[0]
    if run.failure is not None:
        pytest.fail(f"{label} did not run to the end, so its numbers cannot be read: {run.failure}", pytrace=False)
    return NotebookText.of(run.nb, label, edition)


def source(edition: str, name: str) -> NotebookText:
    path = notebook_path(name) if edition == "en" else ZH / name
    return NotebookText.of(nbformat.read(path, as_version=4), path.relative_to(NOTEBOOKS).as_posix(), edition)


def quotes_of(name: str) -> dict[str, CellQuotes]:
    path = quotes_file(name)
    assert path.is_file(), (
        f"{name}: no {path.relative_to(path.parents[1])}; every notebook lists the numbers its text quotes "
        f"(tests/README.md, 'Quoted numbers')"
    )
    return load_quotes(path)


notebooks = notebook_params()
editions = [("en", n) for n in notebooks] + [("zh", n) for n in notebooks if zh_twin(n)]


@pytest.mark.timeout(RUNS_TIMEOUT)
@pytest.mark.parametrize("edition,name", editions, ids=[f"{e}-{n[:2]}" for e, n in editions])
def test_numbers_in_the_text_are_the_printed_numbers(edition: str, name: str) -> None:
    problems = check(executed(edition, name), quotes_of(name))
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", notebooks)
def test_cited_numbers_are_still_in_the_text(name: str) -> None:
    quotes = quotes_of(name)
    texts = [source("en", name)] + ([source("zh", name)] if zh_twin(name) else [])
    stale = stale_citations(quotes, texts)
    assert not stale, "\n".join(stale)


def test_every_quotes_file_belongs_to_a_notebook() -> None:
    names = {n[:2] for n in notebooks}
    strays = [p.name for p in quotes_file("00").parent.glob("*.toml") if p.stem not in names]
    assert not strays, f"tests/quotes has files for no notebook: {strays}"


# --- the checker can fail -----------------------------------------------------------------------

def changed(number: str) -> str:
    """The same number with the last digit of its mantissa moved by one: 0.963 -> 0.964,
    2,730 -> 2,731, 98.5 % -> 98.6 %, 8.04e+11 -> 8.05e+11."""
    end = number.find("e") if "e" in number else len(number)
    i = max(k for k, ch in enumerate(number[:end]) if ch.isdigit())
    return number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1:]


def sources_of(text: NotebookText, cell_id: str, q: CellQuotes) -> list[str]:
    return q.sources if q.sources is not None else text.neighbours(text.index(cell_id))


@pytest.mark.timeout(RUNS_TIMEOUT)
@pytest.mark.parametrize("name", notebooks)
def test_a_changed_printed_number_is_reported(name: str) -> None:
    """For every number every table lists: the same execution with that number changed in the
    output of the cells it is tied to fails, naming the notebook, the cell and the number."""
    text, quotes = executed("en", name), quotes_of(name)
    assert not check(text, quotes), "the notebook fails the checker already (see the test above)"
    tried = 0
    for cell_id, q in quotes.items():
        for number in q.numbers:
            mutated = dataclasses.replace(text, cells=[dataclasses.replace(c) for c in text.cells])
            for source_id in sources_of(text, cell_id, q):
                cell = mutated.cells[mutated.index(source_id)]
                cell.printed = entry_pattern(number).sub(changed(number), normalise(cell.printed))
            problems = check(mutated, {cell_id: q}, lint=False)
            expected = f"{name} cell {cell_id}: the text quotes {number!r}"
            assert any(p.startswith(expected) for p in problems), (
                f"changing {number!r} to {changed(number)!r} in the output of {sources_of(text, cell_id, q)} "
                f"was not reported for cell {cell_id}; the checker said: {problems}"
            )
            tried += 1
    assert tried > 0, f"{name}: the quotes file lists no printed number at all"


@pytest.mark.timeout(RUNS_TIMEOUT)
@pytest.mark.parametrize("name", notebooks)
def test_a_quote_moved_to_another_cell_is_reported(name: str) -> None:
    """A quoted number moved (text and entry) to a markdown cell whose neighbours do not print it
    is reported: the match is the cell's own outputs, not any output of the notebook."""
    text, quotes = executed("en", name), quotes_of(name)
    for cell_id, q in quotes.items():
        for number in q.numbers:
            for i, cell in enumerate(text.cells):
                printed = "\n".join(text.cells[text.index(s)].printed for s in text.neighbours(i))
                if cell.kind != "markdown" or cell.id == cell_id or has_token(printed, number):
                    continue
                mutated = dataclasses.replace(text, cells=[dataclasses.replace(c) for c in text.cells])
                mutated.cells[i].source += f"\n\nWe measured {number}."
                moved = dict(quotes)
                moved[cell.id] = copy.deepcopy(quotes.get(cell.id, CellQuotes()))
                moved[cell.id].numbers.append(number)
                moved[cell.id].sources = None
                problems = check(mutated, {cell.id: moved[cell.id]}, lint=False)
                assert any(p.startswith(f"{name} cell {cell.id}: the text quotes {number!r}") for p in problems), (
                    f"{number!r} moved from cell {cell_id} to cell {cell.id} was not reported: {problems}"
                )
                return
    pytest.fail(f"{name}: no quoted number could be moved to a cell that does not print it")


# --- the rules, on small notebooks made here ----------------------------------------------------

def notebook(*cells: tuple[str, str, str | None]) -> NotebookText:
    """(kind, id, text): markdown text, or code whose output prints `text`."""
    nb = new_notebook()
    for kind, cell_id, body in cells:
        if kind == "markdown":
            cell = new_markdown_cell(body, id=cell_id)
        else:
            cell = new_code_cell("// code", id=cell_id)
            if body is not None:
                cell.outputs = [new_output("stream", name="stdout", text=body)]
        nb.cells.append(cell)
    return NotebookText.of(nb, "99-made-up.ipynb")


SMALL = [
    ("code", "c1", "accuracy 0.963 after 20 epochs\n"),
    ("markdown", "m1", "The model reaches 0.963, against 0.5 for a coin (the article says 90 %)."),
    ("code", "c2", "loss 2,730\n"),
    ("markdown", "m2", "No numbers that look measured here, only 3 cells."),
]
SMALL_QUOTES = {"m1": CellQuotes(numbers=["0.963"], cited=["0.5", "90 %"])}


def test_a_faithful_notebook_passes() -> None:
    assert check(notebook(*SMALL), SMALL_QUOTES) == []


def test_a_changed_output_is_reported_with_notebook_cell_and_number() -> None:
    cells = [("code", "c1", "accuracy 0.964 after 20 epochs\n")] + SMALL[1:]
    assert check(notebook(*cells), SMALL_QUOTES) == [
        "99-made-up.ipynb cell m1: the text quotes '0.963' but the output of ['c1', 'c2'] does not print it "
        "(read the executed notebook and correct the sentence, or name the cell that prints it in `from`)"
    ]


def test_a_number_printed_only_by_a_far_cell_needs_from() -> None:
    cells = SMALL + [("code", "c3", "nothing\n"), ("markdown", "m3", "Back to the loss, 2,730."), ("code", "c4", None)]
    quotes = {**SMALL_QUOTES, "m3": CellQuotes(numbers=["2,730"])}
    problems = check(notebook(*cells), quotes)
    assert len(problems) == 1 and problems[0].startswith("99-made-up.ipynb cell m3: the text quotes '2,730'")
    quotes["m3"] = CellQuotes(numbers=["2,730"], sources=["c2"])
    assert check(notebook(*cells), quotes) == []


def test_a_sentence_edited_without_its_number_is_reported() -> None:
    cells = SMALL[:1] + [("markdown", "m1", "The model does well (the article says 90 %, a coin 0.5).")] + SMALL[2:]
    problems = check(notebook(*cells), SMALL_QUOTES)
    assert problems == [
        "99-made-up.ipynb cell m1: '0.963' is listed under numbers but the text no longer says it "
        "(update the sentence or 99.toml)"
    ]


def test_an_unlisted_measured_number_is_reported_and_plain_integers_are_not() -> None:
    cells = SMALL[:3] + [("markdown", "m2", "With 3 cells the loss is 2,730 and 12 % of it is noise; `lr = 0.1`.")]
    problems = check(notebook(*cells), SMALL_QUOTES)
    assert len(problems) == 1, problems
    assert problems[0].startswith("99-made-up.ipynb cell m2: the text states ['2,730', '12 %'], which look measured")


def test_the_token_match_is_strict() -> None:
    assert has_token("p(sun) = 0.383", "0.383")
    assert not has_token("p(sun) = 0.383", "0.38")
    assert not has_token("170 parameters", "17")
    assert not has_token("cell nb17", "17")
    assert has_token("seventeen: 17 GPUs.", "17")
    assert has_token("loss \u221220.6", "-20.6")
    assert not has_token("2,7300", "2,730")
    assert has_token("98.5 % of the weights", "98.5 %")
    assert not has_token("98.5% of the weights", "98.5 %")
    assert has_token("98.5%的权重", "98.5 %", "zh")  # Chinese writes no space before %
    assert has_token("准确率为0.963", "0.963", "zh")  # nor between a character and a number


def test_the_chinese_edition_is_held_to_the_same_numbers() -> None:
    nb = new_notebook(cells=[
        new_code_cell("// code", id="c1", outputs=[new_output("stream", name="stdout", text="准确率 0.963\n")]),
        new_markdown_cell("模型达到0.963，而抛硬币只有0.5（文章说90%）。", id="m1"),
    ])
    assert check(NotebookText.of(nb, "zh/99-made-up.ipynb", "zh"), SMALL_QUOTES) == []
    nb.cells[1].source = "模型达到0.962，而抛硬币只有0.5（文章说90%）。"
    problems = check(NotebookText.of(nb, "zh/99-made-up.ipynb", "zh"), SMALL_QUOTES)
    assert problems[0].startswith("zh/99-made-up.ipynb cell m1: '0.963' is listed under numbers")
    assert problems[1].startswith("zh/99-made-up.ipynb cell m1: the text states ['0.962']")


def test_a_malformed_quotes_file_says_what_and_where() -> None:
    with pytest.raises(ValueError, match=r"x.toml: \[m1\] has unknown keys \['form'\]"):
        parse_quotes({"m1": {"numbers": ["1.5"], "form": ["c1"]}}, "x.toml")
    with pytest.raises(ValueError, match=r"x.toml: \[m1\] numbers entries \['0 of 18'\] are not single number"):
        parse_quotes({"m1": {"numbers": ["0 of 18"]}}, "x.toml")
    with pytest.raises(ValueError, match=r"under both numbers and cited"):
        parse_quotes({"m1": {"numbers": ["1.5"], "cited": ["1.5"]}}, "x.toml")
    problems = check(notebook(*SMALL), {**SMALL_QUOTES, "c2": CellQuotes(), "gone": CellQuotes(),
                                        "m2": CellQuotes(sources=["m1"])})
    assert "99-made-up.ipynb cell c2: is a code cell; quotes belong to markdown cells" in problems
    assert "99-made-up.ipynb cell gone: no markdown cell has this id" in problems
    assert any(re.match(r"99-made-up.ipynb cell m2: `from` names \['m1'\]", p) for p in problems)


def test_stale_citations_are_reported() -> None:
    quotes = {"m1": CellQuotes(numbers=["0.963"], cited=["0.5", "90 %", "1.76"])}
    assert stale_citations(quotes, [notebook(*SMALL)]) == [
        "99-made-up.ipynb cell m1: '1.76' is listed under cited but the text does not say it"
    ]
