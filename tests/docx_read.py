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
