"""Periodic reports (日分析、周总结、月通报): gather the figures once (data.py), then write
them as Excel (excel.py, openpyxl) and PDF (pdf.py, reportlab); build.py stores the files."""
