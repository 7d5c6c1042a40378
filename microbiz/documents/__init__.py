"""PDF documents: timesheets, invoices and evidence packs."""
