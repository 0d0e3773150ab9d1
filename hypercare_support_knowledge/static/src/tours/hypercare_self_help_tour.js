import {
    contactFormStep,
    openReportDialogSteps,
    submitReportSteps,
} from "@hypercare_support/tours/hypercare_tour_steps";
import { registry } from "@web/core/registry";

const CONTACT = "Azure Interior Self-help";
const PAGE = "How to reprint a delivery slip";

registry.category("web_tour.tours").add("hypercare_self_help_tour", {
    steps: () => [
        ...openReportDialogSteps(CONTACT),
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

const QUESTION = "I need to reprint the delivery slip";
const WHAT_HAPPENED = "The driver lost it this morning";

registry.category("web_tour.tours").add("hypercare_self_help_keep_report_tour", {
    steps: () => [
        ...openReportDialogSteps(CONTACT),
        {
            content: "What happened, first",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: `edit ${WHAT_HAPPENED}`,
        },
        {
            content: "The user types the question, without leaving the field",
            trigger: ".modal .o_field_widget[name=name] input",
            run: `fill ${QUESTION}`,
        },
        {
            content: "The matching page appears while the summary still has the focus",
            trigger: `.modal .o_hypercare_self_help_page:contains(${PAGE})`,
        },
        {
            content: "The excerpt reads as text: no Question / Answer headings",
            trigger: `.modal .o_hypercare_self_help_page:contains(${PAGE}) .small:contains(Open the transfer):not(:contains(Question))`,
        },
        {
            content: "Open the page",
            trigger: `.modal .o_hypercare_self_help_title:contains(${PAGE})`,
            run: "click",
        },
        {
            content: "The page opens beside the report, with its title",
            trigger: `.modal .o_hypercare_page_preview .modal-title:contains(${PAGE})`,
        },
        {
            content: "...its content",
            trigger: ".modal .o_hypercare_page_preview_content:contains(Delivery Slip)",
        },
        {
            content: "Back to my report",
            trigger: ".modal .o_hypercare_back_to_report",
            run: "click",
        },
        {
            content: "The summary is kept",
            trigger: `.modal .o_hypercare_report_issue .o_field_widget[name=name] input:value(${QUESTION})`,
        },
        {
            content: "What happened is kept",
            trigger: `.modal .o_hypercare_report_issue .o_field_widget[name=description] textarea:value(${WHAT_HAPPENED})`,
        },
        ...submitReportSteps("The page did not answer it: report the issue"),
    ],
});
