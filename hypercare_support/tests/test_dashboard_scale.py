from odoo.tools import SQL

from .common import HypercareCase


class TestDashboardScale(HypercareCase):
    """The dashboard's adoption figures at a go-live's scale (load test,
    issue 30): hundreds of users in scope, most of whom reported nothing."""

    def test_latest_ticket_of_a_user_is_an_index_lookup(self):
        """The business function of a scope user who reported nothing must not
        scan the charter's tickets: the (reporter, charter, date) index."""
        Ticket = self.env[self.ticket_model]
        [[indexdef]] = self.env.execute_query(
            SQL(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s"
                " AND indexname = %s",
                Ticket._table,
                f"{Ticket._table}_hypercare_reporter_latest_idx",
            )
        )
        self.assertIn("hypercare_reporter_id, hypercare_charter_id", indexdef)
