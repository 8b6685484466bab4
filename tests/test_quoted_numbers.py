"""Numbers the notebooks' text quotes are the numbers their cells print (issue 11; 05-09: issues 7, 8).

A sentence such as "the training loss is already 2,730 after one epoch" goes stale silently when a
cell changes. For each notebook below we list the numbers its markdown quotes from its own outputs;
the test asserts that each one appears, as a whole number token, both in the markdown and in the
text the executed notebook printed (streams and text/plain of tables). A number that drifts, or a
sentence edited without its number, fails here with the notebook and the number named.

Only numbers read off an output belong in the lists, written exactly as printed (a rounded
"about 94 thousand" is prose; "93,750" would be a quote). The executions are shared with
test_notebooks.py when both run in one session.
"""
from __future__ import annotations

import re

import pytest

from notebook_files import notebook_params
from test_notebooks import runs, text_outputs

QUOTED: dict[str, list[str]] = {
    "01": ["0.581", "2,778", "2,684", "1,342", "17", "350", "3,520", "7,040", "335.5", "3.938", "98.5 %"],
    "02": ["0.733", "0.737", "0.884", "0.279", "0.512", "1,023", "219", "0.383", "0 of 18", "17 of 18", "5 of 5",
           "64 false alarms"],
    "03": ["0.970", "0.222", "0.952", "0.5803", "85 %", "8.5 %", "0.937", "0.929"],
    "04": ["-20.6", "93,750", "0.08447", "0.2074", "0.0007981", "0.8593",
           "0.863", "2.85", "1.58", "2,730", "0.2434", "0.955", "0.948", "0.937", "0.998", "0.956"],
    "05": ["76,810", "0.948", "0.974", "0.37", "1.1", "3.15", "0.963", "0.093", "377", "0.715", "0.785", "0.732", "0.781",
           "0.873", "0.687", "3,637,248", "58,195,968", "227,328"],
    "06": ["0.999", "0.658", "0.12", "0.053", "0.045", "0.0023", "0.828", "0.039", "0.878", "0.027", "0.860",
           "0.864", "0.831", "0.832", "0.004", "0.963", "0.974", "1,258"],
    "07": ["9,610", "4,736", "0.963", "0.97", "0.941", "0.867", "0.644", "0.959", "0.952", "0.896", "0.77", "0.869",
           "0.402", "0.962", "0.008", "0.951", "0.002", "1.2", "0.978", "0.800", "0.559", "0.796", "0.785", "31.0 %",
           "0.0289", "1.98", "15.2 %", "0.0695", "0.59", "38,562", "5,654", "6.8", "0.878", "0.956", "0.922"],
    "08": ["4,810", "19,362", "3,104", "3.94", "7.3"],
    "09": ["0.963", "0.97", "0.967", "0.959", "48.6", "0.86", "0.57", "0.889", "0.192", "99.7 %"],
    "10": ["3,509", "3,532", "1,532", "1.49 %", "36.6 %", "72.8 %", "96.3 %", "5.6 %", "78,950", "634,964", "81.1 %",
           "398", "354", "4,016,016", "4.811", "122.9", "927", "5.088", "4.859", "100 %", "98.5 %", "97.5 %", "32.5 %",
           "45 %", "54 %", "99 %", "59 %", "16 %", "1,600", "5.295", "5.349", "9,868", "2,925", "5.817", "6.5", "2.406", "5.735",
           "5.993", "4.8114", "-0.0002", "3.96", "+0.0310", "+0.0140", "9.05", "7.68", "+0.0090", "6.95", "19,840", "39,680",
           "2,548", "5,096", "0.0979", "0.1450", "8 of 10", "-0.0050", "-0.0112", "+0.0012", "+0.0476", "+0.4888", "5.2945",
           "+0.4832", "5.0885", "+0.2771", "8.04e+11", "0.80", "3.9e+11", "2.76e+05", "1.06e+06", "617,558,016", "0.35 %"],
}


def _normalise(text: str) -> str:
    return text.replace("\u2212", "-")  # the typographic minus of the prose is the hyphen of the output


def _has_token(text: str, number: str) -> bool:
    """`number` occurs not as part of a longer number: 0.38 is not in 0.383, 17 is not in 170."""
    pattern = r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)"
    return re.search(pattern, _normalise(text)) is not None


def _key(name: str) -> str | None:
    return next((k for k in QUOTED if name.startswith(k + "-")), None)


params = [p for p in notebook_params() if _key(p)]


@pytest.mark.timeout(400)
@pytest.mark.parametrize("name", params)
def test_numbers_in_the_text_are_the_printed_numbers(name: str) -> None:
    nb = runs(name)[0].nb
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    printed = "\n".join(text for _, _, text in text_outputs(nb))
    not_in_text = [n for n in QUOTED[_key(name)] if not _has_token(markdown, n)]
    not_printed = [n for n in QUOTED[_key(name)] if not _has_token(printed, n)]
    assert not not_in_text, (
        f"{name}: these numbers are listed as quoted but the markdown no longer says them: {not_in_text} "
        f"(update the sentence or the list in {__file__})"
    )
    assert not not_printed, (
        f"{name}: the text quotes {not_printed}, but no output prints them any more; "
        f"read the executed notebook and correct the sentence"
    )


def test_the_token_match_is_strict() -> None:
    assert _has_token("p(sun) = 0.383", "0.383")
    assert not _has_token("p(sun) = 0.383", "0.38")
    assert not _has_token("170 parameters", "17")
    assert _has_token("seventeen: 17 GPUs.", "17")
    assert _has_token("loss −20.6", "-20.6")
    assert not _has_token("2,7300", "2,730")
