"""The facet load-share curve: anchored on Adams & Hutton, rising as the disc narrows."""

from __future__ import annotations

import pytest

from meshes.loads import facet_load_share


def test_anchors():
    assert facet_load_share(1.0) == pytest.approx(0.16)
    assert facet_load_share(0.4) == pytest.approx(0.70)
    assert facet_load_share(0.1) == pytest.approx(0.70)  # never beyond the measured maximum


def test_less_disc_height_means_more_facet_load():
    heights = [1.0 - i / 20 for i in range(13)]
    shares = [facet_load_share(h) for h in heights]
    assert all(b > a for a, b in zip(shares, shares[1:]))
