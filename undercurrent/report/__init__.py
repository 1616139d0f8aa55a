"""Case reports: a content model filled by builders, rendered by the docx and html writers."""
from .content import Figure, Paragraph, Quote, Report, Section, Table
from .writers import write_report

__all__ = ["Figure", "Paragraph", "Quote", "Report", "Section", "Table", "write_report"]
