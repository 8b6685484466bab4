"""Java source as tokens, for comparing the two editions of a notebook (tests/test_editions.py).

The code of a Chinese notebook may differ from its English twin only in string literals and comments.
`tokens(code)` cuts a cell into Java tokens; `program(code)` keeps what must be equal (identifiers,
keywords, numbers, operators, and a placeholder where a string or char literal stands) and drops the
comments; `texts(code)` gives the string literals and comments themselves (the words a translator
changes). Handled: // and /* */ comments (javadoc too), "strings" with escapes, \"\"\" text blocks \"\"\",
'c' char literals, numbers (1_000, 0x1F, 1e-3f, .5), Java's operators (longest first), and the
kernel's %magics, which are read as operators and words like any other code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of token
STRING, CHAR, COMMENT, WORD, NUMBER, OPERATOR = "string", "char", "comment", "word", "number", "operator"

_TOKEN = re.compile(
    r'(?P<textblock>"""[ \t\f]*\r?\n(?:[^"\\]|\\.|"(?!""))*""")'   # text block: """ newline ... """
    r'|(?P<string>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<char>'(?:[^'\\\n]|\\.)+')"
    r"|(?P<line>//[^\n]*)"
    r"|(?P<block>/\*.*?(?:\*/|\Z))"
    r"|(?P<number>0[xX][0-9a-fA-F_]+[lL]?|0[bB][01_]+[lL]?"
    r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[fFdDlL]?)"
    r"|(?P<word>[A-Za-z_$][\w$]*)"
    r"|(?P<operator>>>>=|<<=|>>=|>>>|\.\.\.|->|::|\+\+|--|&&|\|\||==|!=|<=|>=|\+=|-=|\*=|/=|&=|\|=|\^=|%="
    r"|<<|>>|[-+*/%=<>!~?:;,.(){}\[\]&|^@#\\])"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int  # 1-based line of the cell where the token starts

    @property
    def shown(self) -> str:
        """How a test names the token: a literal's kind stands for it, since its text may differ."""
        if self.kind in (STRING, CHAR):
            return f"<{self.kind} literal {self.text[:40]!r}>"
        return repr(self.text)


def tokens(code: str) -> list[Token]:
    """Every token of `code`, comments included, whitespace left out."""
    found: list[Token] = []
    line = 1
    for m in _TOKEN.finditer(code):
        kind = m.lastgroup
        text = m.group()
        if kind != "space":
            kind = {"textblock": STRING, "line": COMMENT, "block": COMMENT, "other": OPERATOR}.get(kind, kind)
            if kind == COMMENT and text.startswith("/*") and not text.endswith("*/"):
                raise ValueError(f"line {line}: a /* comment is never closed")
            found.append(Token(kind, text, line))
        line += text.count("\n")
    return found


def program(code: str) -> list[Token]:
    """The tokens both editions must share: comments dropped, literals kept as tokens (compared by kind)."""
    return [t for t in tokens(code) if t.kind != COMMENT]


def same(a: Token, b: Token) -> bool:
    """Equal as the two editions must be: literals by kind only, everything else by its text."""
    if a.kind in (STRING, CHAR) or b.kind in (STRING, CHAR):
        return a.kind == b.kind
    return a.kind == b.kind and a.text == b.text


def texts(code: str) -> list[str]:
    """The string literals (without quotes) and comments (without // or /* */) of `code`."""
    out = []
    for t in tokens(code):
        if t.kind == STRING:
            out.append(t.text[3:-3] if t.text.startswith('"""') else t.text[1:-1])
        elif t.kind == COMMENT:
            out.append(t.text[2:] if t.text.startswith("//") else t.text[2:-2])
    return out


def string_value(token: Token) -> str:
    """A plain string literal's text, escapes resolved the simple way (\\" and \\\\)."""
    assert token.kind == STRING, token
    return token.text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
