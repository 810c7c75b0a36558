"""Widgets grouped by area: the topic table (home) and the card view (study)."""
