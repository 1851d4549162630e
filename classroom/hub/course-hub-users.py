#!/opt/hub/bin/python
"""Add a class to the hub, or a teacher; list accounts; reset passwords.

Run it in the hub container (it talks to the hub's REST API with the admin
token of course-hub-token):

    docker compose exec hub course-hub-users add --admin teacher
    docker compose exec -T hub course-hub-users roster - < roster.txt > passwords.csv
    docker compose exec hub course-hub-users reset alice
    docker compose exec hub course-hub-users list

A roster is one learner name per line (blank lines and lines starting with #
are skipped), or a CSV file whose header has a `username` column. New accounts
get a random password, approved at once; the passwords are written once, as
`username,password` lines on standard output, and stored nowhere else (the hub
keeps bcrypt hashes only). Learners change theirs at /hub/change-password.
Accounts that exist keep their password (`reset` gives a new one).

Elsewhere (a hub on Kubernetes), set HUB_API_URL (e.g.
https://hub.example.org/hub/api) and HUB_TOKEN (an admin token) and run it
with any Python 3.10+.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

API = os.environ.get("HUB_API_URL", "http://127.0.0.1:8081/hub/api")
TOKEN_FILE = os.path.join(os.environ.get("HUB_DATA", "/srv/jupyterhub"), "course-admin.token")
# JupyterHub lower-cases names; these are safe in URLs, Docker names and file names.
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


def die(msg: str) -> None:
    print(f"course-hub-users: {msg}", file=sys.stderr)
    sys.exit(1)


def api(method: str, path: str, data: dict | None = None) -> tuple[int, dict | list | None]:
    token = os.environ.get("HUB_TOKEN", "")
    if not token:
        try:
            token = open(TOKEN_FILE).read().strip()
        except OSError as e:
            die(f"cannot read the admin token {TOKEN_FILE} ({e.strerror}): run me in the hub container as root"
                " (or set HUB_TOKEN and HUB_API_URL)")
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(API + path, data=body, method=method,
                                 headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, {"message": raw.decode(errors="replace")}
    except urllib.error.URLError as e:
        die(f"the hub does not answer at {API} ({e.reason}): is it running (docker compose ps)?")


def read_roster(path: str) -> list[str]:
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8-sig").read()
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines and "username" in [h.strip().lower() for h in next(csv.reader([lines[0]]))]:
        rows = csv.DictReader(io.StringIO("\n".join(lines)))
        key = next(k for k in rows.fieldnames if k.strip().lower() == "username")
        names = [(row[key] or "").strip() for row in rows]
    else:
        names = [line.strip() for line in lines]
    return [n for n in names if n]


def check_names(names: list[str]) -> list[str]:
    out, bad = [], []
    for raw in names:
        name = raw.strip().lower()
        (out if NAME_RE.match(name) else bad).append(name)
    if bad:
        die("invalid name(s) " + ", ".join(repr(b) for b in bad) +
            ": use lower-case letters, digits and . _ @ - (up to 64, starting with a letter or digit)")
    if len(set(out)) != len(out):
        dupes = sorted({n for n in out if out.count(n) > 1})
        die("names listed twice: " + ", ".join(dupes))
    return out


def ensure_user(name: str, admin: bool) -> None:
    status, body = api("GET", f"/users/{urllib.parse.quote(name)}")
    if status == 404:
        status, body = api("POST", f"/users/{urllib.parse.quote(name)}", {"admin": admin})
        if status not in (200, 201):
            die(f"could not create {name}: {status} {body}")
    elif status != 200:
        die(f"could not look up {name}: {status} {body}")
    elif admin and not body.get("admin"):
        status, body = api("PATCH", f"/users/{urllib.parse.quote(name)}", {"admin": True})
        if status != 200:
            die(f"could not make {name} an admin: {status} {body}")


def set_password(name: str, reset: bool) -> str | None:
    status, body = api("POST", f"/course/users/{urllib.parse.quote(name)}/password", {"reset": reset})
    if status not in (200, 201):
        die(f"could not set the password of {name}: {status} {body}")
    return body["password"]


def add(names: list[str], admin: bool, reset: bool = False) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["username", "password"])
    kept = []
    for name in check_names(names):
        ensure_user(name, admin)
        password = set_password(name, reset)
        if password is None:
            kept.append(name)
        else:
            writer.writerow([name, password])
        sys.stdout.flush()
    if kept:
        print(f"kept the existing password of: {', '.join(kept)} (`course-hub-users reset NAME` for a new one)",
              file=sys.stderr)


def list_users() -> None:
    status, body = api("GET", "/users?limit=10000")
    if status != 200:
        die(f"could not list users: {status} {body}")
    users = body if isinstance(body, list) else body.get("items", [])
    for u in sorted(users, key=lambda u: u["name"]):
        server = (u.get("servers") or {}).get("", {})
        state = "running" if server.get("ready") else ("starting" if server.get("pending") else "stopped")
        print(f"{u['name']:<32} {'admin' if u.get('admin') else 'learner':<8} {state}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="course-hub-users", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_add = sub.add_parser("add", help="add accounts by name (prints their passwords)")
    p_add.add_argument("names", nargs="+")
    p_add.add_argument("--admin", action="store_true", help="make them admins (teachers)")
    p_roster = sub.add_parser("roster", help="add every learner of a roster file ('-' = standard input)")
    p_roster.add_argument("file")
    p_reset = sub.add_parser("reset", help="give accounts a new random password")
    p_reset.add_argument("names", nargs="+")
    sub.add_parser("list", help="list accounts and whether their server runs")
    args = parser.parse_args(argv)
    if args.cmd == "add":
        add(args.names, args.admin)
    elif args.cmd == "roster":
        names = read_roster(args.file)
        if not names:
            die(f"no names in {args.file}")
        add(names, admin=False)
    elif args.cmd == "reset":
        add(args.names, admin=False, reset=True)
    else:
        list_users()


if __name__ == "__main__":
    main()
