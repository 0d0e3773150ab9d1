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

registry.category("web_tour.tours").add("hypercare_pulse_navbar_tour", {
    steps: () => [
        {
            content: "The pulse is due: its systray entry is shown",
            trigger: ".o_main_navbar .o_hypercare_pulse_systray button:visible",
        },
        {
            content: "Every app menu and the '+' of the folded ones can be clicked",
            trigger: ".o_main_navbar .o_menu_sections > :visible",
            run() {
                const pulse = queryFirst(".o_hypercare_pulse_systray").getBoundingClientRect();
                for (const el of queryAll(".o_main_navbar .o_menu_sections > :visible")) {
                    const rect = el.getBoundingClientRect();
                    if (rect.right > pulse.left && rect.left < pulse.right) {
                        throw new Error(`The pulse overlaps the menu ${el.textContent}`);
                    }
                    assertReachable(el, `The menu ${el.textContent.trim() || "+"}`);
                }
            },
        },
        {
            content: "Open Configuration (in '+' when the menus are folded)",
            trigger: ".o_main_navbar .o_menu_sections",
            async run(helpers) {
                const more = queryFirst(".o_menu_sections_more .dropdown-toggle:visible");
                if (more) {
                    await helpers.click(more);
                }
            },
        },
        {
            content: "Configuration is reachable",
            trigger: ".o_main_navbar .o_menu_sections :is(button, a, .dropdown-header, .o_nav_entry):contains(Configuration):visible, .o-dropdown--menu :is(.dropdown-item, .dropdown-header, .o_more_dropdown_section_group):contains(Configuration):visible",
        },
    ],
});

registry.category("web_tour.tours").add("hypercare_sign_reload_tour", {
    steps: () => [
        {
            content: "The charter's exit gate",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Exit gate)",
            run: "click",
        },
        {
            content: "Open the manual criterion",
            trigger:
                ".o_field_widget[name=exit_criterion_ids] .o_data_row:contains(Knowledge transfer complete) .o_data_cell[name=name]",
            run: "click",
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
            content: "The charter form is reloaded: the count is up, without a reload",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=exit_met_count]:contains(/^\\s*1\\s*$/)",
        },
        {
            content: "and the chatter says who signed what",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(Exit criterion signed):contains(Knowledge transfer complete)",
        },
    ],
});
