#!/bin/bash
# Print the URL (with token) of the course's JupyterLab as seen from the host:
#     docker compose exec lab course-url
# The host port comes from JUPYTER_PORT (passed into the container by
# docker-compose.yml); the token is $JUPYTER_TOKEN if set, else the one
# generated on first start and kept in my-notebooks/.jupyter-token.
# `. course-url --env` (used by start-lab) only sets COURSE_TOKEN, COURSE_BASE_URL
# and COURSE_URL.
_course_url_main() {
  local workspace="${COURSE_WORKSPACE:-/workspace}"
  local token_file="$workspace/my-notebooks/.jupyter-token"
  local token="${JUPYTER_TOKEN:-}"
  if [ -z "$token" ]; then
    if [ -s "$token_file" ]; then
      token=$(head -n1 "$token_file")
    else
      token=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
      (umask 077 && printf '%s\n' "$token" > "$token_file")
    fi
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

if [ "${1:-}" = "--env" ]; then
  _course_url_main
  return $? 2>/dev/null || exit $?
fi
set -euo pipefail
if [ "$(id -u)" -eq 0 ] && id "${COURSE_USER:-learner}" >/dev/null 2>&1; then
  # `docker compose exec` runs as root: act as the course user instead, so a
  # token file we create belongs to the learner.
  u="${COURSE_USER:-learner}"
  exec setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" \
       --groups="$(id -G "$u" | tr ' ' ',')" env HOME="$(getent passwd "$u" | cut -d: -f6)" "$0" "$@"
fi
_course_url_main
printf '%s\n' "$COURSE_URL"
