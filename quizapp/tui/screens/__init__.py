"""The app's screens: home, study, settings, help."""
