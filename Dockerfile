# JupyterLab image for the tensor & autodiff course.
# Classic builder compatible (no BuildKit features); architecture-neutral
# (every locked dependency ships a wheel for x86-64 and ARM64).
FROM debian:trixie-slim

ARG DEBIAN_FRONTEND=noninteractive

# System packages from Debian only:
#   python3 + venv   interpreter for /opt/venv
#   tini             PID 1 (reaps kernels, forwards signals)
#   graphviz         the `dot` binary the engine uses to draw graphs
#   dataset-fashion-mnist  a real 28x28 image data set, offline
# setpriv (util-linux) and usermod (passwd) are already in the base image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        python3 python3-venv tini graphviz dataset-fashion-mnist ca-certificates \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old \
           /var/log/apt /var/log/dpkg.log

# The non-root user. Its UID/GID are adjusted at start-up to the owner of the
# mounted project folder (see docker/entrypoint.sh). The venv belongs to the
# group `course-venv` (setgid, group-writable) so `%pip install` works
# whatever UID the user ends up with.
ARG COURSE_USER=learner
ARG COURSE_UID=1000
RUN groupadd --gid 1990 course-venv \
 && useradd --create-home --uid ${COURSE_UID} --user-group --shell /bin/bash \
        --groups course-venv ${COURSE_USER}

ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COURSE_USER=${COURSE_USER} \
    COURSE_WORKSPACE=/workspace \
    COURSE_LOGDIR=/workspace/logs \
    COURSE_DATA=/usr/share/datasets/fashion-mnist \
    MPLBACKEND=module://matplotlib_inline.backend_inline

# Dependencies first (cached until requirements.lock changes): hash-checked,
# wheels only (no compilers needed), no pip cache left behind.
COPY requirements.lock /tmp/requirements.lock
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: \
        -r /tmp/requirements.lock \
 && rm -f /tmp/requirements.lock \
 && chgrp -R course-venv /opt/venv \
 && chmod -R g+w /opt/venv \
 && find /opt/venv -type d -exec chmod g+s {} + \
 && MPLCONFIGDIR=/home/${COURSE_USER}/.cache/matplotlib MPLBACKEND=agg \
        /opt/venv/bin/python -c "import matplotlib.pyplot" \
 && chown -R ${COURSE_USER}:${COURSE_USER} /home/${COURSE_USER}

# Jupyter / IPython / JupyterLab configuration and the helper commands.
COPY docker/jupyter_server_config.py /opt/venv/etc/jupyter/jupyter_server_config.py
COPY docker/page_config.json /opt/venv/etc/jupyter/labconfig/page_config.json
COPY docker/ipython_config.py /opt/venv/etc/ipython/ipython_config.py
COPY docker/entrypoint.sh /usr/local/bin/course-entrypoint
COPY docker/start-lab.sh /usr/local/bin/start-lab
COPY docker/start-tensorboard.py /usr/local/bin/start-tensorboard
COPY docker/course-url.sh /usr/local/bin/course-url
COPY docker/course-refresh.sh /usr/local/bin/course-refresh
COPY docker/healthcheck.py /usr/local/bin/course-healthcheck
RUN chmod 0755 /usr/local/bin/course-entrypoint /usr/local/bin/start-lab \
        /usr/local/bin/start-tensorboard \
        /usr/local/bin/course-url /usr/local/bin/course-refresh \
        /usr/local/bin/course-healthcheck

# Learners' servers under the classroom hub (classroom/README.md): their start
# command and its extra Jupyter settings (TensorBoard via jupyter-server-proxy).
COPY classroom/singleuser/start-singleuser.sh /usr/local/bin/start-singleuser
COPY classroom/singleuser/jupyter_server_config.py /opt/venv/etc/jupyter/classroom/jupyter_server_config.py
RUN chmod 0755 /usr/local/bin/start-singleuser
# Every Jupyter server imports jsonschema, which imports rfc3987-syntax when it
# is installed (it comes with jupyter-events) to check "iri" formats, and that
# builds an Earley grammar at import: 0.6 CPU-s and 15 MiB per server, for a
# check no schema here uses. Without it a server starts on 0.9 CPU-s instead
# of 1.65, and 20 learners logging in at once on 2 cores are all running in
# 26 s instead of 51 s (benchmarks/classroom.py; classroom/README.md).
RUN /opt/venv/bin/pip uninstall --yes rfc3987-syntax

# A copy of the project, so the image works without the bind mount. The
# `course` package is installed editable from /workspace: when the project
# folder is mounted there, the kernel imports the mounted (current) code.
COPY --chown=1000:1000 . /workspace
RUN cd /workspace \
 && if [ ! -f README.md ]; then touch README.md; fi \
 && /opt/venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation -e . \
 && rm -rf /workspace/build /workspace/*.egg-info

# Under the classroom hub each learner's volume is mounted here; a new volume
# takes this folder's owner (the learner, as /workspace above), so the
# learner's server can write it.
RUN install -d -o 1000 -g 1000 /workspace/my-notebooks

WORKDIR /workspace
EXPOSE 8888 6006
# The entrypoint starts as root only to match the project folder's owner,
# then drops privileges and execs tini (PID 1) -> the command.
ENTRYPOINT ["/usr/local/bin/course-entrypoint"]
CMD ["start-lab"]
