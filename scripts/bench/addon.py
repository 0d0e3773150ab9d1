"""What the benchmark takes from the module's code instead of repeating it:
the working-hours arithmetic, the status ranks, the ticket columns and the
indexes a what-if run applies.

The module's files are being reorganised (issue 11): names are looked up where
they are now, with a fallback to where they were, so the benchmark measures
both layouts.
"""

import sys

from .common import log

MODELS_PACKAGE = "odoo.addons.hypercare_support.models"

# Columns of the ticket mixin the loader writes, ahead of the ones only
# champions and the SLA engine set (the mixin's _hypercare_protected_fields).
TICKET_COLUMNS = (
    "hypercare_charter_id",
    "severity_id",
    "severity_level",
    "hypercare_state",
    "hypercare_is_open",
    "issue_type",
)

# Proposed changes the benchmark can apply to show their effect (--what-if):
# description, and the name of the ticket mixin's index that implements it.
WHAT_IF = {
    "board-index": (
        "index for the triage board's default order (severity rank, breached,"
        " next deadline, id desc)",
        "hypercare_board_order_idx",
    ),
    "exit-index": (
        "covering index for the exit-gate aggregate (index-only scan)",
        "hypercare_exit_cover_idx",
    ),
    "scan-notrack": (
        "scan under mail_notrack (no tracking message for the escalation write)",
        None,
    ),
    "scan-queue-mail": (
        "scan under mail_notify_force_send=False (digest e-mail queued, not sent"
        " at commit)",
        None,
    ),
    "no-cube": (
        "the triggers of the figures' cube disabled (what they cost the writes;"
        " the dashboard and the exit gate then read an empty cube)",
        None,
    ),
}


def models_global(name):
    """A module-level name of the module's models package (a constant or a
    function), whichever of its files defines or imports it."""
    prefix = MODELS_PACKAGE + "."
    for module_name in sorted(sys.modules):
        if module_name.startswith(prefix) and hasattr(sys.modules[module_name], name):
            return getattr(sys.modules[module_name], name)
    raise LookupError(f"{name} is not defined in {MODELS_PACKAGE}")


def add_working_hours(calendar, requests):
    """Working hours of ``calendar`` added to many ``(start, hours)`` at once: the
    method of ``resource.calendar``, or the module function it used to be."""
    method = getattr(calendar, "_hypercare_add_working_hours", None)
    if method is not None:
        return method(requests)
    return models_global("add_working_hours")(calendar, requests)


def status_rank():
    """Rank of the statuses an open clock moves through (the scan's order)."""
    return models_global("STATUS_RANK")


# computed from the severity level by the loader, where the module has them
OPTIONAL_TICKET_COLUMNS = ("hypercare_severity_rank",)


def ticket_columns(Task):
    """The mixin's columns the bulk loader fills."""
    optional = [fname for fname in OPTIONAL_TICKET_COLUMNS if fname in Task._fields]
    return [*TICKET_COLUMNS, *optional, *Task._hypercare_protected_fields]


def severity_rank(level):
    """The board's sort key of a severity level (the mixin's SEVERITY_RANK)."""
    try:
        return models_global("SEVERITY_RANK").get(
            level, models_global("NO_SEVERITY_RANK")
        )
    except LookupError:
        return None


def computed_columns(Task, columns):
    """The columns the ORM computes (and a user cannot set) among ``columns``."""
    return [
        fname
        for fname in columns
        if Task._fields[fname].compute and Task._fields[fname].readonly
    ]


def apply_what_if(env, name):
    """Apply a proposed change; an index is created from the ticket mixin's own
    definition (a no-op where the module already has it)."""
    description, index_name = WHAT_IF[name]
    log(f"WHAT-IF {name}: {description}")
    if name == "no-cube":
        env.cr.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE tgname LIKE '%%hypercare_cube%%'"
        )
        for table, trigger in env.cr.fetchall():
            env.cr.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')
        env.cr.commit()
    if not index_name:
        return
    from odoo.tools import sql

    Task = env["project.task"]
    index = next(
        (o for o in Task._table_objects.values() if o.name == index_name), None
    )
    if index is None:
        sys.exit(f"--what-if {name}: the module defines no index {index_name}")
    full_name = index.full_name(Task)
    if sql.index_exists(env.cr, full_name):
        log(f"  {full_name} is already in the module: nothing to apply")
        return
    index.apply_to_database(Task)
    env.cr.commit()
