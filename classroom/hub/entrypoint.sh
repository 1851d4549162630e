#!/bin/bash
# Hub entrypoint (runs first, as root): give the `hub` user the group of the
# mounted Docker socket (its GID differs between hosts), make the data folder
# its own, then drop privileges and exec tini (PID 1) -> the command.
set -euo pipefail

SOCK=/var/run/docker.sock
DATA=/srv/jupyterhub

if [ "$(id -u)" -ne 0 ]; then
  exec /usr/bin/tini -g -- "$@"
fi
if [ ! -S "$SOCK" ]; then
  echo "[hub] $SOCK is not mounted: the hub starts learners' servers through it (see docker-compose.yml)" >&2
  exit 1
fi
case "${BIND_ADDRESS:-127.0.0.1}" in
  127.*|localhost|::1) ;;
  *) echo "[hub] WARNING: BIND_ADDRESS=${BIND_ADDRESS}: the hub is reachable from your network on port" \
          "${HUB_PORT:-8000}, over plain HTTP (passwords unencrypted). Put HTTPS in front (README.md)." >&2 ;;
esac
sock_gid=$(stat -c %g "$SOCK")
chown hub:hub "$DATA"
chmod 0700 "$DATA"
exec setpriv --reuid=hub --regid=hub --groups="$sock_gid" env HOME="$DATA" USER=hub \
     /usr/bin/tini -g -- "$@"
