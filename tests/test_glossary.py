"""One glossary for both editions (issue 19): the Chinese notebooks and the library use its terms.

notebooks/glossary.md pairs each English term with its Chinese form (zh.d2l.ai's where it has one).
The rule checked here, for every Chinese twin notebooks/zh/NN-*.ipynb:

    if the English notebook uses a glossary term (in its markdown, string literals or comments),
    its Chinese twin writes the glossary's Chinese form of it somewhere (markdown, strings, comments).

So a translator who writes 轮 where the glossary says 迭代周期, or 对数几率 for a term the glossary
gives as logit, fails with the notebook, the term and the form expected. The same rule holds for the
library's own Chinese labels (lib/src/main/resources/org/paramlab/core/labels-zh.tsv).

How a row of the glossary becomes terms (read the tests below for examples):
  - text in parentheses is left out of both columns: "dense (fully connected) layer" is "dense layer",
    "精度 (also 准确率)" is 精度;
  - both columns are split at ", " and " / ", and the parts paired in order: "batch, mini-batch" |
    "批量, 小批量"; when the English has more parts, its first ones are names Chinese text keeps as they
    are ("FP16, half precision" | "半精度": FP16 stays FP16, half precision is 半精度);
  - a term whose Chinese is its own name and what it is ("Adam 优化器", "sigmoid 函数") is satisfied by the
    name alone (Adam), as Chinese text often writes it;
  - English is read from markdown without its code spans (`optimizer` is code, not a term), string
    literals and comments; Chinese from all of markdown, string literals and comments;
  - a term written with a capital letter (Adam, FP32, He) is matched case-sensitively, others in any
    case, as whole words with an optional plural s/es; spaces next to a Chinese character are ignored
    (softmax 运算 = softmax运算);
  - a row whose English names a sense in parentheses that starts with "of" ("scale (of quantization)",
    "precision (of a number format)") is checked only in the notebooks its "first used" column names,
    since elsewhere the word is used in its everyday sense.
Exceptions are explicit, each with its reason: tests/glossary_exceptions.toml.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from java_tokens import texts
from notebook_files import NOTEBOOKS, REQUIRED, REPO, ZH, ZH_REQUIRED

GLOSSARY = NOTEBOOKS / "glossary.md"
EXCEPTIONS = Path(__file__).parent / "glossary_exceptions.toml"
LABELS = REPO / "lib" / "src" / "main" / "resources" / "org" / "paramlab" / "core" / "labels-zh.tsv"
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"


@dataclass(frozen=True)
class Term:
    english: str      # as matched in English text
    chinese: str      # the form the Chinese text must contain
    row: str          # the glossary row's English column, to name it in a failure
    only_in: tuple[str, ...] = ()  # notebook numbers the term is checked in (empty: all)


def split_parts(column: str) -> list[str]:
    without = re.sub(r"\s*\([^)]*\)", "", column).strip()
    return [p.strip() for p in re.split(r",\s+|\s+/\s+", without) if p.strip()]


def terms_of_row(english: str, chinese: str, first_used: str) -> list[Term]:
    en, zh = split_parts(english), split_parts(chinese)
    if not en or not zh:
        return []
    names = []
    if len(zh) == 1 and len(en) > 1:    # "FP16, half precision" | "半精度": FP16 is a name, kept as it is
        names, en = en[:-1], en[-1:]
    if len(en) != len(zh):
        raise ValueError(f"glossary row {english!r} | {chinese!r}: {len(en)} English parts {en} but {len(zh)} "
                         f"Chinese parts {zh}; write them so they pair in order")
    sense = re.search(r"\((of\b[^)]*)\)", english)
    only_in = tuple(sorted(set(re.findall(r"\b(\d\d)\b", first_used)))) if sense else ()
    return ([Term(n, n, english, only_in) for n in names]
            + [Term(e, c, english, only_in) for e, c in zip(en, zh)])


@cache
def glossary_terms() -> tuple[Term, ...]:
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("English", "") or set(cells[0]) <= set("-: "):
            continue
        terms += terms_of_row(cells[0], cells[1], cells[2])
    return tuple(terms)


@cache
def english_pattern(term: str) -> re.Pattern:
    words = r"[\s-]+".join(re.escape(w) for w in term.split())
    flags = 0 if any(ch.isupper() for ch in term) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w])", flags)


def squeeze(text: str) -> str:
    """Spaces next to a Chinese character removed: "softmax 运算" and "softmax运算" read the same."""
    return re.sub(rf"\s+(?=[{HAN}])|(?<=[{HAN}])\s+", "", text)


def notebook_text(path: Path, prose_only: bool = False) -> str:
    """What a reader reads of a notebook: markdown, and the string literals and comments of its code.
    With prose_only, markdown without its code (`x`, ``` blocks), the English side: code names are no terms."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            parts.append(re.sub(r"```.*?```|`[^`]*`", " ", source, flags=re.DOTALL) if prose_only else source)
        else:
            parts += texts(source)
    return "\n".join(parts)


@cache
def exceptions() -> dict[tuple[str, str], str]:
    """(term, notebook number or "labels") -> why the Chinese form is not needed there."""
    data = tomllib.loads(EXCEPTIONS.read_text(encoding="utf-8"))
    found = {}
    for e in data.get("exception", []):
        assert e.get("why", "").strip(), f"{EXCEPTIONS.name}: the exception for {e.get('term')!r} gives no reason"
        for where in e["where"]:
            found[(e["term"], where)] = e["why"]
    return found


@cache
def longer_terms(english: str) -> tuple[str, ...]:
    """The glossary terms that contain `english`: "activation function" for "activation"."""
    return tuple(t.english for t in glossary_terms() if t.english != english and english_pattern(english).search(t.english))


def uses(english_text: str, term: Term) -> re.Match | None:
    """The first place the English text uses `term` by itself, not as part of a longer glossary term
    ("activation" in "activation function" is the activation function, 激活函数, not 激活值)."""
    if not english_pattern(term.english).search(english_text):
        return None
    covered = [m.span() for t in longer_terms(term.english) for m in english_pattern(t).finditer(english_text)]
    for m in english_pattern(term.english).finditer(english_text):
        if not any(start <= m.start() and m.end() <= end for start, end in covered):
            return m
    return None


def missing_terms(english_text: str, chinese_text: str, where: str) -> list[str]:
    """Glossary terms the English text uses whose Chinese form the Chinese text lacks."""
    allowed = exceptions()
    chinese = squeeze(chinese_text)
    problems = []
    for term in glossary_terms():
        if term.only_in and where not in term.only_in:
            continue
        if (term.english, where) in allowed:
            continue
        m = uses(english_text, term)
        # "Adam 优化器", "sigmoid 函数": a name followed by what it is; Chinese text may write the name alone
        needed = term.english if term.chinese.lower().startswith(term.english.lower() + " ") else term.chinese
        if m and squeeze(needed) not in chinese:
            around = english_text[max(0, m.start() - 40): m.end() + 40].replace("\n", " ")
            problems.append(f"{term.english!r} (glossary row {term.row!r}) is used in English (…{around}…) but the "
                            f"Chinese never writes {needed!r}")
    return problems


# ---- the Chinese notebooks ----------------------------------------------------------------------------

def twin_or_xfail(n: str) -> Path:
    found = sorted(ZH.glob(f"{n}-*.ipynb"))
    if not found:
        if n in ZH_REQUIRED:
            pytest.fail(f"notebook {n}: its Chinese twin is missing (ZH_REQUIRED lists it)")
        pytest.xfail(f"notebook {n}: no Chinese twin yet")
    return found[0]


@pytest.mark.parametrize("n", REQUIRED)
def test_chinese_notebook_uses_the_glossary_terms(n: str) -> None:
    zh = twin_or_xfail(n)
    problems = missing_terms(notebook_text(NOTEBOOKS / zh.name, prose_only=True), notebook_text(zh), n)
    assert not problems, (f"notebooks/zh/{zh.name}: write the glossary's Chinese term (or, if the English means "
                          f"something else there, add an exception with its reason to tests/{EXCEPTIONS.name}):\n"
                          + "\n".join(f"- {p}" for p in problems))


CLASS_NAME_CALL = re.compile(r"\b[A-Z][A-Za-z]+\(")


def test_library_labels_use_the_glossary_terms() -> None:
    problems = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, chinese = line.split("\t")
            # a class name as the label prints it, "Dense(" or "PositionEmbedding(", is code, kept in both languages
            prose = CLASS_NAME_CALL.sub("(", english)
            problems += [f"label {english!r} -> {chinese!r}: {p}" for p in missing_terms(prose, chinese, "labels")]
    assert not problems, "\n".join(problems)


def test_every_exception_names_a_real_term_and_place() -> None:
    english_terms = {t.english for t in glossary_terms()}
    places = set(REQUIRED) | {"labels"}
    wrong = [f"{term!r} in {where!r}" for term, where in exceptions()
             if term not in english_terms or where not in places]
    assert not wrong, f"{EXCEPTIONS.name} lists exceptions for terms or places that do not exist: {wrong}"


# ---- the rule itself can fail -------------------------------------------------------------------------

@pytest.mark.parametrize("english, chinese, first_used, expected", [
    ("epoch", "迭代周期", "01", [("epoch", "迭代周期", ())]),
    ("accuracy", "精度 (also 准确率)", "02 §5", [("accuracy", "精度", ())]),
    ("batch, mini-batch", "批量, 小批量", "01", [("batch", "批量", ()), ("mini-batch", "小批量", ())]),
    ("FP16, half precision", "半精度", "01 §3", [("FP16", "FP16", ()), ("half precision", "半精度", ())]),
    ("structured / unstructured pruning", "结构化 / 非结构化剪枝", "07",
     [("structured", "结构化", ()), ("unstructured pruning", "非结构化剪枝", ())]),
    ("scale (of quantization)", "缩放因子", "08 §2", [("scale", "缩放因子", ("08",))]),
    ("dense (fully connected) layer", "全连接层", "01 §1", [("dense layer", "全连接层", ())]),
])
def test_rows_become_terms(english: str, chinese: str, first_used: str, expected: list) -> None:
    assert [(t.english, t.chinese, t.only_in) for t in terms_of_row(english, chinese, first_used)] == expected


def test_a_term_the_english_uses_must_be_in_the_chinese() -> None:
    english = "Train for 15 epochs with a learning rate of 0.1."
    assert any("迭代周期" in p for p in missing_terms(english, "以 0.1 的学习率训练 15 轮。", "04"))
    assert not [p for p in missing_terms(english, "以 0.1 的学习率训练 15 个迭代周期。", "04") if "epoch" in p]
    assert not [p for p in missing_terms("the softmax turns", "softmax运算把", "03") if "softmax" in p]
    assert not [p for p in missing_terms("trained with Adam", "用 Adam 训练", "05") if "Adam" in p]
    assert not [p for p in missing_terms("an activation function", "激活函数", "02") if "'activation'" in p], \
        "a term inside a longer one is the longer one"
    assert not [p for p in missing_terms("he said so", "他这么说", "03") if "'He" in p], "He is a name: case matters"
    assert [p for p in missing_terms("He initialization", "何恺明的初始化", "03") if "'He initialization'" in p]


def test_the_glossary_parses_and_pairs_every_row() -> None:
    terms = glossary_terms()
    assert len(terms) > 100, f"only {len(terms)} terms read from {GLOSSARY}"
    assert ("epoch", "迭代周期") in {(t.english, t.chinese) for t in terms}, "epoch should be 迭代周期 (decision 7)"
