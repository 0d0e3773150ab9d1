import { contactFormStep, reportDialogStep } from "@hypercare_support/tours/hypercare_tour_steps";
import { registry } from "@web/core/registry";

const CONTACT = "Azure Interior Self-help";
const PAGE = "How to reprint a delivery slip";

registry.category("web_tour.tours").add("hypercare_self_help_tour", {
    steps: () => [
        contactFormStep(CONTACT),
        {
            content: "Report an issue from the top bar",
            trigger: ".o_hypercare_report_issue_systray button",
            run: "click",
        },
        reportDialogStep(CONTACT),
        {
            content: "No page is offered before anything is typed",
            trigger: ".modal .o_hypercare_report_issue:not(:has(.o_hypercare_self_help))",
        },
        {
            content: "The user types the question as the summary",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit I need to reprint the delivery slip",
        },
        {
            content: "...and moves on to what happened",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "click",
        },
        {
            content: "The matching page is shown",
            trigger: `.modal .o_hypercare_self_help_page:contains(${PAGE})`,
        },
        {
            content: "This solved it",
            trigger: `.modal .o_hypercare_self_help_page:contains(${PAGE}) .o_hypercare_solved`,
            run: "click",
        },
        {
            content: "The dialog is closed: back on the contact",
            trigger: "body:not(:has(.modal .o_hypercare_report_issue))",
        },
        contactFormStep(CONTACT),
    ],
});
