from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase


class AccessScopeCases:
    """Rights stay inside hypercare (SPEC.md "Reliability and security"): the
    hypercare groups grant nothing outside it, an archived roster line grants
    nothing, portal and public users see nothing of it whatever the project's
    visibility and collaborators. Carrier-neutral, mixed into a HypercareCase
    of each carrier (``TestAccessScope`` here, the helpdesk bridge's)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env,
            login="hc_sc_portal",
            name="Polly Portal",
            groups="base.group_portal",
        )
        cls.public = cls.env.ref("base.public_user")
        Ticket = cls.env[cls.ticket_model]
        with freeze_time(NOW):
            cls.ticket = Ticket.create(
                dict(
                    Ticket._hypercare_carrier_vals(cls.charter),
                    **cls._ticket_vals(
                        {
                            "name": "Payroll export fails",
                            "hypercare_reporter_id": cls.user.id,
                        }
                    ),
                )
            )

    def _finds(self, user, model, domain):
        """What ``user`` finds searching ``model`` (nothing without access)."""
        try:
            return self.env[model].with_user(user).search(domain)
        except AccessError:
            return self.env[model]

    def _sees(self, user, record):
        """Whether ``user`` finds ``record`` by searching and may read it."""
        found = self._finds(user, record._name, [("id", "=", record.id)])
        try:
            record.with_user(user).read(["display_name"])
        except AccessError:
            return False
        return bool(found)

    # -- archived roster lines (issue 19 item 7) -------------------------------

    def test_archived_roster_line_grants_nothing(self):
        line = self.charter.champion_ids.filtered(
            lambda c: c.user_id == self.champion_user
        )
        self.assertTrue(self._sees(self.champion_user, self.ticket))
        self.ticket.with_user(self.champion_user).write({"triage_decision": "fix"})
        line.action_archive()
        self.env.invalidate_all()
        self.assertFalse(self._sees(self.champion_user, self.ticket))
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.champion_user).write({"triage_decision": "fix"})
        if self.carrier_field == "project_id":  # teams are every employee's
            project = self.charter.project_id
            self.assertFalse(self._sees(self.champion_user, project))
        # the stand-up is no longer theirs either
        charter = self.charter.with_user(self.champion_user)
        self.assertFalse(charter.standup_html)
        with self.assertRaises(AccessError):
            charter._hypercare_standup_data()
        # back on the roster: back in
        line.action_unarchive()
        self.env.invalidate_all()
        self.assertTrue(self._sees(self.champion_user, self.ticket))

    # -- portal and public users (issue 19 item 8) ------------------------------

    def _invite_portal(self):
        """The portal user follows the ticket; returns the ticket."""
        self.ticket.message_subscribe(self.portal.partner_id.ids)
        return self.ticket

    def test_portal_and_public_see_nothing(self):
        self._invite_portal()
        for user in (self.portal, self.public):
            with self.subTest(user=user.login):
                self.assertFalse(self._sees(user, self.ticket))
                self.assertFalse(self._sees(user, self.charter[self.carrier_field]))
                carrier = self.charter[self.carrier_field]
                self.assertFalse(
                    self._finds(
                        user, self.ticket_model, [(self.carrier_field, "=", carrier.id)]
                    )
                )
                with self.assertRaises(AccessError):
                    self.ticket.with_user(user).write({"name": "Changed"})


@tagged("-at_install", "post_install")
class TestAccessScope(AccessScopeCases, HypercareCase):
    """On project tasks, with the project specifics: the Manager's project
    rights, portal collaborators, project sharing outside hypercare."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_manager = new_test_user(
            cls.env,
            login="hc_sc_pm",
            name="Pam Projectmanager",
            groups="base.group_user,project.group_project_manager,"
            "hypercare_support.group_hypercare_manager",
        )
        cls.plain = cls.env["project.project"].create(
            {"name": "Warehouse revamp", "privacy_visibility": "employees"}
        )
        cls.plain.message_subscribe((cls.manager | cls.champion_user).partner_id.ids)

    # -- hypercare groups grant nothing outside hypercare (issue 19 item 6) -----

    def test_manager_cannot_change_a_project_without_charter(self):
        plain = self.plain.with_user(self.manager)
        plain.read(["name"])  # like every employee
        with self.assertRaises(AccessError):
            plain.write({"name": "Hijacked"})
        # the charter's project is theirs
        hypercare = self.charter.project_id.with_user(self.manager)
        hypercare.write({"description": "<p>Go-live support</p>"})
        # a project manager is left as project makes them
        self.plain.with_user(self.project_manager).write({"name": "Renamed"})
        self.assertEqual(self.plain.name, "Renamed")

    def test_rights_from_elsewhere(self):
        for user, expected in (
            (self.manager, False),
            (self.champion_user, False),
            (self.project_manager, True),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(
                    user._hypercare_has_other_access("project.project", "write"),
                    expected,
                )
        # every employee may read projects without us
        employee = self.user._hypercare_has_other_access("project.project", "read")
        self.assertTrue(employee)

    def test_linking_a_project_takes_project_rights(self):
        vals = {
            "name": "Go-live warehouse",
            "go_live_date": "2026-11-16",
            "planned_end_date": "2026-12-31",
            "project_id": self.plain.id,
        }
        with self.assertRaises(AccessError):
            self.env["hypercare.charter"].with_user(self.manager).create(vals)
        self.assertFalse(self.plain.hypercare_charter_id)
        charter = self.env["hypercare.charter"].with_user(self.project_manager)
        charter = charter.create(vals)
        self.assertEqual(self.plain.hypercare_charter_id, charter)
        self.assertEqual(self.plain.privacy_visibility, "followers")

    def test_champion_writes_no_task_outside_hypercare(self):
        task = self.env["project.task"].create(
            {"name": "Pallet labels", "project_id": self.plain.id}
        )
        task.message_subscribe(self.champion_user.partner_id.ids)
        self.assertTrue(self._sees(self.champion_user, task))  # as an employee
        with self.assertRaises(AccessError):
            task.with_user(self.champion_user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            task.with_user(self.manager).unlink()

    # -- portal collaborators (issue 19 item 8) ----------------------------------

    def _invite_portal(self):
        """The portal user is an editing collaborator of the charter's project,
        whose visibility is forced to "portal" (the charter refuses it: the
        rules must hold whatever the visibility)."""
        ticket = super()._invite_portal()
        project = self.charter.project_id
        self.env.cr.execute(
            "UPDATE project_project SET privacy_visibility = 'portal' WHERE id = %s",
            [project.id],
        )
        self.env.invalidate_all()
        collaborator = Command.create({"partner_id": self.portal.partner_id.id})
        project.write({"collaborator_ids": [collaborator]})
        return ticket

    def test_portal_collaborator_sees_no_collaborator_or_milestone(self):
        self._invite_portal()
        project = self.charter.project_id
        milestone = self.env["project.milestone"].create(
            {"name": "Go-live +30", "project_id": project.id}
        )
        for user in (self.portal, self.public):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self._finds(
                        user, "project.collaborator", [("project_id", "=", project.id)]
                    )
                )
                self.assertFalse(self._sees(user, milestone))

    # -- tasks outside hypercare are left alone (issue 18) ----------------------

    def test_task_outside_hypercare_untouched_until_moved_in(self):
        with freeze_time(NOW - timedelta(days=3)):
            task = self.env["project.task"].create(
                {"name": "Rack labels", "project_id": self.plain.id}
            )
        self.assertFalse(task.hypercare_charter_id)
        self.assertFalse(task.date_reported or task.response_deadline)
        # moved into the charter's project, it becomes a ticket: its clock
        # starts then
        with freeze_time(NOW):
            task.write({"project_id": self.charter.project_id.id})
        self.assertEqual(task.hypercare_charter_id, self.charter)
        self.assertEqual(task.date_reported, NOW)
        self.assertTrue(task.response_deadline)

    # -- project sharing outside hypercare works as without us (issue 18) ------

    def test_project_sharing_outside_hypercare_untouched(self):
        shared = self.env["project.project"].create(
            {
                "name": "Customer portal",
                "privacy_visibility": "portal",
                "type_ids": [
                    Command.create({"name": "To do", "sequence": 1}),
                    Command.create({"name": "Done", "sequence": 9}),
                ],
                "collaborator_ids": [
                    Command.create({"partner_id": self.portal.partner_id.id})
                ],
            }
        )
        shared.message_subscribe(self.portal.partner_id.ids)
        todo, done = shared.type_ids.sorted("sequence")
        Task = (
            self.env["project.task"]
            .with_user(self.portal)
            .with_context(default_project_id=shared.id)
        )
        with freeze_time(NOW):
            task = Task.create({"name": "Add my logo"})
            task.write({"name": "Add my new logo", "stage_id": done.id})
        self.assertEqual(task.project_id, shared)
        self.assertEqual(task.stage_id, done)
        self.assertFalse(task.sudo().hypercare_charter_id)
        self.assertTrue(self._sees(self.portal, task))
        # the same user on the hypercare project: nothing
        with self.assertRaises(AccessError):
            self.env["project.task"].with_user(self.portal).create(
                {"name": "Sneak in", "project_id": self.charter.project_id.id}
            )
        self.assertNotEqual(todo, done)
