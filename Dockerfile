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
#   socat            JupyterLab's /tensorboard/ forwards to the tensorboard service
#   fonts-morisawa-bizud-gothic  Japanese fonts for the figures of notebooks/ja/ (18 MB):
#                    BIZ UDGothic, regular and bold. Matplotlib falls back to it
#                    (docker/matplotlibrc), Graphviz finds it through fontconfig. A font
#                    without a bold face (IPAexGothic, 6 MB) makes Matplotlib warn at every
#                    bold text; Noto Sans CJK (91 MB) would break the image size bar.
# setpriv (util-linux) is already in the base image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        python3 python3-venv tini graphviz dataset-fashion-mnist socat ca-certificates \
        fonts-morisawa-bizud-gothic \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old \
           /var/log/apt /var/log/dpkg.log

# The user `learner`. Until the entrypoint runs, the name stands for UID 0: the
# container starts as `learner` (so `docker compose exec lab ...` is the learner
# too), the entrypoint, still UID 0, gives the name the UID/GID of whoever owns
# the mounted project folder and drops to it (docker/entrypoint.sh). Docker
# resolves the name again for every `exec`, so it then finds that UID.
ARG COURSE_USER=learner
RUN groupadd --non-unique --gid 0 ${COURSE_USER} \
 && useradd --non-unique --uid 0 --gid ${COURSE_USER} --create-home \
        --home-dir /home/${COURSE_USER} --shell /bin/bash ${COURSE_USER}

# One BLAS thread: on the course's small matrices it is the fastest setting
# (notebook 07 under nbval, 2 cores: 13-30 s with 1 thread, 40-153 s with 2,
# depending on the machine's load; see README), and
# the notebooks' committed outputs were computed with it (more threads change
# the last digits of float sums, hence of a training run).
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    COURSE_USER=${COURSE_USER} \
    COURSE_WORKSPACE=/workspace \
    COURSE_LOGDIR=/workspace/logs \
    COURSE_DATA=/usr/share/datasets/fashion-mnist \
    HYPOTHESIS_STORAGE_DIRECTORY=/tmp/hypothesis \
    MPLBACKEND=module://matplotlib_inline.backend_inline \
    MATPLOTLIBRC=/opt/venv/etc/matplotlibrc

# Dependencies first (cached until requirements.lock changes): hash-checked,
# wheels only (no compilers needed), no pip cache left behind. The venv belongs
# to root and nobody else can write it: a learner's `%pip install` goes to the
# learner's own site (~/.local: pip picks it when the venv is not writable),
# which root's Python never reads. (--system-site-packages is what turns that
# user site on in a venv; Debian's own site-packages are empty here.)
COPY requirements.lock /tmp/requirements.lock
RUN python3 -m venv --system-site-packages /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: \
        -r /tmp/requirements.lock \
 && rm -f /tmp/requirements.lock \
 && MPLCONFIGDIR=/home/${COURSE_USER}/.cache/matplotlib MPLBACKEND=agg \
        /opt/venv/bin/python -c "import matplotlib.pyplot" \
 && mkdir -p "$(HOME=/home/${COURSE_USER} /opt/venv/bin/python -m site --user-site)"

# Jupyter / IPython / JupyterLab configuration and the helper commands.
COPY docker/jupyter_server_config.py /opt/venv/etc/jupyter/jupyter_server_config.py
COPY docker/page_config.json /opt/venv/etc/jupyter/labconfig/page_config.json
COPY docker/jupyter-ja /opt/venv/share/course/jupyter-ja
COPY docker/ipython_config.py /opt/venv/etc/ipython/ipython_config.py
COPY docker/matplotlibrc /opt/venv/etc/matplotlibrc
COPY docker/tensorboard-icon.svg /opt/venv/share/course/tensorboard-icon.svg
COPY docker/profile.sh /etc/profile.d/course.sh
COPY docker/entrypoint.sh /usr/local/bin/course-entrypoint
COPY docker/start-lab.sh /usr/local/bin/start-lab
COPY docker/course-edition.sh /usr/local/lib/course/edition.sh
COPY docker/start-tensorboard.py /usr/local/bin/start-tensorboard
COPY docker/course-url.sh /usr/local/bin/course-url
COPY docker/course-refresh.sh /usr/local/bin/course-refresh
COPY docker/healthcheck.py /usr/local/bin/course-healthcheck
RUN chmod 0755 /usr/local/bin/course-entrypoint /usr/local/bin/start-lab \
        /usr/local/bin/start-tensorboard \
        /usr/local/bin/course-url /usr/local/bin/course-refresh \
        /usr/local/bin/course-healthcheck \
 && chmod 0644 /etc/profile.d/course.sh /usr/local/lib/course/edition.sh

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
# Starts as `learner` = UID 0 (see above); the entrypoint matches the project
# folder's owner, then drops privileges and execs tini (PID 1) -> the command.
USER ${COURSE_USER}
ENTRYPOINT ["/usr/local/bin/course-entrypoint"]
CMD ["start-lab"]
