import { queryAll } from "@odoo/hoot-dom";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/*
 * Issue 29: a usability walk of the demo go-live. The Python side
 * (tests/test_tours_walk.py) builds the data and checks what was saved.
 */

const NEW_COLUMN = ".o_kanban_group:has(.o_kanban_header:contains(New))";

registry.category("web_tour.tours").add("hypercare_board_urgency_tour", {
    steps: () => [
        {
            content: "The board's New column is loaded",
            trigger: `${NEW_COLUMN} .o_kanban_record:contains(Charlie new)`,
        },
        {
            content: "The P1, breached, is the first card of New, marked critical",
            trigger: `${NEW_COLUMN} .o_kanban_record:contains(Alpha breached) .o_hypercare_critical:visible`,
            run() {
                const cards = queryAll(`${NEW_COLUMN} .o_kanban_record`);
                const first = cards[0]?.textContent || "";
                if (!first.includes("Alpha breached")) {
                    throw new Error(`The first card of New is not the P1: ${first}`);
                }
            },
        },
    ],
});

const STATUSBAR = ".o_form_view .o_form_statusbar";

registry.category("web_tour.tours").add("hypercare_ticket_header_tour", {
    steps: () => [
        {
            content: "The open ticket: Resolved is a stage of its statusbar, not behind …",
            trigger: `${STATUSBAR} .o_statusbar_status button.o_arrow_button[data-value]:contains(Resolved):visible`,
        },
        {
            content: "Take it",
            trigger: `${STATUSBAR} button[name=action_hypercare_assign_me]`,
            run: "click",
        },
        {
            content: "Taken: the button is gone, Chloe is the assignee",
            trigger: `.o_form_view:not(:has(${STATUSBAR} button[name=action_hypercare_assign_me])) .o_field_widget[name=user_ids]:contains(Chloe)`,
        },
        {
            content: "Resolve it from the statusbar",
            trigger: `${STATUSBAR} .o_statusbar_status button[data-value]:contains(Resolved)`,
            run: "click",
        },
        {
            content: "Resolved: no Confirm triage on it",
            trigger: ".o_form_view:has(.o_form_statusbar .o_arrow_button_current:contains(Resolved)):not(:has(.o_form_statusbar button[name=action_hypercare_triage]))",
        },
    ],
});

function callKw(model, method, args, kwargs = {}) {
    return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
}

/** A critical Finance ticket arrives while the champion is on the board. */
async function raiseCritical() {
    const [charter] = await callKw("hypercare.charter", "search_read", [
        [["name", "=", "Go-live Belgium"]],
        ["project_id"],
    ]);
    const [critical] = await callKw("hypercare.severity", "search_read", [
        [
            ["charter_id", "=", charter.id],
            ["level", "=", "critical"],
            ["phase", "=", "hypercare"],
        ],
        ["id"],
    ]);
    await callKw("project.task", "create", [
        {
            name: "Payroll run stopped",
            project_id: charter.project_id[0],
            severity_id: critical.id,
            business_function: "Finance",
        },
    ]);
}

registry.category("web_tour.tours").add("hypercare_critical_toast_tour", {
    steps: () => [
        {
            content: "On the board, a critical ticket is raised",
            trigger: ".o_hypercare_triage_kanban .o_kanban_record:contains(Alpha breached)",
            run: raiseCritical,
        },
        {
            content: "The critical alert's toast offers to open the ticket",
            trigger: ".o_notification.o_hypercare_critical_alert:contains(Payroll run stopped) .o_notification_buttons button",
            timeout: 20000,
            run: "click",
        },
        {
            content: "The ticket is open, the toast gone",
            trigger: "body:not(:has(.o_hypercare_critical_alert:contains(Payroll run stopped))) .o_form_view .o_field_widget[name=name] textarea:value(Payroll run stopped)",
        },
    ],
});
