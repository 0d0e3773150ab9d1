from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_staff

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestStaffHelpdesk(HelpdeskCarrier, test_staff.TestStaff):
    """The staff tests of hypercare_support, on helpdesk tickets."""
