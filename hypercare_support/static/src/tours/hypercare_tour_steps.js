/**
 * Steps shared by the tours of every carrier of hypercare tickets: reporting
 * an issue from a contact's form and triaging it on the board.
 */

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
 * From the contact's form, report ``summary`` with the top bar's button; the
 * ``inDialog`` steps check the dialog before it is filled. Ends on the new
 * ticket's reporter form.
 */
export function reportIssueSteps(contact, summary, inDialog = []) {
    return [
        contactFormStep(contact),
        {
            content: "Report an issue from the top bar",
            trigger: ".o_hypercare_report_issue_systray button",
            run: "click",
        },
        reportDialogStep(contact),
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
        {
            content: "Submit",
            trigger: ".modal .o_hypercare_submit",
            run: "click",
        },
        {
            content: "Confirmation, on the ticket's reporter form",
            trigger: ".o_form_view .o_hypercare_reported",
        },
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
