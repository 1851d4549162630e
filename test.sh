#!/usr/bin/env bash
# The project's single test command. Needs only Docker (with `docker compose`) and git.
#
#   ./test.sh
#
# 1. builds the course image (classic builder),
# 2. runs the unit tests (pytest over tests/, environment checks excluded) in it,
# 3. runs every notebook in it with nbval,
# 4. builds the test-runner image (tests/docker/Dockerfile) and runs the
#    environment checks (tests/environment/) from it against this Docker engine.
# Test stacks use their own compose project names (tcourse-envtest-*): a stack
# you started yourself with `docker compose up` is left alone. Nothing is left
# running afterwards. Artifacts (logs, screenshots) go to test-artifacts/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$(pwd -P)"
IMAGE="${COURSE_IMAGE:-tensor-course:latest}"
RUNNER_IMAGE="${COURSE_RUNNER_IMAGE:-tensor-course-test-runner:latest}"
PREFIX="tcourse-envtest"
ARTIFACTS="$ROOT/test-artifacts"
export DOCKER_BUILDKIT=0   # classic builder, as on machines without buildx

step() { printf '\n=== %s  [%ss] ===\n' "$*" "$SECONDS"; }

cleanup() {
  local rc=$?
  # Containers of the test stacks (compose project names start with $PREFIX)
  # and one-off containers of this script.
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project" \
        --format '{{.ID}} {{.Label "com.docker.compose.project"}}' 2>/dev/null \
        | awk -v p="$PREFIX" 'index($2, p) == 1 {print $1}')
  ids="$ids $(docker ps -aq --filter "label=tensor-course-test=1" 2>/dev/null)"
  if [ -n "${ids// /}" ]; then
    docker rm -f $ids >/dev/null 2>&1 || true
  fi
  docker network ls -q --filter "name=${PREFIX}" 2>/dev/null | xargs -r docker network rm >/dev/null 2>&1 || true
  docker volume ls -q --filter "name=${PREFIX}" 2>/dev/null | xargs -r docker volume rm >/dev/null 2>&1 || true
  rm -rf "$ARTIFACTS/stacks" 2>/dev/null || true
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$ARTIFACTS"
t0=$(date +%s)

step "1/4 build the course image ($IMAGE)"
docker build -t "$IMAGE" . | tee "$ARTIFACTS/build.log" | grep -E '^(Step|Successfully)' || true
test "${PIPESTATUS[0]}" -eq 0
docker image inspect "$IMAGE" >/dev/null

in_image() {
  docker run --rm --label tensor-course-test=1 \
    -e OPENBLAS_NUM_THREADS=1 -e OMP_NUM_THREADS=1 -e PYTHONDONTWRITEBYTECODE=1 \
    "$IMAGE" "$@"
}

failed=()

step "2/4 unit tests (in the image)"
set +e
in_image pytest -p no:cacheprovider -m "not docker" tests
rc=$?
set -e
if [ $rc -eq 5 ]; then
  echo "no unit tests collected yet (pytest exit 5): not a failure"
elif [ $rc -ne 0 ]; then
  failed+=("unit tests (exit $rc)")
fi

step "3/4 notebooks (nbval, in the image)"
if [ -n "$(find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | head -1)" ]; then
  set +e
  in_image pytest -p no:cacheprovider --nbval --nbval-current-env \
    --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/
  rc=$?
  set -e
  [ $rc -eq 0 ] || failed+=("notebooks/nbval (exit $rc)")
else
  echo "no notebooks in notebooks/ yet: nbval step skipped"
fi

step "4/4 environment checks (test-runner container)"
docker build -t "$RUNNER_IMAGE" -f tests/docker/Dockerfile tests/docker \
  | tee "$ARTIFACTS/build-runner.log" | grep -E '^(Step|Successfully)' || true
test "${PIPESTATUS[0]}" -eq 0
sock="${DOCKER_SOCK:-/var/run/docker.sock}"
set +e
docker run --rm --label tensor-course-test=1 --network host \
  -v "$sock:/var/run/docker.sock" -v "$ROOT:$ROOT" -w "$ROOT" \
  -e COURSE_ENV_TESTS=1 -e COURSE_PROJECT_DIR="$ROOT" -e COURSE_IMAGE="$IMAGE" \
  -e COURSE_TEST_PREFIX="$PREFIX" -e DOCKER_BUILDKIT=0 -e PYTHONDONTWRITEBYTECODE=1 \
  "$RUNNER_IMAGE" \
  pytest -p no:cacheprovider -o addopts="" -ra -v --confcutdir=tests/environment tests/environment \
    --junitxml="$ARTIFACTS/environment-junit.xml"
rc=$?
set -e
[ $rc -eq 0 ] || failed+=("environment checks (exit $rc)")

step "done in $(( $(date +%s) - t0 ))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all steps passed"
