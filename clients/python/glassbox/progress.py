"""The default progress display of Run.watch: a bar on stderr, redrawn in place on a terminal."""

import sys

BAR_WIDTH = 40


def progress_line(fraction, message):
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * BAR_WIDTH)
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {round(fraction * 100):3d}%  {message}"


class ProgressBar:
    """Called with each RunEvent; on a terminal redraws one line, otherwise writes a line per change."""

    def __init__(self, stream=None):
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._last = None

    def __call__(self, event):
        line = progress_line(event.progress, event.message)
        if self._tty:
            self._stream.write(f"\r\033[K{line}")
        elif line != self._last:
            self._stream.write(f"{line}\n")
        self._stream.flush()
        self._last = line

    def close(self):
        if self._tty and self._last is not None:
            self._stream.write("\n")
            self._stream.flush()
