import { Component, onWillUnmount } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { formatDateTime } from "@web/views/fields/formatters";

const { DateTime } = luxon;

const STATUS_CLASSES = {
    failed: "text-bg-danger",
    at_risk: "text-bg-warning",
    ongoing: "text-bg-light",
    met: "text-bg-success",
};

function formatDuration(minutes) {
    const days = Math.floor(minutes / (60 * 24));
    const hours = Math.floor((minutes % (60 * 24)) / 60);
    const mins = minutes % 60;
    if (days) {
        return `${days}d ${hours}h`;
    }
    if (hours) {
        return `${hours}h ${String(mins).padStart(2, "0")}m`;
    }
    return `${mins}m`;
}

/** Time left to the next SLA deadline, coloured by the SLA status. */
export class SlaCountdownField extends Component {
    static template = "hypercare_support.SlaCountdownField";
    static props = { ...standardFieldProps };

    setup() {
        this.tick = useService("hypercare_sla_tick");
        const unsubscribe = this.tick.subscribe(() => this.render());
        onWillUnmount(unsubscribe);
    }

    get deadline() {
        return this.props.record.data[this.props.name];
    }

    get minutesLeft() {
        return Math.round(this.deadline.diff(DateTime.now(), "minutes").minutes);
    }

    get label() {
        const left = this.minutesLeft;
        return left >= 0
            ? _t("%(time)s left", { time: formatDuration(left) })
            : _t("%(time)s overdue", { time: formatDuration(-left) });
    }

    get badgeClass() {
        let status = this.props.record.data.sla_status;
        if (this.minutesLeft < 0) {
            status = "failed";
        }
        return STATUS_CLASSES[status] || STATUS_CLASSES.ongoing;
    }

    get title() {
        return _t("Next SLA deadline: %(deadline)s", {
            deadline: formatDateTime(this.deadline),
        });
    }
}

export const slaCountdownField = {
    component: SlaCountdownField,
    displayName: _t("SLA countdown"),
    supportedTypes: ["datetime"],
    fieldDependencies: [{ name: "sla_status", type: "selection" }],
};

registry.category("fields").add("hypercare_sla_countdown", slaCountdownField);

/** One shared minute timer for every countdown on screen. */
export const slaTickService = {
    start() {
        const callbacks = new Set();
        browser.setInterval(() => callbacks.forEach((callback) => callback()), 60000);
        return {
            subscribe(callback) {
                callbacks.add(callback);
                return () => callbacks.delete(callback);
            },
        };
    },
};

registry.category("services").add("hypercare_sla_tick", slaTickService);
