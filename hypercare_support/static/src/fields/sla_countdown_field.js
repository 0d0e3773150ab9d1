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

/**
 * Time left to an SLA deadline, coloured by the status of its clock.
 *
 * Options: ``status_field`` (default ``sla_status``) names the status shown,
 * ``done_field`` the event that stops the clock (nothing is counted down once
 * it is set), ``with_date`` also prints the deadline itself. A paused ticket
 * shows "Paused".
 */
export class SlaCountdownField extends Component {
    static template = "hypercare_support.SlaCountdownField";
    static props = {
        ...standardFieldProps,
        statusField: { type: String, optional: true },
        doneField: { type: String, optional: true },
        withDate: { type: Boolean, optional: true },
    };
    static defaultProps = { statusField: "sla_status" };

    setup() {
        this.tick = useService("hypercare_sla_tick");
        const unsubscribe = this.tick.subscribe(() => this.render());
        onWillUnmount(unsubscribe);
    }

    get data() {
        return this.props.record.data;
    }

    get deadline() {
        return this.data[this.props.name];
    }

    get isRunning() {
        return Boolean(this.deadline) && !(this.props.doneField && this.data[this.props.doneField]);
    }

    get isPaused() {
        return this.data.hypercare_state === "paused";
    }

    get minutesLeft() {
        return Math.round(this.deadline.diff(DateTime.now(), "minutes").minutes);
    }

    get label() {
        if (this.isPaused) {
            return _t("Paused");
        }
        const left = this.minutesLeft;
        return left >= 0
            ? _t("%(time)s left", { time: formatDuration(left) })
            : _t("%(time)s overdue", { time: formatDuration(-left) });
    }

    get badgeClass() {
        let status = this.data[this.props.statusField];
        if (this.isPaused) {
            status = "ongoing";
        } else if (this.minutesLeft < 0) {
            status = "failed";
        }
        return STATUS_CLASSES[status] || STATUS_CLASSES.ongoing;
    }

    get formattedDeadline() {
        return formatDateTime(this.deadline);
    }

    get title() {
        return _t("SLA deadline: %(deadline)s", { deadline: this.formattedDeadline });
    }
}

export const slaCountdownField = {
    component: SlaCountdownField,
    displayName: _t("SLA countdown"),
    supportedTypes: ["datetime"],
    supportedOptions: [
        { label: _t("Status field"), name: "status_field", type: "string" },
        { label: _t("Event that stops the clock"), name: "done_field", type: "string" },
        { label: _t("Show the deadline"), name: "with_date", type: "boolean" },
    ],
    extractProps: ({ options }) => ({
        statusField: options.status_field || "sla_status",
        doneField: options.done_field,
        withDate: Boolean(options.with_date),
    }),
    fieldDependencies: ({ options }) => [
        { name: options.status_field || "sla_status", type: "selection" },
        { name: "hypercare_state", type: "selection" },
        ...(options.done_field ? [{ name: options.done_field, type: "datetime" }] : []),
    ],
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
