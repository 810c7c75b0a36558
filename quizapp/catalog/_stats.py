"""``quizapp stats`` in plain text."""

MESSAGES = {
    "stats.no_file": {"en": "there is no progress database at {path}; check the path given with --db",
                      "zh": "{path} 处没有进度数据库；请检查 --db 给出的路径"},
    "stats.reviews": {
        "en": "reviews: {reviews} ({today} today), retention {retention} ({week} this week), streak {count} days",
        "en_one": "reviews: {reviews} ({today} today), retention {retention} ({week} this week), streak 1 day",
        "zh": "复习：{reviews} 次（今天 {today} 次），记住率 {retention}（本周 {week}），连续学习 {count} 天"},
    "stats.learned": {"en": "learned today: {learned}, due now: {due}, new: {new}",
                      "zh": "今天新学：{learned} 张，待复习：{due} 张，新卡：{new} 张"},
    "stats.practice": {"en": "practice (cram, not counted above): {reviews} ({today} today)",
                       "zh": "突击练习（不计入上面的数字）：{reviews} 次（今天 {today} 次）"},
    "stats.by_topic": {"en": "by topic:", "zh": "按主题："},
    "stats.topic": {"en": "{reviews} reviews, retention {retention}, {due} due, {new} new",
                    "zh": "复习 {reviews} 次，记住率 {retention}，待复习 {due} 张，新卡 {new} 张"},
    "stats.mistakes": {"en": "mistakes made most:", "zh": "最常犯的错误："},
    "stats.mocks": {"en": "mock interviews: {count}, average {average}, best {best}",
                    "zh": "模拟面试：{count} 次，平均 {average}，最好 {best}"},
    "stats.mock": {"en": "{started}  {questions} questions, {score}", "zh": "{started}  {questions} 题，{score}"},
    "stats.no_mocks": {"en": "mock interviews: none yet", "zh": "模拟面试：还没有"},
}
