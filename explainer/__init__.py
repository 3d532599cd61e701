"""Lumbar Explainer: the desktop app that shows the parametric lumbar spine (window, screenshot, export)."""
