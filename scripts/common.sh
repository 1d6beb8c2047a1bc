# Helpers shared by scripts/services.sh and scripts/test.sh. Source it; do not run it.
# Defines: log, now_ms, elapsed, wait_until, apt_ensure, REPO_ROOT.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOG_TAG=${LOG_TAG:-atdata}

# log MESSAGE...: one timestamped line on stdout.
log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%T)" "$*"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# elapsed START_MS: "12.3 s" since START_MS.
elapsed() {
  local ms=$(( $(now_ms) - $1 ))
  printf '%d.%d s' $(( ms / 1000 )) $(( ms % 1000 / 100 ))
}

# wait_until SECONDS COMMAND...: retry COMMAND every 0.2 s until it succeeds; fail after SECONDS.
wait_until() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || return 1
    sleep 0.2
  done
}

# apt_ensure PACKAGE...: install the Debian packages that are not installed yet (one apt-get update, one
# install, no recommends). Does nothing when all are present. Needs root, or sudo without a password.
apt_ensure() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  (( ${#missing[@]} )) || return 0
  local sudo=()
  if (( EUID != 0 )); then
    command -v sudo >/dev/null 2>&1 || { log "need root to install: ${missing[*]}"; return 1; }
    sudo=(sudo -n)
  fi
  local t; t=$(now_ms)
  log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq \
    || { log "apt-get update failed"; return 1; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
      install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { log "apt-get install failed: ${missing[*]}"; return 1; }
  log "installed ${missing[*]} in $(elapsed "$t")"
}
