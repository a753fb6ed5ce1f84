#!/usr/bin/env bash
# Scale of a sweep's comparison video, before and after, side by side (issue 18's compare and
# report rows). Prints Markdown only (progress and errors go to stderr).
#
#   bench/scale_sweep.sh BEFORE_BIN AFTER_BIN [runs]        (runs: default 30)
#   ROUNDS=3 bench/scale_sweep.sh ...                        (alternated rounds; default 2)
#
# The grid is what a user would sweep: --activation tanh,relu,sigmoid --lr 0.3,0.1,0.03,0.01,0.003
# and as many seeds as make `runs` (30: --seed 1,2), default epochs (200), every run's own video
# off (--no-run-video; the comparison video is made: what is measured).
# - compare-N: `nnviz compare ... -o DIR` (training, summary, comparison video).
# - report-N: `nnviz report part1 part2 part3 -o DIR`, merging three shards of the same grid
#   (`compare --no-video --shard k/3`, trained once by AFTER_BIN) into the summary and the video.
# - the floor: the ffmpeg CLI encoding the report's canvas frames, from a raw BGRA file, with
#   the settings nnviz uses (libx264 preset medium, tune animation, crf from the size, no
#   deblocking, rc-lookahead 10, a keyframe every 10 s, BT.709 limited range, yuv420p).
#   compare has no raw output, so the raw frames are the AFTER video's decoded: the same
#   pictures within the crf's loss (~42 dB), which if anything makes x264 slower, the floor higher.
# Runs alternate before, after, before, after... so that a load that comes and goes falls on
# both; each figure is the median of ROUNDS. Last, whether the two comparison videos of the
# same runs (report) decode to the same frames.
set -euo pipefail

before=${1:?usage: bench/scale_sweep.sh BEFORE_BIN AFTER_BIN [runs]}
after=${2:?usage: bench/scale_sweep.sh BEFORE_BIN AFTER_BIN [runs]}
runs=${3:-30}
rounds=${ROUNDS:-2}
for b in "$before" "$after"; do
  [[ -x $b ]] || { echo "scale_sweep.sh: no nnviz binary at '$b'" >&2; exit 2; }
done
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null ||
  { echo "scale_sweep.sh: needs the ffmpeg and ffprobe CLIs" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The grid: 15 settings times ceil(runs / 15) seeds; fewer than 15 runs: one setting, runs seeds.
if ((runs >= 15)); then
  grid=(--activation tanh,relu,sigmoid --lr 0.3,0.1,0.03,0.01,0.003 --seed "1..$(((runs + 14) / 15))")
  runs=$((15 * ((runs + 14) / 15)))
else
  grid=(--seed "1..$runs")
fi

# timed NAME CMD...: runs CMD, appends "secs kbytes" to $work/NAME.
timed() {
  local name=$1; shift
  echo "scale_sweep.sh: $name" >&2
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
    { cat "$work/stderr" >&2; echo "scale_sweep.sh: '$name' failed" >&2; exit 1; }
  cat "$work/time" >>"$work/$name"
}
median() {  # median of column $2 of file $1
  sort -g -k"$2","$2" "$1" | awk -v c="$2" '{v[NR] = $c} END {print v[int((NR + 1) / 2)]}'
}

# Shards for report, trained once (the runs are the same whichever binary trains them).
for k in 1 2 3; do
  "$after" compare -q "${grid[@]}" --no-video --shard "$k/3" -o "$work/part$k" >/dev/null ||
    { echo "scale_sweep.sh: training the shards failed" >&2; exit 1; }
done

for ((r = 0; r < rounds; r++)); do
  for who in before after; do
    bin=$before; [[ $who == after ]] && bin=$after
    rm -rf "$work/cmp-$who"
    timed "compare-$who" "$bin" compare -q "${grid[@]}" --no-run-video -o "$work/cmp-$who"
  done
  for who in before after; do
    bin=$before; [[ $who == after ]] && bin=$after
    rm -rf "$work/rep-$who"
    timed "report-$who" "$bin" report "$work/part1" "$work/part2" "$work/part3" -o "$work/rep-$who"
  done
done

# The floor: the same canvas frames, encoded alone with nnviz's settings.
video=$work/rep-after/compare.mp4
IFS=x read -r width height < <(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$video")
fps=$(ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate -of csv=p=0 "$video")
fps=${fps%/1}
# default_x264_crf: 20 at 1800x600 pixels and more, one lower per halving, 16 at least.
crf=20
pixels=$((width * height))
while ((crf > 16 && pixels * 2 <= 1800 * 600)); do crf=$((crf - 1)); pixels=$((pixels * 2)); done
ffmpeg -v error -i "$video" -f rawvideo -pix_fmt bgra -y "$work/canvas.raw"
rm -rf "$work/cmp-before" "$work/cmp-after"  # disk: the raw frames are large
for ((r = 0; r < rounds; r++)); do
  timed floor ffmpeg -v error -f rawvideo -pix_fmt bgra -s "${width}x$height" -r "$fps" -i "$work/canvas.raw" \
    -vf "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p" -c:v libx264 -preset medium -tune animation \
    -crf "$crf" -x264-params no-deblock=1:rc-lookahead=10 -g $((10 * fps)) \
    -color_range tv -colorspace bt709 -color_primaries bt709 -color_trc bt709 -y "$work/floor.mp4"
done
frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$video")

mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
floor_s=$(median "$work/floor" 1)
floor_kb=$(median "$work/floor" 2)

echo "| case ($runs runs, ${width}x$height canvas, $frames frames; median of $rounds alternated) | before: wall s | before: peak MB | after: wall s | after: peak MB | target |"
echo "| --- | --- | --- | --- | --- | --- |"
echo "| \`compare\` with its comparison video | $(median "$work/compare-before" 1) | $(mb "$(median "$work/compare-before" 2)") |" \
  "$(median "$work/compare-after" 1) | $(mb "$(median "$work/compare-after" 2)") | peak under 400 MB |"
echo "| \`report\` merging 3 shards | $(median "$work/report-before" 1) | $(mb "$(median "$work/report-before" 2)") |" \
  "$(median "$work/report-after" 1) | $(mb "$(median "$work/report-after" 2)") | under 400 MB |"
echo "| \`report\` / ffmpeg floor ($floor_s s, $(mb "$floor_kb") MB peak) | $(ratio "$(median "$work/report-before" 1)" "$floor_s")x | |" \
  "$(ratio "$(median "$work/report-after" 1)" "$floor_s")x | | at most 1.50x |"

ffmpeg -v error -i "$work/rep-before/compare.mp4" -f framemd5 - | grep -v '^#' | cut -d, -f6 >"$work/before.md5"
ffmpeg -v error -i "$work/rep-after/compare.mp4" -f framemd5 - | grep -v '^#' | cut -d, -f6 >"$work/after.md5"
same=$(paste -d' ' "$work/before.md5" "$work/after.md5" | awk '$1 == $2' | wc -l)
echo
echo "Comparison videos of the same runs (\`report\`), decoded: $same of $frames frames identical before and after" \
  "(commands: \`nnviz compare -q ${grid[*]} --no-run-video -o DIR\`;" \
  "\`nnviz report part1 part2 part3 -o DIR\` with the parts from \`compare ... --no-video --shard k/3\`)."
