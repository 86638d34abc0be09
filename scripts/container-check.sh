#!/usr/bin/env bash
# container-check: build the project's Dockerfile and prove the image works end to end.
#
#   bash scripts/container-check.sh        (from the repo root, as root; CI: .ci/run)
#
# Works without a Docker engine or registry access: installs buildah/podman/debootstrap/runc
# from Debian when missing, builds a local base image localhost/node:20-bookworm-slim from
# debootstrap + the machine's own Node, builds the Dockerfile on top of it (its default stage bakes a snapshot of the
# seeds), then runs the image four ways and probes each (readiness and its data version, /v1/articles, /v1/quotes,
# /v1/events):
#   read-only   the baked snapshot, root file system read-only, no tmpfs, all capabilities dropped; HEALTHCHECK,
#               non-root user, no build tools, nothing writable, SIGTERM -> exit 0
#   boot        the same image booting the seeds itself (DB_READONLY=false) into a tmpfs data directory
#   mounted     a snapshot built by the image into a host directory, served from it mounted read-only
#   kube-play   the Deployment `kubectl kustomize deploy/k8s` renders, run by `podman kube play` (image, port and
#               host network adapted for this machine by a kustomize overlay); its security context is checked
#               on the running container
# The baked, booted and mounted data versions must be equal: same corpus, same code.
#
# Env knobs (all optional):
#   CONTAINER_CHECK_PORT    host port for the container (default 3317, or a free one if taken)
#   CONTAINER_CHECK_IMAGE   tag for the app image (default localhost/news-api:container-check)
#   CONTAINER_CHECK_REBUILD_BASE=1  force rebuilding the local base image
#   CONTAINER_CHECK_REUSE_IMAGE=1   skip the image build when the app image exists (while working on this script)
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
CIDS=()
KUBE_FILE=""
DATA_VOLUME=""
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
  local rc=$? c
  for c in "${CIDS[@]}"; do
    podman rm -f -t 0 "$c" >/dev/null 2>&1 || podman rm -f "$c" >/dev/null 2>&1 || true
  done
  if [[ -n "$KUBE_FILE" ]]; then podman kube down "$KUBE_FILE" >/dev/null 2>&1 || true; fi
  if [[ -n "$DATA_VOLUME" ]]; then podman volume rm -f "$DATA_VOLUME" >/dev/null 2>&1 || true; fi
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
command -v kubectl >/dev/null || fail "kubectl is required on the host (it renders deploy/k8s for podman kube play)"

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
if [[ "${CONTAINER_CHECK_REUSE_IMAGE:-0}" == 1 && -n "$old_image_id" ]]; then
  log "reusing $APP_IMAGE (CONTAINER_CHECK_REUSE_IMAGE=1)"
else
  if ! buildah bud "${build_args[@]}" . 2>&1 | tee "$WORK/build.log"; then
    fail "buildah bud failed (log: $WORK/build.log)"
  fi
  # Drop the image this run's tag replaced, so repeated runs do not pile up dangling images.
  if [[ -n "$old_image_id" && "$old_image_id" != "$(podman image inspect -f '{{.Id}}' "$APP_IMAGE")" ]]; then
    podman rmi "$old_image_id" >/dev/null 2>&1 || true
  fi
  grep -q 'better-sqlite3 native addon OK' "$WORK/build.log" || fail "build log does not show the better-sqlite3 native addon check"
fi
hc=$(podman image inspect "$APP_IMAGE" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const i = JSON.parse(s)[0]; const h = i.Healthcheck || i.Config?.Healthcheck || i.HealthCheck;
    process.stdout.write(h && h.Test ? JSON.stringify(h.Test) : "");
  })' || true)
[[ "$hc" == *healthcheck.mjs* ]] || fail "image has no HEALTHCHECK (got: '${hc}')"
img_user=$(podman image inspect -f '{{.Config.User}}' "$APP_IMAGE")
[[ "$img_user" =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] || fail "image USER is '$img_user': must be a numeric non-root uid (Kubernetes runAsNonRoot)"
BAKED_VERSION=$(podman run --rm --network host "$APP_IMAGE" node -p 'require("/app/snapshot/news.db.manifest.json").dataVersion' 2>/dev/null || true)
[[ "$BAKED_VERSION" =~ ^[0-9a-f]{16}$ ]] || fail "the image has no baked snapshot manifest (/app/snapshot/news.db.manifest.json): '$BAKED_VERSION'"
img_env=$(podman image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$APP_IMAGE")
grep -qx 'DB_READONLY=true' <<<"$img_env" || fail "the default image does not serve its snapshot read-only (env: $img_env)"
img_size=$(podman image inspect -f '{{.Size}}' "$APP_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')
phase_end "$APP_IMAGE, $img_size, USER=$img_user, HEALTHCHECK=$hc, baked data version $BAKED_VERSION"

# --------------------------------------------------------------------- run
port_free() { ! node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(0));s.listen(+process.argv[1],"0.0.0.0",()=>s.close(()=>process.exit(1)))' "$1"; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"0.0.0.0",()=>{console.log(s.address().port);s.close()})'; }
PORT=${CONTAINER_CHECK_PORT:-3317}
if ! port_free "$PORT"; then
  [[ -z "${CONTAINER_CHECK_PORT:-}" ]] || fail "port $PORT (CONTAINER_CHECK_PORT) is in use"
  PORT=$(free_port)
  log "port 3317 busy, using $PORT"
fi

# GET url -> prints "STATUS BODY" (status 000 on connection error); uses the host's node.
http_get() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { process.stdout.write(r.status + " " + (await r.text())) })
      .catch(() => { process.stdout.write("000 ") })' "$1"
}
# GET url -> prints the value of one response header (empty when absent or on error).
http_header() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { await r.arrayBuffer(); process.stdout.write(r.headers.get(process.argv[2]) ?? "") })
      .catch(() => {})' "$1" "$2"
}
# JSON on stdin, a JS expression over `j` -> prints its value
json_get() { node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const j=JSON.parse(s);process.stdout.write(String(eval(process.argv[1])))})' "$1"; }

# Without systemd, podman logs "unable to get systemd connection" for the healthcheck timer;
# that is harmless here (the check runs `podman healthcheck run` itself), so it is filtered out.
quiet_systemd() { grep -v 'unable to get systemd connection' "$1" >&2 || true; }

# start NAME PORT [podman run options...] -> runs the image detached on the host network, sets CID
start() {
  local name=$1 port=$2 out
  shift 2
  CID="container-check-$name-$$"   # the name first, so cleanup also catches a half-created container
  CIDS+=("$CID")
  out=$(podman run -d --network host --name "$CID" -e "PORT=$port" -e LOG_LEVEL=info "$@" "$APP_IMAGE" 2>"$WORK/podman-run.err") \
    || { cat "$WORK/podman-run.err" >&2; fail "podman run ($name) failed"; }
  quiet_systemd "$WORK/podman-run.err"
  log "container $name (${out:0:12}) started on port $port"
}

# wait_ready URL CONTAINER -> waits for /health/ready 200 while the container runs; sets READY (the body)
wait_ready() {
  local url=$1 container=$2 state resp i
  for (( i = 0; i < READY_TIMEOUT * 2; i++ )); do
    state=$(podman inspect -f '{{.State.Status}}' "$container" 2>/dev/null || echo gone)
    [[ "$state" == running ]] || fail "container $container stopped before becoming ready (state: $state)"
    resp=$(http_get "$url/health/ready")
    if [[ "${resp%% *}" == 200 ]]; then READY=${resp#* }; READY_AFTER=$(( i / 2 )); return; fi
    sleep 0.5
  done
  fail "$url/health/ready did not return 200 within ${READY_TIMEOUT}s (last: ${resp:0:200})"
}

# probe_data URL WHAT -> the readiness data version is the baked one, named in x-data-version, and every list is a
# non-empty page: articles prove the corpus, quotes and events that the knowledge base and extraction are there
probe_data() {
  local url=$1 what=$2 version header path resp summary
  version=$(json_get 'j.dataVersion' <<<"$READY")
  [[ "$version" == "$BAKED_VERSION" ]] || fail "$what: data version $version, expected the baked snapshot's $BAKED_VERSION (same seeds, same code)"
  header=$(http_header "$url/v1/articles" x-data-version)
  [[ "$header" == "$version" ]] || fail "$what: x-data-version on /v1/articles is '$header', expected $version"
  for path in /v1/articles /v1/quotes /v1/events; do
    resp=$(http_get "$url$path")
    [[ "${resp%% *}" == 200 ]] || fail "$what: GET $path -> ${resp:0:300}"
    summary=$(printf '%s' "${resp#* }" | node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        let j; try { j = JSON.parse(s) } catch { console.log("ERR body is not JSON"); return }
        if (!Array.isArray(j.items)) { console.log("ERR items is not an array"); return }
        if (!("nextCursor" in j)) { console.log("ERR nextCursor missing"); return }
        if (typeof j.total !== "number" || j.total < 1) { console.log("ERR total=" + JSON.stringify(j.total) + " (expected >= 1)"); return }
        console.log("OK total=" + j.total + " items=" + j.items.length);
      })')
    [[ "$summary" == OK* ]] || fail "$what: GET $path: ${summary#ERR }"
    log "$what: GET $path -> 200, ${summary#OK }"
  done
  log "$what: data version $version (/health/ready and x-data-version)"
}

# stop CONTAINER -> SIGTERM, must exit 0 (or 143) within 10 s; sets STOP_NOTE
stop() {
  local container=$1 t0 code stop_ms
  t0=$(date +%s%N)
  podman stop -t 10 "$container" >/dev/null 2>"$WORK/podman-stop.err" || { cat "$WORK/podman-stop.err" >&2; fail "podman stop failed"; }
  quiet_systemd "$WORK/podman-stop.err"
  stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  code=$(podman inspect -f '{{.State.ExitCode}}' "$container")
  case "$code" in
    0)   STOP_NOTE="SIGTERM -> exit 0 in ${stop_ms} ms" ;;
    143) STOP_NOTE="SIGTERM -> exit 143 (no graceful exit code) in ${stop_ms} ms" ;;
    137) fail "SIGTERM ignored: $container was SIGKILLed after 10 s (exit 137)" ;;
    *)   fail "$container exited with code $code after SIGTERM" ;;
  esac
  log "$STOP_NOTE"
}

# --------------------------------------------------- the baked snapshot, read-only
phase_start read-only
# Read-only root file system and no tmpfs anywhere (podman adds one on /tmp unless told not to): the service may
# write nowhere. No capabilities, no privilege escalation, as deploy/k8s runs it.
start read-only "$PORT" --read-only --read-only-tmpfs=false --cap-drop=ALL --security-opt=no-new-privileges
wait_ready "http://127.0.0.1:$PORT" "$CID"
log "ready after ~${READY_AFTER}s"
snapshot_built=$(json_get 'j.snapshot && j.snapshot.builtAt' <<<"$READY")
[[ "$snapshot_built" != null && "$snapshot_built" != false ]] || fail "read-only: /health/ready names no snapshot: ${READY:0:300}"
probe_data "http://127.0.0.1:$PORT" read-only
resp=$(http_get "http://127.0.0.1:$PORT/health/live")
[[ "${resp%% *}" == 200 ]] || fail "GET /health/live -> ${resp:0:200}"

if hc_out=$(podman healthcheck run "$CID" 2>&1); then
  log "podman healthcheck run -> exit 0 (${hc_out:-healthy})"
else
  fail "podman healthcheck run -> exit $? ($hc_out)"
fi
uid=$(podman exec "$CID" id -u) || fail "podman exec id -u failed"
[[ "$uid" =~ ^[0-9]+$ && "$uid" -ne 0 ]] || fail "container runs as uid '$uid' (must be non-root)"
log "container runs as uid $uid ($(podman exec "$CID" id -un 2>/dev/null || echo '?'))"
podman exec "$CID" node -e "const db=require('better-sqlite3')(':memory:'); console.log('better-sqlite3 in runtime image OK, sqlite', db.prepare('select sqlite_version() v').get().v)" \
  || fail "better-sqlite3 does not load in the runtime image"
podman exec "$CID" sh -c 'for d in / /app /app/data /app/snapshot /tmp; do touch "$d/.write-probe" 2>/dev/null && { echo "$d is writable"; exit 1; }; done; exit 0' \
  || fail "read-only: something is writable in the container"
log "nothing is writable: /, /app, /app/data, /app/snapshot, /tmp"
if podman exec "$CID" sh -c 'command -v g++ || command -v make' >/dev/null 2>&1; then fail "runtime image contains build tools"; fi
log "runtime image has no compiler; production dependencies only ($(podman exec "$CID" sh -c 'ls node_modules | wc -l') packages)"
stop "$CID"
podman logs --tail 3 "$CID" 2>&1 | sed 's/^/  log| /'
phase_end "ready ~${READY_AFTER}s, $STOP_NOTE"

# ------------------------------------------ the same image booting the seeds itself
phase_start boot
# a volume for the data directory, as a pod would have (a new named volume starts as the image's /app/data, owned by
# the app user), on an otherwise read-only root file system
DATA_VOLUME="container-check-data-$$"
podman volume create "$DATA_VOLUME" >/dev/null
start boot "$PORT" --read-only --read-only-tmpfs=false -v "$DATA_VOLUME:/app/data" \
  -e DB_READONLY=false -e DB_PATH=/app/data/news.db
wait_ready "http://127.0.0.1:$PORT" "$CID"
probe_data "http://127.0.0.1:$PORT" boot
stop "$CID"
podman rm "$CID" >/dev/null 2>&1 || true
podman volume rm -f "$DATA_VOLUME" >/dev/null 2>&1 || true
phase_end "ready ~${READY_AFTER}s, the booted seeds name the baked data version"

# ------------------------------------------ a snapshot built by the image, mounted read-only
phase_start mounted
snap_dir=$WORK/snapshot
rm -rf "$snap_dir"; mkdir -p "$snap_dir"; chown 1000:1000 "$snap_dir"
podman run --rm --network host --user 1000:1000 -v "$snap_dir:/out" -e LOG_LEVEL=warn "$APP_IMAGE" \
  node dist/src/snapshot.js /out/news.db >"$WORK/snapshot-run.log" 2>&1 \
  || { cat "$WORK/snapshot-run.log" >&2; fail "npm run snapshot in the image failed"; }
grep '^snapshot ' "$WORK/snapshot-run.log" | sed 's/^/  /'
chmod -R a-w "$snap_dir"
start mounted "$PORT" --read-only --read-only-tmpfs=false -v "$snap_dir:/snapshot:ro" -e DB_PATH=/snapshot/news.db
wait_ready "http://127.0.0.1:$PORT" "$CID"
probe_data "http://127.0.0.1:$PORT" mounted
stop "$CID"
[[ "$(ls -A "$snap_dir" | tr '\n' ' ')" == "news.db news.db.manifest.json " ]] || fail "mounted: files appeared beside the snapshot: $(ls -A "$snap_dir")"
chmod -R u+w "$snap_dir"
phase_end "ready ~${READY_AFTER}s, nothing written beside the snapshot"

# ------------------------------------------ the Kubernetes Deployment, by podman kube play
phase_start kube-play
# An overlay of deploy/k8s for this machine: the image just built, and no container port (podman publishes a
# containerPort on the host, where three replicas cannot all bind it), so the probes name the port by number.
# Everything else (3 replicas, security context, env, resources) is the Deployment as rendered. Each pod has its own
# network namespace on podman's bridge; it is probed from inside, on its own loopback.
kube_dir=$WORK/kube
rm -rf "$kube_dir"; mkdir -p "$kube_dir"
cat >"$kube_dir/kustomization.yaml" <<KUSTOMIZATION
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $(realpath --relative-to="$kube_dir" "$PWD/deploy/k8s")
images:
  - name: news-intel
    newName: ${APP_IMAGE%:*}
    newTag: ${APP_IMAGE##*:}
patches:
  - target: { kind: Deployment, name: news-intel }
    patch: |-
      - { op: remove, path: /spec/template/spec/containers/0/ports }
      - { op: replace, path: /spec/template/spec/containers/0/startupProbe/httpGet/port, value: 3000 }
      - { op: replace, path: /spec/template/spec/containers/0/readinessProbe/httpGet/port, value: 3000 }
      - { op: replace, path: /spec/template/spec/containers/0/livenessProbe/httpGet/port, value: 3000 }
KUSTOMIZATION
kubectl kustomize --load-restrictor LoadRestrictionsNone "$kube_dir" >"$kube_dir/rendered.yaml" || fail "kubectl kustomize of the local overlay failed"
# podman kube play runs pods, deployments and volumes; the Service, HPA and PDB are for a cluster
awk 'BEGIN { RS = "\n---\n"; ORS = "" } /(^|\n)kind: Deployment\n/ { print }' "$kube_dir/rendered.yaml" >"$kube_dir/deployment.yaml"
grep -q '^kind: Deployment' "$kube_dir/deployment.yaml" || fail "no Deployment in the rendered manifests"
replicas=$(sed -nE 's/^  replicas: ([0-9]+)$/\1/p' "$kube_dir/deployment.yaml")
KUBE_FILE=$kube_dir/deployment.yaml
podman kube play "$KUBE_FILE" >"$WORK/kube-play.log" 2>&1 || { cat "$WORK/kube-play.log" >&2; fail "podman kube play failed"; }
mapfile -t kube_cids < <(podman ps -a --filter label=app.kubernetes.io/name=news-intel --format '{{.ID}}')
(( ${#kube_cids[@]} == replicas )) || { podman ps -a >&2; fail "kube-play: ${#kube_cids[@]} containers of the Deployment, want $replicas"; }
CIDS+=("${kube_cids[@]}")

# GET inside a container, on its loopback: prints "STATUS x-data-version BODY"
inside_get() {
  podman exec "$1" node -e '
    fetch("http://127.0.0.1:3000" + process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then(async (r) => process.stdout.write(r.status + " " + (r.headers.get("x-data-version") ?? "-") + " " + (await r.text())))
      .catch(() => process.stdout.write("000 - "))' "$2" 2>/dev/null || printf '000 - '
}
for kube_cid in "${kube_cids[@]}"; do
  name=$(podman inspect -f '{{.Name}}' "$kube_cid")
  for (( i = 0; i < READY_TIMEOUT * 2; i++ )); do
    state=$(podman inspect -f '{{.State.Status}}' "$kube_cid" 2>/dev/null || echo gone)
    [[ "$state" == running ]] || { podman logs --tail 20 "$kube_cid" >&2; fail "kube-play: $name stopped (state: $state)"; }
    resp=$(inside_get "$kube_cid" /health/ready)
    [[ "${resp%% *}" == 200 ]] && break
    sleep 0.5
  done
  [[ "${resp%% *}" == 200 ]] || fail "kube-play: $name: /health/ready did not return 200 within ${READY_TIMEOUT}s (${resp:0:200})"
  version=$(json_get 'j.dataVersion' <<<"${resp#* * }")
  [[ "$version" == "$BAKED_VERSION" ]] || fail "kube-play: $name serves data version $version, want $BAKED_VERSION"
  resp=$(inside_get "$kube_cid" /v1/articles)
  read -r status header _ <<<"$resp"
  total=$(json_get 'j.total' <<<"${resp#* * }")
  [[ "$status" == 200 && "$header" == "$BAKED_VERSION" && "$total" -ge 1 ]] || fail "kube-play: $name: /v1/articles -> ${resp:0:200}"
  # what the Deployment asked for, as podman applied it to the running container
  sec=$(podman inspect -f 'readonly={{.HostConfig.ReadonlyRootfs}} user={{.Config.User}} capadd={{.HostConfig.CapAdd}} opts={{.HostConfig.SecurityOpt}}' "$kube_cid")
  [[ "$sec" == *readonly=true* ]] || fail "kube-play: $name: the root file system is not read-only ($sec)"
  [[ "$sec" =~ user=1000 ]] || fail "kube-play: $name: not running as 1000 ($sec)"
  [[ "$sec" =~ capadd=\[\] ]] || fail "kube-play: $name: capabilities added ($sec)"
  [[ "$sec" == *no-new-privileges* ]] || fail "kube-play: $name: privilege escalation not prevented ($sec)"
  caps=$(podman exec "$kube_cid" sh -c 'grep -E "^Cap(Prm|Eff|Bnd):" /proc/1/status' | awk '{ print $2 }' | sort -u | tr '\n' ' ')
  [[ "$caps" == "0000000000000000 " ]] || fail "kube-play: $name: the process has capabilities ($caps)"
  log "kube-play: $name ready, /v1/articles total=$total, data version $version; uid 1000, read-only root, no capabilities, no-new-privileges"
done
podman kube down "$KUBE_FILE" >/dev/null 2>&1 || fail "podman kube down failed"
KUBE_FILE=""
phase_end "$replicas replicas ready"

print_timings
log "PASS ($APP_IMAGE, $img_size)"
