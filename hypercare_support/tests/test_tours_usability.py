from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import HypercareTourCase, PhoneTourMixin


class UsabilityTourCase(HypercareTourCase):
    """Four tickets around the Finance champion (Chloe), reported relative to
    the real clock (the browser runs in real time), on wall-clock severities:

    - Alpha: a P1 reported 3.5 h ago, never acknowledged, assigned to Chloe:
      response failed and resolution at risk, so breached (its worst clock);
    - Bravo: a Finance P2 Chloe reported 13 h ago, acknowledged: resolution
      at risk, nothing failed;
    - Charlie: a Sales P2 reported after Chloe's last triage, not acknowledged;
    - Delta: a Sales P2 resolved yesterday.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        Ticket = cls.env[cls.ticket_model]

        def ticket(name, level, hours_ago, **vals):
            return Ticket.create(
                cls._ticket_vals(
                    dict(
                        {
                            "name": name,
                            cls.carrier_field: cls.charter[cls.carrier_field].id,
                            "severity_id": cls.sev[level].id,
                            "date_reported": now - timedelta(hours=hours_ago),
                            "hypercare_reporter_id": cls.user.id,
                            cls.owner_field: cls._owner_value(None),
                        },
                        **vals,
                    )
                )
            )

        cls.alpha = ticket(
            "Alpha breached",
            "critical",
            3.5,
            business_function="Finance",
            **{cls.owner_field: cls._owner_value(cls.champion_user)},
        )
        cls.bravo = ticket(
            "Bravo at risk",
            "high",
            13,
            hypercare_reporter_id=cls.champion_user.id,
            date_acknowledged=now - timedelta(hours=12.5),
        )
        cls.charlie = ticket("Charlie new", "high", 0.2, business_function="Sales")
        cls.delta = ticket(
            "Delta resolved",
            "high",
            30,
            business_function="Sales",
            date_acknowledged=now - timedelta(hours=29),
        )
        cls._close_ticket(cls.delta)
        # Chloe's last triage ended an hour ago
        cls.env["hypercare.triage.session"].create(
            {
                "charter_id": cls.charter.id,
                "user_id": cls.champion_user.id,
                "date_start": now - timedelta(hours=1.5),
                "date_end": now - timedelta(hours=1),
            }
        )

    @classmethod
    def _owner_value(cls, user):
        return [(6, 0, user.ids if user else [])]

    @classmethod
    def _close_ticket(cls, ticket):
        stage = ticket.project_id.type_ids.filtered("hypercare_resolves")[:1]
        ticket.write({"stage_id": stage.id})


@tagged("-at_install", "post_install")
class TestUsabilityTours(UsabilityTourCase):
    """Issue 12 in the browser: the numbers a person compares, the forms a
    manager fills in, the filters a champion uses."""

    def test_fixture(self):
        """The statuses the tours rely on."""
        self.assertEqual(
            (self.alpha.sla_response_status, self.alpha.sla_resolution_status),
            ("failed", "at_risk"),
        )
        self.assertEqual(self.alpha.sla_status, "failed")
        self.assertEqual(self.bravo.sla_status, "at_risk")
        self.assertEqual(self.bravo.business_function, "Finance")
        self.assertEqual(self.charlie.sla_status, "ongoing")
        self.assertFalse(self.delta.hypercare_is_open)

    def test_charter_form_every_field(self):
        """A manager edits every field of the charter form, roster lines
        included, and saves: nothing crashes (the exit criteria were measured
        on the unsaved record), everything is kept."""
        self.start_tour(
            f"/odoo/hypercare.charter/{self.charter.id}",
            "hypercare_charter_form_tour",
            login="hc_manager",
        )
        charter = self.charter
        self.assertEqual(charter.name, "Go-live Belgium, wave 1")
        self.assertEqual(charter.platform, "d365_bc")
        self.assertEqual(str(charter.go_live_date), "2026-11-17")
        self.assertEqual(str(charter.planned_end_date), "2027-01-15")
        self.assertEqual(charter.calendar_id.name, "Standard 40 hours/week")
        self.assertEqual(charter.incident_lead_id, self.champion_user)
        self.assertEqual(charter.reporting_lead_id, self.champion_user)
        self.assertEqual(charter.adoption_lead_id, self.user)
        self.assertEqual(charter.vendor_liaison_id, self.manager)
        self.assertEqual(charter.executive_sponsor_id, self.manager)
        self.assertEqual(charter.bau_contact_id, self.champion_user)
        self.assertEqual(charter.baseline_weekly_volume, 14)
        self.assertEqual(charter.sla_target, 85)
        self.assertEqual(charter.reopen_days, 10)
        self.assertEqual(self.sev["medium"].response_hours, 3)
        chloe = charter.champion_ids.filtered(lambda c: c.user_id == self.champion_user)
        self.assertEqual(chloe.phone, "+3225559988")
        self.assertFalse(chloe.on_call)
        ursula = charter.champion_ids.filtered(lambda c: c.user_id == self.user)
        self.assertEqual(
            (ursula.function, ursula.support_layer, ursula.phone, ursula.on_call),
            ("Sales", "l2", "+32470123456", True),
        )
        routing = charter.function_mapping_ids
        self.assertEqual(routing.function, "Sales")
        self.assertIn("res.partner", routing.model_ids.mapped("model"))
        bau = charter.exit_criterion_ids.filtered(lambda c: c.kind == "bau_contact")
        self.assertTrue(bau.is_met)

    def test_first_close_from_the_template(self):
        """A manager creates a first close from the form: the platform's
        checklist comes with it, and nothing says "ready" before."""
        # the one activation planned is not the point here
        self.charter.first_close_ids.unlink()
        self.start_tour(
            "/odoo/action-hypercare_support.hypercare_first_close_action",
            "hypercare_first_close_tour",
            login="hc_manager",
        )
        close = self.charter.first_close_ids
        self.assertEqual(len(close), 1)
        self.assertEqual(str(close.period_end), "2026-11-30")
        self.assertEqual(len(close.item_ids), 7)
        self.assertEqual(close.state, "draft")
        self.assertEqual(str(close.item_ids[0].date_due), "2026-12-03")

    def test_each_filter_narrows(self):
        """A champion uses each filter of the tickets' list alone: each shows
        only its tickets (they used to share the default Open filter's group,
        so choosing one widened the list)."""
        self.start_tour(
            "/odoo/action-hypercare_support.project_task_hypercare_action?view_type=list",
            "hypercare_filters_tour",
            login="hc_champion",
        )

    def test_at_risk_is_one_number(self):
        """The charter's At risk counter, its list, the stand-up and the
        board's At risk filter count the same tickets."""
        self.assertEqual(self.charter.at_risk_ticket_count, 1)
        self.start_tour(
            "/odoo/action-hypercare_support.hypercare_charter_action/"
            f"{self.charter.id}",
            "hypercare_at_risk_tour",
            login="hc_manager",
        )


@tagged("-at_install", "post_install")
class TestPhoneTour(PhoneTourMixin, UsabilityTourCase):
    """A champion triages a card on a phone."""

    def test_phone_triage(self):
        self.start_tour(
            "/odoo/action-hypercare_support.project_task_hypercare_action",
            "hypercare_phone_triage_tour",
            login="hc_champion",
        )
        self.assertTrue(self.charlie.date_acknowledged)
        self.assertTrue(self.charlie.date_triaged)
        self.assertEqual(self.charlie.triage_decision, "fix")
        session = self.env["hypercare.triage.session"].search(
            [
                ("user_id", "=", self.champion_user.id),
                ("ticket_ids", "=", self.charlie.id),
            ]
        )
        self.assertEqual(len(session), 1)
        self.assertTrue(session.date_end)
