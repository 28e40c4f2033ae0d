"""Benchmarks: `make bench` runs bench/run.py, which runs every module here that defines main(argv)."""
