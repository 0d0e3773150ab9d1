"""Measure (9): the dashboard's data for one charter, in its one request."""

import json


class DashboardMeasures:
    """The champion's dashboard (issue 16), the request the web client sends."""

    def dashboard(self):
        env = self.env
        Charter = env["hypercare.charter"]
        if "get_hypercare_dashboard_data" not in dir(type(Charter)):
            self.results["dashboard"] = {"status": "n/a (not implemented)"}
            return None
        charter = self.fx.charter_bh
        Charter = Charter.with_user(self.fx.champion)

        def load():
            # what the RPC returns: the method, then its JSON answer
            return json.dumps(
                Charter.get_hypercare_dashboard_data(charter_id=charter.id),
                default=str,
            )

        res, outs = self.timed(load, self.args.runs, warmup=2)
        env.cr.rollback()
        data = json.loads(outs[-1])
        res["tickets"] = env["hypercare.ticket.report"].search_count(
            [("charter_id", "=", charter.id)]
        )
        res["user"] = self.fx.champion.login
        res["tiles"] = {tile["key"]: tile["value"] for tile in data["tiles"]}
        self.results["dashboard"] = res
        self.check("dashboard", res["median"], None, load)
        env.cr.rollback()
        return res
