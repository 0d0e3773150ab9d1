/* global Chart */
import {
    Component,
    markup,
    onMounted,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { getColor } from "@web/core/colors/colors";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";

const NOTIFICATION = "hypercare_support/dashboard_changed";
const REFRESH_DELAY = 1500; // ms: a burst of ticket changes refreshes once

/**
 * One chart of the dashboard, drawn with the Chart.js the web client ships
 * (the graph view's bundle). A click on a point (a bar) opens its list.
 */
export class HypercareDashboardChart extends Component {
    static template = "hypercare_support.DashboardChart";
    static props = { chart: Object, onOpen: Function };

    setup() {
        this.canvasRef = useRef("canvas");
        onMounted(() => this.draw());
        onWillUnmount(() => this.chartJs?.destroy());
    }

    draw() {
        const spec = this.props.chart;
        const datasets = spec.datasets.map((dataset, index) => {
            const color = dataset.color || getColor(index, "light", spec.datasets.length);
            const type = dataset.type || spec.type;
            return {
                label: dataset.label,
                data: dataset.data,
                type,
                backgroundColor: type === "line" ? color : `${color}cc`,
                borderColor: color,
                borderWidth: 2,
                borderDash: dataset.dashed ? [6, 4] : [],
                pointRadius: dataset.dashed ? 0 : 3,
                fill: false,
                spanGaps: true,
                order: type === "line" ? 0 : 1,
                yAxisID: dataset.axis === "right" ? "y1" : "y",
            };
        });
        const scales = {
            // weeks in the middle of their slot, on bars and lines alike:
            // every chart shares one x axis
            x: { stacked: Boolean(spec.stacked), offset: true, ticks: { maxRotation: 60 } },
            y: {
                stacked: Boolean(spec.stacked),
                beginAtZero: true,
                suggestedMax: spec.max || undefined,
                ticks: { precision: 0 },
            },
        };
        if (spec.datasets.some((dataset) => dataset.axis === "right")) {
            // a second measure on its own scale (a 1-5 score beside shares)
            scales.y1 = {
                position: "right",
                beginAtZero: true,
                suggestedMax: spec.right_max || undefined,
                grid: { drawOnChartArea: false },
            };
        }
        this.chartJs = new Chart(this.canvasRef.el, {
            type: spec.type,
            data: { labels: spec.labels, datasets },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                interaction: { mode: "nearest", intersect: true },
                scales,
                plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
                onClick: (event, elements) => this.onClick(elements),
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        });
    }

    onClick(elements) {
        if (!elements.length) {
            return;
        }
        const { datasetIndex, index } = elements[0];
        const spec = this.props.chart;
        const action = spec.datasets[datasetIndex]?.actions?.[index] || spec.actions?.[index];
        if (action) {
            this.props.onOpen(action);
        }
    }
}

/**
 * The hypercare cockpit (client action ``hypercare_support.dashboard``):
 * one charter at a time, its tiles and charts from one read-only request,
 * refreshed when the bus says its tickets changed.
 */
export class HypercareDashboard extends Component {
    static template = "hypercare_support.Dashboard";
    static components = { HypercareDashboardChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.busService = useService("bus_service");
        const params = this.props.action?.params || {};
        this.state = useState({
            data: null,
            error: false,
            charterId: params.charter_id || this.props.state?.charterId || null,
            version: 0,
        });
        // back from a list through the breadcrumb: the same charter again
        useSetupAction({ getLocalState: () => ({ charterId: this.state.charterId }) });
        this.onNotification = ({ charter_id }) => {
            if (this.state.data && charter_id === this.state.data.charter.id) {
                this.scheduleRefresh();
            }
        };
        onWillStart(async () => {
            await Promise.all([loadBundle("web.chartjs_lib"), this.load()]);
        });
        onMounted(() => {
            this.busService.subscribe(NOTIFICATION, this.onNotification);
            this.busService.start();
        });
        onWillUnmount(() => {
            this.busService.unsubscribe(NOTIFICATION, this.onNotification);
            clearTimeout(this.refreshTimer);
        });
    }

    async load() {
        let data;
        try {
            data = await this.orm.call("hypercare.charter", "get_hypercare_dashboard_data", [], {
                charter_id: this.state.charterId || false,
            });
        } catch (error) {
            if (this.state.data) {
                throw error;
            }
            // nothing to show yet (a champion on no roster): say why, no crash
            this.state.error = error.data?.message || error.message;
            return;
        }
        this.state.error = false;
        this.state.data = data;
        this.state.charterId = data.charter.id;
        this.state.version++; // new canvases: the charts are drawn again
    }

    scheduleRefresh() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.load(), REFRESH_DELAY);
    }

    async onSwitchCharter(ev) {
        this.state.charterId = parseInt(ev.target.value, 10);
        await this.load();
    }

    tileClass(tile) {
        const state = { ok: "success", warning: "warning", danger: "danger" }[tile.state];
        return [
            "o_hypercare_tile card h-100",
            state ? `border-${state} o_hypercare_tile_${tile.state}` : "",
            tile.action ? "o_hypercare_tile_clickable" : "",
        ].join(" ");
    }

    async openAction(action) {
        if (action.hypercare_xml_id) {
            // a feature's action travels by reference: load it, then apply
            // what the tile or point sets (domain, context, name)
            const { hypercare_xml_id, hypercare_list_first, ...overrides } = action;
            const base = await this.actionService.loadAction(hypercare_xml_id);
            action = { ...base, ...overrides };
            if (hypercare_list_first && action.views) {
                // the tickets a tile counts: as a list first
                action.views = [
                    ...action.views.filter((view) => view[1] === "list"),
                    ...action.views.filter((view) => view[1] !== "list"),
                ];
            }
        }
        if (action.name) {
            // the breadcrumb shows display_name: the name of what was clicked
            action = { ...action, display_name: action.name };
        }
        if (typeof action.help === "string") {
            // the action's own help (sanitized HTML of ir.actions), as the
            // web client's /web/action/load gives it: rendered, not escaped
            action = { ...action, help: markup(action.help) };
        }
        return this.actionService.doAction(action);
    }

    /** A tile without a figure shows a dash, without its unit. */
    hasValue(tile) {
        return tile.value !== null && tile.value !== undefined && tile.value !== false;
    }

    tileTitle(tile) {
        return this.hasValue(tile) ? tile.help || "" : _t("Not enough data");
    }

    onTileClick(tile) {
        if (tile.action) {
            this.openAction(tile.action);
        }
    }

    async onOpenStandup() {
        const action = await this.orm.call("hypercare.charter", "action_open_standup", [
            [this.state.charterId],
        ]);
        await this.actionService.doAction(action, { onClose: () => this.load() });
    }

    get refreshLabel() {
        return _t("Refresh");
    }
}

registry.category("actions").add("hypercare_support.dashboard", HypercareDashboard);
