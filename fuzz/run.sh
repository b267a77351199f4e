#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, two at a time,
# starting from the seeds in fuzz/seeds/<target>/. New inputs go to
# fuzz/corpus/<target>/ (not committed); crashes to fuzz/artifacts/<target>/.
# Needs cargo-fuzz (cargo install cargo-fuzz); works on the stable toolchain
# without a sanitizer (-s none): the targets look for panics and broken
# invariants, which safe Rust turns into panics.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
targets=(analyzer front_matter lexicon readers)
cargo fuzz build -s none
run() {
  local t="$1"
  mkdir -p "fuzz/corpus/$t"
  cargo fuzz run -s none "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=20 -print_final_stats=1 \
    > "fuzz/$t.log" 2>&1 && echo "$t: no crash in ${seconds}s ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/$t.log" | grep -o '[0-9]*$') runs)" \
    || { echo "$t: CRASH, see fuzz/$t.log and fuzz/artifacts/$t/"; return 1; }
}
status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" & a=$!
  if ((i + 1 < ${#targets[@]})); then run "${targets[i+1]}" & b=$!; wait "$b" || status=1; fi
  wait "$a" || status=1
done
exit "$status"
