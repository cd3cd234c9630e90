"""Intrinsic integrity: its initial distribution."""

from model import CreditSystemModel


def test_integrity_distribution_has_the_requested_mean():
    m = CreditSystemModel(
        rng=2, n_subjects=20_000, **{"integrity.mean": 0.4, "integrity.concentration": 4.0}
    )
    x = m.subjects.integrity
    assert abs(x.mean() - 0.4) < 0.01
    # Beta(1.6, 2.4): variance = m (1 - m) / (c + 1) = 0.048
    assert abs(x.var() - 0.048) < 0.004
    assert x.min() >= 0 and x.max() <= 1


def test_degenerate_means_are_exact():
    for mean in (0.0, 1.0):
        m = CreditSystemModel(rng=2, n_subjects=100, **{"integrity.mean": mean})
        assert (m.subjects.integrity == mean).all()
