from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestProtectedFields(HypercareCase):
    """SLA, triage and date fields are the champions' and the engine's: a
    user who may write the ticket (here a project user following it) still
    cannot change them, server-side; internal flows still can."""

    PROTECTED_VALUES = {
        "support_layer": "l4",
        "triage_decision": "training",
        "date_reported": "2026-11-20 09:00:00",
        "date_acknowledged": "2026-11-23 09:05:00",
        "date_triaged": "2026-11-23 09:05:00",
        "date_resolved": "2026-11-23 09:05:00",
        "response_deadline": "2027-01-01 00:00:00",
        "resolution_deadline": "2027-01-01 00:00:00",
        "sla_response_status": "met",
        "sla_resolution_status": "met",
        "sla_breached": False,
        "sla_paused_hours": 100.0,
        "sla_response_notified": "failed",
        "sla_next_check": False,
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_user = new_test_user(
            cls.env,
            login="hc_px_project_user",
            name="Pete Project",
            groups="base.group_user,project.group_project_user",
        )
        cls.charter.project_id.message_subscribe(cls.project_user.partner_id.ids)
        with freeze_time(NOW):
            cls.ticket = cls._create_ticket_cls(cls.project_user)

    @classmethod
    def _create_ticket_cls(cls, reporter):
        ticket = cls.env["project.task"].create(
            {
                "name": "Stock move stuck",
                "project_id": cls.charter.project_id.id,
                "severity_id": cls.sev["medium"].id,
                "hypercare_reporter_id": reporter.id,
            }
        )
        ticket.message_subscribe(reporter.partner_id.ids)
        return ticket

    def test_project_user_may_edit_the_ticket(self):
        ticket = self.ticket.with_user(self.project_user)
        ticket.write({"name": "Stock move stuck in draft"})
        # severity is free until the ticket is triaged
        ticket.write({"severity_id": self.sev["high"].id})
        self.assertEqual(self.ticket.severity_id, self.sev["high"])

    def test_protected_fields_refused(self):
        before = self.ticket.read(list(self.PROTECTED_VALUES))[0]
        ticket = self.ticket.with_user(self.project_user)
        for fname, value in self.PROTECTED_VALUES.items():
            # SLA bookkeeping is nobody's (SPEC revised, issue 19): its own message
            message = (
                "The SLA engine keeps"
                if fname in ticket._hypercare_engine_fields
                else "Only hypercare champions"
            )
            with (
                self.subTest(field=fname),
                freeze_time(NOW),
                self.assertRaisesRegex(AccessError, message),
            ):
                ticket.write({fname: value})
        self.env.invalidate_all()
        self.assertEqual(self.ticket.read(list(self.PROTECTED_VALUES))[0], before)

    def test_severity_locked_once_triaged(self):
        with freeze_time(NOW):
            self.ticket.with_user(self.champion_user).write(
                {"severity_id": self.sev["high"].id, "triage_decision": "fix"}
            )
            self.ticket.with_user(self.champion_user).action_hypercare_triage()
        with self.assertRaisesRegex(AccessError, "Severity"):
            self.ticket.with_user(self.project_user).write(
                {"severity_id": self.sev["critical"].id}
            )
        self.assertEqual(self.ticket.severity_id, self.sev["high"])

    def test_champion_and_engine_still_write(self):
        with freeze_time(NOW):
            self.ticket.with_user(self.champion_user).write(
                {"support_layer": "l2", "date_reported": "2026-11-23 08:00:00"}
            )
            self.assertEqual(self.ticket.support_layer, "l2")
            # the project user closes it: the engine stamps the resolution
            done = self.ticket.project_id.type_ids.filtered("hypercare_resolves")[:1]
            self.ticket.with_user(self.project_user).write({"stage_id": done.id})
            self.assertEqual(self.ticket.date_resolved, NOW)
            # the reporter reopens it (a sudo'd flow): dates cleared
            self.ticket.with_user(self.project_user).action_hypercare_reopen(
                reason="Not solved"
            )
            self.assertFalse(self.ticket.date_resolved)
            self.assertEqual(self.ticket.hypercare_state, "open")

    def test_report_dialog_ignores_injected_defaults(self):
        """The dialog creates the ticket as superuser: defaults a user puts in
        the RPC context must not reach it."""
        with freeze_time(NOW):
            dialog = (
                self.env["hypercare.report.issue"]
                .with_user(self.user)
                .with_context(
                    default_support_layer="l4",
                    default_date_reported="2026-01-01 00:00:00",
                    default_triage_decision="training",
                    default_sla_response_notified="failed",
                    default_hypercare_reporter_id=self.manager.id,
                    default_severity_id=self.sev["critical"].id,
                    default_project_id=self.env["project.project"]
                    .create({"name": "Elsewhere"})
                    .id,
                )
                .create({"name": "Cannot invoice", "description": "Error"})
            )
            action = dialog.action_submit()
        ticket = self.env["project.task"].browse(action["res_id"])
        self.assertEqual(ticket.project_id, self.charter.project_id)
        self.assertEqual(ticket.support_layer, "l1")
        self.assertEqual(ticket.date_reported, NOW)
        self.assertFalse(ticket.triage_decision)
        self.assertFalse(ticket.sla_response_notified)
        self.assertEqual(ticket.hypercare_reporter_id, self.user)
        # impact "workaround" (the default) maps to medium
        self.assertEqual(ticket.severity_id, self.sev["medium"])
