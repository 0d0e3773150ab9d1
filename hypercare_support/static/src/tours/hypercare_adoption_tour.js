import { registry } from "@web/core/registry";
import { fieldStep } from "./hypercare_tour_steps";

const TOPIC = "How do I print a delivery slip?";

registry.category("web_tour.tours").add("hypercare_floor_log_phone_tour", {
    steps: () => [
        {
            content: "The quick floor-log form is open",
            trigger: ".o_form_view .o_hypercare_floor_log_form, .o_form_view:has(.o_field_widget[name=topic])",
        },
        fieldStep("topic", TOPIC),
        fieldStep("business_function", "Warehouse"),
        fieldStep("minutes", "3"),
        {
            content: "Answered on the spot",
            trigger: ".o_field_widget[name=outcome] input[data-value=answered]",
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
    ],
});

// the landing action closes the dialogs open when it mounts: the pulse is
// opened from the systray once the first screen is there, as a user would
const openPulseSteps = () => [
    {
        content: "The first screen is shown",
        trigger: ".o_action_manager > *",
    },
    {
        content: "The weekly pulse waits in the systray",
        trigger: ".o_hypercare_pulse_systray button",
        run: "click",
    },
];

registry.category("web_tour.tours").add("hypercare_pulse_tour", {
    steps: () => [
        ...openPulseSteps(),
        {
            content: "Fairly confident: 4",
            trigger: ".modal .o_hypercare_pulse_dialog .o_hypercare_pulse_score[data-score='4']",
            run: "click",
        },
        {
            content: "A comment",
            trigger: ".modal .o_hypercare_pulse_comment",
            run: "edit Invoices are fine, stock moves less so",
        },
        {
            content: "Send",
            trigger: ".modal .o_hypercare_pulse_send:enabled",
            run: "click",
        },
        {
            content: "Answered: the dialog and the systray entry are gone",
            trigger: "body:not(:has(.modal)):not(:has(.o_hypercare_pulse_systray))",
        },
    ],
});

const reloadStep = (content) => ({
    content,
    trigger: ".o_action_manager > *",
    run: () => window.location.reload(),
    expectUnloadPage: true,
});

registry.category("web_tour.tours").add("hypercare_pulse_dismiss_tour", {
    steps: () => [
        ...openPulseSteps(),
        {
            content: "Not now",
            trigger: ".modal .o_hypercare_pulse_dialog .o_hypercare_pulse_dismiss",
            run: "click",
        },
        {
            content: "Put off: the dialog and the systray entry are gone",
            trigger: "body:not(:has(.modal)):not(:has(.o_hypercare_pulse_systray))",
        },
        reloadStep("Reload once"),
        reloadStep("The web client is back: reload again"),
        {
            content: "The web client is back, still without the pulse this week",
            trigger: "body:not(:has(.o_hypercare_pulse_systray)) .o_main_navbar",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_pulse_after_tour", {
    steps: () => [
        {
            content: "Logged in again: the web client starts, no pulse this week",
            trigger: "body:not(:has(.o_hypercare_pulse_systray)) .o_main_navbar",
        },
        {
            content: "The first screen is shown, no error",
            trigger: "body:not(:has(.o_error_dialog)) .o_action_manager > *",
        },
    ],
});
