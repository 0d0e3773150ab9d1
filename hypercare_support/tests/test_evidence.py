from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import NOW, HypercareCase

HOUR = timedelta(hours=1)


@tagged("-at_install", "post_install")
class TestEvidence(HypercareCase):
    """What the exit gate stands on cannot be written around the actions
    (SPEC, Reliability and security: evidence), nor read by who should not."""

    def _manual(self):
        return self.charter.exit_criterion_ids.filtered(lambda c: c.kind == "manual")[
            :1
        ]

    # -- signatures ------------------------------------------------------------------

    def test_signature_only_through_sign(self):
        manual = self._manual()
        messages = len(self.charter.message_ids)
        with freeze_time(NOW), self.assertRaises(UserError):
            manual.with_user(self.manager).write(
                {"signed_by_id": self.manager.id, "date_signed": NOW}
            )
        self.assertFalse(manual.date_signed)
        self.assertFalse(manual.is_met)
        self.assertEqual(len(self.charter.message_ids), messages)
        with self.assertRaises(UserError):
            self.env["hypercare.exit.criterion"].with_user(self.manager).create(
                {
                    "charter_id": self.charter.id,
                    "name": "Parallel run retired",
                    "kind": "manual",
                    "threshold": 1,
                    "signed_by_id": self.manager.id,
                    "date_signed": NOW,
                }
            )
        # the actions still sign and unsign, and a signature is not cleared
        # by a write either
        manual.with_user(self.manager).evidence = "Sign-off of 20 Nov"
        with freeze_time(NOW):
            manual.with_user(self.manager).action_sign()
        self.assertTrue(manual.is_met)
        with self.assertRaises(UserError):
            manual.with_user(self.manager).write({"date_signed": False})
        self.assertTrue(manual.is_met)
        manual.with_user(self.manager).action_unsign()
        self.assertFalse(manual.is_met)

    # -- charter state ---------------------------------------------------------------

    def test_state_only_through_actions(self):
        draft = self.env["hypercare.charter"].create(
            dict(self._charter_vals(), name="No lead yet", incident_lead_id=False)
        )
        with self.assertRaises(UserError):
            draft.with_user(self.manager).write({"state": "active"})
        self.assertEqual(draft.state, "draft")
        with self.assertRaises(UserError):
            self.env["hypercare.charter"].with_user(self.manager).create(
                dict(self._charter_vals(), name="Born live", state="active")
            )
        self.charter.bau_contact_id = self.manager
        with freeze_time(NOW):
            self.charter.with_user(self.manager).action_close(override_reason="Go")
        for state in ("active", "extended", "draft"):
            with self.assertRaises(UserError):
                self.charter.with_user(self.manager).write({"state": state})
        self.assertEqual(self.charter.state, "closed")

    # -- floor log and pulse ---------------------------------------------------------

    def test_no_future_floor_log_nor_pulse(self):
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        with freeze_time(NOW):
            with self.assertRaises(ValidationError):
                self.env["hypercare.floor.log"].with_user(self.champion_user).create(
                    {"topic": "Print a slip", "date": NOW + HOUR}
                )
            log = (
                self.env["hypercare.floor.log"]
                .with_user(self.champion_user)
                .create({"topic": "Print a slip"})
            )
            with self.assertRaises(ValidationError):
                log.write({"date": NOW + 24 * HOUR})
            with self.assertRaises(ValidationError):
                self.env["hypercare.pulse"].with_user(self.user).create(
                    {"charter_id": self.charter.id, "score": 5, "date": NOW + HOUR}
                )
        self.assertEqual(log.date, NOW)
        self.assertFalse(self.env["hypercare.pulse"].search([]))

    def test_pulse_only_from_its_audience(self):
        outsider = self.manager  # neither in scope nor on the roster
        Pulse = self.env["hypercare.pulse"]
        with freeze_time(NOW):
            with self.assertRaises(AccessError):
                Pulse.with_user(outsider).hypercare_pulse_answer(self.charter.id, 5)
            # nor on behalf of someone in the audience
            with self.assertRaises(AccessError):
                Pulse.with_user(self.user).create(
                    {
                        "charter_id": self.charter.id,
                        "user_id": self.champion_user.id,
                        "score": 5,
                    }
                )
            Pulse.with_user(self.champion_user).hypercare_pulse_answer(
                self.charter.id, 4
            )
        self.assertEqual(Pulse.search([]).user_id, self.champion_user)

    # -- escalation ------------------------------------------------------------------

    def test_no_escalation_when_settled(self):
        with freeze_time(NOW):
            resolved = self._create_ticket("high", name="Solved")
            self._resolve(resolved)
            stays = self.env["hypercare.ticket.layer"].search(
                [("res_model", "=", resolved._name), ("res_id", "=", resolved.id)]
            )
            with self.assertRaises(UserError):
                resolved.with_user(self.champion_user).action_hypercare_escalate(
                    "Still want the partner"
                )
        self.assertEqual(resolved.support_layer, "l1")
        # no second layer stay overlapping the first
        self.assertEqual(
            self.env["hypercare.ticket.layer"].search(
                [("res_model", "=", resolved._name), ("res_id", "=", resolved.id)]
            ),
            stays,
        )
        with freeze_time(NOW):
            open_ticket = self._create_ticket("high", name="Still open")
        self.charter.bau_contact_id = self.manager
        with freeze_time(NOW + HOUR):
            self.charter.with_user(self.manager).action_close(override_reason="Go")
            with self.assertRaises(UserError):
                open_ticket.with_user(self.manager).action_hypercare_escalate(
                    "Back to the partner"
                )
        self.assertEqual(open_ticket.support_layer, "l1")

    # -- the chatter through a computed field ----------------------------------------

    def test_reporter_does_not_read_internal_notes(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "high", name="Stuck invoice", hypercare_reporter_id=self.user.id
            )
            ticket.message_post(
                body="Reporter replied: it happens on every invoice",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.message_post(
                body="Internal: the partner suspects our own customisation",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        as_reporter = ticket.with_user(self.user)
        self.assertNotIn("customisation", as_reporter.hypercare_last_message or "")
        self.assertIn("every invoice", as_reporter.hypercare_last_message)
        self.assertIn(
            "customisation", ticket.with_user(self.champion_user).hypercare_last_message
        )

    # -- the exit gate after close ---------------------------------------------------

    def test_gate_frozen_at_close(self):
        """Closed by override with an open P1: the gate keeps its figures of
        the close, whatever happens to the tickets afterwards, and nothing of
        it is edited, added or removed."""
        with freeze_time(NOW):
            ticket = self._create_ticket("critical", name="Still down")
        gate = self.charter.exit_criterion_ids
        critical = gate.filtered(lambda c: c.kind == "open_critical")
        self.charter.bau_contact_id = self.manager
        with freeze_time(NOW + HOUR):
            self.assertEqual(critical.current_value, 1.0)
            self.assertFalse(critical.is_met)
            met_at_close = {c.id: (c.current_value, c.is_met) for c in gate}
            self.charter.with_user(self.manager).action_close(
                override_reason="Sponsor accepts the open P1"
            )
        with freeze_time(NOW + 3 * HOUR):
            self._resolve(ticket)
            gate.invalidate_recordset()
            self.assertEqual(
                {c.id: (c.current_value, c.is_met) for c in gate}, met_at_close
            )
            self.assertFalse(self.charter.exit_ready)
        for change in (
            lambda: critical.with_user(self.manager).write({"threshold": 5}),
            lambda: critical.with_user(self.manager).write({"required": False}),
            lambda: critical.with_user(self.manager).unlink(),
            lambda: (
                self.env["hypercare.exit.criterion"]
                .with_user(self.manager)
                .create(
                    {
                        "charter_id": self.charter.id,
                        "name": "Late criterion",
                        "kind": "manual",
                    }
                )
            ),
        ):
            with self.assertRaises(UserError):
                change()
        self.assertEqual(self.charter.exit_criterion_ids, gate)
        self.assertTrue(critical.exists())
