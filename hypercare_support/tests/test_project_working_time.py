from odoo import Command
from odoo.tests import tagged

from .common import HypercareCase


@tagged("-at_install", "post_install")
class TestProjectWorkingTime(HypercareCase):
    """Project's working time to assignment and to close of a ticket raised
    now is 0, stored at creation without project's calendar computation per
    ticket; an assignment later is left to project."""

    def _count_duration_computations(self):
        Calendar = type(self.env["resource.calendar"])
        original = Calendar.get_work_duration_data
        calls = []

        def counting(calendar, *args, **kwargs):
            calls.append(calendar)
            return original(calendar, *args, **kwargs)

        self.patch(Calendar, "get_work_duration_data", counting)
        return calls

    def test_ticket_raised_now_spans_no_working_time(self):
        self.charter.project_id.resource_calendar_id = (
            self.env.company.resource_calendar_id
        )
        calls = self._count_duration_computations()
        Task = self.env["project.task"].with_user(self.champion_user)
        ticket = Task.create(
            {
                "name": "Cannot post the invoice",
                "project_id": self.charter.project_id.id,
                "user_ids": [Command.set(self.champion_user.ids)],
            }
        )
        self.env.flush_all()
        self.assertTrue(ticket.date_assign)
        self.assertEqual(calls, [])
        ticket.invalidate_recordset()
        for fname in (
            "working_hours_open",
            "working_days_open",
            "working_hours_close",
            "working_days_close",
        ):
            self.assertEqual(ticket[fname], 0.0, fname)
        # a task of another project: project computes it, as before
        plain = Task.sudo().create(
            {
                "name": "Plain task",
                "project_id": self.env["project.project"]
                .create(
                    {
                        "name": "Not a go-live",
                        "resource_calendar_id": (
                            self.env.company.resource_calendar_id.id
                        ),
                    }
                )
                .id,
                "user_ids": [Command.set(self.champion_user.ids)],
            }
        )
        self.env.flush_all()
        self.assertTrue(plain.date_assign)
        self.assertEqual(len(calls), 1)
        # a ticket assigned after its creation: project computes it
        later = Task.create(
            {
                "name": "Unassigned",
                "project_id": self.charter.project_id.id,
                "user_ids": [Command.clear()],
            }
        )
        self.env.flush_all()
        self.assertEqual(len(calls), 1)
        later.user_ids = [Command.set(self.champion_user.ids)]
        self.env.flush_all()
        self.assertTrue(later.date_assign)
        self.assertEqual(len(calls), 2)
