"""Exchange with other QDA programs: REFI-QDA codebooks (.qdc) and projects (.qdpx, .qde) in
and out, and QualCoder projects (.qda) in."""
from .export import export_qdpx
from .importer import import_codebook, import_project, read_exchange
from .model import Exchange, ImportSummary
from .refi import export_qdc, read_refi

__all__ = ["Exchange", "ImportSummary", "export_qdc", "export_qdpx", "import_codebook", "import_project",
           "read_exchange", "read_refi"]
