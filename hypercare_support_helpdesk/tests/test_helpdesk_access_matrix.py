from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import (
    test_access_matrix,
    test_access_matrix_outsiders,
)

from .common import HelpdeskCarrier

# The access matrix on helpdesk tickets (see hypercare_support's
# test_access_matrix for the actors and rows). Differences from project tasks:
# every employee reads every team (helpdesk_mgmt), the hypercare Manager has
# no right on teams, and helpdesk shows a portal customer a team and the
# tickets they follow outside hypercare (as without our addons).
# the core matrix, but for the carrier: a helpdesk team is visible to every
# internal user, and to the portal when it is shown in the portal
CARRIER_ROWS = """
carrier.hypercare         |r   |r       |r       |r      |-     |-     |-      |r      |r     |r      |r
carrier.outside           |r   |r       |r       |r      |r     |-     |-      |r      |r     |r      |r
ticket.outside            |r   |r       |r       |r      |r     |-     |-      |r      |r     |r      |r
"""


def _with_rows(matrix, rows):
    """``matrix`` with the lines of ``rows`` replacing those of the same row."""
    by_row = {line.split("|")[0].strip(): line for line in rows.strip().splitlines()}
    return "\n".join(
        by_row.get(line.split("|")[0].strip(), line) for line in matrix.splitlines()
    )


MATRIX = _with_rows(test_access_matrix.MATRIX, CARRIER_ROWS)


@tagged("-at_install", "post_install")
class TestAccessMatrixHelpdesk(
    HelpdeskCarrier,
    test_access_matrix.TestAccessMatrix,
    test_access_matrix_outsiders.TestAccessMatrixOutsiders,
):
    """The access matrix and its outsiders' checks with a charter carried by
    a helpdesk team; the portal user is the customer of the charter's tickets
    and follows them."""

    matrix = MATRIX

    @classmethod
    def _invite_portal(cls):
        cls.charter.team_id.show_in_portal = True

    @classmethod
    def _create_outside_carrier(cls):
        return cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Customer service",
                "company_id": cls.company.id,
                "show_in_portal": True,
            }
        )

    @classmethod
    def _outside_ticket_vals(cls):
        return {"name": "Invoice copy", "team_id": cls.outside.id}

    def _make_target(self, row):
        record = super()._make_target(row)
        if row.startswith("ticket."):
            record.partner_id = self.portal.partner_id
        return record
