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

    # -- what a scorecard says of a question (the app and the plain interview)
    "mock.out_of_time": {"en": "out of time", "zh": "超时"},
    "mock.passed_on": {"en": "passed on", "zh": "跳过"},
    "mock.not_scored": {"en": "key points not ticked", "zh": "要点未核对"},
    "mock.took": {"en": "{time}", "zh": "用时 {time}"},
    "mock.key_points_covered": {"en": "{ticked} of {total} key points ({rating})",
                                "zh": "覆盖要点 {ticked}/{total}（{rating}）"},
    "mock.source.weakest": {"en": "from your weakest areas", "zh": "出自你最薄弱的部分"},
    "mock.source.topics": {"en": "from {topics}", "zh": "出自{topics}"},
    "mock.per_question": {"en": " (at most {time} a question)", "zh": "（每题最多 {time}）"},
    "mock.trend": {"en": "; trend {points} points an interview", "zh": "；趋势：每次 {points} 分"},
    "mock.stats_trend": {"en": "scores {spark} (oldest first), {seconds} s a question answered{trend}",
                         "zh": "得分 {spark}（从早到晚），每道作答的题平均 {seconds} 秒{trend}"},
    # -- quizapp mock --plain
    "mock.cli.need_plain": {
        "en": "the interactive mock interview is in the terminal app: run `quizapp` and press m; add --plain "
              "to run it in plain lines here",
        "zh": "交互式模拟面试在终端应用里：运行 `quizapp` 后按 m；加上 --plain 可在这里用纯文本进行"},
    "mock.cli.bad_count": {"en": "--count {count} is not between 1 and {most}; give a whole number in that range",
                           "zh": "--count {count} 不在 1 到 {most} 之间；请给出这个范围内的整数"},
    "mock.cli.bad_minutes": {
        "en": "{option} {value} is not a time from one second to {most} minutes; give minutes such as 15 or 1.5",
        "zh": "{option} {value} 不是 1 秒到 {most} 分钟之间的时长；请以分钟为单位给出，例如 15 或 1.5"},
    "mock.cli.intro": {
        "en": "interview: {count} questions, {time} in all{per}, {source}. No verdict until the scorecard; "
              ":skip passes on a question, :quit ends the interview.",
        "en_one": "interview: 1 question, {time} in all{per}, {source}. No verdict until the scorecard; "
                  ":skip passes on it, :quit ends the interview.",
        "zh": "interview: 共 {count} 题，总时长 {time}{per}，{source}。结束前不公布对错；"
              "输入 :skip 跳过一题，:quit 结束面试。"},
    "mock.cli.header": {"en": "[{n}/{total}] {id} · {title} ({kind}) · {left} left",
                        "zh": "[{n}/{total}] {id} · {title}（{kind}）· 剩余 {left}"},
    "mock.cli.cue.concept": {"en": "> answer in your own words, on one line",
                             "zh": "> 用自己的话作答（写在一行里）"},
    "mock.cli.empty": {"en": "unreadable: type an answer, or :skip to pass on this question",
                       "zh": "unreadable: 请输入答案，或输入 :skip 跳过这道题"},
    "mock.cli.late": {"en": "late: {said}", "zh": "late: {said}"},
    "mock.cli.time_up": {"en": "time: the interview's time is up; what you answered is kept",
                         "zh": "time: 面试时间到了；已作答的内容都已保存"},
    "mock.cli.question_time_up": {"en": "late: the time for this question is up; it counts as not answered",
                                  "zh": "late: 这道题的时间到了，记为未作答"},
    "mock.cli.skipped": {"en": "skipped; it counts as not answered", "zh": "skipped: 已跳过，记为未作答"},
    "mock.cli.unknown": {"en": "unreadable: unknown command {text}; expected :skip or :quit",
                         "zh": "unreadable: 未知命令 {text}；可用 :skip 或 :quit"},
    "mock.cli.key_points": {"en": "key points [{n}/{total}] {id} · {title}",
                            "zh": "key points [{n}/{total}] {id} · {title}"},
    "mock.cli.your_answer": {"en": "your answer: {answer}", "zh": "你的答案：{answer}"},
    "mock.cli.expected": {"en": "right answer: {answer}", "zh": "正确答案：{answer}"},
    "mock.cli.cue.key_points": {
        "en": "> the numbers of the key points your answer covered (1–{total}, e.g. 1 3), or an empty line for none",
        "zh": "> 你的答案覆盖了哪些要点：输入编号（1–{total}，例如 1 3），一个都没有就输入空行"},
    "mock.cli.scored": {"en": "scored: {ticked} of {total} key points ({rating})",
                        "zh": "scored: 覆盖要点 {ticked}/{total}（{rating}）"},
    "mock.cli.scorecard": {
        "en": "scorecard: {passed} of {total} passed ({score}), {answered} answered, in {time} of {limit}",
        "zh": "scorecard: {total} 题通过 {passed} 题（{score}），作答 {answered} 题，用时 {time} / {limit}"},
    "mock.cli.result": {"en": "[{n}] {verdict} · {title} · {how}", "zh": "[{n}] {verdict} · {title} · {how}"},
    "mock.cli.work_on": {"en": "work on:", "zh": "work on: 需要加强"},
    "mock.cli.all_passed": {"en": "work on: nothing this time, every question passed",
                            "zh": "work on: 这次每道题都通过了"},
    "mock.cli.history": {"en": "history: {spark} (your last {count} scores, oldest first){trend}",
                         "en_one": "history: {spark} (your first score){trend}",
                         "zh": "history: {spark}（最近 {count} 次得分，从早到晚）{trend}"},
}
