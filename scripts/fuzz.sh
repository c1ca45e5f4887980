#!/usr/bin/env bash
# Fuzzes the input parsers and the request paths: builds only the libFuzzer
# targets of tests/fuzz (and the libraries and plugins they load) with clang, ASan
# and UBSan into build-fuzz/, then runs each for SECONDS (default 60) from its seed
# corpus, its saved findings and the inputs earlier runs in build-fuzz/ found
# interesting. Fails if any target finds a crash, a leak, undefined behaviour or a
# broken invariant; the input is kept in build-fuzz/findings/<target>/. Fix the
# code, then add the input to tests/fuzz/regressions/<target>/ so ctest replays it
# from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DGLASSBOX_FUZZ=ON >/dev/null
cmake --build build-fuzz --target glassbox_fuzzers -j 2

symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[[ -x $symbolizer ]] && export ASAN_SYMBOLIZER_PATH=$symbolizer
export UBSAN_OPTIONS=print_stacktrace=1

failed=()
for seeds in tests/fuzz/corpus/*/; do
  target=$(basename "$seeds")
  corpus=build-fuzz/fuzz-corpus/$target
  findings=build-fuzz/findings/$target
  mkdir -p "$corpus" "$findings"
  inputs=("$corpus" "$seeds")
  [[ -d tests/fuzz/regressions/$target ]] && inputs+=("tests/fuzz/regressions/$target")
  echo "fuzzing $target for ${seconds}s"
  if ! build-fuzz/bin/${target}_fuzzer -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$findings/" "${inputs[@]}" >"build-fuzz/fuzz-$target.log" 2>&1; then
    failed+=("$target")
    tail -n 60 "build-fuzz/fuzz-$target.log"
    echo "FINDING in $target: the input is kept in $findings/" >&2
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "build-fuzz/fuzz-$target.log" |
    sed "s/^/  $target /"
done
targets=$(ls -d tests/fuzz/corpus/*/ | wc -l)
echo "fuzz: $((targets - ${#failed[@]})) passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
