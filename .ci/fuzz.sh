#!/usr/bin/env bash
# tolk's fuzzing: libFuzzer targets (Sources/Fuzz/<Name>, seeds and dictionaries in Tests/Fuzz/<Name>)
# and a ThreadSanitizer run of the CLI on the sample site. Called by make fuzz / make fuzz-smoke;
# README, "Fuzzing and soak".
#
#   .ci/fuzz.sh build                 build every fuzz target into .build-fuzz (TOLK_FUZZ=1, ASan + libFuzzer)
#   .ci/fuzz.sh run SECONDS [NAME…]   run each target (default: all) for SECONDS; non-zero when any finds something
#   .ci/fuzz.sh smoke [NAME…]         replay every seed of each target once, no mutation (deterministic)
#   .ci/fuzz.sh tsan                  build tolk with -sanitize=thread into .build-tsan, sync + build a copy of the sample site
#
# A run starts from the target's seeds, copied into .build-fuzz/corpus/<Name> (the inputs libFuzzer
# adds stay there, for the next run, never in the repository); what it finds goes to
# .build-fuzz/artifacts/<Name>/ (crash-*, timeout-*, oom-*), and the last lines of its log say which
# invariant broke. Reproduce one with: .build-fuzz/release/Fuzz<Name> .build-fuzz/artifacts/<Name>/crash-…
set -uo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SCRATCH=.build-fuzz
TARGETS=(POReader XLIFFReader Markdown FrontMatter Configuration)
# libFuzzer's limits: an input that takes longer than this many seconds is a hang; a process above
# this many MB is out of memory. Both stop the run and save the input.
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}

# -sanitize=fuzzer,address as one flag: given as two (--sanitize fuzzer --sanitize address) the Swift
# 6.3 driver keeps only the last, and the code gets no coverage instrumentation. -parse-as-library,
# because SwiftPM compiles an executable's only file as a main file, whose top-level code would
# define the `<Module>_main` symbol the target defines itself. lld, because gold fails on the ASan +
# libFuzzer link (internal error in format_file_lineno).
build_fuzz() {
  for name in "${TARGETS[@]}"; do
    echo "building Fuzz$name"
    TOLK_FUZZ=1 "$SWIFT" build -c release --scratch-path "$SCRATCH" --product "Fuzz$name" \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld || return 1
  done
}

# run_fuzz MODE AMOUNT [NAME…]: MODE "time" runs each target AMOUNT seconds from its growing corpus;
# MODE "smoke" replays the seeds alone, once each, without mutating them (libFuzzer's -runs=0): what
# make test runs. Mutation is not deterministic across builds even with a fixed -seed (the coverage
# that guides it changes with any code change), so a test gate must not depend on it.
run_fuzz() {
  local mode=$1 amount=$2; shift 2
  local names=("$@")
  [ ${#names[@]} -gt 0 ] || names=("${TARGETS[@]}")
  local failed=() summary=()
  for name in "${names[@]}"; do
    local binary="$SCRATCH/release/Fuzz$name" corpus="$SCRATCH/corpus/$name" artifacts="$SCRATCH/artifacts/$name"
    local log="$SCRATCH/logs/$name.log" limit
    [ -x "$binary" ] || { echo "$binary is missing: run .ci/fuzz.sh build (make fuzz builds it)"; return 2; }
    if [ "$mode" = smoke ]; then
      corpus="$SCRATCH/smoke-corpus/$name"; rm -rf "$corpus"
      limit=(-runs=0)
      echo "replaying the seeds of $name (log $log)"
    else
      limit=(-max_total_time="$amount")
      echo "fuzzing $name for ${amount}s (log $log)"
    fi
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    cp Tests/Fuzz/"$name"/seeds/* "$corpus"/
    # detect_leaks=0: the Swift runtime keeps metadata caches for the life of the process, which
    # LeakSanitizer would report after the first input; memory growth is caught by -rss_limit_mb.
    # SWIFT_BACKTRACE=enable=no: Swift's crash handler, reading memory after the abort, trips ASan.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1} \
      "$binary" "$corpus" -dict="Tests/Fuzz/$name/$name.dict" -artifact_prefix="$artifacts/" \
      "${limit[@]}" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" -malloc_limit_mb="$FUZZ_RSS_MB" \
      -print_final_stats=1 -close_fd_mask=1 >"$log" 2>&1
    local status=$?
    local runs speed
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    summary+=("$(printf '%-14s %10s runs %8s exec/s  exit %s' "$name" "${runs:-?}" "${speed:-?}" "$status")")
    if [ "$status" -ne 0 ]; then
      failed+=("$name")
      echo "  $name found something (exit $status):"
      grep -E 'invariant broken|ERROR: (libFuzzer|AddressSanitizer)|Fatal error|SUMMARY|Test unit written|ALARM|out-of-memory' "$log" | head -8 | sed 's/^/    /'
    fi
  done
  echo
  printf '%s\n' "${summary[@]}"
  if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in $SCRATCH/artifacts/, logs in $SCRATCH/logs/)"
    return 1
  fi
  echo "fuzzing: no crashes, hangs or out-of-memory in ${#names[@]} targets"
}

# The CLI with ThreadSanitizer on a copy of the sample site: sync and build run their work on every
# core (DispatchQueue.concurrentPerform), so a data race there shows up here. Any report fails the run.
run_tsan() {
  local tsan_scratch=.build-tsan
  echo "building tolk with -sanitize=thread into $tsan_scratch"
  # ThreadSanitizer brings its own allocator: the build with glibc's malloc, not jemalloc (Package.swift).
  TOLK_MALLOC=system "$SWIFT" build -c release --product tolk --scratch-path "$tsan_scratch" --sanitize thread || return 1
  local tolk="$PWD/$tsan_scratch/release/tolk" site status=0
  site=$(mktemp -d /tmp/tolk-tsan.XXXXXX)
  cp -R content locales tolk.yaml "$site"/
  for command in "sync" "build" "sync" "build --html" "status"; do
    echo "\$ tolk $command   (ThreadSanitizer, on a copy of the sample site in $site)"
    # shellcheck disable=SC2086
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}" "$tolk" $command --root "$site" >"$site.log" 2>&1
    local code=$?
    if [ "$code" -eq 66 ] || grep -q 'ThreadSanitizer' "$site.log"; then
      echo "ThreadSanitizer report in 'tolk $command' (exit $code):"; cat "$site.log"; status=1; break
    fi
    # tolk status exits 1 on findings (a locale below a gate): only a report or another failure counts.
    if [ "$code" -ne 0 ] && ! { [ "$code" -eq 1 ] && [ "$command" = status ]; }; then
      echo "'tolk $command' failed (exit $code):"; tail -20 "$site.log"; status=1; break
    fi
  done
  [ "$status" -eq 0 ] && echo "ThreadSanitizer: no reports" && rm -rf "$site" "$site.log"
  return $status
}

case "${1:-}" in
  build) build_fuzz ;;
  run) shift; [ $# -ge 1 ] || { echo "usage: $0 run SECONDS [NAME…]"; exit 2; }; run_fuzz time "$@" ;;
  smoke) shift; run_fuzz smoke 0 "$@" ;;
  tsan) run_tsan ;;
  *) echo "usage: $0 build | run SECONDS [NAME…] | smoke [NAME…] | tsan"; exit 2 ;;
esac
