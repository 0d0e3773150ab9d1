/**
 * Steps shared by the tours of every carrier of hypercare tickets: reporting
 * an issue from a contact's form and triaging it on the board.
 */

import { queryFirst } from "@odoo/hoot-dom";

/** The contact's form is open; ``run`` acts on it (e.g. a key press). */
export function contactFormStep(contact, run) {
    return {
        content: "The contact's form is open",
        trigger: `.o_form_view .o_field_widget[name=name]:contains(${contact})`,
        ...(run && { run }),
    };
}

/** The report dialog is open on the contact. */
export function reportDialogStep(contact) {
    return {
        content: "The dialog knows where the user is",
        trigger: `.modal .o_hypercare_report_issue .o_field_widget[name=source_name]:contains(${contact})`,
    };
}

/** The ticket's reporter form links the contact it was raised from. */
export function sourceLinkStep(contact) {
    return {
        content: "The ticket shows where it was raised from",
        trigger: `.o_form_view .o_hypercare_source_link:contains(${contact})`,
    };
}

/**
 * From the contact's form, open the report dialog with the top bar's button.
 * Ends with the dialog open on the contact.
 */
export function openReportDialogSteps(contact) {
    return [
        contactFormStep(contact),
        {
            content: "Report an issue from the top bar",
            trigger: ".o_hypercare_report_issue_systray button",
            run: "click",
        },
        reportDialogStep(contact),
    ];
}

/**
 * Submit the filled report dialog (``content`` names the step). Ends on the
 * new ticket's reporter form.
 */
export function submitReportSteps(content = "Submit") {
    return [
        {
            content,
            trigger: ".modal .o_hypercare_submit",
            run: "click",
        },
        {
            content: "Confirmation, on the ticket's reporter form",
            trigger: ".o_form_view .o_hypercare_reported",
        },
    ];
}

/**
 * From the contact's form, report ``summary`` with the top bar's button; the
 * ``inDialog`` steps check the dialog before it is filled. Ends on the new
 * ticket's reporter form.
 */
export function reportIssueSteps(contact, summary, inDialog = []) {
    return [
        ...openReportDialogSteps(contact),
        ...inDialog,
        {
            content: "Summary",
            trigger: ".modal .o_field_widget[name=name] input",
            run: `edit ${summary}`,
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "edit Saving the address shows an error",
        },
        ...submitReportSteps(),
        sourceLinkStep(contact),
    ];
}

/**
 * On the triage board, acknowledge the new card ``summary``, decide "fix" and
 * confirm the triage: the card moves from column ``from`` (any column when
 * not given) to column ``to``.
 */
export function triageOnBoardSteps(summary, { from, to }) {
    const card = `.o_kanban_record:contains(${summary})`;
    const column = (name) => `.o_kanban_group:has(.o_kanban_header:contains(${name}))`;
    // no template literal nested in another: the assets' minifier breaks them
    const waiting = from ? [column(from), card].join(" ") : card;
    return [
        {
            content: "The ticket waits on the triage board",
            trigger: `.o_hypercare_triage_kanban ${waiting} .o_hypercare_new`,
        },
        {
            content: "Acknowledge it",
            trigger: `${card} .o_hypercare_acknowledge`,
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: `${card} .o_hypercare_acknowledged`,
        },
        {
            content: "Decide: fix",
            trigger: `${card} .o_hypercare_decision_fix`,
            run: "click",
        },
        {
            content: "Confirm the triage",
            trigger: `${card} .o_hypercare_triage`,
            run: "click",
        },
        {
            content: `The card is triaged, in ${to}`,
            trigger: `${column(to)} ${card} .o_hypercare_triaged`,
        },
    ];
}

/**
 * Type ``value`` into the date field ``name``: a date already set shows as a
 * button until clicked.
 */
export function dateSteps(name, value, scope = ".o_form_view") {
    return [
        {
            content: `${name}: open the date`,
            trigger: `${scope} .o_field_widget[name=${name}] :is(button, input)`,
            run: "click",
        },
        {
            content: `${name}: ${value}`,
            trigger: `${scope} .o_field_widget[name=${name}] input`,
            run: `edit ${value} && press Enter`,
        },
    ];
}

/** In the form's field ``name`` (a many2one), type ``text`` and pick ``choice``. */
export function many2oneSteps(name, text, choice, scope = ".o_form_view") {
    const input = `${scope} .o_field_widget[name=${name}] input`;
    const item = `${scope} .o_field_widget[name=${name}] .o-autocomplete--dropdown-item:contains(${choice})`;
    return [
        {
            content: `${name}: type ${text} until ${choice} is offered`,
            trigger: input,
            // "fill" types without confirming: the autocomplete stays open. A
            // late answer of the form's onchange may redraw an x2many row and
            // wipe what was typed (seen on a loaded machine): type it again.
            async run(helpers) {
                for (let attempt = 0; attempt < 5; attempt++) {
                    await helpers.fill(text, input);
                    if (await appears(item, 3000)) {
                        return;
                    }
                }
                throw new Error(`${choice} never offered in ${name}`);
            },
        },
        {
            content: `${name}: pick ${choice}`,
            trigger: item,
            run: "click",
        },
        {
            content: `${name} is ${choice}`,
            trigger: `${scope} .o_field_widget[name=${name}] input:value(${choice})`,
        },
    ];
}

/** Whether ``selector`` (hoot syntax) matches within ``timeout`` ms. */
async function appears(selector, timeout) {
    for (let waited = 0; waited < timeout; waited += 100) {
        if (queryFirst(selector)) {
            return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
}

/** Choose ``label`` in the selection field ``name``. */
export function selectionSteps(name, label, scope = ".o_form_view") {
    return [
        {
            content: `${name}: open the choices`,
            trigger: `${scope} .o_field_widget[name=${name}] .o_select_menu_toggler`,
            run: "click",
        },
        {
            content: `${name}: ${label}`,
            trigger: `.o_select_menu_item:contains(${label})`,
            run: "click",
        },
    ];
}

/** Type ``value`` into the form field ``name`` (char, number, date). */
export function fieldStep(name, value, scope = ".o_form_view") {
    return {
        content: `${name}: ${value}`,
        trigger: `${scope} .o_field_widget[name=${name}] input`,
        run: `edit ${value} && press Tab`,
    };
}

/** Open the search panel's dropdown, or close it. */
export function searchMenuStep() {
    return {
        content: "Search options",
        trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
        run: "click",
    };
}

/**
 * Remove every facet of the search bar (the defaults "Open" and "One card per
 * known issue" included), one after the other.
 */
export function clearFacetsSteps() {
    return [
        {
            content: "Clear the search",
            trigger: ".o_searchview_facet .o_facet_remove",
            async run() {
                let remove = this.anchor;
                while (remove) {
                    remove.click();
                    for (let tries = 0; remove.isConnected && tries < 100; tries++) {
                        await new Promise((resolve) => setTimeout(resolve, 20));
                    }
                    remove = document.querySelector(".o_searchview_facet .o_facet_remove");
                }
            },
        },
        {
            content: "No facet left",
            trigger: ".o_searchview:not(:has(.o_searchview_facet))",
        },
    ];
}

/**
 * With no other facet, choose the filter ``label`` alone and check that the
 * list shows exactly the rows ``shown`` of the rows ``all`` (names), then
 * take the filter off again.
 */
export function filterAloneSteps(label, shown, all) {
    // no template literal nested in another: the assets' minifier breaks them
    let list = ".o_list_view";
    let full = ".o_list_view";
    for (const name of all) {
        const row = `:has(.o_data_row:contains(${name}))`;
        list += shown.includes(name) ? row : ":not(" + row + ")";
        full += row;
    }
    return [
        searchMenuStep(),
        {
            content: `Filter: ${label}`,
            trigger: `.o_filter_menu .o_menu_item:contains(${label})`,
            run: "click",
        },
        searchMenuStep(),
        {
            content: `${label} alone: only ${shown.join(", ") || "nothing"}`,
            trigger: `.o_action_manager:has(.o_searchview_facet:contains(${label})) ${list}`,
        },
        ...clearFacetsSteps(),
        {
            content: "Without a filter, every ticket is listed again",
            trigger: full,
        },
    ];
}
