"""The app's dialogs (modal screens): each only collects what the person
says and dismisses with it; the controllers (tui/controllers/) act on the
answer. Below the screens and the controllers: neither is imported here."""
