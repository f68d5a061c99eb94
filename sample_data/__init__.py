"""The real forms and the templates, shipped as package data.

Nothing here is code: this file only lets the forms travel inside the wheel
and be found with `importlib.resources` (see `model.templates`).
"""
