"""The quoted-number checker (issue 20; team decision 3): each number a notebook's text quotes is tied
to its markdown cell and to the printed output of the code cells it speaks of.

`tests/quotes/NN.toml` holds one table per markdown cell id of notebook NN (the same ids in the
Chinese twin, notebooks/zh/NN-*.ipynb):

    [nb06-08]                  # a markdown cell's id
    numbers = ["0.999", "0.12"] # each a whole token in this cell's text AND in the printed output
    from = ["nb06-07"]          # of these code cells (default: the nearest code cell above and the
                                # nearest below)
    cited = ["671", "1.76"]     # numbers the cell states that no output prints (the article, a paper,
                                # a setting, arithmetic in the prose)

The exact rules are in tests/README.md ("Quoted numbers"); this module states them in code. It reads
notebooks through `NotebookText`, a light copy of what matters (markdown, printed text), so the
tests can change a printed number and watch the checker catch it without re-running a notebook.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

QUOTES = Path(__file__).resolve().parent / "quotes"
KEYS = {"numbers", "from", "cited"}

# A number token: digits with optional thousands separators, decimals, exponent, and a percent sign
# (with or without a space). Not part of a longer number or a name: 17 is not in 170 or nb17,
# 0.38 is not in 0.383, 2,730 is not in 2,7300.
_BEFORE = r"(?<![0-9A-Za-z_.,])"
_AFTER = r"(?![0-9]|[.,][0-9])"
NUMBER = re.compile(
    _BEFORE + r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?(?: ?%)?" + _AFTER
)
ENTRY = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?(?: ?%)?")
# What the prose writes that the output writes otherwise (same length, so positions stay).
_SAME_LENGTH = str.maketrans({"\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
# Parts of markdown that are not prose: fenced code, inline code, link and image targets, bare URLs.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|\]\([^)]*\)|<https?://[^>]*>|https?://\S+", re.S)


def normalise(text: str) -> str:
    """The typographic minus of the prose is the hyphen of the output; narrow and no-break spaces
    are spaces."""
    return text.translate(_SAME_LENGTH)


def looks_measured(token: str) -> bool:
    """A decimal point, a thousands separator or a percent sign: the numbers the lint asks about."""
    return any(ch in token for ch in ".,%")


def entry_pattern(entry: str, edition: str = "en") -> re.Pattern[str]:
    """The regular expression that finds `entry` as a whole token. In the Chinese edition the
    space before % is optional (Chinese writes 98.5%)."""
    body = re.escape(normalise(entry))
    if edition == "zh" and entry.endswith("%"):
        body = re.escape(normalise(entry)[:-1].rstrip()) + r" ?%"
    return re.compile(_BEFORE + body + _AFTER)


def has_token(text: str, entry: str, edition: str = "en") -> bool:
    return entry_pattern(entry, edition).search(normalise(text)) is not None


def measured_tokens(markdown: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of every measured-looking number in the prose of a markdown cell
    (code, link targets and URLs left out)."""
    text = _NOT_PROSE.sub(lambda m: " " * len(m.group()), normalise(markdown))
    return [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(text) if looks_measured(m.group())]


@dataclass
class Cell:
    id: str
    kind: str  # "markdown" or "code"
    source: str
    printed: str = ""  # a code cell's streams and text/plain outputs, joined


@dataclass
class NotebookText:
    """What the checker reads of a notebook: its cells' ids, markdown and printed text."""

    name: str  # as it appears in messages, e.g. "zh/06-distillation.ipynb"
    edition: str
    cells: list[Cell]

    @classmethod
    def of(cls, nb: Any, name: str, edition: str = "en") -> "NotebookText":
        cells = []
        for cell in nb.cells:
            printed = []
            if cell.cell_type == "code":
                for out in cell.get("outputs", []):
                    if out.output_type == "stream":
                        printed.append(out.text)
                    elif out.output_type in ("execute_result", "display_data") and "text/plain" in out.data:
                        printed.append(out.data["text/plain"])
            cells.append(Cell(cell.get("id", ""), cell.cell_type, cell.source, "".join(printed)))
        return cls(name, edition, cells)

    def index(self, cell_id: str) -> int | None:
        return next((i for i, c in enumerate(self.cells) if c.id == cell_id), None)

    def neighbours(self, i: int) -> list[str]:
        """The ids of the nearest code cell above cell i and the nearest below."""
        above = next((c.id for c in reversed(self.cells[:i]) if c.kind == "code"), None)
        below = next((c.id for c in self.cells[i + 1:] if c.kind == "code"), None)
        return [x for x in (above, below) if x is not None]


@dataclass
class CellQuotes:
    numbers: list[str] = field(default_factory=list)
    sources: list[str] | None = None  # `from`; None: the neighbours
    cited: list[str] = field(default_factory=list)


def parse_quotes(data: dict[str, Any], where: str) -> dict[str, CellQuotes]:
    """The tables of a quotes file, checked for shape: unknown keys, non-lists, entries that are
    not a single number token fail here with the file and the cell named."""
    quotes: dict[str, CellQuotes] = {}
    for cell_id, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"{where}: [{cell_id}] must be a table (numbers/from/cited), not {table!r}")
        unknown = set(table) - KEYS
        if unknown:
            raise ValueError(f"{where}: [{cell_id}] has unknown keys {sorted(unknown)} (known: {sorted(KEYS)})")
        for key in table:
            value = table[key]
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ValueError(f"{where}: [{cell_id}] {key} must be a list of strings, not {value!r}")
        for key in ("numbers", "cited"):
            bad = [v for v in table.get(key, []) if not ENTRY.fullmatch(normalise(v))]
            if bad:
                raise ValueError(
                    f"{where}: [{cell_id}] {key} entries {bad} are not single number tokens "
                    f"(write \"18\", \"1,258\", \"0.963\", \"-20.6\", \"98.5 %\", \"8.04e+11\"; no words)"
                )
        twice = set(table.get("numbers", [])) & set(table.get("cited", []))
        if twice:
            raise ValueError(f"{where}: [{cell_id}] lists {sorted(twice)} under both numbers and cited")
        quotes[cell_id] = CellQuotes(table.get("numbers", []), table.get("from"), table.get("cited", []))
    return quotes


def load_quotes(path: Path) -> dict[str, CellQuotes]:
    with open(path, "rb") as f:
        return parse_quotes(tomllib.load(f), str(path))


def quotes_file(name: str) -> Path:
    """tests/quotes/NN.toml for notebook NN-name.ipynb (either edition)."""
    return QUOTES / f"{Path(name).name[:2]}.toml"


def check(notebook: NotebookText, quotes: dict[str, CellQuotes], lint: bool = True) -> list[str]:
    """Every problem of one executed notebook against its quotes, each naming notebook, cell and
    number. Empty when the text quotes what the cells print and (with `lint`) lists every
    measured-looking number."""
    nb, problems = notebook, []

    def say(cell_id: str, message: str) -> None:
        problems.append(f"{nb.name} cell {cell_id}: {message}")

    for cell_id, q in quotes.items():
        i = nb.index(cell_id)
        if i is None or nb.cells[i].kind != "markdown":
            say(cell_id, "no markdown cell has this id" if i is None else "is a code cell; quotes belong to markdown cells")
            continue
        markdown = nb.cells[i].source
        sources = q.sources if q.sources is not None else nb.neighbours(i)
        printed, bad_sources = [], []
        for source in sources:
            j = nb.index(source)
            if j is None or nb.cells[j].kind != "code":
                bad_sources.append(source)
            else:
                printed.append(nb.cells[j].printed)
        if bad_sources:
            say(cell_id, f"`from` names {bad_sources}, which are not code cells of this notebook")
        output = "\n".join(printed)
        for number in q.numbers:
            if not has_token(markdown, number, nb.edition):
                say(cell_id, f"{number!r} is listed under numbers but the text no longer says it "
                             f"(update the sentence or {quotes_file(nb.name).name})")
            elif not has_token(output, number, nb.edition):
                say(cell_id, f"the text quotes {number!r} but the output of {sources} does not print it "
                             f"(read the executed notebook and correct the sentence, or name the cell "
                             f"that prints it in `from`)")
    for cell in nb.cells if lint else []:
        if cell.kind != "markdown":
            continue
        q = quotes.get(cell.id, CellQuotes())
        covered = _spans(cell.source, q.numbers + q.cited, nb.edition)
        unlisted = [tok for start, end, tok in measured_tokens(cell.source)
                    if not any(s < end and start < e for s, e in covered)]
        if unlisted:
            say(cell.id, f"the text states {_unique(unlisted)}, which look measured but are listed neither "
                         f"under numbers (printed by a cell) nor under cited (from a source, a setting or "
                         f"arithmetic) in [{cell.id}] of {quotes_file(nb.name).name}")
    return problems


def stale_citations(quotes: dict[str, CellQuotes], editions: Iterable[NotebookText]) -> list[str]:
    """`cited` entries that no edition's cell states any more."""
    editions = list(editions)
    stale = []
    for cell_id, q in quotes.items():
        for number in q.cited:
            said = False
            for nb in editions:
                i = nb.index(cell_id)
                if i is not None and has_token(nb.cells[i].source, number, nb.edition):
                    said = True
            if not said:
                names = " or ".join(nb.name for nb in editions)
                stale.append(f"{names} cell {cell_id}: {number!r} is listed under cited but the text does not say it")
    return stale


def _spans(text: str, entries: list[str], edition: str) -> list[tuple[int, int]]:
    text = normalise(text)
    return [(m.start(), m.end()) for e in entries for m in entry_pattern(e, edition).finditer(text)]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
