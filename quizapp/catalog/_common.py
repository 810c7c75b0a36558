"""Words shared by every surface: ratings, kinds, verdict headings."""

MESSAGES = {
    "rating.1": {"en": "Again", "zh": "重来"},
    "rating.2": {"en": "Hard", "zh": "困难"},
    "rating.3": {"en": "Good", "zh": "良好"},
    "rating.4": {"en": "Easy", "zh": "简单"},
    "verdict.correct": {"en": "Correct", "zh": "正确"},
    "verdict.wrong": {"en": "Not right", "zh": "不对"},
    "verdict.again": {"en": "Try again", "zh": "请重新作答"},
    "time.under_minute": {"en": "<1m", "zh": "<1分钟"},
    "time.minutes": {"en": "{n}m", "zh": "{n}分钟"},
    "time.hours": {"en": "{n}h", "zh": "{n}小时"},
    "time.days": {"en": "{n}d", "zh": "{n}天"},
    "time.months": {"en": "{n}mo", "zh": "{n}个月"},
    "time.years": {"en": "{n}y", "zh": "{n}年"},
}
