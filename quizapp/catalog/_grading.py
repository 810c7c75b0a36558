"""What the grader says about a typed answer: why it cannot be read, why it is asked
again, what was accepted, how far off it is and which slip explains it; and the
phrases a card adds (its named mistake, the precision its prompt asks for)."""

MESSAGES = {
    # ---------------------------------------------------------------- unreadable
    "grading.nothing": {"en": "Nothing was typed.", "zh": "没有输入答案。"},
    "grading.too_long": {
        "en": "The answer is longer than {limit} characters.",
        "zh": "答案超过了 {limit} 个字符。",
    },
    "grading.too_large": {"en": "'{text}' is too large to compute.", "zh": "“{text}”太大，无法计算。"},
    "grading.not_computable": {
        "en": "'{text}' cannot be computed; type the number itself.",
        "zh": "“{text}”无法计算；请直接写出这个数。",
    },
    "grading.divides_by_zero": {"en": "'{text}' divides by zero.", "zh": "“{text}”除以了零。"},
    "grading.power_undefined": {
        "en": "'{text}' raises zero to a negative power or a negative number to a fractional one.",
        "zh": "“{text}”是零的负数次幂或负数的分数次幂，没有定义。",
    },
    "grading.outside_domain": {
        "en": "'{text}' is undefined: {name} is applied outside its domain.",
        "zh": "“{text}”没有定义：{name} 的自变量超出了定义域。",
    },
    "grading.too_deep": {
        "en": "The answer is nested more than {depth} levels deep.",
        "zh": "答案嵌套超过了 {depth} 层。",
    },
    "grading.ends_early": {
        "en": "The answer ends where a number is still missing.",
        "zh": "答案在缺少数字的地方就结束了。",
    },
    "grading.unknown_character": {
        "en": "Could not read '{char}' at position {pos}: only numbers, + - * / ^, parentheses, "
        "sqrt exp ln log log10 log2 abs sin cos tan, pi and e are understood.",
        "zh": "无法识别第 {pos} 个字符“{char}”：只认得数字、+ - * / ^、括号、"
        "sqrt exp ln log log10 log2 abs sin cos tan、pi 和 e。",
    },
    "grading.no_operator": {
        "en": "Could not read '{text}': two values stand next to each other with no operator between them.",
        "zh": "无法读取“{text}”：两个值之间缺少运算符。",
    },
    "grading.unmatched": {
        "en": "The '{bracket}' at position {pos} has no matching opening bracket.",
        "zh": "第 {pos} 个字符“{bracket}”没有对应的左括号。",
    },
    "grading.never_closed": {
        "en": "The '{bracket}' at position {pos} is never closed.",
        "zh": "第 {pos} 个字符“{bracket}”没有闭合。",
    },
    "grading.comma_in_parentheses": {
        "en": "The comma at position {pos} is inside parentheses; write a list in square brackets, like [0.1, 0.9].",
        "zh": "第 {pos} 个字符处的逗号在圆括号里；列表请用方括号，例如 [0.1, 0.9]。",
    },
    "grading.number_missing": {
        "en": "A number is missing at position {pos}, before '{text}'.",
        "zh": "第 {pos} 个字符“{text}”之前缺少一个数。",
    },
    "grading.list_in_arithmetic": {
        "en": "The list at position {pos} is used in arithmetic; lists can only hold numbers.",
        "zh": "第 {pos} 个字符处的列表出现在算式中；列表只能由数组成。",
    },
    "grading.unknown_name": {
        "en": "Could not read '{name}': it is not a number, a known function "
        "(sqrt, exp, ln, log, log10, log2, abs, sin, cos, tan) or a constant (pi, e).",
        "zh": "无法识别“{name}”：它不是数字、已知函数（sqrt、exp、ln、log、log10、log2、abs、"
        "sin、cos、tan）或常数（pi、e）。",
    },
    "grading.needs_parentheses": {
        "en": "'{name}' must be followed by its argument in parentheses, like {example}.",
        "zh": "“{name}”后面要用括号写出自变量，例如 {example}。",
    },
    # ---------------------------------------------------------------- how much to show
    "grading.n_sig": {
        "en": "{count} significant figures",
        "en_one": "1 significant figure",
        "zh": "{count} 位有效数字",
    },
    "grading.n_decimals": {
        "en": "{count} decimal places",
        "en_one": "1 decimal place",
        "zh": "{count} 位小数",
    },
    "grading.band_abs": {"en": "±{atol}", "zh": "±{atol}"},
    "grading.band_rel": {"en": "±{pct}%", "zh": "±{pct}%"},
    "grading.band_both": {"en": "±({atol} + {pct}%)", "zh": "±（{atol} + {pct}%）"},
    # ---------------------------------------------------------------- asked again
    "grading.again": {
        "en": "{shown} agrees with the answer so far; give at least {need}.",
        "zh": "{shown} 目前与答案相符；请至少保留 {need}。",
    },
    "grading.again_read": {
        "en": "{shown} reads as {value}, which agrees with the answer so far; give at least {need}.",
        "zh": "{shown} 即 {value}，目前与答案相符；请至少保留 {need}。",
    },
    "grading.again_element": {
        "en": "{where} ({shown}) agrees with the answer so far; give every element with at least {need}.",
        "zh": "{where}（{shown}）目前与答案相符；每个元素都请至少保留 {need}。",
    },
    "grading.decimal_comma_again": {
        "en": "{shown} reads as {meant}, which agrees with the answer; type it with a point.",
        "zh": "“{shown}”应是 {meant}，与答案相符；请改用小数点。",
    },
    "grading.decimal_comma_again_short": {
        "en": "{shown} reads as {meant}, which agrees with the answer so far; type it with a point "
        "and give at least {need}.",
        "zh": "“{shown}”应是 {meant}，目前与答案相符；请改用小数点，并至少保留 {need}。",
    },
    "grading.thousands_again": {
        "en": "{shown} reads as {meant}, which agrees with the answer; type it without the comma.",
        "zh": "“{shown}”应是 {meant}，与答案相符；请去掉逗号。",
    },
    "grading.thousands_again_short": {
        "en": "{shown} reads as {meant}, which agrees with the answer so far; type it without the comma "
        "and give at least {need}.",
        "zh": "“{shown}”应是 {meant}，目前与答案相符；请去掉逗号，并至少保留 {need}。",
    },
    # ---------------------------------------------------------------- correct
    "grading.correct": {"en": "Correct: {shown} matches the answer.", "zh": "正确：{shown} 与答案一致。"},
    "grading.correct_form": {
        "en": "Correct: {shown} = {value} matches the answer.",
        "zh": "正确：{shown} = {value}，与答案一致。",
    },
    "grading.correct_rounded": {
        "en": "Correct: {shown} is the answer correctly rounded to {need}.",
        "zh": "正确：{shown} 是答案正确舍入到 {need}的结果。",
    },
    "grading.correct_within": {
        "en": "Correct: {shown} is within {band} of the answer.",
        "zh": "正确：{shown} 在答案 {band} 的范围内。",
    },
    "grading.correct_all": {
        "en": "Correct: all {count} elements match.",
        "en_one": "Correct: the only element matches.",
        "zh": "正确：全部 {count} 个元素都对。",
        "zh_one": "正确：唯一的元素是对的。",
    },
    # ---------------------------------------------------------------- how far off
    "grading.off_by": {"en": "off by {pct}% ({side})", "zh": "偏差 {pct}%（{side}）"},
    "grading.off_by_abs": {"en": "off by {diff} ({side})", "zh": "相差 {diff}（{side}）"},
    "grading.too_high": {"en": "too high", "zh": "偏大"},
    "grading.too_low": {"en": "too low", "zh": "偏小"},
    "grading.not_finite": {
        "en": "not a finite number, but the answer is",
        "zh": "不是有限数，而答案是有限数",
    },
    "grading.not_the_answer": {"en": "not the answer", "zh": "与答案不符"},
    # ---------------------------------------------------------------- wrong
    "grading.item_number": {"en": "{shown} is {off}", "zh": "{shown} {off}"},
    "grading.item_element": {"en": "{where} ({shown}) is {off}", "zh": "{where}（{shown}）{off}"},
    "grading.item_first": {"en": "{where} ({shown}), the first, is {off}", "zh": "{where}（{shown}）{off}"},
    "grading.item_why": {"en": "{item} — {why}", "zh": "{item}——{why}"},
    "grading.element_n": {"en": "element {n}", "zh": "第 {n} 个元素"},
    "grading.element_at": {"en": "element [{at}]", "zh": "位置 [{at}] 的元素"},
    "grading.n_elements": {"en": "{count} elements", "en_one": "1 element", "zh": "{count} 个元素"},
    "grading.wrong": {"en": "{item}.", "zh": "{item}。"},
    "grading.wrong_elements": {
        "en": "{count} of {total} are wrong: {item}{rest}.",
        "en_one": "1 of {total} is wrong: {item}{rest}.",
        "zh": "{total}中有 {count} 个不对：{item}{rest}。",
    },
    "grading.others_too": {"en": " (and so do the others)", "zh": "（其余错的也是如此）"},
    "grading.why.zero": {
        "en": "a zero shows no significant figures: give at least {need}",
        "zh": "写成 0 就没有有效数字了：请至少保留 {need}",
    },
    "grading.why.too_coarse_for_tolerance": {
        "en": "it is rounded too coarsely for this card, which allows only {band}: give more digits",
        "zh": "这张卡片只允许 {band} 的误差，这样舍入太粗了：请多写几位",
    },
    "grading.why.trailing_zeros": {
        "en": "its trailing zeros count as significant figures, so it claims more precision than it has",
        "zh": "末尾的 0 也算有效数字，这样写声称的精度超过了实际",
    },
    "grading.why.wrong_rounding": {
        "en": "it is rounded the wrong way at its last digit",
        "zh": "最后一位舍入错了",
    },
    "grading.why.percent_as_whole": {
        "en": "it looks like a percentage typed as a whole number: write it as a fraction or add %",
        "zh": "像是把百分数当成了整数：请写成小数，或者加上 %",
    },
    "grading.why.fraction_as_percent": {
        "en": "it looks like a fraction where a percentage is expected: multiply by 100",
        "zh": "像是在要求百分数的地方写了小数：请乘以 100",
    },
    "grading.why.sign_flipped": {"en": "its sign is flipped", "zh": "正负号反了"},
    "grading.decimal_comma_wrong": {
        "en": "{shown} reads as two numbers because a comma is used as the decimal point; "
        "even as {meant} it is {off}.",
        "zh": "“{shown}”被读成了两个数，因为用逗号当了小数点；即使按 {meant} 算，也{off}。",
    },
    "grading.thousands_wrong": {
        "en": "{shown} reads as two numbers because a comma separates the thousands; even as {meant} it is {off}.",
        "zh": "“{shown}”被读成了两个数，因为用逗号分隔了千位；即使按 {meant} 算，也{off}。",
    },
    "grading.wrong_length": {
        "en": "The answer has {got} but {count} are expected.",
        "en_one": "The answer has {got} but 1 is expected.",
        "zh": "答案有 {got}，但应当是 {count} 个。",
    },
    "grading.n_numbers": {"en": "{count} numbers", "en_one": "1 number", "zh": "{count} 个数"},
    "grading.wrong_shape": {
        "en": "The answer is {got} but {want} is expected.",
        "zh": "答案是{got}，但应当是{want}。",
    },
    "grading.shape_number": {"en": "a single number", "zh": "一个数"},
    "grading.shape_list": {
        "en": "a list of {count} numbers",
        "en_one": "a list of 1 number",
        "zh": "由 {count} 个数组成的列表",
    },
    "grading.shape_matrix": {"en": "a {dims} matrix", "zh": "一个 {dims} 矩阵"},
    "grading.shape_ragged": {"en": "a ragged list", "zh": "长短不一的列表"},
    # ---------------------------------------------------------------- a card's own words
    "grading.named_mistake": {
        "en": "This is a common mistake — {label}. {detail}",
        "zh": "这正是一个常见错误：{label}。{detail}",
    },
    "grading.ask_decimals": {
        "en": " Give it to {count} decimal places.",
        "en_one": " Give it to 1 decimal place.",
        "zh": "（保留 {count} 位小数）",
    },
    "grading.ask_sig": {
        "en": " Give it to {count} significant figures.",
        "en_one": " Give it to 1 significant figure.",
        "zh": "（保留 {count} 位有效数字）",
    },
    "grading.choice_unreadable": {
        "en": "Could not read '{typed}': answer with option numbers 1–{n} or letters a–{last}, e.g. 2 or a,c.",
        "zh": "无法读懂“{typed}”：请用选项编号 1–{n} 或字母 a–{last} 作答，如 2 或 a,c。",
    },
    "grading.choice_correct": {"en": "Correct.", "zh": "正确。"},
    "grading.choice_partial": {
        "en": "you chose {hits} of the {count} right options and {wrong} wrong ones; the answer is {right}.",
        "zh": "{count} 个正确选项你选中了 {hits} 个，另选错了 {wrong} 个；答案是 {right}。",
    },
    "grading.choice_wrong": {"en": "Not right: the answer is {right}.", "zh": "不对：答案是 {right}。"},
    # ---------------------------------------------------------------- quizapp grade
    "grading.cli_unreadable": {"en": "Unreadable: {message}", "zh": "无法读取：{message}"},
    "grading.cli_again": {"en": "Asked again: {message}", "zh": "请重新作答：{message}"},
}
