"""`tf.keras.callbacks`: code that `fit` calls at the start and end of epochs and batches.

    >>> stop = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
    >>> model.fit(x, y, validation_split=0.2, epochs=100, callbacks=[stop])

`fit` always adds a `History` (returned by fit, `history.history["loss"]`)
and, when verbose, a `ProgbarLogger` (the progress display).
"""
from __future__ import annotations

import os
import sys
import warnings

import numpy as np

from .progbar import Progbar

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger", "EarlyStopping",
           "ModelCheckpoint", "BackupAndRestore", "LambdaCallback", "LearningRateScheduler", "ReduceLROnPlateau",
           "TensorBoard"]


class Callback:
    """Base class: override the `on_*` methods you need. Mirrors `keras.callbacks.Callback`."""

    def __init__(self):
        self.model = None
        self.params: dict = {}

    def set_model(self, model) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = params

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    # Keras 3 keeps Keras 2's on_batch_begin/end: the train-batch methods call them
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass
    def on_train_batch_begin(self, batch, logs=None): self.on_batch_begin(batch, logs=logs)
    def on_train_batch_end(self, batch, logs=None): self.on_batch_end(batch, logs=logs)
    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass


class CallbackList:
    """Calls every callback in order (what fit uses internally)."""

    def __init__(self, callbacks, model, params: dict):
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            cb.set_model(model)
            cb.set_params(params)

    def call(self, method: str, *args) -> None:
        for cb in self.callbacks:
            getattr(cb, method)(*args)


class History(Callback):
    """Records every epoch's logs: `fit(...).history["loss"]` is the list of losses."""

    def on_train_begin(self, logs=None):
        self.epoch: list = []
        self.history: dict = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)


class ProgbarLogger(Callback):
    """Prints "Epoch 1/5" and the progress bar (verbose=1) or one line per epoch (verbose=2)."""

    def __init__(self, verbose: int = 1):
        super().__init__()
        self.verbose = verbose
        self._bar = None
        self._target = None  # steps per epoch: from fit, or (a dataset of unknown size) learned
        self._seen = 0

    def on_epoch_begin(self, epoch, logs=None):
        epochs = self.params.get("epochs", 1)
        if self.verbose and epochs > 1:  # Keras prints no "Epoch 1/1"
            sys.stdout.write(f"Epoch {epoch + 1}/{epochs}\n")
            sys.stdout.flush()
        self._target = self.params.get("steps") or self._target
        self._seen = 0
        self._bar = Progbar(self._target, verbose=self.verbose)

    def on_train_batch_end(self, batch, logs=None):
        # (with steps_per_execution, a last short execution reports a batch past the end)
        self._seen = batch + 1 if self._target is None else min(batch + 1, self._target)
        if self.verbose == 1:  # verbose=2 prints only the epoch's final line
            self._bar.update(self._seen, list((logs or {}).items()), finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        if self._target is None:  # Keras: the first epoch of unknown size shows its length
            self._target = self._bar.target = self._seen
        self._bar.update(self._target, list((logs or {}).items()), finalize=True)


def _monitor_mode(model, monitor: str, who: str) -> str:
    """Keras 3's "auto": whether the monitored quantity should shrink ("min") or grow ("max").

    The loss (and `val_loss`) shrinks; a compiled metric of that name says itself
    (accuracy, precision, AUC grow; errors and cross-entropies shrink: its
    `_direction`); for anything else Keras cannot tell, and asks for a mode.
    """
    name = monitor[4:] if monitor.startswith("val_") else monitor
    found = "min" if name == "loss" else None
    for metric in getattr(model, "_compiled_metrics", None) or []:
        direction = getattr(metric, "_direction", None)
        if metric.name == name and direction is not None:
            found = "max" if direction == "up" else "min"
    if found is None:
        raise ValueError(
            f"{who} callback received monitor={monitor}, but Keras isn't able to automatically "
            "determine whether that metric should be maximized or minimized. Pass `mode='max'` "
            "in order to monitor based on the highest metric value, or pass `mode='min'` in "
            "order to use the lowest value.")
    return found


class MonitorCallback(Callback):
    """What EarlyStopping, ModelCheckpoint and ReduceLROnPlateau share (Keras 3's base): the
    `monitor`ed quantity, whether it should grow or shrink (`mode`), and what counts as an
    improvement (a change of more than `min_delta` in that direction)."""

    def __init__(self, monitor: str = "val_loss", mode: str = "auto", min_delta: float = 0.0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto "
                          "mode.", stacklevel=3)
            mode = "auto"
        self.monitor, self.mode, self.min_delta = monitor, mode, abs(min_delta)
        self._goal = None if mode == "auto" else mode  # "min" or "max"

    def _decide_goal(self) -> None:
        """Keras decides "auto" at the end of the first epoch, when the metrics are built."""
        if self._goal is None:
            self._goal = _monitor_mode(self.model, self.monitor, type(self).__name__)

    def _is_improvement(self, current, reference) -> bool:
        if reference is None:
            return True
        if self._goal == "max":
            return current - self.min_delta > reference
        return current + self.min_delta < reference


class EarlyStopping(MonitorCallback):
    """Stops training when `monitor` has stopped improving for `patience` epochs.

    Mirrors `keras.callbacks.EarlyStopping`; `restore_best_weights=True` puts
    back the weights of the best epoch at the end.
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0,
                 verbose: int = 0, mode: str = "auto", baseline=None,
                 restore_best_weights: bool = False, start_from_epoch: int = 0):
        super().__init__(monitor, mode, min_delta)
        self.patience, self.verbose = patience, verbose
        self.baseline, self.restore_best_weights = baseline, restore_best_weights
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        self.wait, self.stopped_epoch, self.best, self.best_epoch = 0, 0, None, 0
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        self._decide_goal()
        current = (logs or {}).get(self.monitor)
        if current is None or epoch < self.start_from_epoch:
            if current is None:
                print(f"Early stopping conditioned on metric `{self.monitor}` which is not "
                      f"available. Available metrics are: {','.join(logs or {})}", file=sys.stderr)
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)


class ModelCheckpoint(MonitorCallback):
    """Saves the model (or its weights) after each epoch. Mirrors `keras.callbacks.ModelCheckpoint`.

    `filepath` may contain `{epoch:02d}` and log names (`{val_loss:.2f}`); it
    must end in `.keras` (or Keras 3's legacy `.h5`), or `.weights.h5` with
    `save_weights_only=True`.
    `save_freq=n` saves every n training batches instead (counted across epochs).
    """

    def __init__(self, filepath, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, save_weights_only: bool = False,
                 mode: str = "auto", save_freq="epoch"):
        super().__init__(monitor, mode)
        self.filepath = os.fspath(filepath)
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError("When using `save_weights_only=True` in `ModelCheckpoint`, the "
                             "filepath provided must end in `.weights.h5` (Keras weights "
                             f"format). Received: filepath={self.filepath}")
        if not save_weights_only and not self.filepath.endswith((".keras", ".h5")):
            raise ValueError("The filepath provided must end in `.keras` (Keras model format). "
                             f"Received: filepath={self.filepath}")
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(f"Unrecognized save_freq: {save_freq}. Expected save_freq are "
                             "'epoch' or integer values")
        self.save_freq = save_freq
        self.verbose = verbose
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        self.best = None
        self._epoch = 0
        self._batches_since_saving = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_saving += 1
        if self._batches_since_saving >= self.save_freq:
            self._batches_since_saving = 0
            self._save(self._epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._decide_goal()
        if self.save_freq == "epoch":
            self._save(epoch, logs)

    def _save(self, epoch, logs=None):
        logs = logs or {}
        path = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                print(f"Can save best model only with {self.monitor} available.", file=sys.stderr)
                return
            self._decide_goal()  # (saving every n batches: before the first epoch's end)
            if not self._is_improvement(current, self.best):
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from "
                          f"{self.best if self.best is not None else np.inf:.5f}")
                return
            if self.verbose > 0:
                old = np.inf if self.best is None else self.best
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {old:.5f} to "
                      f"{current:.5f}, saving model to {path}")
            self.best = current
        elif self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: saving model to {path}")
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {path}")


class LambdaCallback(Callback):
    """A callback from plain functions: `LambdaCallback(on_epoch_end=lambda epoch, logs: ...)`."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None):
        super().__init__()
        for name, fn in (("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_train_batch_begin", on_train_batch_begin),
                         ("on_train_batch_end", on_train_batch_end)):
            if fn is not None:
                setattr(self, name, fn)
        if on_train_begin is not None:
            self.on_train_begin = lambda logs=None: on_train_begin(logs)
        if on_train_end is not None:
            self.on_train_end = lambda logs=None: on_train_end(logs)


def _learning_rate(optimizer) -> float:
    if not hasattr(optimizer, "learning_rate"):
        raise ValueError('Optimizer must have a "learning_rate" attribute.')
    return float(np.asarray(optimizer.learning_rate))


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of each epoch to `schedule(epoch, lr)`.

    Mirrors `keras.callbacks.LearningRateScheduler`: `schedule` gets the
    epoch (from 0) and the current rate, or only the epoch if it takes one
    argument, and returns a float. Each epoch's logs (and so `history`)
    gain `learning_rate`.

    >>> halve = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr / 2)
    >>> model.fit(x, y, epochs=3, callbacks=[halve])   # 0.01 -> 0.005, 0.0025, 0.00125
    """

    def __init__(self, schedule, verbose: int = 0):
        super().__init__()
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        try:
            rate = self.schedule(epoch, _learning_rate(optimizer))
        except TypeError:  # Keras: a schedule of the epoch alone (the older form)
            rate = self.schedule(epoch)
        if not isinstance(rate, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {rate}")
        optimizer.learning_rate = rate
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = _learning_rate(self.model.optimizer)


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` when `monitor` stopped improving for
    `patience` epochs (then waits `cooldown` epochs; never below `min_lr`).

    Mirrors `keras.callbacks.ReduceLROnPlateau`: an improvement is a change of
    more than `min_delta` in the right direction ("auto": up for accuracy-like
    metrics, down for the rest). Each epoch's logs gain `learning_rate`.

    >>> calm = tf.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2)
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10,
                 verbose: int = 0, mode: str = "auto", min_delta: float = 1e-4,
                 cooldown: int = 0, min_lr: float = 0.0, **kwargs):
        super().__init__(monitor, mode, min_delta)
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. "
                             f"Received factor={factor}")
        self.factor, self.patience, self.verbose = factor, patience, verbose
        self.cooldown, self.min_lr = cooldown, min_lr
        self.best, self.wait, self.cooldown_counter = None, 0, 0

    def on_train_begin(self, logs=None):
        self.best, self.wait, self.cooldown_counter = None, 0, 0

    def on_epoch_end(self, epoch, logs=None):
        self._decide_goal()
        logs = {} if logs is None else logs
        optimizer = self.model.optimizer
        rate = logs["learning_rate"] = _learning_rate(optimizer)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Learning rate reduction is conditioned on metric `{self.monitor}` "
                          f"which is not available. Available metrics are: {','.join(logs)}.",
                          stacklevel=2)
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best, self.wait = current, 0
        elif self.cooldown_counter == 0:
            self.wait += 1
            if self.wait >= self.patience and rate > np.float32(self.min_lr):
                new = max(rate * self.factor, self.min_lr)
                optimizer.learning_rate = new
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
                self.cooldown_counter, self.wait = self.cooldown, 0


class TensorBoard(Callback):
    """Writes what TensorBoard shows. Mirrors `keras.callbacks.TensorBoard`.

    Under `log_dir/train` and `log_dir/validation`: scalars `epoch_loss`,
    `epoch_accuracy`, ... (and `epoch_learning_rate` in train) after every
    epoch, and `evaluation_loss_vs_iterations`, ... in validation after each
    evaluation; with `histogram_freq=n`, a histogram of every weight every n
    epochs (tagged `sequential/dense/kernel/histogram`: the weight's path); with `write_graph=True`, the model's layer graph ("keras", the
    Graphs dashboard's conceptual graph) and, when the graph of the training
    step can be traced (see `graph_def_provider`), its op graph.
    """

    def __init__(self, log_dir="logs", histogram_freq: int = 0, write_graph: bool = True,
                 write_images: bool = False, update_freq="epoch", profile_batch=0, **kwargs):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq, self.write_graph = int(histogram_freq), write_graph
        if update_freq != "epoch":
            raise ValueError("Only update_freq='epoch' is supported here.")
        self._writers: dict = {}
        self._graph_pending = False

    def _writer(self, run: str):
        from .. import summary
        if run not in self._writers:
            self._writers[run] = summary.create_file_writer(os.path.join(self.log_dir, run))
        return self._writers[run]

    def on_train_begin(self, logs=None):
        self._graph_pending = self.write_graph
        if self.write_graph:
            from .. import summary
            with self._writer("train").as_default():
                summary.ops.keras_model("keras", self.model.to_json(), step=0)
            self._writer("train").flush()

    def on_train_batch_end(self, batch, logs=None):
        # As Keras: the op graph of the training step exists once the first batch has traced it
        # (none with run_eagerly=True).
        if self._graph_pending:
            self._graph_pending = False
            graph_def = self.model._train_graph_def()
            if graph_def is not None:
                from .. import summary
                with self._writer("train").as_default():
                    summary.graph(graph_def)
                self._writer("train").flush()

    def on_epoch_end(self, epoch, logs=None):
        from .. import summary
        logs = dict(logs or {})
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        if getattr(self.model, "optimizer", None) is not None:
            train["learning_rate"] = _learning_rate(self.model.optimizer)
        with self._writer("train").as_default():
            for name, value in train.items():
                summary.scalar(f"epoch_{name}", value, step=epoch)
            if self.histogram_freq and epoch % self.histogram_freq == 0:
                for layer in self.model.layers:
                    for w in layer.weights:  # Keras 3: tagged by the path, sequential/dense/kernel
                        tag = getattr(w, "path", w.name).replace(":", "_")
                        summary.histogram(f"{tag}/histogram", w, step=epoch)
        if val:
            with self._writer("validation").as_default():
                for name, value in val.items():
                    summary.scalar(f"epoch_{name}", value, step=epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_test_end(self, logs=None):
        """After each evaluation (fit's validation too): `evaluation_<metric>_vs_iterations`
        in the validation run, at the optimizer's step count, as Keras 3 writes it."""
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not logs:
            return
        from .. import summary
        step = int(optimizer.iterations.numpy())
        with self._writer("validation").as_default():
            for name, value in logs.items():
                summary.scalar(f"evaluation_{name}_vs_iterations", value, step=step)

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}


from .backup_and_restore import BackupAndRestore  # noqa: E402 - (a Callback: after it)
from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.callbacks", __name__, name)
