"""Skip text a pattern cannot match, without running the pattern.

The figures and indicators try long regular expressions (alternations of dozens of keywords)
on every clause of a report, and most clauses hold none of them.  :class:`Prescreen` reads a
pattern once and finds sets of strings such that every match contains one string of each set:
for ``年初(?:部门)?预算|总收入`` one set, {年初, 总收入} (each branch gives a string it always
holds); for ``(?:目标|计划)\\d+，(?:实际|完成)`` three, {目标, 计划}, {，} and {实际, 完成}.  A
clause that lacks one of the sets is skipped by substring tests; any other clause still goes
to the pattern, so what is found does not change.  A pattern for which no such strings can be
read (a branch that may match anything, e.g. ``\\d+``) screens nothing.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

if sys.version_info >= (3, 11):
    from re import _constants as _c
    from re import _parser as _p
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

__all__ = ["Prescreen"]

_SMALL = 16  # a character class of at most this many characters is a set of them


class Prescreen:
    """A compiled pattern and the strings its matches must contain.

    ``needles`` is a tuple of alternatives: a match holds one string of each.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        needles: list[frozenset[str]] = []
        if not pattern.flags & re.IGNORECASE:
            try:
                needles = _each(_p.parse(pattern.pattern, pattern.flags))
            except Exception:  # a pattern this cannot read is simply not screened
                needles = []
        needles.sort(key=_rank)
        self.needles: tuple[tuple[str, ...], ...] = tuple(tuple(sorted(n)) for n in needles[:3])

    def may_match(self, text: str) -> bool:
        """False only if the pattern cannot match anywhere in ``text``."""
        return all(any(n in text for n in alternatives) for alternatives in self.needles)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.may_match(text) else iter(())


def _rank(needles: frozenset[str]) -> tuple[int, int]:
    """Fewer alternatives first, then longer ones: the sets that rule out most text."""
    return len(needles), -min(map(len, needles))


def _shortest(needles: set[str]) -> frozenset[str]:
    """Without the strings that hold another of them (found whenever that one is)."""
    return frozenset(n for n in needles if not any(m != n and m in n for m in needles))


def _each(items) -> list[frozenset[str]]:
    """For the sequence ``items``: sets of strings, a match holding one of each set.  A run
    of literal characters is one string."""
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(frozenset([run]))
            run = ""
        found = _item(op, av)
        if found is not None:
            out.append(found)
    if run:
        out.append(frozenset([run]))
    return out


def _one(items) -> frozenset[str] | None:
    """The most telling set of :func:`_each`, or None."""
    return min(_each(items), key=_rank, default=None)


def _item(op, av) -> frozenset[str] | None:
    if op is _c.IN:
        if any(o is not _c.LITERAL for o, _ in av) or len(av) > _SMALL:
            return None  # negated, a range or a category: no small set
        return frozenset(chr(v) for _, v in av)
    if op is _c.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags & re.IGNORECASE else _one(body)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _, body = av
        return _one(body) if low >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _one(av)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _one(branch)
            if found is None:
                return None
            union |= found
        return _shortest(union)
    return None  # anchors, look-arounds, back references, any character
