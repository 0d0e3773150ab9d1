from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import (
    test_exit_gate,
    test_exit_gate_close,
    test_exit_gate_weeks,
)

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestExitGateHelpdesk(
    HelpdeskCarrier,
    test_exit_gate.TestExitGate,
    test_exit_gate_weeks.TestExitGateWeeks,
    test_exit_gate_close.TestExitGateClose,
):
    """The exit-gate tests of hypercare_support, on helpdesk tickets."""
