from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import (
    test_adoption,
    test_adoption_floor_log,
    test_adoption_functions,
    test_adoption_pulse,
    test_adoption_reporting,
)

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestAdoptionHelpdesk(
    HelpdeskCarrier,
    test_adoption.TestAdoption,
    test_adoption_pulse.TestAdoptionPulse,
    test_adoption_floor_log.TestAdoptionFloorLog,
    test_adoption_reporting.TestAdoptionReporting,
    test_adoption_functions.TestAdoptionFunctions,
):
    """The adoption tests of hypercare_support, on helpdesk tickets: the
    function of a reporter comes from their helpdesk tickets, a floor
    question that became a helpdesk ticket counts once."""
