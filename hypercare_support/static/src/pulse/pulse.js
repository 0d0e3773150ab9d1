import { Component, reactive, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { session } from "@web/session";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";

const AUTO_OPEN_DELAY = 2000; // ms after the first screen is shown

/** The weekly question: 1-5 and an optional comment; one RPC to answer. */
export class PulseDialog extends Component {
    static template = "hypercare_support.PulseDialog";
    static components = { Dialog };
    static props = { close: Function, prompt: Object, onDone: Function };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ score: 0, comment: "", sending: false });
        this.scores = [1, 2, 3, 4, 5];
        this.title = _t("Weekly pulse");
    }

    select(score) {
        this.state.score = score;
    }

    async answer() {
        if (!this.state.score || this.state.sending) {
            return;
        }
        this.state.sending = true;
        try {
            await this.orm.call("hypercare.pulse", "hypercare_pulse_answer", [
                this.props.prompt.charter_id,
                this.state.score,
                this.state.comment,
            ]);
        } finally {
            this.state.sending = false;
        }
        this.notification.add(_t("Thank you: see you next week."), { type: "success" });
        this.props.onDone();
        this.props.close();
    }

    async dismiss() {
        await this.orm.call("hypercare.pulse", "hypercare_pulse_dismiss", [
            this.props.prompt.charter_id,
        ]);
        this.props.onDone();
        this.props.close();
    }
}

const SYSTRAY_KEY = "hypercare_support.pulse";

/** Asks the pulse once the first screen is shown (unless a tour runs), keeps
 * a systray entry while this week's answer is due. The entry is registered
 * only then: adding it tells the navbar to make room (its app menus fold
 * into "+"), so it never covers the menus as a late-drawn icon would. */
export const pulseService = {
    dependencies: ["orm", "dialog"],
    start(env, { orm, dialog }) {
        const systray = registry.category("systray");
        const state = reactive({ prompt: null });
        const setPrompt = (prompt) => {
            state.prompt = prompt || null;
            if (state.prompt) {
                systray.add(
                    SYSTRAY_KEY,
                    { Component: PulseSystray },
                    { sequence: 41, force: true }
                );
            } else if (systray.contains(SYSTRAY_KEY)) {
                systray.remove(SYSTRAY_KEY);
            }
        };
        let opened = false;
        // mounting an action closes the open dialogs: ask once the first
        // screen (the landing action) is shown, not before
        const shown = new Promise((resolve) =>
            env.bus.addEventListener("ACTION_MANAGER:UI-UPDATED", resolve, { once: true })
        );
        const open = () => {
            // one dialog at a time: the systray entry while it opened on its own
            if (!state.prompt || opened) {
                return;
            }
            opened = true;
            dialog.add(
                PulseDialog,
                {
                    prompt: state.prompt,
                    onDone: () => setPrompt(null),
                },
                {
                    onClose: () => {
                        opened = false;
                    },
                }
            );
        };
        orm.silent
            .call("hypercare.pulse", "hypercare_pulse_prompt", [])
            .then((prompt) => {
                setPrompt(prompt);
                // asked once a week on its own (then the systray entry stays
                // until answered or put off with "Not now"); never over a tour,
                // nor on a test server, whose tours may start after the delay
                // (their clicks below the dialog would be refused)
                const asked = `hypercare_pulse_asked_${user.userId}_${prompt?.charter_id}`;
                if (
                    prompt &&
                    !session.test_mode &&
                    browser.localStorage.getItem(asked) !== prompt.week
                ) {
                    shown.then(() =>
                        browser.setTimeout(() => {
                            if (!browser.localStorage.getItem("current_tour")) {
                                browser.localStorage.setItem(asked, prompt.week);
                                open();
                            }
                        }, AUTO_OPEN_DELAY)
                    );
                }
            })
            .catch(() => {});
        return { state, open };
    },
};

export class PulseSystray extends Component {
    static template = "hypercare_support.PulseSystray";
    static props = {};

    setup() {
        this.pulse = useState(useService("hypercare_pulse").state);
        this.pulseService = useService("hypercare_pulse");
        this.title = _t("Weekly pulse: how confident are you?");
    }

    onClick() {
        this.pulseService.open();
    }
}

registry.category("services").add("hypercare_pulse", pulseService);
