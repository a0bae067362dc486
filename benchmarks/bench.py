"""Benchmark: a cold `fazhi-write draft` against the floor and the peer, render time, batches.

Usage (from the checkout, with fazhi-write and its dependencies installed):

    python benchmarks/bench.py [--rounds 15] [--variants 200]

1. Cold start, side by side and alternating, one new process each: `fazhi-write draft` of
   seed example 000; the floor, benchmarks/floor.py (bare python-docx writing the same
   paragraphs); the peer, `python -m docxtpl` rendering the same paragraphs through a
   {%p for %} loop. Medians of wall time, CPU time and peak memory, and the two ratios.
2. In-process draft time per report (everything but writing the files).
3. Batch: the five examples plus N variants (benchmarks/variants.py) in one `draft`, on one
   worker and on the default workers, three times each (medians); reports per CPU-second. Memory: peak of one worker
   drafting the examples plus N variants vs plus --long variants, per report more.

Not a test: timings depend on the machine and its load. Ratios are what README.md quotes.
This process only starts and times others (a process's peak memory counts the memory of the
one that started it), so the preparation and the in-process timing run in helpers of it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "000_中站区教育局_2024.yaml"
REFERENCE = ROOT / "templates" / "reference.docx"
MIB = 1024 * 1024
#: Targets of issue 7 (ratios, since machines differ).
TARGETS = {"peer": 1.0, "floor": 1.5, "render_ms": 20.0, "per_core": 100.0, "memory_mib": 64.0,
           "growth_kib": 10.0}
#: The command a clerk runs: the console script installed beside this Python (as the peer runs
#: python -m docxtpl), else python -m fazhi_writer.
_SCRIPT = Path(sys.executable).with_name("fazhi-write.exe" if os.name == "nt" else "fazhi-write")
FAZHI_WRITE = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "fazhi_writer"]
STYLES = {0: "Normal", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


@dataclass(frozen=True)
class Run:
    """One process: wall and CPU seconds, peak resident memory in bytes (0 if unknown)."""

    wall: float
    cpu: float
    rss: int


def timed(command: list[str], env: dict[str, str]) -> Run:
    """Run a command to completion; fail loudly if it fails."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
            run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale)
        else:
            process.wait()
            run = Run(time.perf_counter() - start, 0.0, 0)
        if process.returncode:
            err.seek(0)
            sys.exit(f"失败：{' '.join(command)}\n{err.read().decode('utf-8', 'replace')}")
    return run


def paragraphs(report: object) -> list[dict[str, str]]:
    """The paragraphs a draft writes (text and style), for the floor and the peer."""
    r = report  # a fazhi_writer.report.model.Report
    out = [{"text": r.doc_number, "style": "发文字号"}] if r.doc_number else []  # type: ignore[attr-defined]
    out += [{"text": line, "style": "Title"} for line in r.title]  # type: ignore[attr-defined]
    out += [{"text": "", "style": "Normal"}]
    out += [{"text": p.text, "style": STYLES[p.level]} for p in r.body]  # type: ignore[attr-defined]
    out += [{"text": "", "style": "Normal"}]
    if r.signature:  # type: ignore[attr-defined]
        out.append({"text": r.signature, "style": "署名"})  # type: ignore[attr-defined]
    return [*out, {"text": r.date, "style": "成文日期"}]  # type: ignore[attr-defined]


def peer_template(target: Path, styles: list[str]) -> None:
    """The reference document with a docxtpl paragraph loop, one branch per style used."""
    import docx

    document = docx.Document(str(REFERENCE))
    body = document.element.body
    for child in list(body)[:-1]:  # keep the final w:sectPr
        body.remove(child)
    document.add_paragraph("{%p for p in paragraphs %}")
    for i, style in enumerate(styles):
        document.add_paragraph(f"{{%p {'if' if i == 0 else 'elif'} p.style == '{style}' %}}")
        document.add_paragraph("{{ p.text }}", style=style)
    for line in ("{%p endif %}", "{%p endfor %}"):
        document.add_paragraph(line)
    document.save(str(target))


def prepare_inputs(work: Path) -> None:
    """(Helper) Write the example's paragraphs as JSON and the peer's template."""
    from fazhi_writer.pipeline import prepare

    data = paragraphs(prepare(EXAMPLE))
    (work / "paragraphs.json").write_text(json.dumps({"paragraphs": data}, ensure_ascii=False),
                                          encoding="utf-8")
    peer_template(work / "peer.docx", list(dict.fromkeys(p["style"] for p in data)))


def helper(env: dict[str, str], *args: str) -> str:
    """Run this script in a helper mode; return what it prints."""
    return subprocess.run([sys.executable, __file__, *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def cold_starts(work: Path, env: dict[str, str], rounds: int) -> dict[str, list[Run]]:
    """Time the three commands, alternating their order each round."""
    helper(env, "--prepare", str(work))
    commands = {
        "draft": [*FAZHI_WRITE, "draft", str(EXAMPLE), "-o",
                  str(work / "draft")],
        "floor": [sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(REFERENCE),
                  str(work / "paragraphs.json"), str(work / "floor.docx")],
        "peer": [sys.executable, "-m", "docxtpl", str(work / "peer.docx"),
                 str(work / "paragraphs.json"), str(work / "peer-out.docx"), "-o", "-q"],
    }
    for command in commands.values():  # warm the OS file cache, write .pyc files
        timed(command, env)
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(rounds):
        for name in names[i % 3:] + names[:i % 3]:
            runs[name].append(timed(commands[name], env))
    return runs


def first_run(work: Path, env: dict[str, str]) -> Run:
    """A draft with an empty per-user cache (what the very first draft on a machine costs)."""
    empty = {**env, "FAZHI_WRITE_CACHE": str(work / "empty-cache")}
    return timed([*FAZHI_WRITE, "draft", str(EXAMPLE), "-o",
                  str(work / "first")], empty)


def in_process(repeats: int) -> list[float]:
    """(Helper) Seconds per in-memory draft of each example (load, validate, build, render)."""
    from fazhi_writer.pipeline import draft

    examples = sorted((ROOT / "examples").glob("*.yaml"))

    def keep(files: dict[Path, bytes], force: bool) -> list[Path]:
        return []  # render, do not write

    for example in examples:
        draft(example, write=keep)
    times = []
    for _ in range(repeats):
        for example in examples:
            start = time.perf_counter()
            draft(example, write=keep)
            times.append(time.perf_counter() - start)
    return times


def batches(work: Path, env: dict[str, str], count: int, long: int,
            rounds: int = 3) -> dict[str, tuple[int, Run]]:
    """Batch drafts of the examples and count variants, on one worker and on the default
    workers, alternating, rounds times each (medians); then of the examples and long
    variants on one worker, once, for memory growth."""
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "variants.py"),
                    str(work / "variants"), str(max(count, long))], env=env, check=True,
                   capture_output=True)
    variants = sorted((work / "variants").glob("*.yaml"))
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    commands = {name: [*FAZHI_WRITE, "draft", *map(str, examples), *map(str, chosen), "-o",
                       str(work / f"batch-{name}"), *extra]
                for name, chosen, extra in (("serial", variants[:count], ["-j", "1"]),
                                            ("parallel", variants[:count], []),
                                            ("long", variants[:long], ["-j", "1"]))}
    timings: dict[str, list[Run]] = {"serial": [], "parallel": []}
    for i in range(rounds + 1):  # the first round writes every report (the OS caches files)
        for name in ("serial", "parallel") if i % 2 else ("parallel", "serial"):
            shutil.rmtree(work / f"batch-{name}", ignore_errors=True)
            run = timed(commands[name], env)
            timings[name] += [run] if i else []
    reports = len(examples) + count
    runs = {name: (reports, Run(median(done, "wall"), median(done, "cpu"),
                                int(median(done, "rss"))))
            for name, done in timings.items()}
    runs["long"] = (len(examples) + long, timed(commands["long"], env))
    return runs


def median(runs: list[Run], field: str) -> float:
    """The median of one field of the runs."""
    return statistics.median(getattr(run, field) for run in runs)


def verdict(ok: bool) -> str:
    """达标 or 未达标."""
    return "达标" if ok else "未达标"


def report_cold(runs: dict[str, list[Run]], first: Run) -> None:
    """Print the cold-start table and ratios."""
    labels = {"draft": "fazhi-write draft", "floor": "下限：python-docx 脚本",
              "peer": "同类：python -m docxtpl"}
    print(f"一、冷启动生成一份报告（新进程，{len(runs['draft'])} 轮交替，中位数）")
    for name, label in labels.items():
        print(f"    {label}：墙钟 {median(runs[name], 'wall') * 1000:.0f} ms，"
              f"CPU {median(runs[name], 'cpu') * 1000:.0f} ms，"
              f"峰值内存 {median(runs[name], 'rss') / MIB:.1f} MiB")
    print(f"    首次运行（缓存为空，编译模板和校验器）：{first.wall * 1000:.0f} ms")
    for peer, label in (("peer", "docxtpl"), ("floor", "下限")):
        wall = median(runs["draft"], "wall") / median(runs[peer], "wall")
        cpu = median(runs["draft"], "cpu") / max(median(runs[peer], "cpu"), 1e-9)
        print(f"    draft / {label} = {wall:.2f}（CPU {cpu:.2f}；目标 ≤ {TARGETS[peer]}）"
              f"{verdict(wall <= TARGETS[peer])}")
    rss = max(run.rss for run in runs["draft"]) / MIB
    print(f"    一份 draft 的峰值内存 {rss:.1f} MiB（目标 ≤ {TARGETS['memory_mib']:.0f} MiB）"
          f"{verdict(0 < rss <= TARGETS['memory_mib'])}")


def report_batches(runs: dict[str, tuple[int, Run]]) -> None:
    """Print batch throughput per CPU-second and memory growth."""
    count, serial = runs["serial"]
    print(f"三、批量生成（5 个示例 + {count - 5} 个变体 = {count} 份，一条命令；各 3 次交替，中位数）")
    for name, label in (("serial", "一个进程（-j 1）"), ("parallel", "默认进程数")):
        reports, run = runs[name]
        per_core = reports / run.cpu if run.cpu else 0
        print(f"    {label}：墙钟 {run.wall:.2f} s，{reports / run.wall:.0f} 份/秒；"
              f"CPU {run.cpu:.2f} s，每核 {per_core:.0f} 份/秒")
    per_core = count / serial.cpu if serial.cpu else 0
    print(f"    每核吞吐（一个进程，含启动）{per_core:.0f} 份/秒（目标 ≥ "
          f"{TARGETS['per_core']:.0f}）{verdict(per_core >= TARGETS['per_core'])}")
    (long, big), small = runs["long"], serial.rss
    growth = (big.rss - small) / 1024 / (long - count)
    print(f"    峰值内存（一个进程）：{count} 份 {small / MIB:.1f} MiB，{long} 份 "
          f"{big.rss / MIB:.1f} MiB，每多一份增长 {growth:.2f} KiB（目标 ≤ "
          f"{TARGETS['growth_kib']:.0f} KiB，即不随份数增长）"
          f"{verdict(small > 0 and growth <= TARGETS['growth_kib'])}")


def main() -> None:
    """Run every measurement and print the results (or run as one of its helpers)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="冷启动交替轮数")
    parser.add_argument("--variants", type=int, default=200, help="批量中的变体数")
    parser.add_argument("--long", type=int, default=1000, help="测量内存增长的长批量中的变体数")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--in-process", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare_inputs(args.prepare)
    elif args.in_process:
        print(json.dumps(in_process(args.in_process)))
    else:
        measure(args.rounds, args.variants, args.long)


def measure(rounds: int, variants: int, long: int) -> None:
    """Every measurement, in a temporary folder with its own per-user cache."""
    work = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # keep .pyc
    env["FAZHI_WRITE_CACHE"] = str(work / "cache")
    try:
        print(f"fazhi-write 基准测试：Python {platform.python_version()}，{os.cpu_count()} 个 CPU，"
              f"{platform.platform(terse=True)}，{time.strftime('%Y-%m-%d %H:%M')}")
        first = first_run(work, env)
        report_cold(cold_starts(work, env, rounds), first)
        report_render(sorted(json.loads(helper(env, "--in-process", "20"))))
        report_batches(batches(work, env, variants, long))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report_render(times: list[float]) -> None:
    """Print the in-process time per report."""
    render_ms = statistics.median(times) * 1000
    print(f"二、进程内生成一份（5 个示例 × 20 次，不写文件）：中位数 {render_ms:.1f} ms，"
          f"最慢 {times[-1] * 1000:.1f} ms（目标 ≤ {TARGETS['render_ms']:.0f} ms）"
          f"{verdict(render_ms <= TARGETS['render_ms'])}")


if __name__ == "__main__":
    main()
