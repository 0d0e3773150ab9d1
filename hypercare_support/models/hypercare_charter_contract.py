from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from ..charter_templates import PLATFORM_WINDOWS


class HypercareCharter(models.Model):
    """The charter as a contract: the roles it names, the default window, the
    go-live that makes it binding, and the log of the changes made to its
    terms (severity matrix, exit criteria) after go-live."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    date_activated = fields.Datetime(
        string="Went Live On",
        readonly=True,
        copy=False,
        help="When the charter first went live: from then on it is a contract, "
        "and changes to its severity matrix and exit criteria are logged.",
    )
    partner_contact_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        help="The implementation partner's lead: owner of L3 escalations.",
    )
    scope_user_ids = fields.Many2many(
        "res.users",
        "hypercare_charter_scope_user_rel",
        "charter_id",
        "user_id",
        string="Users Going Live",
        check_company=True,
        help="The population going live: adoption is measured on them.",
    )

    @api.depends("go_live_date", "platform")
    def _compute_planned_end_date(self):
        """Go-live plus the platform's usual window while the charter is being
        created; a saved planned end does not move with the go-live date."""
        for charter in self:
            if charter.go_live_date and (
                not charter.planned_end_date or not charter._origin
            ):
                charter.planned_end_date = charter.go_live_date + timedelta(
                    days=PLATFORM_WINDOWS.get(
                        charter.platform, PLATFORM_WINDOWS["other"]
                    )
                )

    @api.depends("company_id")
    def _compute_calendar_id(self):
        """The company's working hours, unless a calendar of the charter's
        company (or a shared one) is set."""
        for charter in self:
            company = charter.calendar_id.sudo().company_id
            if not charter.calendar_id or (company and company != charter.company_id):
                charter.calendar_id = charter.company_id.resource_calendar_id

    def action_activate(self):
        """Go live. Refused without an incident lead or without a champion (an
        active roster line); a baseline weekly volume of 0 is allowed but
        warned about, on the chatter and in the notification returned.
        Charters already live are left as they are."""
        self._hypercare_check_manager(self.env._("take a charter live"))
        charters = self.filtered(lambda c: c.state == "draft")
        problems = [
            self.env._(
                "%(name)s cannot go live without %(missing)s.",
                name=charter.name,
                missing=format_list(self.env, missing),
            )
            for charter in charters
            if (missing := charter._hypercare_missing_for_go_live())
        ]
        if problems:
            raise UserError("\n".join(problems))
        now = fields.Datetime.now()
        for charter in charters:
            charter._hypercare_set_state(
                {"state": "active", "date_activated": charter.date_activated or now}
            )
        no_baseline = charters.filtered(lambda c: not c.baseline_weekly_volume)
        if not no_baseline:
            return True
        message = self.env._(
            "Gone live with a baseline weekly volume of 0: the incoming trend "
            "and volume exit criteria compare the weekly tickets with it. Set "
            "the number of tickets per week before go-live."
        )
        for charter in no_baseline:
            charter.message_post(body=message, subtype_xmlid="mail.mt_note")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._(
                    "%(names)s: no baseline volume",
                    names=format_list(self.env, no_baseline.mapped("name")),
                ),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _hypercare_missing_for_go_live(self):
        """What this charter lacks to go live, as translated phrases."""
        self.ensure_one()
        missing = []
        if not self.incident_lead_id:
            missing.append(self.env._("an incident lead"))
        if not self.champion_ids.filtered("active"):
            missing.append(self.env._("a champion on its roster"))
        return missing

    def _hypercare_log_contract(self, title, lines):
        """Log changes to the terms of this live charter on its chatter: a
        title and one line per change (plain text, escaped here)."""
        self.ensure_one()
        items = Markup("").join(Markup("<li>%s</li>") % line for line in lines)
        # the change itself passed the access checks: anyone allowed to make
        # it gets it logged, whatever their rights on the chatter
        self.sudo().message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (title, items),
            subtype_xmlid="mail.mt_note",
        )
