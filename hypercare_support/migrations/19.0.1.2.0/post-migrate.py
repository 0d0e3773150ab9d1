"""19.0.1.2.0 (issue 14): a charter from before the BAU matrix gets its
platform's BAU rows, which tickets take at the handover and the sustained-SLA
exit criterion measures against. The change is logged on running charters like
any other change of the matrix."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    charters = env["hypercare.charter"].with_context(active_test=False).search([])
    for charter in charters:
        if not charter.severity_ids.filtered(lambda s: s.phase == "bau"):
            charter.write(
                {
                    "severity_ids": charter._severity_template_commands(
                        charter.platform or "other", phase="bau"
                    )
                }
            )
