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

registry.category("web_tour.tours").add("hypercare_pulse_tour", {
    steps: () => [
        {
            // the landing action closes the dialogs open when it mounts:
            // the pulse is opened once it is there, as a user would
            content: "The first screen is shown",
            trigger: ".o_action_manager > *",
        },
        {
            content: "The weekly pulse waits in the systray",
            trigger: ".o_hypercare_pulse_systray button",
            run: "click",
        },
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
