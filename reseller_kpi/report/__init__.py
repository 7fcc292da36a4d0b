from . import supplier_scorecard
from . import category_margin
from . import reseller_kpi_management_report
from . import reseller_kpi_management_report_xlsx
