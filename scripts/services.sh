#!/usr/bin/env bash
# Starts, stops and reports the real servers the integration tests talk to, on loopback only:
#   - Redis (Debian redis-server)
#   - an S3 API server: OpenStack Swift with its s3api middleware (Debian swift-proxy, swift-account,
#     swift-container, swift-object), account test:tester, secret testing, region us-east-1.
#   - a Redis Cluster of three masters (redis-server --cluster-enabled yes, no replicas), made with
#     redis-cli --cluster create; its data is wiped whenever it is started afresh.
#
# Usage: scripts/services.sh COMMAND [redis|s3|cluster]...
#   start    install what is missing, then start the services that are not answering yet
#   stop     stop the services this script started (by the pids it recorded; nothing else is touched)
#   restart  stop, then start
#   status   one line per service; exit 0 when every named service answers, 3 otherwise
#   env      print the environment the tests read (eval "$(scripts/services.sh env)")
#   install  install the Debian packages only
# With no service named, a command applies to all three.
#
# Environment (all optional):
#   REDIS_PORT=6390  S3_PORT=4590  SWIFT_BASE_PORT=16210 (Swift's object, container, account servers use it, +1, +2)
#   REDIS_CLUSTER_PORTS=17001,17002,17003   the cluster's three master ports
#   STATE_DIR=<repo>/.atdata-services   pid files, logs, config, the env file and Swift's data
#
# A service that already answers on its port is reused, whoever started it; only the processes whose pids
# this script wrote under STATE_DIR are ever stopped. A pid file whose process is gone is removed.
set -euo pipefail
LOG_TAG=services
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

STATE_DIR=${STATE_DIR:-$REPO_ROOT/.atdata-services}
REDIS_PORT=${REDIS_PORT:-6390}
S3_PORT=${S3_PORT:-4590}
SWIFT_BASE_PORT=${SWIFT_BASE_PORT:-16210}
REDIS_CLUSTER_PORTS=${REDIS_CLUSTER_PORTS:-17001,17002,17003}
S3_ACCESS_KEY=test:tester
S3_SECRET_KEY=testing
S3_REGION=us-east-1

REDIS_PACKAGES=(redis-server)
SWIFT_PACKAGES=(swift-proxy swift-account swift-container swift-object)
SWIFT_SERVERS=(account container object proxy)
SWIFT_DIR=$STATE_DIR/swift
SCRIPTS_DIR=$REPO_ROOT/scripts
PYTHON=$(command -v python3 || echo /usr/bin/python3)

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

# ---- pids -----------------------------------------------------------------------------------------------

# pid_in FILE: the pid recorded in FILE, or nothing.
pid_in() { [ -f "$1" ] && grep -Eo '^[0-9]+' "$1" | head -n 1 || true; }

# owns FILE PATTERN: the pid in FILE is alive and is still the program we started (its command line holds
# PATTERN), so a recycled pid is never mistaken for ours.
owns() {
  local pid; pid=$(pid_in "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}

# drop_stale FILE PATTERN: remove FILE when its process is gone (or is no longer ours).
drop_stale() {
  [ -f "$1" ] || return 0
  owns "$1" "$2" && return 0
  local pid; pid=$(pid_in "$1")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    log "removing stale pid file $(basename "$1") (pid $pid now belongs to another program; not touching it)"
  else
    log "removing stale pid file $(basename "$1") (pid ${pid:-?} is not running)"
  fi
  rm -f "$1"
}

# stop_owned FILE PATTERN NAME [FILE PATTERN NAME]...: stop the processes recorded in the FILEs (and their
# process groups, which hold Swift's workers): TERM to all first, then wait, KILL after 15 s. A pid that is
# not ours is never signalled; its file is just removed.
stop_owned() {
  local args=("$@") i pid
  local -a pids=() names=()
  for (( i = 0; i < ${#args[@]}; i += 3 )); do
    [ -f "${args[i]}" ] || continue
    if owns "${args[i]}" "${args[i+1]}"; then
      pid=$(pid_in "${args[i]}")
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("${args[i+2]}")
    fi
    rm -f "${args[i]}"
  done
  for i in "${!pids[@]}"; do
    pid=${pids[i]}
    if ! wait_until 15 bash -c "! kill -0 $pid"; then
      log "${names[i]} (pid $pid) did not stop in 15 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # The servers run as session leaders (setsid), so their group id is their pid: end leftover workers.
    if kill -0 -- "-$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      wait_until 10 bash -c "! kill -0 -- -$pid" || kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    log "stopped ${names[i]} (pid $pid)"
  done
}

# listening PORT: something accepts TCP connections on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_detached PIDFILE LOGFILE COMMAND...: run COMMAND in its own session (so signals it sends to its
# process group never reach the caller), recording its pid.
start_detached() {
  local pidfile=$1 logfile=$2; shift 2
  rm -f "$pidfile"
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" > "$logfile" 2>&1 < /dev/null &
  wait_until 5 test -s "$pidfile"
}

# ---- redis ----------------------------------------------------------------------------------------------

REDIS_PID=$STATE_DIR/redis.pid
redis_up() { command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start_redis() {
  apt_ensure "${REDIS_PACKAGES[@]}"
  drop_stale "$REDIS_PID" redis-server
  if redis_up; then
    if owns "$REDIS_PID" redis-server; then
      log "redis already running on 127.0.0.1:$REDIS_PORT (pid $(pid_in "$REDIS_PID"), started earlier by this script)"
    else
      log "redis already answering on 127.0.0.1:$REDIS_PORT (not started by this script: reusing it, will not stop it)"
    fi
    return 0
  fi
  if owns "$REDIS_PID" redis-server; then
    log "redis (pid $(pid_in "$REDIS_PID")) is running but not answering; restarting it"
    stop_owned "$REDIS_PID" redis-server redis
  fi
  if listening "$REDIS_PORT"; then
    log "port $REDIS_PORT is taken by another program that is not Redis; set REDIS_PORT to a free port"
    return 1
  fi
  local t; t=$(now_ms)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$STATE_DIR" --pidfile "$REDIS_PID" --logfile "$STATE_DIR/redis.log"
  if ! wait_until 15 redis_up; then
    log "redis did not answer within 15 s; end of $STATE_DIR/redis.log:"
    tail -n 20 "$STATE_DIR/redis.log" 2>/dev/null || true
    return 1
  fi
  wait_until 5 test -s "$REDIS_PID" || true
  log "redis ready on 127.0.0.1:$REDIS_PORT (pid $(pid_in "$REDIS_PID")) in $(elapsed "$t")"
}

stop_redis() { stop_owned "$REDIS_PID" redis-server redis; }

# ---- swift (s3) -----------------------------------------------------------------------------------------

swift_pidfile() { echo "$STATE_DIR/swift-$1.pid"; }
s3_healthy() { curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$S3_PORT/healthcheck" 2>/dev/null; }

# s3_up: the proxy answers its health check and a SigV4-signed create bucket / put / get / delete goes
# through (which needs the account, container and object servers too, and the keys the tests use).
s3_up() {
  s3_healthy || return 1
  "$PYTHON" "$SCRIPTS_DIR/s3probe.py" "http://127.0.0.1:$S3_PORT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$S3_REGION"
}

swift_owned_count() {
  local n c=0
  for n in "${SWIFT_SERVERS[@]}"; do owns "$(swift_pidfile "$n")" "swift-$n-server" && c=$((c + 1)); done
  echo "$c"
}

# swift_defaults PORT: the [DEFAULT] lines every Swift server shares (one worker, loopback, our rings).
swift_defaults() {
  printf '[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = %s\nworkers = 1\nswift_dir = %s\nuser = %s\n' \
    "$1" "$SWIFT_DIR/etc" "$(id -un)"
}

write_swift_config() {
  local n p
  mkdir -p "$SWIFT_DIR/etc" "$SWIFT_DIR/log"
  # Test data does not outlive the servers that held it.
  rm -rf "$SWIFT_DIR/srv"
  mkdir -p "$SWIFT_DIR/srv/sdb1"
  # Rings name the backend ports: rebuild them when the ports change.
  if [ "$(cat "$SWIFT_DIR/etc/ports" 2>/dev/null)" != "$SWIFT_BASE_PORT" ]; then
    rm -f "$SWIFT_DIR"/etc/*.builder "$SWIFT_DIR"/etc/*.ring.gz
    rm -rf "$SWIFT_DIR/etc/backups"
  fi
  for n in object container account; do
    case $n in
      object) p=$SWIFT_BASE_PORT ;;
      container) p=$((SWIFT_BASE_PORT + 1)) ;;
      account) p=$((SWIFT_BASE_PORT + 2)) ;;
    esac
    { swift_defaults "$p"; cat <<CONF
devices = $SWIFT_DIR/srv
mount_check = false
disable_fallocate = true
[pipeline:main]
pipeline = $n-server
[app:$n-server]
use = egg:swift#$n
[$n-replicator]
[$n-auditor]
[$n-updater]
CONF
    } > "$SWIFT_DIR/etc/$n-server.conf"
    if [ ! -f "$SWIFT_DIR/etc/$n.ring.gz" ]; then
      swift-ring-builder "$SWIFT_DIR/etc/$n.builder" create 10 1 1 >/dev/null
      swift-ring-builder "$SWIFT_DIR/etc/$n.builder" add "r1z1-127.0.0.1:$p/sdb1" 100 >/dev/null
      # rebalance exits 1 with a warning on a one-device ring; the ring is still written.
      swift-ring-builder "$SWIFT_DIR/etc/$n.builder" rebalance >/dev/null || true
      [ -f "$SWIFT_DIR/etc/$n.ring.gz" ] || { log "swift-ring-builder did not write the $n ring"; return 1; }
    fi
  done
  echo "$SWIFT_BASE_PORT" > "$SWIFT_DIR/etc/ports"
  { swift_defaults "$S3_PORT"; cat <<CONF
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:s3api]
use = egg:swift#s3api
location = $S3_REGION
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = $S3_SECRET_KEY .admin
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF
  } > "$SWIFT_DIR/etc/proxy-server.conf"
}

start_s3() {
  apt_ensure "${SWIFT_PACKAGES[@]}"
  local n
  for n in "${SWIFT_SERVERS[@]}"; do drop_stale "$(swift_pidfile "$n")" "swift-$n-server"; done
  if s3_up; then
    if [ "$(swift_owned_count)" = "${#SWIFT_SERVERS[@]}" ]; then
      log "s3 (swift) already running on 127.0.0.1:$S3_PORT (started earlier by this script)"
    else
      log "s3 already answering on 127.0.0.1:$S3_PORT (not started by this script: reusing it, will not stop it)"
    fi
    return 0
  fi
  if [ "$(swift_owned_count)" != 0 ]; then
    log "s3 (swift) processes from an earlier start are not answering; restarting them"
    stop_s3
  fi
  local port
  for port in "$S3_PORT" "$SWIFT_BASE_PORT" $((SWIFT_BASE_PORT + 1)) $((SWIFT_BASE_PORT + 2)); do
    if listening "$port"; then
      log "port $port is taken by another program; set S3_PORT / SWIFT_BASE_PORT to free ports"
      return 1
    fi
  done
  local t; t=$(now_ms)
  write_swift_config
  for n in "${SWIFT_SERVERS[@]}"; do
    start_detached "$(swift_pidfile "$n")" "$SWIFT_DIR/log/$n.log" "/usr/bin/swift-$n-server" "$SWIFT_DIR/etc/$n-server.conf" --verbose
  done
  if ! wait_until 90 s3_up; then
    log "s3 (swift) was not ready within 90 s; ends of the server logs:"
    for n in "${SWIFT_SERVERS[@]}"; do echo "--- $n"; tail -n 10 "$SWIFT_DIR/log/$n.log" 2>/dev/null || true; done
    stop_s3
    return 1
  fi
  log "s3 (swift) ready on http://127.0.0.1:$S3_PORT in $(elapsed "$t")"
}

s3_stop_entries() {
  local n
  for n in "${SWIFT_SERVERS[@]}"; do STOP_ENTRIES+=("$(swift_pidfile "$n")" "swift-$n-server" "swift $n server"); done
}
stop_s3() { STOP_ENTRIES=(); s3_stop_entries; stop_owned "${STOP_ENTRIES[@]}"; }

# ---- redis cluster --------------------------------------------------------------------------------------

CLUSTER_DIR=$STATE_DIR/cluster
IFS=', ' read -r -a CLUSTER_PORTS <<< "$REDIS_CLUSTER_PORTS"
cluster_pidfile() { echo "$CLUSTER_DIR/redis-$1.pid"; }
cluster_endpoints() { local IFS=,; local p out=(); for p in "${CLUSTER_PORTS[@]}"; do out+=("127.0.0.1:$p"); done; echo "${out[*]}"; }

# cluster_up: every node answers and reports cluster_state:ok with all 16384 slots assigned.
cluster_up() {
  command -v redis-cli >/dev/null || return 1
  local p info
  for p in "${CLUSTER_PORTS[@]}"; do
    info=$(redis-cli -h 127.0.0.1 -p "$p" cluster info 2>/dev/null) || return 1
    grep -q '^cluster_state:ok' <<< "$info" || return 1
    grep -q '^cluster_slots_assigned:16384' <<< "$info" || return 1
  done
}

cluster_owned_count() {
  local p c=0
  for p in "${CLUSTER_PORTS[@]}"; do owns "$(cluster_pidfile "$p")" redis-server && c=$((c + 1)); done
  echo "$c"
}

cluster_stop_entries() {
  local p
  for p in "${CLUSTER_PORTS[@]}"; do STOP_ENTRIES+=("$(cluster_pidfile "$p")" redis-server "cluster node $p"); done
}
stop_cluster() { STOP_ENTRIES=(); cluster_stop_entries; stop_owned "${STOP_ENTRIES[@]}"; }

start_cluster() {
  apt_ensure "${REDIS_PACKAGES[@]}"
  (( ${#CLUSTER_PORTS[@]} == 3 )) || { log "REDIS_CLUSTER_PORTS must name three ports (got '$REDIS_CLUSTER_PORTS')"; return 1; }
  local p
  for p in "${CLUSTER_PORTS[@]}"; do drop_stale "$(cluster_pidfile "$p")" redis-server; done
  if cluster_up; then
    log "redis cluster already answering on $(cluster_endpoints) ($(cluster_owned_count) of 3 nodes started by this script)"
    return 0
  fi
  if [ "$(cluster_owned_count)" != 0 ]; then
    log "redis cluster nodes from an earlier start are not a healthy cluster; restarting them"
    stop_cluster
  fi
  for p in "${CLUSTER_PORTS[@]}"; do
    if listening "$p"; then
      log "port $p is taken by another program; set REDIS_CLUSTER_PORTS to three free ports"
      return 1
    fi
  done
  local t; t=$(now_ms)
  # A fresh cluster each start: node ids and slot maps from an earlier run would not match.
  rm -rf "$CLUSTER_DIR"
  for p in "${CLUSTER_PORTS[@]}"; do
    mkdir -p "$CLUSTER_DIR/$p"
    redis-server --bind 127.0.0.1 --port "$p" --daemonize yes --save '' --appendonly no \
      --cluster-enabled yes --cluster-config-file "$CLUSTER_DIR/$p/nodes.conf" --cluster-node-timeout 5000 \
      --dir "$CLUSTER_DIR/$p" --pidfile "$(cluster_pidfile "$p")" --logfile "$CLUSTER_DIR/redis-$p.log"
  done
  for p in "${CLUSTER_PORTS[@]}"; do
    if ! wait_until 15 bash -c "redis-cli -h 127.0.0.1 -p $p ping | grep -q PONG"; then
      log "cluster node $p did not answer within 15 s; end of its log:"
      tail -n 20 "$CLUSTER_DIR/redis-$p.log" 2>/dev/null || true
      stop_cluster
      return 1
    fi
  done
  local nodes=()
  for p in "${CLUSTER_PORTS[@]}"; do nodes+=("127.0.0.1:$p"); done
  if ! redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes > "$CLUSTER_DIR/create.log" 2>&1; then
    log "redis-cli --cluster create failed:"
    tail -n 20 "$CLUSTER_DIR/create.log"
    stop_cluster
    return 1
  fi
  if ! wait_until 30 cluster_up; then
    log "the redis cluster did not reach cluster_state:ok within 30 s"
    stop_cluster
    return 1
  fi
  for p in "${CLUSTER_PORTS[@]}"; do wait_until 5 test -s "$(cluster_pidfile "$p")" || true; done
  log "redis cluster ready on $(cluster_endpoints) in $(elapsed "$t")"
}

status_cluster() {
  local owner="$(cluster_owned_count) of 3 nodes started by this script, logs $CLUSTER_DIR"
  if cluster_up; then
    printf 'cluster up    %s  (%s)\n' "$(cluster_endpoints)" "$owner"
  else
    printf 'cluster down  %s  (%s)\n' "$(cluster_endpoints)" "$owner"
    return 1
  fi
}

# ---- env, status ----------------------------------------------------------------------------------------

print_env() {
  cat <<ENV
export ATDATA_REDIS='127.0.0.1:$REDIS_PORT'
export REDIS_CONFIGURATION='127.0.0.1:$REDIS_PORT'
export ATDATA_S3_ENDPOINT='http://127.0.0.1:$S3_PORT'
export ATDATA_S3_ACCESS_KEY='$S3_ACCESS_KEY'
export ATDATA_S3_SECRET_KEY='$S3_SECRET_KEY'
export ATDATA_S3_REGION='$S3_REGION'
ENV
  # Only a cluster that answers is handed to the tests: without it they report it missing instead of timing out.
  if cluster_up; then echo "export ATDATA_REDIS_CLUSTER='$(cluster_endpoints)'"; fi
}

write_env() {
  { echo "# Written by scripts/services.sh start; source it to reach the test servers."; print_env; } > "$STATE_DIR/env"
  log "environment for the tests: $STATE_DIR/env"
}

status_redis() {
  local owner="not started by this script"
  owns "$REDIS_PID" redis-server && owner="pid $(pid_in "$REDIS_PID"), started by this script, log $STATE_DIR/redis.log"
  if redis_up; then
    printf 'redis  up    127.0.0.1:%s  (%s)\n' "$REDIS_PORT" "$owner"
  else
    [ -f "$REDIS_PID" ] && ! owns "$REDIS_PID" redis-server && owner="stale pid file"
    printf 'redis  down  127.0.0.1:%s  (%s)\n' "$REDIS_PORT" "$owner"
    return 1
  fi
}

status_s3() {
  local n pids=() owner
  for n in "${SWIFT_SERVERS[@]}"; do
    owns "$(swift_pidfile "$n")" "swift-$n-server" && pids+=("$n=$(pid_in "$(swift_pidfile "$n")")")
  done
  if (( ${#pids[@]} )); then owner="${pids[*]}, logs $SWIFT_DIR/log"; else owner="not started by this script"; fi
  if s3_up; then
    printf 's3     up    http://127.0.0.1:%s  (swift %s)\n' "$S3_PORT" "$owner"
  elif s3_healthy; then
    printf 's3     sick  http://127.0.0.1:%s  (proxy answers but a write through it fails; %s)\n' "$S3_PORT" "$owner"
    return 1
  else
    printf 's3     down  http://127.0.0.1:%s  (%s)\n' "$S3_PORT" "$owner"
    return 1
  fi
}

# ---- main -----------------------------------------------------------------------------------------------

command=${1:-}
[ $# -gt 0 ] && shift
services=()
for s in "$@"; do
  case $s in
    redis) services+=(redis) ;;
    s3 | swift) services+=(s3) ;;
    cluster) services+=(cluster) ;;
    *) echo "unknown service '$s' (expected redis, s3 or cluster)" >&2; exit 2 ;;
  esac
done
(( ${#services[@]} )) || services=(redis s3 cluster)

case $command in
  start)
    mkdir -p "$STATE_DIR"
    pkgs=()
    for s in "${services[@]}"; do
      case $s in redis | cluster) pkgs+=("${REDIS_PACKAGES[@]}") ;; s3) pkgs+=("${SWIFT_PACKAGES[@]}") ;; esac
    done
    apt_ensure "${pkgs[@]}"
    for s in "${services[@]}"; do "start_$s"; done
    write_env ;;
  stop)
    # One stop for all, so the servers shut down side by side.
    STOP_ENTRIES=()
    for s in "${services[@]}"; do
      case $s in redis) STOP_ENTRIES+=("$REDIS_PID" redis-server redis) ;; s3) s3_stop_entries ;; cluster) cluster_stop_entries ;; esac
    done
    stop_owned "${STOP_ENTRIES[@]}" ;;
  restart)
    "$0" stop "${services[@]}"
    exec "$0" start "${services[@]}" ;;
  status)
    rc=0
    for s in "${services[@]}"; do "status_$s" || rc=3; done
    [ $rc = 0 ] && [ -f "$STATE_DIR/env" ] && echo "env file: $STATE_DIR/env"
    exit $rc ;;
  env)
    print_env ;;
  install)
    apt_ensure "${REDIS_PACKAGES[@]}" "${SWIFT_PACKAGES[@]}" ;;
  -h | --help | help)
    usage ;;
  *)
    usage >&2
    exit 2 ;;
esac
