from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import (
    test_known_issue,
    test_known_issue_board,
    test_tours_known_issue,
)

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestKnownIssueHelpdesk(HelpdeskCarrier, test_known_issue.TestKnownIssue):
    """The known-issue, hotfix-window and verification tests of
    hypercare_support, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestKnownIssueBoardHelpdesk(
    HelpdeskCarrier, test_known_issue_board.TestKnownIssueBoard
):
    """A flood as one card on the helpdesk triage board."""


@tagged("-at_install", "post_install")
class TestToursKnownIssueHelpdesk(
    HelpdeskCarrier, test_tours_known_issue.TestToursKnownIssue
):
    """ "This is my problem too" in the browser, on helpdesk tickets."""


@tagged("-at_install", "post_install")
class TestToursFloodPhoneHelpdesk(
    HelpdeskCarrier, test_tours_known_issue.TestToursFloodPhone
):
    """The flood as one card on a phone, on helpdesk tickets."""
