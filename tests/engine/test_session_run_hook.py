"""`tf.compat.v1.train.SessionRunHook` and its values (TF1's monitored-session hooks): the
base class's methods do nothing, `before_run` returns None, a context records a stop request."""
from __future__ import annotations

import course.engine as tf

train = tf.compat.v1.train


def test_a_hook_overrides_only_what_it_needs():
    class Counter(train.SessionRunHook):
        def begin(self):
            self.steps = 0

        def after_run(self, run_context, run_values):
            self.steps += 1
            if self.steps == 2:
                run_context.request_stop()
    hook = Counter()
    hook.begin()
    hook.after_create_session(None, None)
    context = train.SessionRunContext(train.SessionRunArgs("loss"), session=None)
    for _ in range(2):
        assert hook.before_run(context) is None
        hook.after_run(context, train.SessionRunValues(results=None, options=None,
                                                      run_metadata=None))
    hook.end(None)
    assert hook.steps == 2 and context.stop_requested


def test_session_run_args_default_to_no_feeds_and_options():
    args = train.SessionRunArgs(["a", "b"])
    assert args.fetches == ["a", "b"] and args.feed_dict is None and args.options is None
    assert train.SessionRunArgs("x", {"y": 1}).feed_dict == {"y": 1}
