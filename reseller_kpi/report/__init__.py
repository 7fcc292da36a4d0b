from . import supplier_scorecard
from . import category_margin
