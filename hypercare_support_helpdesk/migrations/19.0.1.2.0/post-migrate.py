"""19.0.1.2.0: as hypercare_support 19.0.1.3.0, the helpdesk tickets' second
index on ``sla_next_check`` (same definition as the field's own) goes."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS helpdesk_ticket_hypercare_next_check_idx")
