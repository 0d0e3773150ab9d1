from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_exit_gate

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestExitGateHelpdesk(HelpdeskCarrier, test_exit_gate.TestExitGate):
    """The exit-gate tests of hypercare_support, on helpdesk tickets."""
