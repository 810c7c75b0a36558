"""The Textual terminal app. Import ``quizapp.tui.app.make_app`` to build it; nothing
here is imported by the headless core."""
