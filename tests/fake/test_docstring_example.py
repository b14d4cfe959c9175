"""The example in the fake's package docstring runs as written (doctest), so it cannot rot: it
once passed `http://fake.local`, which config.check_base_url has since refused."""

from __future__ import annotations

import doctest

import provisionkit.fake


def test_the_package_docstring_example_runs_as_written() -> None:
    results = doctest.testmod(provisionkit.fake, optionflags=doctest.ELLIPSIS, report=True)
    assert results.attempted >= 5  # the example is still there, as doctest lines
    assert results.failed == 0
