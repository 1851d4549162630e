#!/bin/bash
# Start JupyterLab for the course (runs as the unprivileged user).
#  - the course's language, COURSE_LANG (en or ja, in .env): which notebooks are
#    copied (notebooks/, or the Japanese ones in notebooks/ja/), where the file
#    browser opens, and JupyterLab's own menus (Japanese for ja);
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

# shellcheck source=course-edition.sh
. /usr/local/lib/course/edition.sh   # course_lang, copy_edition
course_lang "in .env"

# Commands the learner installs with `%pip install` / `pip install` (into ~/.local).
export PATH="$HOME/.local/bin:$PATH"

mkdir -p "$WORK" "$WORKSPACE/logs"
# Copy the notebooks of the course's language that are not in the working copy
# yet (never overwrite): en copies notebooks/ (but not its ja/ folder), ja
# copies notebooks/ja/ to my-notebooks/ja/.
copy_edition "$SRC" "$WORK" --log
# TensorBoard watches logs/ at the project root; make `logs/...` written from
# a notebook in my-notebooks/ land there. The notebooks write to ../logs,
# ../checkpoints and ../saved_models: from my-notebooks/ja/ these links lead
# to the project's folders too.
for d in logs checkpoints saved_models; do
  if [ ! -e "$WORK/$d" ] && [ ! -L "$WORK/$d" ]; then
    ln -s "../$d" "$WORK/$d" 2>/dev/null || true
  fi
done
if [ "$COURSE_LANG" = ja ]; then
  # JupyterLab's menus and dialogs in Japanese by default (jupyterlab-language-pack-ja-JP;
  # a learner may still switch with Settings > Language); the file browser opens in ja/
  # (jupyter_server_config.py).
  export JUPYTER_CONFIG_PATH="/opt/venv/share/course/jupyter-ja${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
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
