from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import HypercareCase


class AccessMatrixCase(HypercareCase):
    """The actors and targets of the access matrix (access_matrix.py): every
    actor of a column, a fresh record of every row, and ``_attempt`` to try
    one operation of one cell as one actor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_user = new_test_user(
            cls.env, login="hc_mx_other", name="Otto Other", groups="base.group_user"
        )
        cls.portal = new_test_user(
            cls.env, login="hc_mx_portal", name="Pia Portal", groups="base.group_portal"
        )
        cls.public = cls.env.ref("base.public_user")
        cls.other_company = cls.env["res.company"].create({"name": "Matrix Other Co"})
        cls.foreign = new_test_user(
            cls.env,
            login="hc_mx_foreign",
            name="Fred Foreign",
            groups="base.group_user,hypercare_support.group_hypercare_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.archived = new_test_user(
            cls.env,
            login="hc_mx_archived",
            name="Arlo Archived",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        cls.env["hypercare.champion"].create(
            {
                "charter_id": cls.charter.id,
                "user_id": cls.archived.id,
                "function": "Sales",
                "active": False,
            }
        )
        # the users going live: the pulse's audience (with the roster)
        cls.charter.scope_user_ids = [
            Command.link(cls.user.id),
            Command.link(cls.other_user.id),
        ]
        # combined actors, as the people are set up in a customer's database:
        # the partner contact and the vendor liaison are plain internal users,
        # a manager may be a Project user too, any user may follow a charter
        cls.partner_contact = new_test_user(
            cls.env, login="hc_mx_partner", name="Pam Partner", groups="base.group_user"
        )
        cls.vendor_liaison = new_test_user(
            cls.env, login="hc_mx_vendor", name="Vic Vendor", groups="base.group_user"
        )
        cls.project_manager = new_test_user(
            cls.env,
            login="hc_mx_projmgr",
            name="Mia Project",
            groups="base.group_user,hypercare_support.group_hypercare_manager,"
            "project.group_project_user",
        )
        cls.follower = new_test_user(
            cls.env,
            login="hc_mx_follower",
            name="Finn Follower",
            groups="base.group_user",
        )
        cls.charter.write(
            {
                "partner_contact_id": cls.partner_contact.id,
                "vendor_liaison_id": cls.vendor_liaison.id,
            }
        )
        cls.charter.message_subscribe(cls.follower.partner_id.ids)
        cls.actors = {
            "Partner": cls.partner_contact,
            "Vendor": cls.vendor_liaison,
            "ProjMgr": cls.project_manager,
            "Follower": cls.follower,
            "User": cls.user,
            "Champion": cls.champion_user,
            "Archived": cls.archived,
            "Manager": cls.manager,
            "Portal": cls.portal,
            "Public": cls.public,
            "OtherCo": cls.foreign,
        }
        cls._invite_portal()
        cls.outside = cls._create_outside_carrier()

    @classmethod
    def _invite_portal(cls):
        """The portal user is an editing collaborator of the charter's project,
        shared with invited users (test_access_scope forces the visibility
        the charter refuses)."""
        project = cls.charter.project_id
        project.privacy_visibility = "invited_users"
        project.message_subscribe(cls.portal.partner_id.ids)
        project.collaborator_ids = [
            Command.create({"partner_id": cls.portal.partner_id.id})
        ]

    @classmethod
    def _create_outside_carrier(cls):
        """A carrier that carries no charter, every employee's."""
        return cls.env["project.project"].create(
            {
                "name": "Warehouse revamp",
                "privacy_visibility": "employees",
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def _outside_ticket_vals(cls):
        return {"name": "Pallet labels", "project_id": cls.outside.id}

    def _ticket_row(self, name, reporter):
        Ticket = self.env[self.ticket_model]
        vals = dict(
            Ticket._hypercare_carrier_vals(self.charter),
            **self._ticket_vals({"name": name, "hypercare_reporter_id": reporter.id}),
        )
        return (self.ticket_model, vals, {"name": "Renamed ticket"}, reporter)

    # -- targets: (model, values to create, values to write, owner) per row ----

    def _row(self, row):
        charter = self.charter
        rows = {
            "hypercare.charter": (
                "hypercare.charter",
                {
                    "name": "Matrix charter",
                    "company_id": self.company.id,
                    "go_live_date": "2026-11-16",
                    "planned_end_date": "2026-12-31",
                },
                {"name": "Renamed"},
                None,
            ),
            "hypercare.severity": (
                "hypercare.severity",
                {
                    "charter_id": charter.id,
                    "name": "P5",
                    "level": "low",
                    "response_hours": 8,
                    "resolution_hours": 80,
                },
                {"definition": "Changed"},
                None,
            ),
            "hypercare.champion": (
                "hypercare.champion",
                {
                    "charter_id": charter.id,
                    "user_id": self.other_user.id,
                    "function": "Sales",
                },
                {"on_call": True},
                None,
            ),
            "ticket.own": self._ticket_row("Matrix ticket", self.user),
            "ticket.other": self._ticket_row(
                "Matrix ticket of another user", self.other_user
            ),
            "carrier.hypercare": (
                charter[self.carrier_field]._name,
                {"name": "Matrix carrier"},
                {"name": "Renamed carrier"},
                None,
            ),
            "carrier.outside": (
                self.outside._name,
                {"name": "Matrix outside"},
                {"name": "Renamed outside"},
                None,
            ),
            "ticket.outside": (
                self.ticket_model,
                self._ticket_vals(self._outside_ticket_vals()),
                {"name": "Renamed outside ticket"},
                None,
            ),
            "standup": ("hypercare.charter", {}, {}, None),
            "hypercare.exit.criterion": (
                "hypercare.exit.criterion",
                {"charter_id": charter.id, "name": "Matrix sign-off", "kind": "manual"},
                {"evidence": "Changed"},
                None,
            ),
            "hypercare.first.close": (
                "hypercare.first.close",
                {"charter_id": charter.id, "period_end": "2026-11-30"},
                {"note": "<p>Changed</p>"},
                None,
            ),
            "hypercare.first.close.item": (
                "hypercare.first.close.item",
                {"first_close_id": self._first_close().id, "name": "Matrix line"},
                {"done": True},
                None,
            ),
            "hypercare.extension": (
                "hypercare.extension",
                {
                    "charter_id": charter.id,
                    "previous_end_date": "2026-12-31",
                    "new_end_date": "2027-01-31",
                    "reason": "Matrix",
                },
                {"reason": "Changed"},
                None,
            ),
            "hypercare.function.mapping": (
                "hypercare.function.mapping",
                {"charter_id": charter.id, "function": "Finance"},
                {"sequence": 99},
                None,
            ),
            "hypercare.triage.session": (
                "hypercare.triage.session",
                {"charter_id": charter.id, "user_id": self.champion_user.id},
                {"date_end": "2026-11-23 10:00:00"},
                self.champion_user,
            ),
            "hypercare.report.issue": (
                "hypercare.report.issue",
                {"name": "Cannot post", "description": "It fails"},
                {"description": "It still fails"},
                self.user,
            ),
            "hypercare.charter.extend": (
                "hypercare.charter.extend",
                {
                    "charter_id": charter.id,
                    "new_end_date": "2027-01-31",
                    "reason": "Matrix",
                },
                {"reason": "Changed"},
                self.manager,
            ),
            "hypercare.charter.close": (
                "hypercare.charter.close",
                {"charter_id": charter.id, "override_reason": "Matrix"},
                {"override_reason": "Changed"},
                self.manager,
            ),
            # a stay of a ticket at a layer, recorded by the engine
            "hypercare.ticket.layer": (
                "hypercare.ticket.layer",
                {
                    "charter_id": charter.id,
                    "res_model": self.ticket_model,
                    "res_id": self._create_ticket("medium", name="Matrix layer").id,
                    "support_layer": "l1",
                    "date_start": "2026-11-23 08:00:00",
                    "date_end": "2026-11-23 10:00:00",
                },
                {"reason": "Changed"},
                None,
            ),
            "hypercare.ticket.escalate": (
                "hypercare.ticket.escalate",
                {
                    "res_model": self.ticket_model,
                    "res_ids": str(self._create_ticket("medium", name="Matrix up").id),
                    "reason": "Matrix",
                },
                {"reason": "Changed"},
                self.manager,
            ),
            "hypercare.ticket.reopen": (
                "hypercare.ticket.reopen",
                {
                    "res_model": self.ticket_model,
                    "res_ids": str(
                        self._create_ticket("medium", name="Matrix again").id
                    ),
                    "reason": "Matrix",
                },
                {"reason": "Changed"},
                self.manager,
            ),
            # a row of the analysis: the ticket another user reported
            "hypercare.ticket.report": (
                "hypercare.ticket.report",
                {"charter_id": charter.id, "issue_type": "data"},
                {"issue_type": "data"},
                self.other_user,
            ),
            # adoption: a champion's floor log, another user's pulse, the daily
            # activity record (the scheduled action's), the scope dialog
            "hypercare.floor.log": (
                "hypercare.floor.log",
                {"charter_id": charter.id, "topic": "Matrix question"},
                {"minutes": 9},
                self.champion_user,
            ),
            "hypercare.pulse": (
                "hypercare.pulse",
                {"charter_id": charter.id, "score": 4},
                {"score": 2},
                self.other_user,
            ),
            "hypercare.user.activity": (
                "hypercare.user.activity",
                {
                    "charter_id": charter.id,
                    "company_id": self.company.id,
                    "user_id": self.other_user.id,
                    "date": "2026-11-20",
                },
                {"business_function": "Sales"},
                None,
            ),
            "hypercare.scope.fill": (
                "hypercare.scope.fill",
                {"charter_id": charter.id},
                {"group_ids": [Command.set([])]},
                self.manager,
            ),
            "hypercare.watch.rule": (
                "hypercare.watch.rule",
                {
                    "charter_id": charter.id,
                    "name": "Matrix watch",
                    "model_name": "res.partner",
                },
                {"count_threshold": 3},
                None,
            ),
            "hypercare.first.run": (
                "hypercare.first.run",
                {
                    "charter_id": charter.id,
                    "name": "Matrix run",
                    "model_name": "res.partner",
                },
                {"expected_date": "2026-12-01"},
                None,
            ),
            "hypercare.known.issue": (
                "hypercare.known.issue",
                {"charter_id": charter.id, "name": "Matrix flood"},
                {"workaround": "<p>Changed</p>"},
                None,
            ),
            "hypercare.hotfix.window": (
                "hypercare.hotfix.window",
                {
                    "charter_id": charter.id,
                    "name": "Matrix hotfix",
                    "date_planned": "2026-11-24 18:00:00",
                },
                {"note": "<p>Changed</p>"},
                None,
            ),
        }
        return rows[row]

    def _first_close(self):
        return self.env["hypercare.first.close"].create(
            {"charter_id": self.charter.id, "period_end": "2026-11-30"}
        )

    def _make_target(self, row):
        """A fresh record of ``row``, created by its owner (or the superuser)."""
        model, create_vals, _write_vals, owner = self._row(row)
        if row == "standup":
            return self.charter
        if row == "carrier.hypercare":
            return self.charter[self.carrier_field]
        if row == "carrier.outside":
            return self.outside
        if row.startswith("ticket."):
            record = self.env[model].create(create_vals)
            # followers: the owner, the portal collaborator; outside
            # hypercare every actor (the rules that let followers in)
            followers = (owner or self.env["res.users"]) | self.portal
            if row == "ticket.outside":
                followers |= self.env["res.users"].union(*self.actors.values())
            record.message_subscribe(followers.partner_id.ids)
            return record
        if model == "hypercare.ticket.report":
            ticket = self._make_target("ticket.other")
            return self.env[model].search(
                [("res_model", "=", ticket._name), ("res_id", "=", ticket.id)]
            )
        env = self.env(user=owner) if owner else self.env
        return env[model].create(create_vals)

    def _read_standup(self, user):
        """Whether ``user`` gets the stand-up: its HTML and the PDF's content."""
        charter = self.charter.with_user(user)
        try:
            if not charter.standup_html:
                return False
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                "hypercare_support.report_hypercare_standup", charter.ids
            )
        except AccessError:
            return False
        return True

    def _attempt(self, row, actor, op):
        """Whether ``actor`` may ``op`` on ``row``: True when it succeeds,
        False on an access error; anything else is a test error."""
        model, create_vals, write_vals, _owner = self._row(row)
        user = self.actors[actor]
        if row == "standup":  # read only
            return op == "read" and self._read_standup(user)
        try:
            if op == "create":
                self.env[model].with_user(user).create(create_vals)
            else:
                record = self._make_target(row).with_user(user)
                self.env.invalidate_all()
                if op == "read":
                    record.read(list(write_vals))
                elif op == "write":
                    record.write(write_vals)
                else:
                    record.unlink()
            self.env.flush_all()
        except AccessError:
            return False
        return True
