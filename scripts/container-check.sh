#!/usr/bin/env bash
# container-check: build the project's Dockerfile and prove the image works end to end.
#
#   bash scripts/container-check.sh        (from the repo root, as root; CI: .ci/run)
#
# Works without a Docker engine or registry access: installs buildah/podman/debootstrap/runc
# from Debian when missing, builds a local base image localhost/node:20-bookworm-slim from
# debootstrap + the machine's own Node, builds the Dockerfile on top of it, runs the container
# and checks readiness, /v1/articles, /v1/quotes, /v1/events, the HEALTHCHECK, the non-root user and SIGTERM handling.
#
# Env knobs (all optional):
#   CONTAINER_CHECK_PORT    host port for the container (default 3317, or a free one if taken)
#   CONTAINER_CHECK_IMAGE   tag for the app image (default localhost/news-api:container-check)
#   CONTAINER_CHECK_REBUILD_BASE=1  force rebuilding the local base image
#   DEBIAN_MIRROR           Debian mirror for debootstrap (default: read from /etc/apt/sources.list*)
# Work files live in ${TMPDIR:-/tmp}/container-check; nothing is written to the repo.
set -euo pipefail

BASE_IMAGE=localhost/node:20-bookworm-slim
BASE_VARIANT=slim-no-toolchain
APP_IMAGE=${CONTAINER_CHECK_IMAGE:-localhost/news-api:container-check}
WORK=${TMPDIR:-/tmp}/container-check
READY_TIMEOUT=60
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

CID=""
T_START=$(date +%s)
PHASE=""
PHASE_T0=0
TIMINGS=()

log() { printf 'container-check: %s\n' "$*"; }
FAILED=""
fail() {
  FAILED=1
  printf 'container-check: FAIL: %s\n' "$*" >&2
  if [[ -n "$CID" ]]; then
    printf -- '--- container logs (tail) ---\n' >&2
    podman logs --tail 60 "$CID" >&2 2>&1 || true
    printf -- '-----------------------------\n' >&2
  fi
  exit 1
}
phase_start() { PHASE=$1; PHASE_T0=$(date +%s); log "== phase: $PHASE"; }
phase_end() {
  local dt=$(( $(date +%s) - PHASE_T0 ))
  TIMINGS+=("$(printf '%-14s %4ss' "$PHASE" "$dt")")
  log "== phase: $PHASE done in ${dt}s${1:+ ($1)}"
}
print_timings() {
  local t
  log "timings:"
  for t in "${TIMINGS[@]}"; do printf '  %s\n' "$t"; done
  printf '  %-14s %4ss\n' total "$(( $(date +%s) - T_START ))"
}
cleanup() {
  local rc=$?
  if [[ -n "$CID" ]]; then
    podman rm -f -t 0 "$CID" >/dev/null 2>&1 || podman rm -f "$CID" >/dev/null 2>&1 || true
  fi
  if (( rc != 0 )); then
    [[ -n "$FAILED" ]] || printf 'container-check: FAIL: phase "%s" failed (exit %s)\n' "${PHASE:-setup}" "$rc" >&2
    (( ${#TIMINGS[@]} )) && print_timings >&2
  fi
  return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f Dockerfile && -f package.json ]] || fail "run from the repo root (Dockerfile and package.json not found in $PWD)"
[[ $(id -u) -eq 0 ]] || fail "must run as root (buildah/podman/debootstrap need it here)"
command -v node >/dev/null || fail "node is required on the host (it is copied into the base image)"

mkdir -p "$WORK"

# --------------------------------------------------------------------- tools
phase_start tools
missing=()
for tool in buildah podman debootstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if (( ${#missing[@]} )); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq buildah podman debootstrap runc >"$WORK/apt-install.log" 2>&1 \
    || { tail -20 "$WORK/apt-install.log" >&2; fail "apt-get install buildah podman debootstrap runc"; }
fi

# Sandbox limits: no CAP_SYS_RESOURCE for the default ulimits, crun fails on hybrid cgroups.
cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits=["nofile=1024:1024","nproc=1000:1000"]

[engine]
runtime="runc"
cgroup_manager="cgroupfs"
EOF
export CONTAINERS_CONF=$WORK/containers.conf
phase_end "$(buildah --version | awk '{print "buildah " $3}'), $(podman --version | awk '{print "podman " $3}')"

# ---------------------------------------------------------------- base image
debian_mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local f uri=""
  # one-line format: deb [opts] URI SUITE COMPONENTS
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri=$(awk '$1=="deb" { i=2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                           if ($(i+1) ~ /^bookworm(-updates)?$/) { print $i; exit } }' "$f")
    [[ -n "$uri" ]] && break
  done
  # deb822 format: URIs: ... / Suites: bookworm ...
  if [[ -z "$uri" ]]; then
    for f in /etc/apt/sources.list.d/*.sources; do
      [[ -f "$f" ]] || continue
      uri=$(awk 'BEGIN{RS=""; FS="\n"}
                 { u=""; s=""; for (j=1;j<=NF;j++) { if ($j ~ /^URIs:/) u=$j; if ($j ~ /^Suites:/) s=$j }
                   if (s ~ /[ \t]bookworm([ \t]|$)/ && u != "") { sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit } }' "$f")
      [[ -n "$uri" ]] && break
    done
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

node_headers_dir() {
  local d nodebin
  nodebin=$(readlink -f "$(command -v node)")
  for d in "$(dirname "$(dirname "$nodebin")")/include/node" /usr/local/include/node /usr/include/node; do
    [[ -f "$d/node.h" && -f "$d/common.gypi" ]] && { echo "$d"; return; }
  done
  return 1
}

# A debootstrap interrupted mid-way can leave proc/sys/dev mounted inside the rootfs: unmount
# them first and never let rm cross into another filesystem.
remove_rootfs() {
  local m
  [[ -d "$1" ]] || return 0
  while read -r m; do umount -l "$m" 2>/dev/null || true; done \
    < <(awk -v r="$1/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$1"
}

build_base_image() {
  local rootfs=$WORK/rootfs mirror node_bin npm_dir headers node_ver
  mirror=$(debian_mirror)
  node_bin=$(readlink -f "$(command -v node)")
  node_ver=$(node -v)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # .../node_modules/npm
  [[ -f "$npm_dir/package.json" ]] || fail "cannot locate npm's directory (got $npm_dir)"
  headers=$(node_headers_dir) || fail "node headers (node.h, common.gypi) not found next to node, in /usr/local/include/node or /usr/include/node"
  log "debootstrap bookworm from $mirror; node $node_ver ($node_bin), npm $(node "$npm_dir/bin/npm-cli.js" -v 2>/dev/null) ($npm_dir), headers $headers"

  remove_rootfs "$rootfs"
  # Like the public node:*-slim images, the base has no compiler: the Dockerfile's build stage installs python3,
  # make and g++ itself, so the runtime stage stays free of build tools.
  debootstrap --variant=minbase --include=ca-certificates \
    bookworm "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -30 "$WORK/debootstrap.log" >&2; fail "debootstrap failed (log: $WORK/debootstrap.log)"; }

  # Node laid out as in the official node images: everything under /usr/local.
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  cp -a "$headers" "$rootfs/usr/local/include/node"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

  chroot "$rootfs" /bin/sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
  chroot "$rootfs" /usr/local/bin/node -e 'process.exit(0)' || fail "copied node does not run inside the base rootfs"
  chroot "$rootfs" /usr/bin/env PATH=/usr/local/bin:/usr/bin:/bin npm -v >/dev/null || fail "copied npm does not run inside the base rootfs"

  # Slim it down a little.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
         "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/tmp/*

  tar -C "$rootfs" --numeric-owner -cf "$WORK/base.tar" .
  podman rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
  podman import \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=${node_ver#v}" \
    --change "LABEL container-check.node-version=$node_ver" \
    --change "LABEL container-check.base-variant=$BASE_VARIANT" \
    --change 'CMD ["node"]' \
    "$WORK/base.tar" "$BASE_IMAGE" >/dev/null
  remove_rootfs "$rootfs"; rm -f "$WORK/base.tar"
}

phase_start base-image
base_note="reused"
if [[ "${CONTAINER_CHECK_REBUILD_BASE:-0}" == 1 ]] || ! podman image exists "$BASE_IMAGE"; then
  build_base_image; base_note="built"
else
  have=$(podman image inspect -f '{{index .Labels "container-check.node-version"}}' "$BASE_IMAGE" 2>/dev/null || true)
  variant=$(podman image inspect -f '{{index .Labels "container-check.base-variant"}}' "$BASE_IMAGE" 2>/dev/null || true)
  if [[ -n "$have" && "$have" != "$(node -v)" ]] || [[ "$variant" != "$BASE_VARIANT" ]]; then
    log "base image has node $have (variant '${variant}'), want $(node -v) ($BASE_VARIANT): rebuilding"
    build_base_image; base_note="rebuilt"
  fi
fi
phase_end "$base_note $BASE_IMAGE, $(podman image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"

# --------------------------------------------------------------- image build
phase_start image-build
build_args=(--format docker --network host --isolation chroot
            --build-arg "NODE_IMAGE=$BASE_IMAGE" -t "$APP_IMAGE")
if [[ -f "$CA_BUNDLE" ]]; then
  build_args+=(-v "$CA_BUNDLE:$CA_BUNDLE:ro" --build-arg "NODE_EXTRA_CA_CERTS=$CA_BUNDLE")
fi
old_image_id=$(podman image inspect -f '{{.Id}}' "$APP_IMAGE" 2>/dev/null || true)
if ! buildah bud "${build_args[@]}" . 2>&1 | tee "$WORK/build.log"; then
  fail "buildah bud failed (log: $WORK/build.log)"
fi
# Drop the image this run's tag replaced, so repeated runs do not pile up dangling images.
if [[ -n "$old_image_id" && "$old_image_id" != "$(podman image inspect -f '{{.Id}}' "$APP_IMAGE")" ]]; then
  podman rmi "$old_image_id" >/dev/null 2>&1 || true
fi
grep -q 'better-sqlite3 native addon OK' "$WORK/build.log" || fail "build log does not show the better-sqlite3 native addon check"
hc=$(podman image inspect "$APP_IMAGE" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const i = JSON.parse(s)[0]; const h = i.Healthcheck || i.Config?.Healthcheck || i.HealthCheck;
    process.stdout.write(h && h.Test ? JSON.stringify(h.Test) : "");
  })' || true)
[[ "$hc" == *healthcheck.mjs* ]] || fail "image has no HEALTHCHECK (got: '${hc}')"
img_user=$(podman image inspect -f '{{.Config.User}}' "$APP_IMAGE")
img_size=$(podman image inspect -f '{{.Size}}' "$APP_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')
phase_end "$APP_IMAGE, $img_size, USER=$img_user, HEALTHCHECK=$hc"

# --------------------------------------------------------------------- run
port_free() { ! node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(0));s.listen(+process.argv[1],"0.0.0.0",()=>s.close(()=>process.exit(1)))' "$1"; }
PORT=${CONTAINER_CHECK_PORT:-3317}
if ! port_free "$PORT"; then
  [[ -z "${CONTAINER_CHECK_PORT:-}" ]] || fail "port $PORT (CONTAINER_CHECK_PORT) is in use"
  PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"0.0.0.0",()=>{console.log(s.address().port);s.close()})')
  log "port 3317 busy, using $PORT"
fi
BASE_URL=http://127.0.0.1:$PORT

# GET url -> prints "STATUS BODY" (status 000 on connection error); uses the host's node.
http_get() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { process.stdout.write(r.status + " " + (await r.text())) })
      .catch(() => { process.stdout.write("000 ") })' "$1"
}

phase_start run
# Without systemd, podman logs "unable to get systemd connection" for the healthcheck timer;
# that is harmless here (the check runs `podman healthcheck run` itself), so it is filtered out.
quiet_systemd() { grep -v 'unable to get systemd connection' "$1" >&2 || true; }
CID="container-check-$$"   # the name first, so cleanup also catches a half-created container
run_out=$(podman run -d --network host --name "$CID" -e "PORT=$PORT" -e LOG_LEVEL=info \
            "$APP_IMAGE" 2>"$WORK/podman-run.err") \
  || { cat "$WORK/podman-run.err" >&2; fail "podman run failed"; }
CID=$run_out
quiet_systemd "$WORK/podman-run.err"
log "container ${CID:0:12} started on port $PORT"
ready=""
for (( i = 0; i < READY_TIMEOUT * 2; i++ )); do
  state=$(podman inspect -f '{{.State.Status}}' "$CID" 2>/dev/null || echo gone)
  [[ "$state" == running ]] || fail "container stopped before becoming ready (state: $state)"
  resp=$(http_get "$BASE_URL/health/ready")
  if [[ "${resp%% *}" == 200 ]]; then ready=1; break; fi
  sleep 0.5
done
[[ -n "$ready" ]] || fail "/health/ready did not return 200 within ${READY_TIMEOUT}s (last: ${resp:0:200})"
phase_end "ready after ~$(( i / 2 ))s"

# --------------------------------------------------------------------- probes
phase_start probes
resp=$(http_get "$BASE_URL/health/live")
[[ "${resp%% *}" == 200 ]] || fail "GET /health/live -> ${resp:0:200}"
log "GET /health/live -> 200"

# Each list must be a non-empty page: articles prove the corpus booted, quotes and events that the knowledge base
# shipped in the image and extraction ran.
for path in /v1/articles /v1/quotes /v1/events; do
  resp=$(http_get "$BASE_URL$path")
  [[ "${resp%% *}" == 200 ]] || fail "GET $path -> ${resp:0:300}"
  summary=$(printf '%s' "${resp#* }" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let j; try { j = JSON.parse(s) } catch { console.log("ERR body is not JSON"); return }
      if (!Array.isArray(j.items)) { console.log("ERR items is not an array"); return }
      if (!("nextCursor" in j)) { console.log("ERR nextCursor missing"); return }
      if (typeof j.total !== "number" || j.total < 1) { console.log("ERR total=" + JSON.stringify(j.total) + " (expected >= 1)"); return }
      console.log("OK total=" + j.total + " items=" + j.items.length + " nextCursor=" + JSON.stringify(j.nextCursor));
    })')
  [[ "$summary" == OK* ]] || fail "GET $path: ${summary#ERR }"
  log "GET $path -> 200, ${summary#OK }"
done

if hc_out=$(podman healthcheck run "$CID" 2>&1); then
  log "podman healthcheck run -> exit 0 (${hc_out:-healthy}), status: $(podman inspect -f '{{.State.Health.Status}}' "$CID" 2>/dev/null || echo '?')"
else
  fail "podman healthcheck run -> exit $? ($hc_out)"
fi

uid=$(podman exec "$CID" id -u) || fail "podman exec id -u failed"
[[ "$uid" =~ ^[0-9]+$ && "$uid" -ne 0 ]] || fail "container runs as uid '$uid' (must be non-root)"
log "container runs as uid $uid ($(podman exec "$CID" id -un 2>/dev/null || echo '?'))"

podman exec "$CID" node -e "const db=require('better-sqlite3')(':memory:'); console.log('better-sqlite3 in runtime image OK, sqlite', db.prepare('select sqlite_version() v').get().v)" \
  || fail "better-sqlite3 does not load in the runtime image"
podman exec "$CID" sh -c 'test -w /app/data && ! test -w /app/dist' || fail "expected /app/data writable and /app/dist read-only for the app user"
if podman exec "$CID" sh -c 'command -v g++ || command -v make' >/dev/null 2>&1; then fail "runtime image contains build tools"; fi
log "runtime image has no compiler; production dependencies only ($(podman exec "$CID" sh -c 'ls node_modules | wc -l') packages)"
phase_end

# --------------------------------------------------------------------- stop
phase_start sigterm
t0=$(date +%s%N)
podman stop -t 10 "$CID" >/dev/null 2>"$WORK/podman-stop.err" || { cat "$WORK/podman-stop.err" >&2; fail "podman stop failed"; }
quiet_systemd "$WORK/podman-stop.err"
stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
code=$(podman inspect -f '{{.State.ExitCode}}' "$CID")
case "$code" in
  0)   log "SIGTERM -> exited 0 (graceful shutdown by the app) in ${stop_ms} ms" ;;
  143) log "SIGTERM -> exited 143 (terminated by SIGTERM, no graceful exit code) in ${stop_ms} ms" ;;
  137) fail "SIGTERM ignored: container was SIGKILLed after 10 s (exit 137)" ;;
  *)   fail "container exited with code $code after SIGTERM" ;;
esac
podman logs --tail 5 "$CID" 2>&1 | sed 's/^/  log| /'
phase_end "exit $code"

print_timings
log "PASS ($APP_IMAGE, $img_size)"
