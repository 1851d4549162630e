"""Who may log in to the classroom hub: NativeAuthenticator, plus an admin API
to give accounts random passwords.

``CourseAuthenticator`` is NativeAuthenticator (bcrypt-hashed passwords in the
hub's database, a teacher approves accounts) with one addition: an admin API
endpoint that gives an account a random password, used by
``course-hub-users`` to add a whole class from a roster::

    POST /hub/api/course/users/alice/password        {"reset": false}
    -> 201 {"name": "alice", "password": "k7dq-...", "approved": true}

and one restriction: accounts made through the sign-up page always wait for
approval, even when their name is in ``admin_users`` (otherwise whoever signs
up first as "teacher" would be an admin). Its login page gets a small fix for
JupyterHub 6 (``LoginHandler`` below; NativeAuthenticator 1.3.0 predates it).

Needs JupyterHub and NativeAuthenticator only (also usable on Kubernetes, see
kubernetes/README.md). Configured by jupyterhub_config.py; where learners run
is course_spawner.py.
"""
from __future__ import annotations

import json
import secrets

import bcrypt
from jupyterhub.apihandlers.base import APIHandler
from jupyterhub.handlers.base import BaseHandler
from jupyterhub.scopes import needs_scope
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler as NativeLoginHandler
from nativeauthenticator.orm import UserInfo
from tornado import web

# Unambiguous characters (no 0/o, 1/l/i): passwords are read aloud and copied by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_password(groups: int = 3, size: int = 4) -> str:
    """A random password such as ``k7dq-m2xa-9hfe`` (12 characters from 31: 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def _hash(password: str) -> bytes:
    # the same scheme NativeAuthenticator uses for sign-up and password changes
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


class PasswordAPIHandler(APIHandler):
    """POST /hub/api/course/users/:name/password: give an existing hub user a
    NativeAuthenticator account (approved) with a random password.

    Body ``{"reset": true}`` replaces the password of an account that exists;
    without it an existing account is left as it is (``"password": null``).
    Needs the ``admin:users`` scope on that user.
    """

    @needs_scope("admin:users")
    async def post(self, user_name):
        user = self.find_user(user_name)
        if user is None:
            raise web.HTTPError(404, f"No user {user_name!r}: create it first (POST /hub/api/users/{user_name})")
        body = self.get_json_body() or {}
        reset = bool(body.get("reset", False))
        info = UserInfo.find(self.db, user.name)
        password = None
        created = info is None
        if created:
            password = new_password()
            self.db.add(UserInfo(username=user.name, password=_hash(password), is_authorized=True))
        elif reset:
            password = new_password()
            info.password = _hash(password)
            info.is_authorized = True
        self.db.commit()
        info = UserInfo.find(self.db, user.name)
        self.set_status(201 if created else 200)
        self.write(json.dumps({"name": user.name, "password": password, "approved": bool(info.is_authorized)}))


class _NoStatsd:
    """Stands in for the statsd client JupyterHub 6 removed (jupyterhub#5407):
    NativeAuthenticator 1.3.0's login form still times itself with
    ``self.statsd.timer(...).start()`` and would fail with AttributeError."""

    def timer(self, name):
        return self

    def start(self):
        return self

    def stop(self, send=True):
        return None


class LoginHandler(NativeLoginHandler):
    """NativeAuthenticator's login page, made to work with JupyterHub 6."""

    statsd = _NoStatsd()

    def render_template(self, name, sync=False, **ns):
        # JupyterHub 6 shows errors of a login form submission (an expired
        # form, for example) inside the login page through _render(**ns),
        # which NativeAuthenticator's _render does not accept: show them on
        # JupyterHub's plain error page instead.
        if name == "error.html" and self.request.method.lower() == "post":
            return BaseHandler.render_template(self, name, sync=sync, **ns)
        return super().render_template(name, sync=sync, **ns)


class CourseAuthenticator(NativeAuthenticator):
    """NativeAuthenticator plus the password endpoint above (and its login
    page fixed for JupyterHub 6)."""

    def get_handlers(self, app):
        handlers = [(url, LoginHandler if url == r"/login" else handler)
                    for url, handler in super().get_handlers(app)]
        assert any(h is LoginHandler for _, h in handlers), "NativeAuthenticator no longer serves /login"
        return handlers + [(r"/api/course/users/([^/]+)/password", PasswordAPIHandler)]

    def create_user(self, username, password, **kwargs):
        # Called by the sign-up page. NativeAuthenticator pre-approves names in
        # admin_users; here every sign-up waits for a teacher (unless open_signup).
        info = super().create_user(username, password, **kwargs)
        if info is not None and info.is_authorized and not self.open_signup:
            info.is_authorized = False
            self.db.commit()
        return info
