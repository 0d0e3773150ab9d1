from markupsafe import Markup

from odoo import api, models
from odoo.fields import Domain


class HypercareCharter(models.Model):
    """The charter's side of the SLA engine: the scheduled scan, the breach
    digest of its incident lead, and the recompute of open tickets when the
    calendar their business hours count on changes."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_calendars_before_write(self, vals):
        """{charter id: calendar} of the charters a write may move to another
        working time."""
        if "calendar_id" not in vals and "company_id" not in vals:
            return {}
        return {charter.id: charter._get_calendar() for charter in self}

    def _hypercare_calendars_after_write(self, calendars):
        if calendars:
            self.filtered(
                lambda c: c._get_calendar() != calendars[c.id]
            )._hypercare_sla_refresh_calendar()

    def _hypercare_sla_refresh_calendar(self):
        """The working time of these charters changed: recompute the running
        business-hours clocks of their open tickets (never a closed clock),
        those whose BAU row counts working hours included."""
        if not self:
            return
        domains = [
            Domain("hypercare_charter_id", "in", self.ids)
            & Domain("severity_id.business_hours_only", "=", True)
        ]
        for charter in self:
            levels = [
                level
                for level, row in charter._hypercare_bau_rows().items()
                if row.business_hours_only
            ]
            if levels:
                domains.append(
                    Domain("hypercare_charter_id", "=", charter.id)
                    & Domain("severity_level", "in", levels)
                )
        self._hypercare_sla_refresh(Domain.OR(domains))
        # the weeks of their figures follow the calendar's time zone
        self._hypercare_cube_rebuild()

    def _hypercare_cube_rebuild(self):
        """Count these charters' tickets into the figures' cube again."""
        self.env.flush_all()
        for model in self._hypercare_ticket_models():
            self.env[model].sudo()._hypercare_cube_rebuild(self.ids)

    @api.model
    def _cron_hypercare_cube_compact(self):
        """Add up the rows of the figures' cube (``hypercare_ticket_cube``)."""
        self.env["hypercare.ticket.report"]._cube_compact()

    @api.model
    def _hypercare_sla_refresh(self, domain):
        """Recompute the running clocks of the open tickets of every carrier
        matching ``domain`` (see ``_sla_refresh_open`` of the ticket mixin)."""
        for model_name in self._hypercare_ticket_models():
            self.env[model_name]._sla_refresh_open(domain)

    def _hypercare_breach_digest(self, tickets):
        """One message per scan run telling the incident lead the new breaches.
        Optional fields may be empty (a ticket without layer or owner): the
        line leaves them out, it never fails on them."""
        self.ensure_one()
        lead = self.incident_lead_id
        items = Markup("").join(
            Markup("<li>%s</li>") % self._hypercare_digest_line(ticket)
            for ticket in tickets
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(count)s ticket(s) breached their SLA since the last scan:",
                count=len(tickets),
            ),
            items,
        )
        self.message_post(
            body=body,
            subject=self.env._("Hypercare %(name)s: new SLA breaches", name=self.name),
            partner_ids=lead.partner_id.ids,
            # a note: named recipients only, never the charter's followers
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _hypercare_digest_line(self, ticket):
        """ "Name — P1 / Critical (L2)", without the parts the ticket lacks."""
        line = ticket.display_name or ""
        if ticket.severity_id.name:
            line = f"{line} — {ticket.severity_id.name}"
        if ticket.support_layer:
            line = f"{line} ({ticket.support_layer.upper()})"
        return line

    @api.model
    def _cron_sla_scan(self):
        """Scheduled action: move SLA statuses on and notify transitions; it
        also finishes the recomputes that edits left to it (see
        ``_sla_refresh_open``)."""
        for model_name in self._hypercare_ticket_models():
            self.env[model_name].sudo()._sla_scan()
