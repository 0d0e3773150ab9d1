import { registry } from "@web/core/registry";

const SUMMARY = "Helpdesk: cannot post the vendor bill";

registry.category("web_tour.tours").add("hypercare_helpdesk_triage_tour", {
    steps: () => [
        {
            content: "The helpdesk ticket waits on the triage board, in New",
            trigger: `.o_hypercare_triage_kanban .o_kanban_group:has(.o_kanban_header:contains(New)) .o_kanban_record:contains(${SUMMARY}) .o_hypercare_new`,
        },
        {
            content: "Acknowledge it",
            trigger: `.o_kanban_record:contains(${SUMMARY}) .o_hypercare_acknowledge`,
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: `.o_kanban_record:contains(${SUMMARY}) .o_hypercare_acknowledged`,
        },
        {
            content: "Decide: fix",
            trigger: `.o_kanban_record:contains(${SUMMARY}) .o_hypercare_decision_fix`,
            run: "click",
        },
        {
            content: "Confirm the triage",
            trigger: `.o_kanban_record:contains(${SUMMARY}) .o_hypercare_triage`,
            run: "click",
        },
        {
            content: "The card is triaged, out of the inbox into In Progress",
            trigger: `.o_kanban_group:has(.o_kanban_header:contains(In Progress)) .o_kanban_record:contains(${SUMMARY}) .o_hypercare_triaged`,
        },
        {
            content: "Open the ticket",
            trigger: `.o_kanban_record:contains(${SUMMARY}) .o_hypercare_triaged`,
            run: "click",
        },
        {
            content: "Its Hypercare tab shows the first response met",
            trigger: ".o_form_view .o_notebook a:contains(Hypercare)",
            run: "click",
        },
        {
            content: "Response SLA met",
            trigger: ".o_form_view .o_field_widget[name=sla_response_status]:contains(Met)",
        },
    ],
});

const REPORTED = "Helpdesk: cannot change the delivery address";
const CONTACT = "Azure Interior Helpdesk Tour";

registry.category("web_tour.tours").add("hypercare_helpdesk_report_tour", {
    steps: () => [
        {
            content: "The contact's form is open",
            trigger: `.o_form_view .o_field_widget[name=name]:contains(${CONTACT})`,
        },
        {
            content: "Report an issue from the top bar",
            trigger: ".o_hypercare_report_issue_systray button",
            run: "click",
        },
        {
            content: "The dialog knows where the user is",
            trigger: `.modal .o_hypercare_report_issue .o_field_widget[name=source_name]:contains(${CONTACT})`,
        },
        {
            content: "Summary",
            trigger: ".modal .o_field_widget[name=name] input",
            run: `edit ${REPORTED}`,
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "edit Saving the address shows an error",
        },
        {
            content: "Submit",
            trigger: ".modal .o_hypercare_submit",
            run: "click",
        },
        {
            content: "Confirmation, on the helpdesk ticket's reporter form",
            trigger: ".o_form_view .o_hypercare_reported",
        },
        {
            content: "The ticket shows where it was raised from",
            trigger: `.o_form_view .o_hypercare_source_link:contains(${CONTACT})`,
        },
    ],
});
