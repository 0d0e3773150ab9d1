from . import controllers
from . import models
from . import report
from . import wizards


def uninstall_hook(env):
    """The carriers' tables keep no trigger of the figures' cube."""
    models.hypercare_ticket_cube.drop_cube_triggers(env.cr)
    env.cr.execute("DROP TABLE IF EXISTS hypercare_ticket_cube")
