#!/bin/bash
# Refresh notebooks in your working copy (my-notebooks/) from the course
# (notebooks/). Your current version is kept in my-notebooks/.backups/.
#     docker compose exec lab course-refresh 03-operators.ipynb   # one notebook
#     docker compose exec lab course-refresh --all                # every notebook
# A notebook's old name works too (docker/notebook-renames.tsv): your copy under the
# old name goes to the backups, and the notebook comes back under its new name.
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

RENAMES="$WORKSPACE/docker/notebook-renames.tsv"  # old name <TAB> new name

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
renamed() { [ -f "$RENAMES" ] && awk -F'\t' -v old="$1" '$1 == old { print $2 }' "$RENAMES"; }
backup() {  # $1: path relative to my-notebooks/; moves your copy into the backups
  mkdir -p "$(dirname "$BACKUP/$1")"
  mv "$WORK/$1" "$BACKUP/$1"
  echo "kept your version as my-notebooks/.backups/${BACKUP##*/}/$1"
}
[ $# -ge 1 ] || usage 2
case "$1" in -h|--help) usage 0 ;; esac

refresh() {  # $1: path relative to notebooks/
  local rel="${1#./}" new
  if [ ! -f "$SRC/$rel" ] && new="$(renamed "$rel")" && [ -n "$new" ]; then
    echo "$rel is now called $new"
    if [ -e "$WORK/$rel" ]; then backup "$rel"; fi
    rel="$new"
  fi
  if [ ! -f "$SRC/$rel" ]; then
    echo "course-refresh: notebooks/$rel does not exist" >&2
    return 1
  fi
  if [ -e "$WORK/$rel" ]; then backup "$rel"; fi
  mkdir -p "$(dirname "$WORK/$rel")"
  cp "$SRC/$rel" "$WORK/$rel"
  echo "refreshed my-notebooks/$rel from notebooks/$rel"
}

if [ "$1" = "--all" ]; then
  (cd "$SRC" && find . -path '*/.ipynb_checkpoints' -prune -o -name '*.ipynb' -type f -print) \
    | sort | while IFS= read -r f; do refresh "$f"; done
  # copies still under a notebook's old name: into the backups too
  if [ -f "$RENAMES" ]; then
    { grep -v '^#' "$RENAMES" || true; } | cut -f1 | while IFS= read -r old; do
      if [ -n "$old" ] && [ -e "$WORK/$old" ] && [ ! -e "$SRC/$old" ]; then backup "$old"; fi
    done
  fi
else
  for name in "$@"; do
    name="${name#my-notebooks/}"; name="${name#notebooks/}"
    refresh "$name"
  done
fi
