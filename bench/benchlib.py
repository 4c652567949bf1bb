# benchlib.py: what the Python benchmark programs share
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every peer (Python, Go, C) follows the same rules, so their figures compare:
#   - a workload runs `warmup` operations first, unmeasured (10% of its count, at least 1);
#   - then it runs until it has done `count` operations or `--seconds` have passed,
#     whichever comes first (at least one operation);
#   - client CPU is user+sys time of the whole process (getrusage RUSAGE_SELF, so every
#     thread counts) over the measured loop only, divided by the operations;
#   - throughput is operations divided by wall-clock time (monotonic clock).
# Each program prints one JSON line: {"peer": NAME, "results": {WORKLOAD: RESULT|null}}
# or, in check mode, {"peer": NAME, "check": {"wrote": PK, "read": {PK: ITEM}}}.

import argparse
import copy
import json
import resource
import sys
import time


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb():
    """Peak resident set of this process in MB: VmHWM (not ru_maxrss, which
    Linux carries over exec from the process that forked this one)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class Plan:
    """One workload's bounds: warm-up operations, measured operations, seconds."""

    def __init__(self, count, seconds):
        self.count = max(1, count)
        self.warmup = max(1, self.count // 10)
        self.seconds = seconds


def measure(run, plan):
    """run(n, deadline) performs up to n operations, stopping early once the
    monotonic clock passes deadline, and returns how many it did. It runs once
    for warm-up, then once measured."""
    run(plan.warmup, float("inf"))
    cpu0 = cpu_seconds()
    t0 = time.monotonic()
    done = run(plan.count, t0 + plan.seconds)
    wall = time.monotonic() - t0
    cpu = cpu_seconds() - cpu0
    return {
        "ops": done,
        "wall_s": round(wall, 6),
        "cpu_us": round(cpu / done * 1e6, 3),
        "ops_per_s": round(done / wall, 3),
    }


def sequential(op):
    """A run function for measure() that calls op() once per operation."""
    def run(n, deadline):
        done = 0
        while done < n:
            op()
            done += 1
            if time.monotonic() >= deadline:
                break
        return done
    return run


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def keyed_item(spec, pk):
    """The shared item with its partition key set to pk."""
    item = copy.deepcopy(spec["item"])
    item["pk"] = {"S": pk}
    item["sk"] = {"S": spec["sort_key"]}
    return item


def key_of(spec, pk):
    return {"pk": {"S": pk}, "sk": {"S": spec["sort_key"]}}


def parse_workloads(text, default_count):
    """'get=3000,put,query_100=500' -> {'get': 3000, 'put': default, ...}"""
    workloads = {}
    for part in filter(None, (text or "").split(",")):
        name, _, count = part.partition("=")
        workloads[name] = int(count) if count else default_count
    return workloads


def argument_parser(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--endpoint", required=True, help="DynamoDB endpoint, e.g. http://127.0.0.1:8000")
    parser.add_argument("--table", help="table (default: the one named in --item)")
    parser.add_argument("--scan-table", help="table of the scan workload (default: from --item)")
    parser.add_argument("--item", required=True, help="bench/item.json")
    parser.add_argument("--ops", type=int, default=1000, help="count for workloads given without one")
    parser.add_argument("--seconds", type=float, default=10.0, help="time bound of each measured loop")
    parser.add_argument("--workloads", default="", help="NAME[=COUNT],... to run")
    parser.add_argument("--check-write", metavar="PK", help="check mode: write the item under PK")
    parser.add_argument("--check-read", metavar="PK,...", help="check mode: read these items back")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--list", action="store_true", help="print the workloads this program can run")
    return parser


def parse_args(parser):
    args = parser.parse_args()
    args.spec = load_spec(args.item)
    args.table = args.table or args.spec["table"]
    args.scan_table = args.scan_table or args.spec["scan_table"]
    args.workload_counts = parse_workloads(args.workloads, args.ops)
    if not args.endpoint.startswith(("http://127.", "http://localhost", "http://[::1]")):
        parser.error("the benchmarks only talk to a server on this machine (http://127.x.x.x)")
    return args


def run_workloads(peer, args, workloads, can_check=True):
    """workloads: name -> function(Plan) returning a result dict, or None when
    the peer has no such workload (reported as null, printed as n/a).
    --list prints the available ones ("check" when check mode works)."""
    if args.list:
        available = [name for name, fn in workloads.items() if fn is not None]
        emit({"peer": peer, "available": available + (["check"] if can_check else [])})
        return
    results = {}
    for name, count in args.workload_counts.items():
        fn = workloads.get(name)
        results[name] = fn(Plan(count, args.seconds)) if fn is not None else None
    emit({"peer": peer, "results": results})


def run_check(peer, args, put_item, get_item):
    """put_item(pk) writes the shared item under pk; get_item(pk) returns the
    item read back, in DynamoDB JSON, or None when absent."""
    report = {"peer": peer, "check": {"wrote": None, "read": {}}}
    if args.check_write:
        put_item(args.check_write)
        report["check"]["wrote"] = args.check_write
    for pk in filter(None, (args.check_read or "").split(",")):
        report["check"]["read"][pk] = get_item(pk)
    emit(report)


def emit(obj):
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()
