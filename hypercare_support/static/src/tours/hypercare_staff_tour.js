import { registry } from "@web/core/registry";

// The charter's partner contact, a plain internal user (no Project nor
// hypercare group beyond every user's), works an L3 ticket from the board.
registry.category("web_tour.tours").add("hypercare_staff_partner_tour", {
    steps: () => [
        {
            content: "The partner contact sees the charter's board and opens the L3 ticket",
            trigger: ".o_kanban_record:contains(Tax report is wrong)",
            run: "click",
        },
        {
            content: "The ticket opens: no access error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view .o_field_widget[name=support_layer]",
        },
        {
            content: "Acknowledge it, as a champion would",
            trigger: ".o_form_view .o_form_statusbar button[name=action_hypercare_acknowledge]",
            run: "click",
        },
        {
            content: "Acknowledged",
            trigger: ".o_form_view:not(:has(.o_form_statusbar button[name=action_hypercare_acknowledge]))",
        },
        {
            // on a phone the statusbar keeps its first button and puts the
            // others under "More"
            content: "Escalate to the vendor (under More on a phone)",
            trigger:
                ".o_form_view .o_form_statusbar button[name=action_hypercare_escalate], " +
                ".o_form_view .o_statusbar_buttons button[title=More]",
            run: "click",
        },
        {
            content: "The escalate dialog, or the More menu's Escalate",
            trigger: ".modal .o_field_widget[name=reason], .o-dropdown--menu button[name=action_hypercare_escalate]",
            run: () => {
                const item = document.querySelector(
                    ".o-dropdown--menu button[name=action_hypercare_escalate]"
                );
                if (item) {
                    item.click();
                }
            },
        },
        {
            content: "The reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit A core fix from the vendor",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_escalate]",
            run: "click",
        },
        {
            content: "Escalated, no error",
            trigger:
                "body:not(:has(.modal)):not(:has(.o_error_dialog)) " +
                ".o_form_view:not(:has(.o_form_statusbar button[name=action_hypercare_escalate]))",
        },
    ],
});
