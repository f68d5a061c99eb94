"""The Textual app and the `jixiao` command. The only home of Textual.

Importing this package does not import Textual: the command's `check`,
`score` and `new` stay fast and work without a terminal UI.
"""
