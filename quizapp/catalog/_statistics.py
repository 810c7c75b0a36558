"""The statistics screen and the statistics ``quizapp stats`` adds."""

MESSAGES = {
    "statistics.cli.week_ahead": {"en": "due in the next 7 days, from today: {counts}",
                                  "zh": "接下来 7 天（从今天起）每天到期：{counts}"},
}
