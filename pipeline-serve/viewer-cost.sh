#!/usr/bin/env bash
# The cost of a connected viewer on the camera sample (docs/live-view.md, "What a viewer costs").
# Runs the same config, the live view serving in every run, with nobody watching ("none"), one
# MJPEG client reading /stream.mjpg at full speed ("curl"), and headless Chromium showing the page
# ("page"), in interleaved rounds; prints FPS and the CPU seconds (user+sys) of the sample and of
# the viewer. Needs: mvn -B -pl samples -am package -DskipTests and
# mvn -B -pl pipeline-serve -am test-compile (for the Chromium driver in the test classes).
#   pipeline-serve/viewer-cost.sh [ROUNDS] [FRAMES]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
FRAMES=${2:-900}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp samples/target/samples.jar "$work/samples.jar"   # a rebuild during the runs must not pull it away
CP=pipeline-serve/target/test-classes
for a in jackson-databind jackson-core jackson-annotations; do
  CP=$CP:$(find ~/.m2/repository/com/fasterxml/jackson/core/$a -name "$a-2.*.jar" | sort | tail -1)
done
WAIT_END="new Promise(ok => { const i = setInterval(() => { if (document.getElementById('report').style.display === 'block') { clearInterval(i); ok(1); } }, 200); })"
echo "round viewer fps sample_cpu_s viewer_cpu_s load"
for round in $(seq 1 "$ROUNDS"); do
  for viewer in none curl page; do
    log=$work/$viewer-$round.log
    /usr/bin/time -f "%U %S" -o "$work/sample.cpu" java -jar "$work/samples.jar" camera --mode parallel --serve 0 \
        --frames "$FRAMES" --quiet > "$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do grep -q "live view" "$log" && break; sleep 0.5; done
    url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1)
    echo "0 0" > "$work/viewer.cpu"
    vpid=""
    case $viewer in
      curl) /usr/bin/time -f "%U %S" -o "$work/viewer.cpu" curl -s -o /dev/null "${url}stream.mjpg" & vpid=$! ;;
      page) /usr/bin/time -f "%U %S" -o "$work/viewer.cpu" java -cp "$CP" dev.stagegraph.serve.Chromium "$url" \
                "$work/page.png" "$WAIT_END" > "$work/chromium.log" 2>&1 & vpid=$! ;;
    esac
    wait $pid
    if [ -n "$vpid" ]; then wait $vpid || true; fi
    fps=$(grep -o 'camera parallel: .*FPS, OpenCV' "$log" | grep -o '[0-9.]* FPS' | head -1)
    echo "$round $viewer ${fps% FPS} $(awk 'END {print $1+$2}' "$work/sample.cpu") $(awk 'END {print $1+$2}' "$work/viewer.cpu") $(cut -d' ' -f1 /proc/loadavg)"
  done
done
