import { onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KanbanController } from "@web/views/kanban/kanban_controller";
import { kanbanView } from "@web/views/kanban/kanban_view";

/**
 * The triage board: a Start / End triage button that knows whether the
 * champion's session runs. It comes first in the control panel, so a phone
 * shows it beside the search (other buttons go to the "more" menu), and the
 * server's notification says what happened.
 */
export class HypercareTriageKanbanController extends KanbanController {
    static template = "hypercare_support.TriageKanbanView";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.triage = useState({ available: false, running: false, busy: false });
        onWillStart(() => this.loadTriageState());
    }

    async loadTriageState() {
        const state = await this.orm.call("hypercare.triage.session", "get_triage_state", []);
        Object.assign(this.triage, state);
    }

    async onToggleTriage() {
        if (this.triage.busy) {
            return;
        }
        this.triage.busy = true;
        try {
            const method = this.triage.running ? "action_stop" : "action_start";
            const action = await this.orm.call("hypercare.triage.session", method, []);
            // stay on this board, with its filters: show the notification only
            await this.actionService.doAction({
                ...action,
                params: { ...action.params, next: undefined },
            });
            await this.loadTriageState();
            await this.model.load();
        } finally {
            this.triage.busy = false;
        }
    }
}

export const hypercareTriageKanbanView = {
    ...kanbanView,
    Controller: HypercareTriageKanbanController,
};

registry.category("views").add("hypercare_triage_kanban", hypercareTriageKanbanView);
