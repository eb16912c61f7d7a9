"""No function of the extraction side is rated E or F by radon (cyclomatic complexity above
30). The other parts of ``digests`` and ``bot`` join the list as their rework lands."""
from __future__ import annotations

from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parents[1]
CHECKED = sorted(
    [*(ROOT / "digests" / "extract").glob("*.py"), *(ROOT / "digests" / "merge").glob("*.py"),
     *(ROOT / "digests" / n for n in ("names.py", "curated.py", "pipeline.py", "evaluate.py"))]
)
MAX_COMPLEXITY = 30


def too_complex(source: str, limit: int = MAX_COMPLEXITY) -> list[str]:
    return [f"{block.name} ({block.complexity})" for block in cc_visit(source)
            if block.complexity > limit]


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_above_complexity_30(path):
    assert too_complex(path.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_complex_function():
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(31))
    assert too_complex(f"def f(x):\n{branches}\n    return -1\n") == ["f (32)"]
