from . import test_security
from . import test_demo_generator
from . import test_ui
