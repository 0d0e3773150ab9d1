import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

/** The bus notification of a critical ticket (models/hypercare_ticket_alert.py). */
export const CRITICAL_ALERT = "hypercare_support/critical_alert";

/**
 * A critical ticket's alert: a sticky toast with a button that opens the
 * ticket (Odoo's simple_notification carries no link).
 */
export const hypercareCriticalAlertService = {
    dependencies: ["action", "bus_service", "notification"],
    start(env, { action, bus_service, notification }) {
        bus_service.subscribe(CRITICAL_ALERT, ({ title, message, res_model, res_id }) => {
            let close = () => {};
            const open = () => {
                close();
                action.doAction({
                    type: "ir.actions.act_window",
                    res_model,
                    res_id,
                    views: [[false, "form"]],
                    target: "current",
                });
            };
            close = notification.add(message, {
                title,
                type: "danger",
                sticky: true,
                className: "o_hypercare_critical_alert",
                buttons: [
                    {
                        name: _t("Open the ticket"),
                        icon: "fa-arrow-right",
                        primary: true,
                        onClick: open,
                    },
                ],
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("hypercare_critical_alert", hypercareCriticalAlertService);
