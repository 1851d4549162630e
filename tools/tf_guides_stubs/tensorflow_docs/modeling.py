"""`EpochDots`: a callback that prints one dot per epoch and a report every `report_every`."""
import tensorflow as tf


class EpochDots(tf.keras.callbacks.Callback):
    def __init__(self, report_every=100, dot="."):
        super().__init__()
        self.report_every = report_every
        self.dot = dot

    def on_epoch_end(self, epoch, logs=None):
        if epoch % self.report_every == 0:
            print()
            print(f"Epoch: {epoch}, " + ", ".join(f"{k}:{v:0.4f}" for k, v in sorted((logs or {}).items())))
        print(self.dot, end="")
