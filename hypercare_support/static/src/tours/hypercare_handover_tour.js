import { registry } from "@web/core/registry";

const REASON = "Steering committee hands over to the service desk";

registry.category("web_tour.tours").add("hypercare_handover_tour", {
    steps: () => [
        {
            content: "Both matrices side by side",
            trigger: ".o_form_view .o_field_widget[name=bau_severity_ids] .o_data_row:contains(BAU P1)",
        },
        {
            content: "Close hypercare",
            trigger: ".o_form_view button[name=action_open_close_wizard]",
            run: "click",
        },
        {
            content: "The dialog names the BAU contact the tickets go to",
            trigger: ".modal .o_field_widget[name=bau_contact_id]:contains(Bob Bau)",
        },
        {
            content: "Not exit-ready: an override needs a reason",
            trigger: ".modal .o_field_widget[name=override_reason] textarea",
            run: `edit ${REASON}`,
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_close]",
            run: "click",
        },
        {
            content: "Closed at once: the handover runs in the background",
            trigger: ".o_form_view .o_hypercare_handover_running",
        },
        {
            content: "Nothing to finish while it runs",
            trigger: ".o_form_view:not(:has(.o_form_statusbar button:contains(Finish the handover)))",
        },
    ],
});
