from odoo import models


class HypercareCharter(models.Model):
    """Adoption evidence of the charter (floor log, pulse, usage, self-help)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_self_help_deflections(self, date_from, date_to):
        """Self-help deflections per charter: ``{charter_id: count}`` for the
        charters in ``self``, in ``[date_from, date_to)`` (UTC datetimes).

        A deflection is a question the user solved with a knowledge page
        instead of raising a ticket; the knowledge bridge records them and
        overrides this. The core has none: an absent charter counts 0.
        """
        return {}
