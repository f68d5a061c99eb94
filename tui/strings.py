"""Every user-facing string of the app, in Simplified Chinese, in one place.

Code refers to these names; nothing under tui/ spells a Chinese sentence
itself. Format strings use `str.format` fields named for what they hold. The
labels of a form's fields are model.labels' (FIELD_LABELS, imported here),
the same words the file's messages and the importer's notes use.
"""

from __future__ import annotations

from model.labels import FIELD_LABELS

APP_TITLE = "jixiao 绩效自评"
UNTITLED = "未命名表单"

# -- node kinds in the navigator and editor ---------------------------------
FORM = "表单"
EXECUTION = "预算执行"
GOAL = "目标"
LEVEL_ONE = "一级指标"
LEVEL_TWO = "二级指标"
INDICATOR = "指标"
NEW_GOAL = "新目标"
NEW_LEVEL_ONE = "新一级指标"
NEW_LEVEL_TWO = "新二级指标"
NEW_INDICATOR = "新指标"
COPY_SUFFIX = "（副本）"
UNNAMED = "（未命名）"

KIND_NAMES = {
    "document": FORM,
    "execution": EXECUTION,
    "goal": GOAL,
    "level": LEVEL_ONE,
    "sublevel": LEVEL_TWO,
    "indicator": INDICATOR,
}

# -- field input --------------------------------------------------------------
NUMBER_ONLY = "只能填数字（可带小数点），“{char}”不是数字{unit_hint}"
NUMBER_UNIT_HINT = "；单位是{unit}，不用填写"
NUMBER_NEGATIVE = "不能填负数"
CHOICE_UNKNOWN = "“{text}”不是{label}的选项；可选：{options}"
NUMBER_BAD = "“{text}”不是有效的数字，请填写如 12 或 12.5"
INTEGER_ONLY = "只能填整数，“{char}”不是数字"
FIELD_NOT_SAVED = "「{label}」的输入无效，尚未计入表单：{message}"
FIELD_RESTORED = "「{label}」的无效输入已撤回，恢复为“{value}”"
EMPTY_VALUE = "（空）"
UNDERSTOOD = "理解为：{reading}"
SCORE_FROM_FORMULA = "按公式计分"
SCORE_TYPED = "所填得分"
SCORE_LINE = "计入得分 {score}（{source}）· 公式得分 {formula}{completion}"
COMPLETION = " · 完成 {pct}%"
SCORE_CLEAR_HINT = "清空则按公式计分"
NO_FINDINGS_HERE = "本项没有问题。"
GROUP_SCORE_LINE = "得分 {score} / 分值 {weight}"
EXECUTION_LINE = "执行率 {rate}% · 得分 {score} / {weight}"
CHILDREN_COUNT = "下级 {count} 项，指标 {indicators} 个"
TIER_BLANK = "（未选档次）"
METHOD_PROMPT = "计分方法"
KIND_PROMPT = "表类型"
PRESET_PROMPT = "评分规则"
BAND = "{label} {band}"

# field labels (the editor); keys are the model's field names
# field labels: model.labels.FIELD_LABELS (imported above), one table for the
# file's messages, the importer's notes and the app
UNITS = {"money": "万元", "points": "分", "percent": "%"}
PLACEHOLDERS = {
    "fill_date": "如 2025-02-10",
    "target": "如 ≥90%、不少于15场、≤15.5万元、保障",
    "actual": "如 95%、50余场、180万元",
    "score": SCORE_CLEAR_HINT,
    "adjusted_target": "年中调整后的目标；空着按年初指标值计分",
    "coefficient": "如 96（%）：得分 = 得分系数 × 分值",
}
FUND_EMPTY_CELL = "______"  # a blank to fill in, seen without colours
FUND_NAMES = ("当年财政拨款", "上年结转资金", "其他资金")
FUNDS_HEAD = "资金来源（万元）：名称 · 年初预算数 · 全年预算数 · 全年执行数"
FUNDS_HINT = "各行全年预算数、执行数之和应等于上面的全年预算数 A、执行数 B"
FIELD_YES = "是"
FIELD_NO = "否"
YES_NO_UNKNOWN = "“{text}”不是{label}的选项；请填“是”或“否”（空着即为否）"
CORE_OFF = "否：不是核心指标"
CORE_ON = "是：核心指标（未完成时另行提示）"
NOT_APPLICABLE_OFF = "否：本指标适用，正常计分"
NOT_APPLICABLE_ON_SCORED = "是：标为不适用，但现行评分规则仍按原方法计分"
NOT_APPLICABLE_ON_RESCALED = "是：不适用，不计分，分值按比例分给其他指标"

# -- navigator ---------------------------------------------------------------
TREE_SCORE = "{score}/{weight}"
MARK_ERROR = "✖"
MARK_WARNING = "▲"
MARK_CHANGED = "∆"
EXECUTION_TREE_LABEL = "预算执行"

# -- scoring panel -----------------------------------------------------------
PANEL_TOTAL = "总分"
PANEL_GRADE = "等级"
PANEL_DECLARED = "表上总分 {declared}（相差 {diff}）"
PANEL_DECLARED_SAME = "表上总分 {declared}（一致）"
PANEL_NO_DECLARED = "表上未填总分"
PANEL_EXECUTION = "预算执行"
PANEL_RATE = "执行率 {rate}%"
PANEL_NO_FINDINGS = "没有发现问题。"
PANEL_MORE = "…… 还有 {count} 条，按回车全部显示"
PANEL_SEVERITY_HEAD = "{label}（{count}）"
WHATIF_BASE_SAVED = "已保存"
WHATIF_BASE_START = "进入假设前"
WHATIF_HEADER = "假设模式（{base} → 当前）"
WHATIF_NO_CHANGES = "尚无改动。改动任意数值，这里会列出总分、等级和得分的变化。"
WHATIF_MORE = "…… 另有 {count} 项变化"

# -- status bar --------------------------------------------------------------
STATUS_DIRTY = "● 未保存"
STATUS_WHATIF = "假设模式"
STATUS_READONLY = "只读"
STATUS_TAKEN = "已被他人接管"
STATUS_TOTAL = "总分 {total} {grade}"
# one wording for a form with nothing scored yet, everywhere in the app
# (status line, editor, panel, tree), as scoring and the exports say it
NOT_SCORED = "未评分"
# last year's actual beside this year's (a form made with jixiao new --from)
LAST_ACTUAL = "（上年实际：{actual}）"
STATUS_NOT_SCORED = "总分 " + NOT_SCORED

# -- actions: (title, description) used by the footer, help and palette ------
ACTIONS = {
    "help": ("帮助", "显示全部按键和用法"),
    "rename": ("重命名", "修改所选目标、指标的名称"),
    "panel": ("评分面板", "转到评分面板（总分、等级、检查结果）"),
    "switch_pane": ("切换窗格", "在导航树、编辑区和评分面板之间切换"),
    "whatif": ("假设模式", "开始或结束假设模式：试改数值，看总分和等级怎样变化"),
    "save": ("保存", "保存到当前文件（安全写入）"),
    "save_as": ("另存为", "保存到另一个文件"),
    "undo": ("撤销", "撤销上一次修改"),
    "redo": ("重做", "恢复刚才撤销的修改"),
    "open": ("打开", "打开其他表单、示例或从模板新建"),
    "quit": ("退出", "退出程序（有未保存的修改时会询问）"),
    "palette": ("命令", "命令面板：搜索命令，或按名称跳到任一指标"),
    "back": ("返回树", "回到导航树"),
    "tree_open": ("编辑", "在编辑区打开所选项"),
    "tree_down": ("下移光标", "移到下一行"),
    "tree_up": ("上移光标", "移到上一行"),
    "tree_collapse": ("折叠", "折叠所选项，或移到上级"),
    "tree_expand": ("展开", "展开所选项，或移到第一个下级"),
    "tree_toggle": ("展开/折叠", "展开或折叠所选项"),
    "add": ("新增", "新增下级（在指标上为新增同级指标）"),
    "add_sibling": ("新增同级", "在所选项后面新增一个同级项"),
    "duplicate": ("复制", "复制所选项（含下级）"),
    "delete": ("删除", "删除所选项（会先确认）"),
    "move_up": ("上移", "把所选项向上移动一位"),
    "move_down": ("下移", "把所选项向下移动一位"),
    "tree_whatif": ("假设模式", "开始或结束假设模式"),
    "tree_rename": ("重命名", "修改所选项的名称"),
    "tree_panel": ("评分面板", "转到评分面板"),
    "show_all_findings": ("全部问题", "显示全部检查结果"),
    "clear_score": ("清空得分", "清空所填得分，改按公式计分"),
    "take_over": ("接管编辑", "表单正由他人编辑、只读打开时：确认后接管编辑"),
    "grid": ("表格编辑", "像电子表格一样逐行填写所选目标、一级或二级指标下的指标"),
    "grid_edit": ("编辑单元格", "编辑当前单元格，保留原有内容（直接输入则替换原有内容）"),
    "grid_enter": ("确认并下移", "确认单元格并移到下一行（连续按 Tab 之后回到开始的那一列）；"
                               "在最后一行新增一行"),
    "grid_next": ("右移", "确认单元格并移到右边一格（在最后一列时到下一行开头）"),
    "grid_previous": ("左移", "确认单元格并移到左边一格"),
    "grid_cursor_up": ("上移", "移到上一行（正在编辑时先确认）"),
    "grid_cursor_down": ("下移", "移到下一行（正在编辑时先确认）"),
    "grid_cursor_left": ("左移一格", "移到左边一格（编辑时在文字中移动）"),
    "grid_cursor_right": ("右移一格", "移到右边一格（编辑时在文字中移动）"),
    "grid_home": ("到行首", "移到本行第一列（编辑时到文字开头）"),
    "grid_end": ("到行尾", "移到本行最后一列（编辑时到文字末尾）"),
    "grid_page_up": ("上翻一页", "向上翻一页"),
    "grid_page_down": ("下翻一页", "向下翻一页"),
    "grid_add_row": ("新增一行", "在当前行下面新增一个指标"),
    "grid_delete_row": ("删除本行", "删除当前行的指标（Ctrl+Z 可撤销）"),
    "grid_clear": ("清空单元格", "清空当前单元格（Ctrl+Z 可撤销）"),
    "grid_leave": ("取消/离开", "正在编辑时放弃这一格的修改；再按一次回到导航树，光标所在的指标被选中"),
}
# shorter words for the footer where 80 columns are tight (help and palette
# show the titles above)
FOOTER_LABELS = {"grid": "表格", "grid_edit": "编辑", "grid_add_row": "加行",
                 "grid_delete_row": "删行", "grid_leave": "离开", "switch_pane": "切换"}
GROUP_GLOBAL = "全局（任何位置可用）"
GROUP_GRID = "表格编辑"
GROUP_TREE = "导航树"
GROUP_EDITOR = "编辑区"
HELP_TITLE = "帮助（按 Esc 或 F1 关闭）"
HELP_INTRO = (
    "左边是导航树：表单 → 预算执行 → 各目标 → 一级指标 → 二级指标 → 指标。"
    "每行显示 得分/分值；✖ 表示该项或其下级有错误，▲ 表示有警告，∆ 表示假设模式中改动过。\n"
    "在树上按回车打开编辑区；编辑区里每输入一个字，评分面板和总分立即更新。"
    "Tab 在字段之间移动，Esc 回到树。窄终端（如 80×24）一次显示一个窗格，用 F4 切换。\n"
    "数字字段只接受数字；年度指标值和实际完成值可以写“≥90%”“不少于15场”“50余场”等，"
    "下方会显示程序如何理解。得分留空则按公式计分。\n"
    "按 Ctrl+P 打开命令面板，可以搜索所有命令，或输入指标名称中的几个字（不必连续）直接跳到该指标。\n"
    "按键可以在 {keys_file} 中重新设定，例如：[keys] 里写 save = \"ctrl+w\"。"
)
HELP_MOUSE = "鼠标可以点选，但所有操作都能只用键盘完成。"

# -- palette -----------------------------------------------------------------
PALETTE_PLACEHOLDER = "搜索命令，或输入指标名称跳转……"
PALETTE_JUMP = "跳到 {kind}：{name}"
PALETTE_NO_MATCH = "没有找到匹配的命令或指标"

# -- notifications -------------------------------------------------------------
SAVED = "已保存到 {name}"
SAVE_OVER_LIMITS = "表单超出一份自评表文件的上限，未保存（修改都还在，也已留存以防意外）：{reason}。请删去一些行或缩短过长的文字后再保存。"
SAVED_COPY = "已另存副本：{path}（之后的保存也写入这个文件）"
SAVE_FAILED = "保存失败：{reason} 表单内容都还在，没有丢失；可以换一个位置另存（F12）。"
SAVE_IN_WHATIF = "假设模式中不能保存。先按 F5 结束假设模式，选择保留修改后再保存。"
NOTHING_TO_UNDO = "没有可以撤销的修改"
NOTHING_TO_REDO = "没有可以重做的修改"
UNDONE = "已撤销：{label}"
REDONE = "已重做：{label}"
RELOADED = "已从磁盘重新载入 {name}（按 Ctrl+Z 可找回刚才的内容）"
RELOAD_FAILED = "无法重新载入：{reason}"
CANNOT_ADD_HERE = "预算执行下面不能新增项目"
CANNOT_DELETE_FORM = "不能删除整个表单"
CANNOT_MOVE = "已经在最{edge}了"
EDGE_TOP = "上面"
EDGE_BOTTOM = "下面"
WHATIF_ON = "假设模式开始：现在的改动只是试算。再按 F5 结束，可选择保留或放弃。"
WHATIF_KEPT = "已保留假设模式中的修改（可撤销）"
WHATIF_DISCARDED = "已放弃假设模式中的修改，恢复到开始时的状态"
HOW_TO_QUIT = "要退出请按 Ctrl+Q"
KEYMAP_FORMAT = '[keys] 中每一项都应写成 名称 = "按键"，例如 save = "ctrl+w"'
KEYMAP_BAD = "按键设置文件 {path} 有误，已忽略：{reason}"

# edit labels, for undo / redo messages
EDIT_FIELD = "修改「{label}」"
EDIT_ADD = "新增{kind}"
EDIT_DUPLICATE = "复制{kind}"
EDIT_DELETE = "删除{kind}「{name}」"
EDIT_MOVE = "移动{kind}「{name}」"
EDIT_RELOAD = "重新载入文件"
EDIT_RESTORE = "恢复未保存的工作"
EDIT_MERGE = "合并对方的修改"
# -- dialogs -----------------------------------------------------------------
YES = "确定"
CANCEL = "取消"
DELETE_TITLE = "删除{kind}"
DELETE_QUESTION = "删除{kind}「{name}」{below}？可以用 Ctrl+Z 撤销。"
DELETE_BELOW = "及其下的 {count} 个指标"
DELETE_CONFIRM = "删除 (y)"
DELETE_CANCEL = "取消 (n)"
QUIT_TITLE = "有未保存的修改"
QUIT_QUESTION = "「{name}」有未保存的修改。退出前要保存吗？"
QUIT_SAVE = "保存并退出 (s)"
QUIT_DISCARD = "不保存，退出 (d)"
QUIT_CANCEL = "取消 (Esc)"
OPEN_OTHER_TITLE = "有未保存的修改"
OPEN_OTHER_QUESTION = "「{name}」有未保存的修改。打开其他文件前要保存吗？"
OPEN_SAVE = "保存后打开 (s)"
OPEN_DISCARD = "不保存 (d)"
CONFLICT_TITLE = "文件已在别处被修改"
CONFLICT_CHANGED = ("「{path}」在打开之后被其他程序或其他人修改过。"
                    "直接保存会覆盖对方的修改。请选择：")
CONFLICT_MISSING = "「{path}」已被删除或移走。请选择："
CONFLICT_RELOAD = "重新载入磁盘上的版本 (r)"
CONFLICT_COPY = "另存为副本 (c)"
CONFLICT_OVERWRITE = "覆盖磁盘上的版本 (o)"
CONFLICT_RECREATE = "重新创建该文件 (o)"
CONFLICT_BY = "修改者：{who}"
CONFLICT_AT = "修改时间：{when}"
CONFLICT_THEIRS = "对方的修改：{summary}"
CONFLICT_MINE = "我的修改（尚未保存）：{summary}"
CONFLICT_CAN_MERGE = "双方改的是不同的地方，可以合并：保留双方的修改后保存 (m)。"
CONFLICT_NO_MERGE = "无法自动合并：{reason}"
CONFLICT_MERGE = "合并双方的修改并保存 (m)"
MERGED = "已合并对方的修改并保存到 {name}"
TAKEN_OVER_TITLE = "表单已被他人接管"
TAKEN_OVER_QUESTION = ("{who}\n接管了「{name}」的编辑。您未保存的修改仍在这里：保存时会先检查对方保存的内容，"
                       "改的是不同的地方可以合并；也可以现在另存为副本。")
TAKEN_OVER_OK = "知道了，继续 (k)"
TAKEN_OVER_NOTE = "「{name}」已被他人接管；保存时会检查对方的修改并提供合并。"
WHATIF_END_TITLE = "结束假设模式"
WHATIF_END_QUESTION = "假设模式中有 {count} 处得分变化（总分 {before} → {after}）。这些修改要怎么处理？"
WHATIF_END_NO_CHANGES = "假设模式中没有修改。"
WHATIF_END_NO_SCORE = ("假设模式中改了 {count} 处，得分都没有变化（总分 {total} 不变）：\n{lines}\n"
                       "这些修改要怎么处理？")
WHATIF_END_MORE = "…… 还有 {count} 处"
WHATIF_KEEP = "保留修改 (k)"
WHATIF_DISCARD = "放弃修改 (d)"
COMMENTS_TITLE = "保存会删除注释"
COMMENTS_QUESTION = ("此文件中有注释（# 开头的内容）。jixiao 保存时按固定格式重写文件，"
                     "注释不会保留。仍要保存吗？（本次打开期间只提醒这一次）")
COMMENTS_SAVE = "仍然保存 (y)"
COMMENTS_SAVE_AS = "另存为 (a)"
SAVE_AS_TITLE = "另存为"
SAVE_AS_PROMPT = "文件路径（{suffix}）："
SAVE_AS_EXISTS = "「{path}」已存在。覆盖它吗？"
SAVE_AS_OVERWRITE = "覆盖 (y)"
SAVE_AS_EMPTY = "请输入文件名"

CONFLICT_VIEW = "查看差异 (v)"
CONFLICT_VIEW_TITLE = "磁盘上的版本与打开时相比：{count} 处不同"
OVERWRITE_TITLE = "确认覆盖"
OVERWRITE_QUESTION = ("覆盖会丢掉对方在磁盘上所做的修改（覆盖前的版本会保留为「{backup}」）。"
                      "确定覆盖吗？")
OVERWRITE_CONFIRM = "覆盖 (y)"

# -- two people, one file; crash recovery; the file on disk -----------------------
READ_ONLY_EDIT = ("只读打开：此表单正由他人编辑，不能修改。可按 F5 用假设模式试算，"
                  "或按 Ctrl+T 接管编辑。")
SAVE_READ_ONLY = "只读打开，不能保存到此文件。可按 F12 另存为新文件，或按 Ctrl+T 接管编辑。"
IN_USE_TITLE = "表单正由他人编辑"
IN_USE_QUESTION = ("{who}。\n\n两人同时修改会互相覆盖。可以只读查看（仍可按 F5 试算），"
                   "或在确认对方已不再编辑后接管。")
IN_USE_OTHER_HOST = ("{who}（在另一台主机上）。\n\njixiao 无法确认那边是否仍在编辑。"
                     "可以只读查看（仍可按 F5 试算）；如果确认对方已不再编辑（例如连接已断开），可以接管。")
IN_USE_READ_ONLY = "只读查看 (r)"
IN_USE_TAKE_OVER = "接管编辑 (t)"
IN_USE_OPEN_OTHER = "打开其他文件 (o)"
READ_ONLY_OPENED = "已只读打开。需要修改时按 Ctrl+T 接管编辑。"
TAKE_OVER_QUESTION = ("{who}。\n\n接管后由你编辑；对方若仍在编辑并保存，"
                      "双方保存时都会先检查磁盘内容，不会悄悄覆盖。确定接管吗？")
TAKE_OVER_NOT_NEEDED = "此表单已由你编辑，无需接管。"
TAKE_OVER_FAILED = "无法接管编辑。"
TOOK_OVER = "已接管编辑。保存前仍会检查磁盘内容，不会覆盖别人的修改。"
WHATIF_AFTER_TAKE_OVER = "假设模式仍在进行；结束时可选择保留修改。"
WHATIF_READ_ONLY_DISCARDED = "只读打开：假设模式的修改只是试算，已放弃。"
RECOVERY_TITLE = "发现未保存的工作"
RECOVERY_QUESTION = ("上次编辑「{name}」时有未保存的修改（程序被关闭、断线或断电）：\n{summary}\n\n"
                     "要恢复吗？恢复后仍需保存（Ctrl+S）。")
RECOVERY_RESTORE = "恢复 (r)"
RECOVERY_DISCARD = "丢弃 (d)"
RECOVERY_LATER = "暂不处理 (l)"
RECOVERY_VIEW_TITLE = "未保存的工作与磁盘上的文件相比：{count} 处不同"
RESTORED = "已恢复未保存的工作。按 Ctrl+S 保存；按 Ctrl+Z 可撤销恢复。"
RECOVERY_DISCARDED = "已丢弃未保存的工作。"
RECOVERY_KEPT = "未保存的工作仍保留着，下次打开此表单时会再次询问。"
RECOVERY_BROKEN = "未保存的工作无法读取为表单：{reason}。恢复文件保留在 {path}。"
RECOVERY_UNREADABLE = "无法查找未保存的工作：{reason}"
RECOVERY_WRITE_FAILED = "无法写入恢复文件（断电或断线时可能丢失未保存的修改，请及时保存）：{reason}"
DISK_CHANGED_TITLE = "文件在磁盘上已更改"
DISK_CHANGED_QUESTION = ("「{path}」已被其他程序或其他人修改（例如同事保存、git pull）。"
                         "当前没有未保存的修改。要重新载入吗？")
DISK_RELOAD = "重新载入 (r)"
DISK_IGNORE = "保持当前内容 (i)"
DISK_MISSING = "「{name}」已在磁盘上被删除或移走。保存（Ctrl+S）时会询问是否重新创建。"
TEXT_DIALOG_CLOSE = "↑↓ PgUp PgDn 滚动 · Esc 关闭"

# -- start screen --------------------------------------------------------------
START_TITLE = "jixiao 绩效自评 — 预算绩效自评表的填写、评分与检查"
START_UNSAVED = "有未保存的工作（上次异常退出；打开后可恢复）"
START_UNSAVED_AGE = "{age}前"
START_RECENT = "最近打开"
START_SAMPLES = "示例表单"
START_TEMPLATES = "从模板新建"
START_NONE = "（无）"
START_OPEN_PROMPT = "或输入文件路径后按回车："
START_OPEN_PLACEHOLDER = "例如 ~/表单/2024部门自评.toml"
START_HINT = "↑↓ 选择，回车打开；选中一个表按 n：从它新建下一年的表；Tab 转到路径输入框；Ctrl+Q 退出"
START_NEXT_YEAR_KEY = "新建下一年"
START_NEXT_YEAR_WHERE = "请先选中一个表（最近打开或示例表单），再按 n 从它新建下一年的表。"
NEXT_YEAR_DONE = "已从「{name}」新建下一年的表（未保存：Ctrl+S 选择保存位置）；实际完成值、得分、原因和日期已清空，上年实际值留作参考。"
NEXT_YEAR_EXCEEDED = "以下 {count} 个指标上年实际完成值超出目标 30% 及以上，评审时可能会问为何没有提高目标："
NEXT_YEAR_NONE = "上年没有实际完成值超出目标 30% 及以上的指标。"
NEXT_YEAR_ITEM = "· {name}：目标 {target}，上年实际 {actual}"
NEXT_YEAR_MORE = "…… 还有 {count} 个"
START_TEMPLATE_ITEM = "新建：{name}"
START_MISSING = "（文件已不存在）"

# -- load error screen -----------------------------------------------------------
LOAD_ERROR_TITLE = "无法打开表单"
LOAD_ERROR_INTRO = "「{path}」有 {count} 个问题，没有打开。请按提示修改文件后再打开，或选择其他文件。"
LOAD_ERROR_LINE = "第 {line} 行"
LOAD_ERROR_COLUMN = "第 {column} 列"
LOAD_ERROR_OTHER = "打开其他文件 (o)"
LOAD_ERROR_QUIT = "退出 (q)"
LOAD_ERROR_FIX = "改用建议的键（{count} 处，原文件留作 {backup}）(f)"
LOAD_ERROR_IMPORT = "导入这个文件 (i)"
LOAD_ERROR_CONVERT = "转换为 UTF-8（原文件留作 {backup}）(u)"
LOAD_ERROR_GBK = "这个文件是 GBK 编码（WPS、记事本的旧默认）。可以把它转换为 UTF-8 后打开。"

# -- ways in: a new path, a misspelt key, a GBK file (tui/controllers/repair.py) --
CREATE_TITLE = "新建表单"
CREATE_QUESTION = "「{path}」还不存在。要在这里用模板新建一份自评表吗？"
CREATE_TEMPLATES = {
    "wuhan-department": ("武汉部门整体 (1)", "1"),
    "wuhan-project": ("武汉项目支出 (2)", "2"),
    "central-project": ("中央项目支出 (3)", "3"),
    "department-goals": ("部门分目标计分 (4)", "4"),  # the layouts of model.templates.LAYOUTS
    "flat": ("部门平铺指标 (5)", "5"),
}
LAYOUT_WEIGHTS_TITLE = "换用模板分值"
LAYOUT_WEIGHTS_QUESTION = ("把预算执行、各目标和各级指标的分值换成哪个模板的？指标和已填的内容不变；"
                           "Ctrl+Z 可撤销。")
LAYOUT_WEIGHTS_LABEL = "换用模板分值"
LAYOUT_WEIGHTS_DONE = "已换用模板“{template}”的分值（Ctrl+Z 撤销）"
LAYOUT_WEIGHTS_SAME = "分值已与该模板相同，没有改动。"
WEIGHTS_TITLE = "分值：按纸质表填写"
WEIGHTS_HINT = "已填入模板的分值；输入即替换，回车到下一项，最后一项回车确定；Esc 照用模板的分值。"
WEIGHTS_BAD = "分值只能填数字。"
CREATE_OTHER = "打开其他文件 (o)"
CREATE_DONE = "已新建「{path}」（模板：{template}）"
CREATE_FAILED = "无法新建「{path}」"
CREATE_NO_TEMPLATE = "没有名为 {name} 的模板"
REPAIR_CHANGED = "文件在读取之后被改动过，没有修改；请重新打开。"
REPAIR_UNREADABLE = "无法读取文件，没有修改。"
REPAIR_NOTHING = "在文件中找不到要改的键，没有修改；请按提示手工修改。"
REPAIR_FAILED = "没有修改文件：{reason}"
KEYS_FIXED = "已改用建议的键，原文件留作 {backup}"
CONVERTED = "已转换为 UTF-8，原文件留作 {backup}"

# -- exchange: export, import, pasted rows, roll-up (tui/dialogs/exchange.py) ----
ACTIONS.update({
    "export": ("导出", "把表单导出为 xlsx 或 Word（官方版式）、csv 或 md 报告"),
    "import": ("从表格导入", "从 Excel/WPS 表格（xlsx）、csv 或制表符分隔的文本生成新表单"),
    "report": ("起草自评报告", "按表中数据起草绩效自评报告（Word），部门表可附所属项目表"),
    "layout_weights": ("换用模板分值", "把预算执行、各目标和各级指标的分值换成某个模板的（一步，可撤销）"),
    "rollup": ("部门汇总", "部门表与所属项目表汇总：项目支出核对、各项目得分、加权平均、同名指标"),
    "exchange_report": ("导入/粘贴说明", "再次显示上一次导入或粘贴时跳过、重新解读的内容"),
})
EXPORT_TITLE = "导出表单"
EXPORT_FORMAT_PROMPT = "格式（↑↓ 选择，回车确定）："
EXPORT_FORMATS = {
    "xlsx": "xlsx  官方版式的工作簿（含问题清单），WPS/Excel 可直接打印",
    "docx": "docx  官方版式的 Word 文档（A4，可直接报送）",
    "csv": "csv   每行一个指标（UTF-8），WPS/Excel 可直接打开",
    "md": "md    可读的报告（Markdown 文本）",
}
EXPORT_PATH_PROMPT = "导出到（回车导出）："
EXPORT_HINT = "Tab 切换 · 回车 导出 · Esc 取消"
EXPORT_WHATIF = "注意：现在是假设模式，导出的是屏幕上假设后的数值，不是已保存的表单。"
EXPORT_EXISTS = "「{path}」已存在。覆盖它吗？"
EXPORT_EXISTS_FOREIGN = ("「{path}」已存在，而且不是这次编辑中导出的文件（也许是导入这份表时读取的原始文档，"
                         "或别人的文件）。覆盖后它原来的内容将丢失，无法恢复。仍要覆盖它吗？")
EXPORT_NAME_SUFFIX = "-导出"
EXPORT_OVERWRITE = "覆盖 (y)"
EXPORT_DONE = "已导出{label}：{path}（{total}）"
EXPORT_DONE_WHATIF = "（假设模式中的数值）"
EXPORT_LABELS = {"xlsx": " xlsx 工作簿", "docx": " Word 文档", "csv": " CSV 表格", "md": " Markdown 报告"}
REPORT_PICK_TITLE = "起草自评报告：选择所属项目表（可不选，回车继续）"
REPORT_PATH_TITLE = "起草自评报告"
REPORT_NAME_SUFFIX = "-自评报告"  # the proposed name: the form's, then this
REPORT_PATH_PROMPT = "报告保存为（.docx，回车起草）："
REPORT_DONE = ("已起草自评报告：{path}（总分 {total}，{grade}；需说明的偏差 {items} 项；"
               "待填写 {placeholders} 处，在 Word 中以黄色标出）")
REPORT_FAILED = "起草报告失败：{reason}"
EXPORT_TOTAL = "总分 {total}，{grade}"
EXPORT_NO_SCORES = "表中没有分值和得分"
EXPORT_FAILED = "导出失败：{reason}"
EXPORT_FIELD_LEFT_OUT = "「{label}」的输入无效，未计入导出：{message}"
EXCHANGE_EMPTY_PATH = "请输入文件路径"
DEST_IS_DIR = "这是一个文件夹，请在后面加上文件名"
DEST_NO_FOLDER = "文件夹「{folder}」不存在"
DEST_SYMLINK = "「{path}」是指向「{target}」的符号链接，不会写到链接指向的文件；请换一个文件名，或先删除这个链接"
EXPORT_BUSY = "正在导出…"
IMPORT_BUSY = "正在导入…"
ROLLUP_BUSY = "正在汇总…"
REPORT_BUSY = "正在起草自评报告…"
EXCHANGE_STILL_BUSY = "上一项（{busy}）还没有完成，请稍候再试"
EXCHANGE_UNEXPECTED = "处理失败（{error}）；没有文件被改动。"
IMPORT_TITLE = "从 Word/Excel/表格导入"
IMPORT_IN_PROMPT = "要导入的文件（.docx / .xlsx / .xls / .csv / .txt）："
IMPORT_IN_PLACEHOLDER = "例如 ~/下载/2024年部门自评表.docx"
IMPORT_OUT_PROMPT = "生成的表单文件（.toml）："
IMPORT_HINT = "Tab 切换 · 回车 导入 · Esc 取消"
IMPORT_MISSING = "文件「{path}」不存在"
IMPORT_SUFFIX = "只能导入 Word（.docx）、Excel（.xlsx、.xls）、.csv 或文本（.txt、.tsv）文件"
IMPORT_OUT_SUFFIX = "生成的表单文件要以 .toml 结尾"
IMPORT_OUT_IS_OPEN = "这是当前打开的表单文件，请换一个文件名"
IMPORT_EXISTS = "「{path}」已存在。用导入的内容覆盖它吗？"
IMPORT_WRITE_FAILED = "无法写入「{path}」：{reason}"
IMPORT_REPORT_TITLE = "导入完成（Esc 或回车打开新表单）"
IMPORT_SUMMARY = "已从「{source}」生成「{path}」：{goals} 个目标，{indicators} 个指标。"
IMPORT_RESTORED = "这是 jixiao 导出的工作簿，表中不显示的信息已从隐藏工作表还原。"
IMPORT_NOTES_HEAD = "导入说明 {count} 条（需要核对的 {warnings} 条，以 ▲ 标出）："
IMPORT_NO_NOTES = "全部内容都按原样读入，没有跳过或重新解读的单元格。"
REPORT_ORIGINAL = "    原文：{text}"
PASTE_NOT_TABLE = "粘贴的内容不是表格（没有制表符分隔的列）。要粘贴指标行，请从 WPS、Word 或 Excel 复制表格的若干行。"
PASTE_WHERE = "请先在导航树上选中要粘贴到的目标、一级指标、二级指标或指标，再粘贴。"
PASTE_OVER_LIMITS = "粘贴后会超出一份表的上限，没有粘贴任何内容：{reason}"
PASTE_NOTHING = "粘贴的表格中没有可以添加的指标行。"
PASTE_DONE = "已粘贴 {count} 个指标"
PASTE_CATEGORIES = "、{count} 个空类别"
PASTE_UNDO_HINT = "（Ctrl+Z 可一次撤销）"
PASTE_NOTES = "；{count} 处未读入或重新解读："
PASTE_MORE = "……全部 {count} 条说明按 F9 查看"
PASTE_SEE_ALL = "按 F9 查看全部说明"
PASTE_LABEL = "粘贴 {count} 个指标"
PASTE_REPORT_TITLE = "粘贴说明（Esc 关闭）"
PASTE_REPORT_SUMMARY = "粘贴了 {lines} 行文本，添加 {count} 个指标。"
NO_REPORT = "还没有导入或粘贴过表格。"
ROLLUP_PICK_TITLE = "部门汇总：选择部门表和它的项目表"
ROLLUP_PICK_HINT = "↑↓ 移动 · 空格 选中/取消 · 回车 汇总 · Esc 取消"
REPORT_PICK_HINT = "↑↓ 移动 · 空格 选中/取消 · 回车 继续 · Esc 取消"
ROLLUP_FOLDER = "文件夹：{folder}"
ROLLUP_CURRENT = "（当前表单{dirty}）"
ROLLUP_CURRENT_DIRTY = "，含未保存的修改"
ROLLUP_NONE_SELECTED = "请至少选中部门表和一张项目表"
ROLLUP_TITLE = "部门汇总（Esc 关闭）"
ROLLUP_FAILED_HEAD = "以下文件无法读取，未参加汇总："
ROLLUP_NO_PROJECTS = "选中的文件中没有项目表（kind = \"project\"）；请同时选中部门表和它的项目表。"
TICKED = "[x]"
UNTICKED = "[ ]"
ROLLUP_NO_FORMS = "文件夹中没有表单文件（.toml）。"
ROLLUP_UNSAVED_NOTE = "当前表单按屏幕上的内容汇总（含未保存的修改）。"
START_IMPORT_HEAD = "从表格导入"
START_IMPORT = "从 Word/Excel/表格导入（docx、xlsx、xls、csv、txt）…"
HELP_INTRO = HELP_INTRO + (
    "\n在导航树上粘贴从 WPS、Word 或 Excel 复制的表格行（制表符分隔），会添加到所选目标、一级或二级指标下，"
    "Ctrl+Z 一次撤销；F6 导出 xlsx/Word/csv/md，F8 部门汇总，Ctrl+R 起草自评报告。\n"
    "填表的几种办法：Ctrl+G 表格编辑，像 WPS/Excel 一样逐行填写；F7 导入 Word（.docx）、"
    "Excel（.xlsx、.xls）或文本表格（.csv、.tsv、.txt）；Ctrl+O 打开已有表单、示例表或从模板新建"
    "（命令行 jixiao new，或 jixiao 新文件.toml）。"
)

# -- the grid editor (表格编辑, tui/widgets/grid.py) -------------------------------
GRID_COLUMNS = {
    "name": "三级指标",
    **{key: FIELD_LABELS[key] for key in ("target", "actual", "weight", "score")},
    "formula": "公式分",
    "mark": "问题",
}
# a flat form's grid (RULES.md 5b): short titles for 80 columns
GRID_FLAT_COLUMNS = {
    "name": "指标名称",
    "target": "年初值",
    "adjusted_target": "调整值",
    "actual": "完成值",
    "coefficient": "系数%",
    "weight": "权重",
    "score": "得分",
    "core": "核心",
    "formula": "公式分",
    "mark": "问题",
}
# the line under a flat form's grid names the current cell in full, as the form prints it
GRID_FLAT_CELLS = {
    "target": "年初指标值",
    "adjusted_target": "调整指标值",
    "actual": "全年完成值",
    "coefficient": "得分系数（%）",
    "weight": "指标权重（分）",
    "score": "指标得分（分）",
    "core": "是否核心指标（是/否）",
}
GRID_TITLE = "表格编辑：{where}"
GRID_ALL = "全部指标"
GRID_HINT = "输入即替换 · F2 编辑 · 回车下移 · Tab 右移 · Ctrl+N 加行 · Ctrl+D 删行 · Esc 离开"
GRID_LAST_ROW = "已是最后一行。要新增一行请按 Ctrl+N。"
GRID_ADD_WHERE = "要新增指标，请把光标移到二级指标行或指标行上再按 Ctrl+N。"
GRID_NOT_HERE = "这一行的“{column}”不用填写"
GRID_FUND_LABEL = "修改资金来源"
GRID_WEIGHTS_OK = "分值：各级合计一致"
GRID_WEIGHTS_WRONG = "分值不合：{place}：{message}"
GRID_WEIGHTS_MORE = "（另有 {count} 处）"
GRID_EMPTY_ROW = "（无指标，输入即新增）"
GRID_EXCLUDED = "不适用"
GRID_NO_ROWS = "这里没有二级指标，无法按表格填写。请在导航树上先新增一级、二级指标（a）。"
GRID_CELL = "{column}：{text}"
GRID_CELL_EMPTY = "（空）"
GRID_CELL_OPEN = "表格中正在填写的单元格还不能填入：{message}。请改正后再操作，或按 Esc 放弃这一格的修改。"
GRID_GROUP_ROW = "{label}"
GRID_ROW_FINDINGS = "本行："
GRID_READ_ONLY_COLUMN = "“{column}”由程序计算，不能填写"
GRID_ADD_LABEL = "新增指标"
GRID_FIRST_LABEL = "新增指标「{name}」"
GRID_DELETED = "已删除指标「{name}」（Ctrl+Z 撤销）"
GRID_PASTE_LABEL = "粘贴 {rows} 行单元格"
GRID_PASTE_DONE = "已粘贴 {rows} 行（新增 {added} 行；Ctrl+Z 一次撤销）"
GRID_PASTE_DROPPED = "；超出“得分”列的 {count} 个单元格未使用"
GRID_PASTE_EMPTY = "粘贴的内容是空的。"
GRID_PASTE_BAD = "粘贴的第 {line} 行“{column}”：{message}；没有粘贴任何内容。"
GRID_PASTE_REFUSED = "粘贴的第 {line} 行：{message}；没有粘贴任何内容。"
GRID_PASTE_WHERE = "请先把光标移到指标行（或“无指标”行）上再粘贴。"
