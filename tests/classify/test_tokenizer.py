"""Segmentation: private jieba tokenizer, domain dictionary, no side effects."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nlp_perf.classify.tokenizer import Segmenter, get_segmenter


@pytest.mark.parametrize("word", ["预算执行率", "绩效目标", "三公经费", "一府一委两院", "自评得分"])
def test_domain_words_stay_whole(word):
    assert word in get_segmenter().cut(f"本单位{word}情况良好")


def test_one_character_words_are_kept():
    assert "将" in get_segmenter().cut("下一步将加强管理")


def test_the_global_jieba_tokenizer_is_not_used():
    get_segmenter().cut("加强预算绩效管理")
    import jieba

    assert not jieba.dt.initialized
    assert "预算执行率" not in jieba.dt.FREQ


def test_import_has_no_side_effects_and_classifying_logs_nothing(tmp_path):
    code = (
        "import logging, tempfile, os, sys\n"
        "before = set(os.listdir(tempfile.gettempdir()))\n"
        "import nlp_perf\n"
        "assert 'jieba' not in sys.modules, 'jieba imported at import time'\n"
        "assert logging.getLogger().handlers == []\n"
        "from nlp_perf.classify.tokenizer import get_segmenter\n"
        "get_segmenter().cut('预算执行率为100%')\n"
        "after = set(os.listdir(tempfile.gettempdir()))\n"
        "assert not [f for f in after - before if 'jieba' in f], after - before\n"
    )
    env = {"NLP_PERF_CACHE": str(tmp_path / "cache"), "PATH": "", "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # jieba's cache and nlp_perf's, each under a name holding the jieba version's key
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(kept) == 2 and kept[1] == kept[0] + ".jieba.cache", kept


def test_a_user_dictionary_can_be_given(tmp_path):
    d = tmp_path / "dict.txt"
    d.write_text("青溪县农业农村局 100 n\n", encoding="utf-8")
    assert "青溪县农业农村局" in Segmenter(str(d)).cut("青溪县农业农村局开展培训")
