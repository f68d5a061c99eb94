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
# JIXIAO overrides the command (e.g. "env PYTHONPATH=$PWD python -m jixiao").
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JIXIAO=${JIXIAO:-$ROOT/.venv/bin/jixiao}
MODE=${1:-central}
WORK=$(mktemp -d)
OUT="$WORK/新项目.toml"
S="jixiao-grid-$$"
tmux new-session -d -s "$S" -x 80 -y 24 \
  "cd '$ROOT' && JIXIAO_STATE_DIR='$WORK/state' JIXIAO_CONFIG_DIR='$WORK/config' $JIXIAO '$OUT'"
KEYS=0; VALUES=0; CHARS=0
key() { for k in "$@"; do tmux send-keys -t "$S" "$k"; KEYS=$((KEYS+1)); sleep 0.25; done; }
val() { tmux send-keys -t "$S" -l "$1"; VALUES=$((VALUES+1)); CHARS=$((CHARS+${#1})); sleep 0.4; }
row() { val "$1"; key Tab; val "$2"; key Tab; val "$3"; key Tab; val "$4"; key Tab; val "$5"; key "$6"; }
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
