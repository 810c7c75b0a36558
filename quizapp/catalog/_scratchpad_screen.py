"""The scratchpad screen: its title, hints, notices and keys (the core's sentences are in _scratchpad.py)."""

MESSAGES = {
    "pad.title": {"en": "Scratchpad", "zh": "草稿本"},
    "pad.title_calculator": {"en": "Scratchpad · calculator until the verdict", "zh": "草稿本 · 判定前只能当计算器"},
    "pad.placeholder": {
        "en": "binary_metrics tp=40 fp=10 fn=5 tn=45   or   1 - 0.999^3",
        "zh": "binary_metrics tp=40 fp=10 fn=5 tn=45   或   1 - 0.999^3",
    },
    "pad.placeholder_calculator": {
        "en": "Arithmetic, like sqrt(6/(256+128)) or 0.9^10",
        "zh": "输入算式，例如 sqrt(6/(256+128)) 或 0.9^10",
    },
    "pad.hint": {
        "en": "The value and its worked solution appear as you type. Tab completes names and arguments; "
        "↑ ↓ walk the lines you kept (Enter keeps one).",
        "zh": "边输入边显示结果和详细解答。Tab 补全名称和参数；↑ ↓ 翻看记下的行（回车记下当前行）。",
    },
    "pad.hint_preloaded": {
        "en": "This card's computation with its numbers: change an argument and see what moves.",
        "zh": "这是本题的计算和数字：改动一个参数，看看哪些结果跟着变。",
    },
    "pad.calculator": {
        "en": "A calculator while you answer: the engine's computations open after the verdict, since "
        "working them on this card's numbers would give the answer away.",
        "zh": "作答期间只能当计算器用：引擎的计算要等判定结果出来后才能用，"
        "现在用这张卡片的数字去算，就等于直接看答案了。",
    },
    "pad.study_hint": {
        "en": "{press}: change this card's numbers in the scratchpad",
        "zh": "{press}：在草稿本里改动本题的数字试试",
    },
    "pad.solution": {"en": "Worked solution", "zh": "详细解答"},
    "pad.card_pick_named": {"en": "This card asked for {path}: {value}", "zh": "这张卡片问的是 {path}：{value}"},
    "pad.card_pick": {"en": "This card asked for: {value}", "zh": "这张卡片问的是：{value}"},
    "pad.working": {"en": "Working it out…", "zh": "正在计算…"},
    "pad.kept": {"en": "Kept; ↑ brings it back, now or next time.", "zh": "已记下；按 ↑ 可调回，下次打开也在。"},
    "pad.nothing_to_complete": {
        "en": "Nothing to complete here: Tab completes a computation's name, its arguments, "
        "or a function like sqrt(.",
        "zh": "这里没有可补全的内容：Tab 可补全计算的名称、它的参数，或 sqrt( 这样的函数。",
    },
    "pad.check_empty": {
        "en": "Type a computation to cross-check, like adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1.",
        "zh": "先输入要交叉核对的计算，例如 adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1。",
    },
    "pad.checking": {
        "en": "Cross-checking with torch and scikit-learn (loading torch takes a few seconds)…",
        "zh": "正在用 torch 和 scikit-learn 交叉核对（载入 torch 需要几秒）…",
    },
    # --- keys ---------------------------------------------------------------------------
    "key.scratchpad": {"en": "Scratchpad", "zh": "草稿本"},
    "key.scratchpad-close": {"en": "Close", "zh": "关闭"},
    "key.scratchpad-complete": {"en": "Complete", "zh": "补全"},
    "key.scratchpad-complete-back": {"en": "Previous completion", "zh": "上一个补全"},
    "key.scratchpad-keep": {"en": "Keep the line in the history", "zh": "把这一行记入历史"},
    "key.scratchpad-older": {"en": "Older line in the history", "zh": "历史中更早的一行"},
    "key.scratchpad-newer": {"en": "Newer line in the history", "zh": "历史中更近的一行"},
    "key.scratchpad-crosscheck": {"en": "Cross-check", "zh": "交叉核对"},
    "key.scratchpad-page-up": {"en": "Page up", "zh": "上翻一页"},
    "key.scratchpad-page-down": {"en": "Page down", "zh": "下翻一页"},
    "help.where.scratchpad": {"en": "scratchpad", "zh": "草稿本"},
}
