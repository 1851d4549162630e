#!/bin/bash
# Start a learner's server under the classroom hub (classroom/: JupyterHub +
# DockerSpawner run this as the container's command; the image's entrypoint
# has already dropped to the unprivileged user).
#  - my-notebooks/ is the learner's own Docker volume: notebooks of the course
#    (notebooks/ in the image) that are not in it yet are copied there, never
#    overwriting a file (updates: `course-refresh`, which keeps a backup);
#  - logs/ inside it is where TensorBoard (/user/<name>/tensorboard/) looks;
#  - then jupyterhub-singleuser, which takes its URL, token and hub address
#    from the JUPYTERHUB_* variables the spawner sets.
set -euo pipefail

WORKSPACE="${COURSE_WORKSPACE:-/workspace}"
WORK="$WORKSPACE/my-notebooks"
SRC="$WORKSPACE/notebooks"

log() { printf '[course] %s\n' "$*" >&2; }

if [ ! -w "$WORK" ]; then
  log "$WORK is not writable by $(id -un) (uid $(id -u)): the learner's volume must belong to it"
  exit 1
fi
# Same rule as start-lab: copy what is missing, never overwrite.
(cd "$SRC" && find . -path '*/.ipynb_checkpoints' -prune -o \
    \( -path './logs' -o -path './checkpoints' -o -path './saved_models' \) -prune -o \
    -type f -print) | sort | while IFS= read -r f; do
  if [ ! -e "$WORK/$f" ]; then
    mkdir -p "$(dirname "$WORK/$f")"
    cp -p "$SRC/$f" "$WORK/$f"
  fi
done
mkdir -p "$WORK/logs"

# The classroom settings (TensorBoard proxy) are read on top of the image's own
# jupyter_server_config.py: JUPYTER_CONFIG_PATH adds a folder, --config would replace.
export JUPYTER_CONFIG_PATH=/opt/venv/etc/jupyter/classroom
exec jupyterhub-singleuser "$@"
