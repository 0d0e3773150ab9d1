from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import (
    test_scan,
    test_sla,
    test_sla_migration,
    test_sla_outcomes,
    test_sla_outcomes_scan,
    test_sla_units,
)

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestSlaHelpdesk(HelpdeskCarrier, test_sla.TestSla):
    """The SLA tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestScanHelpdesk(HelpdeskCarrier, test_scan.TestScan):
    """The scan tests of hypercare_support, on helpdesk tickets."""


class HelpdeskStageGroups:
    """Who may set a helpdesk stage's SLA flags, and who may edit the stages
    but not those flags."""

    stage_manager_groups = (
        "base.group_user,helpdesk_mgmt.group_helpdesk_manager,"
        "hypercare_support.group_hypercare_manager"
    )
    stage_admin_groups = "base.group_user,helpdesk_mgmt.group_helpdesk_manager"


@tagged("-at_install", "post_install")
class TestSlaOutcomesHelpdesk(
    HelpdeskStageGroups, HelpdeskCarrier, test_sla_outcomes.TestSlaOutcomes
):
    """The SLA outcome tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestSlaOutcomesScanHelpdesk(
    HelpdeskStageGroups, HelpdeskCarrier, test_sla_outcomes_scan.TestSlaOutcomesScan
):
    """The scan outcome tests of hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestSlaUnitsHelpdesk(
    HelpdeskStageGroups, HelpdeskCarrier, test_sla_units.TestSlaUnits
):
    """Pause units, BAU row edits and company-wide holidays, on helpdesk
    tickets."""


@tagged("-at_install", "post_install")
class TestSlaMigrationHelpdesk(
    HelpdeskStageGroups, HelpdeskCarrier, test_sla_migration.TestSlaMigration
):
    """The 19.0.1.5.0 migration, on helpdesk tickets."""
