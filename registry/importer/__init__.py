"""Bulk import of people from Excel/CSV, and export of the same columns."""
