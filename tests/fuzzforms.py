"""Seeded fuzzing of form files through load → score → check → save → reload.

Shared by the short run in the test suite (`tests/test_fuzz_forms.py`, ten
thousand cases) and the long run (`benchmarks/fuzz_forms.py`, 100,000); the
figures of the long run are in docs/reliability.md.

Cases are made cheaply from text with `random.Random(seed)`: the sample forms
and templates with lines changed (a value replaced by a hostile literal, a
key added, a table repeated, a line dropped or cut), and random TOML built
from the form's own headers and keys. Each case is one string; `run_case`
pushes it through the whole pipeline and raises `AssertionError` when a
guarantee breaks:

- loading gives a document or a `DocumentError` whose problems are Chinese,
  and nothing else escapes;
- a loaded document is within the limits (`model.limits.limit_problems`);
- scoring never raises, and scores it completely (no `CANNOT_SCORE`);
- every finding renders (the text `jixiao check` prints);
- the saved text is within the size limit, loads back to an equal document,
  and saving that gives the same bytes again.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from model import MAX_FILE_BYTES, DocumentError, dumps_document, loads_document
from model.limits import limit_problems
from model.text import inert
from scoring import score_document

ROOT = Path(__file__).resolve().parent.parent
BASES = {p.relative_to(ROOT / "sample_data").as_posix(): p.read_text(encoding="utf-8")
         for p in sorted((ROOT / "sample_data").rglob("*.toml"))}
CJK = re.compile(r"[\u4e00-\u9fff]")

TABLE_KEYS = {
    "": ("schema", "kind", "title", "unit", "project_name", "department", "implementing_unit",
         "year", "fill_date", "declared_total"),
    "rules": ("preset", "achieved_min", "partial_min", "reverse", "overshoot", "tolerance",
              "rescale_not_applicable"),
    "execution": ("label", "weight", "initial_budget", "additions", "reductions", "budget",
                  "spent", "basic", "project", "declared_rate", "declared_score"),
    "execution.funds": ("name", "initial_budget", "budget", "spent"),
    "goals": ("title", "target", "actual", "weight", "declared_score"),
    "goals.levels": ("name", "weight", "declared_score"),
    "goals.levels.sublevels": ("name", "weight", "declared_score"),
    "goals.levels.sublevels.indicators": ("name", "target", "actual", "weight", "score", "method",
                                          "tier", "not_applicable", "reason", "improvement"),
    "projects": ("name", "budget", "spent", "declared_score"),
    "narrative": ("deviation", "improvement", "remarks", "summary"),
}
HEADERS = tuple(f"[{t}]" if t in ("rules", "execution", "narrative") else f"[[{t}]]"
                for t in TABLE_KEYS if t)
KEYS = tuple(sorted({k for keys in TABLE_KEYS.values() for k in keys})) + ("wieght", "x")
NUMBER_KEYS = {"schema", "year", "declared_total", "achieved_min", "partial_min", "overshoot",
               "tolerance", "weight", "initial_budget", "additions", "reductions", "budget",
               "spent", "basic", "project", "declared_rate", "declared_score", "score"}
CHOICE_VALUES = {
    "kind": ('"department"', '"project"', '"部门"'),
    "preset": ('"paper"', '"linear-80-60"', '"other"'),
    "reverse": ('"ratio"', '"linear"', '"x"'),
    "method": ('"auto"', '"positive"', '"reverse"', '"exact"', '"qualitative"', '"定性"'),
    "tier": ('"achieved"', '"partial"', '"unachieved"', '"达成"'),
    "not_applicable": ("true", "false", "1", '"yes"'),
    "rescale_not_applicable": ("true", "false", "0"),
    "fill_date": ("2025-02-10", '"2025年2月10日"', '"2025.2.10"', '"2025-02-30"',
                  "2025-02-10T00:00:00", "2025-02-10T08:30:00", '"明天"'),
}
NUMBERS = (
    "0", "-0", "-0.0", "+1", "1e30", "1e-100", "1e-7", "1e2", "1E+2", "0e-999", "0.0e-50",
    "1.0000000000000000000000000001", "90.0000000000000000000000000001", "1000", "1000.000001",
    "999.999999", "0.000001", "0.0000005", "1_000", "1e10", "10000000000.000001",
    "9999999999.999999", "123456789012345678901234567890", "0x10", "0o17", "0b101", "inf",
    "nan", "-inf", "3.14159265358979323846", "5.00000000", "17.4", "97.78", "1e400", "20",
    "100", "80", "60", "0.005", "12", "2", "2024", "1949", "2200", "99999", '"12"', '"2"',
    '" 20 "', '"1e30"', '"1e-100"', '"0e-999"', "true",
)
STRINGS = (
    '"abc"', '"≥90%"', '"2025年2月10日"', '""', "'a\\b'", '"\\u001b[31m"', '"""多行\n文本"""',
    '"1.0000000000000000000000000001"', '"≥ 1e30 次"', '"0.00000000000000001元"',
    '"999999999999999999亿元"', '"≤0.000000000000000001万元"', '"100%"', '"9个"', '"保障"',
    '"50余场"', '"\u202e倒序"', '"[b]x[/b]"', '"ｘ\t制表"', '"≥90.0000000000000000000000001%"',
    '"<=1e-30万元"', '"0"', '"≥0"', '"a\\r\\nb"', "12", '"12"',
)
OTHERS = (
    "true", "false", "2025-02-10", "2025-02-10T08:00:00", "08:00:00", "[]", "[1, 2]", "{}",
    '{name = "x"}', '[{name = "x"}]', '["a", "b"]',
)


def random_number(rng: random.Random) -> str:
    """A decimal literal of random length, point and exponent."""
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40)))
    digits = digits.lstrip("0") or "0"
    if rng.random() < 0.6 and len(digits) > 1:
        cut = rng.randint(1, len(digits) - 1)
        digits = digits[:cut] + "." + digits[cut:]
    if rng.random() < 0.3:
        digits += f"e{rng.randint(-120, 120)}"
    return ("-" if rng.random() < 0.1 else "") + digits


def random_value(rng: random.Random, key: str = "") -> str:
    """A TOML literal, usually of the kind the key takes, sometimes anything."""
    roll = rng.random()
    if roll < 0.85 and key in CHOICE_VALUES:
        return rng.choice(CHOICE_VALUES[key])
    if roll < 0.85 and key in NUMBER_KEYS:
        return rng.choice(NUMBERS) if rng.random() < 0.6 else random_number(rng)
    if roll < 0.85 and key:
        return rng.choice(STRINGS)
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(NUMBERS)
    if roll < 0.5:
        return random_number(rng)
    if roll < 0.8:
        return rng.choice(STRINGS)
    if roll < 0.95:
        return rng.choice(OTHERS)
    return '"' + rng.choice(("长", "x", "\\\\", "\\\"")) * rng.randint(100, 3000) + '"'


_KEYLINE = re.compile(r"^([A-Za-z_]+) = ")


def _blocks(lines: list[str]) -> list[tuple[str, int, int]]:
    """(table path, first line, end) of each table, the top level first."""
    starts = [(k, line) for k, line in enumerate(lines) if line.startswith("[")]
    out = [("", 0, starts[0][0] if starts else len(lines))]
    for n, (k, line) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        out.append((line.strip("[] "), k, end))
    return out


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        op = rng.random()
        if op < 0.6:  # set a key of a table: a hostile or odd value, usually of the right kind
            table, a, b = rng.choice(_blocks(lines))
            key = rng.choice(TABLE_KEYS.get(table) or KEYS)
            line = f"{key} = {random_value(rng, key)}"
            at = next((k for k in range(a, b) if lines[k].startswith(key + " = ")), None)
            if at is None:
                lines.insert(a + 1 if table else 0, line)
            else:
                lines[at] = line
            continue
        i = rng.randrange(len(lines))
        m = _KEYLINE.match(lines[i])
        if op < 0.7 and m:  # anything at all for an existing key
            lines[i] = f"{m.group(1)} = {random_value(rng)}"
        elif op < 0.8:  # a table repeated (a goal, a level, an indicator …)
            blocks = [b for b in _blocks(lines) if lines[b[1]].startswith("[[")]
            if blocks:
                _, a, b = rng.choice(blocks)
                lines[b:b] = lines[a:b] * rng.randint(1, 3)
        elif op < 0.88:
            del lines[i]
        elif op < 0.94:
            lines.insert(i, rng.choice(HEADERS))
        else:
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
    return "\n".join(lines)


def random_toml(rng: random.Random) -> str:
    """Headers and keys of the form in random order (a key at most once per table)."""
    out: list[str] = []
    seen: set[str] = set()
    table = ""
    for _ in range(rng.randint(1, 30)):
        if rng.random() < 0.3:
            header = rng.choice(HEADERS)
            out.append(header)
            table, seen = header.strip("[]"), set()
        else:
            keys = TABLE_KEYS.get(table, KEYS) if rng.random() < 0.9 else KEYS
            key = rng.choice(keys)
            if key not in seen:
                seen.add(key)
                out.append(f"{key} = {random_value(rng, key)}")
    return "\n".join(out) + "\n"


def make_case(seed: int) -> str:
    """The fuzz input for one seed (the same string every time)."""
    rng = random.Random(seed)
    if rng.random() < 0.25:
        return random_toml(rng)
    return mutate(BASES[rng.choice(sorted(BASES))], rng)


@dataclass
class Tally:
    cases: int = 0
    loaded: int = 0
    refused: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)


def run_case(text: str) -> bool:
    """Push one input through the pipeline; True if it loaded, False if it
    was refused. Raises AssertionError when a guarantee is broken."""
    try:
        doc = loads_document(text)
    except DocumentError as exc:
        assert exc.problems, "a DocumentError without problems"
        for problem in exc.problems:
            assert CJK.search(problem.message), f"not a Chinese message: {problem.message!r}"
        return False
    result = score_document(doc)
    codes = {f.code for f in result.findings}
    assert "CANNOT_SCORE" not in codes, f"a valid document could not be scored: {result.findings[0]}"
    for f in result.findings:  # what `jixiao check` prints
        line = f"{inert(f.path)}: [{f.code}] {inert(f.message)}"
        assert line
    saved = dumps_document(doc)
    size = len(saved.encode("utf-8"))
    assert size <= MAX_FILE_BYTES, f"saved {size} bytes, over the limit"
    assert limit_problems(doc, saved) == [], "a loaded document is beyond the limits"
    try:
        again = loads_document(saved)
    except DocumentError as exc:
        raise AssertionError(f"the saved form is refused: {exc}") from None
    assert again == doc, "the saved form loads to a different document"
    assert dumps_document(again) == saved, "saving again gives different bytes"
    return True


def run(seeds: range, tally: Tally | None = None, keep: int = 20) -> Tally:
    """Run the cases of `seeds`; failures are kept as (seed, what broke)."""
    tally = tally or Tally()
    for seed in seeds:
        tally.cases += 1
        text = make_case(seed)
        try:
            if run_case(text):
                tally.loaded += 1
            else:
                tally.refused += 1
        except Exception as exc:  # noqa: BLE001 - every escape is a finding
            if len(tally.failures) < keep:
                tally.failures.append((seed, f"{type(exc).__name__}: {str(exc)[:300]}"))
            else:
                tally.failures.append((seed, type(exc).__name__))
    return tally
