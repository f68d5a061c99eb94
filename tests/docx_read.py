"""Reading Word tables back for the tests: each cell's text and the merged ranges.

Independent of exchange.word: it walks the table XML of a document opened with
python-docx, placing each <w:tc> on the layout grid by its gridSpan and
following vMerge="continue" cells up to the cell they continue.
"""

from __future__ import annotations

from docx.oxml.ns import qn


def cell_text(tc) -> str:
    lines = []
    for p in tc.iter(qn("w:p")):
        parts = []
        for node in p.iter():
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                parts.append("\t")
            elif node.tag == qn("w:br"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def read_table(tbl):
    """(texts, merges, header_rows): texts[(r, c)] of each cell's top-left position,
    merges: the set of (r1, c1, r2, c2) spanning more than one grid cell,
    header_rows: the indexes of rows marked to repeat on every page."""
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    texts: dict[tuple[int, int], str] = {}
    header_rows = []
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None and trpr.find(qn("w:tblHeader")) is not None:
            header_rows.append(r)
        c = 0
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = 1
            continued = False
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None and vm.get(qn("w:val"), "continue") == "continue":
                    continued = True
            for k in range(span):
                origin[(r, c + k)] = origin[(r - 1, c)] if continued else (r, c)
            if not continued:
                texts[(r, c)] = cell_text(tc)
            c += span
    extent: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), o in origin.items():
        r2, c2 = extent.get(o, o)
        extent[o] = (max(r2, r), max(c2, c))
    merges = {(o[0], o[1], e[0], e[1]) for o, e in extent.items() if e != o}
    return texts, merges, header_rows


def tables(document):
    return document.element.body.findall(qn("w:tbl"))


def _runs_on(tbl, offset: int) -> dict[int, tuple[int, int, int, int]]:
    """Cells of a table's last row that start a merge down (vMerge restart) no row continues:
    a label cut at the page's foot, continued by the next table. Column -> (r, c, r, c2)."""
    trs = tbl.findall(qn("w:tr"))
    out = {}
    c = 0
    for tc in trs[-1].findall(qn("w:tc")) if trs else ():
        tcpr = tc.find(qn("w:tcPr"))
        span = 1
        if tcpr is not None:
            gs = tcpr.find(qn("w:gridSpan"))
            span = int(gs.get(qn("w:val"))) if gs is not None else 1
            vm = tcpr.find(qn("w:vMerge"))
            if vm is not None and vm.get(qn("w:val")) == "restart":
                out[c] = (offset + len(trs) - 1, c, offset + len(trs) - 1, c + span - 1)
        c += span
    return out


def read_form(tbls):
    """The tables of a form as the one table they are (the Word export starts a table on
    each new page, its header rows repeating the title lines and the heading row of an
    indicator table it continues, and the labels merged down from the page before
    starting again with their text): (texts, merges, header_rows) as read_table gives
    for one table, header_rows those of the first."""
    texts, merges, header = read_table(tbls[0])
    nrows = len(tbls[0].findall(qn("w:tr")))
    cut = _runs_on(tbls[0], 0)
    for tbl in tbls[1:]:
        t2, m2, h2 = read_table(tbl)
        assert h2 == list(range(len(h2))), h2  # the repeated rows head the table
        skip = len(h2)
        offset = nrows - skip
        open_ = {m[1]: m for m in merges if m[2] == nrows - 1 and m[2] > m[0]}
        open_.update({c: m for c, m in cut.items() if c not in open_})
        into_body = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in m2 if r1 < skip <= r2}
        spans = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in m2 if r1 >= skip}
        for (r, c), text in t2.items():
            if r < skip:  # a repeated row; a label merged from it down the page's rows starts there
                if (r, c) not in into_body:
                    continue
                start, (r2, c2) = skip, into_body[(r, c)]
            else:
                start, (r2, c2) = r, spans.get((r, c), (r, c))
            old = open_.get(c)
            if start == skip and old is not None and old[3] == c2 and texts.get(old[:2]) == text:
                merges.discard(old)  # the label of the page before, started again: one merge
                merges.add((old[0], old[1], r2 + offset, c2))
                continue
            texts[(start + offset, c)] = text
            if (r2, c2) != (start, c):
                merges.add((start + offset, c, r2 + offset, c2))
        nrows += len(tbl.findall(qn("w:tr"))) - skip
        cut = _runs_on(tbl, nrows - len(tbl.findall(qn("w:tr"))))
    return texts, merges, header


def table_groups(document):
    """The body's tables, a table that continues the one before on a new page (only an
    empty paragraph with a page break before it between them) grouped with it."""
    groups: list[list] = []
    between: list = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            continues = groups and between is not None and len(between) == 1 and \
                between[0].find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
            if continues:
                groups[-1].append(child)
            else:
                groups.append([child])
            between = []
        elif child.tag == qn("w:p") and between is not None:
            between = None if cell_text(child).strip() else [*between, child]
    return groups
