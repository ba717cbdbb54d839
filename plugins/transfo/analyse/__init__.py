"""Derived figures: gap analysis, gains valuation, chantier and portfolio value."""
