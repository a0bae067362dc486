"""Write variants of the examples: a county bureau's batch of facts files, for batch runs.

Usage: python benchmarks/variants.py FOLDER [COUNT]   (COUNT defaults to 200)

Variant i copies examples/ file i mod 5 (comments and all) with its 单位 renamed, so every
report has its own file name, and its 法治副校长 count and 成文日期 changed, so the reports differ.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def write_variants(folder: Path, count: int) -> list[Path]:
    """Write count variant facts files into folder; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="rt")
    written = []
    for i in range(count):
        source = EXAMPLES[i % len(EXAMPLES)]
        data = yaml.load(source.read_text(encoding="utf-8"))
        data["单位"] = f"{data['单位']}（第{i + 1:03d}号）"
        data["成文日期"] = dt.date(data["年度"] + 1, 1, 1) + dt.timedelta(days=i % 28)
        if isinstance(data.get("法治副校长"), dict):
            data["法治副校长"]["人数"] = f"{10 + i % 40}名"
        target = folder / f"变体{i + 1:03d}_{source.name}"
        with target.open("w", encoding="utf-8") as out:
            yaml.dump(data, out)
        written.append(target)
    return written


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="写出示例事实文件的变体，供批量基准使用")
    parser.add_argument("folder", type=Path, help="写入的文件夹")
    parser.add_argument("count", type=int, nargs="?", default=200, help="变体个数（默认 200）")
    args = parser.parse_args()
    paths = write_variants(args.folder, args.count)
    print(f"{len(paths)} 个事实文件写入 {args.folder}")
