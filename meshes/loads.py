"""How the load on a motion segment shifts from the disc to the facet joints as the disc narrows.

Anchors (medical.md §3.7): with a healthy disc, standing, the facets carry about 16% of the compressive load
(Adams & Hutton 1980 [S75], V); with a narrow, degenerated disc up to about 70% ([S76], V).  Between them the
curve is our assumption (D): the share rises smoothly with the loss of disc height and reaches 70% when 60% of
the height is gone (Griffith grade 7–8 territory [S52]).  It is a teaching curve, not a measurement.
"""

from __future__ import annotations

from meshes.sdf import smoothstep

HEALTHY_SHARE = 0.16  # [S75] V
NARROW_SHARE = 0.70  # [S76] V
FULL_EFFECT_LOSS = 0.60  # height loss (fraction) at which the share reaches NARROW_SHARE (D)


def facet_load_share(disc_height: float) -> float:
    """Fraction of the compressive load through both facet joints, for a disc at `disc_height` × healthy."""
    smooth = smoothstep((1.0 - disc_height) / FULL_EFFECT_LOSS)
    return HEALTHY_SHARE + (NARROW_SHARE - HEALTHY_SHARE) * smooth
