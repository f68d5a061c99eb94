"""jixiao's entry points: the `jixiao` command (`jixiao.cli`) and `python -m jixiao`.

The layers are `model/` <- `scoring/` <- `exchange/` <- `tui/`; this package
sits on top of them. Its subcommands (`check`, `score`, `new`, and the
exchange ones) never import Textual; only `jixiao FILE` loads the app, lazily.
"""
