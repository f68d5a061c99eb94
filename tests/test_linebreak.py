"""Chinese line breaking (tui/linebreak.py): lines break between Chinese
characters, never before closing or after opening punctuation, and never
inside a Latin word that fits."""

from __future__ import annotations

import re

import pytest
import rich._wrap
import textual._wrap
from rich.cells import cell_len

from tui import compat, linebreak, strings as S

CLOSE = set("，。、；：？！）》」』】〕〉｝］”’…％")  # (· between spaces is a separator)
OPEN = set("（《「『【〔〈｛［“‘")


@pytest.fixture(autouse=True)
def installed():
    before = rich._wrap.re_word, textual._wrap.re_chunk
    assert compat.install_line_breaking()
    assert (rich._wrap.re_word, textual._wrap.re_chunk) == (linebreak.WORD, linebreak.CHUNK)
    yield
    rich._wrap.re_word, textual._wrap.re_chunk = before


def lines(text: str, width: int) -> list[str]:
    out, start = [], 0
    for offset in rich._wrap.divide_line(text, width) + [len(text)]:
        out.append(text[start:offset])
        start = offset
    return out


def test_a_sentence_after_a_space_fills_the_line():
    text = "按 Ctrl+P 打开命令面板，可以搜索所有命令，或输入指标名称中的几个字（不必连续）直接跳到该指标。"
    first = lines(text, 36)[0]
    assert first.startswith("按 Ctrl+P 打开") and cell_len(first) >= 34
    mark = lines("i 实际值“95%（全年按时拨付）”不是数值，无法按正向指标公式计分", 36)[0]
    assert mark.startswith("i 实际值") and cell_len(mark) >= 34


def test_multi_line_fields_wrap_the_same_way():
    # TextArea's soft wrap (reasons, improvements) uses Textual's own wrapper
    text = "接收 科经局调剂5万元科技活动周经费，用于开展全国科普日主题活动和科技活动周系列活动。"
    offsets = textual._wrap.compute_wrap_offsets(text, 30, 4)
    first = text[:offsets[0]]
    assert first.startswith("接收 科经局") and cell_len(first) >= 28
    assert all(text[offset] not in CLOSE for offset in offsets)


def test_before_installing_the_same_sentence_left_a_short_line():
    rich._wrap.re_word = re.compile(r"\s*\S+\s*")  # Rich's own rule
    assert lines("按 Ctrl+P 打开命令面板，可以搜索所有命令，或输入指标名称中的几个字", 36)[0] == "按 Ctrl+P "


def test_latin_words_numbers_and_paths_stay_whole_when_they_fit():
    for line in lines("导出到 /tmp/报告/hongshan-2024.xlsx 之后用 WPS 打开，完成率 98.88% 以上", 24):
        for word in ("hongshan-2024.xlsx", "WPS", "98.88%"):
            if word[0] in line and word not in line and line.rstrip().endswith(word[0]):
                pytest.fail(f"{word} split at {line!r}")
    assert all(cell_len(line.rstrip()) <= 24 for line in lines("完成率 98.88% 以上" * 5, 24))


@pytest.mark.parametrize("width", range(24, 81, 4))  # the narrowest text in the app is ≈ 30
def test_punctuation_rules_hold_for_every_message_of_the_app(width):
    texts = [value for name, value in vars(S).items()
             if name.isupper() and isinstance(value, str) and len(value) > 10]
    assert len(texts) > 100
    for text in texts:
        split = lines(text.replace("\n", " "), width)
        for index, line in enumerate(split):
            body = line.strip()
            assert cell_len(line.rstrip()) <= width, (text, line)
            if not body:
                continue
            if index > 0:  # (a message may itself begin with punctuation)
                assert body[0] not in CLOSE, (text, width, line)
            if index < len(split) - 1:
                assert body[-1] not in OPEN, (text, width, line)


def test_install_is_harmless_when_rich_changes(monkeypatch):
    monkeypatch.delattr(rich._wrap, "re_word")
    assert compat.install_line_breaking() is False
    assert not hasattr(rich._wrap, "re_word")
    monkeypatch.undo()
