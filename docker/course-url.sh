#!/bin/bash
# Print the URL (with token) of the course's JupyterLab as seen from the host:
#     docker compose exec lab course-url
# The host port comes from JUPYTER_PORT (passed into the container by
# docker-compose.yml); the token is $JUPYTER_TOKEN if set, else the one
# generated on first start and kept in my-notebooks/.jupyter-token.
# Used by start-lab:
#   . course-url --check-token   refuses a JUPYTER_TOKEN that is too short (returns 2)
#   . course-url --env           only sets COURSE_TOKEN, COURSE_BASE_URL and COURSE_URL
COURSE_TOKEN_MIN_LENGTH=32

# A token is long enough to resist guessing and safe in a URL.
_course_token_ok() {
  [ "${#1}" -ge "$COURSE_TOKEN_MIN_LENGTH" ] && [[ "$1" =~ ^[A-Za-z0-9._~-]+$ ]]
}

_course_check_token() {
  local token="${JUPYTER_TOKEN:-}"
  [ -z "$token" ] && return 0
  if ! _course_token_ok "$token"; then
    {
      echo "[course] ERROR: JUPYTER_TOKEN (in .env) is refused: it has ${#token} characters;"
      echo "[course] a token needs at least $COURSE_TOKEN_MIN_LENGTH, only letters, digits and . _ ~ -"
      echo "[course] (anyone who guesses it can run code as you). Either leave JUPYTER_TOKEN empty"
      echo "[course] for a random one, or set one made with:  python3 -c 'import secrets; print(secrets.token_hex(24))'"
    } >&2
    return 2
  fi
}

_course_url_main() {
  _course_check_token || return 2
  local workspace="${COURSE_WORKSPACE:-/workspace}"
  local token_file="$workspace/my-notebooks/.jupyter-token"
  local token="${JUPYTER_TOKEN:-}"
  if [ -z "$token" ] && [ -s "$token_file" ]; then
    token=$(head -n1 "$token_file")
    if ! _course_token_ok "$token"; then  # (the same rule as for JUPYTER_TOKEN)
      echo "[course] my-notebooks/.jupyter-token held a token that is too short or not URL-safe;" >&2
      echo "[course] a new random one replaces it (set JUPYTER_TOKEN in .env to choose one)." >&2
      token=""
    fi
  fi
  if [ -z "$token" ]; then  # first start (or a refused file): a random token, kept for next time
    token=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
    (umask 077 && printf '%s\n' "$token" > "$token_file.tmp" && mv -f "$token_file.tmp" "$token_file")
  fi
  if [ -z "$token" ]; then
    echo "course-url: could not determine the token" >&2
    return 1
  fi
  local host="${BIND_ADDRESS:-127.0.0.1}"
  case "$host" in
    ""|0.0.0.0|"::"|"[::]") host=127.0.0.1 ;;
  esac
  case "$host" in *:*) host="[$host]" ;; esac
  COURSE_TOKEN="$token"
  COURSE_BASE_URL="http://${host}:${JUPYTER_PORT:-8888}"
  COURSE_URL="${COURSE_BASE_URL}/lab?token=${token}"
}

case "${1:-}" in
  --check-token) _course_check_token; return $? 2>/dev/null || exit $? ;;
  --env) _course_url_main; return $? 2>/dev/null || exit $? ;;
esac
set -euo pipefail
if [ "$(id -u)" -eq 0 ] && [ "$(id -u "${COURSE_USER:-learner}" 2>/dev/null || echo 0)" -ne 0 ]; then
  # `docker compose exec -u root`: act as the course user instead, so a token
  # file we create belongs to the learner.
  u="${COURSE_USER:-learner}"
  exec setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --clear-groups \
       env HOME="$(getent passwd "$u" | cut -d: -f6)" "$0" "$@"
fi
_course_url_main
printf '%s\n' "$COURSE_URL"
