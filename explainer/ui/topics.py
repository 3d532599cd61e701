""""What you may have read": the claims patients bring from clinic pages, each answered plainly with its sources,
at the session's depth.  A tab of its own, so it is one click away whichever story is on screen."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QListWidget, QTextBrowser, QVBoxLayout, QWidget

from explainer.ui.panel import text_label
from explainer.ui.story_panel import STORY_WIDTH, TEXT_POINTS
from narration.claims import TopicText

SOURCE_STYLE = "color:#5a5f66; font-size:small"


class TopicsPanel(QWidget):
    """The claims as a list; the chosen one's answer below it, at the depth the session reads at."""

    def __init__(self, topics: TopicText, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.topics, self.session = topics, session
        self.setFixedWidth(STORY_WIDTH)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(topics.title or "What you may have read", 20, bold=True))
        intro = QLabel("Claims people often bring from websites, and what the studies say.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.claims = QListWidget()
        self.claims.setAccessibleName("Claims")
        self.claims.setAccessibleDescription("Claims people bring from websites; choose one to read its answer")
        self.claims.setWordWrap(True)
        self.claims.addItems([topic.heading for topic in topics.topics])
        self.claims.currentRowChanged.connect(lambda _row: self.show_answer())
        layout.addWidget(self.claims, 2)
        self.answer = QTextBrowser()
        self.answer.setAccessibleName("Answer")
        self.answer.setAccessibleDescription("What the studies say about the chosen claim")
        font = self.answer.font()
        font.setPointSize(TEXT_POINTS)
        self.answer.setFont(font)
        layout.addWidget(self.answer, 3)
        self._leave = session.subscribe(lambda _s, what: what == "depth" and self.show_answer())
        self.destroyed.connect(self._leave)
        if topics.topics:
            self.claims.setCurrentRow(0)

    def show_answer(self) -> None:
        """The chosen claim's answer at the session's depth; students also see the sources."""
        row = self.claims.currentRow()
        if not 0 <= row < len(self.topics.topics):
            self.answer.setHtml("")
            return
        topic = self.topics.topics[row]
        depth = self.session.depth
        parts = [f"<h3>{html.escape(topic.heading)}</h3>"]
        parts += [f"<p>{html.escape(p)}</p>" for p in topic.text(depth).split("\n\n") if p.strip()]
        if depth == "student" and self.topics.citations:
            items = "".join(f"<li>{html.escape(c)}</li>" for c in self.topics.citations)
            parts.append(f'<p style="{SOURCE_STYLE}"><b>Sources</b></p><ul style="{SOURCE_STYLE}">{items}</ul>')
        self.answer.setHtml("".join(parts))
