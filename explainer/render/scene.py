"""The Qt-free render adapter: the spine as VTK actors, built once, then changed only through properties.

The window and the `screenshot` command both draw this scene, so a screenshot shows exactly what the
window's 3D view shows: same materials, lights, background, labels and camera presets.

The scene is the one owner of its structures' look.  What a structure shows is composed here, in `_paint`, from
four sources that others only set: its material; a story's tint (the nucleus's T2 signal) or point colours (the
facet-load heat map, a pressed root, spurs); the highlight (a stage's structures, or a clicked term's); and the
user's selection.  Selection beats highlight, highlight beats a story's point colours, and a story's tint beats
the highlight (the tint is that structure's message), so clearing one never loses another.

Measured on the target (Mesa llvmpipe software OpenGL, 2 cores, Xvfb, 1280x720; benchmarks/run.py):

* Level of detail. Software OpenGL pays per triangle drawn (~0.18 ms per 1k coarse triangles after
  back-face culling) on top of ~15 ms that no geometry changes (~9 ms clear and present, ~3 ms gradient
  background, ~3 ms labels). Each structure therefore has two actors built once at start-up, the fine
  mesh (~407k triangles with muscles hidden) and its coarse copy (~60k), sharing one vtkProperty so colour,
  opacity and highlight always apply to both. `set_moving(True)` shows the coarse set, `set_moving(False)`
  the fine one; only visibility flips, nothing is added or removed. Moving frame 25-27 ms (coarse), still
  frame ~90 ms (fine, FXAA). Picking always uses the fine set.
* Anti-aliasing. 4x MSAA more than doubles a frame, so the render window never multisamples; moving
  frames have no anti-aliasing (motion hides the stair steps), the still frame has FXAA (~15-20 ms).
* Translucency. Translucent surfaces are blended unsorted, in every frame: with back faces culled each closed
  surface gives one layer, and order-independent translucency looked the same (muscles, the see-through
  disc) while it cost ~10 ms and 15 MB of peak memory (window session 400 -> 384 MB).
* Back faces. Every surface is closed and wound outwards, so back faces are culled: ~9 ms less a
  moving frame, and less memory.
* Memory. llvmpipe bins all of a frame's triangles in memory before it rasterizes them (~170 bytes a
  triangle), so the fine frame alone grew the heap by ~70 MB. The scene waits for the rasterizer after
  every FLUSH_TRIANGLES fine triangles, which caps that without slowing the still frame; triangle lists use
  32-bit indices. Peak resident memory of a window session: 427 -> 383 MB.
"""
from __future__ import annotations

import re

import numpy as np
from vtkmodules import vtkRenderingFreeType, vtkRenderingOpenGL2  # noqa: F401  (register the OpenGL and text backends)
from vtkmodules.vtkFiltersCore import vtkPolyDataNormals
from vtkmodules.vtkRenderingAnnotation import vtkScalarBarActor
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkCoordinate,
    vtkLightKit,
    vtkPolyDataMapper,
    vtkPropPicker,
    vtkRenderer,
    vtkRenderWindow,
    vtkTextActor,
)

from explainer.render.materials import HIDDEN_AT_START, HIGHLIGHT, Material, material_for
from explainer.stories.camera import VIEW_ANGLE, Pose, preset_pose
from meshes import GROUPS, Spine

BACKGROUND = (0.17, 0.20, 0.25)  # dark slate blue: ivory bone and yellow nerves stand out on it.  Flat: on
# llvmpipe a gradient costs about 5 ms of every frame (a sixth of a 30 fps frame) for a nicety
LABEL_GROUPS = {"PSIS (left)": "pelvis", "PSIS (right)": "pelvis", "iliac crest": "pelvis"}  # landmark -> group
LEVEL_NAME = re.compile(r"^[TLS]\d+$")  # "L1".."L5", "S1": the labels a reader orients by
LABEL_EDGE = 90  # pixels: a zoomed-in view keeps its level names this far inside the picture
LABEL_GAP = 12  # pixels between a label's anchor and its text
LABEL_PAD = 3  # pixels kept clear around each label's text
LABEL_MAX_SHIFT = 40  # pixels a part label may move up or down from its anchor to get clear of others
FAR_SIDE = -0.25  # a part label is dropped when its anchor faces away from the eye more than this (cosine)
ALONG_AXIS = 0.8  # looking along the spine this closely (cosine), the levels stack: only the nearest is named
FLUSH_TRIANGLES = 60_000  # fine triangles drawn between two waits for the rasterizer (see Scene._drew)


class OpenGLUnavailable(RuntimeError):
    """No OpenGL 3.2 context could be made: say so plainly instead of crashing in the driver."""


def require_opengl(render_window: vtkRenderWindow) -> None:
    if not render_window.SupportsOpenGL():
        raise OpenGLUnavailable(
            "no usable OpenGL (3.2 or newer) was found; install Mesa (libgl1-mesa-dri) or a GPU driver"
        )


def _smooth(mesh):
    """Point normals for smooth shading, computed once here (or taken from the mesh if it has them)."""
    if mesh.GetPointData().GetNormals() is not None:
        return mesh
    normals = vtkPolyDataNormals()
    normals.SetInputData(mesh)
    normals.SplittingOff()
    normals.ConsistencyOff()
    normals.ComputeCellNormalsOff()
    normals.Update()
    return normals.GetOutput()


def _mapper(mesh) -> vtkPolyDataMapper:
    """A mapper that draws `mesh` itself (a PyVista PolyData is a vtkPolyData: no copy is made). Its
    triangle list is stored with 32-bit indices, half the memory of the default 64-bit ones."""
    mesh = _smooth(mesh)
    mesh.GetPolys().ConvertTo32BitStorage()
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(mesh)
    mapper.ScalarVisibilityOff()
    return mapper


def _actor(mesh, material: Material) -> vtkActor:
    actor = vtkActor()
    actor.SetMapper(_mapper(mesh))
    prop = actor.GetProperty()
    prop.SetColor(*material.color)
    prop.SetInterpolationToPhong()
    prop.SetAmbient(material.ambient)
    prop.SetDiffuse(material.diffuse)
    prop.SetSpecular(material.specular)
    prop.SetSpecularPower(material.specular_power)
    prop.BackfaceCullingOn()  # closed surfaces wound outwards: their back faces are never seen
    return actor


def _coarse_actor(mesh, fine: vtkActor) -> vtkActor:
    """The light stand-in of `fine`, drawn while the camera moves; it shares `fine`'s property, so colour,
    opacity and highlight always apply to both."""
    actor = vtkActor()
    actor.SetMapper(_mapper(mesh))
    actor.SetProperty(fine.GetProperty())
    actor.SetPickable(False)
    return actor


def _label(key: str, point) -> vtkTextActor:
    """A screen-aligned label a few pixels beside a 3D anchor, drawn over the model so it is never hidden."""
    level = bool(LEVEL_NAME.match(key))
    text = vtkTextActor()
    text.SetInput(key if level else key[:1].upper() + key[1:])
    anchor = vtkCoordinate()
    anchor.SetCoordinateSystemToWorld()
    anchor.SetValue(*(float(v) for v in point))
    text.GetPositionCoordinate().SetReferenceCoordinate(anchor)  # its value becomes a pixel offset
    style = text.GetTextProperty()
    style.SetFontSize(26 if level else 21)  # legible from a metre away on a clinic monitor
    style.SetBold(level)
    style.SetColor((1.0, 1.0, 1.0) if level else (0.92, 0.94, 0.97))
    style.SetShadow(True)
    style.SetVerticalJustificationToCentered()
    text.SetPickable(False)
    return text


def _under(x: float, boxes, size) -> bool:
    """Whether a column of labels at pixel `x` would run into a tall kept-clear area (an inset, not a caption)."""
    width, height = size
    return any(x0 - 0.04 * width <= x <= x1 and y1 - y0 > 0.3 * height for x0, y0, x1, y1 in boxes)


class Scene:
    """One actor per structure and one label per landmark, in a renderer with lights and background."""

    def __init__(self, spine: Spine):
        self.spine = spine
        self.renderer = vtkRenderer()
        self.renderer.SetBackground(*BACKGROUND)
        self.renderer.SetUseOIT(False)  # translucency blended unsorted (module doc)
        vtkLightKit().AddLightsToRenderer(self.renderer)  # soft key, fill, back and head lights
        self.renderer.GetActiveCamera().SetViewAngle(VIEW_ANGLE)
        self.materials = {name: material_for(s) for name, s in spine.structures.items()}
        self.actors = {name: _actor(s.mesh, self.materials[name]) for name, s in spine.structures.items()}
        self.coarse_actors = {name: _coarse_actor(s.coarse, self.actors[name]) for name, s in spine.structures.items()}
        self._names = {actor: name for name, actor in self.actors.items()}
        self._picker = vtkPropPicker()
        self._picker.PickFromListOn()
        for actor in self.actors.values():  # picks happen when still: the fine set is the one to pick from
            self.renderer.AddActor(actor)
            self._picker.AddPickList(actor)
        for actor in self.coarse_actors.values():
            self.renderer.AddActor(actor)
        self._since_flush = 0
        for actor in self.actors.values():
            actor.GetMapper().AddObserver("EndEvent", self._drew)
        self.moving = False
        self.labels = [_label(key, point) for key, point in spine.landmarks.items()]
        for label in self.labels:
            self.renderer.AddViewProp(label)
        self._label_points = np.array(list(spine.landmarks.values()), dtype=float).reshape(-1, 3)
        self._is_level = np.array([bool(LEVEL_NAME.match(key)) for key in spine.landmarks])
        self._label_group = [LABEL_GROUPS.get(key) for key in spine.landmarks]  # hidden with their group
        self._label_sizes: np.ndarray | None = None  # text boxes in pixels, measured at the first frame
        self.labels_visible = True
        self.clear_areas: dict[str, tuple | vtkTextActor] = {}  # insets and overlay text (keep_clear)
        self._centre = np.reshape(self._frame_bounds(), (3, 2)).mean(axis=1)
        self._corners = self._frame_corners()  # the label column's edges: the healthy box, measured once
        self.renderer.AddObserver("StartEvent", self._place_labels)
        self.group_visible = {g: g not in HIDDEN_AT_START for g in GROUPS}
        self.group_opacity = dict.fromkeys(GROUPS, 1.0)
        self.structure_opacity: dict[str, float] = {}  # per-structure fades on top of the group's
        self.solid: set[str] = set()  # structures a story shows opaque, whatever their material's opacity
        for group in GROUPS:
            self._apply_group(group)
        self.selected: str | None = None
        self.tints: dict[str, tuple[float, float, float]] = {}  # a story's own colour for a structure
        self.mapped: set[str] = set()  # structures whose story point colours show (see _paint)
        self.lit: dict[str, tuple[str, ...]] = {"story": (), "term": ()}  # a clicked term's light replaces the story's
        self._group_listeners: list = []
        self.text_scale, self.text_floor = 1.0, 0  # see set_text_size
        self._text_base: dict = {}  # each overlay text's own size, before any scaling (set_text_size)
        self.set_moving(False)

    def attach(self, render_window: vtkRenderWindow) -> None:
        """Show the scene in `render_window` with the project's settings (no MSAA: see the module doc)."""
        render_window.SetMultiSamples(0)
        render_window.AddRenderer(self.renderer)

    def label(self, name: str) -> str:
        return self.spine.structures[name].label

    def subscribe_groups(self, callback) -> None:
        """Call `callback(group)` whenever a group's visibility or fade changes, whoever changed it (a story
        fading the pelvis, or the user): the panel's checkboxes follow the scene, not the other way round."""
        self._group_listeners.append(callback)

    def set_group_visible(self, group: str, visible: bool) -> None:
        if self.group_visible[group] != visible:
            self.group_visible[group] = visible
            self._apply_group(group)
            for callback in list(self._group_listeners):
                callback(group)

    def set_group_opacity(self, group: str, opacity: float) -> None:
        """Fade a group: `opacity` in [0, 1] scales each structure's own material opacity."""
        if self.group_opacity[group] != opacity:
            self.group_opacity[group] = opacity
            self._apply_group(group)
            for callback in list(self._group_listeners):
                callback(group)

    def set_structure_opacity(self, name: str, opacity: float) -> None:
        """Fade one structure on top of its group (a story seeing into one disc): 1 puts it back."""
        self.structure_opacity[name] = opacity
        self._apply_group(self.spine.structures[name].group)

    def set_solid(self, name: str, on: bool) -> None:
        """Draw `name` opaque (a story making the translucent muscles its actors), or as its material says."""
        (self.solid.add if on else self.solid.discard)(name)
        self._apply_group(self.spine.structures[name].group)

    def _apply_group(self, group: str) -> None:
        visible = self.group_visible[group]
        for structure in self.spine.group(group):
            fine = self.actors[structure.name]
            fine.SetVisibility(visible and not self.moving)
            self.coarse_actors[structure.name].SetVisibility(visible and self.moving)
            own = 1.0 if structure.name in self.solid else self.materials[structure.name].opacity
            fine.GetProperty().SetOpacity(own * self.group_opacity[group]
                                          * self.structure_opacity.get(structure.name, 1.0))

    def _drew(self, mapper, _event) -> None:
        """After each fine mesh is drawn: every FLUSH_TRIANGLES, let the renderer finish what it has.
        Software OpenGL (llvmpipe) bins a frame's triangles in memory before it rasterizes them; the fine
        set would hold tens of MB at once. Finishing in slices caps that (see the module doc)."""
        self._since_flush += mapper.GetInput().GetNumberOfCells()
        if self._since_flush >= FLUSH_TRIANGLES:
            self._since_flush = 0
            self.renderer.GetRenderWindow().WaitForCompletion()

    def _place_labels(self, *_) -> None:
        """Before each frame, lay the labels out for the current camera (see `layout_labels`)."""
        if not self.labels_visible:
            return
        shown, offsets, sides = self.layout_labels()
        for label, on, (dx, dy), side in zip(self.labels, shown, offsets, sides, strict=True):
            label.SetVisibility(bool(on))
            label.GetPositionCoordinate().SetValue(float(dx), float(dy))
            label.GetTextProperty().SetJustification(0 if side > 0 else 2)  # VTK_TEXT_LEFT / VTK_TEXT_RIGHT

    def keep_clear(self, name: str, area: tuple[float, float, float, float] | vtkTextActor | None) -> None:
        """Labels keep out of `area`, named `name`: an inset's viewport (x0, y0, x1, y1 as fractions of the view)
        or overlay text (wherever its text lies, while it is shown); None frees it again."""
        if area is None:
            self.clear_areas.pop(name, None)
        else:
            self.clear_areas[name] = area

    def _clear_boxes(self) -> list[tuple[float, float, float, float]]:
        """The kept-clear areas now, in pixels: x0, y0, x1, y1."""
        width, height = self.renderer.GetSize()
        boxes = []
        for area in self.clear_areas.values():
            if isinstance(area, vtkTextActor):
                if area.GetVisibility() and area.GetInput():
                    b = [0.0] * 4
                    area.GetBoundingBox(self.renderer, b)  # pixels from the text's anchor
                    x, y = area.GetPositionCoordinate().GetComputedDisplayValue(self.renderer)
                    boxes.append((x + b[0], y + b[2], x + b[1], y + b[3]))
            else:
                boxes.append((area[0] * width, area[1] * height, area[2] * width, area[3] * height))
        return boxes

    def layout_labels(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where each label goes in the current view: (shown, pixel offsets from the anchor, side).

        Text runs away from the spine's axis (side +1: to the right). A part label whose anchor lies on the
        far side of the model from the eye is not shown: it would name something the reader cannot see.
        Looking along the spine (from above) only the nearest level is named: the others stack behind it.
        A label that would be cut by the top or bottom of the view is not shown either.  Then no two labels,
        nor a label and a kept-clear area (an inset, a caption), may overlap: level labels (L1..S1) are placed
        first, nearest the eye first, and one that would cover another is dropped; a part label is moved up or
        down, at most LABEL_MAX_SHIFT pixels, to a free place, or else dropped.
        """
        camera = self.renderer.GetActiveCamera()
        anchors, depth = self._display(self._label_points)
        sizes = self._text_sizes()
        shown = self._showable(camera, anchors, depth, sizes)
        clear = self._clear_boxes()
        sides, offsets = self._sides_and_offsets(camera, anchors, clear)
        self._place(shown, sides, offsets, anchors, depth, sizes, list(clear))
        return shown, offsets, sides

    def _showable(self, camera, anchors: np.ndarray, depth: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Labels worth showing in this view, before any overlap is resolved (see `layout_labels`)."""
        shown = np.isfinite(depth) & (self._is_level | (self._facing(np.array(camera.GetPosition())) >= FAR_SIDE))
        shown &= np.array([group is None or self.group_visible[group] for group in self._label_group], dtype=bool)
        if abs(camera.GetDirectionOfProjection()[2]) > ALONG_AXIS and self._is_level.any():
            levels = np.flatnonzero(self._is_level)
            shown[levels[levels != levels[np.argmin(depth[levels])]]] = False
        height = self.renderer.GetSize()[1]
        return shown & (np.abs(anchors[:, 1] - height / 2) <= height / 2 - sizes[:, 1] / 2)  # not cut off

    def _sides_and_offsets(self, camera, anchors: np.ndarray, clear) -> tuple[np.ndarray, np.ndarray]:
        """Which way each label's text runs (+1: right) and its pixel offset from its anchor; the level names
        stand in one column just outside the model, like an atlas, never over the bone or under an inset."""
        right = np.cross(camera.GetDirectionOfProjection(), camera.GetViewUp())
        across = (self._label_points - self._centre) @ right
        sides = np.where(across >= 0, 1, -1)
        offsets = np.zeros((len(self.labels), 2))
        offsets[:, 0] = sides * LABEL_GAP
        if not self._is_level.any():
            return sides, offsets
        sides[self._is_level] = 1 if across[self._is_level].mean() >= 0 else -1  # where most of them lie
        corners, _ = self._display(self._corners)
        width = self.renderer.GetSize()[0]
        column = {1: min(corners[:, 0].max(), width - LABEL_EDGE), -1: max(corners[:, 0].min(), LABEL_EDGE)}
        if _under(column[sides[self._is_level][0]], clear, self.renderer.GetSize()):
            sides[self._is_level] *= -1
        edge = np.where(sides > 0, column[1], column[-1])
        offsets[self._is_level, 0] = (edge + sides * LABEL_GAP - anchors[:, 0])[self._is_level]
        return sides, offsets

    def _place(self, shown, sides, offsets, anchors, depth, sizes, placed: list) -> None:
        """Resolve overlaps in place: level names first, nearest first, dropped if covered; part labels moved up
        or down (at most LABEL_MAX_SHIFT pixels) to a free place inside the view, or dropped.  `placed` starts
        with the kept-clear areas (x0, y0, x1, y1)."""
        height = self.renderer.GetSize()[1]

        def box(i: int, dy: float) -> tuple[float, float, float, float]:
            (w, h), (x, y) = sizes[i], anchors[i]
            x0 = x + offsets[i, 0] if sides[i] > 0 else x + offsets[i, 0] - w
            return x0 - LABEL_PAD, y + dy - h / 2 - LABEL_PAD, x0 + w + LABEL_PAD, y + dy + h / 2 + LABEL_PAD

        def free(b) -> bool:  # inside the view, over no other label or kept-clear area
            return b[1] >= -LABEL_PAD and b[3] <= height + LABEL_PAD and all(
                b[2] <= o[0] or o[2] <= b[0] or b[3] <= o[1] or o[3] <= b[1] for o in placed)

        step = 2.0
        shifts = (0.0, *(d for k in range(1, int(LABEL_MAX_SHIFT / step) + 1) for d in (k * step, -k * step)))
        levels = sorted(np.flatnonzero(shown & self._is_level), key=lambda i: depth[i])
        parts = sorted(np.flatnonzero(shown & ~self._is_level), key=lambda i: depth[i])
        for i in (*levels, *parts):
            dy = next((d for d in ((0.0,) if self._is_level[i] else shifts) if free(box(i, d))), None)
            if dy is None:
                shown[i] = False
            else:
                placed.append(box(i, dy))
                offsets[i, 1] = dy

    def _display(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel positions (origin bottom-left) and view depths of world `points` in the current camera;
        depth is inf for a point behind the eye."""
        width, height = self.renderer.GetSize()
        camera = self.renderer.GetActiveCamera()
        matrix = camera.GetCompositeProjectionTransformMatrix(width / height if height else 1.0, -1, 1)
        m = np.array([[matrix.GetElement(r, c) for c in range(4)] for r in range(4)])
        clip = np.c_[points, np.ones(len(points))] @ m.T
        w = clip[:, 3]
        with np.errstate(divide="ignore", invalid="ignore"):
            ndc = clip[:, :2] / w[:, None]
        pixels = (ndc + 1) / 2 * (width, height)
        return pixels, np.where(w > 0, w, np.inf)

    def _facing(self, eye: np.ndarray) -> np.ndarray:
        """For each anchor: cosine between its direction out from the spine's long axis and the direction
        to the eye; negative means the anchor is on the far side of the model from this view."""
        out = self._label_points - self._centre
        out[:, 2] = 0.0  # the long axis is vertical (superior, +z)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        to_eye = eye - self._label_points
        to_eye /= np.linalg.norm(to_eye, axis=1, keepdims=True)
        return np.einsum("ij,ij->i", out, to_eye)

    def _text_sizes(self) -> np.ndarray:
        """Width and height in pixels of each label's text (they never change: measured once)."""
        if self._label_sizes is None:
            box = [0.0] * 4
            sizes = []
            for label in self.labels:
                label.GetBoundingBox(self.renderer, box)
                sizes.append((box[1] - box[0], box[3] - box[2]))
            self._label_sizes = np.array(sizes)
        return self._label_sizes

    def set_text_size(self, scale: float | None = None, floor: int | None = None) -> None:
        """Every text over the 3D view (labels, captions, readouts, legends) at `scale` times its own size (the
        reader's text size) and at least `floor` pixels (a projector's least, while presenting); None keeps that
        setting, so a call without arguments sizes text a new story's layer has just added.  Set in place."""
        self.text_scale = self.text_scale if scale is None else scale
        self.text_floor = self.text_floor if floor is None else floor
        # each text's own size, noted when first seen; texts taken out of the view since are forgotten
        self._text_base = {style: self._text_base.get(style, style.GetFontSize()) for style in self._text_styles()}
        for style, base in self._text_base.items():
            style.SetFontSize(max(round(base * self.text_scale), self.text_floor))
        self._label_sizes = None  # measured again at the next frame

    def _text_styles(self) -> list:
        """The text properties of every text actor and scalar bar in the view."""
        props = self.renderer.GetViewProps()
        styles = []
        for prop in (props.GetItemAsObject(i) for i in range(props.GetNumberOfItems())):
            if isinstance(prop, vtkTextActor):
                styles.append(prop.GetTextProperty())
            elif isinstance(prop, vtkScalarBarActor):
                styles += [prop.GetTitleTextProperty(), prop.GetAnnotationTextProperty()]
        return styles

    def set_labels_visible(self, visible: bool) -> None:
        self.labels_visible = visible
        for label in self.labels:
            label.SetVisibility(visible)

    def select(self, name: str | None) -> None:
        """The user's choice of one structure (None: none), shown in the highlight colour over everything else."""
        before, self.selected = self.selected, name
        self._paint(*(n for n in (before, name) if n is not None))

    def set_lit(self, source: str, names) -> None:
        """Light `names` for `source` ("story": the stage's structures; "term": a clicked term's, which replaces
        the story's while it is set; an empty list clears that source)."""
        before = self._lit_now()
        self.lit[source] = tuple(names)
        self._paint(*before, *self._lit_now())

    def _lit_now(self) -> tuple[str, ...]:
        return self.lit["term"] or self.lit["story"]

    def set_tint(self, name: str, colour: tuple[float, float, float] | None) -> None:
        """A story's own colour for `name` (None: its material's again)."""
        if colour is None:
            self.tints.pop(name, None)
        else:
            self.tints[name] = tuple(colour)
        self._paint(name)

    def set_mapped(self, name: str, on: bool) -> None:
        """Show (or stop showing) the story's point colours on `name`'s surfaces, fine and coarse."""
        (self.mapped.add if on else self.mapped.discard)(name)
        self._paint(name)

    def _paint(self, *names: str) -> None:
        """Compose what each of `names` shows (module doc): material, tint, point colours, highlight, selection."""
        lit = set(self._lit_now())
        for name in names:
            chosen = name == self.selected
            lit_here = name in lit and name not in self.tints
            colour = HIGHLIGHT if chosen or lit_here else self.tints.get(name, self.materials[name].color)
            self.actors[name].GetProperty().SetColor(*colour)  # shared with the coarse actor
            mapped = name in self.mapped and not (chosen or lit_here)
            for actor in (self.actors[name], self.coarse_actors[name]):
                actor.GetMapper().SetScalarVisibility(mapped)

    def shown_colour(self, name: str) -> tuple[float, float, float]:
        """The colour `name` is drawn in now (without its point colours)."""
        return self.actors[name].GetProperty().GetColor()

    def pick(self, x: int, y: int) -> str | None:
        """Name of the visible structure under display pixel (x, y), origin bottom-left, or None."""
        moving = self.moving
        if moving:  # picks use the fine set, which is hidden while moving: show it for the pick only
            self.set_moving(False)
        try:
            if not self._picker.Pick(x, y, 0, self.renderer):
                return None
            return self._names.get(self._picker.GetActor())
        finally:
            if moving:
                self.set_moving(True)

    def pick_point(self, x: int, y: int) -> tuple[float, float, float] | None:
        """The world point of the visible structure under display pixel (x, y), or None (for a pin)."""
        if self.pick(x, y) is None:
            return None
        return tuple(float(c) for c in self._picker.GetPickPosition())

    def set_moving(self, moving: bool) -> None:
        """Moving: the coarse set without anti-aliasing; still: the fine set with FXAA (module doc).
        Only visibility flips: no actor is created, added or removed."""
        self.moving = moving
        self.renderer.SetUseFXAA(not moving)
        for group in GROUPS:
            self._apply_group(group)

    def preset_pose(self, view: str, bounds: tuple[float, ...] | None = None, mirror: bool = False) -> Pose:
        """The camera for preset `view` (mirrored: from the right), framing `bounds` (default: all the bones and
        discs) in the part of the viewport that no tall inset covers."""
        width, height = self.renderer.GetSize()
        aspect = width / height if width and height else 16 / 9
        return preset_pose(view, bounds or self._frame_bounds(), aspect, mirror, self.free_span())

    def free_span(self) -> tuple[float, float]:
        """The span of the view's width (fractions) that no tall inset covers."""
        free = [0.0, 1.0]
        for area in self.clear_areas.values():
            if isinstance(area, tuple) and area[3] - area[1] > 0.3:  # an inset, not a line of text
                if area[0] > 0.5:
                    free[1] = min(free[1], area[0])
                elif area[2] < 0.5:
                    free[0] = max(free[0], area[2])
        return free[0], free[1]

    def panned(self, fraction: float) -> Pose:
        """The current camera moved sideways so that the picture shifts left by `fraction` of the view's width
        (negative: right); turn and zoom are kept."""
        pose = self.camera_pose()
        width, height = self.renderer.GetSize()
        aspect = width / height if width and height else 16 / 9
        right = np.cross(pose.up, pose.direction)
        across = 2.0 * pose.distance * np.tan(np.radians(self.renderer.GetActiveCamera().GetViewAngle()) / 2) * aspect
        return Pose(pose.focal + right / np.linalg.norm(right) * fraction * across, pose.direction, pose.distance,
                    pose.up)

    def _frame_corners(self) -> np.ndarray:
        """The eight corners of the box around the bones and discs (world)."""
        b = self._frame_bounds()
        return np.array([[x, y, z] for x in b[0:2] for y in b[2:4] for z in b[4:6]])

    def _frame_bounds(self) -> tuple[float, ...]:
        core = [s.mesh for g in ("bones", "discs") for s in self.spine.group(g)]
        boxes = np.array([m.bounds for m in core or [s.mesh for s in self.spine.structures.values()]])
        return tuple(np.ravel(np.column_stack([boxes[:, 0::2].min(axis=0), boxes[:, 1::2].max(axis=0)])))

    def camera_pose(self) -> Pose:
        camera = self.renderer.GetActiveCamera()
        focal, position = np.array(camera.GetFocalPoint()), np.array(camera.GetPosition())
        offset = position - focal
        distance = float(np.linalg.norm(offset))
        return Pose(focal, offset / distance, distance, np.array(camera.GetViewUp()))

    def set_pose(self, pose: Pose) -> None:
        camera = self.renderer.GetActiveCamera()
        camera.SetFocalPoint(*pose.focal)
        camera.SetPosition(*pose.position)
        camera.SetViewUp(*pose.up)
        self.renderer.ResetCameraClippingRange()
