from odoo.tests import new_test_user

from .common import HypercareCase


class KnownIssueCase(HypercareCase):
    """A go-live flood's reporters: ``reporter_count`` plain internal users."""

    reporter_count = 3

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reporters = [
            new_test_user(
                cls.env,
                login=f"hc_flood_{n}",
                name=f"Flood {n}",
                groups="base.group_user",
            )
            for n in range(cls.reporter_count)
        ]
        cls.KnownIssue = cls.env["hypercare.known.issue"]
