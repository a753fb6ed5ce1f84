#!/usr/bin/env bash
# The bash completion script, as bash runs it: sourced into a real bash (plain, then with the
# bash-completion package loaded), _nnviz called with COMP_WORDS/COMP_CWORD as bash sets them on
# <TAB>, COMPREPLY checked; and for every command, the options it offers are exactly those
# `nnviz COMMAND --help` lists.
#   completion_test.sh NNVIZ_BINARY COMPLETION_SCRIPT
set -uo pipefail
nnviz=$(realpath "$1")
script=$(realpath "$2")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

[[ -x $nnviz ]] || { echo "no binary $nnviz"; exit 1; }
[[ -s $script ]] || { echo "no completion script $script (the build makes it)"; exit 1; }
# The script the build made is what the binary prints now.
cmp -s "$script" <("$nnviz" completion bash) || fail "$script differs from 'nnviz completion bash'"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir -p runs/a sweep
touch run.json points.csv

# complete WORDS...: COMPREPLY for the command line WORDS, the last one being completed (may
# be ''), one per line, sorted.
complete_line() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _nnviz nnviz "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect LABEL EXPECTED-LINES WORDS...: the completion equals EXPECTED (lines, sorted).
expect() {
    local label=$1 want=$2
    shift 2
    local got
    got=$(complete_line "$@")
    [[ $got == "$(printf '%s\n' "$want" | sort)" ]] || fail "$label: nnviz ${*:2}<TAB> gave [$got], want [$want]"
}
# contains LABEL WORD WORDS...: the completion includes WORD.
contains() {
    local label=$1 word=$2
    shift 2
    complete_line "$@" | grep -qxF -- "$word" || fail "$label: nnviz ${*:2}<TAB> lacks $word: [$(complete_line "$@" | tr '\n' ' ')]"
}

# The option names a help text lists: the first word of its lines "  -x,--name ...".
help_options() {
    "$nnviz" "$@" --help | grep -E '^  -' | awk '{print $1}' | tr ',' '\n' | sort -u
}

checks() {
    local mode=$1
    expect "$mode: a command" train nnviz tr
    expect "$mode: every command" "$(printf '%s\n' train dataset summary render compare report completion)" nnviz ''
    expect "$mode: top-level options" "$(help_options)" nnviz -
    expect "$mode: an option" --activation nnviz train --act
    contains "$mode: an activation" relu nnviz train --activation ''
    contains "$mode: an activation" tanh nnviz train --activation ''
    expect "$mode: activations starting re" "$(printf '%s\n' relu relu6)" nnviz train --activation re
    contains "$mode: a list's next item" tanh,relu nnviz train --activation tanh,re
    contains "$mode: --opt=value" relu nnviz train --activation = ''
    expect "$mode: styles" "$(printf '%s\n' surface points)" nnviz render run.json --style ''
    expect "$mode: formats" "$(printf '%s\n' mp4 webm gif png raw y4m nut nut-raw)" nnviz train --format ''
    expect "$mode: palettes" "$(printf '%s\n' seaborn okabe-ito)" nnviz compare --palette ''
    expect "$mode: comparison formats" "$(printf '%s\n' mp4 gif)" nnviz report sweep --compare-format ''
    expect "$mode: a number is typed" '' nnviz train --lr ''
    expect "$mode: after a flag, options" "$(help_options train)" nnviz train --json ''
    expect "$mode: a data file" "$(printf '%s\n' points.csv run.json runs sweep)" nnviz train --data ''
    expect "$mode: the run file" "$(printf '%s\n' points.csv run.json runs sweep)" nnviz render ''
    expect "$mode: report's folders" "$(printf '%s\n' runs sweep)" nnviz report ''
    expect "$mode: compare's output folder" "$(printf '%s\n' runs sweep)" nnviz compare -o ''
    expect "$mode: render's output file" "$(printf '%s\n' run.json runs)" nnviz render run.json -o ru
    expect "$mode: the shell" bash nnviz completion ''
    local command
    for command in train render summary dataset compare report completion; do
        expect "$mode: the options of $command are its --help's" "$(help_options "$command")" nnviz "$command" -
    done
}

# In a plain bash: the script alone.
# shellcheck disable=SC1090
source "$script"
complete -p nnviz | grep -q -- '-F _nnviz' || fail "the script does not register _nnviz for nnviz"
checks plain

# With the bash-completion package loaded, as an interactive Debian shell has it.
if [[ -r /usr/share/bash-completion/bash_completion ]]; then
    # shellcheck disable=SC1091
    source /usr/share/bash-completion/bash_completion
    source "$script"
    checks bash-completion
else
    fail "no /usr/share/bash-completion/bash_completion (scripts/install-deps --tests installs bash-completion)"
fi

# The check can fail: a script missing an option is caught.
sed 's/ --activation / /' "$script" > "$work/broken"
source "$work/broken"
got=$(complete_line nnviz train -)
grep -qxF -- --activation <<<"$got" && fail "the broken script still offers --activation"
[[ $got != "$(help_options train)" ]] || fail "a script without --activation passed the --help comparison"

if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "completion: every check passed"
