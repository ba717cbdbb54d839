"""The typed model of an audit and the container of a loaded audit."""
