"""Go-live morning load test (scripts/load): clients, servers, checks."""
