"""Anki and CSV: ``quizapp export --anki``, ``quizapp import --anki`` / ``--csv``."""

MESSAGES = {
    # where an image or sound was in an imported card (a terminal shows neither)
    "anki.media.image": {"en": "[image: {name}]", "zh": "[图片：{name}]"},
    "anki.media.sound": {"en": "[sound: {name}]", "zh": "[音频：{name}]"},
    "anki.media.video": {"en": "[video: {name}]", "zh": "[视频：{name}]"},

    # ------------------------------------------------------------ reading a package
    "anki.error.cannot_read": {"en": "cannot read {path} ({reason})", "zh": "无法读取 {path}（{reason}）"},
    "anki.error.os": {
        "en": "could not import {path} ({reason}), so nothing was imported",
        "zh": "无法导入 {path}（{reason}），因此什么都没有导入"},
    "anki.error.not_file": {
        "en": "{path} is not a file; give the .apkg file exported from Anki",
        "zh": "{path} 不是文件；请给出从 Anki 导出的 .apkg 文件"},
    "anki.error.not_zip": {
        "en": "{path} is not an Anki package (an .apkg is a zip file); export the deck from Anki "
              "with File › Export and try again",
        "zh": "{path} 不是 Anki 卡组包（.apkg 是 zip 文件）；请在 Anki 里用“文件 › 导出”导出卡组后再试"},
    "anki.error.damaged_zip": {
        "en": "{path} is a damaged zip file ({reason}); export it from Anki again",
        "zh": "{path} 这个 zip 文件已损坏（{reason}）；请从 Anki 重新导出"},
    "anki.error.too_many_members": {
        "en": "{path} holds {count} files; quizapp reads Anki packages of at most {limit}",
        "zh": "{path} 里有 {count} 个文件；quizapp 只读取不超过 {limit} 个文件的 Anki 卡组包"},
    "anki.error.no_collection": {
        "en": "{path} holds no Anki collection (collection.anki21b, collection.anki21 or collection.anki2); "
              "export the deck from Anki again",
        "zh": "{path} 里没有 Anki 卡组数据（collection.anki21b、collection.anki21 或 collection.anki2）；"
              "请从 Anki 重新导出卡组"},
    "anki.error.encrypted": {
        "en": "{path} is encrypted; export it from Anki without a password",
        "zh": "{path} 是加密的；请在 Anki 里不设密码重新导出"},
    "anki.error.needs_zstandard": {
        "en": "{path} was exported by Anki 2.1.50 or later, which compresses it with zstd; install the "
              "reader with pip install 'quizapp[anki]' and try again",
        "zh": "{path} 由 Anki 2.1.50 或更新版本导出，用 zstd 压缩；请先运行 pip install 'quizapp[anki]' "
              "安装解压组件，再试一次"},
    "anki.error.too_large": {
        "en": "{path} unpacks to more than {limit} MiB; quizapp imports collections of at most {limit} MiB, "
              "so export fewer decks at a time",
        "zh": "{path} 解压后超过 {limit} MiB；quizapp 只导入不超过 {limit} MiB 的卡组数据，请分几次导出较少的卡组"},
    "anki.error.not_sqlite": {
        "en": "{path} holds a {member} that is not an SQLite database; export the deck from Anki again",
        "zh": "{path} 里的 {member} 不是 SQLite 数据库；请从 Anki 重新导出卡组"},
    "anki.error.damaged": {
        "en": "the collection in {path} is damaged ({problem}); export the deck from Anki again",
        "zh": "{path} 里的卡组数据已损坏（{problem}）；请从 Anki 重新导出卡组"},
    "anki.error.too_much_work": {
        "en": "reading {path} took far more work than any Anki collection needs, so it was stopped; "
              "export the deck from Anki again",
        "zh": "读取 {path} 所需的运算量远超任何正常的 Anki 卡组，已中止；请从 Anki 重新导出卡组"},
    "anki.error.value_too_large": {
        "en": "{path} holds a value larger than {limit} MiB; quizapp reads no value that large",
        "zh": "{path} 里有单项数据超过 {limit} MiB；quizapp 不读取这么大的数据"},
    "anki.error.not_anki": {
        "en": "{path} does not hold a collection as Anki writes it ({problem}); export the deck from Anki again",
        "zh": "{path} 里的数据不是 Anki 写出的卡组格式（{problem}）；请从 Anki 重新导出卡组"},
    "anki.schema.no_table": {"en": "it has no {table} table", "zh": "缺少 {table} 表"},
    "anki.schema.no_column": {"en": "its {table} table has no {column} column",
                              "zh": "{table} 表缺少 {column} 列"},
    "anki.schema.col_rows": {"en": "its col table does not hold exactly one row",
                             "zh": "col 表应当恰好有一行"},
    "anki.schema.not_json": {"en": "its {column} are not a JSON object", "zh": "{column} 不是 JSON 对象"},
    "anki.schema.bad_notetype": {"en": "note type {name} has no proper fields and card templates",
                                 "zh": "笔记类型 {name} 的字段或卡片模板不完整"},
    "anki.schema.wrong_type": {"en": "its {table} table holds a value of the wrong type",
                               "zh": "{table} 表里有类型不对的值"},
    "anki.schema.bad_settings": {"en": "the settings in its {table} table are not what Anki writes",
                                 "zh": "{table} 表里的设置不是 Anki 写出的格式"},
    "anki.error.too_many_rows": {
        "en": "{path} holds {count} {what}; quizapp imports at most {limit} at a time, so export fewer decks",
        "zh": "{path} 里有 {count} 条{what}；quizapp 一次最多导入 {limit} 条，请分几次导出较少的卡组"},
    "anki.rows.notes": {"en": "notes", "zh": "笔记"},
    "anki.rows.cards": {"en": "cards", "zh": "卡片"},
    "anki.rows.revlog": {"en": "review log entries", "zh": "复习记录"},
    "anki.error.template_too_large": {
        "en": "{path} has a card template longer than {limit} characters; quizapp reads none that long",
        "zh": "{path} 里有超过 {limit} 个字符的卡片模板；quizapp 不读取这么长的模板"},
    "anki.error.field_too_large": {
        "en": "note {note} in {path} has fields of {size} characters; quizapp imports notes of at most {limit}",
        "zh": "{path} 里的笔记 {note} 字段共 {size} 个字符；quizapp 只导入不超过 {limit} 个字符的笔记"},

    # ------------------------------------------------------------ making the cards
    "anki.error.text_too_long": {
        "en": "note {note} in {path} has a side of {size} characters once its HTML is removed; a card's "
              "question or answer may be at most {limit}",
        "zh": "{path} 里的笔记 {note} 去掉 HTML 后有一面长达 {size} 个字符；卡片的问题或答案最多 {limit} 个字符"},
    "anki.error.nothing": {
        "en": "{path} holds no cards quizapp can import (Basic and Cloze notes, with text on both sides)",
        "zh": "{path} 里没有 quizapp 能导入的卡片（正反两面都有文字的基础型或填空型笔记）"},
    "anki.error.deck_unreadable": {
        "en": "the deck file {file} came out unreadable at line {line} ({problem}), so nothing was imported; "
              "this is a fault in quizapp, please report it",
        "zh": "生成的卡组文件 {file} 第 {line} 行无法读取（{problem}），因此什么都没有导入；这是 quizapp 的缺陷，请报告"},
    "anki.error.cannot_write": {
        "en": "could not write the deck files in {folder} ({reason}), so nothing was imported",
        "zh": "无法在 {folder} 写入卡组文件（{reason}），因此什么都没有导入"},
    "anki.error.changed": {
        "en": "the review settings of {path} changed while the import was being prepared, so nothing "
              "was imported; run the import again",
        "zh": "准备导入期间 {path} 的复习设置被改动了，因此什么都没有导入；请重新导入一次"},
    "anki.error.no_room": {
        "en": "your decks in {folder} would take {size} MiB, more than the {limit} MiB quizapp reads; "
              "import fewer cards",
        "zh": "{folder} 里的卡组将达到 {size} MiB，超过 quizapp 能读取的 {limit} MiB；请少导入一些卡片"},
    "anki.error.too_many_files": {
        "en": "{folder} would hold {count} deck files, more than the {limit} quizapp reads; "
              "import fewer decks",
        "zh": "{folder} 里的卡组文件将达到 {count} 个，超过 quizapp 能读取的 {limit} 个；请少导入一些卡组"},

    # ------------------------------------------------------------ CSV
    "csv.error.not_file": {
        "en": "{path} is not a file; give a CSV file with front,back[,tags] on each line",
        "zh": "{path} 不是文件；请给出每行为 正面,背面[,标签] 的 CSV 文件"},
    "csv.error.too_large": {
        "en": "{path} is larger than {limit} MiB; split it into smaller CSV files",
        "zh": "{path} 超过 {limit} MiB；请拆成几个较小的 CSV 文件"},
    "csv.error.too_many_rows": {
        "en": "{path} has more than {limit} rows; split it into smaller CSV files",
        "zh": "{path} 超过 {limit} 行；请拆成几个较小的 CSV 文件"},
    "csv.error.not_utf8": {
        "en": "{path} line {line} is not UTF-8 text; save the file as UTF-8 CSV",
        "zh": "{path} 第 {line} 行不是 UTF-8 文本；请把文件另存为 UTF-8 编码的 CSV"},
    "csv.error.nul": {
        "en": "{path} line {line} holds a NUL byte, so it is not a text file; save it as UTF-8 CSV",
        "zh": "{path} 第 {line} 行含有 NUL 字节，不是文本文件；请另存为 UTF-8 编码的 CSV"},
    "csv.error.syntax": {
        "en": "{path} line {line} is not valid CSV ({reason}); a field with commas, quotes or line breaks "
              "is written in double quotes, with a quote inside doubled (\"\")",
        "zh": "{path} 第 {line} 行不是有效的 CSV（{reason}）；含逗号、引号或换行的字段要用双引号括起来，"
              "字段里的引号写两次（\"\"）"},
    "csv.error.fields": {
        "en": "{path} line {line} has {count} fields; a row is front,back or front,back,tags",
        "en_one": "{path} line {line} has 1 field; a row is front,back or front,back,tags",
        "zh": "{path} 第 {line} 行有 {count} 个字段；每行应为 正面,背面 或 正面,背面,标签"},
    "csv.error.field_too_long": {
        "en": "{path} line {line} has a field of {size} characters; a field may be at most {limit}",
        "zh": "{path} 第 {line} 行有一个字段长达 {size} 个字符；每个字段最多 {limit} 个字符"},
    "csv.error.empty_side": {
        "en": "{path} line {line} has an empty {side}; every card needs a front and a back",
        "zh": "{path} 第 {line} 行的{side}是空的；每张卡片都要有正面和背面"},
    "csv.side.front": {"en": "front", "zh": "正面"},
    "csv.side.back": {"en": "back", "zh": "背面"},
    "csv.error.duplicate": {
        "en": "{path} line {line} asks the same question as line {first}; merge the two rows into one",
        "zh": "{path} 第 {line} 行的问题与第 {first} 行相同；请把这两行合并成一行"},
    "csv.error.empty": {
        "en": "{path} holds no cards; write one card per line as front,back[,tags]",
        "zh": "{path} 里没有卡片；请每行写一张卡片：正面,背面[,标签]"},
    "csv.error.topic": {
        "en": "--topic {topic!r} is not a topic id; use lower-case letters, digits and - (at most 40), "
              "like \"my-cards\"",
        "zh": "--topic {topic!r} 不是有效的主题 id；请用小写字母、数字和 -（最多 40 个字符），例如 \"my-cards\""},

    # ------------------------------------------------------------ quizapp export --anki
    "anki.export.needs_genanki": {
        "en": "writing an Anki package needs genanki; install it with pip install 'quizapp[anki]'",
        "zh": "写出 Anki 卡组包需要 genanki；请运行 pip install 'quizapp[anki]' 安装"},
    "anki.export.instances": {
        "en": "--instances {value} is not a number of instances from 1 to {limit}",
        "zh": "--instances {value} 不在 1 到 {limit} 之间"},
    "anki.export.unknown_topic": {
        "en": "there is no topic {topic!r}; the topics are {topics}",
        "zh": "没有主题 {topic!r}；现有主题：{topics}"},
    "anki.export.anki_only": {
        "en": "-o FILE writes your progress as JSON lines; --topic and --instances go with --anki FILE.apkg, "
              "which writes the cards for Anki",
        "zh": "-o FILE 把学习进度写成 JSON 行；--topic 和 --instances 要与 --anki FILE.apkg 一起用，后者把卡片写成 Anki 卡组包"},
    "anki.export.nothing": {"en": "there are no cards to export", "zh": "没有可以导出的卡片"},
    "anki.export.cannot_write": {
        "en": "could not write {path} ({reason}); choose another place",
        "zh": "无法写入 {path}（{reason}）；请换一个位置"},
    "anki.export.done": {
        "en": "wrote {notes} in {decks} to {path} ({kinds}); open it in Anki with File › Import",
        "zh": "已将 {notes}（{decks}）写入 {path}（{kinds}）；在 Anki 里用“文件 › 导入”打开"},
    "anki.export.notes": {"en": "{count} Anki notes", "en_one": "1 Anki note", "zh": "{count} 条 Anki 笔记"},
    "anki.export.decks": {"en": "{count} decks", "en_one": "1 deck", "zh": "{count} 个卡组"},
    "anki.export.mistakes": {"en": "Common mistakes", "zh": "常见错误"},
    "anki.export.kind_count": {"en": "{count} {kind}", "zh": "{kind} {count} 条"},
    "anki.export.skipped": {
        "en": "{count} instances could not be drawn and were left out (first: {id}); run quizapp check-content",
        "en_one": "1 instance could not be drawn and was left out ({id}); run quizapp check-content",
        "zh": "有 {count} 个题目实例无法生成，已略过（第一个：{id}）；请运行 quizapp check-content"},

    # ------------------------------------------------------------ quizapp import --anki / --csv
    "anki.import.added": {
        "en": "imported {count} cards from {source} into {topics} (deck files {files} in {folder})",
        "en_one": "imported 1 card from {source} into {topics} (deck file {files} in {folder})",
        "zh": "已从 {source} 导入 {count} 张卡片到 {topics}（卡组文件 {files}，位于 {folder}）"},
    "anki.import.history": {
        "en": "{count} of them keep their Anki schedule: {reviews} reviews replayed into FSRS memory",
        "en_one": "1 of them keeps its Anki schedule: {reviews} reviews replayed into FSRS memory",
        "zh": "其中 {count} 张保留了 Anki 中的进度：{reviews} 次复习已按 FSRS 重新计算记忆状态"},
    "anki.import.suspended": {
        "en": "{count} cards suspended in Anki are suspended here too",
        "en_one": "1 card suspended in Anki is suspended here too",
        "zh": "有 {count} 张卡片在 Anki 中已暂停，在这里同样暂停"},
    "anki.import.present": {
        "en": "{count} cards were already there and were left as they are",
        "en_one": "1 card was already there and was left as it is",
        "zh": "有 {count} 张卡片已经存在，保持原样"},
    "anki.import.nothing_new": {
        "en": "nothing new in {source}: all {count} cards are already there",
        "en_one": "nothing new in {source}: its 1 card is already there",
        "zh": "{source} 里没有新内容：{count} 张卡片都已存在"},
    "anki.import.media": {
        "en": "{count} images and sounds are shown as a marker such as [image: x.png], since a terminal "
              "cannot show them",
        "en_one": "1 image or sound is shown as a marker such as [image: x.png], since a terminal cannot show it",
        "zh": "有 {count} 处图片或音频显示为 [图片：x.png] 这样的标记，因为终端无法显示它们"},
    "anki.import.left_out.empty": {
        "en": "{count} cards were left out: a side is empty once its HTML is removed",
        "en_one": "1 card was left out: a side is empty once its HTML is removed",
        "zh": "有 {count} 张卡片未导入：去掉 HTML 后有一面是空的"},
    "anki.import.left_out.occlusion": {
        "en": "{count} image occlusion cards were left out: a terminal cannot show images",
        "en_one": "1 image occlusion card was left out: a terminal cannot show images",
        "zh": "有 {count} 张图像遮挡卡片未导入：终端无法显示图片"},
    "anki.import.left_out.missing": {
        "en": "{count} cards were left out: their note or note type is missing from the file",
        "en_one": "1 card was left out: its note or note type is missing from the file",
        "zh": "有 {count} 张卡片未导入：文件里缺少它们的笔记或笔记类型"},
    "anki.import.usage": {
        "en": "give one file to import: FILE (a quizapp export), --anki FILE.apkg or --csv FILE.csv",
        "zh": "请只给出一个要导入的文件：FILE（quizapp 导出的文件）、--anki FILE.apkg 或 --csv FILE.csv"},
    "anki.import.topic_csv_only": {
        "en": "--topic names the topic of the cards from --csv; an Anki package's decks are its topics",
        "zh": "--topic 只用于指定 --csv 导入卡片的主题；Anki 卡组包里的卡组就是主题"},
}
