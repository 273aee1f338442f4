"""Kernels forked from a warm template: a jupyter_client provisioner (``coachkit-fork``) and its template process.

* :mod:`coachkit.kernels.provisioner` — :class:`ForkProvisioner`, selected by the kit's kernelspec
  (``coachkit/share/jupyter/kernels/python3/kernel.json``), asks the template for a kernel and falls back to
  jupyter_client's ``LocalProvisioner`` when forking is off, unavailable or fails;
* :mod:`coachkit.kernels.template` — the template process: imports and warms what every app needs once, then
  forks one child per kernel; each child becomes ``python -m ipykernel_launcher -f <connection file>``;
* :mod:`coachkit.kernels.warm` — what the template loads before forking;
* :mod:`coachkit.kernels.rehearse` — the template opens and answers every exercise once (first use loads nothing);
* :mod:`coachkit.kernels.module_files` — the module lists ipykernel and IPython build at each start, recorded once;
* :mod:`coachkit.kernels.settle` — what the template does last so that each kernel copies fewer of its pages;
* :mod:`coachkit.kernels.iostream` — a forked kernel's stdout and stderr wait for ipykernel's IO thread only when
  they hold output.
"""

from coachkit.config import PACKAGE_DIR

#: The kit's kernelspec ``python3`` selecting the ``coachkit-fork`` provisioner: a JUPYTER_PATH entry, put before
#: Python's own ``python3`` by ``coachkit serve`` (when the provisioner is registered) and by the hub's single-user
#: servers (deploy/jupyterhub).
KERNELSPEC_ROOT = PACKAGE_DIR / "share" / "jupyter-fork"


def kernelspec_on_path() -> bool:
    """Whether the kit's kernelspec is on JUPYTER_PATH (then its kernels are forked, unless turned off)."""
    import os

    return str(KERNELSPEC_ROOT) in os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
