"""Records in and out of spreadsheets: CSV and XLSX imports, and the whole-business workbook.
May import microbiz.foundations and the features: clients, hours, invoicing, compliance, tax.
"""
