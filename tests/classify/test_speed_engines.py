"""Speed without changing results: the segmenter's engines and cache, and what gets imported.

The segmenter fills jieba's prefix dictionary from nlp_perf's own cache, a piece at a time
(nlp_perf/prefixdict.py), and in long runs cuts with rjieba (nlp_perf/tokenizer.py); these
tests check that both engines cut exactly as jieba does with its whole dictionary, on every
sentence of the corpus and on random texts.  Timings are in benchmarks/bench.py.
"""

from __future__ import annotations

import csv
import functools
import random
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from nlp_perf.classify.features import normalize
from nlp_perf.classify.prefixdict import PrefixDict
from nlp_perf.classify.tokenizer import FAST_AFTER, Segmenter, _quiet, cache_dir, get_segmenter
from nlp_perf.text.outline import SECTION_SEPARATOR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def whole():
    """A jieba Tokenizer that loaded its whole dictionary itself (no user dictionary)."""
    import jieba

    get_segmenter()  # writes nlp_perf's cache, and jieba's, if this is the first use
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(cache_dir())
    with _quiet("jieba"):
        tok.initialize()
    return tok


def _reference(whole, user_dict: Path):
    """The reference: jieba with its whole dictionary and ``user_dict`` loaded by jieba."""
    import jieba

    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(whole.FREQ), whole.total, True
    with _quiet("jieba"):
        tok.load_userdict(str(user_dict))
    return tok


@functools.cache
def _corpus_texts() -> tuple[str, ...]:
    """Every sentence and every heading of the corpus, normalised as the features see them."""
    with open(ROOT / "data" / "corpus.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    headings = {h for r in rows for h in r["section"].split(SECTION_SEPARATOR) if h}
    return tuple(normalize(t) for t in [r["text"] for r in rows] + sorted(headings))


ENGINES = ["jieba", "rjieba"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_segmenter_cuts_every_corpus_sentence_as_jieba_does(whole, engine):
    with resources.as_file(resources.files("nlp_perf") / "data" / "userdict.txt") as path:
        reference = _reference(whole, path)
    texts = _corpus_texts()
    assert len(texts) > 12_000
    ours = Segmenter(engine=engine)
    assert ours.engine == engine
    assert ours._prefixes is not None, "the segmenter did not use nlp_perf's dictionary cache"
    different = [
        t for t in texts if ours.cut(t) != [w for w in reference.lcut(t) if not w.isspace()]
    ]
    assert different == []
    # It holds only the part of the dictionary these texts can use.
    assert len(ours._tokenizer.FREQ) < len(reference.FREQ) / 2


def _random_texts(n: int) -> list[str]:
    """Texts mixing corpus characters with what the two engines treat differently."""
    rnd = random.Random(7)
    han = sorted({c for t in _corpus_texts()[:3000] for c in t if "\u4e00" <= c <= "\u9fd5"})
    odd = list("aZx09-_.%+#&/:@ \t\n，。（）％－．＿") + ["\u3400", "\u9fd6", "\u9fff", "𠀀"]
    pieces = han + ["预算执行率", "万元", "2023", "60-80", "0.4", "a_b", "GB/T"]
    return [
        "".join(
            rnd.choice(pieces if rnd.random() < 0.6 else odd) for _ in range(rnd.randint(1, 16))
        )
        for _ in range(n)
    ]


def test_rjieba_cuts_random_texts_as_jieba_does(whole):
    with resources.as_file(resources.files("nlp_perf") / "data" / "userdict.txt") as path:
        reference = _reference(whole, path)
    ours = Segmenter(engine="rjieba")
    texts = _random_texts(5000)
    different = [
        t for t in texts if ours.cut(t) != [w for w in reference.lcut(t) if not w.isspace()]
    ]
    assert different == []


def test_the_cache_holds_jiebas_whole_dictionary(whole):
    kept = PrefixDict.read(PrefixDict.path_in(cache_dir()))
    assert kept is not None
    freq: dict[str, int] = {}
    kept.fill(freq, "\n".join({w[:2] for w in whole.FREQ}))
    assert kept.total == whole.total
    assert freq == whole.FREQ


@pytest.mark.parametrize("engine", ENGINES)
def test_user_words_replace_jiebas_frequencies_as_in_jieba(tmp_path, whole, engine):
    d = tmp_path / "dict.txt"
    # a new word, words jieba knows (given other frequencies), and a word without frequency
    d.write_text("青溪县农业农村局 100 n\n绩效 3\n执法检查 1\n预算绩效\n", encoding="utf-8")
    ours, ref = Segmenter(str(d), engine=engine), _reference(whole, d)
    for text in ["本单位预算执行率为0%", "青溪县农业农村局开展培训", "加强绩效评价，完善执法检查"]:
        assert ours.cut(text) == ref.lcut(text)


def test_rjieba_divides_by_jiebas_total_when_user_words_replace_jiebas(tmp_path, whole):
    # jieba joins 龘靐 (frequency 1) iff 1 * total > freq(龘) * freq(靐), so with b for both
    # the cut turns on the total.  jieba keeps the replaced frequency of 的 in it; rjieba would
    # take it off.
    old = sum(whole.FREQ.get(w, 0) for w in ("的", "龘", "靐"))
    assert old > 100_000
    b = next(b for b in range(1000, 10**5) if b * b > whole.total + 1001 + 2 * b - old)
    assert b * b < whole.total + 1001 + 2 * b  # the case where the totals decide
    d = tmp_path / "dict.txt"
    d.write_text(f"的 1000\n龘 {b}\n靐 {b}\n龘靐 1\n", encoding="utf-8")
    assert _reference(whole, d).lcut("龘靐") == ["龘靐"]
    for engine in ENGINES:
        assert Segmenter(str(d), engine=engine).cut("龘靐") == ["龘靐"], engine


def test_an_auto_segmenter_takes_rjieba_after_enough_text_and_cuts_the_same():
    texts = _corpus_texts()
    auto, reference = Segmenter(), Segmenter(engine="jieba")
    assert auto.engine == "jieba"
    done = 0
    for t in texts:
        assert auto.cut(t) == reference.cut(t)
        done += len(t)
        if done > FAST_AFTER + 5000:
            break
    assert auto.engine == "rjieba"


def test_without_rjieba_jieba_cuts_everything(monkeypatch):
    monkeypatch.setitem(sys.modules, "rjieba", None)  # import rjieba now fails
    auto = Segmenter()
    text = "本单位预算执行率为99.5%，完成60-80周岁人员培训。"
    assert auto.cut(text * (FAST_AFTER // len(text) + 2)) == get_segmenter().cut(
        text * (FAST_AFTER // len(text) + 2)
    )
    assert auto.cut(text) == Segmenter(engine="jieba").cut(text)
    assert auto.engine == "jieba"
    with pytest.raises(ImportError, match="pip install rjieba"):
        Segmenter(engine="rjieba")


def test_a_user_word_of_frequency_0_keeps_jieba(tmp_path, monkeypatch):
    import jieba.finalseg

    # jieba records such words in a table of its module: a fresh one, put back afterwards
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", set())
    d = tmp_path / "dict.txt"
    d.write_text("执行率 0\n", encoding="utf-8")  # jieba then always cuts 执行率 apart
    with pytest.raises(ImportError, match="frequency 0"):
        Segmenter(str(d), engine="rjieba")
    auto, text = Segmenter(str(d)), "预算执行率为98%。"
    auto.cut(text * (FAST_AFTER // len(text) + 1))
    assert auto.cut(text) == Segmenter(str(d), engine="jieba").cut(text)
    assert auto.engine == "jieba"


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine must be one of auto, jieba, rjieba"):
        Segmenter(engine="pkuseg")


def _run(code: str, cache: Path) -> subprocess.CompletedProcess:
    env = {"NLP_PERF_CACHE": str(cache), "PATH": ""}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def _cut_in_fresh_process(cache):
    """Cut a sentence in a new process using ``cache``; it must cut as this process does."""
    done = _run(
        "from nlp_perf.classify.tokenizer import get_segmenter\n"
        "print(get_segmenter().cut('本单位预算执行率为100%'))\n",
        cache,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(get_segmenter().cut("本单位预算执行率为100%"))
    return done


def test_jieba_does_not_load_its_own_cache_when_nlp_perfs_is_there(tmp_path):
    get_segmenter()
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(PrefixDict.path_in(cache_dir()), PrefixDict.path_in(cache))
    _cut_in_fresh_process(cache)
    # jieba's own cache was not read, so not written either
    assert sorted(p.name for p in cache.iterdir()) == [PrefixDict.path_in(cache).name]


def _damaged(kind: str) -> bytes:
    good = PrefixDict.path_in(cache_dir()).read_bytes()
    return {
        "garbage": b"not a dictionary\n",
        "truncated": good[: len(good) // 2],
        "too long": good + b"\0",
        "stale": good.replace(b'"key": "jieba ', b'"key": "jieba 0.0 ', 1),
    }[kind]


@pytest.mark.parametrize("kind", ["garbage", "truncated", "too long", "stale"])
def test_a_damaged_or_stale_cache_is_not_used(tmp_path, kind):
    get_segmenter()
    PrefixDict.path_in(tmp_path).write_bytes(_damaged(kind))
    assert PrefixDict.read(PrefixDict.path_in(tmp_path)) is None


def test_a_stale_cache_is_rebuilt_from_jiebas_dictionary(tmp_path):
    get_segmenter()
    cache = tmp_path / "cache"
    cache.mkdir()
    jiebas = PrefixDict.path_in(cache_dir()).name + ".jieba.cache"
    if (cache_dir() / jiebas).exists():
        shutil.copy(cache_dir() / jiebas, cache / jiebas)  # spares a rebuild
    PrefixDict.path_in(cache).write_bytes(_damaged("stale"))
    done = _cut_in_fresh_process(cache)
    assert done.stderr == ""
    assert PrefixDict.path_in(cache).read_bytes() == PrefixDict.path_in(cache_dir()).read_bytes()


HEAVY = ("sklearn", "pandas", "scipy", "jieba", "numpy")
MACHINERY = ("nlp_perf.train", "nlp_perf.corpus", "nlp_perf.evaluate")


def test_importing_nlp_perf_imports_nothing_heavy(tmp_path):
    done = _run(
        "import sys, nlp_perf\n"
        f"print(sorted(m for m in {HEAVY + MACHINERY!r} if m in sys.modules))\n",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_classifying_imports_no_training_machinery(tmp_path):
    sample = ROOT / "examples" / "sample_report.txt"
    done = _run(
        "import sys\n"
        "from nlp_perf.cli import main\n"
        f"assert main(['classify', {str(sample)!r}, '--format', 'json']) == 0\n"
        f"print(sorted(m for m in {('sklearn', 'pandas', 'scipy') + MACHINERY!r} if m in sys.modules), file=sys.stderr)\n",
        cache_dir(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
