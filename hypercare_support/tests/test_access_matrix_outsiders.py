from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .access_matrix import ROWS
from .common import NOW
from .common_access_matrix import AccessMatrixCase


@tagged("-at_install", "post_install")
class TestAccessMatrixOutsiders(AccessMatrixCase):
    """Outsiders on the matrix's records: portal, public and other-company
    users find none of the charter's records by searching, and another
    company's manager cannot act on the charter through its dialogs."""

    def test_outsiders_find_nothing(self):
        """Searching, not only reading by id: portal, public and other-company
        users find none of the charter's records, whatever the model."""
        with freeze_time(NOW):
            targets = {
                row: self._make_target(row)
                for row in ROWS
                if row not in ("carrier.outside", "ticket.outside", "standup")
            }
        self.env.flush_all()
        for row, record in targets.items():
            for actor in ("Portal", "Public", "OtherCo"):
                with self.subTest(row=row, actor=actor):
                    Model = self.env[record._name].with_user(self.actors[actor])
                    try:
                        found = Model.search([("id", "=", record.id)])
                    except AccessError:
                        found = Model
                    self.assertFalse(found)

    def test_other_company_cannot_act_through_dialogs(self):
        """A manager of another company who points a dialog at this charter
        gets an access error, and nothing changes."""
        charter = self.charter
        Task = self.env["project.task"]
        tickets = Task.search_count([("project_id", "=", charter.project_id.id)])
        end, state = charter.planned_end_date, charter.state
        dialogs = [
            (
                "hypercare.report.issue",
                {"charter_id": charter.id, "name": "Spoof", "description": "Spoof"},
                "action_submit",
            ),
            (
                "hypercare.charter.extend",
                {"charter_id": charter.id, "new_end_date": "2027-06-30", "reason": "x"},
                "action_extend",
            ),
            (
                "hypercare.charter.close",
                {"charter_id": charter.id, "override_reason": "Spoof"},
                "action_close",
            ),
        ]
        for model, vals, method in dialogs:
            with self.subTest(dialog=model), self.assertRaises(AccessError):
                dialog = self.env[model].with_user(self.foreign).create(vals)
                getattr(dialog, method)()
        self.env.invalidate_all()
        self.assertEqual(
            Task.search_count([("project_id", "=", charter.project_id.id)]), tickets
        )
        self.assertEqual((charter.planned_end_date, charter.state), (end, state))
        self.assertFalse(charter.extension_ids)
