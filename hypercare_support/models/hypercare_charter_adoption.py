from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.tools import SQL

from .hypercare_charter import OPEN_STATES
from .hypercare_pulse import local_monday

MIN_PULSE_ANSWERS = 5  # fewer answers in a week: not enough data
CHART_WEEKS = 6  # weeks shown on the adoption charts
INTERNAL_LAYERS = ("l1", "l2")
PARTNER_LAYERS = ("l3", "l4")
HOWTO_TYPES = ("how_to", "training")


class HypercareCharter(models.Model):
    """Adoption evidence of the charter (floor log, pulse, usage, self-help)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    floor_log_ids = fields.One2many("hypercare.floor.log", "charter_id")
    pulse_ids = fields.One2many("hypercare.pulse", "charter_id")
    scope_user_count = fields.Integer(compute="_compute_scope_user_count")

    @api.depends("scope_user_ids")
    def _compute_scope_user_count(self):
        for charter in self:
            charter.scope_user_count = len(charter.scope_user_ids)

    def _hypercare_self_help_deflections(self, date_from, date_to):
        """Self-help deflections per charter: ``{charter_id: count}`` for the
        charters in ``self``, in ``[date_from, date_to)`` (UTC datetimes).

        A deflection is a question the user solved with a knowledge page
        instead of raising a ticket; the knowledge bridge records them and
        overrides this. The core has none: an absent charter counts 0.
        """
        return {}

    # ------------------------------------------------------------------
    # Weeks, functions, audience
    # ------------------------------------------------------------------

    def _hypercare_tz(self):
        calendar = self._get_calendar() if self else None
        return (calendar and calendar.tz) or "UTC"

    def _hypercare_local_monday(self, moment):
        """Monday (date) of the week holding ``moment`` (naive UTC) in the
        charter calendar's time zone (UTC without a charter)."""
        return local_monday(self[:1]._hypercare_tz() if self else "UTC", moment)

    def _hypercare_week_start(self, monday):
        """UTC start (naive datetime) of the local ``monday``."""
        tz = timezone(self._hypercare_tz())
        return (
            tz.localize(datetime.combine(monday, time.min))
            .astimezone(utc)
            .replace(tzinfo=None)
        )

    def _hypercare_adoption_weeks(self):
        """Local Mondays and UTC starts of the week before the last, the last
        full week and the current week."""
        self.ensure_one()
        current = self._hypercare_local_monday(fields.Datetime.now())
        mondays = [current - timedelta(weeks=n) for n in (2, 1, 0)]
        return mondays, [self._hypercare_week_start(m) for m in mondays]

    @api.model
    def _hypercare_user_function_sql(self, charter, user):
        """SQL: the business function of ``user`` on ``charter`` (SQL ids):
        their roster function, else that of their latest ticket in the
        charter's carrier (each carrier's ``_hypercare_reporter_function_sql``:
        a charter has one carrier, the other branches find nothing)."""
        latest = SQL(" UNION ALL ").join(
            SQL("(%s)", self.env[name]._hypercare_reporter_function_sql(charter, user))
            for name in sorted(self._hypercare_ticket_models())
        )
        return SQL(
            """COALESCE(
                (SELECT champion.function FROM hypercare_champion AS champion
                  WHERE champion.charter_id = %(charter)s
                    AND champion.user_id = %(user)s AND champion.active
                  ORDER BY champion.support_layer, champion.id LIMIT 1),
                (SELECT latest.function FROM (%(latest)s) AS latest
                  ORDER BY latest.date_reported DESC LIMIT 1))""",
            charter=charter,
            user=user,
            latest=latest,
        )

    @api.model
    def _hypercare_active_sql(self, days, instants):
        """SQL: the scope user of the row ``rel`` (charter and user) was
        active in a week: a day of it in the daily activity record (``days``:
        its Monday and the next) or a login within ``instants`` (the same week
        in UTC: today's logins are not in the record yet)."""
        return SQL(
            """(EXISTS (
                   SELECT 1 FROM hypercare_user_activity AS act
                    WHERE act.charter_id = rel.charter_id
                      AND act.user_id = rel.user_id
                      AND act.date >= %(first_day)s AND act.date < %(next_day)s)
               OR EXISTS (
                   SELECT 1 FROM res_users_log AS log
                    WHERE log.create_uid = rel.user_id
                      AND log.create_date >= %(start)s
                      AND log.create_date < %(end)s))""",
            first_day=days[0],
            next_day=days[1],
            start=instants[0],
            end=instants[1],
        )

    def _hypercare_user_function(self, user):
        self.ensure_one()
        self.env.flush_all()
        [[function]] = self.env.execute_query(
            SQL(
                "SELECT %s",
                self._hypercare_user_function_sql(
                    SQL("%s", self.id), SQL("%s", user.id)
                ),
            )
        )
        return function or False

    def _hypercare_pulse_audience(self, user):
        """The pulse is asked of the users going live and the champions."""
        self.ensure_one()
        charter = self.sudo()
        return user in charter.scope_user_ids or user in (
            charter.champion_ids.filtered("active").user_id
        )

    # ------------------------------------------------------------------
    # Measures (one aggregate query each)
    # ------------------------------------------------------------------

    def _hypercare_adoption_metrics(self):
        """The adoption exit measures of one charter on the last full week:
        ``{kind: value}`` and ``no_data``, the kinds lacking data (never met).

        Within one dashboard request (context ``hypercare_request_memo``, a
        dict) the exit gate and the adoption tiles share one evaluation."""
        self.ensure_one()
        memo = self.env.context.get("hypercare_request_memo")
        if memo is None:
            return self._hypercare_adoption_measure()
        key = ("adoption_metrics", self.id)
        if key not in memo:
            memo[key] = self._hypercare_adoption_measure()
        return memo[key]

    def _hypercare_adoption_measure(self):
        self.env.flush_all()
        (_before_monday, last_monday, current_monday), bounds = (
            self._hypercare_adoption_weeks()
        )
        before, last, current = bounds
        report = self.env["hypercare.ticket.report"]
        [tickets] = self.env.execute_query(
            SQL(
                """
            SELECT count(*) FILTER (WHERE r.date_reported >= %(last)s
                                      AND r.state = 'done'
                                      AND r.support_layer IN %(internal)s),
                   count(*) FILTER (WHERE r.date_reported >= %(last)s
                                      AND r.state = 'done'
                                      AND r.support_layer IN %(partner)s),
                   count(*) FILTER (WHERE r.date_reported >= %(last)s
                                      AND r.issue_type IN %(howto)s),
                   count(*) FILTER (WHERE r.date_reported < %(last)s
                                      AND r.issue_type IN %(howto)s)
              FROM %(report)s AS r
             WHERE r.charter_id = %(charter)s
               AND r.state IS DISTINCT FROM 'cancelled'
               AND r.date_reported >= %(before)s AND r.date_reported < %(current)s
                """,
                report=report._table_sql,
                charter=self.id,
                partner=PARTNER_LAYERS,
                internal=INTERNAL_LAYERS,
                howto=HOWTO_TYPES,
                before=before,
                last=last,
                current=current,
            )
        )
        internal, partner, howto_last, howto_before = tickets
        [floor] = self.env.execute_query(
            SQL(
                """
            SELECT count(*) FILTER (WHERE log.date >= %(last)s
                                      AND log.outcome = 'answered'),
                   count(*) FILTER (WHERE log.date >= %(last)s),
                   count(*) FILTER (WHERE log.date < %(last)s)
              FROM hypercare_floor_log AS log
             WHERE log.charter_id = %(charter)s AND %(unlinked)s
               AND log.date >= %(before)s AND log.date < %(current)s
                """,
                charter=self.id,
                unlinked=self.env["hypercare.floor.log"]._hypercare_unlinked_sql(),
                before=before,
                last=last,
                current=current,
            )
        )
        answered, floor_last, floor_before = floor
        deflections = self._hypercare_self_help_deflections(last, current).get(
            self.id, 0
        )
        [[scope, active]] = self.env.execute_query(
            SQL(
                """
            SELECT count(*),
                   count(*) FILTER (WHERE %(active)s)
              FROM hypercare_charter_scope_user_rel AS rel
              JOIN res_users AS usr ON usr.id = rel.user_id AND usr.active
             WHERE rel.charter_id = %(charter)s
                """,
                charter=self.id,
                active=self._hypercare_active_sql(
                    (last_monday, current_monday), (last, current)
                ),
            )
        )
        [[answers, average]] = self.env.execute_query(
            SQL(
                """
            SELECT count(*), avg(pulse.score)
              FROM hypercare_pulse AS pulse
             WHERE pulse.charter_id = %(charter)s AND pulse.week_start = %(week)s
                """,
                charter=self.id,
                week=last_monday,
            )
        )
        solved = answered + deflections + internal
        questions = solved + partner
        no_data = set()
        if not questions:
            no_data.add("internal_resolution")
        if not scope:
            no_data.add("active_users")
        if answers < MIN_PULSE_ANSWERS:
            no_data.add("pulse")
        return {
            "internal_resolution": solved * 100.0 / questions if questions else 0.0,
            "howto_trend": (howto_last + floor_last) - (howto_before + floor_before),
            "howto_weeks": (howto_last + floor_last, howto_before + floor_before),
            "active_users": active * 100.0 / scope if scope else 0.0,
            "pulse": float(average or 0.0) if answers >= MIN_PULSE_ANSWERS else 0.0,
            "pulse_answers": answers,
            "pulse_average": float(average) if answers else None,
            "scope": scope,
            "active": active,
            "questions": questions,
            "no_data": no_data,
        }

    def _hypercare_adoption_by_function(self):
        """Usage by role on the last full week: ``[(function, users going live,
        active, pulse average or None, answers)]``, one query."""
        self.ensure_one()
        self.env.flush_all()
        (_before, last_monday, current_monday), (_b, last, current) = (
            self._hypercare_adoption_weeks()
        )
        rows = self.env.execute_query(
            SQL(
                """
            WITH scope AS (
                SELECT rel.user_id, COALESCE(%(function)s, '') AS function,
                       %(active)s AS active
                  FROM hypercare_charter_scope_user_rel AS rel
                  JOIN res_users AS usr ON usr.id = rel.user_id AND usr.active
                 WHERE rel.charter_id = %(charter)s
            ), pulse AS (
                SELECT COALESCE(p.business_function, '') AS function,
                       avg(p.score) AS average, count(*) AS answers
                  FROM hypercare_pulse AS p
                 WHERE p.charter_id = %(charter)s AND p.week_start = %(last_monday)s
                 GROUP BY 1
            )
            SELECT COALESCE(s.function, pulse.function), count(s.user_id),
                   count(s.user_id) FILTER (WHERE s.active),
                   max(pulse.average), COALESCE(max(pulse.answers), 0)
              FROM (SELECT function, user_id, active FROM scope) AS s
              FULL JOIN pulse ON pulse.function = s.function
             GROUP BY 1
             ORDER BY 1
                """,
                function=self._hypercare_user_function_sql(
                    SQL("rel.charter_id"), SQL("rel.user_id")
                ),
                charter=self.id,
                last_monday=last_monday,
                active=self._hypercare_active_sql(
                    (last_monday, current_monday), (last, current)
                ),
            )
        )
        return [
            (function, scope, active, float(avg) if avg is not None else None, n)
            for function, scope, active, avg, n in rows
        ]

    def _hypercare_satisfaction(self):
        """(average rating out of 5, number of ratings) given by reporters to
        the charter's resolved tickets, through Odoo's rating mechanism: one
        aggregate per carrier that carries ratings (project.task; helpdesk
        tickets once OCA ``helpdesk_mgmt_rating`` is installed)."""
        self.ensure_one()
        Rating = self.env["rating.rating"].sudo()
        total = count = 0
        for model_name in self._hypercare_ticket_models():
            Ticket = self.env[model_name].sudo()
            if "rating_ids" not in Ticket._fields:
                continue
            [(n, rating_sum)] = Rating._read_group(
                [
                    ("res_model", "=", model_name),
                    (
                        "res_id",
                        "in",
                        Ticket._search([("hypercare_charter_id", "=", self.id)]),
                    ),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                ],
                aggregates=["__count", "rating:sum"],
            )
            count += n
            total += rating_sum or 0.0
        return (total / count if count else None), count

    def _hypercare_adoption_weekly(self, weeks=CHART_WEEKS):
        """Per week (oldest first, the current one last) from go-live's week
        on, none before: share of the users going live who were active,
        pulse average and answers."""
        self.ensure_one()
        self.env.flush_all()
        current = self._hypercare_local_monday(fields.Datetime.now())
        mondays = [current - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
        if self.go_live_date:
            go_live = self.go_live_date - timedelta(days=self.go_live_date.weekday())
            mondays = [monday for monday in mondays if monday >= go_live]
        if not mondays:
            return []
        [[scope]] = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM hypercare_charter_scope_user_rel AS rel "
                "JOIN res_users AS usr ON usr.id = rel.user_id AND usr.active "
                "WHERE rel.charter_id = %s",
                self.id,
            )
        )
        active = dict(
            self.env.execute_query(
                SQL(
                    """
                SELECT date_trunc('week', act.date)::date,
                       count(DISTINCT act.user_id)
                  FROM hypercare_user_activity AS act
                  JOIN hypercare_charter_scope_user_rel AS rel
                    ON rel.charter_id = act.charter_id AND rel.user_id = act.user_id
                 WHERE act.charter_id = %s AND act.date >= %s
                 GROUP BY 1
                    """,
                    self.id,
                    mondays[0],
                )
            )
        )
        pulses = {
            week: (float(avg), count)
            for week, avg, count in self.env.execute_query(
                SQL(
                    "SELECT week_start, avg(score), count(*) FROM hypercare_pulse "
                    "WHERE charter_id = %s AND week_start >= %s GROUP BY 1",
                    self.id,
                    mondays[0],
                )
            )
        }
        return [
            {
                "week": monday,
                "active_pct": round(active.get(monday, 0) * 100.0 / scope, 1)
                if scope
                else None,
                "pulse": round(pulses[monday][0], 2) if monday in pulses else None,
                "pulse_answers": pulses.get(monday, (0, 0))[1],
            }
            for monday in mondays
        ]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _hypercare_list_action(self, xmlid, domain=None, name=None):
        """The list of ``xmlid`` on this charter's records of ``domain``,
        named ``name`` (what was clicked) when given."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("charter_id", "=", self.id)] + (domain or [])
        action["context"] = {"default_charter_id": self.id}
        if name:
            action["name"] = name
        return action

    def action_open_floor_logs(self):
        return self._hypercare_list_action(
            "hypercare_support.hypercare_floor_log_action"
        )

    def action_open_pulses(self):
        return self._hypercare_list_action("hypercare_support.hypercare_pulse_action")

    def action_open_user_activity(self):
        return self._hypercare_list_action(
            "hypercare_support.hypercare_user_activity_action"
        )

    def action_open_scope_fill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add users going live"),
            "res_model": "hypercare.scope.fill",
            "view_mode": "form",
            "target": "new",
            "context": {"default_charter_id": self.id},
        }

    @api.model
    def _cron_adoption_summary(self):
        """Weekly: the adoption section of the stand-up to each running
        charter's adoption lead."""
        template = self.env.ref(
            "hypercare_support.mail_template_hypercare_adoption",
            raise_if_not_found=False,
        )
        charters = self.search(
            [("state", "in", OPEN_STATES), ("adoption_lead_id", "!=", False)]
        )
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        for charter in charters:
            if template:
                charter.message_post_with_source(
                    template,
                    partner_ids=charter.adoption_lead_id.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            if in_cron and not self.env["ir.cron"]._commit_progress(1):
                break
