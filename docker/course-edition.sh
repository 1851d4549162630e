# The course's language and its notebooks, for start-lab and start-singleuser
# (sourced; installed as /usr/local/lib/course/edition.sh).
#  - course_lang WHERE: COURSE_LANG as en or ja (en_US, ja_JP, ... accepted),
#    exported; any other value stops with a message naming WHERE it was set.
#  - copy_edition SRC WORK [--log]: copies the notebooks of that language that
#    WORK does not have yet, never overwriting (en: SRC without its ja/ folder;
#    ja: SRC/ja to WORK/ja); --log says each file it copies.
# Both expect a `log` function from the script that sources them.

course_lang() {  # $1: where COURSE_LANG is set, for the message
  case "${COURSE_LANG:-en}" in
    en|en_*|en-*) COURSE_LANG=en ;;
    ja|ja_*|ja-*) COURSE_LANG=ja ;;
    *) log "ERROR: COURSE_LANG=${COURSE_LANG} ($1) is not a language of the course: use en or ja."
       exit 2 ;;
  esac
  export COURSE_LANG
}

copy_edition() {  # $1: the course's notebooks, $2: the learner's copy, $3: --log or nothing
  local src=$1 work=$2 say=${3:-} edition=.
  [ "$COURSE_LANG" = ja ] && edition=./ja
  [ -d "$src/$edition" ] || return 0
  (cd "$src" && find "$edition" -path '*/.ipynb_checkpoints' -prune -o \
      \( -path './logs' -o -path './checkpoints' -o -path './saved_models' \) -prune -o \
      \( -path ./ja -a ! -path "$edition" \) -prune -o \
      -type f -print) | sort | while IFS= read -r f; do
    if [ ! -e "$work/$f" ]; then
      mkdir -p "$(dirname "$work/$f")"
      cp -p "$src/$f" "$work/$f"
      if [ "$say" = --log ]; then
        log "copied notebooks/${f#./} to my-notebooks/$(dirname "${f#./}" | sed 's|^\.$||; s|.$|&/|')"
      fi
    fi
  done
}
