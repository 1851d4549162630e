"""The classroom hub's two classes: who may log in, and where each learner runs.

- ``CourseAuthenticator`` is NativeAuthenticator (bcrypt-hashed passwords in the
  hub's database, a teacher approves accounts) with one addition: an admin API
  endpoint that gives an account a random password, used by
  ``course-hub-users`` to add a whole class from a roster::

      POST /hub/api/course/users/alice/password        {"reset": false}
      -> 201 {"name": "alice", "password": "k7dq-...", "approved": true}

  and one restriction: accounts made through the sign-up page always wait for
  approval, even when their name is in ``admin_users`` (otherwise whoever signs
  up first as "teacher" would be an admin). Its login page gets a small fix for
  JupyterHub 6 (``LoginHandler`` below; NativeAuthenticator 1.3.0 predates it).
- ``LearnerSpawner`` is DockerSpawner with one network per learner: the
  learner's container and the hub (alias ``hub``) are its only members, so a
  learner's code cannot open a connection to another learner's server. Each
  network gets a small subnet of ``learner_subnets``.

Configured by jupyterhub_config.py (read that first).
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import secrets
import socket

import bcrypt
from docker.types import IPAMConfig, IPAMPool
from dockerspawner import DockerSpawner
from jupyterhub.apihandlers.base import APIHandler
from jupyterhub.handlers.base import BaseHandler
from jupyterhub.scopes import needs_scope
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler as NativeLoginHandler
from nativeauthenticator.orm import UserInfo
from tornado import web
from traitlets import Bool, Unicode

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


class LearnerSpawner(DockerSpawner):
    """DockerSpawner whose containers each get their own Docker network."""

    learner_subnets = Unicode(
        "172.16.0.0/16", config=True,
        help="Address range carved into one /28 network per running learner.",
    )
    learner_internet = Bool(
        True, config=True,
        help="Whether learners' containers can open connections beyond their network "
             "(pip install, downloads). False makes each learner network internal.",
    )

    _network_lock = asyncio.Lock()   # one subnet choice at a time (the hub is one process)

    @property
    def learner_network(self) -> str:
        return f"{self.prefix}-net-{self.escaped_name}"

    async def start(self):
        self.network_name = await self._ensure_network()
        ip, port = await super().start()
        await self._wait_listening(ip, port)
        return ip, port

    async def _wait_listening(self, ip: str, port: int) -> None:
        # The hub checks a new server with exponential back-off (up to 5 s
        # between tries); a class starting together waits on average seconds
        # for nothing. A connect every 0.2 s is cheaper than that wait.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.start_timeout
        checks = 0
        while loop.time() < deadline:
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(ip, port), 1)
                writer.close()
                return
            except (OSError, asyncio.TimeoutError):
                pass
            checks += 1
            if checks % 10 == 0 and await self.poll() is not None:
                return  # the container stopped: the hub reports it
            await asyncio.sleep(0.2)

    async def stop(self, now=False):
        await super().stop(now=now)
        await self._remove_network()

    # -- the learner's network ------------------------------------------------
    async def _ensure_network(self) -> str:
        name = self.learner_network
        hub = socket.gethostname()  # the hub's container id (compose sets no hostname)
        async with self._network_lock:
            existing = await self.docker("networks", names=[name])
            existing = [n for n in existing if n["Name"] == name]
            if existing:
                net = await self.docker("inspect_network", existing[0]["Id"])
            else:
                subnet = await self._free_subnet()
                ipam = IPAMConfig(pool_configs=[IPAMPool(subnet=str(subnet))])
                created = await self.docker(
                    "create_network", name, driver="bridge", ipam=ipam,
                    internal=not self.learner_internet, check_duplicate=True,
                    labels={"tensor-course.classroom": self.prefix, "tensor-course.learner": self.user.name},
                )
                net = await self.docker("inspect_network", created["Id"])
                self.log.info("Created network %s (%s) for %s", name, subnet, self.user.name)
            members = {cid[:12] for cid in (net.get("Containers") or {})}
            if hub[:12] not in members:
                await self._check_hub_route(hub, name)
                await self.docker("connect_container_to_network", hub, net["Id"], aliases=["hub"])
        return name

    async def _check_hub_route(self, hub: str, learner_network: str) -> None:
        # Docker gives a container the default route of its first network in
        # name order: a learner network sorting first would take the hub's
        # route to the browsers away (docker-compose.yml names the hub's network).
        info = await self.docker("inspect_container", hub)
        own = [n for n in info["NetworkSettings"]["Networks"] if not n.startswith(f"{self.prefix}-net-")]
        if own and min(own) > learner_network:
            self.log.error("The hub's network %s sorts after %s: name it <prefix>-hub "
                           "(see docker-compose.yml) or the hub loses its route", min(own), learner_network)

    async def _free_subnet(self) -> ipaddress.IPv4Network:
        used = []
        for net in await self.docker("networks"):
            for cfg in (net.get("IPAM") or {}).get("Config") or []:
                if cfg.get("Subnet"):
                    try:
                        used.append(ipaddress.ip_network(cfg["Subnet"], strict=False))
                    except ValueError:
                        pass
        for candidate in ipaddress.ip_network(self.learner_subnets).subnets(new_prefix=28):
            if not any(candidate.overlaps(u) for u in used):
                return candidate
        raise web.HTTPError(503, f"No free /28 left in HUB_LEARNER_SUBNETS={self.learner_subnets}")

    async def _remove_network(self):
        name = self.learner_network
        hub = socket.gethostname()
        for attempt in range(10):
            try:
                nets = [n for n in await self.docker("networks", names=[name]) if n["Name"] == name]
                if not nets:
                    return
                net = await self.docker("inspect_network", nets[0]["Id"])
                others = [cid for cid in (net.get("Containers") or {}) if not cid.startswith(hub)]
                if others:  # the stopped container is still being removed
                    await asyncio.sleep(0.5)
                    continue
                if net.get("Containers"):
                    await self.docker("disconnect_container_from_network", hub, net["Id"], force=True)
                await self.docker("remove_network", net["Id"])
                return
            except Exception as e:  # never fail a stop because of a network
                self.log.warning("Removing network %s (attempt %d): %s", name, attempt + 1, e)
                await asyncio.sleep(0.5)
