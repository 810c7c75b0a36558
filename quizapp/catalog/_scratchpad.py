"""The scratchpad: what a line may be, why one cannot be worked, completion, cross-check."""

MESSAGES = {
    # --- an empty line: what to type ----------------------------------------------------
    "scratchpad.empty": {
        "en": "Type a computation, like adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1, "
        "or arithmetic, like sqrt(6/(256+128)).",
        "zh": "输入一个计算，例如 adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1，"
        "或一个算式，例如 sqrt(6/(256+128))。",
    },
    "scratchpad.empty_calculator": {
        "en": "Type arithmetic, like sqrt(6/(256+128)); the engine's computations open after the verdict.",
        "zh": "输入算式，例如 sqrt(6/(256+128))；引擎的计算要等判定结果出来后才能用。",
    },
    # --- before a verdict: a calculator only --------------------------------------------
    "scratchpad.after_verdict": {
        "en": "{name} is an engine computation: it opens after the verdict, since working it on this "
        "card's numbers would give the answer away. Until then, type arithmetic like sqrt(6/(256+128)).",
        "zh": "{name} 是引擎的计算，要等判定结果出来后才能用：现在用这张卡片的数字去算，就等于直接看答案了。"
        "在此之前请输入算式，例如 sqrt(6/(256+128))。",
    },
    "scratchpad.after_verdict_line": {
        "en": "Engine computations open after the verdict, since working them on this card's numbers "
        "would give the answer away. Until then, type arithmetic like sqrt(6/(256+128)).",
        "zh": "引擎的计算要等判定结果出来后才能用：现在用这张卡片的数字去算，就等于直接看答案了。"
        "在此之前请输入算式，例如 sqrt(6/(256+128))。",
    },
    # --- a line that cannot be read -----------------------------------------------------
    "scratchpad.too_long": {
        "en": "The line is {length} characters long; the scratchpad reads at most {limit}.",
        "zh": "这一行有 {length} 个字符，草稿本最多只读 {limit} 个。",
    },
    "scratchpad.control_char": {
        "en": "The line holds the control character {char}; type plain text.",
        "zh": "这一行含有控制字符 {char}，请输入普通文本。",
    },
    "scratchpad.unknown": {
        "en": "There is no computation named '{name}'; press Tab for the list of names, or type arithmetic "
        "like sqrt(2).",
        "zh": "没有名为“{name}”的计算；按 Tab 可列出所有名称，也可以输入算式，例如 sqrt(2)。",
    },
    "scratchpad.unknown_did_you_mean": {
        "en": "There is no computation named '{name}'; did you mean {close}?",
        "zh": "没有名为“{name}”的计算；是不是想用 {close}？",
    },
    "scratchpad.unknown_argument_did_you_mean": {
        "en": "{name} has no argument '{arg}'; did you mean {close}? It takes {expected}.",
        "zh": "{name} 没有参数“{arg}”；是不是想写 {close}？它的参数是 {expected}。",
    },
    "scratchpad.parentheses": {
        "en": "Write a computation as its name followed by key=value words, without parentheses: "
        "{name} key=value …",
        "zh": "计算的写法是名称后面跟 key=value，不加括号：{name} key=value …",
    },
    "scratchpad.no_name": {
        "en": "A line with key=value words starts with the computation's name, like "
        "adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1.",
        "zh": "带 key=value 的一行要以计算的名称开头，例如 adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1。",
    },
    "scratchpad.unclosed": {
        "en": "The '{bracket}' at position {pos} is never closed.",
        "zh": "第 {pos} 个字符“{bracket}”没有闭合。",
    },
    "scratchpad.unopened": {
        "en": "The '{bracket}' at position {pos} has no matching opening bracket.",
        "zh": "第 {pos} 个字符“{bracket}”没有对应的左括号。",
    },
    "scratchpad.unclosed_quote": {
        "en": "The quote at position {pos} is never closed; a text value is written \"like this\" or without quotes.",
        "zh": "第 {pos} 个字符处的引号没有闭合；文字取值写成 \"like this\"，或者不加引号。",
    },
    "scratchpad.too_deep": {
        "en": "A value is nested more than {limit} levels deep; the engine takes numbers, vectors, "
        "matrices and 3-d arrays.",
        "zh": "有个取值嵌套超过了 {limit} 层；引擎接受的是数、向量、矩阵和三维数组。",
    },
    "scratchpad.too_many_numbers": {
        "en": "The arguments hold {got} numbers; the scratchpad takes at most {limit}, as many as a card.",
        "zh": "参数里共有 {got} 个数；草稿本最多接受 {limit} 个，和一张卡片的上限相同。",
    },
    "scratchpad.whole_too_large": {
        "en": "{arg} holds a whole number beyond ±10¹⁵, more than the scratchpad works with.",
        "zh": "{arg} 里有超出 ±10¹⁵ 的整数，超出了草稿本能处理的范围。",
    },
    "scratchpad.too_big": {
        "en": "{name}: this {arg} would build a value of more than {limit} numbers; "
        "the scratchpad works with interview-sized numbers.",
        "zh": "{name}：这样的 {arg} 会生成超过 {limit} 个数的结果；草稿本只处理面试题规模的数字。",
    },
    "scratchpad.too_complex": {
        "en": "The line is too complex to work out; write it in smaller pieces.",
        "zh": "这一行太复杂，算不出来；请拆成几段来写。",
    },
    "scratchpad.failed": {
        "en": "The line could not be worked out ({detail}).",
        "zh": "这一行没能算出来（{detail}）。",
    },
    # grading's reader says itself what it could not read, in both languages
    "scratchpad.unreadable": {"en": "{text}", "zh": "{text}"},
    # --- completion -----------------------------------------------------------------------
    "scratchpad.complete.required": {"en": "required", "zh": "必填"},
    "scratchpad.complete.optional": {"en": "optional; unset by default", "zh": "可选，默认不设"},
    "scratchpad.complete.default": {"en": "default {value}", "zh": "默认值 {value}"},
    "scratchpad.function.sqrt": {"en": "square root", "zh": "平方根"},
    "scratchpad.function.exp": {"en": "e to the power x", "zh": "e 的 x 次方"},
    "scratchpad.function.ln": {"en": "natural logarithm", "zh": "自然对数"},
    "scratchpad.function.log": {"en": "natural logarithm, as ln", "zh": "自然对数，同 ln"},
    "scratchpad.function.log10": {"en": "base-10 logarithm", "zh": "以 10 为底的对数"},
    "scratchpad.function.log2": {"en": "base-2 logarithm", "zh": "以 2 为底的对数"},
    "scratchpad.function.abs": {"en": "absolute value", "zh": "绝对值"},
    "scratchpad.function.sin": {"en": "sine (radians)", "zh": "正弦（弧度）"},
    "scratchpad.function.cos": {"en": "cosine (radians)", "zh": "余弦（弧度）"},
    "scratchpad.function.tan": {"en": "tangent (radians)", "zh": "正切（弧度）"},
    "scratchpad.constant.pi": {"en": "π ≈ 3.14159", "zh": "圆周率 π ≈ 3.14159"},
    "scratchpad.constant.e": {"en": "e ≈ 2.71828, the base of natural logarithms", "zh": "自然对数的底 e ≈ 2.71828"},
    # --- the torch / scikit-learn cross-check --------------------------------------------
    "scratchpad.crosscheck.not_computation": {
        "en": "Only engine computations are cross-checked; arithmetic has no reference library to compare with.",
        "zh": "只有引擎的计算才做交叉核对；算式没有可以对照的参照库。",
    },
    "scratchpad.crosscheck.agrees": {
        "en": "Cross-check: {library} gives the same value.",
        "zh": "交叉核对：{library} 算出的值相同。",
    },
    "scratchpad.crosscheck.disagrees": {
        "en": "Cross-check: {library} gives {reference}, but the engine gives {engine}.",
        "zh": "交叉核对：{library} 算出 {reference}，引擎却算出 {engine}。",
    },
    "scratchpad.crosscheck.failed": {
        "en": "The cross-check could not run ({detail}).",
        "zh": "交叉核对没能运行（{detail}）。",
    },
    # --- the history file -----------------------------------------------------------------
    "scratchpad.history.not_file": {
        "en": "{path} is not a regular file, so the scratchpad's history is kept only until quizapp closes.",
        "zh": "{path} 不是普通文件，草稿本的历史记录只保留到 quizapp 关闭为止。",
    },
    "scratchpad.history.unwritable": {
        "en": "The scratchpad's history could not be saved to {path} ({reason}); it is kept until quizapp closes.",
        "zh": "草稿本的历史记录没能保存到 {path}（{reason}）；在 quizapp 关闭前仍会保留。",
    },
}
