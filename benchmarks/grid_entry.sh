#!/bin/bash
# Enter a 15-row project form from the central template in the grid editor,
# keys only, in tmux at 80x24, and count the keys.
#
#   benchmarks/grid_entry.sh            # from the repository, after `make .venv/.installed`
#
# The route: `jixiao NEW.toml` (a path that does not exist) -> 3 (the central
# project template) -> Esc (its weights as they are) -> Ctrl+G (the grid, on 产出指标 › 数量指标) -> each row as
# name Tab target Tab actual Tab weight Tab score, then Ctrl+N (a row below,
# same 二级指标) or Enter (down to the next 二级指标's empty row, at its name)
# -> Ctrl+S -> Ctrl+Q. Keys are sent one at a time (tmux drops bursts); each
# value is sent as one literal string, as an input method commits a phrase.
# Prints the keys other than the values, the values, and the characters in
# them; the form written is checked with `jixiao score`.
#
#   benchmarks/grid_entry.sh paper      # a 100-point form whose weights differ from
#                                       # every template (issue 23): 预算执行 15, 绩效指标 85
#                                       # (产出 45, 效益 25, 满意度 15), 10 rows
#
# The paper route: `jixiao NEW.toml` -> 3 -> the weights dialog: 15 Enter 85
# Enter 45 Enter 25 Enter 15 Enter (the last Enter opens the grid on
# 预算执行's row) -> Tab 120 Tab 108 Enter (no fund figures: on to the first
# indicator's row) -> 10 rows as above -> Ctrl+S.
#
#   benchmarks/grid_entry.sh published  # a PUBLISHED 100-point project form whose weights differ
#                                       # from every template: 青神县发展和改革局 2023,
#                                       # 部门预算项目支出绩效自评表, 工资性支出 (scqs.gov.cn,
#                                       # info/13206/211004): 预算执行 10, 绩效指标 90
#                                       # (产出 60, 效益 30, no 满意度), 2 indicators
#
# The published route, from a shell: `jixiao new` -> 2 (项目支出) -> 2 (中央项目支出, the
# nearest layout) -> the weights: Enter (10) Enter (90) 60 30 - (no 满意度) -> the file name
# -> `jixiao 工资性支出.toml` -> the header in the form's editor (Enter: 标题; 项目名称,
# 主管部门, 实施单位, 年度) -> Esc Down Enter: the execution's editor (全年预算数, 执行数,
# 年初预算数, 执行率 as printed; the fund rows 财政资金, 财政专户管理资金, 单位资金, each
# name cleared with Ctrl+U first) -> Esc Down Enter: 年度总体目标's 年初设定目标 -> Esc Down
# Ctrl+G: the grid on 绩效指标, at 数量指标's empty row -> 2 rows (no actual, no score: the
# form was published without them) -> Ctrl+S.
# JIXIAO overrides the command (e.g. "env PYTHONPATH=$PWD python -m jixiao").
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JIXIAO=${JIXIAO:-$ROOT/.venv/bin/jixiao}
MODE=${1:-central}
WORK=$(mktemp -d)
OUT="$WORK/新项目.toml"
S="jixiao-grid-$$"
if [ "$MODE" = published ]; then  # a shell: the route starts with `jixiao new`
  mkdir -p "$WORK/form"
  tmux new-session -d -s "$S" -x 80 -y 24 \
    "cd '$WORK/form' && JIXIAO_STATE_DIR='$WORK/state' JIXIAO_CONFIG_DIR='$WORK/config' bash --norc"
else
  tmux new-session -d -s "$S" -x 80 -y 24 \
    "cd '$ROOT' && JIXIAO_STATE_DIR='$WORK/state' JIXIAO_CONFIG_DIR='$WORK/config' $JIXIAO '$OUT'"
fi
KEYS=0; VALUES=0; CHARS=0
key() { for k in "$@"; do tmux send-keys -t "$S" "$k"; KEYS=$((KEYS+1)); sleep 0.25; done; }
val() { tmux send-keys -t "$S" -l "$1"; VALUES=$((VALUES+1)); CHARS=$((CHARS+${#1})); sleep 0.4; }
row() { val "$1"; key Tab; val "$2"; key Tab; val "$3"; key Tab; val "$4"; key Tab; val "$5"; key "$6"; }
if [ "$MODE" = published ]; then
  sleep 1
  cmd() { tmux send-keys -t "$S" -l "$1"; tmux send-keys -t "$S" Enter; KEYS=$((KEYS+1)); sleep 3; }
  cmd "$JIXIAO new"                                        # asks at the terminal
  key 2 Enter 2 Enter                                      # 项目支出, 中央项目支出
  key Enter Enter                                          # 年度资金总额 10, 绩效指标 90: as printed
  val 60; key Enter; val 30; key Enter; val -; key Enter   # 产出 60, 效益 30, no 满意度
  val 工资性支出; key Enter
  sleep 1
  tmux capture-pane -p -t "$S"
  cmd "$JIXIAO 工资性支出.toml"
  key Enter; sleep 1                                        # the form's editor (a look: it is there)
  val "部门预算项目支出绩效自评表(2023年度)"                 # 标题 (the editor opens on it)
  key Tab Tab; val 51000021R000000019951-工资性支出          # 项目名称 (单位名称 not printed)
  key Tab; val 青神县发展和改革局本级                         # 主管部门
  key Tab; val 青神县发展和改革局                             # 实施单位
  key Tab; val 2023                                         # 年度
  key Escape Down Enter; sleep 1                            # 预算执行's editor
  key Tab Tab                                               # 全年预算数 A
  val 251.89; key Tab; val 251.89; key Tab; val 238.93      # 执行数 B, 年初预算数
  key Tab Tab Tab; val 100; key Tab Tab                     # 执行率（表上） 100.00%
  key C-u; val 财政资金; key Tab; val 238.93; key Tab; val 251.89; key Tab; val 251.89
  key Tab C-u; val 财政专户管理资金; key Tab; val 0; key Tab; val 0; key Tab; val 0
  key Tab C-u; val 单位资金; key Tab; val 0; key Tab; val 0; key Tab; val 0
  key Escape Down Enter; sleep 1                            # 年度总体目标's editor
  key Tab Tab Tab                                           # 年初设定目标
  val "严格执行相关政策，保障工资及时、足额发放或社保及时、足额缴纳，预算编制科学合理，减少结余资金。"
  key Escape; sleep 1; key Down C-g                         # the grid on 绩效指标
  sleep 1
  val "发放(缴纳)覆盖率"; key Tab; val "=100%"; key Tab Tab; val 60; key Enter   # 产出 › 数量
  key Enter Enter Enter Enter                               # on to 社会效益指标's empty row
  val "足额保障率(参保率)"; key Tab; val "=100%"; key Tab Tab; val 30           # 效益 › 社会效益
  sleep 1
  tmux capture-pane -p -t "$S"
  key C-s                                                   # takes the open cell first
  sleep 2
  SAVED=$KEYS
  key C-q
  sleep 2
  tmux kill-session -t "$S" 2>/dev/null || true
  echo "to Ctrl+S: keys other than the values (two command lines counted as one each): $SAVED;" \
       "values: $VALUES (characters: $CHARS)"
  echo "entries, one per value, from jixiao new to Ctrl+S: $((SAVED + VALUES))"
  OUT="$WORK/form/工资性支出.toml"
  $JIXIAO score "$OUT"
  if [ -n "${KEEP:-}" ]; then cp "$OUT" "$KEEP"; fi   # KEEP=FILE: a copy of the form entered
  rm -rf "$WORK"
  exit 0
fi
sleep 4
key 3
sleep 2
if [ "$MODE" = paper ]; then
  for w in 15 85 45 25 15; do val "$w"; key Enter; done   # the weights as printed
  sleep 2                                                  # the grid, at 预算执行's row
  key Tab; val 120; key Tab; val 108; key Enter             # 全年预算数, 全年执行数 (90 %)
  row 培训场次 "≥10场" 12场 10 10 C-n          # 产出指标 › 数量指标
  row 培训人数 "≥500人" 620人 10 10 Enter
  row 培训合格率 "≥95%" 97% 10 10 Enter        # 质量指标
  row 按时完成率 100% 100% 5 5 Enter           # 时效指标
  row 培训成本 "≤50万元" 48万元 10 10 Enter     # 成本指标
  row 带动就业 "≥100人" 120人 5 5 Enter        # 效益指标 › 经济效益指标
  row 群众知晓率 "≥90%" 92% 10 10 Enter        # 社会效益指标
  row 节约纸张 "≥10%" 12% 5 5 Enter            # 生态效益指标
  row 长效机制 建立 建立 5 5 Enter              # 可持续影响指标
  row 学员满意度 "≥90%" 95% 15 15 Enter        # 满意度指标: the last row, Enter makes none
  sleep 1
  tmux capture-pane -p -t "$S"
  key C-s
  sleep 2
  SAVED=$KEYS
  key C-q
  sleep 2
  tmux kill-session -t "$S" 2>/dev/null || true
  echo "to Ctrl+S: keys other than the values: $SAVED; values: $VALUES (characters: $CHARS)"
  echo "entries, one per value, from jixiao NEW.toml to Ctrl+S: $((1 + SAVED + VALUES))"
  $JIXIAO score "$OUT" | sed -n '3,7p'
  rm -rf "$WORK"
  exit 0
fi
key Escape                                  # the template's weights as they are
sleep 2
key C-g
sleep 1
row 培训场次 "≥10场" 12场 10 10 C-n          # 产出指标 › 数量指标
row 培训人数 "≥500人" 620人 10 10 C-n
row 发放资料 "≥2000份" 2300份 5 5 Enter
row 培训合格率 "≥95%" 97% 5 5 C-n            # 质量指标
row 验收合格率 100% 100% 5 5 Enter
row 按时完成率 100% 100% 5 5 Enter           # 时效指标
row 培训成本 "≤50万元" 48万元 10 10 Enter     # 成本指标
row 带动就业 "≥100人" 120人 10 10 Enter      # 效益指标 › 经济效益指标
row 群众知晓率 "≥90%" 92% 5 5 C-n            # 社会效益指标
row 媒体报道 "≥5次" 6次 5 5 Enter
row 节约纸张 "≥10%" 12% 5 5 Enter            # 生态效益指标
row 长效机制 建立 建立 5 5 Enter              # 可持续影响指标
row 学员满意度 "≥90%" 95% 4 4 C-n            # 满意度指标 › 服务对象满意度指标
row 企业满意度 "≥90%" 93% 3 3 C-n
row 群众满意度 "≥85%" 90% 3 3 Enter          # the last cell: Enter commits, makes no row
sleep 1
tmux capture-pane -p -t "$S"
key C-s
sleep 2
key C-q
sleep 2
tmux kill-session -t "$S" 2>/dev/null || true
echo "keys other than the values: $KEYS; values: $VALUES (characters in them: $CHARS)"
echo "keystrokes, one per value: $((KEYS + VALUES)); one per character: $((KEYS + CHARS))"
$JIXIAO score "$OUT" | sed -n '3,7p'
rm -rf "$WORK"
