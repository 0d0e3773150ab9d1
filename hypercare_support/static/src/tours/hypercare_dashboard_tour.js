import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/*
 * Issue 16: the champion's landing page. The Python side
 * (tests/test_tours_dashboard.py) builds two breached tickets among others.
 */

function chartsDrawn() {
    const canvases = [...document.querySelectorAll(".o_hypercare_chart canvas")];
    if (canvases.length < 4) {
        throw new Error(`expected at least 4 charts, found ${canvases.length}`);
    }
    for (const canvas of canvases) {
        const { width, height } = canvas;
        const pixels = width && height && canvas.getContext("2d").getImageData(0, 0, width, height).data;
        if (!pixels || !pixels.some((value, index) => index % 4 === 3 && value)) {
            throw new Error(`chart ${canvas.closest(".o_hypercare_chart").dataset.key} is blank`);
        }
    }
}

function tilesFilled() {
    const values = [...document.querySelectorAll(".o_hypercare_tile .o_hypercare_tile_value")];
    if (values.length < 10 || values.some((el) => !el.textContent.trim())) {
        throw new Error("a tile of the dashboard is empty");
    }
}

function callKw(model, method, args, kwargs = {}) {
    return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
}

/** A user's issue arrives while the dashboard is open. */
async function reportIssue() {
    const [charter] = await callKw("hypercare.charter", "search_read", [
        [["name", "=", "Go-live Belgium"]],
        ["project_id"],
    ]);
    await callKw("project.task", "create", [
        { name: "Arrived while watching", project_id: charter.project_id[0] },
    ]);
}

function onlyBreached() {
    const names = [...document.querySelectorAll(".o_list_view .o_data_row [name=name]")].map(
        (el) => el.textContent.trim()
    );
    if (names.length !== 2 || names.some((name) => !name.startsWith("BREACHED"))) {
        throw new Error(`the breached tile opened: ${names.join(", ")}`);
    }
}

registry.category("web_tour.tours").add("hypercare_dashboard_tour", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Hypercare app",
            trigger: ".o-dropdown-item:contains(Hypercare)",
            run: "click",
        },
        {
            content: "It lands on the dashboard, breached tile filled",
            trigger: ".o_hypercare_dashboard .o_hypercare_tile[data-key=breached] .o_hypercare_tile_value:contains(2)",
        },
        {
            content: "Two new since the last stand-up; a user reports an issue",
            trigger: ".o_hypercare_tile[data-key=new] .o_hypercare_tile_value:contains(2)",
            run: reportIssue,
        },
        {
            content: "The bus refreshes the dashboard without a reload",
            trigger: ".o_hypercare_tile[data-key=new] .o_hypercare_tile_value:contains(3)",
            timeout: 20000,
        },
        {
            content: "Every tile is filled",
            trigger: ".o_hypercare_dashboard .o_hypercare_tile[data-key=exit_criteria]",
            run: tilesFilled,
        },
        {
            content: "Every chart is drawn",
            trigger: ".o_hypercare_chart[data-key=burn_down] canvas",
            run: chartsDrawn,
        },
        {
            content: "Open the breached tickets",
            trigger: ".o_hypercare_tile[data-key=breached]",
            run: "click",
        },
        {
            content: "The list of breached tickets",
            trigger: ".o_list_view .o_data_row [name=name]:contains(BREACHED)",
        },
        {
            content: "Exactly the breached open tickets",
            trigger: ".o_list_view .o_data_row",
            run: onlyBreached,
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "The dashboard again: open the stand-up",
            trigger: ".o_hypercare_dashboard .o_hypercare_open_standup",
            run: "click",
        },
        {
            content: "The stand-up names the breached tickets, with its e-mail and PDF",
            trigger: ".modal .o_hypercare_standup:contains(BREACHED payroll stopped)",
        },
        {
            content: "The champion sends it by e-mail",
            trigger: ".modal button[name=action_send_standup]",
            run: "click",
        },
        {
            content: "Back on the dashboard",
            trigger: "body:not(:has(.modal)) .o_hypercare_dashboard .o_hypercare_tile[data-key=new]",
        },
    ],
});

function phoneLayout() {
    const tiles = [...document.querySelectorAll(".o_hypercare_tile")];
    const width = document.querySelector(".o_hypercare_tiles").clientWidth;
    // stacked: one tile a row, the row's whole width
    if (!tiles.length || tiles.some((tile) => tile.offsetWidth < width * 0.9)) {
        throw new Error("the tiles do not stack on a phone");
    }
    chartsDrawn();
    for (const canvas of document.querySelectorAll(".o_hypercare_chart canvas")) {
        if (canvas.clientWidth < 300 || canvas.clientHeight < 200) {
            throw new Error(`chart too small on a phone: ${canvas.clientWidth}x${canvas.clientHeight}`);
        }
    }
}

registry.category("web_tour.tours").add("hypercare_dashboard_phone_tour", {
    steps: () => [
        {
            content: "The dashboard on a phone",
            trigger: ".o_hypercare_dashboard .o_hypercare_tile[data-key=breached] .o_hypercare_tile_value:contains(2)",
        },
        {
            content: "Tiles stack, charts drawn and legible",
            trigger: ".o_hypercare_chart[data-key=burn_down] canvas",
            run: phoneLayout,
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_dashboard_empty_tour", {
    steps: () => [
        {
            content: "A champion on no roster is told why the dashboard is empty",
            trigger: ".o_hypercare_dashboard_empty:contains(champions of a charter)",
        },
    ],
});

/** The tile shows a dash for "no figure", never a bare unit. */
function noBareUnit() {
    const value = document.querySelector(
        ".o_hypercare_tile[data-key=active_users] .o_hypercare_tile_value"
    );
    const text = value.textContent.trim();
    if (text !== "—") {
        throw new Error(`a tile without data shows "${text}"`);
    }
}

/** The exit criteria tile opens the required criteria its figure counts. */
function requiredCriteriaListed() {
    const title = document.querySelector(".o_breadcrumb .active").textContent;
    const match = title.match(/\((\d+) of (\d+) met\)/);
    const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
    if (!match || Number(match[2]) !== rows) {
        throw new Error(`"${title}" lists ${rows} criteria`);
    }
}

/** An empty list shows its help rendered, not as HTML source. */
function helpRendered() {
    const text = document.querySelector(".o_action_manager").textContent;
    if (text.includes("<p") || text.includes("o_view_nocontent")) {
        throw new Error("the list's help shows as raw HTML");
    }
}

registry.category("web_tour.tours").add("hypercare_dashboard_drilldown_tour", {
    steps: () => [
        {
            content: "The dashboard is drawn",
            trigger: ".o_hypercare_dashboard .o_hypercare_tile[data-key=breached] .o_hypercare_tile_value:contains(2)",
        },
        {
            content: "Nobody in scope: the active users tile says so, without a bare %",
            trigger: ".o_hypercare_tile[data-key=active_users] .o_hypercare_tile_no_data",
            run: noBareUnit,
        },
        {
            content: "Open the exit criteria",
            trigger: ".o_hypercare_tile[data-key=exit_criteria]",
            run: "click",
        },
        {
            content: "The list says what was clicked",
            trigger: ".o_breadcrumb .active:contains(required exit criteria)",
        },
        {
            content: "It holds the required criteria the tile counts",
            trigger: ".o_list_view .o_data_row",
            run: requiredCriteriaListed,
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open last week's floor questions (none)",
            trigger: ".o_hypercare_dashboard .o_hypercare_tile[data-key=internal_resolution]",
            run: "click",
        },
        {
            content: "The list is named after the week clicked",
            trigger: ".o_breadcrumb .active:contains(week of)",
        },
        {
            content: "Its help is rendered",
            trigger: ".o_view_nocontent .o_view_nocontent_smiling_face",
            run: helpRendered,
        },
    ],
});
