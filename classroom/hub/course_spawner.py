"""Where each learner of the classroom hub runs: ``LearnerSpawner`` is
DockerSpawner with one Docker network per learner. The learner's container and
the hub (alias ``hub``) are its only members, so a learner's code cannot open a
connection to another learner's server. Each network gets a small subnet of
``learner_subnets``.

Configured by jupyterhub_config.py; who may log in is course_auth.py.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor

from docker.types import IPAMConfig, IPAMPool
from dockerspawner import DockerSpawner
from tornado import web
from traitlets import Bool, Integer, Unicode


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

    _network_lock = asyncio.Lock()   # the hub is one process

    @property
    def learner_network(self) -> str:
        return f"{self.prefix}-net-{self.escaped_name}"

    concurrent_starts = Integer(
        4, config=True,
        help="Servers starting at the same time; the rest wait their turn. A start "
             "is mostly CPU (Python imports): on a small machine a class starting "
             "all at once would have everyone wait as long as the last one.",
    )
    _starting = None

    async def start(self):
        if LearnerSpawner._starting is None:
            LearnerSpawner._starting = asyncio.Semaphore(self.concurrent_starts)
        self.network_name = await self._ensure_network()
        async with LearnerSpawner._starting:
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

    # -- Docker calls -----------------------------------------------------------
    # DockerSpawner sends every Docker call of every learner through one
    # thread: a class logging in together queues behind each other's container
    # starts (20 learners: the last container started 14 s after the first).
    # docker-py's client is used from several threads here (its connection
    # pool holds 10).
    docker_threads = Integer(4, config=True, help="Docker API calls in flight at once.")
    _pool = None

    @property
    def executor(self):
        if LearnerSpawner._pool is None:
            LearnerSpawner._pool = ThreadPoolExecutor(self.docker_threads)
        return LearnerSpawner._pool

    # -- the learner's network ------------------------------------------------
    async def _find_network(self, name: str) -> dict | None:
        found = [n for n in await self.docker("networks", names=[name]) if n["Name"] == name]
        return await self.docker("inspect_network", found[0]["Id"]) if found else None

    async def _ensure_network(self) -> str:
        name = self.learner_network
        hub = socket.gethostname()  # the hub's container id (compose sets no hostname)
        net = await self._find_network(name)
        if net is None:
            async with self._network_lock:  # one subnet choice at a time
                net = await self._find_network(name)
                if net is None:
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

    _hub_networks = None

    async def _check_hub_route(self, hub: str, learner_network: str) -> None:
        # Docker gives a container the default route of its first network in
        # name order: a learner network sorting first would take the hub's
        # route to the browsers away (docker-compose.yml names the hub's network).
        if LearnerSpawner._hub_networks is None:
            info = await self.docker("inspect_container", hub)
            LearnerSpawner._hub_networks = [n for n in info["NetworkSettings"]["Networks"]
                                            if not n.startswith(f"{self.prefix}-net-")]
        own = LearnerSpawner._hub_networks
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
