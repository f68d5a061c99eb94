"""Exchange with spreadsheets, Word documents and pasted tables: export, import, roll-up. No Textual.

The modules (see docs/exchange.md); import the one you need, the package
itself imports nothing heavy, so `jixiao check` stays fast:

- exchange.export    export_document(doc, path, fmt=None, overwrite=False) -> ExportResult (.xlsx .docx .csv .md)
- exchange.xlsx      xlsx_bytes / write_xlsx: the official form, 问题清单, hidden saved copy
- exchange.word      form_docx_bytes: the official form as a Word table (python-docx)
- exchange.report    write_report / report_bytes / draft_report: the drafted 绩效自评报告 (.docx)
- exchange.wording   load_wording: the report's phrasing, from exchange/templates/report.toml
- exchange.text      csv_text / markdown_text
- exchange.importer  import_file(path) / import_text(text) -> ImportResult(document, notes, forms);
                     import_forms(path) -> one ImportResult per form (.docx .xlsx .xls .csv text)
- exchange.docxread read_docx(path): a Word document as a grid (python-docx)
- exchange.xls       read_xls(path): an old Excel workbook as grids (xlrd)
- exchange.weights   a weight table (评分表 / 指标体系) filling the weights a form lacks
- exchange.paste     parse_pasted_rows(text) -> PasteResult(rows, notes); add_rows(doc, rows, at=path)
- exchange.rollup    rollup(dept, [(label, project), ...]) -> Rollup; format_rollup; pick_department
- exchange.notes     Note, NoteKind: every skipped or reinterpreted cell
- exchange.cli       register(subparsers): `export`, `import`, `rollup`, `report`
"""
