import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    contactFormStep,
    reportDialogStep,
    reportIssueSteps,
    sourceLinkStep,
    triageOnBoardSteps,
} from "./hypercare_tour_steps";

const SUMMARY = "Cannot change the delivery address";
const CONTACT = "Azure Interior Tour";
const MY_ISSUES = "hypercare_support.project_task_my_issue_menu";

registry.category("web_tour.tours").add("hypercare_report_issue_tour", {
    steps: () => [
        ...reportIssueSteps(CONTACT, SUMMARY, [
            {
                content: "Ask a key user first: the Finance champion is listed",
                trigger: ".modal .o_hypercare_ask_first .o_data_row:contains(Tour Champion)",
            },
        ]),
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Hypercare",
            trigger: '.o_app[data-menu-xmlid="hypercare_support.hypercare_menu_root"]',
            run: "click",
        },
        {
            content: "My issues",
            trigger: `.o_nav_entry[data-menu-xmlid="${MY_ISSUES}"], .dropdown-item[data-menu-xmlid="${MY_ISSUES}"], .o_menu_sections [data-menu-xmlid="${MY_ISSUES}"]`,
            run: "click",
        },
        {
            content: "The issue is listed with the contact linked",
            trigger: `.o_list_view .o_data_row:contains(${SUMMARY}) td[name=source_name]:contains(${CONTACT})`,
            run: "click",
        },
        sourceLinkStep(CONTACT),
    ],
});

registry.category("web_tour.tours").add("hypercare_triage_board_tour", {
    steps: () => triageOnBoardSteps(SUMMARY, { to: "Triaged" }),
});

registry.category("web_tour.tours").add("hypercare_command_palette_tour", {
    steps: () => [
        contactFormStep(CONTACT, "press ctrl+k"),
        {
            content: "Search the command",
            trigger: ".o_command_palette_search input",
            run: "edit Report an issue",
        },
        {
            content: "Run it",
            trigger: ".o_command_palette .o_command:contains(Report an issue)",
            run: "click",
        },
        reportDialogStep(CONTACT),
        {
            content: "Cancel",
            trigger: ".modal .o_form_button_cancel, .modal button[special=cancel]",
            run: "click",
        },
        {
            content: "Back on the contact",
            trigger: `body:not(:has(.modal)) .o_form_view .o_field_widget[name=name]:contains(${CONTACT})`,
        },
    ],
});
