"""`python -m benchmarks` (`make bench`): provisionkit measured against baselines in the same run.

Every figure is a ratio against a baseline measured in the same process, interleaved with it, so
the machine's speed cancels out; nothing here asserts on wall-clock time.
"""
