import { registry } from "@web/core/registry";
import { openReportDialogSteps, submitReportSteps } from "./hypercare_tour_steps";

const CONTACT = "Azure Interior Reporter";

// issue 29, item 4: the reporter's form and chatter while their issue is worked on
registry.category("web_tour.tours").add("hypercare_reporter_workaround_tour", {
    steps: () => [
        {
            content: "The workaround is on the reporter's form",
            trigger: ".o_form_view .o_hypercare_workaround_notice:contains(Post it from the journal entry)",
        },
        {
            content: "...with the next step, read-only",
            trigger: ".o_form_view .o_field_widget[name=next_step]:contains(The partner fixes the tax mapping):not(:has(input))",
        },
        {
            content: "The reporter was told of the workaround in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(you can work around it)",
        },
        {
            content: "...and of the acknowledgement",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(has seen your issue)",
        },
        {
            content: "The staff's internal note is not in front of the reporter",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Message:contains(Routing detail for the staff)))",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_reporter_reopen_tour", {
    steps: () => [
        {
            content: "Reopen",
            trigger: ".o_form_view .o_hypercare_reopen",
            run: "click",
        },
        {
            content: "The dialog asks what still goes wrong",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The second invoice fails the same way",
        },
        {
            content: "Reopen it",
            trigger: ".modal .o_hypercare_reopen_confirm",
            run: "click",
        },
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(The second invoice fails the same way)",
        },
    ],
});

// issue 29, item 15: the dialog names the go-live and lets the user choose
registry.category("web_tour.tours").add("hypercare_report_charter_tour", {
    steps: () => [
        ...openReportDialogSteps(CONTACT),
        {
            content: "The dialog names the newest go-live",
            trigger: ".modal .o_hypercare_report_charter input:value(Go-live Belgium wave 2), .modal .o_hypercare_report_charter:contains(Go-live Belgium wave 2)",
        },
        {
            content: "The user files to the first wave instead",
            trigger: ".modal .o_hypercare_report_charter input",
            run: "click",
        },
        {
            content: "Pick it",
            // on a phone the choices are a bottom sheet, outside the dialog
            trigger: "body .o_select_menu_item:contains(Go-live Belgium):not(:contains(wave 2))",
            run: "click",
        },
        {
            content: "Summary",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Cannot post the wave 1 invoice",
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "edit Posting shows an error",
        },
        ...submitReportSteps(),
    ],
});
