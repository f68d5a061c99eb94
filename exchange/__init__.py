"""Exchange with spreadsheets and pasted tables: export, import, roll-up. No Textual."""
