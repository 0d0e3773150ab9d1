from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW
from .test_sla_outcomes import HOUR, SlaOutcomeCase


@tagged("-at_install", "post_install")
class TestSlaOutcomesScan(SlaOutcomeCase):
    """The scan with empty optional fields, and a closed charter's quiet
    (items 5 and 6)."""

    # -- (5) empty optional fields never stop the scan -------------------------

    def test_breach_without_layer_owner_or_severity_name_is_notified(self):
        self._set_severity("medium", 2.5, 24.0)
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "high", name="Orphan ticket", support_layer=False, user_ids=[]
            )
            # a medium ticket is not escalated: it reaches the digest layerless
            layerless = self._create_ticket(
                "medium", name="Layerless ticket", support_layer=False
            )
        self.env.cr.execute(
            "UPDATE hypercare_severity SET name = %s WHERE id = %s",
            ['{"en_US": ""}', self.sev["high"].id],
        )
        self.env.invalidate_all()
        before = len(self.charter.message_ids)
        with freeze_time(NOW + 3 * HOUR):
            self.assertEqual(self._scan(), 2)
            self.assertEqual(ticket.sla_response_notified, "failed")
            self.assertEqual(layerless.sla_response_notified, "failed")
            self.assertEqual(len(self._notes(layerless)), 1)
            self.assertFalse(layerless.support_layer)
            self.assertEqual(len(self._notes(ticket)), 1)
            # no layer counts as L1: escalated to L2
            self.assertEqual(ticket.support_layer, "l2")
            # nobody owns it: the incident lead gets the activity
            self.assertEqual(ticket.activity_ids.user_id, self.manager)
            digest = self.charter.message_ids[: len(self.charter.message_ids) - before]
            self.assertEqual(len(digest), 1)
            self.assertIn("Orphan ticket", digest.body)
            self.assertIn("Layerless ticket", digest.body)
            self.assertEqual(self._scan(), 0)
            self.assertEqual(len(self._notes(ticket)), 1)

    def test_digest_line_without_optional_fields(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Bare", support_layer=False)
        line = self.env["hypercare.charter"]._hypercare_digest_line
        self.assertEqual(line(ticket), f"{ticket.display_name} — P2 / High")
        ticket.sudo().support_layer = "l3"
        self.assertEqual(line(ticket), f"{ticket.display_name} — P2 / High (L3)")

    # -- (13) a closed charter is quiet ---------------------------------------

    def test_closed_charter_is_quiet(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "critical", user_ids=[self.champion_user.id], support_layer="l1"
            )
        with freeze_time(NOW + timedelta(minutes=30)):
            self.charter.bau_contact_id = self.manager
            self.charter.with_user(self.manager).action_close(
                override_reason="Go-live rolled back"
            )
            # the queued handover, as a cron worker runs it
            self.env["hypercare.charter"]._cron_hypercare_handover()
        before = len(self.charter.message_ids)
        # the critical alert of its creation, then nothing more
        alerts = ticket.activity_ids
        # on the BAU P1 row since the handover: 2 h / 8 h
        with freeze_time(NOW + 9 * HOUR):
            self.assertEqual(self._scan(), 1)
            # the statuses move on, silently
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertEqual(ticket.sla_resolution_status, "failed")
            self.assertEqual(ticket.sla_resolution_notified, "failed")
            self.assertFalse(self._notes(ticket))
            self.assertEqual(ticket.activity_ids, alerts)
            self.assertEqual(ticket.support_layer, "l1")
            self.assertEqual(len(self.charter.message_ids), before)
            self.assertEqual(self._scan(), 0)
