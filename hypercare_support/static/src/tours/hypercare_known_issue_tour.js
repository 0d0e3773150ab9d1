import { registry } from "@web/core/registry";
import { openReportDialogSteps } from "./hypercare_tour_steps";

const CONTACT = "Known Issue Tour Contact";

registry.category("web_tour.tours").add("hypercare_known_issue_tour", {
    steps: () => [
        ...openReportDialogSteps(CONTACT),
        {
            content: "Summary",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit cannot post the vendor bill",
        },
        {
            content: "Leave the summary: the dialog looks for known issues",
            trigger: ".modal .o_field_widget[name=issue_type] select, .modal .o_field_widget[name=trying_to_do] textarea",
            run: "click",
        },
        {
            content: "The open known issue is offered",
            trigger: ".modal .o_hypercare_known_issue_name:contains(Vendor bill posting fails)",
        },
        {
            content: "with its workaround",
            trigger: ".modal .o_hypercare_known_issue_workaround:contains(journal entry)",
        },
        {
            content: "This is my problem too",
            trigger: ".modal .o_hypercare_known_issue .o_hypercare_me_too",
            run: "click",
        },
        {
            content: "My issue, linked to the known issue, with the workaround",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_hypercare_known_issue_notice:contains(journal entry)",
        },
    ],
});
