#!/usr/bin/env bash
# End-to-end cost of `nnviz train` against an encode-only floor.
#
#   bench/e2e.sh [path/to/nnviz] [runs]      (defaults: build/bin/nnviz, 3)
#   FRAMES=200 SIZE=1800x600 STYLE=surface EPOCHS=1000 bench/e2e.sh   (EPOCHS: of each compare run)
#   ROWS=motion bench/e2e.sh      only the motion table (ROWS: a comma list of train, motion, memory,
#                                 threads, length, compare; default all)
#   BEFORE=/path/to/old/nnviz ROWS=threads bench/e2e.sh   the threads rows against an older binary too
#
# For each output (mp4 preset medium and veryfast, webm, gif with one palette and with a palette
# per frame) it times `nnviz train` (FRAMES frames: --epochs FRAMES-1 --stop-loss 0) with
# /usr/bin/time (wall seconds, peak RSS), RUNS times alternating with its floor, and prints the
# medians and the median of the pairs' ratios as a Markdown table. The floor is the ffmpeg CLI encoding the
# same frames with the same settings from a raw BGRA file that `nnviz train -o - --format raw`
# wrote once (so the floor is encoding only: no training, no rendering, no frame hand-over).
# Then the peak RSS for 100 and 1000 frames (to mp4 veryfast): memory must not grow with
# the number of frames. Last, `nnviz compare --no-video` on a 48-run grid with 1 and 2 jobs.
set -euo pipefail

nnviz=${1:-build/bin/nnviz}
runs=${2:-3}
frames=${FRAMES:-200}
size=${SIZE:-1800x600}
style=${STYLE:-surface}
fps=5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[[ -x $nnviz ]] || { echo "e2e.sh: no nnviz binary at '$nnviz' (build it first)" >&2; exit 2; }
command -v ffmpeg >/dev/null || { echo "e2e.sh: needs the ffmpeg CLI" >&2; exit 2; }

rows=${ROWS:-train,motion,memory,threads,length,compare}
wants() { [[ ",$rows," == *",$1,"* ]]; }

train=("$nnviz" train -q --epochs $((frames - 1)) --stop-loss 0 --size "$size" --style "$style" --fps $fps)

# measure NAME CMD...: RUNS runs; appends "NAME seconds kbytes" (medians) to $work/results.
measure() {
  local name=$1; shift
  local t=() m=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
      { cat "$work/stderr" >&2; echo "e2e.sh: '$name' failed" >&2; exit 1; }
    read -r secs kb <"$work/time"
    t+=("$secs"); m+=("$kb")
  done
  echo "$name $(printf '%s\n' "${t[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p") \
$(printf '%s\n' "${m[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")" >>"$work/results"
}

# measure_pair NAME_A NAME_B: the commands in the arrays cmd_a and cmd_b, alternated RUNS times
# (a, b, a, b, ...: a load that comes and goes falls on both); appends both medians.
measure_pair() {
  local ta=() ma=() tb=() mb=() secs kb
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$work/time" "${cmd_a[@]}" >/dev/null 2>"$work/stderr" ||
      { cat "$work/stderr" >&2; echo "e2e.sh: '$1' failed" >&2; exit 1; }
    read -r secs kb <"$work/time"; ta+=("$secs"); ma+=("$kb")
    /usr/bin/time -f '%e %M' -o "$work/time" "${cmd_b[@]}" >/dev/null 2>"$work/stderr" ||
      { cat "$work/stderr" >&2; echo "e2e.sh: '$2' failed" >&2; exit 1; }
    read -r secs kb <"$work/time"; tb+=("$secs"); mb+=("$kb")
  done
  local mid=$(((runs + 1) / 2)) ratios=()
  for ((i = 0; i < runs; i++)); do ratios+=("$(awk -v a="${ta[i]}" -v b="${tb[i]}" 'BEGIN { printf "%.4f", a / b }')"); done
  echo "$1 $(printf '%s\n' "${ta[@]}" | sort -g | sed -n "${mid}p") $(printf '%s\n' "${ma[@]}" | sort -g | sed -n "${mid}p")" >>"$work/results"
  echo "$2 $(printf '%s\n' "${tb[@]}" | sort -g | sed -n "${mid}p") $(printf '%s\n' "${mb[@]}" | sort -g | sed -n "${mid}p")" >>"$work/results"
  # The median of the ratios of each pair (a run and the run right after it share the load).
  echo "ratio-$1 $(printf '%s\n' "${ratios[@]}" | sort -g | sed -n "${mid}p") $(printf '%s\n' "${ratios[@]}" | sort -g | tr '\n' ' ')" >>"$work/results"
}

w=${size%x*}; h=${size#*x}
# The floors use nnviz's codec options: x264's look-ahead capped at 10, no deblocking and the
# crf for the size (default_x264_crf: 20 at 1800x600 pixels and more, one lower per halving of
# the pixel count, 16 at least), VP9 holding no frames (src/encode/video_encoder.cpp).
crf=20
while ((crf > 16 && w * h * (1 << (21 - crf)) <= 1800 * 600)); do crf=$((crf - 1)); done
x264=(-c:v libx264 -crf $crf -tune animation -x264-params no-deblock=1)
get() { awk -v k="$1" '$1 == k { print $'"$2"' }' "$work/results"; }

if wants train; then
# The frames, once, as raw BGRA on stdout (checked: exactly frames * width * height * 4 bytes).
"${train[@]}" -o - --format raw >"$work/frames.bgra"
bytes=$(stat -c %s "$work/frames.bgra")
if [[ $bytes -ne $((frames * w * h * 4)) ]]; then
  echo "e2e.sh: raw output has $bytes bytes, expected $((frames * w * h * 4))" >&2; exit 1
fi

raw_in=(-hide_banner -loglevel error -y -f rawvideo -pix_fmt bgra -s "$size" -r $fps -i "$work/frames.bgra")
# nnviz's settings (src/encode/video_encoder.cpp, gif_palette.cpp): BT.709 limited range,
# keyframe every 10 s, faststart; GIF with Bayer dithering and one palette for the whole video
# (floor: ffmpeg's classic two passes) or, with --gif-palette frame, a palette per frame.
# The colour conversion with nnviz's swscale flags (src/encode/pixel_converter.cpp): bicubic
# chroma, accurate rounding (slower than ffmpeg's default, so the floor does the same work).
yuv=(-vf "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic+accurate_rnd" -pix_fmt yuv420p -colorspace bt709
     -color_primaries bt709 -color_trc bt709 -color_range tv -g $((10 * fps)))
per_frame_palette="split[a][b];[a]palettegen=stats_mode=single:reserve_transparent=0[p];[b][p]paletteuse=new=1:dither=bayer:bayer_scale=3"
: >"$work/results"
# Each output's nnviz run and its floor alternate run by run (measure_pair): the ratio is the
# median of the pairs' ratios, which a load that comes and goes (a shared machine) moves least.
cmd_a=("${train[@]}" -o "$work/a.mp4" --preset medium)
cmd_b=(ffmpeg "${raw_in[@]}" "${yuv[@]}" "${x264[@]}" -preset medium -rc-lookahead 10 -movflags +faststart "$work/f.mp4")
measure_pair "mp4-medium" "floor-mp4-medium"
cmd_a=("${train[@]}" -o "$work/a.mp4" --preset veryfast)
cmd_b=(ffmpeg "${raw_in[@]}" "${yuv[@]}" "${x264[@]}" -preset veryfast -movflags +faststart "$work/f.mp4")
measure_pair "mp4-veryfast" "floor-mp4-veryfast"
cmd_a=("${train[@]}" -o "$work/a.webm")
cmd_b=(ffmpeg "${raw_in[@]}" "${yuv[@]}" -c:v libvpx-vp9 -crf 32 -b:v 0 -row-mt 1 -deadline good -cpu-used 4
       -lag-in-frames 0 "$work/f.webm")
measure_pair "webm" "floor-webm"
# The classic two-pass GIF (one palette for the whole video); /usr/bin/time reports the larger
# peak RSS of the two passes.
cmd_a=("${train[@]}" -o "$work/a.gif")
cmd_b=(bash -c 'ffmpeg "${@:3}" -vf palettegen=reserve_transparent=0 "$1" &&
  ffmpeg "${@:3}" -i "$1" -lavfi "[0:v][1:v]paletteuse=dither=bayer:bayer_scale=3" -loop 0 "$2"' \
  _ "$work/palette.png" "$work/g.gif" "${raw_in[@]}")
measure_pair "gif" "floor-gif"
cmd_a=("${train[@]}" -o "$work/a.gif" --gif-palette frame)
cmd_b=(ffmpeg "${raw_in[@]}" -filter_complex "$per_frame_palette" -loop 0 "$work/f.gif")
measure_pair "gif-frame" "floor-gif-frame"

echo "### nnviz train, $frames frames at $size ($style), median of $runs alternating runs"
echo
echo "| output | nnviz wall s | nnviz peak RSS MB | ffmpeg floor wall s | floor peak RSS MB | nnviz / floor (median of pairs) | pairs' ratios |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
for k in mp4-medium mp4-veryfast webm gif gif-frame; do
  awk -v k="$k" -v t="$(get "$k" 2)" -v m="$(get "$k" 3)" -v ft="$(get "floor-$k" 2)" -v fm="$(get "floor-$k" 3)" \
    -v r="$(get "ratio-$k" 2)" -v all="$(awk -v k="ratio-$k" '$1 == k { $1 = ""; $2 = ""; print }' "$work/results")" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.2f | %.0f | %.2f | %s |\n", k, t, m / 1024, ft, fm / 1024, r, all }'
done
fi

# Motion (issue: frame schedules, in-between frames, the layer morph): a tweened run of about 300
# frames (61 snapshots, 4 in-between frames after each: 301 frames at 25 fps) and a run with its
# layer morph (two snapshots and the morph's frames at 25 fps), each to mp4 (preset medium)
# against the ffmpeg floor on the same frames.
motion_row() {
  local name=$1; shift
  "$nnviz" train -q --size "$size" --style "$style" "$@" -o - --format raw >"$work/motion.bgra"
  local n=$(($(stat -c %s "$work/motion.bgra") / (w * h * 4)))
  : >"$work/results"
  cmd_a=("$nnviz" train -q --size "$size" --style "$style" "$@" -o "$work/m.mp4" --preset medium)
  local yuv25=(-vf "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic+accurate_rnd" -pix_fmt yuv420p
               -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv -g 250)
  cmd_b=(ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt bgra -s "$size" -r 25
         -i "$work/motion.bgra" "${yuv25[@]}" "${x264[@]}" -preset medium -rc-lookahead 10 -movflags +faststart "$work/mf.mp4")
  measure_pair "$name" "floor-$name"
  awk -v k="$name" -v n="$n" -v t="$(get "$name" 2)" -v m="$(get "$name" 3)" -v ft="$(get "floor-$name" 2)" \
    'BEGIN { printf "| %s | %d | %.2f | %.0f | %.2f | %.2f |\n", k, n, t, m / 1024, ft, t / ft }'
}
if wants motion; then
echo
echo "### Motion: in-between frames and the layer morph, mp4 preset medium at $size, median of $runs alternating runs"
echo
echo "| run | frames | nnviz wall s | nnviz peak RSS MB | ffmpeg floor wall s | nnviz / floor (time) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
motion_row "tween-4" --epochs 60 --stop-loss 0 --tween 4
motion_row "morph" --epochs 20 --stop-loss 0 --every 20 --fps 25 --morph
fi

if wants memory; then
echo
echo "### Peak RSS against the number of frames (mp4 veryfast, median of $runs runs)"
echo
echo "| frames | wall s | peak RSS MB |"
echo "| ---: | ---: | ---: |"
for n in 100 1000; do
  : >"$work/results"
  measure "n$n" "$nnviz" train -q --epochs $((n - 1)) --stop-loss 0 --size "$size" --style "$style" \
    --fps $fps -o "$work/n.mp4" --preset veryfast
  awk -v n="$n" -v t="$(get "n$n" 2)" -v m="$(get "n$n" 3)" 'BEGIN { printf "| %d | %.2f | %.0f |\n", n, t, m / 1024 }'
done
fi

# Render threads (PNG/raw/GIF: the renderer is the bottleneck): FRAMES raw frames to stdout with
# every core drawing (the default) against one render thread, alternated run by run; BEFORE=path
# adds a row for that binary (one thread, no --render-threads) against the default.
if wants threads; then
echo
echo "### Render threads: $frames raw frames at $size ($style), median of $runs alternating runs, $(nproc) cores"
echo
echo "| run | wall s | against | wall s | ratio (median of pairs) | pairs' ratios |"
echo "| --- | ---: | --- | ---: | ---: | --- |"
: >"$work/results"
cmd_a=("${train[@]}" -o - --format raw)
cmd_b=("${train[@]}" -o - --format raw --render-threads 1)
measure_pair "default" "one-thread"
if [[ -n ${BEFORE:-} ]]; then
  cmd_b=("$BEFORE" "${train[@]:1}" -o - --format raw)
  measure_pair "default2" "before"
fi
for pair in "default one-thread" ${BEFORE:+"default2 before"}; do
  set -- $pair
  awk -v a="$1" -v b="$2" -v ta="$(get "$1" 2)" -v tb="$(get "$2" 2)" -v r="$(get "ratio-$1" 2)" \
    -v all="$(awk -v k="ratio-$1" '$1 == k { $1 = ""; $2 = ""; print }' "$work/results")" \
    'BEGIN { printf "| %s | %.2f | %s | %.2f | %.2f | %s |\n", a, ta, b, tb, r, all }'
done
fi

# Per-frame cost against the run's length: 100 and 1000 frames (epochs + 1), raw to stdout;
# the seconds per frame must not grow with the length.
if wants length; then
echo
echo "### Per-frame cost against the run's length, raw at $size ($style), median of $runs alternating runs"
echo
echo "| frames | wall s | ms per frame |"
echo "| ---: | ---: | ---: |"
: >"$work/results"
cmd_a=("$nnviz" train -q --epochs 99 --stop-loss 0 --size "$size" --style "$style" -o - --format raw)
cmd_b=("$nnviz" train -q --epochs 999 --stop-loss 0 --size "$size" --style "$style" -o - --format raw)
measure_pair "n100" "n1000"
for n in 100 1000; do
  awk -v n="$n" -v t="$(get "n$n" 2)" 'BEGIN { printf "| %d | %.2f | %.1f |\n", n, t, 1000 * t / n }'
done
fi

wants compare || exit 0
# nnviz compare without videos: the same grid with 1 and with 2 jobs (threads). Runs are long
# enough (EPOCHS epochs, no early stop) that training, not start-up, is what is measured.
grid_epochs=${EPOCHS:-1000}
grid=(compare -q --no-video --activation tanh,relu,sigmoid --lr 0.1,0.01 --seed 1..8
      --epochs "$grid_epochs" --stop-loss 0)
runs_in_grid=48
echo
echo "### nnviz compare --no-video: $runs_in_grid runs of $grid_epochs epochs, median of $runs runs"
echo
echo "| jobs | wall s | runs per second | speed-up |"
echo "| ---: | ---: | ---: | ---: |"
: >"$work/results"
for jobs in 1 2; do
  measure "jobs$jobs" bash -c 'rm -rf "$2" && "${@:3}" --jobs "$1" -o "$2"' _ "$jobs" "$work/grid" "$nnviz" "${grid[@]}"
done
one=$(get jobs1 2)
for jobs in 1 2; do
  awk -v j="$jobs" -v t="$(get "jobs$jobs" 2)" -v one="$one" -v n="$runs_in_grid" \
    'BEGIN { printf "| %d | %.2f | %.1f | %.2f |\n", j, t, n / t, one / t }'
done
