#!/usr/bin/env bash
# What `cmake --install` puts under a prefix for users beyond the binary: a man page per command
# (nnviz.1 and nnviz-COMMAND.1, found by man through MANPATH), each listing every option its
# command's --help lists and its examples; and the bash completion script where bash-completion
# looks for it.
#   install_test.sh BUILD_DIR
set -uo pipefail
build=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
command -v man >/dev/null || { echo "FAIL: no man (scripts/install-deps --tests installs man-db)"; exit 1; }

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
nnviz=$prefix/bin/nnviz
[[ -x $nnviz ]] || fail "no bin/nnviz"

commands=(train render summary dataset compare report completion)
export MANPATH=$prefix/share/man MANWIDTH=250 MAN_DISABLE_SECCOMP=1
# page NAME: the man page as man renders it, found as a user's `man NAME` finds it.
page() {
    local file
    file=$(man -w "$1" 2>/dev/null) || return 1
    [[ $file == "$prefix"/* ]] || return 1
    man -l "$file" 2>/dev/null | col -b
}

top=$(page nnviz) || fail "man nnviz: not installed under the prefix"
for c in "${commands[@]}"; do
    grep -q "nnviz-$c(1)" <<<"$top" || fail "nnviz(1) does not point at nnviz-$c(1)"
    grep -Eq "^ +$c( |$)" <<<"$top" || fail "nnviz(1) does not list the command $c"
done

for c in "${commands[@]}"; do
    text=$(page "nnviz-$c") || { fail "man nnviz-$c: not installed"; continue; }
    grep -q "^NAME" <<<"$text" && grep -q "nnviz-$c - " <<<"$text" || fail "nnviz-$c(1) has no NAME line"
    grep -q "nnviz $c" <<<"$text" || fail "nnviz-$c(1) has no synopsis of 'nnviz $c'"
    # Every option name the command's --help lists, as an entry of the page's option list (a
    # line "-o,--output TEXT", not a mention in an example).
    options=$("$nnviz" "$c" --help | grep -E '^  -' | awk '{print $1}' | tr ',' '\n' | sort -u)
    [[ -n $options ]] || fail "no options read from nnviz $c --help"
    while IFS= read -r o; do
        grep -Eq -- "^ +(-{1,2}[a-z0-9-]+,)*$o(,| |$)" <<<"$text" || fail "nnviz-$c(1) lacks $o"
    done <<<"$options"
    # And its examples, as the help shows them.
    grep -q "^EXAMPLES" <<<"$text" || fail "nnviz-$c(1) has no EXAMPLES"
    while IFS= read -r example; do
        command=${example%%  #*}
        command=$(sed -E 's/^ +//; s/ +$//; s/ +/ /g' <<<"$command")
        grep -qF -- "$command" <<<"$(sed -E 's/ +/ /g' <<<"$text")" || fail "nnviz-$c(1) lacks the example: $command"
    done < <("$nnviz" "$c" --help | sed -n '/^Examples:$/,$p' | tail -n +2)
done

completion=$prefix/share/bash-completion/completions/nnviz
if [[ -s $completion ]]; then
    cmp -s "$completion" <("$nnviz" completion bash) || fail "the installed completion is not 'nnviz completion bash'"
    bash -c "source '$completion' && complete -p nnviz" | grep -q -- '-F _nnviz' || fail "the installed completion does not register"
else
    fail "no share/bash-completion/completions/nnviz"
fi

if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "install: man pages and completion as expected"
