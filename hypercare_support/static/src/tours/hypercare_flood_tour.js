import { registry } from "@web/core/registry";
import { searchMenuStep } from "./hypercare_tour_steps";

const ISSUE = "Vendor bill posting fails";
const BADGE = `.o_hypercare_known_issue_badge:contains(${ISSUE})`;

/** The flood is one card on the board, with its known issue's affected count. */
function oneCardSteps() {
    return [
        {
            content: "The flood is one card: its known issue and the people it affects",
            trigger: `.o_hypercare_triage_kanban .o_kanban_record ${BADGE}:contains(12 affected)`,
        },
        {
            content: "One card of the twelve reports, beside the other tickets",
            trigger: `.o_hypercare_triage_kanban:has(.o_kanban_record:contains(Printer offline)) ${BADGE}:count(1)`,
        },
    ];
}

/** The card's badge opens the known issue. */
function openKnownIssueSteps() {
    return [
        {
            content: "The badge opens the known issue",
            trigger: `.o_hypercare_triage_kanban ${BADGE}:first`,
            run: "click",
        },
        {
            content: "The known issue's form",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run() {
                if (this.anchor.value !== ISSUE) {
                    throw new Error(`the badge opened "${this.anchor.value}"`);
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("hypercare_flood_board_tour", {
    steps: () => [
        ...oneCardSteps(),
        searchMenuStep(),
        {
            content: "Show all reports",
            trigger: ".o_filter_menu .o_menu_item:contains(Show all reports)",
            run: "click",
        },
        searchMenuStep(),
        {
            content: "Every report of the flood",
            trigger: `.o_hypercare_triage_kanban ${BADGE}:count(12)`,
        },
        ...openKnownIssueSteps(),
        {
            content: "its twelve affected people",
            trigger: ".o_form_view .o_field_widget[name=affected_user_count]:contains(12)",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_flood_board_phone_tour", {
    steps: () => [...oneCardSteps(), ...openKnownIssueSteps()],
});

const WINDOW_TILE = ".o_hypercare_dashboard .o_hypercare_tile[data-key=hotfix_windows]";

/** The dashboard's tile: the next window, when, what it carries. */
function windowTileSteps() {
    return [
        {
            content: "The next hotfix window on the dashboard",
            trigger: `${WINDOW_TILE} .o_hypercare_tile_value:contains(Hotfix 1.0.1)`,
        },
        {
            content: "What it carries, with the people affected",
            trigger: `${WINDOW_TILE} .o_hypercare_tile_lines li:contains(${ISSUE}):contains(12 affected)`,
        },
        {
            content: "The tile opens the planned windows",
            trigger: WINDOW_TILE,
            run: "click",
        },
        {
            content: "The planned windows",
            trigger: ".o_list_view .o_data_row:contains(Hotfix 1.0.1)",
        },
    ];
}

registry.category("web_tour.tours").add("hypercare_flood_dashboard_tour", {
    steps: () => [
        ...windowTileSteps(),
        {
            content: "To the calendar",
            trigger: ".o_control_panel .o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The calendar opens on the window's week",
            trigger: ".o_calendar_view .fc-event:contains(Hotfix 1.0.1)",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_flood_dashboard_phone_tour", {
    steps: () => windowTileSteps(),
});
