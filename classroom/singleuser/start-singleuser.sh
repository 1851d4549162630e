#!/bin/bash
# Start a learner's server under the classroom hub (classroom/: JupyterHub +
# DockerSpawner run this as the container's command; the image's entrypoint
# has already dropped to the unprivileged user).
#  - my-notebooks/ is the learner's own Docker volume: notebooks of the course
#    (notebooks/ in the image) that are not in it yet are copied there, never
#    overwriting a file (updates: `course-refresh`, which keeps a backup);
#  - logs/ inside it is where TensorBoard (/user/<name>/tensorboard/) looks,
#    and /workspace/logs (../logs for a notebook) leads there, as do
#    checkpoints/ and saved_models/;
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
# The class's language (COURSE_LANG, set by the hub from classroom/.env), and
# the notebooks of that language the learner's volume does not have yet (the
# same rules as start-lab: docker/course-edition.sh).
# shellcheck source=../../docker/course-edition.sh
. /usr/local/lib/course/edition.sh
course_lang "in classroom/.env"
copy_edition "$SRC" "$WORK"
# The notebooks write to ../logs, ../checkpoints and ../saved_models. From
# my-notebooks/ja/ that is the volume; from my-notebooks/ it is /workspace, which
# is thrown away with the container: there these names lead into the volume, so
# that saved work survives a restart and the learner's TensorBoard sees the logs.
for d in logs checkpoints saved_models; do
  mkdir -p "$WORK/$d"
  if [ -d "$WORKSPACE/$d" ] && [ ! -L "$WORKSPACE/$d" ]; then
    rmdir "$WORKSPACE/$d" 2>/dev/null || log "WARNING: $WORKSPACE/$d is not empty: left as it is"
  fi
  if [ ! -e "$WORKSPACE/$d" ] && [ ! -L "$WORKSPACE/$d" ]; then
    ln -s "my-notebooks/$d" "$WORKSPACE/$d"
  fi
done

# The classroom settings (TensorBoard proxy) are read on top of the image's own
# jupyter_server_config.py: JUPYTER_CONFIG_PATH adds a folder, --config would replace.
# In Japanese, JupyterLab's menus come from the image's jupyter-ja settings (as
# start-lab does) and the file browser opens in ja/ (jupyter_server_config.py).
export JUPYTER_CONFIG_PATH=/opt/venv/etc/jupyter/classroom
if [ "$COURSE_LANG" = ja ]; then
  JUPYTER_CONFIG_PATH="/opt/venv/share/course/jupyter-ja:$JUPYTER_CONFIG_PATH"
fi
exec jupyterhub-singleuser "$@"
