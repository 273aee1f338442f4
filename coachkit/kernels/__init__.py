"""Kernels forked from a warm template: a jupyter_client provisioner (``coachkit-fork``) and its template process.

* :mod:`coachkit.kernels.provisioner` — :class:`ForkProvisioner`, selected by the kit's kernelspec
  (``coachkit/share/jupyter/kernels/python3/kernel.json``), asks the template for a kernel and falls back to
  jupyter_client's ``LocalProvisioner`` when forking is off, unavailable or fails;
* :mod:`coachkit.kernels.template` — the template process: imports and warms what every app needs once, then
  forks one child per kernel; each child becomes ``python -m ipykernel_launcher -f <connection file>``;
* :mod:`coachkit.kernels.warm` — what the template loads before forking.
"""
