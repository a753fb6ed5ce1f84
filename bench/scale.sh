#!/usr/bin/env bash
# The "Scale" rows: each case measured with an older nnviz (BEFORE) and this one (AFTER) side by
# side in one run, runs alternated (before, after, before, ...) so a load that comes and goes
# falls on both. Prints Markdown.
#
#   bench/scale.sh BEFORE AFTER [runs]      e.g. bench/scale.sh /tmp/nnviz-3826c77 build/bin/nnviz 3
#   ROWS=frame,render,epochs,checkpoints,sweep,encode bench/scale.sh ...   (default: all; the
#   checkpoints row trains a 1024,1024 network for 200 epochs, minutes; sweep trains 30 runs twice)
#
# - frame: one frame of a --hidden 1024,1024 run at 600x200 (`render --epoch 1` of a saved run).
# - render: `render --epoch N` of a long run (a 2-8-8-1 over 30,000 epochs, 66 MB of weights),
#   first and last epoch, default (smooth) axes; and reading the file with one frame (`--axes auto`).
# - epochs: the epoch loop (`train --epochs 20000 --no-video`), and whether both give the same
#   metrics to the bit.
# - checkpoints: `train --hidden 1024,1024 --epochs 200 --no-video` peak RSS (every epoch a frame).
# - sweep: bench/scale_sweep.sh (compare and report of 30 runs, the report against its floor).
# - encode: bench/e2e.sh's train rows (mp4 medium and veryfast against the ffmpeg floor, median
#   of the pairs' ratios), threads rows (raw frames on all cores against one thread and BEFORE)
#   and length rows (per-frame cost at 100 and 1000 frames), for AFTER; the train rows for
#   BEFORE too.
set -euo pipefail

before=${1:?usage: bench/scale.sh BEFORE AFTER [runs]}
after=${2:?usage: bench/scale.sh BEFORE AFTER [runs]}
runs=${3:-3}
rows=${ROWS:-frame,render,epochs,checkpoints,sweep,encode}
here=$(cd "$(dirname "$0")" && pwd)
for b in "$before" "$after"; do [[ -x $b ]] || { echo "scale.sh: no nnviz binary at '$b'" >&2; exit 2; }; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wants() { [[ ",$rows," == *",$1,"* ]]; }

# pair NAME CMD... (with {} for the binary): RUNS alternated runs of BEFORE and AFTER; prints
# "before_s before_MB after_s after_MB" (medians).
pair() {
  local name=$1; shift
  : >"$work/b"; : >"$work/a"
  for ((i = 0; i < runs; i++)); do
    for who in b a; do
      local bin=$before; [[ $who == a ]] && bin=$after
      local cmd=("${@//\{\}/$bin}")
      echo "scale.sh: $name ($who)" >&2
      /usr/bin/time -f '%e %M' -o "$work/time" "${cmd[@]}" >/dev/null 2>"$work/err" ||
        { cat "$work/err" >&2; echo "scale.sh: '$name' failed" >&2; exit 1; }
      cat "$work/time" >>"$work/$who"
    done
  done
  med() { sort -g -k"$2","$2" "$1" | awk -v c="$2" '{v[NR] = $c} END {print v[int((NR + 1) / 2)]}'; }
  echo "$(med "$work/b" 1) $(($(med "$work/b" 2) / 1024)) $(med "$work/a" 1) $(($(med "$work/a" 2) / 1024))"
}
row() {  # row CASE "before_s before_MB after_s after_MB" TARGET
  read -r bs bm as am <<<"$2"
  awk -v c="$1" -v bs="$bs" -v bm="$bm" -v as="$as" -v am="$am" -v t="$3" \
    'BEGIN { printf "| %s | %.2f | %d | %.2f | %d | %.2fx | %s |\n", c, bs, bm, as, am, as / bs, t }'
}

echo "### Scale: before ($before) and after ($after), median of $runs alternated runs, $(nproc) cores"
echo
echo "| case | before s | before peak MB | after s | after peak MB | after/before time | target |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
if wants frame; then
  "$after" train -q --hidden 1024,1024 --epochs 1 --stop-loss 0 --no-video --save-weights "$work/big.json" >/dev/null
  row "one frame of \`--hidden 1024,1024\` at 600x200 (\`render --epoch 1\`)" \
    "$(pair frame {} render "$work/big.json" --epoch 1 --size 600x200 -o "$work/big.png")" "< 2 s, < 500 MB"
fi
if wants render; then
  "$after" train -q --hidden 8,8 --epochs 30000 --stop-loss 0 --no-video --save-weights "$work/long.json" >/dev/null
  mb=$(($(stat -c %s "$work/long.json") / 1000000))
  row "\`render --epoch 0\` of a 30,000-epoch run ($mb MB)" \
    "$(pair first {} render "$work/long.json" --epoch 0 -o "$work/l0.png")" "< 2 s + reading"
  row "\`render --epoch 30000\` of the same run" \
    "$(pair last {} render "$work/long.json" --epoch 30000 -o "$work/lN.png")" "< 2 s + reading"
  row "reading that file and one frame (\`render --epoch 0 --axes auto\`)" \
    "$(pair read {} render "$work/long.json" --epoch 0 --axes auto -o "$work/la.png")" "(the floor of the two rows above)"
fi
if wants epochs; then
  row "epoch loop: \`train --epochs 20000 --no-video\`" \
    "$(pair epochs {} train -q --epochs 20000 --stop-loss 0 --no-video)" "today's speed or better"
  "$before" train -q --epochs 300 --stop-loss 0 --no-video --metrics "$work/mb.csv" >/dev/null
  "$after" train -q --epochs 300 --stop-loss 0 --no-video --metrics "$work/ma.csv" >/dev/null
  # wall_seconds is the only column allowed to differ.
  col=$(head -1 "$work/ma.csv" | tr ',' '\n' | grep -n '^wall_seconds$' | cut -d: -f1)
  if cmp -s <(cut -d, -f"$col" --complement "$work/mb.csv") <(cut -d, -f"$col" --complement "$work/ma.csv"); then
    echo "| the 300 epochs' metrics, before and after | | | | | same bits | bit-identical |"
  else
    echo "| the 300 epochs' metrics, before and after | | | | | **differ** | bit-identical |"
  fi
fi
if wants checkpoints; then
  saved=$runs; runs=1
  row "checkpoints of \`--hidden 1024,1024 --epochs 200\` (\`--no-video\`, one run)" \
    "$(pair checkpoints {} train -q --hidden 1024,1024 --epochs 200 --stop-loss 0 --no-video)" "peak < 1 GB"
  runs=$saved
fi
if wants sweep; then
  echo
  ROUNDS=$(((runs + 1) / 2)) bash "$here/scale_sweep.sh" "$before" "$after" 30
fi
if wants encode; then
  echo
  echo "#### after"
  BEFORE=$before ROWS=train,threads,length bash "$here/e2e.sh" "$after" "$runs"
  echo
  echo "#### before"
  ROWS=train bash "$here/e2e.sh" "$before" "$runs"
fi
