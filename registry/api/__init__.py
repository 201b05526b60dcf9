"""The REST API (/api/v1/) and the open-data downloads (/data/)."""
