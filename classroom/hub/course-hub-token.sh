#!/bin/bash
# Print the hub's admin API token (for its REST API, http://127.0.0.1:8000/hub/api):
#     docker compose exec hub course-hub-token
#     curl -H "Authorization: token $(docker compose exec hub course-hub-token)" http://127.0.0.1:8000/hub/api/users
# The token is made on the hub's first start and kept in its data volume
# (mode 0600); anyone holding it can do everything an admin can.
set -euo pipefail
TOKEN_FILE="${HUB_DATA:-/srv/jupyterhub}/course-admin.token"
if [ ! -s "$TOKEN_FILE" ]; then
  echo "course-hub-token: $TOKEN_FILE does not exist yet: is the hub started (docker compose logs hub)?" >&2
  exit 1
fi
head -n1 "$TOKEN_FILE"
