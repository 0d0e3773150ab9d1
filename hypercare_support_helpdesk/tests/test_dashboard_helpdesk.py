from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_dashboard

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestDashboardHelpdesk(HelpdeskCarrier, test_dashboard.TestDashboard):
    """The dashboard's tests of hypercare_support, on helpdesk tickets: its
    tiles open the helpdesk tickets of the charter."""
