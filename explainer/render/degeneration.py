"""The 3D scene following the degeneration story: a view of the StoryModel, updated in place.

Qt-free.  When the model changes, the chosen segment's geometry is brought to the new position by writing
new coordinates into the point arrays the actors already draw, by one shared matrix for the column above the
disc, and by a colour for the drying nucleus.  Nothing is created, rebuilt or added per position.

The load the facet joints carry (meshes.loads: 16% of it with a healthy disc, up to 70% with a narrow one) is
shown three ways, all made once at set-up: the segment's four cartilage sheets are coloured by it (a point
array per sheet, mapped through one cividis lookup table, filled in place each position), a scalar bar at the
bottom left of the view reads the colours as percentages, and one arrow per joint presses down on it, longer
and thicker as the share grows, in the colour of that share.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkFloatArray, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersSources import vtkArrowSource
from vtkmodules.vtkRenderingAnnotation import vtkScalarBarActor
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from explainer.render.layers import Layer, Shot
from explainer.render.materials import ALARM, BONE, NERVE, SPUR, load_lookup_table, ramp_table
from explainer.render.overlay import overlay_text
from explainer.render.scene import Scene
from explainer.render.section import AxialSection
from explainer.stories.degeneration import StoryModel
from explainer.stories.terms import structures_for_kinds
from meshes.loads import HEALTHY_SHARE, NARROW_SHARE, facet_load_share
from meshes.pathology import OUTLINE_POINTS, Foramen, Pathology, SegmentRig, alarm_weights

FOCUS_MARGIN = 12.0  # mm around a segment when the camera frames it
NUCLEUS_WET = (0.80, 0.90, 1.00)  # bright, as a hydrated nucleus on a T2-weighted MRI (Pfirrmann I)
NUCLEUS_DRY = (0.22, 0.24, 0.30)  # dark grey-black (Pfirrmann V)
LOAD_ARRAY = "facet_load"  # point array on the cartilage sheets: the facet share of the load
FALLOFF = 0.3  # the heat map is this much cooler at a sheet's rim than at its hottest point
ARROW_LENGTH = 45.0  # mm of arrow per unit of load share (16% -> 7 mm, 70% -> 32 mm)
ARROW_WIDTH = (14.0, 16.0)  # mm: arrow thickness scale at no load, and added per unit of share
ARROW_TIP = (0.0, -12.0, 4.0)  # mm from the joint centre to the arrow's tip: on the back of the joint, clear of bone
ARROW_SLANT = 0.35  # the arrow comes from above and a little from outside (x per side), in the coronal plane
SIDES = {"right": 1.0, "left": -1.0}
ALARM_ARRAY = "compression"  # point array on the roots at risk: how hard each part of the root is pressed
ALARM_FULL = 3.0  # mm of root compression drawn in the full alarm colour (Lee grade 3: the root itself deformed)
PRESSED_SHOWN = 0.05  # mm: a root pressed less than this is not named in the readout
MODEL_NOTE = "Model values, illustrative"  # the readout's figures come from the model, not from a measurement
LEGEND_TITLE = "Facet load share (model)"
SPUR_ARRAY = "spur"  # point array on the segment's bones: how much new bone grows there
SPUR_FULL = 4.0  # mm of spur drawn in the full spur tint
OUTLINE_COLOUR = (0.55, 0.95, 1.0)  # the foramen's outline: pale cyan, apart from bone, nerve and the heat map


LEGEND_AREA = (0.02, 0.05, 0.28, 0.20)  # the legend's place, bottom left: x0, y0, x1, y1 of the view
LEGEND_DRAWN = (0.0, 0.0, 0.30, 0.135)  # where its title, bar and percentages fall in that place: labels keep out


def _legend(table) -> vtkScalarBarActor:
    """The scalar bar that reads the heat map's colours as a share of the load, at the bottom left."""
    bar = vtkScalarBarActor()
    bar.SetLookupTable(table)
    bar.SetTitle(LEGEND_TITLE)
    bar.SetOrientationToHorizontal()
    bar.SetPosition(*LEGEND_AREA[:2])  # bottom-left corner of the 3D view, clear of the framed model
    bar.SetWidth(LEGEND_AREA[2] - LEGEND_AREA[0])
    bar.SetHeight(LEGEND_AREA[3] - LEGEND_AREA[1])
    bar.SetBarRatio(0.3)
    bar.SetUnconstrainedFontSize(True)
    bar.SetDrawTickLabels(False)  # the values are shares (0.16): annotations name them as percentages
    for share in (HEALTHY_SHARE, 0.4, NARROW_SHARE):
        table.SetAnnotation(share, f"{share * 100:.0f} %")
    bar.SetDrawAnnotations(True)
    bar.SetAnnotationLeaderPadding(4)
    for style, size in ((bar.GetTitleTextProperty(), 20), (bar.GetAnnotationTextProperty(), 18)):
        style.SetFontSize(size)  # legible from a metre away, like the scene's labels
        style.SetColor(0.92, 0.94, 0.97)
        style.SetBold(False)
        style.SetItalic(False)
        style.SetShadow(True)
    bar.SetPickable(False)
    return bar


def _arrow() -> tuple[vtkActor, vtkMatrix4x4]:
    """One load arrow (unit length along +x, tip at x = 1) and the matrix that places and sizes it."""
    source = vtkArrowSource()
    source.SetTipLength(0.32)
    source.SetTipRadius(0.2)
    source.SetShaftRadius(0.08)
    source.SetTipResolution(24)
    source.SetShaftResolution(16)
    mapper = vtkPolyDataMapper()
    mapper.SetInputConnection(source.GetOutputPort())
    mapper.ScalarVisibilityOff()
    actor = vtkActor()
    actor.SetMapper(mapper)
    prop = actor.GetProperty()
    prop.SetInterpolationToPhong()
    prop.SetAmbient(0.25)
    prop.SetDiffuse(0.8)
    prop.SetSpecular(0.3)
    prop.SetSpecularPower(30.0)
    actor.SetPickable(False)
    matrix = vtkMatrix4x4()
    actor.SetUserMatrix(matrix)
    return actor, matrix


def _outline() -> tuple[vtkActor, np.ndarray]:
    """The foramen's outline: one closed line of OUTLINE_POINTS points, and a numpy view to move them in place."""
    points = vtkPoints()
    points.SetNumberOfPoints(OUTLINE_POINTS)
    lines = vtkCellArray()
    lines.InsertNextCell(OUTLINE_POINTS + 1)
    for i in [*range(OUTLINE_POINTS), 0]:
        lines.InsertCellPoint(i)
    poly = vtkPolyData()
    poly.SetPoints(points)
    poly.SetLines(lines)
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(poly)
    actor = vtkActor()
    actor.SetMapper(mapper)
    prop = actor.GetProperty()
    prop.SetColor(*OUTLINE_COLOUR)
    prop.SetLineWidth(5.0)
    prop.SetRenderLinesAsTubes(True)
    prop.SetLighting(False)
    actor.SetPickable(False)
    return actor, vtk_to_numpy(points.GetData())


def point_scalars(actor: vtkActor, name: str, table) -> vtkFloatArray:
    """A float array `name` on the actor's mesh (made once, zeros), mapped through `table` from now on."""
    mapper = actor.GetMapper()
    data = mapper.GetInput().GetPointData()
    array = data.GetArray(name)
    if array is None:
        array = vtkFloatArray()
        array.SetName(name)
        array.SetNumberOfTuples(mapper.GetInput().GetNumberOfPoints())
        array.Fill(0.0)
        data.AddArray(array)
    mapper.SetLookupTable(table)
    mapper.UseLookupTableScalarRangeOn()
    mapper.SetScalarModeToUsePointFieldData()
    mapper.SelectColorArray(name)
    return array  # shown while the scene says so (Scene.set_mapped)


def segment_bounds(spine, segment: str) -> tuple[float, ...]:
    """The box a camera should frame to show a segment: its two vertebrae and disc, healthy, with room for the
    roots and the arrows around them."""
    upper, lower = segment.split("-")
    names = [upper, f"disc_{segment}"]
    if lower != "S1":  # the whole sacrum would zoom out again; its top is in the disc's box
        names.append(lower)
    boxes = np.array([spine.structures[n].mesh.bounds for n in names])
    lo, hi = boxes[:, 0::2].min(axis=0) - FOCUS_MARGIN, boxes[:, 1::2].max(axis=0) + FOCUS_MARGIN
    return tuple(np.ravel(np.column_stack([lo, hi])))


class DegenerationView(Layer):
    """The degeneration story's layer: keeps `scene` in step with `model` for the model's segment and side while
    attached (explainer.render.layers); detached, the segment is healthy and the overlays hidden."""

    camera_follows_play = False  # playing glides between stages; the camera turns only when a step lands on one

    def __init__(self, scene: Scene, model: StoryModel):
        self.scene, self.model = scene, model
        self.active = False
        self.settle = vtkMatrix4x4()  # one matrix shared by every actor riding on the column above
        self.table = load_lookup_table()  # the one colour map of the facet load: sheets, arrows and legend
        self.legend = _legend(self.table)
        self.arrows = {side: _arrow() for side in SIDES}
        self.share = HEALTHY_SHARE
        self.alarm_table = ramp_table(NERVE.color, ALARM)
        self.spur_table = ramp_table(BONE.color, SPUR)
        self.outline, self.outline_points = _outline()
        # the measured figures, top right: read from the geometry, never painted
        self.readout = overlay_text(19, (0.98, 0.97), justify="right", vertical="top", line_spacing=1.25)
        self.section = AxialSection(scene)
        for prop in (self.legend, self.outline, self.readout, *(a for a, _ in self.arrows.values())):
            prop.SetVisibility(False)
            scene.renderer.AddViewProp(prop)
        self._rig_for(model.level, model.side)
        self._leave = model.subscribe(self.update)

    def _meshes(self, name: str):
        s = self.scene.spine.structures[name]
        return (s.mesh, s.coarse)

    def _rig_for(self, segment: str, side: str) -> None:
        """Weights for one segment, computed once (milliseconds) when the segment or side changes."""
        self.rig = SegmentRig(self.scene.spine, segment, side)
        self.segment, self.side = segment, side
        names = self.scene.spine.structures
        self.discs = [n for n in (f"disc_{segment}", f"nucleus_{segment}") if n in names]
        self.sheets = [n for n in names if n.startswith(f"cartilage_{segment}_")]
        self.bones = [self.rig.upper, self.rig.lower_bone]
        moving = self.discs + self.sheets + self.bones
        # numpy views onto the very arrays the actors draw: writing into them is the whole update
        self.arrays = {n: [vtk_to_numpy(m.GetPoints().GetData()) for m in self._meshes(n)] for n in moving}
        self.rows = {n: [slice(None), slice(None)] for n in moving}
        self.base = {n: [a.copy() for a in self.arrays[n]] for n in moving}
        self.weights = {}
        for n in self.discs:
            self.weights[n] = [self.rig.disc_weights(b) for b in self.base[n]]
        for n in self.sheets:
            self.weights[n] = [self.rig.cartilage_weights(n, b) for b in self.base[n]]
        for n in self.bones:  # spurs touch only the rims and facet margins: keep just those rows
            weights = [self.rig.spur_weights(n, b, m.point_data["Normals"])
                       for b, m in zip(self.base[n], self._meshes(n))]
            self.rows[n] = [np.flatnonzero(w["endplate"] + w["facet"]) for w in weights]
            self.base[n] = [b[r] for b, r in zip(self.base[n], self.rows[n])]
            self.weights[n] = [{k: v[r] for k, v in w.items()} for w, r in zip(weights, self.rows[n])]
        for n in self.rig.riders:
            for actor in (self.scene.actors[n], self.scene.coarse_actors[n]):
                actor.SetUserMatrix(self.settle)
        self._heat_for()
        self._alarm_for()
        self._spurs_for()
        self._arrows_for()
        self.foramen = Foramen(self.rig)
        self._section_for()
        self.healthy_foramen = self.foramen.measure(Pathology())[1:]

    def _heat_for(self) -> None:
        """Give the segment's cartilage sheets (fine and coarse) their load array, once, and map it through
        the load colours.  Per point a weight: hottest at the sheet's centre and, as the load grows, towards
        its lower pole, where the tip of the inferior facet bears on the joint; FALLOFF cooler at the rim."""
        self.heat = []  # (vtk array, numpy view on it, weight at healthy load, change of weight at full load)
        for n in self.sheets:
            normal = self.weights[n][0]["normal"]
            for actor, base in zip((self.scene.actors[n], self.scene.coarse_actors[n]), self.base[n]):
                array = point_scalars(actor, LOAD_ARRAY, self.table)
                centre = base.mean(axis=0)
                low = centre - [0.0, 0.0, 0.6 * (centre[2] - base[:, 2].min())]
                flat = np.eye(3) - np.outer(normal, normal)  # distances within the sheet's plane
                r0 = np.linalg.norm((base - centre) @ flat, axis=1)
                r1 = np.linalg.norm((base - low) @ flat, axis=1)
                scale = max(float(r0.max()), 1e-6)
                w0 = 1.0 - FALLOFF * np.clip(r0 / scale, 0.0, 1.0) ** 2
                w1 = 1.0 - FALLOFF * np.clip(r1 / scale, 0.0, 1.0) ** 2
                w0, w1 = w0 / w0.max(), w1 / w1.max()
                self.heat.append((array, vtk_to_numpy(array), w0.astype(np.float32), (w1 - w0).astype(np.float32)))

    def _section_for(self) -> None:
        """Point the axial cut at this segment: half-way between its endplates, across the disc."""
        lower = "S1" if self.rig.lower_bone == "sacrum" else self.rig.lower_bone
        roots = [f"root_{level}_{side}" for level in (self.rig.upper, lower) for side in SIDES]
        names = [*self.discs, *self.bones, *self.sheets, "dural_sac", *roots]
        normal = self.rig.world[lower][:3, 2] + self.rig.world[self.rig.upper][:3, 2]
        self.section.follow(self.segment, [n for n in names if n in self.scene.actors],
                            set(self.rig.riders), self.settle, self.base[self.discs[0]][0].mean(axis=0),
                            normal / np.linalg.norm(normal))

    def _alarm_for(self) -> None:
        """Give the roots at risk their compression array, weighted towards where the pressing tissue is closest."""
        self.alarm = []  # (vtk array, numpy view on it, weight per point)
        for root in self.rig.root_gaps():
            for actor, mesh in zip((self.scene.actors[root], self.scene.coarse_actors[root]), self._meshes(root)):
                array = point_scalars(actor, ALARM_ARRAY, self.alarm_table)
                self.alarm.append((root, array, vtk_to_numpy(array), alarm_weights(self.rig, root, mesh.points)))

    def _spurs_for(self) -> None:
        """Give the segment's bones their spur array: only the rim and facet-margin rows ever change."""
        self.spur_tint = []  # (vtk array, numpy view, rows, endplate weight, facet weight)
        for n in self.bones:
            for actor, rows, w in zip((self.scene.actors[n], self.scene.coarse_actors[n]), self.rows[n],
                                      self.weights[n]):
                array = point_scalars(actor, SPUR_ARRAY, self.spur_table)
                self.spur_tint.append((array, vtk_to_numpy(array), rows, w["endplate"], w["facet"]))

    def _cool(self, on: bool = False) -> None:
        """The segment's cartilage, roots at risk and bones back to their own material colours (or, `on`,
        back to the load, alarm and spur colours set up for them), and the nucleus to its own colour (or its
        T2 signal, which `_pose` sets)."""
        for n in [*self.sheets, *self.rig.root_gaps(), *self.bones]:
            self.scene.set_mapped(n, on)
        if not on:
            for n in self.discs:
                self.scene.set_tint(n, None)

    def _arrows_for(self) -> None:
        """Where each arrow points (world, healthy): down onto the top of that side's joint of this segment."""
        lower = "S1" if self.rig.lower_bone == "sacrum" else self.rig.lower_bone
        joints = self.rig.joints[lower]["above"]
        self.aim = {}
        for side, sign in SIDES.items():
            joint = joints[sign].moved(self.rig.world[lower])
            tip = joint.center + ARROW_TIP
            down = np.array([-sign * ARROW_SLANT, 0.0, -1.0])  # from above and outside
            down /= np.linalg.norm(down)
            across = np.cross(down, [0.0, 1.0, 0.0])
            across /= np.linalg.norm(across)
            self.aim[side] = (np.append(tip, 1.0), np.column_stack([down, across, np.cross(down, across)]))

    def focus_bounds(self) -> tuple[float, ...]:
        """The box a camera should frame to show this segment (segment_bounds)."""
        return segment_bounds(self.scene.spine, self.segment)

    def set_active(self, on: bool) -> None:
        self.active = on
        for prop in (self.legend, self.outline, self.readout, *(a for a, _ in self.arrows.values())):
            prop.SetVisibility(on)
        self._keep_labels_off(on)
        if on:
            self._cool(True)
            self.update(self.model)
        else:
            self._pose(Pathology())
            self._cool()
            self.scene.set_lit("story", ())
            self.section.set_visible(False)

    def shot(self, model: StoryModel) -> Shot | None:
        """The camera for a whole stage (the whole spine where the stage says so, else the segment, from the
        chosen side); None between stages, where the camera stays as it is."""
        if model.position != model.stage_index:
            return None
        bounds = self.focus_bounds() if model.frames_segment else None
        return Shot((model.stage_index, model.level, model.side), model.stage.view, bounds, model.side == "right")

    def _light(self, model: StoryModel) -> None:
        """The stage's structures lit (the nucleus keeps its T2 colour: its tint beats the highlight)."""
        names = structures_for_kinds(model.stage.highlight, model.level, model.side, self.scene.actors)
        if tuple(names) != self.scene.lit["story"]:
            self.scene.set_lit("story", names)

    def _keep_labels_off(self, on: bool) -> None:
        """The scene's labels keep clear of the legend and the readout while they are shown."""
        self.scene.keep_clear("legend", LEGEND_DRAWN if on else None)
        self.scene.keep_clear("readout", self.readout if on else None)

    def close(self) -> None:
        """Stop following the model, put the healthy geometry back and take the load display away."""
        self.set_active(False)
        self._leave()
        for prop in (self.legend, self.outline, self.readout, *(a for a, _ in self.arrows.values())):
            self.scene.renderer.RemoveViewProp(prop)
        self.section.close()

    def update(self, model: StoryModel) -> None:
        """Apply the model's position (while attached): geometry, colours, overlays and the stage's highlight."""
        if not self.active:
            return
        if (model.level, model.side) != (self.segment, self.side):
            self._pose(Pathology())
            self._cool()
            for n in self.rig.riders:
                for actor in (self.scene.actors[n], self.scene.coarse_actors[n]):
                    actor.SetUserMatrix(None)
            self._rig_for(model.level, model.side)
            self._cool(True)
        # in motion only the coarse set is drawn: the fine one is brought up to date when the scene comes to
        # rest (the window calls update again then), unless the cross-section, which cuts it, is on
        self._pose(model.pathology(), fine=not self.scene.moving or self.section.visible)
        self._light(model)

    apply = update

    def set_depth(self, depth: str) -> None:
        """The scene shows the same at both depths (the words differ)."""

    def _pose(self, p: Pathology, fine: bool = True) -> None:
        self._fine = fine
        delta = self.rig.settle(p)
        for i in range(4):
            for j in range(4):
                self.settle.SetElement(i, j, delta[i, j])
        for n in self.discs:
            nucleus = n.startswith("nucleus_")
            self._write(n, lambda b, w, k=nucleus: self.rig.disc_points(b, w, p, delta, k))
        for n in self.sheets:
            self._write(n, lambda b, w: self.rig.cartilage_points(b, w, p))
        for n in self.bones:
            self._write(n, lambda b, w: self.rig.spur_points(b, w, p))
        nucleus = f"nucleus_{self.segment}"
        if nucleus in self.scene.actors and self.active:
            colour = np.add(NUCLEUS_DRY, np.multiply(p.hydration, np.subtract(NUCLEUS_WET, NUCLEUS_DRY)))
            self.scene.set_tint(nucleus, tuple(float(c) for c in colour))
        self._load(facet_load_share(0.5 * (p.disc_height_ant + p.disc_height_post)), delta)
        self._press(p)
        self.section.move(delta)
        outline, height, area = self.foramen.measure(p)
        self.outline_points[:] = outline
        self.outline.GetMapper().GetInput().GetPoints().Modified()
        self._measure(height, area)

    def _press(self, p: Pathology) -> None:
        """Roots in the alarm colour where and as far as they are pressed; spurs tinted as they grow."""
        pressed = self.rig.root_compression(p)
        for root, array, values, weight in self.alarm:
            values[:] = weight * min(pressed[root] / ALARM_FULL, 1.0)
            array.Modified()
        for array, values, rows, endplate, facet in self.spur_tint:
            values[rows] = (p.endplate_spur * endplate + p.facet_spur * facet) / SPUR_FULL
            array.Modified()
        self.pressed = pressed

    def _measure(self, height: float, area: float) -> None:
        """The figures beside the model: load share, the foramen against healthy, which root is pressed and how
        far (the root the anatomy names: traversing or exiting), all marked as the model's illustrative values."""
        roles = self.rig.root_roles()
        lines = [f"{self.segment.replace('-', '–')}, {self.side} side",
                 f"Facet load share {self.share * 100:.0f} %",
                 f"Foramen {height:.1f} mm high, {area:.0f} mm²",
                 f"  (healthy {self.healthy_foramen[0]:.1f} mm, {self.healthy_foramen[1]:.0f} mm²)"]
        lines += [f"{root.split('_')[1]} root pressed {mm:.1f} mm ({roles[root]})"
                  for root, mm in self.pressed.items() if mm > PRESSED_SHOWN]
        lines.append(MODEL_NOTE)
        text = "\n".join(lines)
        if text != self.readout.GetInput():
            self.readout.SetInput(text)

    def _load(self, share: float, delta: np.ndarray) -> None:
        """The facet share of the load into the sheets' arrays (in place), the arrows' size and colour."""
        self.share = share
        grown = min(max((share - HEALTHY_SHARE) / (NARROW_SHARE - HEALTHY_SHARE), 0.0), 1.0)
        for array, values, w0, dw in self.heat:
            values[:] = share * (w0 + grown * dw)
            array.Modified()
        colour = [0.0, 0.0, 0.0]
        self.table.GetColor(share, colour)
        length, width = ARROW_LENGTH * share, ARROW_WIDTH[0] + ARROW_WIDTH[1] * share
        for side, (actor, matrix) in self.arrows.items():
            tip, rotation = self.aim[side]
            tip = (delta @ tip)[:3]  # the joint's upper half rides down with the settling column
            frame = rotation * [length, width, width]
            place = frame[:, 0] * -1.0 + tip
            for i in range(3):
                for j in range(3):
                    matrix.SetElement(i, j, frame[i, j])
                matrix.SetElement(i, 3, place[i])
            matrix.Modified()
            actor.GetProperty().SetColor(*colour)

    def _write(self, name: str, move) -> None:
        """New coordinates into the arrays the actors draw (fine unless in motion, and coarse), then mark them
        modified."""
        sets = zip(self._meshes(name), self.arrays[name], self.rows[name], self.base[name], self.weights[name])
        for mesh, array, rows, base, w in sets if self._fine else list(sets)[1:]:
            array[rows] = move(base, w)
            mesh.GetPoints().Modified()
