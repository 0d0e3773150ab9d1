from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_scan, test_sla

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestSlaHelpdesk(HelpdeskCarrier, test_sla.TestSla):
    """The SLA tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestScanHelpdesk(HelpdeskCarrier, test_scan.TestScan):
    """The scan tests of hypercare_support, on helpdesk tickets."""
