# dis corpus: `from __future__ import annotations` (stringified annotations, module
# and class __annotations__ set up by SETUP_ANNOTATIONS).
from __future__ import annotations

value: int = 1
other: dict[str, int]

class Holder:
    field: list[int] = []
    other: Holder

def annotated(a: int, b: Holder) -> list[Holder]:
    c: int = a
    return [b]

async def async_annotated(a: str) -> None:
    pass
