"""The progress database: every ``StoreError`` sentence (``quizapp.store.errors``),
what an import refuses and why, backups and restore."""

MESSAGES = {
    # -- opening
    "store.no_database.default": {
        "en": "there is no progress database at {path}; quizapp makes it the first time you study",
        "zh": "{path} 处没有进度数据库；第一次学习时 quizapp 会自动创建"},
    "store.no_database.given": {
        "en": "there is no progress database at {path}; check the path given with --db "
              "(quizapp makes a database the first time you study)",
        "zh": "{path} 处没有进度数据库；请检查 --db 给出的路径（第一次学习时 quizapp 会自动创建数据库）"},
    "store.empty": {"en": "{path} is empty: no progress has been recorded in it yet",
                    "zh": "{path} 是空的：里面还没有记录任何学习进度"},
    "store.is_folder": {"en": "{path} is a folder, not a progress database",
                        "zh": "{path} 是一个文件夹，不是进度数据库"},
    "store.read_only_file": {
        "en": "{path} is read-only; make it writable to study, or read it with {command}",
        "zh": "{path} 是只读的；要学习请先让它可写，或者用 {command} 查看它"},
    "store.opened_read_only": {"en": "{path} was opened read-only, so nothing can be recorded",
                               "zh": "{path} 以只读方式打开，所以无法记录任何内容"},
    "store.locked": {
        "en": "{path} is open in another quizapp (pid {pid}); close that one first, or read it with {command}",
        "zh": "{path} 已在另一个 quizapp 中打开（进程号 {pid}）；请先关闭那个，或者用 {command} 查看它"},
    "store.wal_unmerged": {
        "en": "could not read {path}: its folder is read-only and {wal} holds changes not yet merged into it; "
              "open it once with quizapp where the folder is writable, then try again",
        "zh": "无法读取 {path}：它所在的文件夹是只读的，而 {wal} 里还有尚未合并进去的改动；"
              "请在文件夹可写的地方用 quizapp 打开它一次，然后再试"},
    "store.too_new": {
        "en": "{path} was written by a newer quizapp (schema {version}, this one knows up to {known}); "
              "upgrade quizapp to open it, it was left unchanged",
        "zh": "{path} 由更新版本的 quizapp 写入（数据结构版本 {version}，当前版本最高只认识 {known}）；"
              "请升级 quizapp 再打开，文件没有被改动"},
    "store.migrating": {
        "en": "bringing {path} up to date for this version of quizapp (once; a long history takes a few seconds)",
        "zh": "正在把 {path} 更新为这个版本的 quizapp 所用的格式（只做一次；记录很多时要几秒钟）"},
    # -- sqlite errors
    "store.disk_full": {
        "en": "could not write to {path} because the disk is full or a file-size limit was reached, "
              "so nothing from this step was recorded",
        "zh": "磁盘已满或已达到文件大小上限，无法写入 {path}，这一步的内容都没有记录"},
    "store.read_only": {"en": "{path} is read-only, so quizapp can read it but not record anything",
                        "zh": "{path} 是只读的，quizapp 可以读取，但无法记录任何内容"},
    "store.busy": {"en": "{path} is busy in another program; close it and try again",
                   "zh": "{path} 正被另一个程序占用；请关闭它后再试"},
    "store.cant_open": {
        "en": "could not open {path} ({detail}); check that it and its folder exist and may be read and written",
        "zh": "无法打开 {path}（{detail}）；请确认它和所在文件夹都存在，并且可以读写"},
    "store.failed": {"en": "the progress database {path} failed: {detail}",
                     "zh": "进度数据库 {path} 出错：{detail}"},
    # -- file-system errors: "could not <doing> (<reason>); <what to do>"
    "store.os.disk_full": {"en": "could not {doing} ({reason}); free some disk space and try again",
                           "zh": "无法{doing}（{reason}）；请腾出一些磁盘空间后再试"},
    "store.os.unreadable": {"en": "could not {doing} ({reason}); make it readable for your user and try again",
                            "zh": "无法{doing}（{reason}）；请让当前用户可以读取它，然后再试"},
    "store.os.read_only": {
        "en": "could not {doing} ({reason}); make {folder} writable, or choose a writable place with --db PATH",
        "zh": "无法{doing}（{reason}）；请让 {folder} 可写，或者用 --db PATH 换一个可写的位置"},
    "store.os.other": {"en": "could not {doing} ({reason}); check the path and try again",
                       "zh": "无法{doing}（{reason}）；请检查路径后再试"},
    "store.doing.open": {"en": "open {place}", "zh": "打开 {place}"},
    "store.doing.read": {"en": "read {place}", "zh": "读取 {place}"},
    "store.doing.lock_create": {"en": "create the lock file {place}", "zh": "创建锁文件 {place}"},
    "store.doing.lock_write": {"en": "write the lock file {place}", "zh": "写入锁文件 {place}"},
    "store.doing.folder_create": {"en": "create the folder {place}", "zh": "创建文件夹 {place}"},
    "store.doing.backups_read": {"en": "read the backup folder {place}", "zh": "读取备份文件夹 {place}"},
    "store.doing.backups_create": {"en": "create the backup folder {place}", "zh": "创建备份文件夹 {place}"},
    "store.doing.backup_write": {"en": "write the backup {place}", "zh": "写入备份 {place}"},
    "store.doing.backup_prune": {"en": "remove an old backup in {place}", "zh": "删除 {place} 里的旧备份"},
    "store.doing.restore": {"en": "restore {place}", "zh": "恢复 {place}"},
    # -- damage
    "store.damaged": {"en": "{path} is damaged ({detail})", "zh": "{path} 已损坏（{detail}）"},
    "store.detail.emptied": {"en": "it is empty, 0 bytes, though it has backups",
                             "zh": "文件是空的，只有 0 字节，但它有备份"},
    "store.corrupt.backup": {
        "en": "{path} is damaged ({detail}) and was not written to; the newest good backup is {backup}; "
              "run {command} to use it",
        "zh": "{path} 已损坏（{detail}），quizapp 没有写入它；最新的完好备份是 {backup}；运行 {command} 即可用它恢复"},
    "store.corrupt.no_backup": {
        "en": "{path} is damaged ({detail}) and was not written to; there is no good backup in {folder}",
        "zh": "{path} 已损坏（{detail}），quizapp 没有写入它；{folder} 里没有完好的备份"},
    # -- backups and restore
    "store.backup.copy_damaged": {
        "en": "{path} is damaged ({detail}); its copy was not kept, no good backup was removed, "
              "and the backups in {folder} are as they were",
        "zh": "{path} 已损坏（{detail}）；它的副本没有保留，完好的备份一个都没有删除，{folder} 里的备份保持原样"},
    "store.backup.source_damaged": {
        "en": "{path} is damaged ({detail}); no backup was made and none was removed",
        "zh": "{path} 已损坏（{detail}）；没有新建备份，也没有删除任何备份"},
    "store.restore.is_folder": {
        "en": "{path} is a folder, not a progress database; give the database file with --db, nothing was restored",
        "zh": "{path} 是一个文件夹，不是进度数据库；请用 --db 指定数据库文件，没有恢复任何内容"},
    "store.restore.no_good_backup": {"en": "there is no good backup in {folder} to restore",
                                     "zh": "{folder} 里没有可用于恢复的完好备份"},
    "store.restore.source_folder": {
        "en": "there is a folder at {path}, so nothing was restored; the backups are in {folder}",
        "zh": "{path} 是一个文件夹，所以没有恢复任何内容；备份在 {folder} 里"},
    "store.restore.source_missing": {
        "en": "there is no backup file at {path}, so nothing was restored; the backups are in {folder}",
        "zh": "{path} 处没有备份文件，所以没有恢复任何内容；备份在 {folder} 里"},
    "store.restore.refused": {"en": "nothing was restored because {problem}",
                              "zh": "没有恢复任何内容，因为 {problem}"},
    "store.restore.read_only": {"en": "{path} is read-only, so it cannot be replaced",
                                "zh": "{path} 是只读的，无法被替换"},
    # -- reviews
    "store.unknown_template": {"en": "template {id} is not in the database; sync the question bank first",
                               "zh": "数据库里没有卡片模板 {id}；请先同步题库"},
    "store.undo.none": {"en": "review {id} cannot be undone: there are no reviews",
                        "zh": "无法撤销复习记录 {id}：没有任何复习记录"},
    "store.undo.later": {"en": "review {id} cannot be undone: review {later} came after it",
                         "zh": "无法撤销复习记录 {id}：它之后还有复习记录 {later}"},
    # -- import
    "store.import.has_progress": {
        "en": "{path} already holds progress; import into a new database (--db NEW_FILE) "
              "so nothing is mixed or overwritten",
        "zh": "{path} 里已经有学习进度；请导入到一个新数据库（--db NEW_FILE），以免混在一起或被覆盖"},
    "store.import.too_long": {
        "en": "line {line} is longer than {limit} characters; expected a file made by `quizapp export`, "
              "nothing was imported",
        "zh": "第 {line} 行超过 {limit} 个字符；这里需要 `quizapp export` 导出的文件，没有导入任何内容"},
    "store.import.not_json": {"en": "line {line} is not JSON ({reason}); nothing was imported",
                              "zh": "第 {line} 行不是 JSON（{reason}）；没有导入任何内容"},
    "store.import.too_deep": {"en": "nested too deeply", "zh": "嵌套层数太多"},
    "store.import.not_object": {"en": "line {line} is not a JSON object; nothing was imported",
                                "zh": "第 {line} 行不是 JSON 对象；没有导入任何内容"},
    "store.import.card_present": {"en": "card {id} is already in {path}; nothing was imported",
                                  "zh": "卡片 {id} 已经在 {path} 里；没有导入任何内容"},
    "store.import.not_fit": {"en": "line {line} does not fit the database ({detail}); nothing was imported",
                             "zh": "第 {line} 行与数据库里的内容对不上（{detail}）；没有导入任何内容"},
    "store.import.empty": {"en": "the import file is empty; expected a file made by `quizapp export`",
                           "zh": "导入文件是空的；这里需要 `quizapp export` 导出的文件"},
    "store.import.no_header": {
        "en": "the first line is not a quizapp export header; expected a file made by `quizapp export`",
        "zh": "第一行不是 quizapp 导出文件的开头；这里需要 `quizapp export` 导出的文件"},
    "store.import.too_new": {
        "en": "the export has schema {schema}, newer than this quizapp's {known}; upgrade quizapp to import it",
        "zh": "导出文件的数据结构版本是 {schema}，比当前 quizapp 的 {known} 更新；请升级 quizapp 后再导入"},
    "store.import.unknown_table": {"en": "line {line} names an unknown table {table}; nothing was imported",
                                   "zh": "第 {line} 行写的表 {table} 不存在；没有导入任何内容"},
    "store.import.unknown_field": {
        "en": "line {line} has an unknown field {field} for table {table}; nothing was imported",
        "zh": "第 {line} 行有表 {table} 里没有的字段 {field}；没有导入任何内容"},
    "store.import.missing": {"en": "line {line}: a {table} row needs {field}; nothing was imported",
                             "zh": "第 {line} 行：{table} 表的一行必须有 {field}；没有导入任何内容"},
    "store.import.bad_value": {
        "en": "line {line}: {field} = {value} in a {table} row is not {expected}; nothing was imported",
        "zh": "第 {line} 行：{table} 表中 {field} = {value}，不是{expected}；没有导入任何内容"},
    "store.import.bad_time": {
        "en": "line {line}: {field} = {value} is not an ISO 8601 time with a zone; nothing was imported",
        "zh": "第 {line} 行：{field} = {value} 不是带时区的 ISO 8601 时间；没有导入任何内容"},
    "store.import.needs_state": {
        "en": "line {line}: a reviewed card (state {state}) needs {field}; nothing was imported",
        "zh": "第 {line} 行：复习过的卡片（状态 {state}）必须有 {field}；没有导入任何内容"},
    "store.import.setting_no_key": {"en": "line {line}: a setting row needs a key; nothing was imported",
                                    "zh": "第 {line} 行：设置行必须有 key；没有导入任何内容"},
    "store.import.setting_not_json": {
        "en": "line {line}: the value of setting {key} is not JSON text; nothing was imported",
        "zh": "第 {line} 行：设置 {key} 的值不是 JSON 文本；没有导入任何内容"},
    "store.import.setting_refused": {"en": "line {line}: {reason}; nothing was imported",
                                     "zh": "第 {line} 行：{reason}；没有导入任何内容"},
    # what a field of an import row must be ("... is not <expected>")
    "store.expect.setting_name": {"en": "a setting name", "zh": "设置名"},
    "store.expect.json": {"en": "a JSON value", "zh": "JSON 值"},
    "store.expect.card_id": {"en": "a card id", "zh": "卡片 id"},
    "store.expect.topic_id": {"en": "a topic id", "zh": "主题 id"},
    "store.expect.whole_0": {"en": "a whole number ≥ 0", "zh": "≥ 0 的整数"},
    "store.expect.whole_0_null": {"en": "a whole number ≥ 0 or null", "zh": "≥ 0 的整数或 null"},
    "store.expect.whole_1": {"en": "a whole number ≥ 1", "zh": "≥ 1 的整数"},
    "store.expect.whole": {"en": "a whole number", "zh": "整数"},
    "store.expect.whole_null": {"en": "a whole number or null", "zh": "整数或 null"},
    "store.expect.whole_1_1000": {"en": "a whole number 1..1000", "zh": "1..1000 之间的整数"},
    "store.expect.flag": {"en": "0 or 1", "zh": "0 或 1"},
    "store.expect.state": {"en": "0, 1, 2 or 3", "zh": "0、1、2 或 3"},
    "store.expect.rating": {"en": "1, 2, 3 or 4", "zh": "1、2、3 或 4"},
    "store.expect.stability": {"en": "a positive number of days or null", "zh": "正的天数或 null"},
    "store.expect.difficulty": {"en": "a number 1..10 or null", "zh": "1..10 之间的数或 null"},
    "store.expect.score": {"en": "a number 0..1 or null", "zh": "0..1 之间的数或 null"},
    "store.expect.time": {"en": "a time", "zh": "时间"},
    "store.expect.time_null": {"en": "a time or null", "zh": "时间或 null"},
    "store.expect.topics": {"en": "a JSON list of topic ids or null", "zh": "由主题 id 组成的 JSON 列表或 null"},
    "store.expect.session_id": {"en": "a session id or null", "zh": "学习记录 id 或 null"},
    "store.expect.mock_id": {"en": "a mock interview id", "zh": "模拟面试 id"},
    "store.expect.seconds": {"en": "a whole number of seconds ≥ 1 or null", "zh": "≥ 1 的整秒数或 null"},
    "store.expect.text": {"en": "text", "zh": "文字"},
    "store.expect.text_null": {"en": "text or null", "zh": "文字或 null"},
    "store.expect.mistake": {"en": "a mistake id or null", "zh": "错误类型 id 或 null"},
    "store.expect.ms": {"en": "milliseconds ≥ 0", "zh": "≥ 0 的毫秒数"},
    "store.expect.ms_null": {"en": "milliseconds ≥ 0 or null", "zh": "≥ 0 的毫秒数或 null"},
    "store.expect.date": {"en": "a date YYYY-MM-DD or null", "zh": "YYYY-MM-DD 格式的日期或 null"},
    "store.expect.one_of": {"en": "one of {choices}", "zh": "{choices} 之一"},
}
