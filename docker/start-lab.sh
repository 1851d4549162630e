#!/bin/bash
# Start JupyterLab for the course (runs as the unprivileged user).
#  - creates the learner's working copy my-notebooks/ from notebooks/ on first
#    start (existing files are never overwritten; see `course-refresh`);
#  - picks the access token: $JUPYTER_TOKEN if set (at least 32 characters,
#    else it refuses to start), else a random one that is generated once and
#    kept in my-notebooks/.jupyter-token;
#  - prints ONE clickable URL with the host's address and port.
set -euo pipefail

WORKSPACE="${COURSE_WORKSPACE:-/workspace}"
WORK="$WORKSPACE/my-notebooks"
SRC="$WORKSPACE/notebooks"

log() { printf '[course] %s\n' "$*" >&2; }

# shellcheck source=/dev/null
. /usr/local/bin/course-url --check-token || exit 2

# Commands the learner installs with `%pip install` / `pip install` (into ~/.local).
export PATH="$HOME/.local/bin:$PATH"

mkdir -p "$WORK" "$WORKSPACE/logs"
# Copy notebooks that are not in the working copy yet (never overwrite).
if [ -d "$SRC" ]; then
  (cd "$SRC" && find . -path '*/.ipynb_checkpoints' -prune -o \
      \( -path './logs' -o -path './checkpoints' -o -path './saved_models' \) -prune -o \
      -type f -print) | sort | while IFS= read -r f; do
    if [ ! -e "$WORK/$f" ]; then
      mkdir -p "$(dirname "$WORK/$f")"
      cp -p "$SRC/$f" "$WORK/$f"
      log "copied notebooks/${f#./} to my-notebooks/"
    fi
  done
fi
# TensorBoard watches logs/ at the project root; make `logs/...` written from
# a notebook in my-notebooks/ land there.
if [ ! -e "$WORK/logs" ] && [ ! -L "$WORK/logs" ]; then
  ln -s ../logs "$WORK/logs" 2>/dev/null || true
fi

# shellcheck source=/dev/null
. /usr/local/bin/course-url --env   # sets COURSE_TOKEN, COURSE_BASE_URL and COURSE_URL
export JUPYTER_TOKEN="$COURSE_TOKEN" COURSE_BASE_URL

case "${BIND_ADDRESS:-127.0.0.1}" in
  127.*|localhost|::1|"[::1]") ;;
  *) log "WARNING: BIND_ADDRESS=${BIND_ADDRESS}: JupyterLab is reachable from your network" \
         "on port ${JUPYTER_PORT:-8888} of this computer's address. The token is still required," \
         "also for TensorBoard (${COURSE_BASE_URL}/tensorboard/, or the launcher);" \
         "its own port stays on 127.0.0.1." ;;
esac
# Print the URL once the server answers, so that it works when clicked. The
# waiter is double-forked: tini (PID 1) reaps it.
( (
  for _ in $(seq 1 600); do
    /usr/local/bin/course-healthcheck http://127.0.0.1:8888/api && break
    sleep 0.2
  done
  log "JupyterLab is ready. Open this URL (print it again: docker compose exec lab course-url):"
  printf '%s\n' "$COURSE_URL" >&2
) & )

exec jupyter lab "$@"
