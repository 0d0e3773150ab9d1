from odoo.addons.hypercare_support.models.hypercare_ticket_cube import (
    drop_cube_triggers,
)

from . import models


def uninstall_hook(env):
    """The helpdesk tickets' table keeps no trigger of the figures' cube, and
    the cube no figure of theirs."""
    drop_cube_triggers(env.cr, "helpdesk_ticket")
    env.cr.execute(
        "DELETE FROM hypercare_ticket_cube WHERE carrier = 'helpdesk_ticket'"
    )
