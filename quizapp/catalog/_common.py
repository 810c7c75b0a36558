"""Words shared by every surface: ratings, kinds, verdict headings."""

MESSAGES = {
    "rating.1": {"en": "Again", "zh": "重来"},
    "rating.2": {"en": "Hard", "zh": "困难"},
    "rating.3": {"en": "Good", "zh": "良好"},
    "rating.4": {"en": "Easy", "zh": "简单"},
    "verdict.correct": {"en": "Correct", "zh": "正确"},
    "verdict.wrong": {"en": "Not right", "zh": "不对"},
    "verdict.again": {"en": "Try again", "zh": "请重新作答"},
}
