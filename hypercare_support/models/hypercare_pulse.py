from datetime import timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

SCORES = range(1, 6)


class HypercarePulse(models.Model):
    """One person's weekly confidence answer: "How confident are you doing
    your work in the new system?" (1-5). At most one per user, charter and
    week (Monday to Sunday in the charter calendar's time zone)."""

    _name = "hypercare.pulse"
    _description = "Hypercare Weekly Pulse"
    _order = "date desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        string="Hypercare",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        ondelete="cascade",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    week_start = fields.Date(
        string="Week",
        compute="_compute_week_start",
        store=True,
        index=True,
        help="Monday of the answer's week, in the charter calendar's time zone.",
    )
    score = fields.Integer(
        required=True,
        aggregator="avg",
        help="How confident are you doing your work in the new system? "
        "1 (not at all) to 5 (fully).",
    )
    comment = fields.Text()
    business_function = fields.Char()

    _score_range = models.Constraint(
        "CHECK (score BETWEEN 1 AND 5)", "The pulse score goes from 1 to 5."
    )
    _one_per_week = models.Constraint(
        "UNIQUE (charter_id, user_id, week_start)",
        "You already answered the pulse of this week.",
    )

    @api.depends("date", "charter_id.calendar_id.tz")
    def _compute_week_start(self):
        for pulse in self:
            pulse.week_start = pulse.charter_id._hypercare_local_monday(pulse.date)

    @api.model_create_multi
    def create(self, vals_list):
        # refused before the database sees them: a clear message, nothing stored
        for vals in vals_list:
            self._check_score_value(vals.get("score"))
        Charter = self.env["hypercare.charter"]
        for vals in vals_list:
            charter = Charter.browse(vals.get("charter_id"))
            if charter.sudo().state == "closed":
                raise ValidationError(
                    self.env._(
                        "Hypercare %(name)s is closed: its pulse takes no more "
                        "answers.",
                        name=charter.sudo().name,
                    )
                )
            user = self.env["res.users"].browse(vals.get("user_id", self.env.uid))
            date = (
                fields.Datetime.to_datetime(vals.get("date")) or fields.Datetime.now()
            )
            self._check_answer_evidence(charter, user, date)
            self._check_week_free(charter, user, charter._hypercare_local_monday(date))
        return super().create(vals_list)

    def write(self, vals):
        if "score" in vals:
            self._check_score_value(vals["score"])
        if "date" in vals:
            for pulse in self:
                pulse._check_answer_evidence(
                    pulse.charter_id,
                    pulse.user_id,
                    fields.Datetime.to_datetime(vals["date"]),
                )
        return super().write(vals)

    def _check_answer_evidence(self, charter, user, date):
        """An answer is evidence of the pulse criterion: never dated in the
        future, given by its user, who is in the charter's audience."""
        if date and date > fields.Datetime.now():
            raise ValidationError(
                self.env._("A pulse answer cannot be dated in the future.")
            )
        if self.env.su:
            return
        if user != self.env.user and not self.env.user.has_group(
            "hypercare_support.group_hypercare_manager"
        ):
            raise AccessError(
                self.env._("Each person answers the pulse for themselves.")
            )
        if not charter.sudo()._hypercare_pulse_audience(user):
            raise AccessError(
                self.env._(
                    "%(user)s is not asked the pulse of hypercare %(name)s: only "
                    "the people going live and the champions answer it.",
                    user=user.sudo().name,
                    name=charter.sudo().name,
                )
            )

    def _check_score_value(self, score):
        if score not in SCORES:
            raise ValidationError(
                self.env._(
                    "The pulse score goes from 1 (not at all confident) to 5 "
                    "(fully confident), not %(score)s.",
                    score=score,
                )
            )

    def _check_week_free(self, charter, user, week, pulse_id=False):
        if self.sudo().search_count(
            [
                ("charter_id", "=", charter.id),
                ("user_id", "=", user.id),
                ("week_start", "=", week),
                ("id", "!=", pulse_id),
            ],
            limit=1,
        ):
            raise ValidationError(
                self.env._(
                    "%(user)s already answered the pulse of the week of "
                    "%(week)s: one answer per week.",
                    user=user.name,
                    week=week,
                )
            )

    @api.constrains("score")
    def _check_score(self):
        for pulse in self:
            self._check_score_value(pulse.score)

    @api.constrains("charter_id", "user_id", "week_start")
    def _check_one_per_week(self):
        for pulse in self:
            self._check_week_free(
                pulse.charter_id, pulse.user_id, pulse.week_start, pulse.id
            )

    # ------------------------------------------------------------------
    # The weekly prompt (systray service)
    # ------------------------------------------------------------------

    @api.model
    def hypercare_pulse_prompt(self):
        """What the web client asks this week, or False: the active charter's
        pulse for its in-scope users and champions, unless answered or
        dismissed this week."""
        charter = self.env["hypercare.charter"]._get_active_charter()
        if not charter or not charter._hypercare_pulse_audience(self.env.user):
            return False
        week = charter._hypercare_local_monday(fields.Datetime.now())
        settings = (
            self.env["res.users.settings"]
            .sudo()
            ._find_or_create_for_user(self.env.user)
        )
        if settings.hypercare_pulse_dismissed_week == week:
            return False
        if self.sudo().search_count(
            [
                ("charter_id", "=", charter.id),
                ("user_id", "=", self.env.uid),
                ("week_start", "=", week),
            ],
            limit=1,
        ):
            return False
        return {
            "charter_id": charter.id,
            "charter_name": charter.name,
            "week": fields.Date.to_string(week),
            "question": self.env._(
                "How confident are you doing your work in the new system?"
            ),
        }

    @api.model
    def hypercare_pulse_answer(self, charter_id, score, comment=False):
        """Record the current user's answer of this week (one request)."""
        charter = self.env["hypercare.charter"].browse(int(charter_id))
        pulse = self.create(
            {
                "charter_id": charter.id,
                "user_id": self.env.uid,
                "score": int(score),
                "comment": (comment or "").strip() or False,
                "business_function": charter._hypercare_user_function(self.env.user),
            }
        )
        return pulse.id

    @api.model
    def hypercare_pulse_dismiss(self, charter_id=None):
        """Not now: the prompt stays away until next week."""
        charter = (
            self.env["hypercare.charter"].browse(int(charter_id))
            if charter_id
            else self.env["hypercare.charter"]._get_active_charter()
        )
        week = charter._hypercare_local_monday(fields.Datetime.now())
        self.env["res.users.settings"].sudo()._find_or_create_for_user(
            self.env.user
        ).hypercare_pulse_dismissed_week = week
        return True


def local_monday(tz_name, moment):
    """Monday (a date) of the week holding ``moment`` (naive UTC) in ``tz_name``."""
    if not moment:
        return False
    day = utc.localize(moment).astimezone(timezone(tz_name or "UTC")).date()
    return day - timedelta(days=day.weekday())
