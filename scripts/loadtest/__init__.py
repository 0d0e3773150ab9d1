"""Go-live morning load test (scripts/load): Locust clients, their servers and checks."""
