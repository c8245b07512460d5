"""Benchmarks for ttsocket-demo: ``python -m bench`` (see ``bench/README.md``).

Every measured client runs in a fresh process; this package's modules are
either the parent-side orchestration (:mod:`bench.cli`, :mod:`bench.procs`,
:mod:`bench.report`) or scripts the parent spawns (:mod:`bench.server_proc`,
:mod:`bench.echo_client`, :mod:`bench.flood_client`, :mod:`bench.startup_probe`).
Importing this package imports nothing else, so a probe stays cheap.
"""
