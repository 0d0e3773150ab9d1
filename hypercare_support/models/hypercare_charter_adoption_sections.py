from datetime import timedelta

from odoo import fields, models
from odoo.tools import format_date

# dashboard tile state by (met, enough data)
TILE_STATES = {(True, True): "ok", (False, True): "warning"}


class HypercareCharter(models.Model):
    """The adoption evidence on the stand-up and the dashboard."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_adoption_criteria(self):
        """{kind: criterion} of the charter's adoption criteria."""
        return {
            c.kind: c
            for c in self.exit_criterion_ids
            if c.kind in ("internal_resolution", "howto_trend", "active_users", "pulse")
        }

    def _hypercare_standup_sections(self):
        sections = super()._hypercare_standup_sections()
        sections.append(self._hypercare_adoption_section())
        return sections

    def _hypercare_adoption_section(self):
        """The stand-up's adoption section (also mailed weekly to the
        charter's adoption lead)."""
        self.ensure_one()
        metrics = self._hypercare_adoption_metrics()
        no_data = metrics["no_data"]
        not_enough = self.env._("not enough data")
        criteria = self._hypercare_adoption_criteria()
        rating, ratings = self._hypercare_satisfaction()

        def figure(kind, text):
            return not_enough if kind in no_data else text

        lines = [
            self.env._(
                "Questions solved internally last week: %(value)s",
                value=figure(
                    "internal_resolution", f"{metrics['internal_resolution']:.0f} %"
                ),
            ),
            self.env._(
                "How-to questions: %(last)s last week, %(before)s the week before",
                last=metrics["howto_weeks"][0],
                before=metrics["howto_weeks"][1],
            ),
            self.env._(
                "Users going live active last week: %(value)s "
                "(%(active)s of %(scope)s)",
                value=figure("active_users", f"{metrics['active_users']:.0f} %"),
                active=metrics["active"],
                scope=metrics["scope"],
            ),
            self.env._(
                "Pulse last week: %(value)s (%(answers)s answers)",
                value=figure("pulse", f"{metrics['pulse']:.1f} / 5"),
                answers=metrics["pulse_answers"],
            ),
            self.env._(
                "Satisfaction with resolved tickets: %(value)s (%(count)s ratings)",
                value=f"{rating:.1f} / 5" if ratings else not_enough,
                count=ratings,
            ),
        ]
        for (
            function,
            scope,
            active,
            pulse,
            answers,
        ) in self._hypercare_adoption_by_function():
            lines.append(
                self.env._(
                    "%(function)s: %(active)s of %(scope)s users active, "
                    "pulse %(pulse)s (%(answers)s answers)",
                    function=function or self.env._("No function"),
                    active=active,
                    scope=scope,
                    pulse=f"{pulse:.1f}" if pulse is not None else "-",
                    answers=answers,
                )
            )
        warning = any(
            c.required and not c.is_met for c in criteria.values() if c.kind in metrics
        )
        return {
            "key": "adoption",
            "title": self.env._("Adoption"),
            "sequence": 20,
            "lines": lines,
            "warning": warning,
        }

    def _hypercare_dashboard_sections(self):
        res = super()._hypercare_dashboard_sections()
        metrics = self._hypercare_adoption_metrics()
        criteria = self._hypercare_adoption_criteria()
        rating, ratings = self._hypercare_satisfaction()

        def state(kind):
            if kind in metrics["no_data"]:
                return "muted"
            criterion = criteria.get(kind)
            return TILE_STATES[(bool(criterion.is_met), True)] if criterion else "ok"

        def value(kind, digits):
            if kind in metrics["no_data"]:
                return None
            return round(metrics[kind], digits)

        (_before, last_monday, _current), (_b, last, current) = (
            self._hypercare_adoption_weeks()
        )
        last_week = self._hypercare_week_label(last_monday)
        res["tiles"] += [
            {
                "key": "active_users",
                "label": self.env._("Active users last week"),
                "value": value("active_users", 0),
                "unit": "%",
                "sequence": 60,
                "state": state("active_users"),
                "help": self.env._(
                    "%(active)s of %(scope)s users going live",
                    active=metrics["active"],
                    scope=metrics["scope"],
                ),
                "action": self._hypercare_activity_action(last_monday, last_week),
            },
            {
                "key": "pulse",
                "label": self.env._("Pulse last week"),
                "value": value("pulse", 1),
                "unit": "/ 5",
                "sequence": 61,
                "state": state("pulse"),
                "help": self.env._("%(count)s answers", count=metrics["pulse_answers"]),
                "action": self._hypercare_pulse_action(last_monday, last_week),
            },
            {
                "key": "satisfaction",
                "label": self.env._("Satisfaction"),
                "value": round(rating, 1) if ratings else None,
                "unit": "/ 5",
                "sequence": 62,
                "state": "ok" if ratings else "muted",
                "help": self._hypercare_satisfaction_help(ratings),
                "action": self._hypercare_ratings_action(),
            },
            {
                "key": "internal_resolution",
                "label": self.env._("Solved internally last week"),
                "value": value("internal_resolution", 0),
                "unit": "%",
                "sequence": 63,
                "state": state("internal_resolution"),
                "action": self._hypercare_list_action(
                    "hypercare_support.hypercare_floor_log_action",
                    [
                        ("date", ">=", fields.Datetime.to_string(last)),
                        ("date", "<", fields.Datetime.to_string(current)),
                    ],
                    self.env._(
                        "%(week)s · questions answered on the floor", week=last_week
                    ),
                ),
            },
        ]
        by_function = self._hypercare_adoption_by_function()
        no_function = self.env._("No function")
        res["charts"].append(
            {
                "key": "adoption_by_function",
                "title": self.env._("Last week per function: active users and pulse"),
                "sequence": 62,
                "type": "bar",
                "labels": [row[0] or no_function for row in by_function],
                "datasets": [
                    {
                        "label": self.env._("Active users (%)"),
                        "data": [
                            round(active * 100.0 / scope, 1) if scope else 0
                            for _f, scope, active, _p, _n in by_function
                        ],
                    },
                    {
                        # 1-5, on its own axis: on the shares' 0-100 it is flat
                        "label": self.env._("Pulse average"),
                        "data": [
                            round(pulse, 2) if pulse is not None else None
                            for _f, _s, _a, pulse, _n in by_function
                        ],
                        "type": "line",
                        "axis": "right",
                    },
                ],
                "right_max": 5,
                "actions": [
                    self._hypercare_activity_action(
                        last_monday,
                        f"{row[0] or no_function} · {last_week}",
                        [("business_function", "=", row[0] or False)],
                    )
                    for row in by_function
                ],
            }
        )
        weeks = self._hypercare_adoption_weekly()
        if not weeks:
            # not live yet: no week to chart (the dashboard says so)
            return res
        # as the dashboard's own charts: the week's Monday, the last so far
        labels = [
            format_date(self.env, w["week"], date_format="MMM d")
            + (self.env._(" (so far)") if index == len(weeks) - 1 else "")
            for index, w in enumerate(weeks)
        ]
        res["charts"] += [
            {
                "key": "active_users",
                "title": self.env._("Active users per week (%)"),
                "sequence": 60,
                "type": "bar",
                "labels": labels,
                "datasets": [
                    {
                        "label": self.env._("Active users (%)"),
                        "data": [w["active_pct"] for w in weeks],
                    }
                ],
                "actions": [
                    self._hypercare_activity_action(
                        w["week"], self._hypercare_week_label(w["week"])
                    )
                    for w in weeks
                ],
            },
            {
                "key": "pulse",
                "title": self.env._("Pulse per week"),
                "sequence": 61,
                "type": "line",
                "max": 5,
                "labels": labels,
                "datasets": [
                    {
                        "label": self.env._("Pulse average"),
                        # no answers that week: no point (not a zero)
                        "data": [w["pulse"] for w in weeks],
                    }
                ],
                "actions": [
                    self._hypercare_pulse_action(
                        w["week"], self._hypercare_week_label(w["week"])
                    )
                    for w in weeks
                ],
            },
        ]
        return res

    def _hypercare_week_label(self, monday):
        """ "week of Nov 23": the week of the local ``monday``."""
        return self.env._(
            "week of %(date)s",
            date=format_date(self.env, monday, date_format="MMM d"),
        )

    def _hypercare_activity_action(self, monday, label, domain=()):
        """The active users going live of the week of ``monday``: the daily
        activity record of that week (``domain`` narrows it)."""
        return self._hypercare_list_action(
            "hypercare_support.hypercare_user_activity_action",
            [
                ("date", ">=", fields.Date.to_string(monday)),
                ("date", "<", fields.Date.to_string(monday + timedelta(days=7))),
                *domain,
            ],
            self.env._("%(what)s · active users", what=label),
        )

    def _hypercare_pulse_action(self, monday, label):
        """The pulse answers of the week of ``monday``."""
        return self._hypercare_list_action(
            "hypercare_support.hypercare_pulse_action",
            [("week_start", "=", fields.Date.to_string(monday))],
            self.env._("%(what)s · pulse answers", what=label),
        )

    def _hypercare_satisfaction_help(self, ratings):
        text = self.env._("%(count)s ratings of resolved tickets", count=ratings)
        unrated = [
            self.env["ir.model"]._get(name).name
            for name in self._hypercare_ticket_models()
            if "rating_ids" not in self.env[name]._fields
        ]
        if unrated:
            text += " " + self.env._(
                "(not measured: %(carriers)s, no rating mechanism installed)",
                carriers=", ".join(unrated),
            )
        return text

    def _hypercare_ratings_action(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_rating_action"
        )
        action["name"] = self.env._(
            "%(name)s · ratings of resolved tickets", name=self.name
        )
        action["domain"] = [
            ("res_model", "=", "project.task"),
            ("parent_res_model", "=", "project.project"),
            ("parent_res_id", "=", self.project_id.id),
            ("consumed", "=", True),
        ]
        return action
