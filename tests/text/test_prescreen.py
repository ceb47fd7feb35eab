"""Prescreens skip only text their pattern cannot match, so the figures found do not change."""

from __future__ import annotations

import random
import re

import pytest
from conftest import DATA, ROOT

from nlp_perf.chars import simplify
from nlp_perf.figures.indicators import _TEXT_INDICATOR
from nlp_perf.figures.keyfigures import _RULES_BY_UNIT, _rules_for
from nlp_perf.read import read_document
from nlp_perf.text.prescreen import Prescreen


def _clauses() -> list[str]:
    fixtures = (p for p in (ROOT / "tests" / "data").glob("*") if p.is_file())  # not formats/
    paths = sorted((DATA / "reports").glob("*.txt")) + sorted(fixtures)
    out = []
    for p in paths:
        text = simplify(read_document(p).text)
        out += re.findall(r"[^。；;！？!?\n]+[。；;！？!?]?", text)
    return out


def test_each_figure_rule_is_tried_on_every_clause_it_matches():
    """A rule is tried only on a clause holding the unit of its value (元, %, 分) and the words
    its screen requires: every clause it matches has them."""
    clauses = _clauses()
    rules = [rule for _, rs in _RULES_BY_UNIT.values() for rule in rs]
    assert {"元", "%", "分"} == set(_RULES_BY_UNIT)
    tried = 0
    for clause in clauses:
        found = list(_rules_for(clause))
        tried += bool(found)
        missed = [r for r in rules if r.pattern.search(clause) and not any(r is f for f in found)]
        assert not missed, (clause, missed)
    # and they do skip: most clauses are tried by no rule
    assert 0 < tried < len(clauses) / 2


@pytest.mark.parametrize("screen", [_TEXT_INDICATOR], ids=["indicators"])
def test_the_package_screens_skip_no_clause_their_pattern_matches(screen):
    clauses = _clauses()
    matched = [c for c in clauses if screen.pattern.search(c)]
    skipped = [c for c in clauses if not screen.may_match(c)]
    assert matched and not [c for c in matched if not screen.may_match(c)]
    assert screen.search(matched[0]) is not None
    # and they do skip: most clauses hold no figure keyword, and no indicator
    assert len(skipped) > len(clauses) / 2


TRICKY = [
    r"年初(?:部门)?预算(?:数)?",  # optional parts are not required
    r"(?:全年|调整后(?:的)?)预算|总预算",  # branches: one string of each
    r"[“”\"']?三公[“”\"']?经费",
    r"(?<=万元[，,])(?:合计|共计)",  # the look-behind is not required text
    r"a{2,3}b|c+d?",
    r"(?:ab)*c|d",  # a repeat that may be absent
    r"x[yz]|w[^q]",
    r"(?i:ab)c|ABd",  # case-insensitive inside: that branch's letters are not required
    r"(?P<n>ab)(?P=n)|zz",
]


@pytest.mark.parametrize("pattern", TRICKY)
def test_constructed_patterns_on_random_text(pattern):
    """Wherever the pattern matches, the screen lets the text through."""
    screen = Prescreen(re.compile(pattern))
    rng = random.Random(pattern)
    # characters, and the words of the patterns so that they do match now and then
    alphabet = list("abcdwxyzqAB年初预算总三元，,合共“'") + [
        " ",
        "ab",
        "AB",
        "年初",
        "部门",
        "预算",
    ]
    alphabet += ["数", "全年", "调整后", "的", "三公", "经费", "万元", "合计", "共计"]
    passed = 0
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if screen.pattern.search(text):
            assert screen.may_match(text), text
            passed += 1
    assert passed  # the random texts did exercise the pattern


def test_what_a_screen_requires():
    assert Prescreen(re.compile(r"年初(?:部门)?预算")).needles == (("年初",), ("预算",))
    assert Prescreen(re.compile(r"万元|元|亿元")).needles == (("元",),)
    # each part of a sequence that must appear is checked
    both = Prescreen(re.compile(r"(?:目标|计划)\d+，(?:实际|完成)"))
    assert both.may_match("目标90，实际95") and not both.may_match("目标90，预计95")
    # a pattern that can match anything screens nothing
    for anything in (r"\d+", r"a|\w", r"(?i)abc", r"x?"):
        screen = Prescreen(re.compile(anything))
        assert screen.needles == () and screen.may_match("")
    assert list(Prescreen(re.compile("预算")).finditer("决算")) == []
