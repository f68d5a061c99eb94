"""A published form as an office in another province holds it, in three variants.

A form is given as its lines above the table and a table of rows, where a cell
`<` is merged into the cell on its left and `^` into the cell above (as Word and
Excel merge them). The same form is then built as

    as_docx(form)     a Word document: the lines as paragraphs, one table with merged cells
    as_xls(form)      an Excel 97-2003 workbook (xlwt), merged ranges as Excel keeps them
    as_cell_lines(form)  text as document-to-text converters write it: one cell a line
                       (a tab in front), a blank line after each row, a merged cell empty

so that a test can import all three and pin the same figures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

LEFT, UP = "<", "^"


@dataclass
class Form:
    lines: list[str]
    rows: list[list[str]]
    after: list[str] = field(default_factory=list)  # paragraphs below the table

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def grid(self) -> list[list[str]]:
        return [r + [LEFT] * (self.width - len(r)) for r in self.rows]

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(r1, c1, r2, c2) of every merged range: a top-left cell with `<` right of it
        and `^` below it."""
        g = self.grid()
        out = []
        for r, row in enumerate(g):
            for c, v in enumerate(row):
                if v in (LEFT, UP):
                    continue
                c2 = c
                while c2 + 1 < len(row) and row[c2 + 1] == LEFT:
                    c2 += 1
                r2 = r
                while r2 + 1 < len(g) and g[r2 + 1][c] == UP:
                    r2 += 1
                if (r2, c2) != (r, c):
                    out.append((r, c, r2, c2))
        return out


def _value(v: str) -> str:
    return "" if v in (LEFT, UP) else v


def as_docx(form: Form) -> bytes:
    import docx

    word = docx.Document()
    for line in form.lines:
        word.add_paragraph(line)
    g = form.grid()
    table = word.add_table(rows=len(g), cols=form.width)
    table.style = "Table Grid"
    cells = [row.cells for row in table.rows]
    for r, row in enumerate(g):
        for c, v in enumerate(row):
            if v not in (LEFT, UP):
                cells[r][c].text = v
    for r1, c1, r2, c2 in form.merges():
        text = cells[r1][c1].text
        merged = cells[r1][c1].merge(cells[r2][c2])
        merged.text = text
    for line in form.after:
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def as_xls(form: Form) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("自评表")
    top = 0
    for line in form.lines:
        sheet.write(top, 0, line)
        top += 1
    g = form.grid()
    merged = set()
    for r1, c1, r2, c2 in form.merges():
        sheet.write_merge(top + r1, top + r2, c1, c2, g[r1][c1])
        merged.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
    for r, row in enumerate(g):
        for c, v in enumerate(row):
            if (r, c) not in merged and v:
                sheet.write(top + r, c, v)
    for i, line in enumerate(form.after):
        sheet.write(top + len(g) + i, 0, line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_cell_lines(form: Form) -> str:
    out: list[str] = []
    for line in form.lines:
        out += [line, ""]
    for row in form.grid():
        for v in row:
            out.append("\t" + _value(v))
        out.append("")
    for line in form.after:
        out += [line, ""]
    return "\n".join(out) + "\n"


# -- the forms -----------------------------------------------------------------------------

# A project form as a county office in another province publishes it: the execution as the
# first row of the indicator table, weights and scores under `指标权重（分）` / `指标得分（分）`,
# direction and unit in their own columns, level-one cells holding only the weight, numbering
# prefixes, blank template rows, a not-applicable row, a 合计 row and the conclusion blocks
# below the table. The total as printed: 97.8.
COUNTY_PROJECT = Form(
    lines=["项目支出绩效自评表", "（2023年度）"],
    rows=[
        ["项目名称", "乡村文化活动补助", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["主管部门", "", LEFT, "财政处室", "", LEFT, "实施单位", "某县文化馆", LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值",
         "指标权重（分）", "指标得分（分）", "偏差原因分析及改进措施"],
        ["预算执行率", LEFT, LEFT, "", "100", "%", "98", "10", "9.8", ""],
        ["（50分）", "数量指标", "指标1：开展文化活动场次", "≥", "20", "场", "24", "20", "20", ""],
        [UP, "质量指标", "指标2：活动合格率", "≥", "95", "%", "96", "10", "10", ""],
        [UP, UP, "指标3：资金结转结余率", "", "5", "%", "3", "5", "5", ""],
        [UP, "时效指标", "（1）按时完成率", "=", "100", "%", "100", "10", "10", ""],
        [UP, "成本指标", "1.预算调整率", "", "3", "%", "2", "5", "5", ""],
        ["（30分）", "社会效益指标", "活动参与人数（线上&线下）", "≥", "5000", "人次", "4500", "20", "18",
         "受天气影响，两场活动改为线上"],
        [UP, "可持续影响指标", "长效机制", "", "健全", "", "健全", "10", "10", ""],
        [UP, "生态效益指标", "生态环境影响", "", "/", "", "/", "/", "/", ""],
        [UP, UP, "/", "", "/", "", "/", "", "", ""],
        ["（10分）", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "95", "10", "10", ""],
        [UP, UP, "指标2：", "", "", "", "", "", "", ""],
        [UP, UP, "……", "", "", "", "", "", "", ""],
        ["合计", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, "100", "97.8", ""],
        ["评价结论", "项目总体完成良好。", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["存在问题", "线下活动受天气影响。", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["改进措施", "增加室内场地。", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    ],
)


# A published project form from Hebei (廊坊市食品工程学校, 2019, as the school published it on
# its site, lfsp.cn/newsinfo/1158053.html): the central template with the execution block on
# top, headings wrapped by hand (`年度\n指标值`), names numbered `指标1…`, the template's blank
# `指标2` / `……` rows left in, 效益指标 merged twice, and no units anywhere. The published
# page ends at the last 满意度 rows; the form's total row is not in it.
HEBEI_PROJECT = Form(
    lines=["附件1", "项目支出绩效自评表", "（2019年度）"],
    rows=[
        ["项目名称", "办公宿舍楼、食堂及餐厅暖通改造经费", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["主管部门", "廊坊市发改委", LEFT, LEFT, "实施单位", "廊坊市食品工程学校", LEFT, LEFT, LEFT],
        ["项目资金\n（万元）", "", "年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率", "得分", LEFT],
        [UP, "年度资金总额", "43.2", "43.2", "37.24", "10", "86%", "9", LEFT],
        [UP, "其中：当年财政拨款", "43.2", "43.2", "37.24", "—", "", "—", LEFT],
        [UP, "上年结转资金", "", "", "", "—", "", "—", LEFT],
        [UP, "其他资金", "", "", "", "—", "", "—", LEFT],
        ["年度总体目标", "预期目标", LEFT, LEFT, LEFT, "实际完成情况", LEFT, LEFT, LEFT],
        [UP, "43.2", LEFT, LEFT, LEFT, "37.24", LEFT, LEFT, LEFT],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [UP, "产出指标", "数量指标", "指标1工程资金金额", "43.2", "37.24", "10", "9",
         "已完工，剩余3%尾款未付，且最高限价低于预算金额。提高预算准确度。"],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, UP, "质量指标", "指标1工程完工率", "100", "100", "10", "10", ""],
        [UP, UP, UP, "指标2工程验收合格率", "100", "100", "10", "10", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, UP, "时效指标", "指标1项目完成及时率", "100", "100", "10", "10", ""],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, UP, "成本指标", "指标1成本控制率", "100", "100", "10", "10", ""],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, "效益指标", "经济效益\n指标", "指标1安全率", "100", "100", "10", "10", "0"],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, UP, "社会效益\n指标", "指标1学校发展能力", "100", "100", "10", "10", "0"],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, UP, "生态效益\n指标", "指标1", "", "", "", "", ""],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, "效益指标", "可持续影响\n指标", "指标1长期使用性", "100", "100", "10", "10", ""],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
        [UP, UP, UP, "……", "", "", "", "", ""],
        [UP, "满意度\n指标", "服务对象满意度指标", "指标1学生满意度", "100", "100", "10", "10", "0"],
        [UP, UP, UP, "指标2", "", "", "", "", ""],
    ],
)


# A department form in the flat framework (RULES.md 5b): one list of indicators with 计量单位,
# 指标性质, 年初指标值 beside 调整指标值, 得分系数, 指标权重, 指标得分 and 是否核心指标; the
# execution as rate, weight and score. Printed total 96.6 = 9.8 + 30 + 28.8 + 28.
FLAT_DEPARTMENT = Form(
    lines=["部门整体支出绩效自评表", "（2023年度）"],
    rows=[
        ["单位名称", "某市统计局", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["执行率", "98%", LEFT, "执行率权重", "10", LEFT, "执行率得分", "9.8", LEFT, LEFT, LEFT, LEFT],
        ["序号", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数（%）",
         "指标权重（分）", "指标得分（分）", "是否核心指标", "偏差原因"],
        ["1", "统计调查项目完成率", "%", "定量", "≥100", "", "100", "100", "30", "30", "是", ""],
        ["2", "数据发布及时率", "%", "定量", "≥95", "≥90", "92", "96", "30", "28.8", "否",
         "年中机构改革，发布计划调整"],
        ["3", "社会公众满意度", "%", "定量", "≥90", "", "88", "93.33", "30", "28", "是", "线上渠道宣传不足"],
        ["总分", "96.6", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    ],
)
