from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.hypercare_support.tests.common import NOW, HypercareCase


class TimesheetCase(HypercareCase):
    """The shared charter with a partner team that logs timesheets: the
    partner contact, the vendor liaison and an L3 roster member; an L1
    champion logs too, outside the partner team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = NOW.date()
        cls.partner_user = cls._timesheet_user("hc_partner", "Paul Partner")
        cls.vendor_user = cls._timesheet_user("hc_vendor", "Vera Vendor")
        cls.l3_user = cls._timesheet_user("hc_l3", "Leo Level-three")
        cls.charter.write(
            {
                "partner_contact_id": cls.partner_user.id,
                "vendor_liaison_id": cls.vendor_user.id,
                "champion_ids": [
                    Command.create(
                        {
                            "user_id": cls.l3_user.id,
                            "function": "Finance",
                            "support_layer": "l3",
                        }
                    )
                ],
            }
        )
        cls.env["hr.employee"].create(
            {"name": cls.champion_user.name, "user_id": cls.champion_user.id}
        )
        cls.ticket = cls._create_ticket_cls()

    @classmethod
    def _timesheet_user(cls, login, name):
        user = new_test_user(
            cls.env,
            login=login,
            name=name,
            groups="base.group_user,hypercare_support.group_hypercare_champion,"
            "hr_timesheet.group_hr_timesheet_user",
        )
        cls.env["hr.employee"].create({"name": name, "user_id": user.id})
        return user

    @classmethod
    def _create_ticket_cls(cls):
        return cls.env["project.task"].create(
            {
                "name": "Cannot post the invoice",
                "project_id": cls.charter.project_id.id,
                "severity_id": cls.charter.severity_ids[:1].id,
            }
        )

    def _log(self, user, hours, days_ago=0, task=None):
        """``hours`` logged by ``user`` ``days_ago`` days before today."""
        task = self.ticket if task is None else task
        return self.env["account.analytic.line"].create(
            {
                "name": "Hypercare support",
                "project_id": task.project_id.id,
                "task_id": task.id,
                "employee_id": user.employee_id.id,
                "unit_amount": hours,
                "date": fields.Date.to_string(self.today - timedelta(days=days_ago)),
            }
        )
