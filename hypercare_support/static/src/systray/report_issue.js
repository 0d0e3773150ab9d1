import { Component } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { router } from "@web/core/browser/router";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

export const REPORT_ISSUE_ACTION = "hypercare_support.hypercare_report_issue_action";
const IGNORED_MODELS = ["hypercare.report.issue"];

/**
 * Where the user is: the current action's model, record and name, the app
 * and screen names and the address, as defaults for the report dialog.
 */
export function getReportContext(env) {
    const context = { default_source_url: browser.location.href };
    const controller = env.services.action.currentController;
    if (!controller) {
        return context;
    }
    const action = controller.action || {};
    const screen = [];
    const app = env.services.menu?.getCurrentApp?.();
    if (app?.name) {
        screen.push(app.name);
    }
    const actionName = action.display_name || action.name;
    if (actionName && actionName !== app?.name) {
        screen.push(actionName);
    }
    if (screen.length) {
        context.default_source_action = screen.join(" / ");
    }
    const resModel = controller.props?.resModel || action.res_model;
    if (!resModel || IGNORED_MODELS.includes(resModel)) {
        return context;
    }
    context.default_source_model = resModel;
    let resId = controller.currentState?.resId ?? controller.props?.resId;
    if (typeof resId !== "number" && router.current.model === resModel) {
        resId = router.current.resId;
    }
    if (typeof resId === "number" && resId > 0) {
        context.default_source_res_id = resId;
        if (controller.displayName) {
            context.default_source_name = String(controller.displayName);
        }
    }
    return context;
}

export function openReportIssue(env) {
    return env.services.action.doAction(REPORT_ISSUE_ACTION, {
        additionalContext: getReportContext(env),
    });
}

export class ReportIssueSystray extends Component {
    static template = "hypercare_support.ReportIssueSystray";
    static props = {};

    get title() {
        return _t("Report an issue");
    }

    onClick() {
        openReportIssue(this.env);
    }
}

registry
    .category("systray")
    .add("hypercare_support.ReportIssue", { Component: ReportIssueSystray }, { sequence: 30 });

registry.category("command_categories").add(
    "hypercare",
    { name: _t("Hypercare") },
    { sequence: 15 }
);

registry.category("command_provider").add("hypercare_report_issue", {
    provide: (env) => [
        {
            name: _t("Report an issue"),
            category: "hypercare",
            action: () => openReportIssue(env),
        },
    ],
});
