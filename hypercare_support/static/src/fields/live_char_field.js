import { useEffect } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useDebounced } from "@web/core/utils/timing";
import { CharField, charField } from "@web/views/fields/char/char_field";

// how long the user pauses typing before what they typed is sent
export const LIVE_DELAY = 300;

/**
 * A char field that commits what the user types after a short pause, not
 * only when they leave it: the report dialog's suggestions (known issues,
 * knowledge pages) follow the summary while it is typed. A value ending in a
 * space waits for the next word (committing would trim the space away).
 */
export class HypercareLiveCharField extends CharField {
    setup() {
        super.setup();
        const commit = useDebounced(() => {
            const el = this.input.el;
            if (el && !/\s$/.test(el.value)) {
                el.dispatchEvent(new Event("change"));
            }
        }, LIVE_DELAY);
        useEffect(
            (el) => {
                if (!el) {
                    return;
                }
                el.addEventListener("input", commit);
                return () => el.removeEventListener("input", commit);
            },
            () => [this.input.el]
        );
    }
}

registry.category("fields").add("hypercare_live_char", {
    ...charField,
    component: HypercareLiveCharField,
});
