#!/bin/bash
# course-refresh: take the course's current version of notebooks (notebooks/)
# into your working copy (my-notebooks/). Your version is kept in
# my-notebooks/.backups/<date-time>/ first; nothing of yours is deleted.
#
#   docker compose exec lab course-refresh --list          # the course's notebooks, and how yours differ
#   docker compose exec lab course-refresh NAME.ipynb ...  # these notebooks
#   docker compose exec lab course-refresh --all           # every notebook of the course
#
# A notebook's old name works too (docker/notebook-renames.tsv, old <TAB> new):
# your copy under the old name goes to the backups, and the notebook comes
# back under its new name. `--list` shows your copies the course no longer has.
# With COURSE_LANG=ja (.env) it works on the Japanese notebooks (notebooks/ja/ ->
# my-notebooks/ja/): `course-refresh 06-linear-regression.ipynb` then means
# ja/06-linear-regression.ipynb. A path with its folder (ja/...) works either way.
set -euo pipefail

if [ "$(id -u)" -eq 0 ] && [ "$(id -u "${COURSE_USER:-learner}" 2>/dev/null || echo 0)" -ne 0 ]; then
  # `docker compose exec -u root`: act as the learner, so copies belong to them.
  u="${COURSE_USER:-learner}"
  exec setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --clear-groups \
       env HOME="$(getent passwd "$u" | cut -d: -f6)" "$0" "$@"
fi

WORKSPACE="${COURSE_WORKSPACE:-/workspace}"
SRC="$WORKSPACE/notebooks"
WORK="$WORKSPACE/my-notebooks"
BACKUP="$WORK/.backups/$(date +%Y%m%d-%H%M%S)"
RENAMES="$WORKSPACE/docker/notebook-renames.tsv"  # old name <TAB> new name
# The notebooks of the course's language: the English ones (notebooks/ without
# its ja/ folder) or the Japanese ones (notebooks/ja/).
case "${COURSE_LANG:-en}" in ja|ja_*|ja-*) EDITION="ja/" ;; *) EDITION="" ;; esac

renamed() { [ -f "$RENAMES" ] && awk -F'\t' -v old="$1" '$1 == old { print $2 }' "$RENAMES"; }
backup() {  # $1: path relative to my-notebooks/; moves your copy into the backups
  mkdir -p "$(dirname "$BACKUP/$1")"
  mv "$WORK/$1" "$BACKUP/$1"
  echo "kept your version as my-notebooks/.backups/${BACKUP##*/}/$1"
}

notebooks_in() {  # $1: folder; prints the paths of its notebooks of the course's language, sorted
  [ -d "$1" ] || return 0
  (cd "$1" && find . -path '*/.ipynb_checkpoints' -prune -o -path './.backups' -prune -o \
      -name '*.ipynb' -type f -print) | sed 's|^\./||' | sort | {
    if [ -n "$EDITION" ]; then grep "^$EDITION" || true; else grep -v '^ja/' || true; fi; }
}

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  local example
  example=$(notebooks_in "$SRC" | head -n 1)
  [ -n "$example" ] && printf '\nFor example:  docker compose exec lab course-refresh %s\n' "$example"
  return 0
}

list() {
  local rel state
  echo "The course's notebooks (notebooks/) and your copies (my-notebooks/):"
  while IFS= read -r rel; do
    if [ ! -e "$WORK/$rel" ]; then state="not in my-notebooks/ (copied at the next start, or refresh it)"
    elif cmp -s "$SRC/$rel" "$WORK/$rel"; then state="same as the course"
    else state="yours differs (refreshing keeps it in .backups/)"
    fi
    printf '  %-44s %s\n' "$rel" "$state"
  done < <(notebooks_in "$SRC")
  local only
  only=$(comm -13 <(notebooks_in "$SRC") <(notebooks_in "$WORK"))
  if [ -n "$only" ]; then
    echo "Only in my-notebooks/ (yours, or renamed in the course; never touched):"
    printf '%s\n' "$only" | sed 's/^/  /'
  fi
}

refresh() {  # $1: path relative to notebooks/
  local rel="${1#./}" new
  # A bare name is a notebook of the course's language (ja/NAME with COURSE_LANG=ja).
  if [ -n "$EDITION" ] && [[ "$rel" != */* ]] && [ -f "$SRC/$EDITION$rel" ]; then
    rel="$EDITION$rel"
  fi
  if [ ! -f "$SRC/$rel" ] && new="$(renamed "$rel")" && [ -n "$new" ]; then
    echo "$rel is now called $new"
    if [ -e "$WORK/$rel" ]; then backup "$rel"; fi
    rel="$new"
  fi
  if [ ! -f "$SRC/$rel" ]; then
    echo "course-refresh: notebooks/$rel does not exist (course-refresh --list shows the names)" >&2
    return 1
  fi
  if [ -e "$WORK/$rel" ]; then
    if cmp -s "$SRC/$rel" "$WORK/$rel"; then
      echo "my-notebooks/$rel is already the course's version"
      return 0
    fi
    backup "$rel"
  fi
  mkdir -p "$(dirname "$WORK/$rel")"
  cp "$SRC/$rel" "$WORK/$rel"
  echo "refreshed my-notebooks/$rel from notebooks/$rel"
}

if [ $# -eq 0 ]; then usage >&2; exit 2; fi
case "$1" in
  -h|--help) usage; exit 0 ;;
  --list) list; exit 0 ;;
  --all)
    status=0
    while IFS= read -r f; do refresh "$f" || status=1; done < <(notebooks_in "$SRC")
    # copies still under a notebook's old name (English ones): into the backups too
    if [ -z "$EDITION" ] && [ -f "$RENAMES" ]; then
      while IFS= read -r old; do
        if [ -n "$old" ] && [ -e "$WORK/$old" ] && [ ! -e "$SRC/$old" ]; then backup "$old"; fi
      done < <({ grep -v '^#' "$RENAMES" || true; } | cut -f1)
    fi
    exit $status ;;
  -*) echo "course-refresh: unknown option $1" >&2; usage >&2; exit 2 ;;
esac
status=0
for name in "$@"; do
  name="${name#my-notebooks/}"; name="${name#notebooks/}"
  refresh "$name" || status=1
done
exit $status
