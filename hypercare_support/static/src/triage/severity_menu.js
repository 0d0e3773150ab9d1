import { Component, onWillStart } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { ViewButton } from "@web/views/view_button/view_button";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * Items of a kanban card's menu, one per severity of the ticket's own charter.
 * Choosing one calls the object method named by the ``action`` attribute with
 * the row's level (``action_hypercare_set_severity(level)`` on the board).
 */
export class HypercareSeverityMenu extends Component {
    static template = "hypercare_support.SeverityMenu";
    static components = { ViewButton };
    static props = { ...standardWidgetProps, action: String };

    setup() {
        this.orm = useService("orm");
        this.severities = [];
        onWillStart(() => this.loadSeverities());
    }

    async loadSeverities() {
        const charter = this.props.record.data.hypercare_charter_id;
        if (!charter) {
            return;
        }
        const rows = await this.orm.searchRead(
            "hypercare.severity",
            [["charter_id", "=", charter.id]],
            ["name", "level"]
        );
        // the action sets the charter's first row of a level: list that one
        const seen = new Set();
        this.severities = rows.filter((row) => {
            const first = !seen.has(row.level);
            seen.add(row.level);
            return first;
        });
    }

    clickParams(severity) {
        return {
            type: "object",
            name: this.props.action,
            args: JSON.stringify([severity.level]),
        };
    }
}

export const hypercareSeverityMenu = {
    component: HypercareSeverityMenu,
    extractProps: ({ attrs }) => ({ action: attrs.action }),
    fieldDependencies: [{ name: "hypercare_charter_id", type: "many2one" }],
    supportedAttributes: [
        {
            label: _t("Method"),
            name: "action",
            type: "string",
            help: _t("Object method called with the chosen severity's level"),
        },
    ],
};

registry.category("view_widgets").add("hypercare_severity_menu", hypercareSeverityMenu);
