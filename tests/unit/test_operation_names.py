"""A watched operation's events and span are named after the public method that was called
(`provisionkit.<api>.<method>`), which is the name of the flow it runs (observing.py): every
entry of both operation tables runs a flow of its method's name, so a new entry cannot report
under the name of its generic flow."""

from __future__ import annotations

import pytest
from provisionkit import Runtime
from provisionkit.foundry.flows import FoundryFlows
from provisionkit.foundry.operations import OPERATIONS as FOUNDRY
from provisionkit.mittwald.flows import MittwaldFlows
from provisionkit.mittwald.operations import OPERATIONS as MITTWALD
from provisionkit.operations import Operation

ENTRIES = [
    pytest.param(flows, op, id=f"{flows.__name__}.{op.method}")
    for flows, table in ((MittwaldFlows, MITTWALD), (FoundryFlows, FOUNDRY))
    for op in table
]


@pytest.mark.parametrize(("flows", "op"), ENTRIES)
def test_the_flow_of_every_table_entry_is_named_after_its_method(
    flows: type[MittwaldFlows | FoundryFlows], op: Operation
) -> None:
    if op.kind.is_simple:
        flow = flows(Runtime()).run(op, 1.0)  # generic: named when it is made
        assert flow.__name__ == op.method  # type: ignore[attr-defined]
        flow.close()
    else:
        assert getattr(flows, op.method).__name__ == op.method  # written out under that name
