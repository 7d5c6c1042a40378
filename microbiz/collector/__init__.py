"""The collector side of anonymous workforce returns: schema checks, store, service, report.
May import microbiz.foundations only; never the desktop features, Qt or ui.

The service parts (`app`, `cli serve`) need the `collector` extra (FastAPI, uvicorn);
the schema check is shared with the member side and needs only `jsonschema`.
"""
