import { registry } from "@web/core/registry";
import {
    reportIssueSteps,
    triageOnBoardSteps,
} from "@hypercare_support/tours/hypercare_tour_steps";

const SUMMARY = "Helpdesk: cannot post the vendor bill";

registry.category("web_tour.tours").add("hypercare_helpdesk_triage_tour", {
    steps: () => [
        ...triageOnBoardSteps(SUMMARY, { from: "New", to: "In Progress" }),
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

registry.category("web_tour.tours").add("hypercare_helpdesk_report_tour", {
    steps: () =>
        reportIssueSteps(
            "Azure Interior Helpdesk Tour",
            "Helpdesk: cannot change the delivery address"
        ),
});
