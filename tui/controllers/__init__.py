"""Controllers: flows of the main screen that do the work behind its dialogs."""
