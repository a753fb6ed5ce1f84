#!/usr/bin/env bash
# The live progress line on real terminals: `nnviz train` in a tmux pane WIDTH columns wide
# (60, run to its end; 80, stopped by Ctrl-C), its video written to a pipe that is held closed,
# so the run waits with its progress line on the screen; the pane is captured then, and again
# after the run ends. The line must fit in the pane (never wrap), hold the frame/epoch/loss
# text, and leave nothing behind.
#   progress_tmux_test.sh NNVIZ_BINARY
set -uo pipefail
nnviz=$(realpath "$1")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
command -v tmux >/dev/null || { echo "FAIL: no tmux (scripts/install-deps --tests installs it)"; exit 1; }

work=$(mktemp -d)
socket="nnviz-progress-$$"
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# poll SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds; fails after SECONDS.
poll() {
    local tries=$(($1 * 10))
    shift
    while ((tries-- > 0)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# run_at WIDTH EPOCHS finish|interrupt [TWEEN]: one run of EPOCHS (TWEEN + 1) + 1 frames in a
# pane WIDTH columns wide; "interrupt": SIGINT (Ctrl-C) to nnviz once its line is checked. Every
# full line ("frame    3/1001  epoch 2  loss ...  frames/s  ETA ... s") is wider than 60
# columns, and with 10001 frames wider than 80.
run_at() {
    local width=$1 epochs=$2 how=$3 tween=${4:-0} dir="$work/$1"
    local frames=$((epochs * (tween + 1) + 1)) pane="w$1"
    mkdir -p "$dir"
    # The video goes to a pipe whose reader waits for the file 'go': the encoder blocks on its
    # first frames, and the run waits with its progress line drawn. nnviz.pid: nnviz's own pid.
    {
        echo "cd '$dir'"
        echo "sh -c 'echo \$\$ > nnviz.pid; exec \"\$0\" \"\$@\"' '$nnviz' train --epochs $epochs --tween $tween --samples 32 \\"
        echo "    --stop-loss 0 --panels input --size 120x120 --format raw -o - |"
        echo "    { while [ ! -e go ]; do sleep 0.05; done; cat > /dev/null; }"
        echo "echo \"exit \${PIPESTATUS[0]}\""
    } > "$dir/run.sh"
    tmux -L "$socket" -f /dev/null new-session -d -s "$pane" -x "$width" -y 20 "bash '$dir/run.sh'; sleep 600"
    tmux -L "$socket" set-option -t "$pane" status off >/dev/null
    capture() { tmux -L "$socket" capture-pane -p -t "$pane"; }
    capture_joined() { tmux -L "$socket" capture-pane -p -J -t "$pane"; }
    shows_progress() { capture | grep -q 'loss'; }
    # Frames are rendered (the queue fills) while the pipe stays closed: wait for the line.
    poll 120 shows_progress || { fail "$width columns: no progress line appeared: [$(capture)]"; return; }
    sleep 1  # let the frames the queue takes be drawn
    local screen joined line
    screen=$(capture)
    joined=$(capture_joined)
    [[ $(tmux -L "$socket" display-message -p -t "$pane" '#{pane_width}') == "$width" ]] ||
        fail "the pane is not $width columns wide"
    echo "--- $width columns, while running:"
    sed '/^$/d' <<<"$screen"
    # Joined (-J): a line the terminal wrapped comes back as one line wider than the pane. Log
    # lines ("nnviz: info: ...") are the terminal's to wrap; the live line must never be.
    while IFS= read -r line; do
        [[ $line == nnviz:* ]] && continue
        ((${#line} < width)) || fail "$width columns: a line of ${#line} characters (wrapped): [$line]"
    done <<<"$joined"
    [[ $(grep -c 'loss' <<<"$screen") == 1 ]] || fail "$width columns: not one progress line: [$screen]"
    grep -Eq "[0-9]+/$frames .*loss [0-9.]+" <<<"$screen" || fail "$width columns: the line lacks frame and loss: [$screen]"

    [[ $how == interrupt ]] && kill -INT "$(cat "$dir/nnviz.pid")"
    touch "$dir/go"
    finished() { capture | grep -q '^exit '; }
    poll 300 finished || { fail "$width columns: the run did not end: [$(capture)]"; return; }
    screen=$(capture)
    joined=$(capture_joined)
    echo "--- $width columns, after the run:"
    sed '/^$/d' <<<"$screen"
    if [[ $how == interrupt ]]; then
        grep -q '^exit 130$' <<<"$screen" || fail "$width columns: Ctrl-C did not end the run with 130: [$screen]"
        grep -q '^nnviz: warning: interrupted' <<<"$joined" ||
            fail "$width columns: no 'interrupted' line at the left edge: [$joined]"
    else
        grep -q '^exit 0$' <<<"$screen" || fail "$width columns: the run failed: [$screen]"
        # The log lines after the live line start at the left edge (it was cleared).
        grep -q "^nnviz: info: $frames frame(s)" <<<"$joined" ||
            fail "$width columns: the summary log line is missing or indented: [$joined]"
    fi
    # Nothing of the live line is left: no frame counter, no ETA, no rate.
    grep -Eq "/$frames|ETA|frames/s| ep [0-9]" <<<"$screen" && fail "$width columns: a stale progress line: [$screen]"
    while IFS= read -r line; do
        [[ $line == nnviz:* ]] && continue
        ((${#line} < width)) || fail "$width columns: a line of ${#line} characters: [$line]"
    done <<<"$joined"
}

run_at 60 1000 finish
run_at 80 1000 interrupt 9

if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "progress in tmux: every check passed"
