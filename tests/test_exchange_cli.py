"""`jixiao export`, `jixiao import` and `jixiao rollup` as a user runs them."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from exchange.cli import register
from platforms import posix_only
from model import load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
SEED = Path(__file__).parent / "data" / "seed-000-forms.txt"


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="jixiao")
    register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_export_xlsx_csv_md(tmp_path, capsys):
    for name, magic in (("f.xlsx", b"PK"), ("f.csv", b"\xef\xbb\xbf"), ("f.md", "# 2024".encode())):
        out = tmp_path / name
        assert run("export", str(SAMPLE), "-o", str(out)) == 0
        assert out.read_bytes().startswith(magic)
    assert "总分 97.78，优" in capsys.readouterr().out
    out = tmp_path / "report.txt"
    assert run("export", str(SAMPLE), "-o", str(out), "--format", "md") == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_export_says_the_total_as_people_write_it(tmp_path, capsys):
    affairs = ROOT / "sample_data" / "hongshan-2024-project-affairs.toml"
    assert run("export", str(affairs), "-o", str(tmp_path / "f.xlsx")) == 0
    out = capsys.readouterr().out
    assert "总分 99，优" in out and "99.00" not in out


def test_export_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "f.xlsx"
    out.write_bytes(b"precious")
    assert run("export", str(SAMPLE), "-o", str(out)) == 2
    assert out.read_bytes() == b"precious"
    assert "已存在" in capsys.readouterr().err
    assert run("export", str(SAMPLE), "-o", str(out), "--force") == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "自评表"


def test_export_of_a_broken_file_or_an_unknown_format_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n", encoding="utf-8")
    assert run("export", str(bad), "-o", str(tmp_path / "x.xlsx")) == 2
    err = capsys.readouterr().err
    assert "bad.toml:1" in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()
    assert run("export", str(SAMPLE), "-o", str(tmp_path / "x.pdf")) == 2
    assert "--format" in capsys.readouterr().err
    assert run("export", str(SAMPLE), "-o", str(tmp_path / "no" / "dir" / "x.xlsx")) == 2
    assert "无法写入" in capsys.readouterr().err


def test_import_of_an_export_round_trips_and_exits_0(tmp_path, capsys):
    xlsx = tmp_path / "f.xlsx"
    run("export", str(SAMPLE), "-o", str(xlsx))
    out = tmp_path / "back.toml"
    assert run("import", str(xlsx), "-o", str(out)) == 0
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert "已还原" in capsys.readouterr().out


def test_import_of_pasted_seed_text_lists_its_reinterpretations_and_exits_1(tmp_path, capsys):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    src = tmp_path / "affairs.txt"
    src.write_text("\n".join(lines[67:111]), encoding="utf-8")
    out = tmp_path / "affairs.toml"
    assert run("import", str(src), "-o", str(out)) == 1
    doc = load_document(out)
    assert doc.project_name == "科协事务管理经费" and sum(1 for _ in doc.iter_indicators()) == 18
    printed = capsys.readouterr().out
    assert "左移了 1 列" in printed and "第 29 行" in printed


def test_import_never_overwrites_without_force(tmp_path, capsys):
    src = tmp_path / "t.txt"
    src.write_text("指标名称\t年初目标值\t实际完成值\n培训\t≥1次\t2次\n", encoding="utf-8")
    out = tmp_path / "t.toml"
    out.write_text("precious", encoding="utf-8")
    assert run("import", str(src), "-o", str(out)) == 2
    assert out.read_text(encoding="utf-8") == "precious"
    assert run("import", str(src), "-o", str(out), "--force") == 0
    assert [i.name for _, i in load_document(out).iter_indicators()] == ["培训"]


def test_import_from_stdin(tmp_path, monkeypatch, capsys):
    data = "一级指标\t二级指标\t指标名称\t年初目标值\t实际完成值\t得分\n产出指标\t数量指标\t培训\t≥1次\t2次\t5\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    out = tmp_path / "s.toml"
    assert run("import", "-", "-o", str(out)) == 0
    assert load_document(out).goals[0].levels[0].sublevels[0].indicators[0].score == 5


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030"])
def test_import_from_stdin_decodes_as_a_text_file_does(tmp_path, monkeypatch, capsys, encoding):
    """Excel's "Unicode 文本" (UTF-16 with its mark) and GBK piped in read as
    the same bytes in a .txt file do, GBK with the same note."""
    data = ("一级指标\t二级指标\t指标名称\t年初目标值\t实际完成值\t得分\n"
            "产出指标\t数量指标\t培训\t≥1次\t2次\t5\n").encode(encoding)
    src = tmp_path / "表.txt"
    src.write_bytes(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    codes = run("import", "-", "-o", str(tmp_path / "s.toml")), run("import", str(src), "-o", str(tmp_path / "f.toml"))
    piped, from_file = (load_document(tmp_path / n) for n in ("s.toml", "f.toml"))
    assert codes[0] == codes[1] and piped.goals == from_file.goals
    assert [i.name for _, i in piped.iter_indicators()] == ["培训"]
    out = capsys.readouterr().out
    assert out.count("不是 UTF-8 编码") == (2 if encoding == "gb18030" else 0)


def test_import_from_stdin_refuses_a_truncated_utf16_text_and_too_much(tmp_path, monkeypatch, capsys):
    from exchange.limits import MAX_INPUT_BYTES

    for data in ("指标名称\t培训\n".encode("utf-16")[:-1], b"a" * (MAX_INPUT_BYTES + 10)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert run("import", "-", "-o", str(tmp_path / "s.toml")) == 2
    err = capsys.readouterr().err
    assert "UTF-16" in err and "输入过大" in err and "Traceback" not in err
    assert not (tmp_path / "s.toml").exists()


def test_import_of_something_that_is_not_a_form_exits_2(tmp_path, capsys):
    src = tmp_path / "x.txt"
    src.write_text("随便一段话\n", encoding="utf-8")
    assert run("import", str(src), "-o", str(tmp_path / "x.toml")) == 2
    assert not (tmp_path / "x.toml").exists()
    assert run("import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "y.toml")) == 2
    err = capsys.readouterr().err
    assert "没有找到自评表的内容" in err and "不存在" in err and "Traceback" not in err


def test_rollup_of_hongshan_2023_reports_the_mismatch_and_exits_1(capsys):
    files = sorted(str(p) for p in (ROOT / "sample_data").glob("hongshan-2023-*.toml"))
    assert run("rollup", *files) == 1
    out = capsys.readouterr().out
    assert "134.63" in out and "120" in out and "相差 14.63" in out
    assert run("rollup", "--json", *reversed(files)) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["budget_sum"] == pytest.approx(134.63) and data["project_spending"] == 120
    assert data["weighted_score"] is None


def test_rollup_needs_one_department_and_readable_files(tmp_path, capsys):
    projects = sorted(str(p) for p in (ROOT / "sample_data").glob("hongshan-2023-project-*.toml"))
    assert run("rollup", *projects) == 2
    assert "没有部门整体支出绩效自评表" in capsys.readouterr().err
    assert run("rollup", str(ROOT / "sample_data" / "hongshan-2023-department.toml")) == 2
    assert "没有项目表" in capsys.readouterr().err
    assert run("rollup", str(tmp_path / "missing.toml"), *projects) == 2


def test_the_jixiao_command_runs_them_without_a_traceback(tmp_path):
    files = sorted(str(p) for p in (ROOT / "sample_data").glob("hongshan-2023-*.toml"))
    code = "import sys; from jixiao.cli import main; sys.exit(main(sys.argv[1:]))"
    run_ = subprocess.run([sys.executable, "-c", code, "rollup", *files], capture_output=True, text=True,
                          encoding="utf-8",
                          cwd=ROOT, timeout=120)
    assert run_.returncode == 1, run_.stderr
    assert "134.63" in run_.stdout and "Traceback" not in run_.stderr
    out = tmp_path / "f.xlsx"
    run_ = subprocess.run([sys.executable, "-c", code, "export", str(SAMPLE), "-o", str(out)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert run_.returncode == 0, run_.stderr and out.exists()


def _oversized_paste() -> str:
    """A pasted table whose form would be larger than a form file may be (`jixiao check` refuses it)."""
    from model import LIMITS, MAX_FILE_BYTES

    long = min(LIMITS["text"], 90_000)
    rows = MAX_FILE_BYTES // long + 2
    return "指标名称\t年初目标值\t实际完成值\t偏差原因分析\n" + "".join(
        f"指标{i}\t≥1次\t1次\t{'x' * long}\n" for i in range(rows))


def test_import_never_writes_a_form_that_check_refuses(tmp_path, capsys):
    src = tmp_path / "big.txt"
    src.write_text(_oversized_paste(), encoding="utf-8")
    out = tmp_path / "big.toml"
    assert run("import", str(src), "-o", str(out)) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "未生成文件" in err and "上限" in err and "Traceback" not in err


def test_import_refuses_an_oversized_form_through_the_api_too():
    from exchange.importer import ImportFailed, import_text

    with pytest.raises(ImportFailed, match="未生成文件"):
        import_text(_oversized_paste())


@posix_only("POSIX permission bits (0o600, 0o640): Windows keeps only the read-only flag and jixiao sets "
            "no ACLs")
def test_import_writes_forms_no_more_readable_than_the_document_read(tmp_path, capsys):
    # a private form's export holds the whole form (the hidden sheet): its import stays private
    private = tmp_path / "私密.xlsx"
    assert run("export", str(SAMPLE), "-o", str(private)) == 0
    private.chmod(0o600)
    out = tmp_path / "私密.toml"
    assert run("import", str(private), "-o", str(out)) in (0, 1)
    assert out.stat().st_mode & 0o777 == 0o600
    folder = tmp_path / "导入"
    assert run("import", str(private), "-o", str(folder) + "/") in (0, 1)
    written = list(folder.glob("*.toml"))
    assert written and all(p.stat().st_mode & 0o777 == 0o600 for p in written)
    shared = tmp_path / "组内.xlsx"
    shared.write_bytes(private.read_bytes())
    shared.chmod(0o640)
    assert run("import", str(shared), "-o", str(tmp_path / "组内.toml")) in (0, 1)
    assert (tmp_path / "组内.toml").stat().st_mode & 0o777 == 0o640


# -- messages (issue 19, point 11) --------------------------------------------------------


def _docx(path: Path, body: str) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    import docx_bombs

    return docx_bombs._package(path, (body, "", 0, ""))


def test_a_grid_span_that_is_no_number_is_a_damaged_file_not_a_jixiao_bug(tmp_path, capsys):
    cell = ('<w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr>'
            '<w:p><w:r><w:t>一级指标</w:t></w:r></w:p></w:tc>')
    path = _docx(tmp_path / "坏.docx", f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>")
    assert run("import", str(path), "-o", str(tmp_path / "坏.toml")) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "重新保存" in err
    assert "jixiao 的问题" not in err and "ValueError：" not in err
    assert not (tmp_path / "坏.toml").exists()


def test_a_word_document_with_only_a_title_is_no_form_and_nothing_is_written(tmp_path, capsys):
    path = _docx(tmp_path / "只有一段.docx", "")  # the title paragraph alone
    assert run("import", str(path), "-o", str(tmp_path / "x.toml")) == 2
    assert "没有找到自评表的内容" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_utf16_text_as_excel_saves_unicode_text_is_read(tmp_path, capsys, suffix):
    table = ("一级指标\t二级指标\t三级指标\t年初目标值\t实际完成值\r\n"
             "产出指标\t数量指标\t科普讲座次数\t≥ 2次\t3次\r\n")
    path = tmp_path / f"Unicode 文本{suffix}"
    path.write_bytes(table.encode("utf-16"))  # with its byte order mark, as Excel writes it
    out = tmp_path / "表.toml"
    assert run("import", str(path), "-o", str(out)) in (0, 1)
    assert [i.name for _, i in load_document(out).iter_indicators()] == ["科普讲座次数"]


def test_a_folder_import_cuts_names_to_what_the_file_system_takes(tmp_path, capsys):
    long = "\U00020000" * 70  # 4 bytes each in UTF-8: 280 bytes, past any file system's 255
    source = tmp_path / "三张表.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace("上级转移支付", long), encoding="utf-8")
    folder = tmp_path / "导入"
    assert run("import", str(source), "-o", str(folder) + "/") in (0, 1)
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 3 and all(len(n.encode()) <= 255 - 40 for n in written)
    third = next(p for p in folder.iterdir() if p.name.startswith("3-"))
    assert load_document(third).project_name == long


def test_a_folder_import_that_cannot_write_a_form_says_which_were_written(tmp_path, capsys, monkeypatch):
    import errno

    from model import storage

    real = storage.atomic_write
    calls = []

    def third_fails(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENAMETOOLONG, "File name too long")
        real(path, data, **kwargs)

    monkeypatch.setattr(storage, "atomic_write", third_fails)
    folder = tmp_path / "导入"
    assert run("import", str(SEED), "-o", str(folder) + "/") == 2
    err = capsys.readouterr().err
    assert "文件名过长" in err and "File name too long" not in err
    assert "已写入的：" in err and "1-" in err and "2-" in err and "其余未写入" in err
    assert sorted(p.name[:2] for p in folder.iterdir()) == ["1-", "2-"]


def test_opening_a_word_document_as_a_form_says_to_import_it(tmp_path):
    from model import DocumentError

    path = tmp_path / "科协.docx"
    assert run("export", str(SAMPLE), "-o", str(path)) == 0
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.kind == "office"
    message = str(caught.value)
    assert "jixiao import" in message and "GBK" not in message
