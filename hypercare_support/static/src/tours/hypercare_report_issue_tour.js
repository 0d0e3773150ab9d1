import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const SUMMARY = "Cannot change the delivery address";
const CONTACT = "Azure Interior Tour";

registry.category("web_tour.tours").add("hypercare_report_issue_tour", {
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
            content: "Ask a key user first: the Finance champion is listed",
            trigger: ".modal .o_hypercare_ask_first .o_data_row:contains(Tour Champion)",
        },
        {
            content: "Summary",
            trigger: ".modal .o_field_widget[name=name] input",
            run: `edit ${SUMMARY}`,
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
            content: "Confirmation",
            trigger: ".o_form_view .o_hypercare_reported",
        },
        {
            content: "The ticket shows where it was raised from",
            trigger: `.o_form_view .o_hypercare_source_link:contains(${CONTACT})`,
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Hypercare",
            trigger: '.o_app[data-menu-xmlid="hypercare_support.hypercare_menu_root"]',
            run: "click",
        },
        {
            content: "My issues",
            trigger: '.o_nav_entry[data-menu-xmlid="hypercare_support.project_task_my_issue_menu"], .dropdown-item[data-menu-xmlid="hypercare_support.project_task_my_issue_menu"], .o_menu_sections [data-menu-xmlid="hypercare_support.project_task_my_issue_menu"]',
            run: "click",
        },
        {
            content: "The issue is listed with the contact linked",
            trigger: `.o_list_view .o_data_row:contains(${SUMMARY}) td[name=source_name]:contains(${CONTACT})`,
            run: "click",
        },
        {
            content: "Its form links the contact",
            trigger: `.o_form_view .o_hypercare_source_link:contains(${CONTACT})`,
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_triage_board_tour", {
    steps: () => [
        {
            content: "The ticket waits on the triage board",
            trigger: `.o_hypercare_triage_kanban .o_kanban_record:contains(${SUMMARY}) .o_hypercare_new`,
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
            content: "The card is triaged, in the Triaged column",
            trigger: `.o_kanban_group:has(.o_kanban_header:contains(Triaged)) .o_kanban_record:contains(${SUMMARY}) .o_hypercare_triaged`,
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_command_palette_tour", {
    steps: () => [
        {
            content: "The contact's form is open",
            trigger: `.o_form_view .o_field_widget[name=name]:contains(${CONTACT})`,
            run: "press ctrl+k",
        },
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
        {
            content: "The dialog opens on the contact",
            trigger: `.modal .o_hypercare_report_issue .o_field_widget[name=source_name]:contains(${CONTACT})`,
        },
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
