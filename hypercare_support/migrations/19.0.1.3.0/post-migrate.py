"""19.0.1.3.0: the scan's index on ``sla_next_check`` was there twice (the
field's own ``btree_not_null`` index and a named one with the same
definition): every ticket written paid for both. The named one goes."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS project_task_hypercare_next_check_idx")
