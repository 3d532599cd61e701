"""The quiz's part in the scene: the question over the 3D view and, once answered, the right answer lit and framed.

Qt-free.  The scene's look is changed only through its own calls (`set_lit`, `keep_clear`): the right answer's
structures are lit as a stage's are.  Two text props are made once and only their text changes.  Detached, nothing
is lit and the texts are hidden.
"""

from __future__ import annotations

import textwrap

import numpy as np

from explainer.render.layers import Layer, Shot
from explainer.render.overlay import overlay_text
from explainer.render.scene import Scene
from explainer.stories.camera import DEFAULT_VIEW
from explainer.stories.quiz import QuizModel

FRAME_MARGIN = 14.0  # mm around the structures a shot frames
QUESTION_COLUMNS = 72  # characters a line of the question over the view holds before it wraps
ANSWER_COLOUR = (1.0, 0.80, 0.45)  # warm, like the highlight the answer is lit in
SEE_THROUGH = 0.3  # a disc's annulus while its nucleus is the answer: the lit nucleus shows through it
BACKDROP = (0.10, 0.12, 0.16, 0.8)  # behind the texts: they read over bone as well as over the background


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, QUESTION_COLUMNS))


def _text(size: int, position: tuple[float, float], **style):
    """An overlay text on a dark backdrop, made once."""
    prop = overlay_text(size, position, **style)
    prop.GetTextProperty().SetBackgroundColor(*BACKDROP[:3])
    prop.GetTextProperty().SetBackgroundOpacity(BACKDROP[3])
    prop.SetVisibility(False)
    return prop


class QuizView(Layer):
    """Keeps the scene in step with a QuizModel while attached (explainer.render.layers)."""

    camera_follows_play = True  # a video of the quiz turns to each question and to each answer

    def __init__(self, scene: Scene, model: QuizModel):
        self.scene, self.model = scene, model
        self.active = False
        self.question = _text(20, (0.02, 0.97), vertical="top", line_spacing=1.15)
        self.answer = _text(22, (0.5, 0.03), colour=ANSWER_COLOUR, justify="centered")
        self.texts = {"quiz question": self.question, "quiz answer": self.answer}  # labels keep clear of them
        for prop in self.texts.values():
            scene.renderer.AddViewProp(prop)
        self.faded: tuple[str, ...] = ()  # annuli made see-through to show a lit nucleus
        self._leave = model.subscribe(self.apply)

    def set_active(self, on: bool) -> None:
        self.active = on
        for name, prop in self.texts.items():
            prop.SetVisibility(on)
            self.scene.keep_clear(name, prop if on else None)
        if on:
            self.apply(self.model)
        else:
            self._light(())

    def apply(self, model: QuizModel) -> None:
        """The question's words over the view; once answered (or past its reveal), the answer lit and named."""
        if not self.active:
            return
        self._light(tuple(model.shown(self.scene.actors)))
        question = model.question
        self._say(self.question, _wrap(model.words(question.text)) if question else "")
        self._say(self.answer, self._answer_line(model))

    def _light(self, names: tuple[str, ...]) -> None:
        """Light `names` (changed only when they change); an annulus around a lit nucleus turns see-through."""
        if names == self.scene.lit["story"]:
            return
        self.scene.set_lit("story", names)
        annuli = (n.replace("nucleus_", "disc_", 1) for n in names if n.startswith("nucleus_"))
        faded = tuple(n for n in annuli if n not in names)
        for name, opacity in [*((n, 1.0) for n in self.faded), *((n, SEE_THROUGH) for n in faded)]:
            if name in self.scene.actors:
                self.scene.set_structure_opacity(name, opacity)
        self.faded = faded

    def _answer_line(self, model: QuizModel) -> str:
        if not model.revealed:
            return ""
        question = model.question
        named = f"{question.answer[0]}, " if question.kind == "choice" else ""
        lit = "lit in orange" if model.shown(self.scene.actors) else "see the panel"
        return f"Answer: {named}{lit}"

    @staticmethod
    def _say(prop, text: str) -> None:
        if prop.GetInput() != text:
            prop.SetInput(text)

    def shot(self, model: QuizModel) -> Shot | None:
        """Before the answer: the question's view of the segment; after it, the right answer framed."""
        question = model.question
        if question is None:
            return None
        view, mirror = question.view or DEFAULT_VIEW, model.side == "right"
        segment = [n for n in (model.level.split("-")[0], f"disc_{model.level}") if n in self.scene.actors]
        shown = model.shown(self.scene.actors)
        key = (model.depth, model.index, model.revealed, model.level, model.side)
        return Shot(key, view, self._box([*segment, *shown]), mirror)

    def _box(self, names: list[str]) -> tuple[float, ...]:
        """The box around `names`' meshes, with FRAME_MARGIN all round."""
        boxes = np.array([self.scene.spine.structures[n].mesh.bounds for n in names])
        lo, hi = boxes[:, 0::2].min(axis=0) - FRAME_MARGIN, boxes[:, 1::2].max(axis=0) + FRAME_MARGIN
        return tuple(float(v) for v in np.ravel(np.column_stack([lo, hi])))

    def set_depth(self, depth: str) -> None:
        """The depth chooses the set of questions: the quiz for students, the teach-back for patients."""
        self.model.set_depth(depth)

    def close(self) -> None:
        """Stop following the model and take the texts away."""
        self.set_active(False)
        self._leave()
        for prop in self.texts.values():
            self.scene.renderer.RemoveViewProp(prop)
