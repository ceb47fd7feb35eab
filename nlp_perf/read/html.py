"""The article text of a saved government web page.

Scripts, styles, navigation, headers, footers, forms and elements whose class or id names
them (nav, menu, breadcrumb, footer, share, …) are removed; the article is the element that
holds the most Chinese text in its own paragraphs (the way Readability scores blocks), with
the page's main heading put before it when it stands outside.  Block elements become lines
and table rows become one line each, cells joined by tabs.
"""

from __future__ import annotations

import re
from itertools import islice

from ..chars import CJK
from ..errors import InputError, one_line

__all__ = ["html_text"]

_DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
              "button", "select", "input", "svg"]  # fmt: skip
_FURNITURE = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|foot|header|banner|sidebar|share|copyright|toolbar|"
    r"print|fontsize|font-size|search|login|related|position|location",
    re.I,
)
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
           "ul", "ol", "table", "tr", "blockquote", "pre", "dd", "dt", "center", "br"}  # fmt: skip
_CJK = re.compile(f"[{CJK}]")


def _is_furniture(tag) -> bool:
    attrs = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(attrs) and bool(_FURNITURE.search(attrs))


def _lines(node) -> list[str]:
    """Lines of text under ``node``: blocks break lines, table rows are tab-joined.

    The tree is walked with a stack of its own, not by recursion: html.parser nests every
    tag left open (``<p>…<p>…``, ``<td>…<td>…``, both valid HTML) inside the one before, so a
    long page written that way is thousands of levels deep.
    """
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    # (the children still to walk, whether the node they belong to is a block)
    stack = [(iter(node.children), False)]
    while stack:
        children, block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if block:
                flush()
        elif isinstance(child, NavigableString):
            if child.__class__.__name__ not in ("Comment", "Doctype", "Declaration"):
                current.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "tr":
                flush()
                cells = [" ".join(c.get_text(" ").split()) for c in child.find_all(["td", "th"])]
                if any(cells):
                    lines.append("\t".join(cells))
            elif child.name in _BLOCKS:
                flush()
                stack.append((iter(child.children), True))
            else:
                stack.append((iter(child.children), False))
    flush()
    return lines


def _removed(soup) -> list:
    """The elements to remove: scripts, navigation, forms … and elements whose class or id
    names furniture, outermost only (what is inside goes with them).

    One walk down the tree; bs4's ``tag.decomposed`` is not used, as on a tag that is still
    in the tree it searches the tag's whole subtree (for a child tag named "decomposed").
    """
    from bs4 import Tag

    out = []
    stack = [soup]
    while stack:
        for child in reversed(stack.pop().contents):
            if not isinstance(child, Tag):
                continue
            if child.name in _DROP_TAGS or (
                child.name not in ("html", "body") and _is_furniture(child)
            ):
                out.append(child)
            else:
                stack.append(child)
    return out


def html_text(html: str) -> str:
    """The article text of a web page's HTML."""
    try:
        from bs4 import BeautifulSoup
        from bs4.exceptions import ParserRejectedMarkup
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(
            "reading web pages needs beautifulsoup4 (pip install beautifulsoup4)"
        ) from None
    try:
        soup = BeautifulSoup(html, "html.parser")
    # ParserRejectedMarkup: what bs4 makes of html.parser's AssertionErrors on a broken
    # declaration; ValueError: a character reference too long for int() (&#999…9;)
    except (ParserRejectedMarkup, ValueError) as exc:
        raise InputError(f"not a readable web page ({one_line(exc)})") from None
    for tag in _removed(soup):
        tag.decompose()
    body = soup.body or soup
    scores: dict[int, float] = {}
    nodes = {}
    for block in body.find_all(["p", "td", "li", "h2", "h3", "div", "span"]):
        own = "".join(s for s in block.find_all(string=True, recursive=False))
        n = len(_CJK.findall(own))
        if n < 4:
            continue
        for k, parent in enumerate(islice(block.parents, 2)):
            if parent is None or parent.name in ("html", "[document]"):
                break
            nodes[id(parent)] = parent
            scores[id(parent)] = scores.get(id(parent), 0) + n / (k + 1)
    if not scores:
        return "\n".join(_lines(body))
    article = nodes[max(scores, key=scores.get)]
    lines = _lines(article)
    title = body.find("h1")
    if title is not None and title not in article.descendants:
        heading = " ".join(title.get_text(" ").split())
        if heading and heading not in lines:
            lines.insert(0, heading)
    return "\n".join(lines)
