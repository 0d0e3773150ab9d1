import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The knowledge pages matching the summary of the report dialog. "This solved
 * it" records a self-help deflection and closes the dialog: no ticket.
 */
export class HypercareSelfHelpField extends Component {
    static template = "hypercare_support_knowledge.SelfHelpField";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
    }

    get pages() {
        return this.props.record.data[this.props.name].records;
    }

    async open(page) {
        await this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "document.page",
            res_id: page.resId,
            views: [[false, "form"]],
            target: "new",
            context: { create: false },
        });
    }

    async solved(page) {
        await this.orm.call(
            "hypercare.report.issue",
            "action_hypercare_self_help_solved",
            [page.resId],
            { query: this.props.record.data.name || "" }
        );
        this.notification.add(_t("Glad it helped: no issue was reported."), {
            type: "success",
        });
        await this.action.doAction({ type: "ir.actions.act_window_close" });
    }
}

registry.category("fields").add("hypercare_self_help", {
    component: HypercareSelfHelpField,
    supportedTypes: ["many2many"],
    relatedFields: [
        { name: "display_name", type: "char" },
        { name: "hypercare_snippet", type: "char" },
    ],
});
