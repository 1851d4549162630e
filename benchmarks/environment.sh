#!/usr/bin/env bash
# Measure the environment's bars (a measurement, not a test):
#   - `docker compose up` -> a usable URL in the logs   (bar: < 5 s, image built)
#   - both services healthy                             (bar: < 15 s)
#   - image size above debian:trixie-slim               (bar: <= 750 MB)
#   - build from scratch (--no-cache)                   (bar: < 5 min)
# Usage: benchmarks/environment.sh [--skip-scratch-build]
# Runs a throw-away copy of the project as compose project "tcourse-bench" on
# free ports, with its own image tag (COURSE_BENCH_IMAGE, default
# tensor-course:bench); your own stack and tensor-course:latest are not touched.
# Needs Docker (+ compose) only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd -P)"
IMAGE="${COURSE_BENCH_IMAGE:-tensor-course:bench}"
BASE=debian:trixie-slim
NAME=tcourse-bench
export DOCKER_BUILDKIT=0
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

results=()
old_image=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
if [ "${1:-}" != "--skip-scratch-build" ]; then
  echo "building from scratch (--no-cache) ..."
  t0=$(now)
  docker build --no-cache --force-rm -q -t "$IMAGE" . >/dev/null
  results+=("build from scratch: $(elapsed "$t0" "$(now)") s   (bar < 300 s)")
else
  docker build --force-rm -q -t "$IMAGE" . >/dev/null
fi
# the image this build replaced under the same tag is now untagged: remove it
if [ -n "$old_image" ] && [ "$old_image" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  docker rmi "$old_image" >/dev/null 2>&1 || true
fi

img=$(docker image inspect -f '{{.Size}}' "$IMAGE")
base=$(docker image inspect -f '{{.Size}}' "$BASE")
results+=("image size: $((img / 1000000)) MB, $(((img - base) / 1000000)) MB above $BASE   (bar <= 750 MB)")

work=$(mktemp -d "$ROOT/test-artifacts/bench.XXXXXX" 2>/dev/null || { mkdir -p "$ROOT/test-artifacts"; mktemp -d "$ROOT/test-artifacts/bench.XXXXXX"; })
cleanup() { (cd "$work" && docker compose down -v -t 2 >/dev/null 2>&1) || true; rm -rf "$work"; }
trap cleanup EXIT
tar -C "$ROOT" --exclude=.git --exclude=test-artifacts --exclude=my-notebooks --exclude=logs \
    --exclude=.env -cf - . | tar -C "$work" -xf -
sed -i "s/^name:.*/name: $NAME/" "$work/docker-compose.yml"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo "$1"; }
jp=$(free_port 18788); tp=$(free_port 16706)
printf 'JUPYTER_PORT=%s\nTENSORBOARD_PORT=%s\nCOURSE_IMAGE=%s\n' "$jp" "$tp" "$IMAGE" > "$work/.env"
owner=$(stat -c %u:%g "$ROOT"); chown -R "$owner" "$work"

probe() {  # HTTP status of $1 from the host (curl, else python3, else a throw-away container)
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" || true
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1], timeout=2).status)" "$1" 2>/dev/null || true
  else
    docker run --rm --network host --entrypoint python3 "$IMAGE" -c \
      "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1], timeout=2).status)" "$1" 2>/dev/null || true
  fi
}

measure_up() {  # $1: label. Polls cheaply (docker logs/inspect, curl) to disturb little.
  cd "$work"
  local t0 t_url="" t_ok="" t_health="" url="" lab="" tb="" status
  t0=$(now)
  docker compose up -d >/dev/null 2>&1
  local t_up; t_up=$(now)
  lab=$(docker compose ps -q lab); tb=$(docker compose ps -q tensorboard)
  while :; do
    if [ -z "$t_url" ]; then
      url=$(docker logs "$lab" 2>&1 | grep -Eo 'http://[^ ]+/lab\?token=[A-Za-z0-9_-]+' | tail -1 || true)
      [ -n "$url" ] && t_url=$(now)
    fi
    if [ -n "$url" ] && [ -z "$t_ok" ]; then
      status=$(probe "$url")
      [ "$status" = 200 ] && t_ok=$(now)
    fi
    if [ -z "$t_health" ] && [ "$(docker inspect -f '{{.State.Health.Status}}' "$lab" "$tb" | grep -c '^healthy$')" = 2 ]; then
      t_health=$(now)
    fi
    [ -n "$t_ok" ] && [ -n "$t_health" ] && break
    if [ "$(elapsed "$t0" "$(now)" | cut -d. -f1)" -gt 120 ]; then echo "timeout" >&2; break; fi
    sleep 0.1
  done
  results+=("$1: \`up -d\` returned $(elapsed "$t0" "$t_up") s; URL in logs $(elapsed "$t0" "${t_url:-$t0}") s, URL answers 200 $(elapsed "$t0" "${t_ok:-$t0}") s (bar < 5 s); both healthy $(elapsed "$t0" "${t_health:-$t0}") s (bar < 15 s)")
  cd "$ROOT"
}
measure_up "first up (new containers)"
(cd "$work" && docker compose down -t 2 >/dev/null 2>&1)
measure_up "up again after down"

printf '\n== environment bars (load average: %s) ==\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
printf '%s\n' "${results[@]}"
