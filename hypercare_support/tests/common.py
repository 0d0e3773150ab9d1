from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tests.common import HttpCase, TransactionCase

# Monday 2026-11-16 is go-live; "now" in most tests is Monday 2026-11-23 09:00 UTC.
GO_LIVE = "2026-11-16"
NOW = datetime(2026, 11, 23, 9, 0, 0)


@tagged("-at_install", "post_install")
class HypercareCase(TransactionCase):
    """Shared fixture: one active Odoo charter on a Brussels business-hours
    calendar, its champions and users of every hypercare group.

    The carrier switch: ``ticket_model`` holds the tickets, ``carrier_field``
    names the container of a charter and of its tickets, ``owner_field`` the
    ticket's assignee. Tickets are created through ``_create_ticket``; carriers
    other than ``project.task`` (the helpdesk bridge) override the switch,
    ``_ticket_vals`` and the stage hooks below.
    """

    ticket_model = "project.task"
    carrier_field = "project_id"
    # the floor log's link to a ticket of this carrier
    floor_ticket_field = "ticket_id"
    owner_field = "user_ids"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.be")
        cls.user = new_test_user(
            cls.env,
            login="hc_user",
            name="Ursula User",
            groups="base.group_user",
        )
        cls.champion_user = new_test_user(
            cls.env,
            login="hc_champion",
            name="Chloe Champion",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        cls.manager = new_test_user(
            cls.env,
            login="hc_manager",
            name="Marc Manager",
            groups="base.group_user,hypercare_support.group_hypercare_manager",
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Brussels 9-17",
                "tz": "Europe/Brussels",
                "company_id": cls.company.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9.0,
                            "hour_to": 17.0,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        # charters already in the database (demo data) must not compete with
        # the fixture for "the user's active charter"
        cls.env["hypercare.charter"].search([]).action_archive()
        with freeze_time(NOW):
            cls.charter = cls._create_charter()
        cls.sev = {
            s.level: s for s in cls.charter.severity_ids if s.phase == "hypercare"
        }

    @classmethod
    def _charter_vals(cls):
        return {
            "name": "Go-live Belgium",
            "platform": "odoo",
            "go_live_date": GO_LIVE,
            "planned_end_date": "2026-12-31",
            "calendar_id": cls.calendar.id,
            "incident_lead_id": cls.manager.id,
            "bau_contact_id": False,
            "champion_ids": [
                (
                    0,
                    0,
                    {
                        "user_id": cls.champion_user.id,
                        "function": "Finance",
                        "support_layer": "l1",
                        "phone": "+32 2 555 12 34",
                        "on_call": True,
                    },
                )
            ],
        }

    @classmethod
    def _create_charter(cls, **overrides):
        charter = cls.env["hypercare.charter"].create(
            dict(cls._charter_vals(), **overrides)
        )
        charter.action_activate()
        return charter

    @classmethod
    def _set_severity(cls, level, response, resolution, business=False, ratio=0.75):
        cls.sev[level].write(
            {
                "response_hours": response,
                "resolution_hours": resolution,
                "business_hours_only": business,
                "warning_ratio": ratio,
            }
        )
        return cls.sev[level]

    # -- adoption evidence -----------------------------------------------------

    def _log_login(self, user, when):
        """A ``res.users.log`` row of ``user`` at ``when`` (naive UTC)."""
        self.env.flush_all()
        self.env.cr.execute(
            "INSERT INTO res_users_log (create_uid, create_date, write_uid, write_date)"
            " VALUES (%s, %s, %s, %s)",
            (user.id, when, user.id, when),
        )

    def _make_adoption_ready(self, last_week_day, before_week_day, charter=None):
        """Adoption criteria met on the week of ``last_week_day`` (a naive UTC
        datetime): questions answered internally and fewer than the week of
        ``before_week_day``, every user going live active, five pulses at 4."""
        charter = charter or self.charter
        FloorLog = self.env["hypercare.floor.log"]
        for day, count in ((before_week_day, 2), (last_week_day, 1)):
            FloorLog.create(
                [
                    {"charter_id": charter.id, "topic": f"Question {n}", "date": day}
                    for n in range(count)
                ]
            )
        users = [self.user, self.champion_user, self.manager] + [
            new_test_user(self.env, login=f"hc_pulse_{n}", groups="base.group_user")
            for n in range(2)
        ]
        charter.scope_user_ids = [(6, 0, [self.user.id])]
        self._log_login(self.user, last_week_day)
        self.env["hypercare.pulse"].create(
            [
                {
                    "charter_id": charter.id,
                    "user_id": u.id,
                    "score": 4,
                    "date": last_week_day,
                }
                for u in users
            ]
        )

    # -- carrier hooks ---------------------------------------------------------

    @classmethod
    def _ticket_vals(cls, vals):
        """The carrier's own values for ``_create_ticket`` (``vals`` named
        the ``project.task`` way)."""
        return vals

    def _create_ticket(self, level="high", charter=None, **vals):
        charter = charter or self.charter
        values = {
            "name": vals.pop("name", "Cannot post the invoice"),
            self.carrier_field: charter[self.carrier_field].id,
            "severity_id": charter.severity_ids.filtered(
                lambda s: s.level == level and s.phase == "hypercare"
            ).id,
        }
        values.update(self._ticket_vals(vals))
        return self.env[self.ticket_model].create(values)

    def _stage(self, ticket, **flags):
        stages = ticket.project_id.type_ids
        for flag, value in flags.items():
            stages = stages.filtered(lambda s, f=flag, v=value: s[f] == v)
        return stages.sorted("sequence")[:1]

    def _resolve(self, ticket):
        ticket.write({"stage_id": self._stage(ticket, hypercare_resolves=True).id})

    def _reopen(self, ticket):
        ticket.write({"stage_id": self._stage(ticket, hypercare_resolves=False).id})

    def _pause(self, ticket):
        ticket.write({"stage_id": self._stage(ticket, hypercare_pauses_sla=True).id})

    def _resume(self, ticket):
        ticket.write(
            {
                "stage_id": self._stage(
                    ticket, hypercare_pauses_sla=False, hypercare_resolves=False
                ).id
            }
        )

    def _cancel(self, ticket):
        ticket.write({"state": "1_canceled"})

    def _scan(self):
        return self.env[self.ticket_model].sudo()._sla_scan()


class HypercareTourCase(HypercareCase, HttpCase):
    """The shared fixture in the browser, for the tours of either carrier."""

    def _tour_from_contact(self, contact, tour, login="hc_user"):
        """Run ``tour`` as ``login`` from the form of ``contact`` (a
        res.partner), where the tours open the report dialog."""
        self.start_tour(f"/odoo/res.partner/{contact.id}", tour, login=login)

    def _reported_ticket(self, name, reporter, contact):
        """The one ticket named ``name`` that ``reporter`` reported from
        ``contact`` (a res.partner) into the charter."""
        ticket = self.env[self.ticket_model].search([("name", "=", name)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.hypercare_reporter_id, reporter)
        self.assertEqual(
            (ticket.source_model, ticket.source_res_id), ("res.partner", contact.id)
        )
        return ticket

    def _triage_on_the_board(self, ticket, action, tour, login):
        """Run ``tour`` as ``login`` on the board of the window action
        ``action``: it acknowledges ``ticket`` and triages it as a fix."""
        self.start_tour(f"/odoo/action-{action}", tour, login=login)
        self.assertTrue(ticket.date_acknowledged)
        self.assertTrue(ticket.date_triaged)
        self.assertEqual(ticket.triage_decision, "fix")


class PhoneTourMixin:
    """Run the tours of the case it precedes at a phone's width, by touch."""

    browser_size = "390x844"
    touch_enabled = True
