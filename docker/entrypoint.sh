#!/bin/bash
# Container entrypoint. The container starts as the user `learner`, which is
# UID 0 in the image (see Dockerfile) until this script has run once:
#   1. give `learner` the UID/GID of whoever owns the mounted project folder,
#      so files created here belong to that person on the host, and so that
#      `docker compose exec lab ...` (which looks the name up again) runs as them;
#   2. make sure the working folders exist and are writable;
#   3. drop every privilege (UID/GID, capabilities, no new privileges) and exec
#      tini (PID 1) -> the command. Nothing after this point runs as root.
# A restarted container starts directly as the learner's UID (Docker looks the
# name up at each start): then there is nothing left to adjust.
set -euo pipefail

WORKSPACE="${COURSE_WORKSPACE:-/workspace}"
USER_NAME="${COURSE_USER:-learner}"
DEFAULT_UID=1000
WORK_DIRS=(my-notebooks logs checkpoints saved_models)

log() { printf '[course] %s\n' "$*" >&2; }

owner_uid=$(stat -c %u "$WORKSPACE")
owner_gid=$(stat -c %g "$WORKSPACE")
if [ "$owner_uid" -eq 0 ]; then
  target_uid=$DEFAULT_UID
  target_gid=$DEFAULT_UID
else
  target_uid=$owner_uid
  target_gid=$owner_gid
fi

read_only_mount() {  # $1: a mount point; true if mounted read-only (as logs/ for tensorboard)
  awk -v m="$1" '$5 == m { split($6, o, ","); ro = (o[1] == "ro") } END { exit !ro }' /proc/self/mountinfo
}

check_work_dirs() {
  local d
  for d in "${WORK_DIRS[@]}"; do
    if [ -d "$WORKSPACE/$d" ] && [ ! -w "$WORKSPACE/$d" ] && ! read_only_mount "$WORKSPACE/$d"; then
      log "WARNING: $d/ is not writable for UID $(id -u) (ls -ln shows its owner)."
    fi
  done
}

if [ "$(id -u)" -ne 0 ]; then
  # A restarted container, or `docker run --user ...`: nothing to adjust.
  if [ "$(id -un 2>/dev/null)" = "$USER_NAME" ] && [ "$(id -u)" -ne "$target_uid" ]; then
    log "WARNING: this container runs as UID $(id -u), but the project folder now belongs to" \
        "UID $target_uid. Recreate the container: docker compose up --force-recreate"
  fi
  for d in "${WORK_DIRS[@]}"; do mkdir -p "$WORKSPACE/$d" 2>/dev/null || true; done
  check_work_dirs
  exec /usr/bin/tini -g -- "$@"
fi

if [ "$owner_uid" -eq 0 ]; then
  # e.g. a CI clone made by root. Never run the server as root: use the
  # default UID and make only the folders the course writes to writable.
  log "project folder $WORKSPACE is owned by root: running as $USER_NAME (uid $target_uid)" \
      "and making ${WORK_DIRS[*]} writable for it"
fi

# `usermod` refuses while a process (this one) runs as the user's current UID,
# so the two lines are rewritten directly (atomically: temp file + rename).
rewrite() {  # $1 file, $2 awk program
  awk -F: -v OFS=: -v u="$USER_NAME" -v uid="$target_uid" -v gid="$target_gid" "$2" "$1" > "$1.course"
  chmod 0644 "$1.course"
  mv -f "$1.course" "$1"
}
rewrite /etc/passwd '$1 == u { $3 = uid; $4 = gid } { print }'
rewrite /etc/group '$1 == u { $3 = gid } { print }'
home=$(getent passwd "$USER_NAME" | cut -d: -f6)
chown -R "$target_uid:$target_gid" "$home"

for d in "${WORK_DIRS[@]}"; do
  # In docker-compose.yml these are bind mounts: Docker creates a missing one
  # (owned by root) on the host. With a read-only project mount, mkdir fails.
  mkdir -p "$WORKSPACE/$d" 2>/dev/null || true
  # (-w is false on a read-only mount, as the tensorboard service has for logs/)
  if [ -d "$WORKSPACE/$d" ] && [ -w "$WORKSPACE/$d" ] && [ "$(stat -c %u "$WORKSPACE/$d")" -eq 0 ]; then
    chown -R "$target_uid:$target_gid" "$WORKSPACE/$d" \
      || log "WARNING: could not give $d/ to UID $target_uid"
  fi
done

export HOME="$home" USER="$USER_NAME" LOGNAME="$USER_NAME"
exec setpriv --reuid="$target_uid" --regid="$target_gid" --clear-groups \
     --inh-caps=-all --no-new-privs \
     /usr/bin/tini -g -- "$@"
