from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .hypercare_charter import OPEN_STATES

DAYS_BACK = 3  # login rows read again on each run (the run is idempotent)


class HypercareUserActivity(models.Model):
    """Who of a charter's users going live was active on a day, with their
    business function. Odoo's clean-up keeps only the last ``res.users.log``
    row per user, so a scheduled action keeps this daily record."""

    _name = "hypercare.user.activity"
    _description = "Hypercare Daily User Activity"
    _order = "date desc, id desc"
    _rec_name = "user_id"

    date = fields.Date(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="cascade", index=True
    )
    charter_id = fields.Many2one(
        "hypercare.charter",
        string="Hypercare",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one("res.company", readonly=True)
    business_function = fields.Char(readonly=True)

    _one_per_day = models.Constraint(
        "UNIQUE (charter_id, user_id, date)",
        "A user is recorded active once per day and charter.",
    )

    @api.model
    def _cron_record_activity(self, since=None):
        """Record the in-scope users who logged in since ``since`` (default:
        the last days), one row per user, charter and local day: one
        ``INSERT ... SELECT`` over the login log, idempotent."""
        since = since or fields.Datetime.now() - timedelta(days=DAYS_BACK)
        Charter = self.env["hypercare.charter"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO hypercare_user_activity
                   (date, user_id, charter_id, company_id, business_function,
                    create_uid, create_date, write_uid, write_date)
            SELECT (log.create_date AT TIME ZONE 'UTC'
                    AT TIME ZONE COALESCE(cal.tz, 'UTC'))::date,
                   rel.user_id, charter.id, charter.company_id, %(function)s,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM res_users_log AS log
              JOIN hypercare_charter_scope_user_rel AS rel
                ON rel.user_id = log.create_uid
              JOIN hypercare_charter AS charter ON charter.id = rel.charter_id
              JOIN res_company AS company ON company.id = charter.company_id
              LEFT JOIN resource_calendar AS cal
                ON cal.id = COALESCE(charter.calendar_id,
                                     company.resource_calendar_id)
             WHERE log.create_date >= %(since)s
               AND charter.state IN %(states)s
             GROUP BY 1, 2, 3, 4
            ON CONFLICT (charter_id, user_id, date) DO NOTHING
                """,
                function=Charter._hypercare_user_function_sql(
                    SQL("charter.id"), SQL("rel.user_id")
                ),
                uid=self.env.uid,
                since=since,
                states=OPEN_STATES,
            )
        )
        self.invalidate_model()
        return self.env.cr.rowcount
