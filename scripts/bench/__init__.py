"""Benchmark of hypercare_support at 100 000 tickets (SPEC.md "Performance targets").

    scripts/benchmark [--tickets 100000] [--db hc_bench]   # sets up venv, PostgreSQL
    PYTHONPATH=scripts .venv/bin/python -m bench [same options]

Builds a fresh database with hypercare_support (``odoo-bin -i ... --stop-after-init``),
loads N open tickets (plus a history of closed ones) with bulk SQL, every column the
ticket mixin computes filled consistently (a sample is recomputed by the ORM and
compared), then measures through the ORM, in this process:

1. the SLA scan with no ticket changing status;
2. the scan with 1 000 tickets changing status, notifications and commit included;
3. batch creation of 10 000 tickets on a business-hours calendar against plain
   ``project.task`` creation of the same batch, in the same run;
4. the exit-gate evaluation of one charter (if the exit gate is implemented);
5. the champion's triage board first page (``web_search_read``, 80 cards,
   ``count_limit``), as a champion user;
6. a per-ticket baseline scan (the design of OCA's pre-2025 ``helpdesk_mgmt_sla``
   cron) on the same data, and the ratio of (1) and (2) to it;
7. how (1) grows from N/10 to N open tickets, and the scan's peak memory;
8. an edit of the severity matrix (about 10 000 open tickets of one severity):
   the request, which recomputes a first batch and leaves the rest to the scan,
   then the scan's scheduled action finishing the job; closed tickets unchanged.

Prints a table and writes a JSON file (default ``bench-results.json`` at the repo
root). A measurement that misses its target is run once more under cProfile; the
profile summary goes to the JSON (``profiles``) and in full to
``.local/benchmark/profile-<name>.txt``.

The database is taken from libpq's defaults (``PG*`` variables, else the local unix
socket), unless ``--config`` names an Odoo configuration file.

Modules: ``cli`` (options, the order of the run), ``database`` (configuration,
install, connections), ``addon`` (what is read from the module's code),
``fixture`` and ``tickets`` (charters, users and the bulk ticket loader),
``timing`` (clocks, runs, verdicts), ``scan``, ``measures`` and ``edits`` (the
measures), ``report`` (the table and the JSON).
"""
