from typing import Any,
