"""The ultrasound inset: a schematic B-mode picture in place of the X-ray one when ultrasound guides the needle.

A fan of grey speckle from the probe at the top; the two bones' surfaces as bright lines with black acoustic shadow
below them and the joint's gap between; the needle, coming in from the side in the probe's plane, as a bright line
that grows as it advances.  The picture without the needle is made once; each frame only copies it and draws the
needle, and only when the needle has moved.
"""

from __future__ import annotations

import numpy as np

from explainer.render.fluoro_inset import INSET_TEXT, SIZE, monitor
from explainer.render.overlay import overlay_text

FAN_DEG = 32.0  # half the fan's opening
APEX = (-60.0, SIZE / 2)  # (row, column) of the fan's apex, above the picture
BONE_ROW = 170.0  # where the bones' surfaces lie (pixels from the top)
GAP = (118.0, 138.0)  # columns of the joint's gap between the bones
NEEDLE_FROM = np.array([18.0, 8.0])  # (row, column) where the needle enters the picture
NEEDLE_TO = np.array([BONE_ROW + 4.0, sum(GAP) / 2])  # its tip in the joint


def fan_picture(seed: int = 7) -> np.ndarray:
    """The still picture (rows down): speckle inside the fan, the bones' bright surfaces, their shadows."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE].astype(float)
    dr, dc = rows - APEX[0], cols - APEX[1]
    radius, angle = np.hypot(dr, dc), np.degrees(np.arctan2(dc, dr))
    fan = (np.abs(angle) <= FAN_DEG) & (radius >= -APEX[0] + 10.0) & (radius <= SIZE - APEX[0] - 6.0)
    speckle = np.random.default_rng(seed).gamma(2.0, 28.0, (SIZE, SIZE))
    picture = np.clip(speckle * (1.0 - 0.45 * rows / SIZE), 0, 140)  # deeper is darker
    surface = BONE_ROW + 6.0 * np.sin(cols / 40.0) + np.where(cols < GAP[0], 0.0, 8.0)  # two bones, offset
    bone = (cols < GAP[0]) | (cols > GAP[1])
    picture[bone & (np.abs(rows - surface) <= 2.5)] = 245.0
    picture[bone & (rows > surface + 2.5)] *= 0.08  # sound does not pass bone: black below it
    return np.where(fan, picture, 0.0).astype(np.uint8)


class UltrasoundInset:
    """The probe's picture and its captions, in their own renderer; hidden until `set_visible(True)`."""

    def __init__(self):
        self.renderer, self.image, self.pixels = monitor()
        self.still = fan_picture()
        title = overlay_text(14, colour=(0.7, 0.85, 1.0))
        title.SetInput("Ultrasound (schematic)")
        title.SetPosition(0.03, 0.92)
        self.caption = overlay_text(15, colour=INSET_TEXT)
        self.caption.SetPosition(0.03, 0.03)
        self.caption.SetInput("Bright: bone and needle\nBlack below: bone's shadow")
        for prop in (title, self.caption):
            self.renderer.AddViewProp(prop)
        self.visible = False
        self._shown: tuple | None = None

    def show(self, needle: float, injectate: float) -> None:
        """The picture with the needle `needle` of its way in and `injectate` (0–1) spreading dark at its tip."""
        key = (round(needle, 3), round(injectate, 2))
        if key == self._shown:
            return
        self._shown = key
        frame = self.still.copy()
        if needle > 0.0:
            tip = NEEDLE_FROM + needle * (NEEDLE_TO - NEEDLE_FROM)
            for t in np.linspace(0.0, 1.0, 400):
                r, c = np.round(NEEDLE_FROM + t * (tip - NEEDLE_FROM)).astype(int)
                frame[max(r - 1, 0):r + 2, max(c - 1, 0):c + 2] = 255
        if injectate > 0.0:  # fluid is black on ultrasound
            rows, cols = np.mgrid[0:SIZE, 0:SIZE]
            pool = ((rows - NEEDLE_TO[0]) / 5.0) ** 2 + ((cols - NEEDLE_TO[1]) / (4.0 + 14.0 * injectate)) ** 2 < 1
            frame[pool] = 10
        self.pixels[:] = frame[::-1]  # image rows run downwards, VTK's upwards
        self.image.Modified()

    def set_visible(self, on: bool, window) -> None:
        """Show or hide the inset in `window`: a hidden inset is out of the render window and costs nothing."""
        if window is not None and on != self.visible:
            (window.AddRenderer if on else window.RemoveRenderer)(self.renderer)
            self.visible = on
