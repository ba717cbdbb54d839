"""Validation: schema, references, graphs and coherence, every problem in one run."""
