"""Your own cards: the user deck folder, `quizapp decks`, `quizapp add`, `quizapp edit`
and the app's form for a new card."""

MESSAGES = {
    # -- why a card is not written (quizapp.userdecks.Refused)
    'userdecks.add.kind': {'en': "There is no card kind '{kind}' to add; choose one of {kinds}.",
                           'zh': '没有可添加的卡片类型“{kind}”；请从 {kinds} 中选择。'},
    'userdecks.add.no_topic': {'en': 'The card needs a topic: the id or title of a topic, or a new topic id.',
                               'zh': '卡片需要一个主题：已有主题的 id 或名称，或一个新的主题 id。'},
    'userdecks.add.topic_id': {'en': "'{topic}' is not a topic; a new topic's id is lower-case letters, digits, "
                                     "- and _ (like my-notes).",
                               'zh': '“{topic}”不是已有的主题；新主题的 id 只能用小写字母、数字、- 和 _（例如 my-notes）。'},
    'userdecks.add.missing.title': {'en': 'The card needs a title: a short name shown in lists.',
                                    'zh': '卡片需要一个标题：在列表中显示的简短名称。'},
    'userdecks.add.missing.question': {'en': 'The card needs a question.', 'zh': '卡片需要一个问题。'},
    'userdecks.add.missing.answer': {'en': 'The card needs an answer.', 'zh': '卡片需要一个参考答案。'},
    'userdecks.add.missing.explanation': {'en': 'The card needs an explanation of the right answer.',
                                          'zh': '卡片需要对正确答案的解析。'},
    'userdecks.add.missing.prompt': {'en': 'The card needs a question, with {name} where each number goes.',
                                     'zh': '卡片需要一个问题，用 {name} 标出每个数字的位置。'},
    'userdecks.add.missing.compute': {'en': 'A numeric card needs an engine computation (quizapp compute --list '
                                            'lists them).',
                                      'zh': '数值题需要指定一个引擎计算（quizapp compute --list 可列出全部）。'},
    'userdecks.add.key_points': {'en': 'A concept card needs at least one key point to check an answer against.',
                                 'zh': '概念题至少需要一个要点，用来对照答案。'},
    'userdecks.add.options': {'en': 'A choice card needs at least two options.', 'zh': '选择题至少需要两个选项。'},
    'userdecks.add.no_right_option': {'en': 'Mark at least one option as right.', 'zh': '请至少标出一个正确选项。'},
    'userdecks.add.no_params': {'en': 'A numeric card needs at least one parameter, like tp=1..40.',
                                'zh': '数值题至少需要一个参数，例如 tp=1..40。'},
    'userdecks.add.param': {'en': "'{text}' is not a parameter; write name=LO..HI (tp=1..40, lr=0.01..0.50) or "
                                  "name=A,B (beta=0.9,0.99), optionally [N] for a vector of N.",
                            'zh': '“{text}”不是参数；请写成 名称=下限..上限（tp=1..40、lr=0.01..0.50）或 名称=A,B'
                                  '（beta=0.9,0.99），可在末尾加 [N] 表示 N 个数的向量。'},
    'userdecks.add.tag': {'en': "'{tag}' is not a tag; a tag is one lower-case word (letters, digits, - or _).",
                          'zh': '“{tag}”不是标签；标签是一个小写单词（字母、数字、- 或 _）。'},
    'userdecks.add.difficulty': {'en': 'Difficulty is a whole number from 1 (easy) to 5 (hard), not {value}.',
                                 'zh': '难度是 1（容易）到 5（困难）之间的整数，不能是 {value}。'},
    'userdecks.add.id': {'en': "'{id}' cannot be a card id; an id starts with the topic ({topic}.) and is "
                               "lower-case letters, digits, ., - and _.",
                         'zh': '“{id}”不能作为卡片 id；id 以主题开头（{topic}.），只能用小写字母、数字、.、- 和 _。'},
    'userdecks.add.id_taken': {'en': 'The id {id} is already taken, at {where}; choose another.',
                               'zh': 'id {id} 已被占用（在 {where}）；请换一个。'},
    'userdecks.add.folder_full': {'en': 'Your decks would hold more than {limit} MiB together; the card was not '
                                        'added.',
                                  'zh': '你的卡组合计将超过 {limit} MiB；卡片没有添加。'},
    'userdecks.add.too_many_decks': {'en': 'Your deck folder already holds {limit} decks; add the card to an '
                                           'existing topic.',
                                     'zh': '你的卡组文件夹已有 {limit} 个卡组；请把卡片加到已有的主题中。'},
    'userdecks.add.cannot_write': {'en': 'Could not write {path} ({reason}); the card was not added.',
                                   'zh': '无法写入 {path}（{reason}）；卡片没有添加。'},
    'userdecks.add.unreadable': {'en': 'Could not read the deck {path}: {reason}.',
                                 'zh': '无法读取卡组 {path}：{reason}。'},
    'userdecks.add.not_utf8': {'en': 'The deck {path} is not UTF-8 text; save it as UTF-8, then add the card again.',
                               'zh': '卡组 {path} 不是 UTF-8 文本；请另存为 UTF-8 后再添加。'},
    'userdecks.add.pick': {'en': '{compute} gives several values ({keys}); choose the answer with pick.',
                           'zh': '{compute} 会给出多个值（{keys}）；请用 pick 选出作为答案的那个。'},
    'userdecks.add.problem': {'en': 'The card was not added: {problem}', 'zh': '卡片没有添加：{problem}'},
    'userdecks.add.deck_broken': {'en': 'The card was not added: its deck has a problem to fix first ({problem}); '
                                        'quizapp edit opens it.',
                                  'zh': '卡片没有添加：它所在的卡组有问题需要先修正（{problem}）；可用 quizapp edit 打开。'},
    # -- quizapp edit
    'userdecks.edit.unknown': {'en': 'No card has the id {id}.', 'zh': '没有 id 为 {id} 的卡片。'},
    'userdecks.edit.unknown_close': {'en': 'No card has the id {id}; did you mean {close}?',
                                     'zh': '没有 id 为 {id} 的卡片；你是不是要找 {close}？'},
    'userdecks.edit.built_in': {'en': '{id} is a card of the built-in question bank, which cannot be edited; add '
                                      'your own version with quizapp add.',
                                'zh': '{id} 是内置题库中的卡片，不能编辑；可以用 quizapp add 添加你自己的版本。'},
    'userdecks.add.arg': {'en': "'{text}' is not an argument; write NAME=EXPR, like lr=lr/10.",
                          'zh': '“{text}”不是参数表达式；请写成 名称=表达式，例如 lr=lr/10。'},
    'userdecks.add.cancelled': {'en': 'Cancelled; nothing was written.', 'zh': '已取消，没有写入任何内容。'},
    'userdecks.add.added': {'en': 'Added {id} to {path} (line {line}).', 'zh': '已把 {id} 加入 {path}（第 {line} 行）。'},
    'userdecks.add.created': {'en': 'Added {id} to a new deck, {path} (line {line}).',
                              'zh': '已把 {id} 加入新卡组 {path}（第 {line} 行）。'},
    # -- quizapp add, asking on a terminal
    'userdecks.ask.kind': {'en': 'Kind (concept, choice or numeric; Enter: concept):',
                           'zh': '类型（concept 概念题、choice 选择题或 numeric 数值题；回车：concept）：'},
    'userdecks.ask.topic': {'en': 'Topic ({topics}; or a new id):', 'zh': '主题（{topics}；或一个新的 id）：'},
    'userdecks.ask.topic_title': {'en': 'Title of the new topic {topic}:', 'zh': '新主题 {topic} 的名称：'},
    'userdecks.ask.title': {'en': 'Title (a short name; write one language and it is used for both):',
                            'zh': '标题（简短名称；只写一种语言，则两种语言都用它）：'},
    'userdecks.ask.in_chinese': {'en': '  … in Chinese (Enter: the same):', 'zh': '  ……中文版（回车：与上面相同）：'},
    'userdecks.ask.item_in_chinese': {'en': '  “{text}” in Chinese (Enter: the same):',
                                      'zh': '  “{text}”的中文版（回车：相同）：'},
    'userdecks.ask.question': {'en': 'Question:', 'zh': '问题：'},
    'userdecks.ask.answer': {'en': 'Answer:', 'zh': '参考答案：'},
    'userdecks.ask.points': {'en': 'Key points, one a line (an empty line ends them):',
                             'zh': '要点，每行一个（空行结束）：'},
    'userdecks.ask.options': {'en': 'Options, one a line; start a right one with * (an empty line ends them):',
                              'zh': '选项，每行一个；正确选项以 * 开头（空行结束）：'},
    'userdecks.ask.more': {'en': '>', 'zh': '>'},
    'userdecks.ask.explanation': {'en': 'Explanation of the right answer:', 'zh': '正确答案的解析：'},
    'userdecks.ask.compute': {'en': 'Engine computation (quizapp compute --list lists them):',
                              'zh': '引擎计算（quizapp compute --list 可列出全部）：'},
    'userdecks.ask.usage': {'en': 'It takes: {usage}', 'zh': '它的参数：{usage}'},
    'userdecks.ask.params': {'en': 'Parameters, one a line, like tp=1..40, lr=0.01..0.50 or beta=0.9,0.99 (an empty '
                                   'line ends them):',
                             'zh': '参数，每行一个，例如 tp=1..40、lr=0.01..0.50 或 beta=0.9,0.99（空行结束）：'},
    'userdecks.ask.prompt': {'en': 'Question, with {names} where the numbers go:',
                             'zh': '问题，用 {names} 标出数字的位置：'},
    'userdecks.ask.pick': {'en': 'It gives several values ({keys}); which one is the answer?',
                           'zh': '它会给出多个值（{keys}）；哪一个是答案？'},
    'userdecks.ask.decimals': {'en': 'Decimals of the answer (Enter: four significant figures):',
                               'zh': '答案保留几位小数（回车：四位有效数字）：'},
    'userdecks.ask.tags': {'en': 'Tags (lower-case words; Enter: none):', 'zh': '标签（小写单词；回车：不加）：'},
    'userdecks.ask.difficulty': {'en': 'Difficulty, 1 (easy) to 5 (hard) (Enter: 2):',
                                 'zh': '难度，1（容易）到 5（困难）（回车：2）：'},
    # -- quizapp decks
    'userdecks.decks.folder': {'en': 'Your decks: {path}', 'zh': '你的卡组：{path}'},
    'userdecks.decks.created': {'en': 'Your decks: {path} (just created)', 'zh': '你的卡组：{path}（刚刚创建）'},
    'userdecks.decks.no_folder': {'en': 'Your decks will be in {path}, which does not exist yet: quizapp decks '
                                        '--create makes it, and quizapp add makes it with your first card.',
                                  'zh': '你的卡组将放在 {path}，该文件夹还不存在：quizapp decks --create 会创建它，'
                                        'quizapp add 添加第一张卡片时也会创建。'},
    'userdecks.decks.empty': {'en': 'No decks yet: add a card with quizapp add, or put deck files (.toml, in the '
                                    "format of the built-in bank's decks) in this folder.",
                              'zh': '还没有卡组：用 quizapp add 添加卡片，或把卡组文件（.toml，格式与内置题库相同）放进这个文件夹。'},
    'userdecks.decks.cards': {'en': '{count} cards', 'en_one': '1 card', 'zh': '{count} 张卡片'},
    'userdecks.decks.problems': {'en': '{count} problems', 'en_one': '1 problem', 'zh': '{count} 处问题'},
    'userdecks.decks.cannot_create': {'en': 'Could not create {path} ({reason}).', 'zh': '无法创建 {path}（{reason}）。'},
    # -- quizapp edit
    'userdecks.edit.no_editor': {'en': 'Could not start the editor {editor} ({reason}); set EDITOR to the editor '
                                       'you use.',
                                 'zh': '无法启动编辑器 {editor}（{reason}）；请把 EDITOR 设为你使用的编辑器。'},
    'userdecks.edit.editor_failed': {'en': 'The editor {editor} ended with status {status}; the deck is checked anyway.',
                                     'zh': '编辑器 {editor} 以状态 {status} 结束；仍会检查卡组。'},
    'userdecks.edit.clean': {'en': '{path}: no problems, {cards} cards.', 'zh': '{path}：没有问题，共 {cards} 张卡片。'},
    'userdecks.edit.problems': {'en': '{path}: {count} problems (above); a card with a problem is skipped until it is '
                                      'fixed.',
                                'en_one': '{path}: 1 problem (above); a card with a problem is skipped until it is '
                                          'fixed.',
                                'zh': '{path}：{count} 处问题（见上）；有问题的卡片在修正之前不会载入。'},
}
