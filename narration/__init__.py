"""Narration: the words that go with each step of the story, at patient and student depth.

Plain text only (no Qt, no rendering); the explainer shows it. Empty in this first slice.
"""
