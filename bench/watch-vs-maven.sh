#!/usr/bin/env bash
# Save-to-result time of `./course watch 1` against Maven on chapter 1, measured in the same run
# (docs/students.md, "How fast is the loop"). Usage:
#
#   bench/watch-vs-maven.sh [starter|reference] [saves] [body|api]
#
# It copies the course to a temporary directory (with chapter 1's solution snapshot as the
# learner's code for "reference"), starts `./course watch 1` there, and `saves` times appends to
# Varint.java (a step-1 file): "body" appends a comment, which leaves the API as it was (most
# saves); "api" adds a method, which makes the watcher recompile the suite too. Each time is from
# just before the write until the watcher has printed the result line of the first step it runs.
# Then it times `./mvnw -q -o test -pl chapter01-log -Dtest=RecordsTest` (the same step) and the
# whole `./mvnw -q -o test -pl chapter01-log`, three times each, on the same code (SKIP_MAVEN=1
# skips them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
which="${1:-starter}"
saves="${2:-10}"
edit="${3:-body}"
tmp="$(mktemp -d)"
watcher=""
trap '[[ -n "$watcher" ]] && kill "$watcher" 2>/dev/null; rm -rf "$tmp"' EXIT

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %d ms, min %d ms, max %d ms (n=%d)", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR], NR}'; }

cd "$root"
./course --help >/dev/null # builds the tool first if needed, outside the timings
# Run a copy of the tool, so that a rebuild in this checkout cannot pull classes from under it.
mkdir -p "$tmp/tool"
cp -r course-tool/target/classes "$tmp/tool/classes"
cp testkit/target/testkit-*.jar "$tmp/tool/testkit.jar"
cp="$tmp/tool/classes:$tmp/tool/testkit.jar:$(tr ':' '\n' <course-tool/target/classpath.txt | grep -v '/testkit/' | paste -sd:)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
course() { "$java" -cp "$cp" dev.fromzero.course.Main "$@"; }
mkdir -p "$tmp/course"
cp -r pom.xml solutions docs chapter01-log "$tmp/course/"
rm -rf "$tmp/course/chapter01-log/target"
src=()
if [[ "$which" == reference ]]; then
  course generate --snapshot 1 --out "$tmp/snapshot" >/dev/null
  rm -rf "$tmp/course/chapter01-log/src/main/java"
  cp -r "$tmp/snapshot" "$tmp/course/chapter01-log/src/main/java"
  src=("-Dcourse.src=$tmp/snapshot")
fi

out="$tmp/watch.out"
"$java" -cp "$cp" dev.fromzero.course.Main --root "$tmp/course" --color=never watch 1 --seed 1 >"$out" 2>&1 &
watcher=$!
count() { grep -c "$1" "$out" || true; }
wait_for() { # pattern, more than n
  while (( $(count "$1") <= $2 )); do
    kill -0 "$watcher" 2>/dev/null || { cat "$out"; echo "the watcher died" >&2; exit 1; }
    sleep 0.01
  done
}
wait_for 'Watching' 0 # the first run, cold: not counted

file="$tmp/course/chapter01-log/src/main/java/dev/fromzero/kv/log/Varint.java"
times=()
for i in $(seq 1 "$saves"); do
  results=$(count '^  step '); done_runs=$(count 'Watching')
  t0=$(now)
  if [[ "$edit" == api ]]; then
    perl -0pi -e "s/\}\s*\z/    static void edit$i() {\n    }\n}\n/" "$file"
  else
    echo "// edit $i" >>"$file"
  fi
  wait_for '^  step ' "$results"
  times+=("$(ms "$t0" "$(now)")")
  wait_for 'Watching' "$done_runs"
done
kill "$watcher"; watcher=""

maven() {
  local t0 t1
  t0=$(now); ./mvnw -q -o -B test -pl chapter01-log "${src[@]}" "$@" >/dev/null 2>&1 || true; t1=$(now)
  ms "$t0" "$t1"
}
step=(); full=()
if [[ -z "${SKIP_MAVEN:-}" ]]; then
  for i in 1 2 3; do step+=("$(maven -Dtest=RecordsTest)"); done
  for i in 1 2 3; do full+=("$(maven)"); done
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "code: $which; edit: $edit"
echo "./course watch 1, save to first step's result: $(printf '%s\n' "${times[@]}" | stats); each: ${times[*]}"
echo "  breakdown of the last save: $(grep -o 'compiled in .*s in all' "$out" | tail -1)"
if [[ -z "${SKIP_MAVEN:-}" ]]; then
  echo "./mvnw -q -o test -pl chapter01-log -Dtest=RecordsTest: $(printf '%s\n' "${step[@]}" | stats)"
  echo "./mvnw -q -o test -pl chapter01-log: $(printf '%s\n' "${full[@]}" | stats)"
fi
