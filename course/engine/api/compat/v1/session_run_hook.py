"""`tf.compat.v1.train.SessionRunHook` and the values a hook sees, as TF1 defines them.

TF1's `MonitoredSession` (and the Estimators built on it) call a list of hooks around
every `session.run`: `begin()` once, `after_create_session(session, coord)`, then
`before_run(run_context)` (which may return a `SessionRunArgs` of extra fetches) and
`after_run(run_context, run_values)` at each step, and `end(session)`:

    >>> class StepCounter(tf.compat.v1.train.SessionRunHook):
    ...     def begin(self):
    ...         self.steps = 0
    ...     def after_run(self, run_context, run_values):
    ...         self.steps += 1

The base class does nothing in each of them, so a hook overrides only what it needs.
TF2 code writes a `tf.keras.callbacks.Callback` instead (the migration guides show both).
"""
from __future__ import annotations

import collections


class SessionRunHook:
    """A hook into a TF1 monitored session: every method is a no-op until overridden."""

    def begin(self) -> None:
        """Called once before the session is used; the graph may still change."""

    def after_create_session(self, session, coord) -> None:
        """Called when the session has been created (and its variables initialized)."""

    def before_run(self, run_context):
        """Called before each `run`; may return a `SessionRunArgs` to fetch more."""
        return None

    def after_run(self, run_context, run_values) -> None:
        """Called after each `run`, with the results of the fetches `before_run` asked for."""

    def end(self, session) -> None:
        """Called at the end of the session's use."""


class SessionRunArgs(collections.namedtuple("SessionRunArgs",
                                            ["fetches", "feed_dict", "options"])):
    """What `before_run` adds to the coming `run`: `fetches`, `feed_dict`, `options`."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunValues(collections.namedtuple("SessionRunValues",
                                              ["results", "options", "run_metadata"])):
    """What `after_run` gets: the `results` of the fetches its `before_run` asked for."""


class SessionRunContext:
    """The call being made: its `original_args` and `session`; a hook may `request_stop()`."""

    def __init__(self, original_args: SessionRunArgs, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self) -> SessionRunArgs:
        return self._original_args

    @property
    def session(self):
        return self._session

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    def request_stop(self) -> None:
        """Asks the loop to stop after this step."""
        self._stop_requested = True
