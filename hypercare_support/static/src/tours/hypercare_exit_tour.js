import { registry } from "@web/core/registry";

const EVIDENCE = "KT sessions held, sign-off sheet in the project folder";
const REASON = "Steering committee accepts the open items";

registry.category("web_tour.tours").add("hypercare_exit_tour", {
    steps: () => [
        {
            content: "The manual criterion is not signed yet",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(Knowledge transfer complete), .o_form_view .o_field_widget[name=name] input",
        },
        {
            content: "Give the evidence",
            trigger: ".o_form_view .o_field_widget[name=evidence] textarea",
            run: `edit ${EVIDENCE}`,
        },
        {
            content: "Sign it",
            trigger: ".o_form_view button[name=action_sign]",
            run: "click",
        },
        {
            content: "Signed by the manager",
            trigger: ".o_form_view .o_field_widget[name=signed_by_id]:contains(Marc Manager)",
        },
        {
            content: "Back to the charter",
            trigger: ".o_form_view .o_field_widget[name=charter_id] a",
            run: "click",
        },
        {
            content: "Close hypercare",
            trigger: ".o_form_view button[name=action_open_close_wizard]",
            run: "click",
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
            content: "The charter shows the override",
            trigger: `.o_form_view .alert-warning:contains(${REASON})`,
        },
    ],
});
