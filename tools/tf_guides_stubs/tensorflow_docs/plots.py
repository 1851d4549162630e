"""`HistoryPlotter`: one line per named History for a metric (and its val_ twin)."""
import numpy as np
from matplotlib import pyplot as plt


class HistoryPlotter:
    def __init__(self, metric="loss", smoothing_std=None):
        self.metric = metric
        self.smoothing_std = smoothing_std

    def _smooth(self, values):
        if not self.smoothing_std:
            return np.asarray(values)
        width = int(3 * self.smoothing_std)
        x = np.arange(-width, width + 1)
        kernel = np.exp(-0.5 * (x / self.smoothing_std) ** 2)
        kernel /= kernel.sum()
        padded = np.pad(np.asarray(values, dtype=float), width, mode="edge")
        return np.convolve(padded, kernel, mode="valid")

    def plot(self, histories, metric=None):
        metric = metric or self.metric
        for name, history in histories.items():
            line = plt.plot(history.epoch, self._smooth(history.history[metric]), label=f"{name} Train")
            key = "val_" + metric
            if key in history.history:
                plt.plot(history.epoch, self._smooth(history.history[key]), "--",
                         color=line[0].get_color(), label=f"{name} Val")
        plt.xlabel("Epochs")
        plt.ylabel(metric)
        plt.legend()
