"""The fifth stage: the warning signs a reviewer looks for.

Review flags (:mod:`.flags`): placeholders left in, no problem or no measure stated, problems no
measure addresses, breakdowns and rates that do not add up (:mod:`.arithmetic`), no score, the
wrong year.
"""

from .flags import FLAG_CODES, review_flags
from .ocrcheck import OCR_CHECKS, check_ocr_figures

__all__ = ["FLAG_CODES", "OCR_CHECKS", "check_ocr_figures", "review_flags"]
