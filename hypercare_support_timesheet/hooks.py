def post_init_hook(env):
    """Charters made before this addon: their projects take timesheets."""
    env["hypercare.charter"].with_context(active_test=False).search(
        [("project_id", "!=", False)]
    )._hypercare_enable_timesheets()
