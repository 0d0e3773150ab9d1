from datetime import datetime

from freezegun import freeze_time

from .common import NOW, HypercareCase

# Wednesday of the fourth week after go-live (Monday 2026-11-16).
LATER = datetime(2026, 12, 9, 10, 0, 0)


class ExitGateCase(HypercareCase):
    """The exit criteria of the fixture's charter, measured at a moment."""

    def _criterion(self, kind, charter=None):
        charter = charter or self.charter
        return charter.exit_criterion_ids.filtered(lambda c: c.kind == kind)

    def _measure(self, kind, at=NOW):
        """(current_value, is_met) of the charter's criterion of ``kind`` at ``at``."""
        criterion = self._criterion(kind)
        self.env.invalidate_all()
        with freeze_time(at):
            return criterion.current_value, criterion.is_met

    def _ticket_at(self, when, level="medium", **vals):
        with freeze_time(when):
            return self._create_ticket(level=level, **vals)

    def _resolve_at(self, ticket, when):
        with freeze_time(when):
            self._resolve(ticket)
