from freezegun import freeze_time

from odoo.tests import tagged

from .access_matrix import (  # noqa: F401 (the bridges read them here)
    ACTORS,
    EXPECTED,
    MATRIX,
    OPERATIONS,
    PSEUDO_ROWS,
    ROWS,
    parse_matrix,
)
from .common import NOW
from .common_access_matrix import AccessMatrixCase


@tagged("-at_install", "post_install")
class TestAccessMatrix(AccessMatrixCase):
    """The access matrix of access_matrix.py, asserted cell by cell (SPEC.md
    "Reliability and security": nobody sees what they should not, portal and
    public users nothing at all, other companies nothing, the hypercare
    groups nothing outside hypercare, archived roster lines nothing)."""

    matrix = MATRIX
    # the addons whose hypercare models this matrix must cover
    matrix_modules = ("hypercare_support",)

    def test_matrix(self):
        """Every cell of the matrix, each operation in its own subtest."""
        actors, expected = parse_matrix(self.matrix)
        rows = list(dict.fromkeys(row for row, _actor in expected))
        checked = 0
        for row in rows:
            for actor in actors:
                allowed = expected[(row, actor)]
                for letter, op in OPERATIONS.items():
                    with (
                        self.subTest(row=row, actor=actor, op=op),
                        freeze_time(NOW),
                    ):
                        savepoint = self.env.cr.savepoint()
                        try:
                            result = self._attempt(row, actor, op)
                        finally:
                            savepoint.close(rollback=True)
                            self.env.invalidate_all()
                        self.assertEqual(
                            result,
                            letter in allowed,
                            f"{actor} {op} {row}: expected "
                            f"{'allowed' if letter in allowed else 'refused'}",
                        )
                    checked += 1
        self.assertEqual(checked, len(rows) * len(actors) * len(OPERATIONS))

    def test_matrix_covers_every_model(self):
        """A hypercare model without a row in the matrix fails here: add it.
        The models a bridge defines are its own matrix's (``matrix_modules``)."""
        models = self.env["ir.model"].search(
            [("model", "=like", "hypercare.%"), ("abstract", "=", False)]
        )
        models = models.filtered(
            lambda m: self.env[m.model]._original_module in self.matrix_modules
        )
        _actors, expected = parse_matrix(self.matrix)
        rows = {row for row, _actor in expected if not row.startswith(PSEUDO_ROWS)}
        self.assertFalse(
            set(models.mapped("model")) - rows,
            "hypercare models missing from the access matrix",
        )
