import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

// the dialog's values a "This is my problem too" ticket is made of
const ME_TOO_FIELDS = [
    "name",
    "description",
    "trying_to_do",
    "issue_type",
    "impact",
    "source_model",
    "source_res_id",
    "source_name",
    "source_action",
    "source_url",
];

/**
 * The open known issues matching the summary of the report dialog. "This is
 * my problem too" creates the user's ticket already linked to the known
 * issue (acknowledged at once) and opens it with the workaround.
 */
export class HypercareKnownIssuesField extends Component {
    static template = "hypercare_support.KnownIssuesField";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
    }

    get issues() {
        return this.props.record.data[this.props.name].records;
    }

    async meToo(issue) {
        const data = this.props.record.data;
        const values = {};
        for (const fname of ME_TOO_FIELDS) {
            if (fname in data && data[fname] !== false && data[fname] !== undefined) {
                values[fname] = data[fname];
            }
        }
        if (data.charter_id) {
            values.charter_id = data.charter_id.id;
        }
        const action = await this.orm.call(
            "hypercare.report.issue",
            "action_me_too",
            [[], issue.resId],
            { values }
        );
        await this.action.doAction(action);
    }
}

registry.category("fields").add("hypercare_known_issues", {
    component: HypercareKnownIssuesField,
    supportedTypes: ["many2many"],
    relatedFields: [
        { name: "display_name", type: "char" },
        { name: "workaround", type: "html" },
        { name: "affected_user_count", type: "integer" },
    ],
});
