#!/usr/bin/env bash
# The project's single test command. Needs only Docker (with `docker compose`) and git.
#
#   ./test.sh
#
# 1. builds the course image under a test tag (classic builder),
# 2. runs the unit tests (pytest over tests/) in it,
# 3. runs every notebook in it with nbval, with the image's own settings: the English
#    ones (notebooks/) and the Japanese ones (notebooks/ja/),
# 4. builds the TensorFlow image (tests/docker/tfref: real TensorFlow 2.21 in its
#    own venv, never in the course image) and runs every
#    tests/**/test_against_tensorflow*.py there against the project, mounted
#    read-only; a skip counts as a failure,
# 5. builds the test-runner image (tests/docker/Dockerfile) and runs the
#    environment checks (tests/environment/) from it against this Docker engine.
#
# It leaves things as it found them: your own `docker compose up` stack and
# your tensor-course:latest image are never touched (test stacks are compose
# projects named $COURSE_TEST_PREFIX-*, on free ports, and use the test image);
# an image that a rebuild replaces under a test tag is removed, so no untagged
# images pile up; throw-away stacks, containers, networks, volumes and images
# named after the prefix are removed at the end; only test-artifacts/
# (git-ignored: logs, a JUnit report, a screenshot) is written.
#
# Settings (environment variables), with their defaults:
#   COURSE_IMAGE=tensor-course:test                     the course image under test
#   COURSE_TFREF_IMAGE=tensor-course-tfref:test         TensorFlow 2.21 for the differential tests
#   COURSE_RUNNER_IMAGE=tensor-course-test-runner:test  the environment checks' runner
#   COURSE_TEST_PREFIX=tcourse-envtest   names of this run's stacks and throw-away
#                                        things; cleanup touches only those
#   COURSE_TEST_STEPS="unit notebooks tensorflow environment"   a subset, to iterate
#   COURSE_UPDATE_SCREENSHOT=1   also write the browser check's screenshot to
#                                docs/screenshot-lab.png (README's picture)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$(pwd -P)"
IMAGE="${COURSE_IMAGE:-tensor-course:test}"
TFREF_IMAGE="${COURSE_TFREF_IMAGE:-tensor-course-tfref:test}"
RUNNER_IMAGE="${COURSE_RUNNER_IMAGE:-tensor-course-test-runner:test}"
PREFIX="${COURSE_TEST_PREFIX:-tcourse-envtest}"
STEPS=" ${COURSE_TEST_STEPS:-unit notebooks tensorflow environment} "
ARTIFACTS="$ROOT/test-artifacts"
export DOCKER_BUILDKIT=0   # classic builder, as on machines without buildx

step() { printf '\n=== %s  [%ss] ===\n' "$*" "$SECONDS"; }
wanted() { [[ "$STEPS" == *" $1 "* ]]; }
starts_with_prefix() { awk -v p="$PREFIX" 'index($NF, p) == 1 {print $1}'; }

cleanup() {
  local rc=$?
  # Containers of the test stacks (compose project names start with $PREFIX)
  # and one-off containers of this run; then networks, volumes, images.
  local ids
  ids=$( { docker ps -a --filter "label=com.docker.compose.project" \
             --format '{{.ID}} {{.Label "com.docker.compose.project"}}' 2>/dev/null | starts_with_prefix
           docker ps -a --format '{{.ID}} {{.Names}}' 2>/dev/null | starts_with_prefix  # (hub learners)
           docker ps -aq --filter "label=tensor-course-test=$PREFIX" 2>/dev/null; } | sort -u)
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
  docker network ls --format '{{.ID}} {{.Name}}' 2>/dev/null | starts_with_prefix \
    | xargs -r docker network rm >/dev/null 2>&1 || true
  docker volume ls --format '{{.Name}} {{.Name}}' 2>/dev/null | starts_with_prefix \
    | xargs -r docker volume rm >/dev/null 2>&1 || true
  docker images --format '{{.Repository}}:{{.Tag}} {{.Repository}}' 2>/dev/null | starts_with_prefix \
    | xargs -r docker rmi >/dev/null 2>&1 || true
  rm -rf "$ARTIFACTS/stacks" 2>/dev/null || true
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# docker build under a tag; the image it replaces (now untagged) is removed.
build() {  # $1: tag, $2: log name, then docker build arguments
  local tag=$1 log=$2 old new; shift 2
  old=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
  docker build --force-rm -t "$tag" "$@" | tee "$ARTIFACTS/$log" | grep -E '^(Step|Successfully)' || true
  test "${PIPESTATUS[0]}" -eq 0
  new=$(docker image inspect -f '{{.Id}}' "$tag")
  if [ -n "$old" ] && [ "$old" != "$new" ] && [ -z "$(docker image inspect -f '{{join .RepoTags ""}}' "$old" 2>/dev/null)" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

mkdir -p "$ARTIFACTS"
t0=$(date +%s)
failed=()
declare -A took

step "1/5 build the course image ($IMAGE)"
s=$SECONDS
build "$IMAGE" build.log .
took[build]=$((SECONDS - s))

# In the image as a learner would run it: its own settings (one BLAS thread,
# see Dockerfile), nothing overridden but bytecode files.
in_image() {
  docker run --rm --label "tensor-course-test=$PREFIX" -e PYTHONDONTWRITEBYTECODE=1 "$IMAGE" "$@"
}

if wanted unit; then
  step "2/5 unit tests (in the image; the differential tests run in step 4)"
  s=$SECONDS
  set +e
  in_image pytest -p no:cacheprovider -m "not docker" \
    --ignore-glob='*/test_against_tensorflow*.py' tests
  rc=$?
  set -e
  [ $rc -eq 0 ] || failed+=("unit tests (exit $rc)")
  took[unit]=$((SECONDS - s))
fi

if wanted notebooks; then
  step "3/5 notebooks, English and Japanese (nbval, in the image, its default settings)"
  s=$SECONDS
  set +e
  in_image pytest -p no:cacheprovider --nbval --nbval-current-env \
    --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/ notebooks/ja/
  rc=$?
  set -e
  [ $rc -eq 0 ] || failed+=("notebooks/nbval (exit $rc)")
  took[notebooks]=$((SECONDS - s))
fi

if wanted tensorflow; then
  step "4/5 differential tests against TensorFlow 2.21 ($TFREF_IMAGE)"
  s=$SECONDS
  build "$TFREF_IMAGE" build-tfref.log tests/docker/tfref
  mapfile -t diff_tests < <(cd "$ROOT" && find tests -name 'test_against_tensorflow*.py' -type f | sort)
  printf '  %s\n' "${diff_tests[@]}"
  set +e
  docker run --rm --label "tensor-course-test=$PREFIX" --user "$(id -u):$(id -g)" \
    -v "$ROOT:/project:ro" -v "$ARTIFACTS:/artifacts" -e HOME=/tmp "$TFREF_IMAGE" bash -c '
      set -e
      python -c "import tensorflow as tf, course.engine; assert tf.__version__.startswith(\"2.21.\"), tf.__version__; print(\"TensorFlow\", tf.__version__)"
      set +e
      python -m pytest -p no:cacheprovider -rs -W "ignore::DeprecationWarning:gast.astn" \
        --junitxml=/tmp/tfref-junit.xml "$@"
      rc=$?
      cp /tmp/tfref-junit.xml /artifacts/tensorflow-junit.xml 2>/dev/null
      # a skipped test (or none at all) fails the step: TensorFlow is here to be used
      if ! python - <<"EOF"; then [ $rc -ne 0 ] || rc=1; fi
import sys, xml.etree.ElementTree as ET
suites = ET.parse("/tmp/tfref-junit.xml").getroot().iter("testsuite")
tests = skipped = 0
for s in suites:
    tests += int(s.get("tests", 0)); skipped += int(s.get("skipped", 0))
print(f"differential tests: {tests} run, {skipped} skipped")
sys.exit(1 if skipped or not tests else 0)
EOF
      exit $rc' tfref "${diff_tests[@]}"
  rc=$?
  set -e
  [ $rc -eq 0 ] || failed+=("differential tests against TensorFlow (exit $rc; a skip is a failure here)")
  took[tensorflow]=$((SECONDS - s))
fi

if wanted environment; then
  step "5/5 environment checks (test-runner container)"
  s=$SECONDS
  build "$RUNNER_IMAGE" build-runner.log -f tests/docker/Dockerfile tests/docker
  sock="${DOCKER_SOCK:-/var/run/docker.sock}"
  set +e
  docker run --rm --label "tensor-course-test=$PREFIX" --network host \
    -v "$sock:/var/run/docker.sock" -v "$ROOT:$ROOT" -w "$ROOT" \
    -e COURSE_ENV_TESTS=1 -e COURSE_PROJECT_DIR="$ROOT" -e COURSE_IMAGE="$IMAGE" \
    -e COURSE_TEST_PREFIX="$PREFIX" -e COURSE_UPDATE_SCREENSHOT="${COURSE_UPDATE_SCREENSHOT:-0}" \
    -e DOCKER_BUILDKIT=0 -e PYTHONDONTWRITEBYTECODE=1 \
    "$RUNNER_IMAGE" \
    pytest -p no:cacheprovider -o addopts="" -ra -v --confcutdir=tests/environment tests/environment \
      --junitxml="$ARTIFACTS/environment-junit.xml"
  rc=$?
  set -e
  [ $rc -eq 0 ] || failed+=("environment checks (exit $rc)")
  took[environment]=$((SECONDS - s))
fi

step "done in $(( $(date +%s) - t0 ))s"
for k in build unit notebooks tensorflow environment; do
  [ -z "${took[$k]:-}" ] || printf '  %-12s %5ss\n' "$k" "${took[$k]}"
done
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all steps passed"
