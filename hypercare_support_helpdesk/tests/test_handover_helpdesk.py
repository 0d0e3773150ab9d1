from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_escalation, test_handover

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestHandoverHelpdesk(HelpdeskCarrier, test_handover.TestHandover):
    """The handover tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestEscalationHelpdesk(HelpdeskCarrier, test_escalation.TestEscalation):
    """The escalation tests of hypercare_support, on helpdesk tickets."""
