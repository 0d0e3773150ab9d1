import { queryAll } from "@odoo/hoot-dom";
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
