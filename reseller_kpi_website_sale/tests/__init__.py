from . import test_shop_kpis
from . import test_shop_demo
from . import test_shop_ui
