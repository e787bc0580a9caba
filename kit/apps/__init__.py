"""Apps outside JupyterLab: the story form on a phone and the story wall (served by Voila)."""
