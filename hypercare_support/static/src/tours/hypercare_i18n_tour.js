/**
 * A plain user working in French: reports an issue, answers the weekly pulse
 * and opens My issues. Each step waits for the French label (different from
 * the English one): a screen left in English fails the tour.
 */

import { registry } from "@web/core/registry";
import { contactFormStep, reportDialogStep, sourceLinkStep } from "./hypercare_tour_steps";

const CONTACT = "Boulangerie Dupont";
const SUMMARY = "Impossible de valider la livraison";
const ROOT = "hypercare_support.hypercare_menu_root";
const MY_ISSUES = "hypercare_support.project_task_my_issue_menu";

const reportSteps = () => [
    contactFormStep(CONTACT),
    {
        content: "The life ring of the top bar: « Signaler un incident »",
        trigger: ".o_hypercare_report_issue_systray button[title='Signaler un incident']",
        run: "click",
    },
    reportDialogStep(CONTACT),
    {
        content: "Dialog title in French",
        trigger: ".modal .modal-title:contains(Signaler un incident)",
    },
    {
        content: "Ask a key user first, in French",
        trigger: ".modal .o_hypercare_ask_first strong:contains(utilisateur clé)",
    },
    {
        isActive: ["mobile"],
        content: "On a phone the key users fit the width: nothing cut off to the right",
        trigger: ".modal .o_hypercare_ask_first .o_list_renderer:has(.o_data_row)",
        run() {
            const list = document.querySelector(".modal .o_hypercare_ask_first .o_list_renderer");
            if (list.scrollWidth > list.clientWidth + 1) {
                throw new Error(
                    `the key users overflow: ${list.scrollWidth}px in ${list.clientWidth}px`
                );
            }
        },
    },
    {
        content: "The impact's label in French",
        trigger: ".modal .o_form_label:contains(Impact sur mon travail)",
    },
    {
        content: "The three impact choices in French",
        trigger:
            ".modal .o_field_widget[name=impact]" +
            ":has(label:contains(Je ne peux pas travailler))" +
            ":has(label:contains(Je peux le contourner))" +
            ":has(label:contains(Une question))",
    },
    {
        content: "Je ne peux pas travailler",
        trigger: ".modal .o_field_widget[name=impact] label:contains(Je ne peux pas travailler)",
        run: "click",
    },
    {
        content: "Chosen",
        trigger: ".modal .o_field_widget[name=impact] input[data-value=blocked]:checked",
    },
    {
        content: "Résumé",
        trigger: ".modal .o_field_widget[name=name] input",
        run: `edit ${SUMMARY}`,
    },
    {
        content: "Ce qui s'est passé",
        trigger: ".modal .o_field_widget[name=description] textarea",
        run: "edit Le bouton Valider affiche une erreur",
    },
    {
        content: "Submit: « Signaler l'incident »",
        trigger: ".modal .o_hypercare_submit:contains(Signaler l)",
        run: "click",
    },
    {
        content: "The confirmation in French, on the reporter's form",
        trigger: ".o_form_view .o_hypercare_reported:contains(votre incident est signalé)",
    },
    sourceLinkStep(CONTACT),
];

const pulseSteps = () => [
    {
        content: "The weekly pulse waits in the systray, titled in French",
        trigger: ".o_hypercare_pulse_systray button[title*='Baromètre hebdomadaire']",
        run: "click",
    },
    {
        content: "Pulse dialog title in French",
        trigger: ".modal:has(.o_hypercare_pulse_dialog) .modal-title:contains(Baromètre hebdomadaire)",
    },
    {
        content: "The question (from the server) in French",
        trigger: ".modal .o_hypercare_pulse_dialog p:contains(Dans quelle mesure)",
    },
    {
        content: "The scale's ends and the buttons in French",
        trigger:
            ".modal:has(.o_hypercare_pulse_dialog span:contains(Pas du tout))" +
            ":has(.o_hypercare_pulse_dialog span:contains(Tout à fait))" +
            ":has(.o_hypercare_pulse_dismiss:contains(Pas maintenant))" +
            " .o_hypercare_pulse_send:contains(Envoyer)",
    },
    {
        content: "Tout à fait: 5",
        trigger: ".modal .o_hypercare_pulse_score[data-score='5']",
        run: "click",
    },
    {
        content: "Un commentaire",
        trigger: ".modal .o_hypercare_pulse_comment",
        run: "edit Tout fonctionne",
    },
    {
        content: "Envoyer",
        trigger: ".modal .o_hypercare_pulse_send:enabled",
        run: "click",
    },
    {
        content: "Thanked in French; the dialog and the systray entry are gone",
        trigger:
            "body:not(:has(.modal)):not(:has(.o_hypercare_pulse_systray))" +
            " .o_notification:contains(à la semaine prochaine)",
    },
];

const myIssuesSteps = () => [
    // on a desktop: the apps menu, then Hypercare
    {
        isActive: ["desktop"],
        content: "Apps menu",
        trigger: ".o_navbar_apps_menu button:enabled",
        run: "click",
    },
    {
        isActive: ["desktop"],
        content: "Hypercare",
        trigger: `.o_app[data-menu-xmlid="${ROOT}"]`,
        run: "click",
    },
    {
        isActive: ["desktop"],
        content: "The app's menu: « Mes incidents »",
        trigger: `.o_menu_sections [data-menu-xmlid="${MY_ISSUES}"]:contains(Mes incidents)`,
    },
    // on a phone: the menu sidebar, all the apps, then Hypercare
    {
        isActive: ["mobile"],
        content: "The menu sidebar",
        trigger: ".o_main_navbar .o_menu_toggle",
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: "All the apps",
        trigger: ".o_app_menu_sidebar .o_sidebar_topbar a.btn-primary",
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: "Hypercare",
        trigger: `.o_app_menu_sidebar li.o_app[data-menu-xmlid="${ROOT}"]`,
        run: "click",
    },
    {
        content: "A plain user lands on « Mes incidents »",
        trigger: ".o_last_breadcrumb_item:contains(Mes incidents)",
    },
    {
        isActive: ["desktop"],
        content: "The list's columns in French, the new issue listed",
        trigger:
            ".o_list_view:has(th:contains(Signalé depuis)):has(th:contains(Signalé le))" +
            ` .o_data_row:contains(${SUMMARY}) td[name=source_name]`,
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: "On a phone, the new issue as a card with its severity",
        trigger: `.o_kanban_view .o_kanban_record:contains(${SUMMARY}):has(.badge)`,
        run: "click",
    },
    {
        content: "The issue's form in French",
        trigger: ".o_form_view:has(.o_form_label:contains(Signalé le)) .o_form_label:contains(Gravité)",
    },
    sourceLinkStep(CONTACT),
];

registry.category("web_tour.tours").add("hypercare_i18n_fr_tour", {
    steps: () => [...reportSteps(), ...pulseSteps(), ...myIssuesSteps()],
});
