"""The collector side of anonymous workforce returns: schema checks, store, service, report.
May import microbiz.foundations only; never the desktop features, Qt or ui.

The service parts (`app`, `cli serve`) and the report's audit (`audit`, scipy) need the
`collector` extra; the schema check is shared with the member side and needs only
`jsonschema`. Reading order for the report: `tally` (counting), `suppression` (what to
hide) with `audit` (the linear-programming check), `cell_key` (the alternative rule),
`statistics` (medians), `releases` (made once, kept), `report` (XLSX, PDF, JSON). The
staff's web console: `console_pages` (routes), `console` (what they show), `sessions`,
`accounts` (users, the audit log), with templates/ and static/.
"""
