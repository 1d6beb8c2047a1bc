#!/usr/bin/env bash
# Runs every test of the repository, on a fresh machine as on a developer's: this is the README's test
# command, and CI runs exactly this (.ci/run).
#
# Usage: scripts/test.sh [--filter EXPR] [--no-services] [--quick] [--help]
#   --filter EXPR   passed to `dotnet test --filter` (e.g. "FullyQualifiedName~Msgpack"); the NativeAOT
#                   smoke test and the package check still run unless --quick is given too
#   --no-services   do not start or stop Redis and the S3 server; servers already running (for example
#                   from `scripts/services.sh start`) are still handed to the tests
#   --quick         skip the NativeAOT publishes and the package-consumer check
#
# Steps:
#   1. install what is missing: Debian python3-msgpack and python3-numpy (interop tests run
#      /usr/bin/python3), redis-server and Swift (through scripts/services.sh)
#   2. start Redis and the Swift S3 server on loopback unless they already answer; only the ones started
#      here are stopped on exit (also on failure or Ctrl-C)
#   3. export for the tests: ATDATA_REDIS=127.0.0.1:$REDIS_PORT, REDIS_CONFIGURATION (same),
#      ATDATA_S3_ENDPOINT=http://127.0.0.1:$S3_PORT, ATDATA_S3_ACCESS_KEY=test:tester,
#      ATDATA_S3_SECRET_KEY=testing, ATDATA_S3_REGION=us-east-1  (ports: REDIS_PORT=6390, S3_PORT=4590),
#      ATDATA_REDIS_CLUSTER=127.0.0.1:17001,127.0.0.1:17002,127.0.0.1:17003 (REDIS_CLUSTER_PORTS)
#   4. dotnet build Atdata.sln -c Release, warnings as errors; then (unless --quick) publish src/Atdata.Cli
#      with NativeAOT into artifacts/cli/ and export ATDATA_CLI for the CLI's native end-to-end tests
#   5. dotnet test every tests/**/*.Tests.csproj (one failing project does not stop the others)
#   6. publish tests/Atdata.AotSmoke (which sets PublishAot) for linux-x64, warnings as errors, and run
#      the native binary: one test
#   7. pack Atdata.Runtime into a local feed, build tests/Atdata.PackageConsumer from that package alone
#      and run it: one test
#   8. print the counts per project, the failed tests with their messages, and last the line
#      "N passed, N failed" (", N skipped" when some were skipped)
# Exits non-zero when a build or a test failed, or when no test ran.
# Results (TRX files, logs) go to artifacts/test-results/; everything else it builds stays under artifacts/.
set -uo pipefail
LOG_TAG=test
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { sed -n '2,/^set -uo/{/^set -uo/d;s/^# \{0,1\}//;p}' "$0"; }

FILTER=""
USE_SERVICES=1
QUICK=0
while [ $# -gt 0 ]; do
  case $1 in
    --filter) [ $# -ge 2 ] || { echo "--filter needs an expression" >&2; exit 2; }; FILTER=$2; shift 2 ;;
    --filter=*) FILTER=${1#--filter=}; shift ;;
    --no-services) USE_SERVICES=0; shift ;;
    --quick) QUICK=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$REPO_ROOT" || exit 1
ARTIFACTS=$REPO_ROOT/artifacts
RESULTS=$ARTIFACTS/test-results
SERVICES=$REPO_ROOT/scripts/services.sh
AOT_SMOKE_PROJECT=tests/Atdata.AotSmoke/Atdata.AotSmoke.csproj
PYTHON=$(command -v python3 || echo /usr/bin/python3)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker nodes left running after the script.
export MSBUILDDISABLENODEREUSE=1
BUILD_ARGS=(-c Release -nodeReuse:false -p:TreatWarningsAsErrors=true)

RUN_START=$(now_ms)
STARTED_SERVICES=()
TIMINGS=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if (( ${#STARTED_SERVICES[@]} )); then
    log "stopping the services this run started: ${STARTED_SERVICES[*]}"
    "$SERVICES" stop "${STARTED_SERVICES[@]}" || log "could not stop every service (see above)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

section() { printf '\n==== %s ====\n' "$*"; }

# timed NAME COMMAND...: run COMMAND, remember how long it took.
timed() {
  local name=$1 t rc; shift
  t=$(now_ms)
  "$@"; rc=$?
  TIMINGS+=("$(printf '%-28s %s' "$name" "$(elapsed "$t")")")
  return $rc
}

# record GROUP NAME OUTCOME [LOG]: one non-dotnet-test result for the summary.
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >> "$RESULTS/steps.tsv"; }

# logged LOG COMMAND...: run COMMAND, showing its output and keeping a copy in LOG; returns its exit code.
logged() {
  local log_file=$1; shift
  "$@" 2>&1 | tee "$log_file"
  return "${PIPESTATUS[0]}"
}

# ---- 1-3: tools and services ----------------------------------------------------------------------------

prepare_machine() {
  section "Tools and services"
  local packages=(python3-msgpack python3-numpy)
  if (( USE_SERVICES )); then
    packages+=(redis-server swift-proxy swift-account swift-container swift-object)
  fi
  apt_ensure "${packages[@]}" || return 1

  local services_up=0
  if (( USE_SERVICES )); then
    local s to_start=()
    for s in redis s3 cluster; do
      if "$SERVICES" status "$s" >/dev/null 2>&1; then
        log "$s is already running: using it (it will be left running)"
      else
        to_start+=("$s")
      fi
    done
    if (( ${#to_start[@]} )); then
      # Recorded before starting, so a half-finished start is still cleaned up.
      STARTED_SERVICES=("${to_start[@]}")
      "$SERVICES" start "${to_start[@]}" || { log "could not start ${to_start[*]}"; return 1; }
    fi
    services_up=1
  elif "$SERVICES" status redis s3 >/dev/null 2>&1; then
    services_up=1
  fi

  # Hand the servers to the tests when they answer (with --no-services, only if someone else started them).
  if (( services_up )); then
    eval "$("$SERVICES" env)"
    log "tests will use Redis at $ATDATA_REDIS and S3 at $ATDATA_S3_ENDPOINT ($ATDATA_S3_ACCESS_KEY, $ATDATA_S3_REGION)"
  else
    log "Redis/S3 are not running (--no-services): ATDATA_REDIS and ATDATA_S3_* are left as they were"
  fi
}

# ---- 4: build -------------------------------------------------------------------------------------------

build_solution() {
  section "Build (dotnet build Atdata.sln -c Release, warnings as errors)"
  if logged "$RESULTS/build.log" dotnet build Atdata.sln "${BUILD_ARGS[@]}"; then
    return 0
  fi
  record build Atdata.sln failed "$RESULTS/build.log"
  return 1
}

# ---- 4b: the atdata tool as a native binary, for its end-to-end tests -----------------------------------

publish_cli() {
  local out=$ARTIFACTS/cli
  section "NativeAOT publish: src/Atdata.Cli for linux-x64 (warnings as errors), run by the CLI's native tests"
  rm -rf "$out"
  if ! logged "$RESULTS/cli-publish.log" dotnet publish src/Atdata.Cli -c Release -r linux-x64 -nodeReuse:false \
      -p:TreatWarningsAsErrors=true -p:TrimmerSingleWarn=false -o "$out"; then
    record "atdata CLI" "publish src/Atdata.Cli with NativeAOT" failed "$RESULTS/cli-publish.log"
    return 1
  fi
  export ATDATA_CLI=$out/atdata
  log "the CLI's native tests will run ${ATDATA_CLI#"$REPO_ROOT"/}"
}

# ---- 5: dotnet test -------------------------------------------------------------------------------------

run_test_projects() {
  local projects=() project name rc
  mapfile -t projects < <(find tests -name '*.Tests.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
  if (( ${#projects[@]} == 0 )); then
    log "no *.Tests.csproj under tests/"
    return 0
  fi
  local filter_args=()
  [ -n "$FILTER" ] && filter_args=(--filter "$FILTER")
  for project in "${projects[@]}"; do
    name=$(basename "$project" .csproj)
    section "Tests: $name${FILTER:+ (filter: $FILTER)}"
    if ! grep -qF "${project//\//\\}" Atdata.sln; then
      echo "$project is not in Atdata.sln, so the build never compiled it: add it with 'dotnet sln Atdata.sln add $project'" \
        | tee "$RESULTS/$name.log"
      record "$name" "not part of Atdata.sln" failed "$RESULTS/$name.log"
      continue
    fi
    # A hung test is stopped after 20 minutes and reported, instead of eating CI's whole time.
    logged "$RESULTS/$name.log" dotnet test "$project" --no-build -c Release \
      --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" \
      --blame-hang-timeout 20m --blame-hang-dump-type none "${filter_args[@]}"
    rc=$?
    if (( rc != 0 )) && ! trx_has_failures "$RESULTS/$name.trx"; then
      # A crash, a hang or a missing TRX file: the TRX alone would not show it.
      record "$name" "dotnet test exited with code $rc" failed "$RESULTS/$name.log"
    fi
  done
}

trx_has_failures() { [ -f "$1" ] && grep -q 'outcome="Failed"' "$1"; }

# ---- 6: NativeAOT smoke ---------------------------------------------------------------------------------

run_aot_smoke() {
  local project=$AOT_SMOKE_PROJECT out=$ARTIFACTS/aot-smoke
  section "NativeAOT smoke: publish tests/Atdata.AotSmoke (PublishAot, warnings as errors) and run it"
  rm -rf "$out"
  # PublishAot comes from the project itself: given on the command line it would reach the netstandard2.0
  # generator project through the project references and fail there (NETSDK1207).
  if ! logged "$RESULTS/aot-publish.log" dotnet publish "$project" -c Release -r linux-x64 -nodeReuse:false \
      -p:TreatWarningsAsErrors=true -p:TrimmerSingleWarn=false -o "$out"; then
    record "NativeAOT smoke" "publish Atdata.AotSmoke" failed "$RESULTS/aot-publish.log"
    return 1
  fi
  local binary=$out/Atdata.AotSmoke
  if [ ! -x "$binary" ] || [ -f "$out/Atdata.AotSmoke.dll" ] || [ "$(head -c 4 "$binary" | od -An -c | tr -d ' ')" != '177ELF' ]; then
    echo "the publish did not produce a native executable $binary: tests/Atdata.AotSmoke must set <PublishAot>true</PublishAot>" \
      | tee "$RESULTS/aot-run.log"
    record "NativeAOT smoke" "publish Atdata.AotSmoke as a native binary" failed "$RESULTS/aot-run.log"
    return 1
  fi
  log "running $(basename "$binary") ($(du -h "$binary" | cut -f1))"
  local rc
  logged "$RESULTS/aot-run.log" timeout --foreground -k 10 300 "$binary"
  rc=$?
  if (( rc == 0 )); then
    record "NativeAOT smoke" "run Atdata.AotSmoke" passed
  else
    echo "the NativeAOT binary exited with code $rc" >> "$RESULTS/aot-run.log"
    record "NativeAOT smoke" "run Atdata.AotSmoke" failed "$RESULTS/aot-run.log"
    return 1
  fi
}

# ---- 7: package consumer --------------------------------------------------------------------------------

run_package_consumer() {
  local consumer=tests/Atdata.PackageConsumer feed=$ARTIFACTS/package-feed
  local packages=$ARTIFACTS/package-consumer/packages
  # A version no earlier run used, so no NuGet cache can serve an older build of the package.
  local version; version="0.1.0-local.$(date -u +%Y%m%d%H%M%S).$$"
  section "Package consumer: pack Atdata.Runtime $version, build $consumer from the package, run it"
  rm -rf "$feed" "$ARTIFACTS/package-consumer" "$consumer/bin" "$consumer/obj"
  if ! logged "$RESULTS/package-pack.log" dotnet pack src/Atdata.Runtime -c Release --no-build -nodeReuse:false \
      -p:PackageVersion="$version" -p:TreatWarningsAsErrors=true -o "$feed"; then
    record "Package consumer" "pack Atdata.Runtime" failed "$RESULTS/package-pack.log"
    return 1
  fi
  # Restored into a private folder: the run never reads or fills the user's package cache for Atdata.Runtime.
  if ! logged "$RESULTS/package-consumer-build.log" dotnet build "$consumer" -c Release -nodeReuse:false \
      -p:AtdataPackageVersion="$version" -p:RestorePackagesPath="$packages"; then
    record "Package consumer" "build from the Atdata.Runtime package" failed "$RESULTS/package-consumer-build.log"
    return 1
  fi
  if logged "$RESULTS/package-consumer-run.log" timeout --foreground -k 10 120 \
      dotnet run --project "$consumer" -c Release --no-build; then
    record "Package consumer" "round-trip [Packable] records" passed
  else
    record "Package consumer" "round-trip [Packable] records" failed "$RESULTS/package-consumer-run.log"
    return 1
  fi
}

# ---- main -----------------------------------------------------------------------------------------------

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
: > "$RESULTS/steps.tsv"

if ! timed "install + start services" prepare_machine; then
  record setup "install tools and start services (see the output above)" failed
else
  if timed "build" build_solution; then
    (( QUICK )) || timed "atdata CLI publish" publish_cli
    timed "dotnet test" run_test_projects
    if (( QUICK )); then
      log "--quick: NativeAOT smoke test and package check skipped"
    else
      if [ -f "$AOT_SMOKE_PROJECT" ]; then
        timed "NativeAOT publish + run" run_aot_smoke
      else
        log "tests/Atdata.AotSmoke does not exist yet: no NativeAOT smoke test to run"
      fi
      timed "package consumer" run_package_consumer
    fi
  else
    log "the build failed: no test can run"
  fi
fi

# Stop the services now, so that the result line below is the last thing printed.
if (( ${#STARTED_SERVICES[@]} )); then
  section "Stopping services"
  timed "stop services" "$SERVICES" stop "${STARTED_SERVICES[@]}" || log "could not stop every service (see above)"
  STARTED_SERVICES=()
fi

section "Summary"
for line in "${TIMINGS[@]}"; do echo "  $line"; done
echo "  $(printf '%-28s %s' total "$(elapsed "$RUN_START")")"
echo "  results and logs: ${RESULTS#"$REPO_ROOT"/}/"
"$PYTHON" "$REPO_ROOT/scripts/summarize-tests.py" "$RESULTS"
exit $?
