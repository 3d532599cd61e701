"""The quiz's page: the question, its choices as buttons (keys 1–9), the feedback with the explanation, the score.

Like the other pages, the widgets write only to the QuizModel (an answer, a question to go to) and show only what
the model says when it tells them.  A click question is answered on the 3D view: the window offers the click to
`QuizPage.clicked` first, which picks the structure under it and grades it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from explainer.stories.quiz import REVEAL, QuizModel
from explainer.ui.panel import text_label
from explainer.ui.story_panel import STORY_WIDTH, StoryControls, depth_buttons, follow_depth, show_depth
from narration.quiz import citations_in

TITLES = {"student": "Test yourself", "patient": "Check what you learned"}
CLICK_HINT = "Click it on the 3D model."
MAX_KEYS = 9  # choices 1–9 have a key each
RIGHT, WRONG = "#1e7b34", "#a8321e"  # the feedback's marks: readable green and red on the light panel


class QuizPanel(QWidget):
    """What the quiz shows beside the model; `depth_changed` when its depth buttons choose the other set."""

    depth_changed = Signal(str)

    def __init__(self, model: QuizModel, scene, parent: QWidget | None = None):
        super().__init__(parent)
        self.model, self.scene = model, scene  # the scene names the structures a click question is about
        self.depth = model.depth
        self.setFixedWidth(STORY_WIDTH)
        layout = QVBoxLayout(self)
        self.step_label = text_label("", 12)
        self.step_label.setStyleSheet("color: #5a5f66;")
        self.title = text_label("", 20, bold=True)
        grid = QGridLayout()
        self.depth_buttons = depth_buttons(self, grid, 0, self.depth, self.set_depth)
        self.question = text_label("", 16, bold=True, object_name="question")
        self.question.setAccessibleName("Question")
        self.hint = text_label(CLICK_HINT, 13)
        self.choice_box = QVBoxLayout()
        self.choices: list[QPushButton] = []
        self.reveal = QPushButton("Show the answer")
        self.reveal.setAccessibleDescription("Shows the right answer on the model without answering")
        self.reveal.clicked.connect(lambda: self.model.set_position(self.model.index + REVEAL))
        self.feedback = QTextBrowser()
        self.feedback.setAccessibleName("Feedback")
        self.feedback.setAccessibleDescription("Whether the answer was right, and why")
        font = self.feedback.font()
        font.setPointSize(14)
        self.feedback.setFont(font)
        self.score = text_label("", 14, bold=True, object_name="score")
        self.score.setAccessibleName("Score")
        for widget in (self.step_label, self.title):
            layout.addWidget(widget)
        layout.addLayout(grid)
        for widget in (self.question, self.hint):
            layout.addWidget(widget)
        layout.addLayout(self.choice_box)
        layout.addWidget(self.reveal)
        layout.addWidget(self.feedback, 1)
        layout.addWidget(self.score)
        self._shown: tuple | None = None  # the (depth, question) whose buttons are shown
        self._leave = model.subscribe(self.show_model)
        self.show_model(model)

    def set_depth(self, depth: str) -> None:
        if depth != self.depth:
            self.depth = depth
            self.model.set_depth(depth)
            show_depth(self.depth_buttons, depth)
            self.depth_changed.emit(depth)

    def choose(self, index: int) -> None:
        """Answer with choice `index` (a button's click, or its key)."""
        question = self.model.question
        if question is not None and question.kind == "choice" and index < len(question.choices):
            self.model.answer(question.choices[index])

    def show_model(self, model: QuizModel) -> None:
        """Everything this panel shows, from the model alone."""
        question, count = model.question, len(model.questions)
        self.title.setText(TITLES[model.depth])
        self.step_label.setText(f"Question {model.index + 1} of {count} · {model.level.replace('-', '–')} "
                                f"{model.side}" if count else "No questions could be read (see the log).")
        self.question.setText(model.words(question.text) if question else "")
        self.hint.setVisible(bool(question) and question.kind == "click" and not model.revealed)
        self.reveal.setEnabled(bool(question) and not model.revealed)
        self._fill_choices(model)
        self._mark_choices(model)
        self._show_feedback(model)
        right, answered = model.score
        self.score.setVisible(model.scored)
        self.score.setText(f"Score: {right} of {answered} right · {count} questions")

    def _fill_choices(self, model: QuizModel) -> None:
        """The choice buttons of the question shown (made again only when the question changes)."""
        question = model.question
        if self._shown == (model.depth, model.index, question):
            return
        self._shown = (model.depth, model.index, question)
        for button in self.choices:
            self.choice_box.removeWidget(button)
            button.deleteLater()
        self.choices = []
        for i, choice in enumerate(question.choices if question else ()):
            key = f"{i + 1}. " if i < MAX_KEYS else ""
            button = QPushButton(f"{key}{choice}")
            button.setAccessibleName(choice)
            button.setAccessibleDescription(f"Answer: {choice}" + (f" (key {i + 1})" if key else ""))
            button.setStyleSheet("text-align: left; padding: 6px;")
            button.clicked.connect(lambda _=False, i=i: self.choose(i))
            self.choice_box.addWidget(button)
            self.choices.append(button)
        chain = [self.depth_buttons["student"], *self.choices, self.reveal, self.feedback]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)  # Tab reads the page top down, the new buttons included

    def _mark_choices(self, model: QuizModel) -> None:
        """Once the answer is shown, the right choice in green and a wrong one given in red."""
        result, question = model.result, model.question
        for button, choice in zip(self.choices, question.choices if question else ()):
            colour = (RIGHT if choice == question.answer[0] else
                      WRONG if result is not None and choice == result.given else None) if model.revealed else None
            border = f"border: 2px solid {colour}; font-weight: bold;" if colour else ""
            button.setStyleSheet(f"text-align: left; padding: 6px; {border}")

    def _show_feedback(self, model: QuizModel) -> None:
        """Right or not, the right answer, the explanation (again, for a patient who missed) and its sources."""
        question, result = model.question, model.result
        if question is None or not model.revealed:
            self.feedback.setHtml("")
            return
        explanation = model.words(question.explain)
        clicked = question.kind == "click"
        parts = []
        if result is not None and result.right:
            parts.append(f'<p style="color:{RIGHT}"><b>✓ Right.</b></p>')
        elif result is not None:
            said = f" You clicked: {html.escape(self._named((result.given,)))}." if clicked else ""
            again = " Here it is again:" if model.depth == "patient" else ""
            parts.append(f'<p style="color:{WRONG}"><b>✗ Not quite.</b>{said}{again}</p>')
        wanted = model.structures(question.answer, self.scene.actors)
        answer = f"{self._named(wanted)}, lit in orange" if clicked else question.answer[0]
        parts.append(f"<p><b>The answer:</b> {html.escape(answer)}</p><p>{html.escape(explanation)}</p>")
        cited = citations_in(explanation)
        if cited:
            items = "".join(f"<li>{html.escape(c)}</li>" for c in cited)
            parts.append(f'<ul style="color:#5a5f66; font-size:small">{items}</ul>')
        self.feedback.setHtml("".join(parts))

    def _named(self, names) -> str:
        """Structures as a reader names them: "L4–L5 disc", not each of its parts."""
        return " or ".join(dict.fromkeys(self.scene.label(n).split(":")[0] for n in names))

    def leave(self) -> None:
        if self._leave is not None:
            self._leave()
            self._leave = None


class QuizPage:
    """The quiz's part of the window (explainer.ui.pages): the panel, the timeline (Back and Next go from question to
    question), keys 1–9 for the choices, and a click on the 3D view answering a click question."""

    tick_ms = 40

    def __init__(self, model: QuizModel, layer, host):
        self.model, self.layer, self.host = model, layer, host
        self.panel = QuizPanel(model, host.scene)
        self.controls = StoryControls(model)
        follow_depth(self.panel, host.session)
        self.keys = {getattr(Qt.Key, f"Key_{i + 1}"): (lambda i=i: self.panel.choose(i)) for i in range(MAX_KEYS)}
        problems = model.text.problems
        self.notice = f"Quiz: {len(problems)} file problem(s), e.g. {problems[0]}" if problems else None

    def clicked(self, x: int, y: int) -> bool:
        """A click on the 3D view answers an open click question with the structure under it (True: taken)."""
        question = self.model.question
        if question is None or question.kind != "click" or self.model.revealed:
            return False
        name = self.host.scene.pick(x, y)
        if name is None:
            return False
        self.model.answer(name)
        return True

    def leave(self) -> None:
        self.panel.leave()
        self.controls.leave()
