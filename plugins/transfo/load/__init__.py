"""Read the model files: the safe YAML loader and the discovery of files by kind."""
