from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from . import test_access_matrix
from .common import NOW

# After close: the BAU contact (a plain internal user) is staff of the charter
# and works the tickets handed over to them; the rest is as before close.
CLOSED_MATRIX = """
row                    |User|Champion|Manager|BAU|Partner|Follower
hypercare.charter      |r   |r       |rcwu   |r  |r      |r
ticket.own             |r   |rcw     |rcwu   |rcw|rcw    |-
ticket.other           |-   |rcw     |rcwu   |rcw|rcw    |-
hypercare.ticket.report|-   |r       |r      |r  |r      |-
hypercare.ticket.layer |-   |r       |r      |r  |r      |-
"""


@tagged("-at_install", "post_install")
class TestAccessMatrixClosed(test_access_matrix.TestAccessMatrix):
    """The matrix of a closed charter, handed over to its BAU contact."""

    matrix = CLOSED_MATRIX
    # the other check is the open charter's (above)
    test_matrix_covers_every_model = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bau = new_test_user(
            cls.env, login="hc_mx_bau", name="Bo Bau", groups="base.group_user"
        )
        cls.actors["BAU"] = cls.bau
        cls.charter.bau_contact_id = cls.bau
        with freeze_time(NOW):
            cls.charter.with_user(cls.manager).action_close(override_reason="Matrix")
            cls.env["hypercare.charter"]._cron_hypercare_handover()

    def test_matrix(self):
        self.assertEqual(self.charter.state, "closed")
        self.assertIn(self.bau, self.charter.staff_user_ids)
        return super().test_matrix()
