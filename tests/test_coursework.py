"""Coursework (issue 10): the workbook assigned and graded with nbgrader, end to end.

As a teacher would, in a fresh course folder under a temporary directory and through nbgrader's
own command line: scripts/build-course.py (what `make coursework` runs) builds source/ and runs
`nbgrader generate_assignment`; three students hand in every assignment; `nbgrader autograde`
runs them with the paramlab kernel into a real gradebook, `nbgrader generate_feedback` writes
their HTML feedback and `nbgrader export` the grades CSV. The students:

  instructor    the source notebook, solutions and all: full marks, no error anywhere;
  untouched     the released notebook as it was handed out: 0 points, and the only cells that
                raise are the exercises' test cells, each with its AssertionError;
  one-exercise  the release with the first exercise's solution cells filled in from the source:
                exactly that exercise's points.

Nothing here names a notebook or a number of points: exercises are read from nbgrader's cell
metadata, so notebooks that land later join the course and this test by themselves. nbgrader
runs without the virtual environment on PATH and with a fresh HOME (a teacher's first command),
outside the repository (so only the data the assignment carries can be found). To keep CI short
the assignments are graded two at a time (PARAMLAB_COURSEWORK_WORKERS), each student's notebook
is executed exactly once, and the untouched student doubles as the check that a released
notebook runs top to bottom.

The Chinese course (issue 19: `make coursework EDITION=zh`, notebooks/zh/, course id paramlab-zh) is
built and graded in the same way and in the same pool of workers, with the untouched and one-exercise
students. Its instructor is left out: that execution (the source, solutions and hidden tests, every
test cell passing) is test_notebooks.py's run of the Chinese notebook, and the nbgrader metadata and
code that grade it are the English course's (test_editions.py proves them equal).
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import KERNEL_NAME, REPO, require_kernelspec
from notebook_files import all_editions_params, notebook_params, notebook_path, zh_notebook_params

pytestmark = pytest.mark.timeout(3600)  # the first test builds and grades the whole course

BUILDER = REPO / "scripts" / "build-course.py"
VENV_BIN = Path(sys.executable).absolute().parent
NBGRADER = VENV_BIN / "nbgrader"
WORKERS = int(os.environ.get("PARAMLAB_COURSEWORK_WORKERS", "2"))
STUB = "// YOUR CODE HERE"
INSTRUCTOR, UNTOUCHED, ONE_EXERCISE = "instructor", "untouched", "one-exercise"
STUDENTS = [INSTRUCTOR, UNTOUCHED, ONE_EXERCISE]
# The students of each edition's course; the Chinese instructor is test_notebooks.py's run (docstring)
EDITION_STUDENTS = {"en": STUDENTS, "zh": [UNTOUCHED, ONE_EXERCISE]}
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
# The repository's data files with their checksums (datasets/README.md records their sources and licences),
# and the endings of data files: whatever an assignment ships of either kind needs its provenance beside it.
DATA_CHECKSUMS = {line.split()[1].lstrip("*"): line.split()[0]
                  for line in (REPO / "datasets" / "SHA256SUMS").read_text().splitlines() if line.strip()}
DATA_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".parquet", ".npy", ".npz"}


@dataclass
class Exercise:
    """One autograded test cell and the solution cells since the previous one."""

    test_id: str
    points: float
    solution_ids: list[str]


def nbgrader_meta(cell: Any) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def exercises(nb: Any) -> list[Exercise]:
    found, solutions = [], []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and cell.cell_type == "code":
            solutions.append(meta["grade_id"])
        if meta.get("grade") and not meta.get("solution"):
            found.append(Exercise(meta["grade_id"], float(meta.get("points", 0)), solutions))
            solutions = []
    return found


def cells_by_id(nb: Any) -> dict[str, Any]:
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if nbgrader_meta(c).get("grade_id")}


def errors(nb: Any) -> list[tuple[int, Any, Any]]:
    """(index, cell, error output) of every error in an executed notebook."""
    return [(i, c, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.output_type == "error"]


def describe(i: int, cell: Any, out: Any) -> str:
    return f"cell {i} {nbgrader_meta(cell).get('grade_id', '')} ({cell.source[:70]!r}): {out.ename}: {out.evalue[:300]}"


def teacher_env(home: Path) -> dict[str, str]:
    """This machine's environment as a teacher's shell has it: the project's virtual environment
    is not activated (not on PATH), no Jupyter or ParamLab variables, a new home directory."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PARAMLAB", "PYTHON", "JPY_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and Path(p).absolute() != VENV_BIN)
    env["HOME"] = str(home)
    return env


@dataclass
class Course:
    root: Path
    env: dict[str, str]
    assignments: list[str]
    build_log: str
    built: bool  # build-course exited 0
    edition: str = "en"
    failures: dict[str, str] = field(default_factory=dict)  # assignment -> what failed while grading it
    seconds: dict[str, float] = field(default_factory=dict)  # autograde of the three students
    logs: dict[str, str] = field(default_factory=dict)
    grades: list[dict[str, str]] = field(default_factory=list)

    def notebook(self, folder: str, assignment: str, student: str | None = None) -> Any:
        base = self.root / folder / (student or "") / assignment
        return nbformat.read(base / f"{assignment}.ipynb", as_version=4)

    @property
    def students(self) -> list[str]:
        return EDITION_STUDENTS[self.edition]

    def run(self, *args: str, timeout: int = 1800) -> str:
        done = subprocess.run([str(NBGRADER), *args], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        log = f"$ nbgrader {' '.join(args)}\n{done.stdout}{done.stderr}"
        assert done.returncode == 0, what_failed(log)
        return log


def hand_in(course: Course, assignment: str) -> None:
    """The three students' submissions, in submitted/<student>/<assignment>/."""
    source = course.notebook("source", assignment)
    release = course.notebook("release", assignment)
    solved = nbformat.from_dict(json.loads(json.dumps(release)))
    first = exercises(source)[0]
    originals, targets = cells_by_id(source), cells_by_id(solved)
    for grade_id in first.solution_ids:
        targets[grade_id].source = originals[grade_id].source
    for student, nb in ((INSTRUCTOR, source), (UNTOUCHED, release), (ONE_EXERCISE, solved)):
        if student not in course.students:
            continue
        folder = course.root / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")


# The last line of a traceback, e.g. "sqlite3.IntegrityError: UNIQUE constraint failed: student.id"
EXCEPTION_LINE = re.compile(r"^\s*(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Entry|Died|Interrupt)\b(?::|$)")


def what_failed(log: str, tail: int = 6000) -> str:
    """A failed nbgrader command's exceptions and ERROR lines, then its log's end. nbgrader prints a student's
    traceback where that student's grading stopped, often far above the end, which says only
    "Please see the the above traceback"."""
    found = [line.strip() for line in log.splitlines() if "| ERROR]" in line or EXCEPTION_LINE.match(line)]
    return "\n".join(["what failed:", *dict.fromkeys(found), "[...] the log's end:", log[-tail:]])


def add_students(course: Course) -> None:
    """The students into the gradebook before any grading, as a teacher adds a class (`nbgrader db student
    import`). Two autogrades at once would otherwise both find a student missing and both insert it: the
    second fails with "UNIQUE constraint failed: student.id" (3 of 10 starts of two at once, 0 of 12 with
    the students added first)."""
    for student in course.students:
        course.run("db", "student", "add", student, timeout=300)


def grade(course: Course, assignment: str) -> None:
    start = time.monotonic()
    log = course.run("autograde", assignment)
    course.seconds[assignment] = time.monotonic() - start
    course.logs[assignment] = log + course.run("generate_feedback", assignment)


def attempt(course: Course, assignment: str) -> str | None:
    """Hands in and grades one assignment; returns what went wrong, or None."""
    try:
        hand_in(course, assignment)
        grade(course, assignment)
    except Exception as e:  # noqa: BLE001 - reported by that assignment's tests
        return f"{assignment}: {type(e).__name__}: {e}"
    return None


def head_and_tail(text: str, head: int = 4000, tail: int = 6000) -> str:
    """A long failure's beginning (where a kernel that died at start leaves its own stderr) and its end (the traceback)."""
    return text if len(text) <= head + tail else text[:head] + "\n[...]\n" + text[-tail:]


def graded(course: Course, name: str) -> str:
    """The assignment of a notebook, after checking it was released and graded without a hitch."""
    a = released(course, name)
    assert a not in course.failures, head_and_tail(course.failures[a])
    return a


def released(course: Course, name: str) -> str:
    a = assignment_of(name)
    assert (course.root / "release" / a).is_dir(), f"{name} was not released:\n{course.build_log[-6000:]}"
    return a


def edition_of(name: str) -> str:
    return "zh" if name.startswith("zh/") else "en"


def selected_assignments(request: pytest.FixtureRequest) -> set[tuple[str, str]]:
    """The (edition, assignment) pairs the selected tests of this module look at (all, unless -k narrows
    them): `-k 02` grades notebook 02 of both editions, `-k zh/02` its Chinese twin only."""
    names = {item.callspec.params["name"] for item in request.session.items
             if item.module is request.module and hasattr(item, "callspec") and "name" in item.callspec.params}
    return {(edition_of(n), Path(n).stem) for n in names if not n.endswith("-MISSING")}


def build(edition: str, tmp: Path) -> Course:
    """A fresh course of one edition, as a teacher builds it: build-course.py, nbgrader on its own."""
    home = tmp / f"home-{edition}"
    home.mkdir()
    root = tmp / f"course-{edition}"
    env = teacher_env(home)
    start = time.monotonic()
    built = subprocess.run([sys.executable, str(BUILDER), str(root), "--edition", edition], env=env,
                           capture_output=True, text=True, timeout=1200)
    print(f"\nbuild-course --edition {edition} (source/ and generate_assignment): {time.monotonic() - start:.0f} s")
    source = root / "source"
    assignments = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    return Course(root, env, assignments, built.stdout + built.stderr, built.returncode == 0, edition)


EDITIONS = ["en"] + (["zh"] if zh_notebook_params() else [])


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> dict[str, Course]:
    """Both editions' courses, built, and all their selected assignments graded in one pool of workers."""
    require_kernelspec(KERNEL_NAME)
    assert NBGRADER.is_file(), f"nbgrader is not installed in {VENV_BIN.parent}: run `make venv`"
    tmp = tmp_path_factory.mktemp("coursework")
    built = {edition: build(edition, tmp) for edition in EDITIONS}
    selected = selected_assignments(request)
    # Each assignment is graded on its own: one that fails fails its own tests only.
    to_grade = [(c, a) for c in built.values() for a in c.assignments
                if (c.edition, a) in selected and (c.root / "release" / a).is_dir()]
    for c in built.values():
        if any(graded is c for graded, _ in to_grade):   # a course with something to grade, even if its build failed
            add_students(c)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for (c, a), problem in zip(to_grade, pool.map(lambda ca: attempt(*ca), to_grade)):
            if problem:
                c.failures[a] = problem
    print(f"autograde + feedback, {WORKERS} at a time: {time.monotonic() - start:.0f} s; "
          + ", ".join(f"{c.edition}/{a} {s:.0f} s" for c in built.values() for a, s in sorted(c.seconds.items())))
    for c in built.values():
        if any(c.edition == e for e, _ in selected):
            c.run("export")
            with open(c.root / "grades.csv", newline="") as f:
                c.grades = list(csv.DictReader(f))
    return built


@pytest.fixture
def course(courses: dict[str, Course], request: pytest.FixtureRequest) -> Course:
    """The course of the test's edition: from its notebook's name ("zh/..."), or its `edition` parameter."""
    params = request.node.callspec.params if hasattr(request.node, "callspec") else {}
    edition = edition_of(params["name"]) if "name" in params else params.get("edition", "en")
    return courses[edition]


def assignment_of(name: str) -> str:
    return notebook_path(name).stem  # fails clearly for a missing required notebook


params = all_editions_params()  # "06-distillation.ipynb" and "zh/06-distillation.ipynb"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_notebook_is_an_assignment(course: Course, edition: str) -> None:
    expected = [assignment_of(name) for name in params if edition_of(name) == edition]
    assert course.assignments == expected, (
        f"source/ has {course.assignments}, notebooks/{'zh/' if edition == 'zh' else ''} has {expected}\n"
        f"{course.build_log}")
    assert course.built, f"build-course failed:\n{course.build_log[-6000:]}"
    course_id = "paramlab-zh" if edition == "zh" else "paramlab"
    assert f'course_id = "{course_id}"' in (course.root / "nbgrader_config.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", params)
def test_release_is_the_student_version(course: Course, name: str) -> None:
    a = released(course, name)
    source, release = course.notebook("source", a), course.notebook("release", a)
    original = nbformat.read(notebook_path(name), as_version=4)
    hidden = [e.test_id for e in exercises(original) if HIDDEN_BEGIN in cells_by_id(original)[e.test_id].source]
    assert hidden, f"{name}: no exercise has a hidden test (// {HIDDEN_BEGIN} ... // {HIDDEN_END} in a test cell)"
    assert all(HIDDEN_BEGIN in cells_by_id(source)[t].source for t in hidden), "source/ lost the hidden tests"

    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", HIDDEN_BEGIN, HIDDEN_END):
        assert marker not in text, f"{name}: the release still contains {marker!r}"
    solutions = [c for c in release.cells if nbgrader_meta(c).get("solution") and c.cell_type == "code"]
    assert solutions and all(STUB in c.source for c in solutions), f"{name}: a solution cell lacks the stub {STUB!r}"
    outputs = [i for i, c in enumerate(release.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not outputs, f"{name}: cells {outputs} of the release have outputs"
    assert release.metadata.kernelspec.name == KERNEL_NAME

    # Everything beside the notebook travels with it: the data files it reads, their provenance.
    beside = sorted(p.name for p in (course.root / "source" / a).iterdir() if p.suffix != ".ipynb")
    handed_out = sorted(p.name for p in (course.root / "release" / a).iterdir() if p.suffix != ".ipynb")
    assert beside == handed_out, f"{name}: source/ has {beside}, release/ has {handed_out}"
    data = [p for p in beside if p in DATA_CHECKSUMS or Path(p).suffix in DATA_SUFFIXES]
    if data:
        assert "DATASETS.md" in beside, f"{name}: data without its sources and licences: {beside}"
        note = (course.root / "source" / a / "DATASETS.md").read_text(encoding="utf-8")
    for p in data:
        assert f"`{p}`" in note, f"{name}: DATASETS.md beside the notebook does not name {p}"
        assert p in DATA_CHECKSUMS, f"{name}: ships {p}, which datasets/SHA256SUMS does not record (no provenance)"
        shipped = hashlib.sha256((course.root / "release" / a / p).read_bytes()).hexdigest()
        assert shipped == DATA_CHECKSUMS[p], f"{name}: the {p} handed out is not the one datasets/SHA256SUMS records"


@pytest.mark.parametrize("name", notebook_params())  # English only: the Chinese instructor is test_notebooks.py's
def test_instructor_solution_scores_full_marks(course: Course, name: str) -> None:
    a = graded(course, name)
    nb = course.notebook("autograded", a, INSTRUCTOR)
    assert nb.metadata.kernelspec.name == KERNEL_NAME, nb.metadata.kernelspec
    found = errors(nb)
    assert not found, f"{name}: the instructor's solution raises:\n" + "\n".join(describe(*e) for e in found)
    full = sum(e.points for e in exercises(nb))
    assert full > 0
    assert score(course, a, INSTRUCTOR) == (full, full), course.logs[a][-3000:]


@pytest.mark.parametrize("name", params)
def test_untouched_release_scores_zero_and_only_test_cells_raise(course: Course, name: str) -> None:
    a = graded(course, name)
    nb = course.notebook("autograded", a, UNTOUCHED)
    unexecuted = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
                  and c.execution_count is None]
    assert not unexecuted, f"{name}: cells {unexecuted} of the released notebook did not run"
    tests = {e.test_id for e in exercises(nb)}
    wrong = [describe(*e) for e in errors(nb)
             if nbgrader_meta(e[1]).get("grade_id") not in tests or "AssertionError" not in e[2].ename]
    assert not wrong, (f"{name}: in the released notebook only the test cells may raise, each with its "
                       f"AssertionError; these cells raise otherwise:\n" + "\n".join(wrong))
    raising = {nbgrader_meta(c).get("grade_id") for _, c, _ in errors(nb)}
    assert raising == tests, f"{name}: test cells {sorted(tests - raising)} pass without any solution"
    assert score(course, a, UNTOUCHED) == (0.0, sum(e.points for e in exercises(nb)))


@pytest.mark.parametrize("name", params)
def test_one_solved_exercise_scores_exactly_its_points(course: Course, name: str) -> None:
    a = graded(course, name)
    nb = course.notebook("autograded", a, ONE_EXERCISE)
    found = exercises(nb)
    first, others = found[0], found[1:]
    raising = {nbgrader_meta(c).get("grade_id") for _, c, _ in errors(nb)}
    assert raising == {e.test_id for e in others}, (
        f"{name}: with only {first.solution_ids} solved, exactly the other test cells should raise:\n"
        + "\n".join(describe(*e) for e in errors(nb)))
    assert score(course, a, ONE_EXERCISE) == (first.points, sum(e.points for e in found))
    per_cell = cell_scores(course, a, ONE_EXERCISE)
    assert per_cell == {e.test_id: (e.points if e is first else 0.0) for e in found}, per_cell


@pytest.mark.parametrize("name", params)
def test_hidden_tests_are_restored_at_autograde(course: Course, name: str) -> None:
    """Whatever a student did to a test cell, the grader runs the source's, hidden lines included."""
    a = graded(course, name)
    source = cells_by_id(course.notebook("source", a))
    for student in course.students:
        ran = cells_by_id(course.notebook("autograded", a, student))
        for e in exercises(course.notebook("source", a)):
            assert ran[e.test_id].source == source[e.test_id].source, (
                f"{name}: {student}'s graded test cell {e.test_id} is not the source's")
            assert ran[e.test_id].execution_count is not None


@pytest.mark.parametrize("name", params)
def test_feedback_shows_each_failing_test_message(course: Course, name: str) -> None:
    a = graded(course, name)
    for student in course.students:
        page = course.root / "feedback" / student / a / f"{a}.html"
        assert page.is_file(), f"no feedback for {student}: {page}"
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        for i, cell, out in errors(course.notebook("autograded", a, student)):
            message = out.evalue.strip().splitlines()[0]
            assert message and message in text, f"{name}: {student}'s feedback lacks {describe(i, cell, out)}"
        if student != INSTRUCTOR:
            assert "AssertionError" in text


@pytest.mark.parametrize("name", params)
def test_exported_csv_has_every_student(course: Course, name: str) -> None:
    a = graded(course, name)
    nb = course.notebook("source", a)
    found = exercises(nb)
    full = sum(e.points for e in found)
    rows = {r["student_id"]: r for r in course.grades if r["assignment"] == a}
    assert sorted(rows) == sorted(course.students), f"{name}: grades.csv rows {sorted(rows)}"
    expected = {s: v for s, v in {INSTRUCTOR: full, UNTOUCHED: 0.0, ONE_EXERCISE: found[0].points}.items()
                if s in course.students}
    got = {s: (float(r["score"]), float(r["max_score"])) for s, r in rows.items()}
    assert got == {s: (v, full) for s, v in expected.items()}, got


@pytest.mark.parametrize("edition", EDITIONS)
def test_course_folder_is_portable(course: Course, edition: str) -> None:
    """No absolute path of this machine in what a teacher copies elsewhere (the gradebook aside)."""
    copied = [course.root / "nbgrader_config.py", *(course.root / "source").rglob("*"),
              *(course.root / "release").rglob("*")]
    leaks = [str(p) for p in copied if p.is_file() and p.suffix in (".py", ".ipynb", ".md")
             and (str(REPO) in p.read_text(encoding="utf-8") or str(course.root) in p.read_text(encoding="utf-8"))]
    assert not leaks, f"absolute paths in {leaks}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_first_command_in_a_new_course_works_without_the_venv_on_path(course: Course, edition: str,
                                                                     tmp_path: Path) -> None:
    """nbgrader runs `alembic` by name when it creates gradebook.db; the course's nbgrader_config.py
    lets the very first command of a teacher who calls .venv/bin/nbgrader directly succeed."""
    fresh = tmp_path / "new-course"
    fresh.mkdir()
    shutil.copy(course.root / "nbgrader_config.py", fresh)
    assert shutil.which("alembic", path=course.env["PATH"]) is None, "alembic is on the teacher's PATH anyway"
    first = Course(fresh, course.env, [], "", True)
    first.run("db", "student", "add", "ada", "--first-name=Ada", timeout=300)
    assert (fresh / "gradebook.db").is_file()
    assert "ada" in first.run("db", "student", "list", timeout=300)


def score(course: Course, assignment: str, student: str) -> tuple[float, float]:
    """(score, max score) of a submission, from the gradebook."""
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        submission = gb.find_submission(assignment, student)
        return submission.score, submission.max_score


def cell_scores(course: Course, assignment: str, student: str) -> dict[str, float]:
    """The score of each graded cell of a submission, from the gradebook."""
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: g.score for g in notebook.grades}


def test_builder_copies_only_what_a_notebook_reads(tmp_path: Path) -> None:
    """The builder reads notebooks, not a list: a notebook that calls no loader gets no data,
    one that calls Datasets.digits() gets digits.csv, a linked local file travels along, and a
    linked notebook does not (it is an assignment of its own)."""
    repo = tmp_path / "repo"
    notebooks = repo / "notebooks"
    notebooks.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "display_name": "Java",
                                                           "language": "java"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("See [the words](words.md), [the site](https://example.org) and "
                                      "[the next notebook](91-plain.ipynb)."),
        nbformat.v4.new_code_cell("var t = Datasets.digits();"),
        nbformat.v4.new_code_cell("int x = 0;\n// BEGIN SOLUTION\nx = 1;\n// END SOLUTION",
                                  metadata={"nbgrader": {"grade": False, "grade_id": "s", "locked": False,
                                                         "schema_version": 3, "solution": True, "task": False}}),
        nbformat.v4.new_code_cell("if (x != 1) throw new AssertionError(\"x should be 1\");",
                                  metadata={"nbgrader": {"grade": True, "grade_id": "t", "locked": True, "points": 2,
                                                         "schema_version": 3, "solution": False, "task": False}}),
    ]
    nbformat.write(nb, notebooks / "90-digits.ipynb")
    nb.cells[1].source = "int y = 2;"
    nbformat.write(nb, notebooks / "91-plain.ipynb")
    (notebooks / "words.md").write_text("weight 权重\n")
    (repo / "scripts").mkdir()
    shutil.copy(BUILDER, repo / "scripts")
    shutil.copy(BUILDER.parent / "paramlab_kernel_manager.py", repo / "scripts")  # the course config uses it
    shutil.copytree(REPO / "datasets", repo / "datasets")
    done = subprocess.run([sys.executable, str(repo / "scripts" / BUILDER.name), str(tmp_path / "c"), "--no-release"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    listing = {a.name: sorted(p.name for p in a.iterdir()) for a in (tmp_path / "c" / "source").iterdir()}
    assert listing == {
        "90-digits": ["90-digits.ipynb", "DATASETS.md", "digits.csv", "words.md"],
        "91-plain": ["91-plain.ipynb", "words.md"],
    }, listing
    assert "2 points" in done.stdout, done.stdout

    # The Chinese edition: notebooks/zh/ links the glossary as ../words.md; it travels along and the link is
    # rewritten; the data note is in Chinese.
    (notebooks / "zh").mkdir()
    nb.cells[0].source = "见[术语表](../words.md)。"
    nb.cells[1].source = "var t = Datasets.digits();"
    nbformat.write(nb, notebooks / "zh" / "90-digits.ipynb")
    done = subprocess.run([sys.executable, str(repo / "scripts" / BUILDER.name), str(tmp_path / "zh"), "--no-release",
                           "--edition", "zh"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "zh" / "source" / "90-digits"
    assert sorted(p.name for p in folder.iterdir()) == ["90-digits.ipynb", "DATASETS.md", "digits.csv", "words.md"]
    assert "见[术语表](words.md)" in (folder / "90-digits.ipynb").read_text(encoding="utf-8")
    assert (folder / "DATASETS.md").read_text(encoding="utf-8").startswith("# 本作业的数据")
    assert 'course_id = "paramlab-zh"' in (tmp_path / "zh" / "nbgrader_config.py").read_text(encoding="utf-8")
