# Extra Jupyter Server settings for a learner's server under the classroom hub
# (start-singleuser adds this folder to JUPYTER_CONFIG_PATH, so it is read
# together with the image's own jupyter_server_config.py).
import os

c = get_config()  # noqa: F821

logdir = os.path.join(os.environ.get("COURSE_WORKSPACE", "/workspace"), "my-notebooks", "logs")

# The learner's own TensorBoard at /user/<name>/tensorboard/, started on first
# visit by jupyter-server-proxy. It is reached only through the learner's
# server, so the hub's login protects it like the notebooks.
c.ServerProxy.servers = {
    "tensorboard": {
        "command": ["tensorboard", "--logdir", logdir, "--host", "127.0.0.1", "--port", "{port}",
                    # the same (pure Python) loader on x86-64 and ARM64, as the lab's TensorBoard
                    "--load_fast", "false", "--reload_interval", "5"],
        "timeout": 120,
        "absolute_url": False,
        "launcher_entry": {"title": "TensorBoard"},
        # TensorBoard's page polls for new data every few seconds: that alone
        # must not keep an abandoned server from being culled.
        "exclude_last_activity_patterns": [r".*/tensorboard/data/.*"],
    },
}

# Kernels left idle for an hour are shut down (their memory counts against the
# learner's limit); the hub's idle culler stops whole servers.
c.MappingKernelManager.cull_idle_timeout = 3600
c.MappingKernelManager.cull_interval = 300
