from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_access

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestAccessHelpdesk(HelpdeskCarrier, test_access.TestAccess):
    """The hypercare record rules on helpdesk tickets, beside helpdesk's own."""
