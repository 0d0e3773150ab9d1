import re
from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..models.hypercare_ticket_alert import ALERT_NOTIFICATION
from ..models.hypercare_ticket_mixin import BOARD_ORDER
from .common import NOW, HypercareCase

HOUR = timedelta(hours=1)


@tagged("-at_install", "post_install")
class TestUsabilityWalk(HypercareCase):
    """Issue 29: a usability walk of the demo go-live, checked without a
    browser (the click flows are in test_tours_usability)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wall-clock P1 and P2: 1 h / 4 h and 2 h / 8 h
        cls._set_severity("critical", 1, 4)
        cls._set_severity("high", 2, 8)
        cls.Session = cls.env["hypercare.triage.session"]

    def _view_arch(self, record, user, view_type="form", view=None):
        views = record.with_user(user).get_views([(view and view.id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def _invisible(self, node, record):
        """Whether ``node`` (a button or field of a form) is hidden on
        ``record``, its expression evaluated on the record's values as the
        web client does."""
        expression = node.get("invisible")
        if not expression:
            return False
        values = {"uid": record.env.uid, "context": {}}
        for fname in set(re.findall(r"[a-z_][a-z0-9_]*", expression)):
            field = record._fields.get(fname)
            if not field:
                continue
            value = record[fname]
            if field.type == "many2one":
                value = value.id
            elif field.type in ("one2many", "many2many"):
                value = value.ids
            values[fname] = value
        return bool(safe_eval(expression, values))

    def _button(self, arch, name):
        [button] = arch.xpath(f"//header/button[@name='{name}']")
        return button

    def _report(self, user, **vals):
        values = {"name": "Billing run stopped", "description": "Nobody can invoice"}
        values.update(vals)
        with freeze_time(NOW):
            action = (
                self.env["hypercare.report.issue"]
                .with_user(user)
                .create(values)
                .action_submit()
            )
        return self.env[action["res_model"]].browse(action["res_id"])

    # -- 2: the board, most urgent first ---------------------------------------

    def test_board_most_urgent_first(self):
        """The only P1, breached and overdue, comes first, before the P4 and
        P3 reported after it; then severity, breached, nearest deadline."""
        created = {}
        for name, level, hours_ago in (
            ("P3 an hour ago", "medium", 1),
            ("P1 breached", "critical", 5),
            ("P2 later", "high", 0.5),
            ("P1 fresh", "critical", 0),
            ("P4 just now", "low", 0),
            ("P2 sooner", "high", 1.5),
        ):
            with freeze_time(NOW - hours_ago * HOUR):
                created[name] = self._create_ticket(level, name=name)
        with freeze_time(NOW):
            self._scan()
        self.assertTrue(created["P1 breached"].sla_breached)
        self.assertFalse(created["P1 fresh"].sla_breached)
        kanban = self.env.ref("hypercare_support.project_task_view_kanban_triage")
        arch = self._view_arch(
            self.env["project.task"], self.champion_user, "kanban", kanban
        )
        self.assertEqual(arch.get("default_order"), BOARD_ORDER)
        board = (
            self.env["project.task"]
            .with_user(self.champion_user)
            .search(
                [("hypercare_charter_id", "=", self.charter.id)],
                order=arch.get("default_order"),
            )
        )
        self.assertEqual(
            board.mapped("name"),
            [
                "P1 breached",
                "P1 fresh",
                "P2 sooner",
                "P2 later",
                "P3 an hour ago",
                "P4 just now",
            ],
        )
        # regraded: the rank follows the severity
        created["P4 just now"].severity_id = self.sev["critical"]
        self.assertEqual(created["P4 just now"].hypercare_severity_rank, 1)

    def test_board_order_reads_its_index(self):
        """The board's first page stays an index scan: no sort of the open
        tickets once the planner may not scan the table."""
        query = self.env["project.task"]._search(
            [("hypercare_charter_id", "!=", False), ("hypercare_is_open", "=", True)],
            limit=80,
            order=BOARD_ORDER,
        )
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_sort = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("project_task_hypercare_board_order_idx", plan)
        self.assertNotIn("Sort", plan)

    # -- 3: a floor question that became a ticket ----------------------------

    def test_floor_question_becomes_ticket_as_champion(self):
        """Chloe (Finance) answered a Warehouse question that is a scanner
        defect: the ticket keeps the function, the topic and the type, and
        gets the severity she sets in the same dialog."""
        with freeze_time(NOW):
            log = (
                self.env["hypercare.floor.log"]
                .with_user(self.champion_user)
                .create(
                    {
                        "charter_id": self.charter.id,
                        "topic": "Scanner does not read the new labels",
                        "business_function": "Warehouse",
                        "issue_type": "defect",
                        "minutes": 10,
                    }
                )
            )
            action = log.with_user(self.champion_user).action_became_ticket()
            form = Form(
                self.env["hypercare.report.issue"]
                .with_user(self.champion_user)
                .with_context(**action["context"])
            )
            self.assertEqual(form.name, "Scanner does not read the new labels")
            self.assertEqual(form.issue_type, "defect")
            self.assertNotEqual(form.impact, "question")
            self.assertEqual(form.function, "Warehouse")
            # no "ask a key user first": she is the key user
            self.assertFalse(form.champion_ids)
            self.assertEqual(form.severity_id, self.sev["medium"])
            form.severity_id = self.sev["high"]
            form.description = "Every label of the new supplier fails"
            wizard = form.save()
            result = wizard.action_submit()
        ticket = self.env["project.task"].browse(result["res_id"])
        self.assertEqual(ticket.business_function, "Warehouse")
        self.assertEqual(ticket.name, "Scanner does not read the new labels")
        self.assertEqual(ticket.issue_type, "defect")
        self.assertEqual(ticket.severity_id, self.sev["high"])
        self.assertEqual(log.ticket_id, ticket)
        self.assertEqual(log.outcome, "ticket")

    def test_floor_how_to_stays_a_question(self):
        with freeze_time(NOW):
            log = (
                self.env["hypercare.floor.log"]
                .with_user(self.champion_user)
                .create({"charter_id": self.charter.id, "topic": "Reverse an invoice"})
            )
        context = log.with_user(self.champion_user).action_became_ticket()["context"]
        self.assertEqual(context["default_issue_type"], "how_to")
        self.assertEqual(context["default_impact"], "question")

    def test_report_dialog_severity_only_from_the_floor(self):
        """A plain user's dialog sets no severity of its own: its impact
        decides, whatever severity the request carries."""
        ticket = self._report(
            self.user, impact="question", severity_id=self.sev["critical"].id
        )
        self.assertEqual(ticket.severity_id, self.sev["low"])

    # -- 5: a whole team stopped ---------------------------------------------

    def test_whole_team_stopped_is_critical(self):
        """A plain user (base.group_user only) says a business process is
        stopped: the ticket is critical and the critical alert goes out; the
        champions still acknowledge and triage it as usual."""
        self.assertFalse(
            self.user.has_group("hypercare_support.group_hypercare_champion")
        )
        ticket = self._report(self.user, impact="stopped")
        self.assertEqual(ticket.hypercare_impact, "stopped")
        self.assertEqual(ticket.severity_id, self.sev["critical"])
        self.assertTrue(ticket.hypercare_critical_alerted)
        alerts = self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "=", ticket.id),
                ("summary", "ilike", "Critical issue"),
            ]
        )
        self.assertIn(self.manager, alerts.user_id)
        self.assertFalse(ticket.date_acknowledged)
        self.assertFalse(ticket.date_triaged)

    # -- 7: the charter form, opened by a plain user -------------------------

    def test_charter_form_for_plain_user(self):
        with freeze_time(NOW):
            self.Session.with_user(self.champion_user).action_start()
        form = Form(self.charter.with_user(self.user))
        self.assertEqual(form.name, self.charter.name)
        arch = self._view_arch(self.charter, self.user)
        self.assertFalse(arch.xpath("//field[@name='triage_session_ids']"))
        self.assertFalse(arch.xpath("//page[@name='triage_sessions']"))
        # the champions keep the triage cadence
        arch = self._view_arch(self.charter, self.champion_user)
        self.assertTrue(arch.xpath("//page[@name='triage_sessions']"))
        self.assertEqual(
            len(self.charter.with_user(self.manager).triage_session_ids), 1
        )

    # -- 8: take it ----------------------------------------------------------

    def test_take_it_replaces_the_incident_lead(self):
        """A plain user's issue from a screen no routing knows goes to the
        incident lead; a champion without the Project group takes it from the
        form: the only assignee, the lead still following."""
        self.assertFalse(self.champion_user.has_group("project.group_project_user"))
        ticket = self._report(self.user, impact="workaround")
        self.assertEqual(ticket.user_ids, self.manager)
        mine = ticket.with_user(self.champion_user)
        arch = self._view_arch(mine, self.champion_user)
        take = self._button(arch, "action_hypercare_assign_me")
        self.assertFalse(self._invisible(take, mine))
        # not for the reporter (the staff form is not theirs anyway)
        self.assertTrue(self._invisible(take, ticket.with_user(self.user)))
        with freeze_time(NOW + HOUR):
            mine.action_hypercare_assign_me()
        self.assertEqual(ticket.user_ids, self.champion_user)
        self.assertIn(self.manager.partner_id, ticket.message_partner_ids)
        mine.invalidate_recordset()
        self.assertTrue(self._invisible(take, mine))
        # taking is no triage: no session started
        self.assertFalse(self.Session.search([("user_id", "=", self.champion_user.id)]))

    # -- 9: escalating starts no triage session ------------------------------

    def test_escalate_from_form_starts_no_session(self):
        ticket = self._create_ticket("high", name="Posting fails")
        mine = ticket.with_user(self.champion_user)
        with freeze_time(NOW):
            action = mine.with_context(
                hypercare_escalate_dialog=True
            ).action_hypercare_escalate()
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.champion_user)
                .with_context(**action["context"])
                .create({"reason": "Needs the functional lead"})
            )
            wizard.action_escalate()
        self.assertEqual(ticket.support_layer, "l2")
        self.assertFalse(
            self.Session.search([("user_id", "=", self.champion_user.id)]),
            "nobody started a triage",
        )
        self.assertFalse(
            self.Session.with_user(self.champion_user).get_triage_state()["running"]
        )
        # within a triage the champion started, the escalation is counted
        with freeze_time(NOW + HOUR):
            self.Session.with_user(self.champion_user).action_start()
            mine.action_hypercare_escalate("Needs the partner")
        session = self.Session.search([("user_id", "=", self.champion_user.id)])
        self.assertEqual(session.ticket_ids, ticket)
        # acknowledging still records a triage by itself (the board's flow)
        session.action_end()
        other = self._create_ticket("high", name="Label printer")
        other.with_user(self.champion_user).action_hypercare_acknowledge()
        self.assertEqual(
            self.Session.search(
                [("user_id", "=", self.champion_user.id), ("date_end", "=", False)]
            ).ticket_ids,
            other,
        )

    # -- 14: the ticket's header -----------------------------------------------

    def test_resolved_ticket_header(self):
        """Confirm triage is not offered on a resolved ticket, and the
        statusbar shows the folded Resolved stage."""
        ticket = self._create_ticket("high", name="Tax report")
        ticket.triage_decision = "fix"
        mine = ticket.with_user(self.champion_user)
        arch = self._view_arch(mine, self.champion_user)
        confirm = self._button(arch, "action_hypercare_triage")
        self.assertFalse(self._invisible(confirm, mine))
        self._resolve(ticket)
        mine.invalidate_recordset()
        self.assertEqual(ticket.hypercare_state, "done")
        self.assertTrue(self._invisible(confirm, mine))
        shown = [
            node
            for node in arch.xpath("//header/field[@name='stage_id']")
            if not self._invisible(node, mine)
        ]
        self.assertEqual(len(shown), 1)
        options = safe_eval(shown[0].get("options") or "{}")
        self.assertNotIn("fold_field", options)
        self.assertTrue(ticket.stage_id.fold, "Resolved is folded on the board")
        # a task outside hypercare keeps project's statusbar
        project = self.env["project.project"].create({"name": "Internal"})
        task = self.env["project.task"].create(
            {"name": "Not hypercare", "project_id": project.id}
        )
        shown = [
            node
            for node in arch.xpath("//header/field[@name='stage_id']")
            if not self._invisible(node, task)
        ]
        self.assertEqual(len(shown), 1)
        self.assertIn("fold_field", safe_eval(shown[0].get("options")))

    # -- 17: the critical alert's toast, the next step ------------------------

    def test_critical_alert_toast_opens_the_ticket(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("critical", business_function="Finance")
        values = self.env.cr.precommit.data.get("bus.bus.values", [])
        toasts = [v for v in values if ALERT_NOTIFICATION in v["message"]]
        self.assertEqual(len(toasts), 2, "the incident lead and the on-call champion")
        for toast in toasts:
            self.assertIn('"res_model":"project.task"', toast["message"])
            self.assertIn(f'"res_id":{ticket.id}', toast["message"])
        self.assertFalse([v for v in values if '"simple_notification"' in v["message"]])

    def test_next_step_full_width(self):
        """The workaround and the next step get the form's full width, not
        half a column that cut them off."""
        arch = self._view_arch(self.env["project.task"], self.champion_user)
        for fname in ("workaround", "next_step"):
            [node] = arch.xpath(f"//field[@name='{fname}']")
            group = node.getparent()
            self.assertEqual(group.get("name"), "hypercare_next")
            self.assertNotEqual(group.getparent().tag, "group")


@tagged("-at_install", "post_install")
class TestUsabilityWalkStaff(HypercareCase):
    """Take it, as the partner contact: staff without the Champion group."""

    def test_partner_contact_takes_it(self):
        partner = new_test_user(
            self.env, login="hc_walk_partner", groups="base.group_user"
        )
        self.charter.partner_contact_id = partner
        ticket = self._create_ticket("high", name="Interface down")
        ticket.user_ids = self.manager | self.champion_user
        ticket.with_user(partner).action_hypercare_assign_me()
        self.assertEqual(ticket.user_ids, partner)
        self.assertLessEqual(
            (self.manager | self.champion_user).partner_id, ticket.message_partner_ids
        )
