from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_charter_contract

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestContractLogHelpdesk(HelpdeskCarrier, test_charter_contract.TestContractLog):
    """The contract log of a charter carried by a helpdesk team."""


@tagged("-at_install", "post_install")
class TestIncomingTrendHelpdesk(
    HelpdeskCarrier, test_charter_contract.TestIncomingTrend
):
    """The incoming trend measured on helpdesk tickets."""
