from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from .common import HypercareCase

# Monday 2026-11-30 09:00 UTC (10:00 in Brussels): the last full week is
# Monday 2026-11-23 to Sunday 2026-11-29, Brussels time (UTC+1).
NOW = datetime(2026, 11, 30, 9, 0, 0)
LAST_START = datetime(2026, 11, 22, 23, 0, 0)  # Mon 23 Nov 00:00 Brussels
CURRENT_START = datetime(2026, 11, 29, 23, 0, 0)  # Mon 30 Nov 00:00 Brussels
JUST_BEFORE_LAST = datetime(2026, 11, 22, 22, 59, 59)  # Sun 22 Nov 23:59:59
JUST_BEFORE_CURRENT = datetime(2026, 11, 29, 22, 59, 59)  # Sun 29 Nov 23:59:59
MID_LAST = datetime(2026, 11, 25, 10, 0, 0)
MID_BEFORE = datetime(2026, 11, 18, 10, 0, 0)


class AdoptionCase(HypercareCase):
    """Floor log, pulse and tickets at the week edges of a Brussels calendar,
    five users going live to fill the charter's scope, and the adoption
    criteria measured at a moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scope = [
            new_test_user(cls.env, login=f"hc_scope_{n}", groups="base.group_user")
            for n in range(5)
        ]

    def _criterion(self, kind):
        return self.charter.exit_criterion_ids.filtered(lambda c: c.kind == kind)

    def _measure(self, kind, at=NOW):
        criterion = self._criterion(kind)
        self.env.invalidate_all()
        with freeze_time(at):
            return (
                round(criterion.current_value, 1),
                criterion.is_met,
                criterion.not_enough_data,
            )

    def _floor(self, when, outcome="answered", charter=None, user=None):
        return (
            self.env["hypercare.floor.log"]
            .with_user(user or self.champion_user)
            .create(
                {
                    "charter_id": (charter or self.charter).id,
                    "topic": "How do I reverse an invoice?",
                    "business_function": "Finance",
                    "minutes": 4,
                    "outcome": outcome,
                    "date": when,
                }
            )
        )

    def _ticket_at(self, when, **vals):
        with freeze_time(when):
            return self._create_ticket(level="medium", **vals)

    def _pulse(self, user, score, when=MID_LAST, imported=False):
        """``user``'s answer: they go live with the charter (its audience).
        ``imported``: loaded as the superuser (a data import), the charter's
        scope left as it is."""
        if not imported:
            self.charter.scope_user_ids = [Command.link(user.id)]
        return (
            self.env["hypercare.pulse"]
            .with_user(self.env.ref("base.user_root") if imported else user)
            .create(
                {
                    "charter_id": self.charter.id,
                    "user_id": user.id,
                    "score": score,
                    "date": when,
                }
            )
        )
