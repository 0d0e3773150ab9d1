"""19.0.1.5.0: pause time kept in both units, and the BAU deadlines brought
up to date.

A ticket's pause totals (``sla_paused_hours``, ``sla_response_paused_hours``)
were credited in the unit of its row at the time: working hours for a
business-hours row, wall-clock hours otherwise. They are now wall-clock hours,
beside their working-hours twins (``sla_paused_business_hours``,
``sla_response_paused_business_hours``), and each deadline adds the pause in
its own row's unit (the BAU one included).

What exists is filled in this way: where the ticket's stage history
(the tracking of ``stage_id``) gives back pauses that add up to the stored
totals (in the unit of the ticket's row), both units are computed from those
pauses; elsewhere the stored totals are taken as they are for both units
(the deadlines of the ticket's own row stay where they were).

Then the running clocks of the open tickets are recomputed, BAU deadlines
included (those of a database upgraded to 19.0.1.2.0 were computed before
its BAU rows existed), and a BAU deadline left empty is filled; a clock that
stopped keeps its deadlines otherwise (met / failed is final).

An ``end`` script: it runs once every module is loaded, the helpdesk bridge's
tickets included."""

import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.hypercare_support.models.hypercare_ticket_mixin import CLOCKS

_logger = logging.getLogger(__name__)

BATCH = 1000
# how far (hours) the pauses read from the stage history may be from the
# stored total and still be taken for it
TOLERANCE = 0.05
UNITS = (
    "sla_paused_hours",
    "sla_paused_business_hours",
    "sla_response_paused_hours",
    "sla_response_paused_business_hours",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for model_name in env["hypercare.charter"]._hypercare_ticket_models():
        tickets = env[model_name].with_context(active_test=False)
        rebuilt = fill_pause_units(tickets)
        recomputed = recompute_open(tickets)
        filled = fill_missing_bau(tickets)
        _logger.info(
            "%s: pauses read from the stage history on %s ticket(s), running "
            "clocks of %s open ticket(s) recomputed, %s empty BAU deadline(s) "
            "filled",
            model_name,
            rebuilt,
            recomputed,
            filled,
        )


def fill_pause_units(tickets):
    """Fill both units of the pause totals; returns how many tickets got them
    from their stage history."""
    env = tickets.env
    env.flush_all()
    table = SQL.identifier(tickets._table)
    env.cr.execute(
        SQL(
            "UPDATE %(table)s SET "
            "sla_paused_hours = COALESCE(sla_paused_hours, 0), "
            "sla_response_paused_hours = COALESCE(sla_response_paused_hours, 0), "
            "sla_paused_business_hours = COALESCE(sla_paused_hours, 0), "
            "sla_response_paused_business_hours = "
            "COALESCE(sla_response_paused_hours, 0) "
            "WHERE hypercare_charter_id IS NOT NULL "
            "AND sla_paused_business_hours IS NULL "
            "RETURNING id, sla_paused_hours <> 0 OR sla_response_paused_hours <> 0",
            table=table,
        )
    )
    paused_ids = [ticket_id for ticket_id, paused in env.cr.fetchall() if paused]
    env.invalidate_all()
    values = pauses_from_history(tickets.browse(paused_ids))
    if values:
        ids = list(values)
        columns = list(zip(*(values[ticket_id] for ticket_id in ids), strict=True))
        env.cr.execute(
            SQL(
                "UPDATE %(table)s t SET sla_paused_hours = v.wall, "
                "sla_paused_business_hours = v.business, "
                "sla_response_paused_hours = v.response_wall, "
                "sla_response_paused_business_hours = v.response_business "
                "FROM unnest(%(ids)s::int[], %(wall)s::float[], %(business)s::float[], "
                "%(response_wall)s::float[], %(response_business)s::float[]) "
                "AS v(id, wall, business, response_wall, response_business) "
                "WHERE t.id = v.id",
                table=table,
                ids=ids,
                wall=list(columns[0]),
                business=list(columns[1]),
                response_wall=list(columns[2]),
                response_business=list(columns[3]),
            )
        )
        env.invalidate_all()
    return len(values)


def pauses_from_history(tickets):
    """``{ticket id: (wall, business, response wall, response business)}`` of
    the tickets whose stage history gives back their stored totals: the spans
    spent in a stage that pauses the SLA (its flag today), the response clock
    getting those before the first response."""
    stage_field = tickets._fields.get("stage_id")
    if not tickets or not stage_field:
        return {}
    Stage = tickets.env[stage_field.comodel_name].with_context(active_test=False)
    if "hypercare_pauses_sla" not in Stage._fields:
        return {}
    pausing = set(Stage.search([("hypercare_pauses_sla", "=", True)]).ids)
    field = tickets.env["ir.model.fields"]._get(tickets._name, "stage_id")
    tickets.env.cr.execute(
        SQL(
            "SELECT m.res_id, m.date, v.old_value_integer, v.new_value_integer "
            "FROM mail_tracking_value v "
            "JOIN mail_message m ON m.id = v.mail_message_id "
            "WHERE v.field_id = %s AND m.model = %s AND m.res_id = ANY(%s) "
            "ORDER BY m.res_id, m.date, m.id, v.id",
            field.id,
            tickets._name,
            tickets.ids,
        )
    )
    moves = defaultdict(list)
    for ticket_id, date, old, new in tickets.env.cr.fetchall():
        moves[ticket_id].append((date, old, new))
    spans = {
        ticket.id: pause_spans(ticket, moves[ticket.id], pausing)
        for ticket in tickets
        if moves.get(ticket.id) and ticket.date_reported
    }
    hours = pause_hours(tickets.filtered(lambda t: t.id in spans), spans)
    values = {}
    for ticket in tickets.filtered(lambda t: t.id in hours):
        (wall, business), (response_wall, response_business) = hours[ticket.id]
        # the stored totals were counted in the unit of the ticket's row
        business_row = bool(
            ticket.severity_id.business_hours_only
            and ticket.hypercare_charter_id._get_calendar()
        )
        stored = (ticket.sla_paused_hours, ticket.sla_response_paused_hours)
        rebuilt = (
            (business, response_business) if business_row else (wall, response_wall)
        )
        if all(
            abs(old - new) <= TOLERANCE
            for old, new in zip(stored, rebuilt, strict=True)
        ):
            values[ticket.id] = (wall, business, response_wall, response_business)
    return values


def pause_spans(ticket, history, pausing):
    """``(resolution spans, response spans)``: the ``(start, end)`` spans
    ``ticket`` spent in a stage of ``pausing`` by its stage ``history`` (date,
    old stage, new stage), those before its first response for the response
    clock. A pause still running is left out: it is credited when it ends."""
    entered = ticket.date_reported if history[0][1] in pausing else None
    spans = []
    for date, _old, new in history:
        if entered is None and new in pausing:
            entered = date
        elif entered is not None and new not in pausing:
            spans.append((entered, date))
            entered = None
    acknowledged = ticket.date_acknowledged
    response_spans = [
        (start, min(end, acknowledged) if acknowledged else end)
        for start, end in spans
        if not acknowledged or start < acknowledged
    ]
    return spans, response_spans


def pause_hours(tickets, spans):
    """``{ticket id: [[wall, business] of the resolution clock, the same of
    the response clock]}`` of the ``spans`` of ``pause_spans``: working hours
    of each charter's calendar, one computation per calendar."""
    hours = {ticket.id: [[0.0, 0.0], [0.0, 0.0]] for ticket in tickets}
    by_calendar = defaultdict(list)
    for ticket in tickets:
        calendar = ticket.hypercare_charter_id._get_calendar()
        for clock, clock_spans in enumerate(spans[ticket.id]):
            for start, end in clock_spans:
                wall = max((end - start).total_seconds(), 0.0) / 3600.0
                hours[ticket.id][clock][0] += wall
                if calendar:
                    by_calendar[calendar].append((ticket.id, clock, start, end))
                else:
                    hours[ticket.id][clock][1] += wall
    for calendar, rows in by_calendar.items():
        worked = calendar._hypercare_working_hours_between(
            [(start, end) for _id, _clock, start, end in rows]
        )
        for (ticket_id, clock, _start, _end), business in zip(
            rows, worked, strict=True
        ):
            hours[ticket_id][clock][1] += business
    return hours


def recompute_open(tickets):
    """Recompute the running clocks (BAU deadlines included) of the open
    tickets, in batches; returns their number."""
    env = tickets.env
    ids = tickets.search([("hypercare_is_open", "=", True)], order="id").ids
    for start in range(0, len(ids), BATCH):
        batch = tickets.browse(ids[start : start + BATCH])
        batch._sla_recompute_running()
        batch.flush_recordset()
        env.invalidate_all()
    return len(ids)


def fill_missing_bau(tickets):
    """Fill the BAU deadlines left empty (the BAU row of the ticket's level,
    else its own row), open or stopped clock alike: nothing else is
    written. Returns how many were filled."""
    env = tickets.env
    table = SQL.identifier(tickets._table)
    filled = 0
    for clock in CLOCKS:
        fname = f"bau_{clock}_deadline"
        ids = tickets.search(
            [
                ("hypercare_charter_id", "!=", False),
                ("severity_id", "!=", False),
                ("date_reported", "!=", False),
                (fname, "=", False),
            ],
            order="id",
        ).ids
        for start in range(0, len(ids), BATCH):
            batch = tickets.browse(ids[start : start + BATCH])
            planned = [
                (ticket.id, value)
                for ticket, planned_fname, value in batch._sla_planned(clock)
                if planned_fname == fname and value
            ]
            if planned:
                env.cr.execute(
                    SQL(
                        "UPDATE %(table)s t SET %(column)s = v.deadline "
                        "FROM unnest(%(ids)s::int[], %(deadlines)s::timestamp[]) "
                        "AS v(id, deadline) "
                        "WHERE t.id = v.id AND t.%(column)s IS NULL",
                        table=table,
                        column=SQL.identifier(fname),
                        ids=[ticket_id for ticket_id, _value in planned],
                        deadlines=[value for _ticket_id, value in planned],
                    )
                )
                filled += env.cr.rowcount
            env.invalidate_all()
    return filled
