"""A plausible wrong answer fails its exercise's test (issue 18, "Exercises"; issue 20; team decision 4).

tests/wrong_answers/NN.toml lists, for every exercise of notebook NN, wrong answers a learner could
write:

    [[wrong]]
    exercise = "ex1"    # the solution cell with nbgrader grade_id "ex1-solution"
    why = "counts only the weights: each layer also has one bias per output"
    code = '''
    ex1Parameters = 784 * 128 + 128 * 10;
    '''
    block = 2           # optional: which "// BEGIN SOLUTION" block of the cell (default 1)
    code_zh = '''...'''   # optional: the Chinese twin's version, where the code names strings the
                        # twin writes in Chinese (a table's column, a model's name); like the twins, it
                        # may differ from `code` only in string literals and comments

The text between "// BEGIN SOLUTION" and "// END SOLUTION" is replaced by `code`. Each wrong answer
must compile and run (its solution cell prints no error), and the exercise's test cell (the next code
cell, the one nbgrader grades) must then fail with an exception at run time, an AssertionError or
another, never a compile error or an unresolved name: a grader that rejects an answer because the
answer does not compile proves nothing about the test.

One execution per notebook checks all its wrong answers: the notebook is cut after its last test cell,
and before each exercise's reference solution the harness inserts, for each wrong answer, the wrong
solution cell and a copy of the test cell. The reference solution and its test then run as in the
notebook, so every later cell sees the state the notebook was written for; a wrong answer that broke
that state shows up as a failing reference test. Any error outside the wrong answers' test cells fails.
"""
from __future__ import annotations

import copy
import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from notebook_files import notebook_params, notebook_path, number, zh_names
from test_editions import code_difference
from test_notebooks import is_chinese
from test_notebooks import BEGIN, END, RUNS_TIMEOUT, execute

WRONG_ANSWERS = Path(__file__).resolve().parent / "wrong_answers"
KEYS = {"exercise", "why", "code", "code_zh", "block"}
# What the ParamLab kernel names a cell that did not compile (JavaEvaluator): never a test's rejection.
NOT_RUN = {"CompileError", "UnresolvedReference", "Interrupted"}


@dataclass
class WrongAnswer:
    exercise: str
    why: str
    code: str
    block: int = 1
    number: int = 0  # its place in the file, 1-based, for messages
    code_zh: str | None = None  # the Chinese twin's version: the same program, strings in Chinese

    def code_for(self, name: str) -> str:
        return self.code_zh if is_chinese(name) and self.code_zh is not None else self.code

    def describe(self) -> str:
        return f"wrong answer #{self.number} to {self.exercise} ({self.why})"


def wrong_answers_file(name: str) -> Path:
    """NN.toml, for either edition: the Chinese twin ("zh/NN-name.ipynb") answers the same wrong answers."""
    return WRONG_ANSWERS / f"{number(name)}.toml"


def load_wrong_answers(path: Path) -> list[WrongAnswer]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    extra = set(data) - {"wrong"}
    assert not extra, f"{path}: only [[wrong]] tables belong here, found {sorted(extra)}"
    answers = []
    for k, table in enumerate(data.get("wrong", []), 1):
        unknown = set(table) - KEYS
        assert not unknown, f"{path}: [[wrong]] #{k} has unknown keys {sorted(unknown)} (known: {sorted(KEYS)})"
        for key in ("exercise", "why", "code"):
            assert isinstance(table.get(key), str) and table[key].strip(), f"{path}: [[wrong]] #{k} needs a non-empty {key}"
        block = table.get("block", 1)
        assert isinstance(block, int) and block >= 1, f"{path}: [[wrong]] #{k}: block must be 1, 2, ..., not {block!r}"
        code_zh = table.get("code_zh")
        if code_zh is not None:
            difference = code_difference(table["code"], code_zh)
            assert difference is None, (f"{path}: [[wrong]] #{k}: code_zh may differ from code only in string "
                                        f"literals and comments, as the twins do: {difference}")
        answers.append(WrongAnswer(table["exercise"], table["why"].strip(), table["code"], block, k, code_zh))
    return answers


@dataclass
class Exercise:
    name: str  # "ex1"
    solution: int  # cell indices in the notebook
    test: int


def exercises_of(nb: Any) -> dict[str, Exercise]:
    """Each exercise by its nbgrader grade_id "exN-solution"; its test cell is the next code cell."""
    found = {}
    for i, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type == "code" and grade_id.endswith("-solution"):
            test = next(j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "code")
            assert nb.cells[test].metadata.get("nbgrader", {}).get("grade"), (
                f"the code cell after {grade_id} (cell {test}) is not a graded test cell"
            )
            found[grade_id[: -len("-solution")]] = Exercise(grade_id[: -len("-solution")], i, test)
    return found


def substitute(source: str, code: str, block: int) -> str:
    """The cell's source with the text between its block-th BEGIN/END SOLUTION markers replaced by
    `code`, indented as the BEGIN marker is."""
    lines = source.split("\n")
    begins = [i for i, line in enumerate(lines) if BEGIN in line]
    if block > len(begins):
        raise ValueError(f"the cell has {len(begins)} solution block(s), not {block}")
    start = begins[block - 1]
    end = next(i for i in range(start + 1, len(lines)) if END in lines[i])
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    body = [indent + line if line.strip() else line for line in code.strip("\n").split("\n")]
    return "\n".join(lines[: start + 1] + body + lines[end:])


@dataclass
class Planned:
    answer: WrongAnswer
    solution: int  # cell indices in the executed notebook
    test: int


def with_wrong_answers(nb: Any, answers: list[WrongAnswer]) -> tuple[list[Planned], dict[str, int]]:
    """Changes `nb` in place into what the harness executes; returns where each wrong answer's
    cells are, and where each exercise's reference test cell is."""
    exercises = exercises_of(nb)
    last_test = max(e.test for e in exercises.values())
    cells = nb.cells[: last_test + 1]
    by_solution = {e.solution: e for e in exercises.values()}
    planned, reference_tests, out = [], {}, []
    for i, cell in enumerate(cells):
        exercise = by_solution.get(i)
        if exercise is not None:
            for answer in (a for a in answers if a.exercise == exercise.name):
                wrong = copy.deepcopy(cell)
                wrong.source = substitute(cell.source, answer.code, answer.block)
                wrong.id = f"{cell.id}-wrong{answer.number}"
                test = copy.deepcopy(cells[exercise.test])
                test.id = f"{test.id}-wrong{answer.number}"
                planned.append(Planned(answer, len(out), len(out) + 1))
                out += [wrong, test]
        if any(e.test == i for e in exercises.values()):
            reference_tests[next(e.name for e in exercises.values() if e.test == i)] = len(out)
        out.append(cell)
    nb.cells = out
    return planned, reference_tests


def errors(cell: Any) -> list[Any]:
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def describe(cell: Any, out: Any) -> str:
    tb = "\n".join(out.get("traceback", []))[-600:]
    return f"{out.ename}: {out.evalue}\n{tb}"


# Both editions. A Chinese twin's code is the English program token by token (test_editions), but its
# string literals differ (assertion messages, and the names of library table columns, which follow
# Language.use("zh")), and string literals can decide what a test accepts: so each twin is run with the
# same wrong answers too, one execution per twin (token equality alone would not prove it rejects them).
notebooks = notebook_params() + zh_names()


@pytest.mark.parametrize("name", notebooks)
def test_every_exercise_has_a_wrong_answer(name: str) -> None:
    nb = nbformat.read(notebook_path(name), as_version=4)
    path = wrong_answers_file(name)
    assert path.is_file(), f"{name}: no {path.name} in tests/wrong_answers (team decision 4: one per exercise at least)"
    answers = load_wrong_answers(path)
    exercises = exercises_of(nb)
    unknown = sorted({a.exercise for a in answers} - set(exercises))
    assert not unknown, f"{path.name} names exercises {unknown}; {name} has {sorted(exercises)}"
    without = [e for e in exercises if not any(a.exercise == e for a in answers)]
    assert not without, f"{name}: exercises {without} have no wrong answer in {path.name}"
    for a in answers:
        try:
            substitute(nb.cells[exercises[a.exercise].solution].source, a.code_for(name), a.block)
        except ValueError as e:
            pytest.fail(f"{path.name}: {a.describe()}: {e}")


@pytest.mark.timeout(RUNS_TIMEOUT)
@pytest.mark.parametrize("name", notebooks)
def test_wrong_answers_fail_their_tests(name: str) -> None:
    answers = [dataclasses.replace(a, code=a.code_for(name)) for a in load_wrong_answers(wrong_answers_file(name))]
    plan: dict[str, Any] = {}

    def transform(nb: Any) -> None:
        plan["wrong"], plan["reference"] = with_wrong_answers(nb, answers)

    run = execute(name, transform=transform)
    assert run.failure is None, f"{name} with its wrong answers stopped: {run.failure}"
    problems = judge(run.nb.cells, plan["wrong"], plan["reference"])
    assert not problems, f"{name}:\n" + "\n\n".join(problems)
    print(f"{name}: {len(plan['wrong'])} wrong answers rejected in {run.seconds:.1f} s")


def judge(cells: list[Any], planned: list[Planned], reference_tests: dict[str, int]) -> list[str]:
    """What is wrong with an executed plan: a wrong answer that does not run, passes its test, or
    fails it only by not compiling; an error in any other cell."""
    problems = []
    for p in planned:
        if errors(cells[p.solution]):
            problems.append(f"{p.answer.describe()} does not run, so it proves nothing about the test:\n"
                            + describe(cells[p.solution], errors(cells[p.solution])[0]))
            continue
        failures = errors(cells[p.test])
        if not failures:
            problems.append(f"{p.answer.describe()} passes the test: the test cannot tell it from the solution")
        elif failures[0].ename in NOT_RUN:
            problems.append(f"{p.answer.describe()} makes the test cell fail to compile, not fail its checks:\n"
                            + describe(cells[p.test], failures[0]))
    planned_cells = {p.solution for p in planned} | {p.test for p in planned}
    for i, cell in enumerate(cells):
        if i in planned_cells:
            continue
        for out in errors(cell):
            exercise = next((e for e, j in reference_tests.items() if j == i), None)
            where = (f"the reference test of {exercise} (after its wrong answers ran)" if exercise
                     else f"cell {cell.get('id')} ({cell.source[:60]!r})")
            problems.append(f"an error in {where}:\n" + describe(cell, out))
    return problems


# --- the harness itself, without a kernel ---------------------------------------------------------

def test_substitute_replaces_the_chosen_block_and_keeps_the_rest() -> None:
    source = "double f() {\n    double r = 0;\n    // BEGIN SOLUTION\n    r = 1;\n    // END SOLUTION\n    return r;\n}\n" \
             "double g = 0;\n// BEGIN SOLUTION\ng = 2;\n// END SOLUTION"
    assert substitute(source, "r = 3;\nr += 1;\n", 1) == (
        "double f() {\n    double r = 0;\n    // BEGIN SOLUTION\n    r = 3;\n    r += 1;\n    // END SOLUTION\n"
        "    return r;\n}\ndouble g = 0;\n// BEGIN SOLUTION\ng = 2;\n// END SOLUTION")
    assert substitute(source, "g = 5;", 2).endswith("// BEGIN SOLUTION\ng = 5;\n// END SOLUTION")
    with pytest.raises(ValueError, match="2 solution block"):
        substitute(source, "x", 3)


def test_the_plan_puts_each_wrong_answer_before_the_reference_and_cuts_after_the_last_test() -> None:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def graded(grade_id: str, source: str, **extra: Any) -> Any:
        return new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id, **extra}})

    nb = new_notebook(cells=[
        new_code_cell("int a = 1;"),
        graded("ex1-solution", "int x = 0;\n// BEGIN SOLUTION\nx = 1;\n// END SOLUTION", solution=True),
        graded("ex1-test", "assert x == 1;", grade=True),
        new_markdown_cell("next"),
        graded("ex2-solution", "int y = 0;\n// BEGIN SOLUTION\ny = 2;\n// END SOLUTION", solution=True),
        graded("ex2-test", "assert y == 2;", grade=True),
        new_code_cell("System.out.println(\"after the exercises\");"),
    ])
    answers = [WrongAnswer("ex2", "off by one", "y = 3;", number=1), WrongAnswer("ex1", "zero", "x = 0;", number=2),
               WrongAnswer("ex2", "negative", "y = -2;", number=3)]
    planned, reference = with_wrong_answers(nb, answers)
    sources = [c.source for c in nb.cells]
    assert sources[1:4] == [
        "int x = 0;\n// BEGIN SOLUTION\nx = 0;\n// END SOLUTION", "assert x == 1;",
        "int x = 0;\n// BEGIN SOLUTION\nx = 1;\n// END SOLUTION"]
    assert [p.answer.number for p in planned] == [2, 1, 3]
    assert [sources[p.solution].split("\n")[2] for p in planned] == ["x = 0;", "y = 3;", "y = -2;"]
    assert all(sources[p.test].startswith("assert") for p in planned)
    assert reference == {"ex1": 4, "ex2": 11}
    assert sources[-1] == "assert y == 2;", "cells after the last test cell are not run"


def test_judge_reports_each_way_a_wrong_answer_can_fail_to_prove_anything() -> None:
    from nbformat.v4 import new_code_cell, new_output

    def cell(ename: str | None = None) -> Any:
        c = new_code_cell("// a cell")
        if ename:
            c.outputs = [new_output("error", ename=ename, evalue="...", traceback=[])]
        return c

    answers = [WrongAnswer("ex1", f"answer {k}", "x = 0;", number=k) for k in range(1, 5)]
    cells = [cell(), cell(), cell("java.lang.AssertionError"),     # 1: rejected, as it should be
             cell("CompileError"), cell(),                        # 2: does not compile itself
             cell(), cell(),                                      # 3: passes the test
             cell(), cell("UnresolvedReference"),                 # 4: the test fails to compile
             cell(), cell("java.lang.IllegalStateException")]     # the reference test fails
    planned = [Planned(answers[k], 1 + 2 * k, 2 + 2 * k) for k in range(4)]
    problems = judge(cells, planned, {"ex1": 10})
    assert [p.split("\n")[0] for p in problems] == [
        "wrong answer #2 to ex1 (answer 2) does not run, so it proves nothing about the test:",
        "wrong answer #3 to ex1 (answer 3) passes the test: the test cannot tell it from the solution",
        "wrong answer #4 to ex1 (answer 4) makes the test cell fail to compile, not fail its checks:",
        "an error in the reference test of ex1 (after its wrong answers ran):",
    ]
    assert judge(cells[:3], planned[:1], {}) == []


def test_code_zh_is_the_same_program_and_serves_only_the_chinese_twin(tmp_path: Path) -> None:
    path = tmp_path / "99.toml"
    path.write_text("[[wrong]]\nexercise = \"ex1\"\nwhy = \"w\"\ncode = 'pick(\"accuracy\");'\n"
                    "code_zh = 'pick(\"精度\");'\n", encoding="utf-8")
    [a] = load_wrong_answers(path)
    assert a.code_for("zh/99-x.ipynb") == 'pick("精度");' and a.code_for("99-x.ipynb") == 'pick("accuracy");'
    path.write_text("[[wrong]]\nexercise = \"ex1\"\nwhy = \"w\"\ncode = 'pick(\"accuracy\");'\n"
                    "code_zh = 'choose(\"精度\");'\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="only in string literals"):
        load_wrong_answers(path)
