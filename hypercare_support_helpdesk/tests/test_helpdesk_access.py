from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import (
    test_access,
    test_access_sla,
    test_access_standup,
)

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestAccessHelpdesk(HelpdeskCarrier, test_access.TestAccess):
    """The hypercare record rules on helpdesk tickets, beside helpdesk's own."""


@tagged("-at_install", "post_install")
class TestSlaBookkeepingHelpdesk(HelpdeskCarrier, test_access_sla.TestSlaBookkeeping):
    """SLA bookkeeping cannot be forged on helpdesk tickets either; the user
    who may write tickets without being a champion is a helpdesk user."""

    writer_groups = "base.group_user,helpdesk_mgmt.group_helpdesk_user"


@tagged("-at_install", "post_install")
class TestStandupAccessHelpdesk(HelpdeskCarrier, test_access_standup.TestStandupAccess):
    """The stand-up of a team-carried charter names helpdesk tickets: for its
    staff only."""
