def post_init_hook(env):
    """One SLA clock per card from the start: a helpdesk team that carries a
    charter not yet closed stops using helpdesk_mgmt_sla's policies."""
    env["helpdesk.ticket.team"].with_context(active_test=False).search(
        [("use_sla", "=", True), ("hypercare_charter_id", "!=", False)]
    )._hypercare_sla_switch_off_while_running()
