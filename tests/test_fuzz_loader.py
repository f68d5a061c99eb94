"""Hostile and broken input: loading never crashes and never hangs (issue 4).

Only `DocumentError` may leave `loads_document`, every problem it carries is
a Chinese message, and whatever loads also saves and loads back to the same
document (a form that can be opened can always be saved and reopened).

The fuzzers are bounded (a few hundred examples each) to keep the suite
fast. Hang guards (`_no_hang`) stop a case that runs for minutes; they are
not speed checks: the cases take milliseconds, the guard is 60 seconds.
Timings are in docs/reliability.md.
"""

from __future__ import annotations

import re
import signal
import sys
import tomllib
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from model import MAX_FILE_BYTES, DocumentError, Document, dumps_document, loads_document
from model.values import MAX_PARSED_LENGTH, Value, parse_value

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").rglob("*.toml"))
SAMPLE_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SAMPLES}
CJK = re.compile(r"[\u4e00-\u9fff]")

FUZZ = settings(max_examples=250, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


@contextmanager
def _no_hang(seconds: int = 60):
    """Fail (instead of hanging the suite) when a case runs for minutes."""
    if sys.platform == "win32" or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):  # pragma: no cover - only on a regression
        raise AssertionError(f"loading took more than {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load_or_refuse(data: bytes | str) -> Document | None:
    """Load; only DocumentError may escape, with Chinese messages; a loaded
    document must save and reload to itself."""
    try:
        doc = loads_document(data)
    except DocumentError as exc:
        assert exc.problems, "a DocumentError without problems"
        for problem in exc.problems:
            assert CJK.search(problem.message), problem.message
        assert str(exc)  # printable
        return None
    text = dumps_document(doc)
    assert loads_document(text) == doc, "saved form does not reload to the same document"
    assert dumps_document(loads_document(text)) == text, "saving is not deterministic"
    return doc


# -- arbitrary input ------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_crash(data):
    load_or_refuse(data)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes(text):
    load_or_refuse(text)
    load_or_refuse(text.encode("utf-8", "surrogatepass"))


# Text made of TOML's own punctuation and keywords gets deeper into the parser.
_TOML_BITS = st.sampled_from([
    "[", "]", "[[", "]]", "{", "}", "=", ",", ".", '"', "'", '"""', "'''", "#", "\n", " ",
    "\\", "\\u001b", "\\u0000", "goals", "levels", "sublevels", "indicators", "execution",
    "weight", "score", "name", "title", "schema", "budget", "spent", "target", "actual",
    "nan", "inf", "-inf", "+inf", "1e-999999999", "1e400", "0x1F", "0o7", "0b1", "1_000",
    "-5", "0", "9" * 60, "97.78", "true", "2025-02-10", "2025-02-30", "12:00:00",
    "1979-05-27T07:32:00Z", "[b]x[/b]", "[@click=app.quit]", "\x1b[31m", "预算", "≥90%",
])


@FUZZ
@given(st.lists(_TOML_BITS, max_size=80).map("".join))
def test_toml_shaped_noise_never_crashes(text):
    load_or_refuse(text)


# -- structured mutation of the real sample files --------------------------------------

_HOSTILE_STRINGS = st.sampled_from([
    "", " ", "\x1b[31m红色\x1b[0m", "\x1b]0;title\x07", "[b]粗体[/b]", "[@click=app.quit]退出",
    "[link=file:///etc/passwd]x[/link]", "\x00", "\u202e倒序", "\r\n", "a\rb", "≥90%", "1e999",
    "x" * 2001, "长" * 3000, "''' \"\"\"", "\\", "NaN", "-1", "９０％",
])
_LEAVES = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([0, -1, 10**4000, -(10**4000)]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e-999999999"), Decimal("0e-999999"), Decimal("-0"), Decimal("1e30"),
                     Decimal("0." + "0" * 150 + "1"), Decimal("1000.0001"), Decimal("NaN")]),
    st.floats(),
    st.text(max_size=40),
    _HOSTILE_STRINGS,
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["name", "weight", "score", "target", "actual", "levels",
                                         "sublevels", "indicators", "title", "x", "é", ""]),
                        inner, max_size=3),
    ),
    max_leaves=8,
)


def _mutate(raw, data) -> None:
    """Replace, delete or deepen one value at a path the fuzzer picks."""
    node = raw
    for _ in range(12):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
        else:
            return
        child = node[key]
        if not isinstance(child, (dict, list)) or data.draw(st.integers(0, 3)) == 0:
            action = data.draw(st.sampled_from(["replace", "replace", "delete", "deep"]))
            if action == "delete":
                del node[key]
            elif action == "deep":
                depth = data.draw(st.integers(1, 300))
                value = data.draw(_LEAVES)
                for _ in range(depth):
                    value = [value]
                node[key] = value
            else:
                node[key] = data.draw(_VALUES)
            return
        node = child


@FUZZ
@given(st.sampled_from(sorted(SAMPLE_TEXTS)), st.data())
def test_mutated_samples_load_or_are_refused(name, data):
    raw = tomllib.loads(SAMPLE_TEXTS[name], parse_float=Decimal)
    for _ in range(data.draw(st.integers(1, 4))):
        _mutate(raw, data)
    try:
        text = tomli_w.dumps(raw)
    except (TypeError, ValueError, RecursionError):
        assume(False)  # not expressible in TOML (e.g. a list of mixed tables)
    with _no_hang():
        load_or_refuse(text)


@FUZZ
@given(st.sampled_from(sorted(SAMPLE_TEXTS)), st.data())
def test_edited_sample_lines_load_or_are_refused(name, data):
    """What a person does in a text editor: drop, repeat, swap, cut, insert."""
    lines = SAMPLE_TEXTS[name].splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 5))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "repeat", "swap", "cut", "insert", "byte"]))
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        elif op == "insert":
            lines.insert(i, data.draw(_TOML_BITS) + data.draw(st.text(max_size=20)) + "\n")
        else:
            raw = bytearray(lines[i].encode("utf-8"))
            if raw:
                raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
            lines[i] = raw.decode("utf-8", "replace")
    load_or_refuse("".join(lines))
    load_or_refuse("".join(lines).encode("utf-8"))


# -- named hostile cases ------------------------------------------------------------------

_BIG = "9" * 5000
HOSTILE = {
    "invalid utf-8": b'title = "\xff\xfe"\n',
    "gbk": "title = \"预算绩效\"\n".encode("gbk"),
    "nul byte": b'title = "a"\x00\n',
    "bom only": b"\xef\xbb\xbf",
    "deep arrays": "title = " + "[" * 5000 + "]" * 5000,
    "deep inline tables": "title = " + "{a=" * 3000 + "1" + "}" * 3000,
    "deep table headers": "".join(f"[{'.'.join(['a'] * k)}]\n" for k in range(1, 300)),
    "deep array of tables": "".join(f"[[{'.'.join(['goals'] * k)}]]\n" for k in range(1, 200)),
    "1 MB string": 'title = "' + "长" * 350_000 + '"\n',
    "1 MB string in narrative": '[narrative]\nsummary = """' + "x" * 1_000_000 + '"""\n',
    "nan": "declared_total = nan\n",
    "inf": "[execution]\nbudget = inf\n",
    "-inf": "[execution]\nspent = -inf\n",
    "negative budget": "[execution]\nbudget = -491.27\nspent = 1\n",
    "thousands of digits (int)": f"year = {_BIG}\n",
    "thousands of digits (4000)": "year = " + "9" * 4000 + "\n",
    "thousands of digits (float)": f"declared_total = 0.{'0' * 5000}1\n",
    "huge exponent": "declared_total = 1e999999999\n",
    "tiny exponent": "declared_total = 1e-999999999\n",
    "zero with tiny exponent": "[execution]\nbudget = 0e-999999999\n",
    "schema as float": "schema = 2.0\n",
    "schema nan": "schema = nan\n",
    "schema huge": f"schema = {_BIG[:4000]}\n",
    "long line inside an array": 'title = 5\nx = [\n["a"' + " " * 1_000_000 + ',"b"],\n]\n',
    "unclosed header": "[goals" + " " * 500_000 + "\n",
    "many unknown keys": "".join(f"k{i} = 1\n" for i in range(20_000)),
    "one big array": "title = [" + "1," * 300_000 + "]\n",
    "over the size limit": b"#" * (MAX_FILE_BYTES + 1),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_named_hostile_input_is_refused_or_loaded(case):
    with _no_hang():
        load_or_refuse(HOSTILE[case])


@pytest.mark.parametrize("case", ["nan", "inf", "-inf", "negative budget", "huge exponent",
                                  "tiny exponent", "thousands of digits (float)",
                                  "thousands of digits (int)", "schema as float", "invalid utf-8",
                                  "over the size limit"])
def test_impossible_numbers_and_bytes_are_refused(case):
    with pytest.raises(DocumentError):
        loads_document(HOSTILE[case])


def test_refusal_names_the_line_of_an_absurd_number():
    text = 'title = "x"\nyear = 2024\ndeclared_total = 1e-999999999\n'
    with pytest.raises(DocumentError) as info:
        loads_document(text)
    (problem,) = info.value.problems
    assert problem.line == 3
    assert "1e-999999999" in problem.message


def test_newer_schema_written_as_float_is_refused_with_upgrade_hint():
    with pytest.raises(DocumentError) as info:
        loads_document("schema = 2.0\n")
    assert "请升级" in str(info.value)


def test_many_problems_are_capped_and_counted():
    with pytest.raises(DocumentError) as info:
        loads_document(HOSTILE["many unknown keys"])
    problems = info.value.problems
    assert len(problems) == 101
    assert "19900" in problems[-1].message


def test_zero_budget_loads():
    doc = load_or_refuse("[execution]\nbudget = 0\nspent = 0\n")
    assert doc is not None and doc.execution.budget == 0


@pytest.mark.parametrize("name", [
    "\x1b[31m红色\x1b[0m", "\x1b]0;窗口标题\x07", "[b]粗体[/b]", "[@click=app.quit]退出",
    "\u202e倒序", "a\x7fb", "\\[b]",
])
def test_control_characters_and_markup_in_names_are_kept_literally(name):
    text = tomli_w.dumps({"title": name, "goals": [{"title": name, "levels": [
        {"name": name, "sublevels": [{"name": name, "indicators": [{"name": name, "target": name}]}]}]}]})
    doc = load_or_refuse(text)
    assert doc is not None
    assert doc.title == name
    (_, indicator), = doc.iter_indicators()
    assert indicator.name == name and indicator.target == name


# -- the value parser ------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_parse_value_is_total_over_arbitrary_text(text):
    value = parse_value(text)
    assert isinstance(value, Value)
    assert value.text == text  # the typed text is never changed
    assert value.kind in ("empty", "number", "text")
    value.describe()
    if value.number is not None:
        assert value.number.is_finite()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["\x1b", "[", "31m", "\x00", "\x07", "\u202e", "9", "%", "≥",
                                 "万", "元", "亿", "十", ".", ",", "-", "余", "以上", " "]),
                max_size=400).map("".join))
def test_parse_value_over_control_characters_and_digits(text):
    value = parse_value(text)
    assert value.text == text
    if len(text) > MAX_PARSED_LENGTH:
        assert value.kind in ("text", "empty")


@pytest.mark.parametrize("text", [
    "9" * 1_000_000,
    "≥" + "9" * 1_000_000 + "%",
    "\x1b[31m" * 200_000,
    "\x00" * 1_000_000,
    "1," * 500_000,
    "[b]" * 300_000,
    " " * 1_000_000 + "90%",
    "一" * 1_000_000,
    "9" * 150,
    "1." + "0" * 190 + "1%",
], ids=lambda text: f"{text[:4]!r}x{len(text)}")  # short ids: Windows caps PYTEST_CURRENT_TEST at 32767
def test_parse_value_on_huge_hostile_strings(text):
    with _no_hang():
        value = parse_value(text)
    assert value.text == text
    assert value.kind in ("text", "empty")
    assert len(value.describe()) < 100
