import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

// what a measured value is, per criterion kind (unknown kinds: a number)
const COUNTS = new Set(["open_critical", "open_high", "volume_baseline"]);
const TRENDS = new Set(["incoming_trend", "howto_trend"]);
const PERCENTS = new Set(["sla_critical_high", "internal_resolution", "active_users"]);
// measured on the last full week (Monday to Sunday before this one)
const LAST_WEEK = new Set([
    "incoming_trend",
    "volume_baseline",
    "internal_resolution",
    "howto_trend",
    "active_users",
    "pulse",
]);

/** An exit criterion's measured value in its own unit: "2", "+3", "83.3 %",
 * "2 weeks", "done", "signed", with the week it was measured on. */
export class CriterionValueField extends Component {
    static template = "hypercare_support.CriterionValueField";
    static props = { ...standardFieldProps };

    get kind() {
        return this.props.record.data.kind;
    }

    get value() {
        return this.props.record.data[this.props.name] || 0;
    }

    get text() {
        const value = this.value;
        const kind = this.kind;
        const number = (digits) => formatFloat(value, { digits: [16, digits], trailingZeros: false });
        if (this.props.record.data.measurable === false) {
            return _t("not measurable yet");
        }
        if (this.props.record.data.not_enough_data) {
            return _t("not enough data");
        }
        if (kind === "manual") {
            return value ? _t("signed") : _t("not signed");
        }
        if (kind === "first_close") {
            return value ? _t("done") : _t("not yet");
        }
        if (kind === "bau_contact") {
            return value ? _t("set") : _t("not set");
        }
        if (COUNTS.has(kind)) {
            return number(0);
        }
        if (TRENDS.has(kind)) {
            return value > 0 ? `+${number(0)}` : number(0);
        }
        if (PERCENTS.has(kind)) {
            return `${number(1)} %`;
        }
        if (kind === "sustained_sla") {
            return value === 1 ? _t("1 week") : _t("%(weeks)s weeks", { weeks: number(0) });
        }
        return number(1);
    }

    get period() {
        if (!LAST_WEEK.has(this.kind) || this.props.record.data.measurable === false) {
            return "";
        }
        return TRENDS.has(this.kind)
            ? _t("last full week vs the week before")
            : _t("last full week");
    }
}

export const criterionValueField = {
    component: CriterionValueField,
    displayName: _t("Exit criterion value"),
    supportedTypes: ["float"],
    fieldDependencies: [
        { name: "kind", type: "selection" },
        { name: "not_enough_data", type: "boolean" },
        { name: "measurable", type: "boolean" },
    ],
};

registry.category("fields").add("hypercare_criterion_value", criterionValueField);
