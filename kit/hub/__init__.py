"""A whole class on one server: JupyterHub configuration checks and the private exchange."""
