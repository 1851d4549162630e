#!/bin/bash
# Container entrypoint (runs first, as root):
#   1. give the container user the UID/GID of whoever owns the mounted project
#      folder, so files created here belong to that person on the host;
#   2. make sure the working folders exist and are writable;
#   3. drop privileges and exec tini (PID 1) -> the command. Nothing after
#      this point runs as root.
set -euo pipefail

WORKSPACE="${COURSE_WORKSPACE:-/workspace}"
USER_NAME="${COURSE_USER:-learner}"
DEFAULT_UID=1000
WORK_DIRS=(my-notebooks logs checkpoints saved_models)

log() { printf '[course] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  # Started with --user: nothing to adjust, just run the command.
  for d in "${WORK_DIRS[@]}"; do mkdir -p "$WORKSPACE/$d" 2>/dev/null || true; done
  exec /usr/bin/tini -g -- "$@"
fi

owner_uid=$(stat -c %u "$WORKSPACE")
owner_gid=$(stat -c %g "$WORKSPACE")
if [ "$owner_uid" -eq 0 ]; then
  # e.g. a CI clone made by root. Never run the server as root: use the
  # default user and make only the folders the course writes to writable.
  target_uid=$DEFAULT_UID
  target_gid=$DEFAULT_UID
  log "project folder $WORKSPACE is owned by root: running as $USER_NAME (uid $target_uid)" \
      "and making ${WORK_DIRS[*]} writable for it"
else
  target_uid=$owner_uid
  target_gid=$owner_gid
fi

if [ "$(id -g "$USER_NAME")" -ne "$target_gid" ]; then
  groupmod --non-unique --gid "$target_gid" "$USER_NAME"
fi
if [ "$(id -u "$USER_NAME")" -ne "$target_uid" ]; then
  usermod --non-unique --uid "$target_uid" "$USER_NAME" >/dev/null
fi
home=$(getent passwd "$USER_NAME" | cut -d: -f6)
chown -R "$target_uid:$target_gid" "$home" 2>/dev/null || true

for d in "${WORK_DIRS[@]}"; do
  if [ ! -e "$WORKSPACE/$d" ]; then
    mkdir -p "$WORKSPACE/$d"
    chown "$target_uid:$target_gid" "$WORKSPACE/$d"
  elif [ "$owner_uid" -eq 0 ]; then
    chown -R "$target_uid:$target_gid" "$WORKSPACE/$d"
  fi
done

export HOME="$home" USER="$USER_NAME" LOGNAME="$USER_NAME"
groups=$(id -G "$USER_NAME" | tr ' ' ',')
exec setpriv --reuid="$target_uid" --regid="$target_gid" --groups="$groups" \
     /usr/bin/tini -g -- "$@"
