"""Mock interviews: what the interview says on its own, its screens in the app and
``quizapp mock --plain``. A plain line's first word stays machine-readable in every
language (``question``, ``step``, ``saved``, ``late``, ``skipped``, ``scorecard``,
``correct``, ``wrong``, ``self``, ``pending``, ``area``)."""

MESSAGES = {
    # -- the interview itself (quizapp.session.MockInterview, quizapp.mock)
    "mock.question_too_late": {
        "en": "The time for this question was up, so this answer was kept but not graded.",
        "zh": "这道题的时间已到，答案已保存，但不计分。"},
    "mock.error.no_cards": {"en": "there is no question to ask in these topics",
                            "zh": "这些主题里没有可以出的题"},
    "mock.error.no_reveal": {
        "en": "in a mock interview a concept question is answered in your own words; its key points are "
              "ticked at the end",
        "zh": "模拟面试里的概念题要用自己的话作答；要点在面试结束后再逐条核对"},
    "mock.error.empty_answer": {"en": "type your answer in your own words first, or pass on this question",
                                "zh": "请先用自己的话写下答案，或者跳过这道题"},
    "mock.error.score_after": {"en": "concept answers are scored once the interview is over",
                               "zh": "概念题要等面试结束后再评分"},
    "mock.error.not_pending": {"en": "question {position} has no concept answer waiting for its key points",
                               "zh": "第 {position} 题没有等待核对要点的概念题答案"},
    "mock.error.key_point": {"en": "a key point is a number from 1 to {total}",
                             "zh": "要点编号应在 1 到 {total} 之间"},
    "mock.area.mistake": {"en": "Common mistake: {label} ({title}), made {count} times",
                          "en_one": "Common mistake: {label} ({title})",
                          "zh": "常见错误：{label}（{title}），犯了 {count} 次",
                          "zh_one": "常见错误：{label}（{title}）"},
    "mock.area.topic": {"en": "{topic}: {missed} of {asked} questions not passed",
                        "zh": "{topic}：{asked} 题中 {missed} 题没有通过"},
}
