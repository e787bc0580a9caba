# `make lab` starts JupyterLab from the repository root: this lets nbgrader (formgrader and the
# assignment list) find the course settings in assignments/nbgrader_config.py.
import os

load_subconfig(os.path.join(os.path.dirname(os.path.abspath(__file__)),  # noqa: F821
                            "assignments", "nbgrader_config.py"))
