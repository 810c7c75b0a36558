"""quizapp: rehearse machine-learning interview fundamentals in the terminal."""

__version__ = "0.1.0"
