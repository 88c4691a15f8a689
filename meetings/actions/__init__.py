"""Follow-up actions (opfølgning) on decisions of meetings and written procedures."""
