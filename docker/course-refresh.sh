#!/bin/bash
# Refresh notebooks in your working copy (my-notebooks/) from the course
# (notebooks/). Your current version is kept in my-notebooks/.backups/.
#     docker compose exec lab course-refresh 03-gradients.ipynb   # one notebook
#     docker compose exec lab course-refresh --all                # every notebook
set -euo pipefail

if [ "$(id -u)" -eq 0 ] && id "${COURSE_USER:-learner}" >/dev/null 2>&1; then
  u="${COURSE_USER:-learner}"
  exec setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" \
       --groups="$(id -G "$u" | tr ' ' ',')" env HOME="$(getent passwd "$u" | cut -d: -f6)" "$0" "$@"
fi

WORKSPACE="${COURSE_WORKSPACE:-/workspace}"
SRC="$WORKSPACE/notebooks"
WORK="$WORKSPACE/my-notebooks"
BACKUP="$WORK/.backups/$(date +%Y%m%d-%H%M%S)"

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
[ $# -ge 1 ] || usage 2
case "$1" in -h|--help) usage 0 ;; esac

refresh() {  # $1: path relative to notebooks/
  local rel="${1#./}" 
  if [ ! -f "$SRC/$rel" ]; then
    echo "course-refresh: notebooks/$rel does not exist" >&2
    return 1
  fi
  if [ -e "$WORK/$rel" ]; then
    mkdir -p "$(dirname "$BACKUP/$rel")"
    mv "$WORK/$rel" "$BACKUP/$rel"
    echo "kept your version as my-notebooks/.backups/${BACKUP##*/}/$rel"
  fi
  mkdir -p "$(dirname "$WORK/$rel")"
  cp "$SRC/$rel" "$WORK/$rel"
  echo "refreshed my-notebooks/$rel from notebooks/$rel"
}

if [ "$1" = "--all" ]; then
  (cd "$SRC" && find . -path '*/.ipynb_checkpoints' -prune -o -name '*.ipynb' -type f -print) \
    | sort | while IFS= read -r f; do refresh "$f"; done
else
  for name in "$@"; do
    name="${name#my-notebooks/}"; name="${name#notebooks/}"
    refresh "$name"
  done
fi
