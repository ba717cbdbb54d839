"""The mkdocs plugin that hosts the generated site."""
