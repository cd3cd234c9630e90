"""Regression baseline: a stored outcome table that the model must reproduce exactly."""
