from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_scan, test_sla, test_sla_outcomes

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestSlaHelpdesk(HelpdeskCarrier, test_sla.TestSla):
    """The SLA tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestScanHelpdesk(HelpdeskCarrier, test_scan.TestScan):
    """The scan tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestSlaOutcomesHelpdesk(HelpdeskCarrier, test_sla_outcomes.TestSlaOutcomes):
    """The SLA outcome tests of hypercare_support, on helpdesk tickets."""

    stage_manager_groups = (
        "base.group_user,helpdesk_mgmt.group_helpdesk_manager,"
        "hypercare_support.group_hypercare_manager"
    )
    stage_admin_groups = "base.group_user,helpdesk_mgmt.group_helpdesk_manager"
