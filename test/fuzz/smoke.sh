#!/bin/sh
# A short fuzzing run for ctest: seeds from the golden traces in every form
# the decoder reads, then a few seconds of libFuzzer.
#   smoke.sh FUZZER WRR_TRACE SOURCE_DIR WORK_DIR
set -eu
fuzzer=$1 wrr_trace=$2 src=$3 work=$4
rm -rf "$work"
mkdir -p "$work/seeds" "$work/corpus"
for json in "$src"/test/golden/*/trace.json "$src"/test/lit/trace/Inputs/*.json; do
  name=$(basename "$(dirname "$json")")-$(basename "$json" .json)
  cp "$json" "$work/seeds/$name.json"
  "$wrr_trace" convert "$json" "$work/seeds/$name.wrr"
done
"$wrr_trace" convert "$src/test/golden/fortune/trace.json" "$work/seeds/fortune.wrr.zst"
cd "$work"
exec "$fuzzer" -max_total_time=5 -max_len=65536 -timeout=10 corpus seeds
