import { registry } from "@web/core/registry";
import {
    clearFacetsSteps,
    dateSteps,
    fieldStep,
    filterAloneSteps,
    many2oneSteps,
    searchMenuStep,
    selectionSteps,
    triageOnBoardSteps,
} from "./hypercare_tour_steps";

/*
 * Issue 12: what a new user hit in the browser. The Python side
 * (tests/test_tours_usability.py) builds the data and checks what was saved.
 */

const CHAMPIONS = ".o_field_widget[name=champion_ids]";
const ROUTING = ".o_field_widget[name=function_mapping_ids]";
const SEVERITIES = ".o_field_widget[name=hypercare_severity_ids]";

function tabStep(label) {
    return {
        content: `Tab ${label}`,
        trigger: `.o_notebook .nav-link:contains(${label})`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("hypercare_charter_form_tour", {
    steps: () => [
        {
            content: "The charter's form",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Go-live Belgium, wave 1",
        },
        ...selectionSteps("platform", "Business Central"),
        ...dateSteps("go_live_date", "11/17/2026"),
        ...dateSteps("planned_end_date", "01/15/2027"),
        ...many2oneSteps("calendar_id", "Standard", "Standard 40 hours/week"),
        ...many2oneSteps("incident_lead_id", "Chloe", "Chloe Champion"),
        ...many2oneSteps("reporting_lead_id", "Chloe", "Chloe Champion"),
        ...many2oneSteps("adoption_lead_id", "Ursula", "Ursula User"),
        ...many2oneSteps("vendor_liaison_id", "Marc", "Marc Manager"),
        ...many2oneSteps("executive_sponsor_id", "Marc", "Marc Manager"),
        // the BAU contact crashed the form (issue 12, bug 1)
        ...many2oneSteps("bau_contact_id", "Chloe", "Chloe Champion"),
        fieldStep("baseline_weekly_volume", "14"),
        fieldStep("sla_target", "85"),
        fieldStep("reopen_days", "10"),
        // severity matrix: the P3's response time
        tabStep("Severity matrix"),
        {
            content: "Edit the P3 row",
            trigger: `${SEVERITIES} .o_data_row:contains(P3) td[name=response_hours]`,
            run: "click",
        },
        {
            content: "P3 responds within 3 hours",
            trigger: `${SEVERITIES} .o_selected_row .o_field_widget[name=response_hours] input`,
            run: "edit 03:00",
        },
        // the roster: change a line, add one
        tabStep("Champions"),
        {
            content: "Edit Chloe's phone",
            trigger: `${CHAMPIONS} .o_data_row:contains(Chloe Champion) td[name=phone]`,
            run: "click",
        },
        {
            content: "New phone number",
            trigger: `${CHAMPIONS} .o_selected_row .o_field_widget[name=phone] input`,
            run: "edit +32 2 555 99 88",
        },
        {
            content: "Chloe is off call",
            trigger: `${CHAMPIONS} .o_selected_row .o_field_widget[name=on_call] input`,
            run: "click",
        },
        {
            // a late onchange answer could put back what was being typed
            content: "Chloe's line keeps the new number",
            trigger: `${CHAMPIONS} .o_selected_row .o_field_widget[name=phone] input:value(+32 2 555 99 88)`,
        },
        {
            content: "Add a champion",
            trigger: `${CHAMPIONS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "Chloe's line was kept as edited",
            trigger: `${CHAMPIONS} .o_data_row:contains(Chloe Champion) td[name=phone]:contains(+32 2 555 99 88)`,
        },
        {
            content: "The new line is ready (its defaults are in)",
            trigger: `${CHAMPIONS} .o_selected_row .o_field_widget[name=support_layer] input:value(L1)`,
        },
        ...many2oneSteps("user_id", "Ursula", "Ursula User", `${CHAMPIONS} .o_selected_row`),
        fieldStep("function", "Sales", `${CHAMPIONS} .o_selected_row`),
        ...selectionSteps("support_layer", "L2 Leads", `${CHAMPIONS} .o_selected_row`),
        {
            content: "A local phone number",
            trigger: `${CHAMPIONS} .o_selected_row .o_field_widget[name=phone] input`,
            run: "edit 0470 12 34 56",
        },
        {
            content: "On call",
            trigger: `${CHAMPIONS} .o_selected_row .o_field_widget[name=on_call] input`,
            run: "click",
        },
        // routing: issues from contacts go to Sales
        tabStep("Issue routing"),
        {
            content: "Add a routing line",
            trigger: `${ROUTING} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        fieldStep("function", "Sales", `${ROUTING} .o_selected_row`),
        {
            content: "Screens: contacts",
            trigger: `${ROUTING} .o_selected_row .o_field_widget[name=model_ids] input`,
            run: "fill res.partner",
        },
        {
            content: "Pick Contact",
            trigger: `${ROUTING} .o_selected_row .o_field_widget[name=model_ids] .o-autocomplete--dropdown-item a:text(Contact)`,
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, with no error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view:has(.o_form_status_indicator_buttons.invisible)",
        },
        tabStep("Champions"),
        {
            content: "The roster shows both lines",
            trigger: `${CHAMPIONS} .o_data_row:contains(Ursula User):contains(Sales)`,
        },
        tabStep("Exit gate"),
        {
            content: "The BAU contact criterion is met once saved",
            trigger: ".o_field_widget[name=exit_criterion_ids] .o_data_row:contains(BAU support contact) .o_hypercare_criterion_value:contains(set)",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_first_close_tour", {
    steps: () => [
        {
            content: "New first close",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Nothing is ready before there is a checklist",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(In preparation)",
        },
        {
            content: "No Close completed on an empty form",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_close]))",
        },
        {
            content: "The charter is the running one",
            trigger: ".o_form_view .o_field_widget[name=charter_id] input:value(Go-live Belgium)",
        },
        ...dateSteps("period_end", "11/30/2026"),
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The platform's checklist came with it",
            trigger: ".o_field_widget[name=item_ids] .o_data_row:contains(Bank reconciliation)",
        },
        {
            content: "Seven lines, due after the period end",
            trigger: ".o_field_widget[name=item_ids] .o_data_row:count(7)",
        },
        {
            content: "The period end is still shown after the first save",
            trigger: ".o_form_view .o_field_widget[name=period_end]:contains(11/30/2026), .o_form_view .o_field_widget[name=period_end] button:contains(Nov 30)",
        },
    ],
});

const TICKETS = ["Alpha breached", "Bravo at risk", "Charlie new", "Delta resolved"];

registry.category("web_tour.tours").add("hypercare_filters_tour", {
    steps: () => [
        {
            content: "The tickets' list, open ones by default",
            trigger: ".o_list_view .o_data_row:contains(Alpha breached)",
        },
        ...clearFacetsSteps(),
        ...filterAloneSteps("Open", ["Alpha breached", "Bravo at risk", "Charlie new"], TICKETS),
        ...filterAloneSteps("Mine", ["Alpha breached"], TICKETS),
        ...filterAloneSteps("My function", ["Alpha breached", "Bravo at risk"], TICKETS),
        ...filterAloneSteps("New since my last triage", ["Charlie new"], TICKETS),
        ...filterAloneSteps("Reported by me", ["Bravo at risk"], TICKETS),
        ...filterAloneSteps("Not acknowledged", ["Alpha breached", "Charlie new"], TICKETS),
        ...filterAloneSteps("Breached", ["Alpha breached"], TICKETS),
        ...filterAloneSteps("At risk", ["Bravo at risk"], TICKETS),
    ],
});

registry.category("web_tour.tours").add("hypercare_at_risk_tour", {
    steps: () => [
        {
            content: "The charter counts one ticket at risk",
            trigger: ".o_form_view button[name=action_open_at_risk_tickets] .o_stat_value:text(1)",
        },
        {
            content: "The stand-up says the same",
            trigger: ".o_notebook .nav-link:contains(Stand-up)",
            run: "click",
        },
        {
            content: "At risk now: 1",
            trigger: ".o_field_widget[name=standup_html]:contains(at risk now: 1;)",
        },
        {
            content: "Open the tickets at risk",
            trigger: ".o_form_view button[name=action_open_at_risk_tickets]",
            run: "click",
        },
        {
            content: "The one ticket at risk, and not the breached one",
            trigger: ".o_kanban_view:has(.o_kanban_record:contains(Bravo at risk)):not(:has(.o_kanban_record:contains(Alpha breached)))",
        },
        {
            content: "To the board",
            trigger: ".o_menu_sections [data-menu-xmlid='hypercare_support.project_task_hypercare_menu']",
            run: "click",
        },
        {
            content: "The board",
            trigger: ".o_hypercare_triage_kanban .o_kanban_record:contains(Alpha breached)",
        },
        ...clearFacetsSteps(),
        searchMenuStep(),
        {
            content: "Filter: At risk",
            trigger: ".o_filter_menu .o_menu_item:contains(At risk)",
            run: "click",
        },
        searchMenuStep(),
        {
            content: "The board's At risk filter shows the same one ticket",
            trigger: ".o_action_manager:has(.o_searchview_facet:contains(At risk)) .o_hypercare_triage_kanban:has(.o_kanban_record:contains(Bravo at risk)):not(:has(.o_kanban_record:contains(Alpha breached))):not(:has(.o_kanban_record:contains(Charlie new)))",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_phone_triage_tour", {
    steps: () => [
        {
            content: "On a phone, Start triage is on screen, not in a menu",
            trigger: ".o_control_panel .o_hypercare_start_triage:visible",
            run: "click",
        },
        {
            content: "It says the triage started",
            trigger: ".o_notification:contains(Triage started)",
        },
        {
            content: "The button now ends it",
            trigger: ".o_control_panel .o_hypercare_end_triage:visible",
        },
        {
            content: "The card's menu is reachable: no badge over its toggle",
            trigger: ".o_kanban_record:contains(Charlie new) .o_dropdown_kanban .dropdown-toggle:visible",
        },
        ...triageOnBoardSteps("Charlie new", { to: "Triaged" }),
        {
            content: "End triage",
            trigger: ".o_control_panel .o_hypercare_end_triage:visible",
            run: "click",
        },
        {
            content: "It says what the session covered",
            trigger: ".o_notification:contains(Triage ended):contains(1 ticket(s) reviewed)",
        },
        {
            content: "Ready for the next one",
            trigger: ".o_control_panel .o_hypercare_start_triage:visible",
        },
    ],
});
