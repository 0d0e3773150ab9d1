import { queryAll, queryFirst } from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";

/*
 * Issue 29, items 6 and 10. The Python side (tests/test_tours_usability_pass.py)
 * builds the data and checks what was saved.
 */

/** The element drawn at the centre of ``el``: ``el`` itself (or inside it)
 * when nothing covers it. */
function assertReachable(el, what) {
    const rect = el.getBoundingClientRect();
    const top = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
    if (!top || !el.contains(top)) {
        throw new Error(`${what} is covered by ${top?.outerHTML?.slice(0, 120)}`);
    }
}

const SECTIONS = ".o_main_navbar .o_menu_sections";

/** The navbar's app menus and the '+' of the folded ones, as drawn. */
function visibleSections() {
    return queryAll(`${SECTIONS} :is(button, a.o_nav_entry)`).filter(
        (el) => el.getBoundingClientRect().width > 0
    );
}

registry.category("web_tour.tours").add("hypercare_pulse_navbar_tour", {
    steps: () => [
        {
            content: "The pulse is due: its systray entry is shown",
            trigger: ".o_main_navbar .o_hypercare_pulse_systray button:visible",
        },
        {
            // once the navbar has placed its menus: none folded, or the '+'
            // of the folded ones drawn
            content: "Every app menu and the '+' of the folded ones can be clicked",
            trigger: `${SECTIONS}:not(:has(.d-none)), ${SECTIONS}:has(.o_menu_sections_more button)`,
            run() {
                const pulse = queryFirst(".o_hypercare_pulse_systray").getBoundingClientRect();
                const sections = visibleSections();
                if (!sections.length) {
                    throw new Error("No app menu is shown");
                }
                for (const el of sections) {
                    const rect = el.getBoundingClientRect();
                    const name = el.textContent.trim() || "+";
                    if (rect.right > pulse.left && rect.left < pulse.right) {
                        throw new Error(`The pulse overlaps the menu ${name}`);
                    }
                    assertReachable(el, `The menu ${name}`);
                }
            },
        },
        {
            content: "Open Configuration (in '+' when the menus are folded)",
            trigger: SECTIONS,
            async run(helpers) {
                const more = queryFirst(".o_menu_sections_more button:visible");
                const config = queryFirst(
                    `${SECTIONS} button[data-menu-xmlid='hypercare_support.hypercare_config_menu']:visible`
                );
                await helpers.click(more || config);
            },
        },
        {
            content: "Configuration's menus are reachable",
            trigger: ".o-dropdown--menu :contains(Charters):visible",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_sign_reload_tour", {
    steps: () => {
        let before = null;
        const count = () =>
            parseInt(queryFirst(".o_form_view .o_field_widget[name=exit_met_count]").textContent);
        return [
            {
                content: "The charter's exit gate",
                trigger: ".o_form_view .o_notebook .nav-link:contains(Exit gate)",
                run: "click",
            },
            {
                content: "Open the manual criterion (its count noted)",
                trigger:
                    ".o_field_widget[name=exit_criterion_ids] .o_data_row:contains(Knowledge transfer complete) .o_data_cell[name=name]",
                async run(helpers) {
                    before = count();
                    await helpers.click(this.anchor);
                },
            },
            {
                content: "Give the evidence",
                trigger: ".modal .o_field_widget[name=evidence] textarea",
                run: "edit KT sessions held, sign-off sheet in the project folder",
            },
            {
                content: "Sign it",
                trigger: ".modal button[name=action_sign]",
                run: "click",
            },
            {
                content: "The form is reloaded: the chatter says who signed what",
                trigger:
                    "body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message:contains(Exit criterion signed):contains(Knowledge transfer complete)",
            },
            {
                content: "and the count is up, without a reload of the page",
                trigger: ".o_form_view .o_field_widget[name=exit_met_count]",
                run() {
                    if (count() !== before + 1) {
                        throw new Error(`Required met ${count()}, ${before} before signing`);
                    }
                },
            },
        ];
    },
});
