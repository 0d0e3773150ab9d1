from odoo import Command, api, models

from odoo.addons.project.models.project_task import CLOSED_STATES

from .hypercare_ticket_handover import QUIET

DONE_STATE = "1_done"
CANCELLED_STATE = "1_canceled"
REOPEN_STATE = "01_in_progress"
# project's working-time statistics, one calendar computation per task
ELAPSED_FIELDS = (
    "working_hours_open",
    "working_hours_close",
    "working_days_open",
    "working_days_close",
)


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["hypercare.ticket.mixin", "project.task"]

    _hypercare_state_trigger_fields = ("state", "stage_id", "project_id", "active")
    _hypercare_action_xmlid = "hypercare_support.project_task_hypercare_action"
    _hypercare_my_issue_view_xmlid = "hypercare_support.project_task_view_form_my_issue"
    _hypercare_my_issue_action_xmlid = "hypercare_support.project_task_my_issue_action"
    _hypercare_carrier_group = "project.group_project_user"
    _hypercare_session_field = "ticket_ids"
    _hypercare_owner_field = "user_ids"
    _hypercare_open_filter = "open"

    @api.depends("project_id.hypercare_charter_id")
    def _compute_hypercare_charter_id(self):
        for task in self:
            task.hypercare_charter_id = task.project_id.hypercare_charter_id

    # not "stage_id.hypercare_pauses_sla": a stage's flag edit starts or ends
    # the pause of its tickets in batches (hypercare.stage.mixin)
    @api.depends("state", "stage_id", "active")
    def _compute_hypercare_state(self):
        for task in self:
            if task.state == DONE_STATE:
                task.hypercare_state = "done"
            elif task.state == CANCELLED_STATE or not task.active:
                task.hypercare_state = "cancelled"
            elif task.stage_id.hypercare_pauses_sla:
                task.hypercare_state = "paused"
            else:
                task.hypercare_state = "open"

    @api.model_create_multi
    def create(self, vals_list):
        # a hypercare ticket created in a resolving stage is resolved; other
        # tasks are left exactly as project makes them
        default_project = self.env.context.get("default_project_id")
        elapsed = [
            fname
            for fname in ELAPSED_FIELDS
            if fname in self._fields and self._fields[fname].store
        ]
        charters, created_now = {}, []
        for index, vals in enumerate(vals_list):
            project_id = vals.get("project_id", default_project)
            if project_id not in charters:
                charters[project_id] = self._hypercare_charter_from_values(
                    {"project_id": project_id}
                )
            if not charters[project_id]:
                continue
            if (
                vals.get("stage_id")
                and "state" not in vals
                and self._hypercare_resolving_stage(vals["stage_id"])
            ):
                vals["state"] = DONE_STATE
            # project's working time from creation to assignment and to close
            # spans from now to now for a ticket created now: 0. Project
            # would reach it with a calendar computation per ticket, half the
            # cost of raising a ticket on a business-hours calendar. Tickets
            # created with dates of their own (an import) are left to it.
            if elapsed and not {"date_assign", "date_end", "create_date"} & set(vals):
                created_now.append(index)
                for fname in elapsed:
                    vals.setdefault(fname, 0.0)
        tasks = super().create(vals_list)
        if created_now:
            # stored as given; project's compute would only confirm it
            now_tasks = tasks.browse([tasks[index].id for index in created_now])
            for fname in elapsed:
                self.env.remove_to_compute(self._fields[fname], now_tasks)
        return tasks

    def write(self, vals):
        if not vals.get("stage_id") or "state" in vals:
            return super().write(vals)
        hypercare = self._hypercare_tickets(vals)
        if not hypercare:
            return super().write(vals)  # not a hypercare ticket: nothing to do
        # on hypercare tickets, a resolving stage resolves and leaving one reopens
        if self._hypercare_resolving_stage(vals["stage_id"]):
            moved, moved_vals = hypercare, dict(vals, state=DONE_STATE)
        else:
            resolved = hypercare.sudo().filtered(
                lambda t: t.state == DONE_STATE and t.stage_id.hypercare_resolves
            )
            moved = self.browse(resolved.ids)
            moved_vals = dict(vals, state=REOPEN_STATE)
        if not moved:
            return super().write(vals)
        super(ProjectTask, moved).write(moved_vals)
        rest = self - moved
        return super(ProjectTask, rest).write(vals) if rest else True

    @api.model
    def _hypercare_resolving_stage(self, stage_id):
        stage = self.env["project.task.type"].sudo().browse(stage_id)
        stage.fetch(["hypercare_resolves"])
        return stage.hypercare_resolves

    @api.model
    def _hypercare_carries(self, charter):
        return bool(charter.project_id)

    @api.model
    def _hypercare_carrier_vals(self, charter):
        return {"project_id": charter.project_id.id}

    def _hypercare_owner(self):
        self.ensure_one()
        return self.user_ids[:1]

    def _hypercare_replace_owner(self, user):
        """Set-based, the previous assignees staying followers. A task nobody
        owned keeps no assignment date: project would compute its working
        hours to assignment one task at a time, calendar and all."""
        unassigned = self.filtered(lambda t: not t.user_ids)
        res = super(ProjectTask, self - unassigned)._hypercare_replace_owner(user)
        if unassigned:
            unassigned.with_context(**QUIET).write(
                {"user_ids": [Command.set(user.ids)], "date_assign": False}
            )
        return res

    def _hypercare_set_owner(self, user):
        self.ensure_one()
        self.user_ids = [Command.link(user.id)]

    @api.model
    def _hypercare_charter_from_values(self, values):
        # under sudo: whoever creates the task may not read the project's
        # charter; that field alone, so that no other field of the project
        # lands in the cache the acting user shares (and reads unchecked)
        project = self.env["project.project"].sudo().browse(values.get("project_id"))
        project.fetch(["hypercare_charter_id"])
        return project.hypercare_charter_id.with_env(self.env)

    def _hypercare_reopen(self):
        for task in self:
            stages = task.project_id.type_ids.filtered(
                lambda s: not (s.hypercare_resolves or s.hypercare_pauses_sla)
            ).sorted("sequence")
            if task.date_triaged and len(stages) > 1:
                stages = stages[1:]
            if stages:
                task.write({"stage_id": stages[0].id, "state": REOPEN_STATE})
            else:
                task.write({"state": REOPEN_STATE})

    def _hypercare_resolve(self):
        """Each project's first resolving stage (its state: done), one write
        per project. Project's working-time statistics of these tasks (hours
        and days to close) are left as they were: project computes them with a
        calendar computation per task, which would make fixing a flood of a
        thousand tickets take seconds."""
        elapsed = [
            self._fields[fname]
            for fname in ELAPSED_FIELDS
            if fname in self._fields and self._fields[fname].store
        ]
        for project in self.project_id:
            tasks = self.filtered(lambda t, p=project: t.project_id == p)
            stages = project.type_ids.filtered("hypercare_resolves")
            stage = stages.sorted("sequence")[:1]
            with self.env.protecting(elapsed, tasks):
                if stage:
                    tasks.write({"stage_id": stage.id})
                else:
                    tasks.write({"state": DONE_STATE})

    def _hypercare_after_triage(self):
        for task in self.filtered(lambda t: t.state not in CLOSED_STATES):
            stages = task.project_id.type_ids.sorted("sequence")
            if stages and task.stage_id == stages[:1] and len(stages) > 1:
                task.stage_id = stages[1]
