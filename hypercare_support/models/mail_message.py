from odoo import api, models
from odoo.fields import Domain


class MailMessage(models.Model):
    """A hypercare ticket's chatter, seen by its reporter: the messages meant
    for them (see ``_hypercare_reporter_message_domain``)."""

    _inherit = "mail.message"

    @api.model
    def _message_fetch(self, domain, *, thread=None, **kwargs):
        if (
            thread
            and len(thread) == 1
            and hasattr(thread, "_hypercare_reporter_message_domain")
        ):
            reporter_domain = thread._hypercare_reporter_message_domain()
            if reporter_domain is not None:
                domain = (
                    reporter_domain
                    if domain is None
                    else reporter_domain & Domain(domain)
                )
        return super()._message_fetch(domain, thread=thread, **kwargs)
