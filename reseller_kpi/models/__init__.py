from . import reseller_kpi_demo_generator
from . import sale_order
