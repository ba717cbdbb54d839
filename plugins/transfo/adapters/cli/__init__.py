"""The transfo command line."""
