import { Component, markup, onWillStart } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * A knowledge page read beside the report: a dialog over the report dialog,
 * which stays as the user left it underneath ("Back to my report"), with
 * "This solved it" and a link to open the page in a new browser tab.
 */
export class HypercarePagePreview extends Component {
    static template = "hypercare_support_knowledge.PagePreview";
    static components = { Dialog };
    static props = {
        pageId: Number,
        title: String,
        onSolved: Function,
        close: Function,
    };

    setup() {
        this.orm = useService("orm");
        onWillStart(async () => {
            const [page] = await this.orm.read("document.page", [this.props.pageId], ["content"]);
            // the page's content is sanitized HTML (an Html field)
            this.content = markup(page?.content || "");
        });
    }

    get url() {
        return `/odoo/document.page/${this.props.pageId}`;
    }

    async solved() {
        this.props.close();
        await this.props.onSolved();
    }
}

/**
 * The knowledge pages matching the summary of the report dialog. A title
 * opens the page beside the report (nothing typed is lost); "This solved it"
 * records a self-help deflection and closes the dialog: no ticket.
 */
export class HypercareSelfHelpField extends Component {
    static template = "hypercare_support_knowledge.SelfHelpField";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
    }

    get pages() {
        return this.props.record.data[this.props.name].records;
    }

    open(page) {
        this.dialog.add(HypercarePagePreview, {
            pageId: page.resId,
            title: page.data.display_name,
            onSolved: () => this.solved(page),
        });
    }

    async solved(page) {
        const data = this.props.record.data;
        await this.orm.call(
            "hypercare.report.issue",
            "action_hypercare_self_help_solved",
            [page.resId],
            { query: data.name || "", charter_id: data.charter_id?.id || false }
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
