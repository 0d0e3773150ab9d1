from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_adoption

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestAdoptionHelpdesk(HelpdeskCarrier, test_adoption.TestAdoption):
    """The adoption tests of hypercare_support, on helpdesk tickets: the
    function of a reporter comes from their helpdesk tickets, a floor
    question that became a helpdesk ticket counts once."""
