"""Every label the terminal app shows, in English and Chinese.

``t(key, lang, **values)`` looks a label up and fills its ``{placeholders}``; with
``count=1`` it takes the label's singular (``en_one``) where there is one.
Key-binding descriptions are keyed by the binding's id, so the footer, the help
screen and the command palette all follow the language; ``localize_bindings``
rewrites a node's bindings in place when the language changes.
"""

from __future__ import annotations

import dataclasses
from typing import Any

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "中文"}

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "quizapp", "zh": "quizapp"},
    "colon": {"en": ": ", "zh": "："},
    "subtitle": {"en": "ML interview fundamentals", "zh": "机器学习面试基础"},
    # home
    "home.topics": {"en": "Topics", "zh": "主题"},
    "home.col.topic": {"en": "Topic", "zh": "主题"},
    "home.col.due": {"en": "Due", "zh": "待复习"},
    "home.col.new": {"en": "New", "zh": "新卡"},
    "home.col.mastery": {"en": "Mastery", "zh": "掌握度"},
    "home.today": {"en": "Today: {reviews} reviewed, {due} due, {new} new waiting",
                   "zh": "今天：已复习 {reviews} 张，待复习 {due} 张，新卡 {new} 张"},
    "home.streak": {"en": "Streak: {count} days", "en_one": "Streak: 1 day", "zh": "连续学习：{count} 天"},
    "home.hint": {"en": "Enter studies the selected topic · a studies everything due · c crams it",
                  "zh": "回车学习所选主题 · a 学习全部待复习 · c 突击所选主题"},
    "home.nothing": {"en": "Nothing is due right now. Cram a topic (c) to practise anyway.",
                     "zh": "现在没有要复习的卡片。可以按 c 突击一个主题继续练习。"},
    "home.loading": {"en": "Loading the question bank…", "zh": "正在载入题库…"},
    "home.bank_errors": {"en": "{count} cards in the question bank could not be loaded; run `quizapp check-content`.",
                         "en_one": "1 card in the question bank could not be loaded; run `quizapp check-content`.",
                         "zh": "题库中有 {count} 张卡片无法载入；请运行 `quizapp check-content`。"},
    # study
    "study.mode.study": {"en": "Study", "zh": "学习"},
    "study.mode.cram": {"en": "Cram", "zh": "突击"},
    "study.progress": {"en": "{mode} · {topic} · card {done} of {total}",
                       "zh": "{mode} · {topic} · 第 {done} / {total} 张"},
    "study.all_topics": {"en": "all topics", "zh": "全部主题"},
    "study.answer_placeholder": {"en": "Type your answer and press Enter (0.83, 5/6, 83%, [0.1, 0.2])",
                                 "zh": "输入答案后按回车（0.83、5/6、83%、[0.1, 0.2]）"},
    "study.reveal_hint": {"en": "Think of your answer, then press space to reveal.",
                          "zh": "先想好答案，再按空格显示参考答案。"},
    "study.rate_hint": {"en": "How well did you know it? 1 again · 2 hard · 3 good · 4 easy",
                        "zh": "你掌握得如何？1 重来 · 2 困难 · 3 良好 · 4 简单"},
    "study.choice_hint": {"en": "Press 1 for A, 2 for B, and so on.", "zh": "按 1 选 A，按 2 选 B，依此类推。"},
    "study.choice_multi_hint": {"en": "Several are right: press 1 for A, 2 for B… for each, then Enter.",
                                "zh": "有多个正确选项：按 1 选 A、按 2 选 B……逐个选择，再按回车。"},
    "study.type_first": {"en": "Type your answer first (a number like 0.83, 5/6 or 83%, or a vector like [0.1, 0.2]), "
                                "then press Enter.",
                          "zh": "请先输入答案（数字如 0.83、5/6、83%，或向量如 [0.1, 0.2]），再按回车。"},
    "study.pick_first": {"en": "Pick an option first: press 1–{n} for A–{last}.",
                         "zh": "请先选择选项：按 1–{n} 选 A–{last}。"},
    "study.next_hint": {"en": "Enter: next card", "zh": "回车：下一张"},
    "study.key_points": {"en": "Key points", "zh": "要点"},
    "study.answer": {"en": "Answer", "zh": "参考答案"},
    "study.solution": {"en": "Worked solution for these numbers", "zh": "本题数字的详细解答"},
    "study.explanation": {"en": "Explanation", "zh": "解析"},
    "study.expected": {"en": "Expected {answer}", "zh": "正确答案 {answer}"},
    "study.your_answer": {"en": "You answered {answer}", "zh": "你的答案 {answer}"},
    "study.mistake": {"en": "Common mistake: {label}", "zh": "常见错误：{label}"},
    "study.note": {"en": "Note on the source", "zh": "关于原笔记的更正"},
    "study.stage": {"en": "Step {n} of {total}", "zh": "第 {n} / {total} 步"},
    "study.off": {"en": "off by {off}", "zh": "相差 {off}"},
    "study.correct": {"en": "Correct", "zh": "正确"},
    "study.wrong": {"en": "Not right", "zh": "不对"},
    "study.unreadable": {"en": "Could not read that", "zh": "无法读懂"},
    "study.done": {"en": "Session finished: {count} cards reviewed, {right} remembered. Press Escape for home.",
                   "en_one": "Session finished: 1 card reviewed, {right} remembered. Press Escape for home.",
                   "zh": "本轮结束：复习了 {count} 张，记住了 {right} 张。按 Esc 返回主页。"},
    # why a study session has no card (session.empty_reason); {settings} and {cram} are keys
    "study.empty.new_limit": {
        "en": "Nothing to study: today's {count} new cards are done and no review is due. "
              "Raise New cards per day in Settings ({settings}), or cram these topics ({cram}).",
        "en_one": "Nothing to study: today's 1 new card is done and no review is due. "
                  "Raise New cards per day in Settings ({settings}), or cram these topics ({cram}).",
        "zh": "没有要学的卡片：今天的 {count} 张新卡已学完，也没有待复习的卡片。"
              "可在设置（{settings}）里调高每天新卡数，或突击这些主题（{cram}）。"},
    "study.empty.new_off": {
        "en": "Nothing to study: New cards per day is 0 and no review is due. "
              "Raise it in Settings ({settings}), or cram these topics ({cram}).",
        "zh": "没有要学的卡片：每天新卡数为 0，也没有待复习的卡片。可在设置（{settings}）里调高，或突击这些主题（{cram}）。"},
    "study.empty.review_limit": {
        "en": "Nothing more today: today's {count} reviews are done and {due} more are due. "
              "Raise Reviews per day in Settings ({settings}), or cram these topics ({cram}).",
        "zh": "今天到此为止：今天的 {count} 次复习已做完，还有 {due} 张到期。"
              "可在设置（{settings}）里调高每天复习上限，或突击这些主题（{cram}）。"},
    "study.empty.nothing_due": {
        "en": "Nothing is due: every card here has been studied and none is due yet. "
              "Come back later, or cram these topics ({cram}).",
        "zh": "没有到期的卡片：这里每张卡都学过了，还没有到期的。稍后再来，或突击这些主题（{cram}）。"},
    "study.empty.no_cards": {"en": "There is no card to study here. Press Escape for home.",
                             "zh": "这里没有可以学习的卡片。按 Esc 返回主页。"},
    "study.undone": {"en": "Undid the last review.", "zh": "已撤销上一次复习。"},
    "study.nothing_to_undo": {"en": "There is no review to undo.", "zh": "没有可撤销的复习。"},
    "study.skipped": {"en": "Skipped; it stays due.", "zh": "已跳过，它仍然待复习。"},
    "study.flagged": {"en": "Flagged this card as wrong; thank you.", "zh": "已标记此卡有误，谢谢。"},
    "study.flag_prompt": {"en": "What looks wrong with this card?", "zh": "这张卡哪里有误？"},
    "study.flag_placeholder": {"en": "A short note (Enter to save, Escape to cancel)",
                               "zh": "简短说明（回车保存，Esc 取消）"},
    "study.busy": {"en": "Preparing the next card…", "zh": "正在准备下一张卡…"},
    # settings
    "settings.title": {"en": "Settings", "zh": "设置"},
    "settings.language": {"en": "Language", "zh": "语言"},
    "settings.retention": {"en": "Desired retention", "zh": "期望记忆保持率"},
    "settings.new_per_day": {"en": "New cards per day", "zh": "每天新卡数"},
    "settings.reviews_per_day": {"en": "Reviews per day", "zh": "每天复习上限"},
    "settings.maximum_interval": {"en": "Longest interval in days", "zh": "最长复习间隔天数"},
    "settings.day_rollover_hour": {"en": "Hour a new study day starts", "zh": "新的学习日从几点开始"},
    "settings.range": {"en": "{label} ({low}–{high})", "zh": "{label}（{low}–{high}）"},
    "settings.theme": {"en": "Theme", "zh": "主题配色"},
    "settings.theme.dark": {"en": "Dark", "zh": "深色"},
    "settings.theme.light": {"en": "Light", "zh": "浅色"},
    "settings.saved": {"en": "Saved.", "zh": "已保存。"},
    "settings.not_number": {"en": "{label}: “{value}” is not a number; nothing was changed.",
                            "zh": "{label}：“{value}”不是数字；未作更改。"},
    "settings.not_whole": {"en": "{label}: “{value}” is not a whole number; nothing was changed.",
                           "zh": "{label}：“{value}”不是整数；未作更改。"},
    "settings.out_of_range": {"en": "{label}: {value} is outside {low}–{high}; nothing was changed.",
                              "zh": "{label}：{value} 超出 {low}–{high} 的范围；未作更改。"},
    "settings.hint": {"en": "Changes are saved as soon as you leave a field or press Enter.",
                      "zh": "离开输入框或按回车即保存。"},
    # help
    "help.title": {"en": "Keys", "zh": "按键"},
    "help.col.key": {"en": "Key", "zh": "按键"},
    "help.col.action": {"en": "Action", "zh": "操作"},
    "help.col.where": {"en": "Where", "zh": "位置"},
    "help.where.app": {"en": "everywhere", "zh": "任意位置"},
    "help.where.home": {"en": "home", "zh": "主页"},
    "help.where.study": {"en": "study", "zh": "学习"},
    "help.where.settings": {"en": "settings", "zh": "设置"},
    "help.where.help": {"en": "help", "zh": "帮助"},
    "help.remap": {"en": "Remap a key by its id in {path}, one line each, e.g. study-skip = \"ctrl+k\".",
                   "zh": "可在 {path} 中按 id 重新映射按键，每行一个，例如 study-skip = \"ctrl+k\"。"},
    # command palette
    "palette.placeholder": {"en": "Search for commands and topics…", "zh": "搜索命令和主题…"},
    "palette.deck": {"en": "deck: {title}", "zh": "主题：{title}"},
    "palette.deck_help": {"en": "Study this topic's due cards", "zh": "学习该主题的待复习卡片"},
    "palette.cram": {"en": "cram: {title}", "zh": "突击：{title}"},
    "palette.cram_help": {"en": "Practise every card of this topic without moving its schedule",
                          "zh": "练习该主题全部卡片，不改变复习计划"},
    # errors
    "error.store": {"en": "Could not save: {message}", "zh": "无法保存：{message}"},
}

# Binding id -> description, per language. Every Binding in the app has an id here.
BINDING_LABELS: dict[str, dict[str, str]] = {
    "quit": {"en": "Quit", "zh": "退出"},
    "palette": {"en": "Commands", "zh": "命令"},
    "help": {"en": "Keys", "zh": "按键"},
    "settings": {"en": "Settings", "zh": "设置"},
    "language": {"en": "中文", "zh": "English"},
    "theme": {"en": "Light/dark", "zh": "浅色/深色"},
    "home-study-all": {"en": "Study all", "zh": "学习全部"},
    "home-study-topic": {"en": "Study", "zh": "学习"},
    "home-cram-topic": {"en": "Cram", "zh": "突击"},
    "home-quit": {"en": "Quit", "zh": "退出"},
    "study-home": {"en": "Home", "zh": "主页"},
    "study-next": {"en": "Next", "zh": "下一张"},
    "study-reveal": {"en": "Reveal", "zh": "显示答案"},
    "study-rate": {"en": "Rate", "zh": "评分"},
    "study-choose": {"en": "Choose", "zh": "选择"},
    "study-submit-choice": {"en": "Submit", "zh": "提交"},
    "study-undo": {"en": "Undo", "zh": "撤销"},
    "study-skip": {"en": "Skip", "zh": "跳过"},
    "study-flag": {"en": "Flag", "zh": "报错"},
    "study-cram": {"en": "Cram these topics", "zh": "突击这些主题"},
    "close": {"en": "Close", "zh": "关闭"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The label ``key`` in ``lang`` with ``values`` filled in (English if ``lang``
    has no entry)."""
    entry = LABELS[key]
    text = entry.get(lang) or entry["en"]
    if values.get("count") == 1:
        text = entry.get(f"{lang}_one", text)
    return text.format(**values) if values else text


def binding_label(binding_id: str, lang: str) -> str:
    entry = BINDING_LABELS[binding_id]
    return entry.get(lang) or entry["en"]


def family_of(bid: str) -> str:
    """A binding id's label id: a grouped family (``study-rate-1``…) shares its group's."""
    head, _, tail = bid.rpartition("-")
    return head if tail.isdigit() and head in BINDING_LABELS else bid


def binding_id_of(binding: Any) -> str:
    return family_of(binding.id or "")


def localize_bindings(node: Any, lang: str) -> None:
    """Rewrite the descriptions of ``node``'s bindings (and their groups) in ``lang``."""
    bindings_map = node._bindings  # Textual keeps each node's own BindingsMap here
    for key, bindings in bindings_map.key_to_bindings.items():
        out = []
        for b in bindings:
            bid = binding_id_of(b)
            if bid in BINDING_LABELS:
                label = binding_label(bid, lang)
                group = dataclasses.replace(b.group, description=label) if b.group else None
                b = dataclasses.replace(b, description=label, group=group)
            out.append(b)
        bindings_map.key_to_bindings[key] = out
