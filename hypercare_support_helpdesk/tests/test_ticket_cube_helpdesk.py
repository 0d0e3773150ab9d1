from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_ticket_cube

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestTicketCubeHelpdesk(HelpdeskCarrier, test_ticket_cube.TestTicketCube):
    """The cube's figures equal the tickets' on helpdesk tickets: the
    triggers on their table count them like tasks."""
