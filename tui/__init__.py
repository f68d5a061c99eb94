"""The Textual app: screens, widgets and the session behind them. The only
home of Textual.

The `jixiao` command is jixiao/ (jixiao/cli.py), on top of this package: it
imports `tui.app` only to open the app. Importing this package does not
import Textual, so the command's `check`, `score` and `new` stay fast.
"""
