"""(12) Self-help search of the knowledge bridge (hypercare_support_knowledge):
the report dialog's full-text search over 10 000 knowledge pages of a charter,
as an end user (record rules applied)."""

import json
import random
import time

from .common import log

KNOWLEDGE = "hypercare_support_knowledge"
# The words of the pages follow Zipf's law over a vocabulary of ~3 000 words:
# fillers first ("the", "and"...), then business words, then rarer words (names,
# codes). A business word is then on some 2-20 % of the pages, a filler on all.
FILLERS = (
    "the and for with when how what you your this that from into can not then "
    "open click select button menu field line form list"
).split()
BUSINESS = (
    "invoice payment partial vendor bill journal lock delivery slip reprint "
    "picking transfer stock negative quantity warehouse location lot serial "
    "barcode scan sale order quotation confirm cancel customer credit limit "
    "note refund purchase rfq receipt landed cost freight valuation report "
    "aged receivable payable bank statement reconcile import export payroll "
    "tax vat box fiscal position price list discount margin product variant "
    "unit measure route manufacturing bom work center employee expense "
    "approval email template print layout portal access user right company"
).split()
RARE = 3000
QUERIES = [
    "How do I reprint the delivery slip for the customer",
    "cannot post the vendor bill journal is locked",
    "partial payment of an invoice",
    "where is the aged receivable report",
    "landed costs on the freight of a receipt",
    "cancel a confirmed sale order",
    "barcode scan picks the wrong lot",
    "credit limit warning on the quotation",
]


def _vocabulary(rng):
    business = list(BUSINESS)
    rng.shuffle(business)
    words = FILLERS + business + [f"w{n}" for n in range(RARE)]
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    total = 0.0
    cumulative = []
    for w in weights:
        total += w
        cumulative.append(total)
    return words, cumulative


class SelfHelpMeasures:
    """Mixed into ``Bench``: the knowledge pages and the search measure."""

    def knowledge_installed(self):
        self.env.cr.execute(
            "SELECT state FROM ir_module_module WHERE name = %s", (KNOWLEDGE,)
        )
        row = self.env.cr.fetchone()
        return bool(row and row[0] == "installed")

    def load_pages(self, charter, n_pages, seed=11):
        """``n_pages`` content pages in the charter's category (bulk SQL: the
        search text as the ORM computes it; PostgreSQL generates the
        tsvector)."""
        env, cr = self.env, self.env.cr
        category = charter._hypercare_knowledge_category()
        env.flush_all()
        rng = random.Random(seed)
        words, cumulative = _vocabulary(rng)
        rows = []
        for i in range(n_pages):
            title = " ".join(rng.sample(BUSINESS, rng.randint(3, 6)))
            body = " ".join(
                rng.choices(words, cum_weights=cumulative, k=rng.randint(60, 200))
            )
            rows.append((f"{title} {i}", f"{title} {i}\n{body}"))
        t0 = time.perf_counter()
        for start in range(0, n_pages, 2000):
            chunk = rows[start : start + 2000]
            cr.execute(
                """
                INSERT INTO document_page (name, type, active, parent_id,
                    hypercare_charter_id, company_id, hypercare_search_text,
                    create_uid, write_uid, create_date, write_date)
                SELECT v.name, 'content', true, %s, %s, %s, v.text, 1, 1,
                       now() at time zone 'utc', now() at time zone 'utc'
                  FROM jsonb_to_recordset(%s::jsonb) AS v(name text, text text)
                """,
                (
                    category.id,
                    charter.id,
                    charter.company_id.id,
                    json.dumps([{"name": n, "text": t} for n, t in chunk]),
                ),
            )
        cr.execute("ANALYZE document_page")
        cr.commit()
        log(f"  {n_pages:,} pages loaded in {time.perf_counter() - t0:.1f} s")

    def self_help_search(self, n_pages=10_000):
        """(12) The report dialog's search, as a reporter of the charter."""
        fx = self.fx
        charter = fx.charter_bh
        self.load_pages(charter, n_pages)
        user = fx.reporters[0]
        Page = self.env["document.page"].with_user(user)
        queries = iter(QUERIES * (self.args.runs + 10))
        found = []

        def search():
            pages = Page._hypercare_search(next(queries), charter)
            found.append(len(pages))
            return pages

        res, _outs = self.timed(search, self.args.runs, warmup=2)
        res["pages"] = n_pages
        res["found_min"] = min(found)
        res["empty_query_found"] = len(Page._hypercare_search("", charter))
        self.env.cr.rollback()
        self.results["self_help_search"] = res
        self.check("self_help_search", res["median"], fn=search)
        return res
