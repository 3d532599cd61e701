"""The stories, Qt-free and VTK-free: timelines, the story models, the session and the registry of stories.

Importing this package registers the built-in stories (the cascade, the film, your findings, stenosis, the
quiz); another is added with `register(StoryKind(...))`.
"""

from explainer.stories.case import CaseModel
from explainer.stories.degeneration import StoryModel
from explainer.stories.injection import ProcedureModel
from explainer.stories.muscles import MusclesModel
from explainer.stories.quiz import QuizModel
from explainer.stories.registry import STORIES, StoryKind, case_story, register, resolve
from explainer.stories.sacroiliac import SacroiliacModel
from explainer.stories.session import DEPTHS, Session
from explainer.stories.stenosis import StenosisModel
from explainer.stories.timeline import Timeline

register(StoryKind("degeneration", "The degeneration cascade",
                   lambda level, side: StoryModel(level=level, side=side),
                   layer="explainer.render.degeneration:DegenerationView",
                   page="explainer.ui.story_panel:DegenerationPage"))
register(StoryKind("injection", "A guided injection",
                   lambda level, side: ProcedureModel(level=level, side=side),
                   layer="explainer.render.injection:InjectionView",
                   page="explainer.ui.cue_panel:InjectionPage"))
register(StoryKind("case", "Your findings", lambda level, side: CaseModel(level=level, side=side),
                   layer="explainer.render.case:CaseView", page="explainer.ui.case_panel:CasePage", takes_case=True))
register(StoryKind("stenosis", "Spinal stenosis",
                   lambda level, side: StenosisModel(level=level, side=side),
                   layer="explainer.render.stenosis:StenosisView",
                   page="explainer.ui.stenosis_panel:StenosisPage"))
register(StoryKind("quiz", "Test yourself",
                   lambda level, side: QuizModel(level=level, side=side),
                   layer="explainer.render.quiz:QuizView",
                   page="explainer.ui.quiz_panel:QuizPage"))
register(StoryKind("sacroiliac", "The sacroiliac joint", lambda level, side: SacroiliacModel(level=level, side=side),
                   layer="explainer.render.sacroiliac:SacroiliacView", page="explainer.ui.step_pages:sacroiliac_page"))
register(StoryKind("muscles", "The back muscles", lambda level, side: MusclesModel(level=level, side=side),
                   layer="explainer.render.muscles:MusclesView", page="explainer.ui.step_pages:muscles_page"))

__all__ = ["DEPTHS", "STORIES", "CaseModel", "MusclesModel", "ProcedureModel", "QuizModel", "SacroiliacModel",
           "Session", "StenosisModel", "StoryKind", "StoryModel", "Timeline", "case_story", "register", "resolve"]
