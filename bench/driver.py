#!/usr/bin/python3
# driver.py: creates the benchmark tables, loads the data, checks that every
# client moves the same item, runs each client's workloads one client at a
# time (the batch workload through each client's batch program, on a table
# of its own), prints the figures with their ratios and writes them as JSON.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run.sh sets up the machine and calls this; see bench/README.md.

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import boto3

import benchlib

HERE = os.path.dirname(os.path.abspath(__file__))

# Counts per workload: (quick, full). Every loop is also bounded by --seconds.
COUNTS = {
    "get": (300, 3000),
    "put": (300, 3000),
    "query_100": (100, 1000),
    "iterate_10k": (1, 5),
    "async_1": (400, 4000),
    "async_8": (400, 4000),
    "async_32": (400, 4000),
    "codec": (5000, 100000),
    "scan_rss": (1, 1),
}
SECONDS = {"quick": 2.0, "full": 5.0}
# Workloads run in a process of their own: the peak RSS (ru_maxrss, a
# high-water mark) must not have been raised by the workloads before.
ALONE = {"scan_rss"}
ROUNDS = {"quick": 1, "full": 3}
# The batch workload: items written in one batch write, then keys read back
# in one batch get (quick, full); --batch-counts overrides them.
BATCH_COUNTS = {"quick": (2000, 500), "full": (10000, 1000)}
# Unmeasured requests that warm DynamoDB Local's JVM before the first round.
SERVER_WARMUP = {"quick": "get=500,put=500,query_100=100,async_32=500",
                 "full": "get=3000,put=3000,query_100=500,async_32=3000"}


class Client:
    """One benchmark program and the workloads the driver asks it for; and
    its batch program (bench/batch_bench.c's protocol), if it has one."""

    def __init__(self, name, argv, workloads, batch_argv=None):
        self.name = name
        self.argv = argv
        self.workloads = workloads
        self.batch_argv = batch_argv

    def command(self, common, extra):
        return self.argv + common + extra


def clients(args):
    bindir = args.bindir
    python = ["/usr/bin/python3"]
    call_workloads = ["call_get", "call_put", "call_async_1", "call_async_8", "call_async_32"]
    model_workloads = ["get", "put", "query_100", "iterate_10k", "async_1", "async_8", "async_32",
                       "codec", "scan_rss"]
    return [
        Client("dynantic", [os.path.join(bindir, "dynantic-bench")], model_workloads + call_workloads,
               [os.path.join(bindir, "batch-bench")]),
        Client("dynantic_face", python + [os.path.join(HERE, "peer_dynantic_face.py")], ["get", "put"]),
        Client("dynantic_python", python + [os.path.join(HERE, "peer_dynantic_python.py")], ["get"]),
        Client("boto3", python + [os.path.join(HERE, "peer_boto3.py")],
               ["get", "put", "query_100", "iterate_10k", "async_8", "codec"],
               python + [os.path.join(HERE, "batch_boto3.py")]),
        Client("go", [args.go_peer],
               ["get", "put", "query_100", "iterate_10k", "async_32"],
               [args.go_batch] if args.go_batch else None),
        Client("floor", [os.path.join(bindir, "floor")],
               ["get", "put", "query_100", "async_1", "async_8", "async_32"]),
    ]


# Cold starts: each a program that imports or loads its library, makes a
# client, does one GetItem of the shared item and exits (bench/cold/).
COLD_PROGRAMS = ["dynantic_face", "boto3", "dynantic_c", "go"]
COLD_RUNS = {"quick": 5, "full": 15}


def cold_commands(args):
    python = ["/usr/bin/python3"]
    cold = os.path.join(HERE, "cold")
    return {
        "dynantic_face": python + [os.path.join(cold, "cold_face.py")],
        "boto3": python + [os.path.join(cold, "cold_boto3.py")],
        "dynantic_c": [os.path.join(args.bindir, "cold-c")],
        "go": [args.cold_go] if args.cold_go else None,
    }


def run_cold(command, argv, runs):
    """Median wall time and CPU (user + system of the child) of @runs fresh
    processes, in ms."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError("%s failed: %s" % (" ".join(command), done.stderr.decode(errors="replace")))
        walls.append(wall * 1000)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return {"wall_ms": median(walls), "cpu_ms": median(cpus), "runs": runs}


def cold_starts(args, spec, mode, only):
    """The cold-start figures of every program, alternating programs run by run."""
    argv = [args.endpoint, spec["table"], spec["partitions"]["get"], spec["sort_key"]]
    wanted = None if not only or "cold" in only else set(only) | ({"dynantic_c"} if "dynantic" in only else set())
    commands = {name: command for name, command in cold_commands(args).items()
                if command is not None and (wanted is None or name in wanted)}
    samples = {name: [] for name in commands}
    for name, command in commands.items():       # one unmeasured start each: file caches warm for all
        run_cold(command, argv, 1)
    for _ in range(COLD_RUNS[mode]):
        for name, command in commands.items():
            samples[name].append(run_cold(command, argv, 1))
    log("cold starts: %d runs of %s" % (COLD_RUNS[mode], ", ".join(commands)))
    return {name: {"wall_ms": median([r["wall_ms"] for r in runs]), "cpu_ms": median([r["cpu_ms"] for r in runs])}
            for name, runs in samples.items()}


# A metric: its fields, each read from (client, workload, figure); which way is
# better; and the ratios, each (peer field, dynantic field it is compared with).
class Metric:
    def __init__(self, name, what, unit, better, fields, ratios, batch=False):
        self.name, self.what, self.unit, self.better = name, what, unit, better
        self.fields = fields
        self.ratios = ratios
        self.batch = batch      # printed in the batch table, not one by one


def per_op_metric(name, what, unit, better, workload, figure, peers):
    fields = {"dynantic": ("dynantic", workload, figure)}
    if workload in ("get", "put"):
        fields["dynantic_call"] = ("dynantic", "call_" + workload, figure)
    for peer in peers:
        fields[peer] = (peer, workload, figure)
    return Metric(name, what, unit, better, fields, [(peer, "dynantic") for peer in peers])


def async_metric(name, what, unit, better, figure):
    fields = {}
    for n in (1, 8, 32):
        fields["dynantic_%d" % n] = ("dynantic", "async_%d" % n, figure)
    for n in (1, 8, 32):
        fields["dynantic_call_%d" % n] = ("dynantic", "call_async_%d" % n, figure)
    fields["boto3_8_threads"] = ("boto3", "async_8", figure)
    fields["go_32"] = ("go", "async_32", figure)
    for n in (1, 8, 32):
        fields["floor_%d" % n] = ("floor", "async_%d" % n, figure)
    ratios = [("boto3_8_threads", "dynantic_8"), ("go_32", "dynantic_32"), ("floor_32", "dynantic_32")]
    return Metric(name, what, unit, better, fields, ratios)


BATCH_PEERS = ["boto3", "go"]
BATCH_FIGURES = [
    ("items_per_s", "items/s", "higher", "throughput", True),
    ("cpu_us", "µs", "lower", "client CPU per item, user + system", True),
    ("cpu_user_us", "µs", "lower", "client CPU per item in user space", True),
    ("cpu_sys_us", "µs", "lower", "client CPU per item in the kernel", True),
    ("server_cpu_us", "µs", "lower", "DynamoDB Local's CPU per item", False),
]


def batch_metrics():
    """batch_write_* and batch_get_*: each batch figure of dynantic, boto3
    and go, with Dynantic's ratios (the server's CPU without: it is the same
    server work whoever asks)."""
    metrics = []
    for workload, what in (("batch_write", "batch write"), ("batch_get", "batch get")):
        for figure, unit, better, text, with_ratios in BATCH_FIGURES:
            raw_figure = figure if figure == "items_per_s" else figure + "_per_item"
            fields = {client: (client, workload, raw_figure) for client in ["dynantic"] + BATCH_PEERS}
            ratios = [(peer, "dynantic") for peer in BATCH_PEERS] if with_ratios else []
            metrics.append(Metric("%s_%s" % (workload, figure), "%s: %s" % (what, text), unit, better,
                                  fields, ratios, batch=True))
    return metrics


METRICS = [
    per_op_metric("get_cpu_us", "client CPU per GetItem", "µs", "lower", "get", "cpu_us",
                  ["boto3", "go", "floor"]),
    per_op_metric("put_cpu_us", "client CPU per PutItem", "µs", "lower", "put", "cpu_us",
                  ["boto3", "go", "floor"]),
    per_op_metric("get_ops_per_s", "sequential GetItem throughput", "ops/s", "higher", "get", "ops_per_s",
                  ["boto3", "go", "floor"]),
    per_op_metric("put_ops_per_s", "sequential PutItem throughput", "ops/s", "higher", "put", "ops_per_s",
                  ["boto3", "go", "floor"]),
    Metric("python_get_cpu_us", "client CPU per GetItem from Python (Product.get)", "µs", "lower",
           {"dynantic_face": ("dynantic_face", "get", "cpu_us"),
            "dynantic_python": ("dynantic_python", "get", "cpu_us"), "boto3": ("boto3", "get", "cpu_us")},
           [("boto3", "dynantic_face"), ("dynantic_python", "dynantic_face")]),
    Metric("python_put_cpu_us", "client CPU per PutItem from Python (item.save())", "µs", "lower",
           {"dynantic_face": ("dynantic_face", "put", "cpu_us"), "boto3": ("boto3", "put", "cpu_us")},
           [("boto3", "dynantic_face")]),
    per_op_metric("query_100_cpu_us", "client CPU per Query of 100 items", "µs", "lower", "query_100",
                  "cpu_us", ["boto3", "go", "floor"]),
    per_op_metric("iterate_10k_cpu_us", "client CPU per pass over a 10,000-item partition", "µs", "lower",
                  "iterate_10k", "cpu_us", ["boto3", "go"]),
    per_op_metric("codec_items_per_s", "encode+decode of the item as DynamoDB JSON text", "items/s",
                  "higher", "codec", "ops_per_s", ["boto3"]),
    async_metric("async_ops_per_s", "concurrent GetItem throughput", "ops/s", "higher", "ops_per_s"),
    async_metric("async_cpu_us", "client CPU per concurrent GetItem", "µs", "lower", "cpu_us"),
    Metric("cold_start_wall_ms", "a new process: import, make a client, first GetItem, exit (wall)", "ms",
           "lower", {name: ("cold", name, "wall_ms") for name in COLD_PROGRAMS},
           [("boto3", "dynantic_face"), ("go", "dynantic_c")]),
    Metric("cold_start_cpu_ms", "a new process: import, make a client, first GetItem, exit (CPU)", "ms",
           "lower", {name: ("cold", name, "cpu_ms") for name in COLD_PROGRAMS},
           [("boto3", "dynantic_face"), ("go", "dynantic_c")]),
    Metric("scan_rss_growth_mb", "peak RSS growth over a 100,000-item scan", "MB", "lower",
           {"dynantic": ("dynantic", "scan_rss", "rss_growth_mb")}, []),
] + batch_metrics()

# Items a workload must have seen per operation: a client that reads less fails.
EXPECTED_ITEMS = {"query_100": "query_100", "iterate_10k": "iterate_10k", "scan_rss": "scan"}


def ratio(metric, peer_value, dynantic_value):
    """Always 'how many times better Dynantic is': > 1 means Dynantic wins."""
    if peer_value is None or dynantic_value is None or peer_value == 0 or dynantic_value == 0:
        return None
    value = peer_value / dynantic_value if metric.better == "lower" else dynantic_value / peer_value
    return round(value, 3)


# ---------------------------------------------------------------- data

def make_ddb(args):
    return boto3.client(
        "dynamodb", endpoint_url=args.endpoint, region_name="us-east-1",
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "DynanticBenchKey"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "DynanticBenchSecret"))


def ensure_table(ddb, name):
    if name in ddb.list_tables()["TableNames"]:
        return
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST")
    ddb.get_waiter("table_exists").wait(TableName=name)


def make_batch_table(ddb, name):
    """A new, empty table for one batch run (partition key "id", as the batch
    programs write)."""
    ddb.create_table(
        TableName=name, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    ddb.get_waiter("table_exists").wait(TableName=name)


def count_partition(ddb, table, pk):
    total, start = 0, None
    while True:
        params = {"TableName": table, "KeyConditionExpression": "pk = :p",
                  "ExpressionAttributeValues": {":p": {"S": pk}}, "Select": "COUNT"}
        if start:
            params["ExclusiveStartKey"] = start
        page = ddb.query(**params)
        total += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return total


def write_items(ddb, table, items):
    def write_chunk(chunk):
        requests = [{"PutRequest": {"Item": item}} for item in chunk]
        while requests:
            response = ddb.batch_write_item(RequestItems={table: requests})
            requests = response.get("UnprocessedItems", {}).get(table, [])

    chunks = [items[i:i + 25] for i in range(0, len(items), 25)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write_chunk, chunks))


def load_partition(ddb, spec, table, pk, size):
    if count_partition(ddb, table, pk) == size:
        return
    items = []
    for i in range(size):
        item = benchlib.keyed_item(spec, pk)
        item["sk"] = {"S": "%06d" % i}
        items.append(item)
    write_items(ddb, table, items)


def load_scan_table(ddb, spec):
    table = spec["scan_table"]
    ensure_table(ddb, table)
    size = spec["sizes"]["scan"]
    if ddb.describe_table(TableName=table)["Table"].get("ItemCount", 0) >= size:
        return
    items = []
    for i in range(size):
        items.append(benchlib.keyed_item(spec, "scan#%06d" % i))
    write_items(ddb, table, items)


def load_data(args, spec, need_scan):
    ddb = make_ddb(args)
    ensure_table(ddb, spec["table"])
    partitions = spec["partitions"]
    ddb.put_item(TableName=spec["table"], Item=benchlib.keyed_item(spec, partitions["get"]))
    load_partition(ddb, spec, spec["table"], partitions["query_100"], spec["sizes"]["query_100"])
    load_partition(ddb, spec, spec["table"], partitions["iterate_10k"], spec["sizes"]["iterate_10k"])
    if need_scan:
        log("loading the %d-item scan table" % spec["sizes"]["scan"])
        load_scan_table(ddb, spec)


# ---------------------------------------------------------------- running

def log(text):
    sys.stderr.write("bench: %s\n" % text)
    sys.stderr.flush()


def run_client(client, common, extra):
    command = client.command(common, extra)
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s" % (client.name, proc.returncode, proc.stderr.strip()))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError("%s printed no result:\n%s" % (client.name, proc.stderr.strip()))
    return json.loads(lines[-1])


def available_workloads(client, common):
    """Asks a client which workloads it can run (n/a ones are left out), and
    whether it has a check mode ("check")."""
    return set(run_client(client, common, ["--list"])["available"])


def normalize(value):
    """An attribute value in a canonical form: numbers as Decimals, sets sorted."""
    (kind, inner), = value.items()
    if kind == "N":
        return (kind, Decimal(inner).normalize())
    if kind in ("SS", "BS"):
        return (kind, tuple(sorted(inner)))
    if kind == "NS":
        return (kind, tuple(sorted(Decimal(n).normalize() for n in inner)))
    if kind == "L":
        return (kind, tuple(normalize(v) for v in inner))
    if kind == "M":
        return (kind, tuple(sorted((k, normalize(v)) for k, v in inner.items())))
    return (kind, inner)


def item_differences(expected, got):
    if got is None:
        return ["the whole item is missing"]
    names = sorted(set(expected) | set(got))
    return [n for n in names if n not in expected or n not in got or normalize(expected[n]) != normalize(got[n])]


def check(runnable, common, spec):
    """Every client writes the item under its own key; every client reads every
    key back; each read must equal the shared item exactly."""
    prefix = spec["partitions"]["check"]
    keys = [prefix + c.name for c in runnable]
    for client in runnable:
        run_client(client, common, ["--check-write", prefix + client.name])
    problems = []
    for client in runnable:
        report = run_client(client, common, ["--check-read", ",".join(keys)])
        for pk in keys:
            diffs = item_differences(benchlib.keyed_item(spec, pk), report["check"]["read"].get(pk))
            if diffs:
                problems.append("%s reading %s: %s differ" % (client.name, pk, ", ".join(diffs)))
    return problems


def server_pid(endpoint):
    """The pid of the DynamoDB Local serving @endpoint on this machine: the one
    scripts/dynamodb-local.sh wrote in its pid file, or else a java process
    running DynamoDBLocal.jar on the endpoint's port; None when there is none
    (an endpoint elsewhere)."""
    url = urllib.parse.urlsplit(endpoint)
    host = url.hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        return None
    port = str(url.port or 80).encode()
    candidates = []
    try:
        with open(os.path.join(os.path.dirname(HERE), ".dynamodb-local", "run", "%s.pid" % port.decode()),
                  encoding="ascii") as f:
            candidates.append(f.read().strip())
    except OSError:
        pass
    candidates += sorted(name for name in os.listdir("/proc") if name.isdigit())
    for pid in candidates:
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if not any(arg.endswith(b"DynamoDBLocal.jar") for arg in argv):
            continue
        listens = argv[argv.index(b"-port") + 1] if b"-port" in argv[:-1] else b"8000"   # its default
        if listens == port:
            return int(pid)
    return None


def run_batch(args, client, counts, server, tag):
    """One run of @client's batch program on a new table of its own, which is
    deleted after: its batch_write and batch_get figures."""
    ddb = make_ddb(args)
    table = "bench-batch-%d-%s-%s" % (os.getpid(), client.name.replace("_", "-"), tag)
    make_batch_table(ddb, table)
    env = dict(os.environ)
    env.pop("BENCH_SERVER_PID", None)
    if server is not None:
        env["BENCH_SERVER_PID"] = str(server)
    command = client.batch_argv + [args.endpoint, table, str(counts[0]), str(counts[1]), client.name]
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                              check=False)
    finally:
        ddb.delete_table(TableName=table)
    if proc.returncode != 0:
        raise RuntimeError("%s's batch program failed (exit %d):\n%s"
                           % (client.name, proc.returncode, proc.stderr.strip()))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError("%s's batch program printed no result:\n%s" % (client.name, proc.stderr.strip()))
    results = json.loads(lines[-1])
    for workload, expected in (("batch_write", counts[0]), ("batch_get", min(counts))):
        if results[workload]["items"] != expected:
            raise RuntimeError("%s %s did %s items, not %d" % (client.name, workload,
                                                               results[workload]["items"], expected))
    return results


def warm_batch(args, runnable, counts, server):
    """An unmeasured batch run as long as the measured ones, by the first
    client that has the batch workload (Dynantic's, the cheapest, if it takes
    part): with a shorter one the first client measured pays for the JIT."""
    for client, workloads in runnable:
        if "batch" in workloads:
            log("warming up DynamoDB Local for the batch workload (%s)" % client.name)
            run_batch(args, client, counts, server, "warmup")
            return


def process_groups(workloads):
    """The workloads run together in one process, then each that must run
    alone (in a fresh process) by itself; the batch workload is run apart
    (run_batch)."""
    workloads = [w for w in workloads if w != "batch"]
    together = [w for w in workloads if w not in ALONE]
    return ([together] if together else []) + [[w] for w in workloads if w in ALONE]


def run_round(args, spec, counts, runnable, common, batch, tag):
    raw = {}
    for client, workloads in runnable:
        if not workloads:
            continue
        log("  %s: %s" % (client.name, ", ".join(workloads)))
        raw[client.name] = {}
        for group in process_groups(workloads):
            arg = ",".join("%s=%d" % (w, counts[w.replace("call_", "")]) for w in group)
            raw[client.name].update(run_client(client, common, ["--workloads", arg])["results"])
        if "batch" in workloads:
            raw[client.name].update(run_batch(args, client, batch["counts"], batch["server"], tag))
        for workload, result in raw[client.name].items():
            need = EXPECTED_ITEMS.get(workload)
            if result is not None and need and result.get("items") != spec["sizes"][need]:
                raise RuntimeError("%s %s saw %s items, not %d" % (client.name, workload, result.get("items"),
                                                                   spec["sizes"][need]))
    return raw


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def merge_rounds(rounds):
    """Each figure is its median over the rounds; 'items' the fewest seen;
    null if no round has it."""
    merged = {}
    for raw in rounds:
        for client, results in raw.items():
            for workload, result in results.items():
                slot = merged.setdefault(client, {}).setdefault(workload, None if result is None else {})
                if result is None or slot is None:
                    continue
                for figure, value in result.items():
                    values = slot.setdefault(figure, [])
                    if value is not None:
                        values.append(value)
    for client, results in merged.items():
        for workload, figures_ in results.items():
            if figures_ is None:
                continue
            for figure, values in figures_.items():
                if not values:
                    figures_[figure] = None
                else:
                    figures_[figure] = min(values) if figure == "items" else median(values)
    return merged


def verify_puts(args, spec, runnable):
    """What each client's measured PutItem loop left in the table must be the
    whole item: read back by boto3, compared like the check."""
    ddb = make_ddb(args)
    problems = []
    for client, workloads in runnable:
        if not {"put", "call_put"} & set(workloads):
            continue
        pk = "%s#%s" % (spec["partitions"]["put"], client.name)
        got = ddb.get_item(TableName=spec["table"], Key=benchlib.key_of(spec, pk)).get("Item")
        diffs = item_differences(benchlib.keyed_item(spec, pk), got)
        if diffs:
            problems.append("%s's PutItem loop wrote %s: %s differ" % (client.name, pk, ", ".join(diffs)))
    return problems


def load_average():
    """The machine's 1-minute load average: the benchmarks share it."""
    return round(os.getloadavg()[0], 2)


def run_all(args, spec, counts, runnable, common, rounds, batch):
    """The figures (medians over the rounds), and the load average before
    each round and after the last."""
    raws, loads = [], []
    for n in range(rounds):
        loads.append(load_average())
        log("round %d of %d (load average %.2f)" % (n + 1, rounds, loads[-1]))
        # rotate the order so no client always runs first (or last)
        order = runnable[n % len(runnable):] + runnable[:n % len(runnable)]
        raws.append(run_round(args, spec, counts, order, common, batch, "r%d" % (n + 1)))
    loads.append(load_average())
    return merge_rounds(raws), loads


def warm_server(runnable, common, mode):
    """Unmeasured traffic from the cheapest client (the floor, else Dynantic),
    so the first client measured does not pay for the server's JIT warm-up."""
    warmers = {client.name: client for client, workloads in runnable if set(workloads) - {"batch"}}
    for name in ("floor", "dynantic"):
        if name in warmers:
            log("warming up DynamoDB Local (%s)" % name)
            run_client(warmers[name], common, ["--workloads", SERVER_WARMUP[mode]])
            return


def figures(raw):
    out = {}
    for metric in METRICS:
        entry = {}
        for field, (client, workload, figure) in metric.fields.items():
            result = raw.get(client, {}).get(workload)
            value = result.get(figure) if result else None
            entry[field] = round(value, 3) if value is not None else None
        ratios = {peer: ratio(metric, entry.get(peer), entry.get(ref)) for peer, ref in metric.ratios}
        if ratios:
            entry["ratio"] = ratios[metric.ratios[0][0]]
            entry["ratios"] = ratios
        entry["unit"] = metric.unit
        entry["better"] = metric.better
        out[metric.name] = entry
    return out


def fmt(value):
    if value is None:
        return "n/a"
    if value >= 100:
        return "{:,.0f}".format(value)
    return "{:.2f}".format(value) if value < 10 else "{:.1f}".format(value)


def print_table(results, out=sys.stdout):
    if all(metric.batch or all(results[metric.name][field] is None for field in metric.fields)
           for metric in METRICS):
        return
    out.write("\nratio = how many times better Dynantic is (peer/dynantic for costs, "
              "dynantic/peer for throughput); > 1 means Dynantic wins.\n")
    out.write("'vs call' compares with Dynantic's bare call primitive (dynantic_client_call).\n")
    for metric in METRICS:
        entry = results[metric.name]
        if metric.batch or all(entry[field] is None for field in metric.fields):
            continue
        out.write("\n%s — %s (%s, %s is better)\n" % (metric.name, metric.what, metric.unit, metric.better))
        ratio_of = dict(metric.ratios)
        for field in metric.fields:
            line = "  %-18s %12s" % (field, fmt(entry[field]))
            if field in ratio_of:
                line += "   ratio %6s" % fmt(entry["ratios"][field])
                call_ref = ratio_of[field].replace("dynantic", "dynantic_call", 1)
                if call_ref in entry and entry[call_ref] is not None:
                    line += "   vs call %6s" % fmt(ratio(metric, entry[field], entry[call_ref]))
            out.write(line + "\n")
    out.flush()


def times(value):
    return "n/a" if value is None else "×" + fmt(value)


def print_batch_table(results, batch, rounds, out=sys.stdout):
    """The batch figures, one line per client: items/s, client CPU per item
    and its user and system parts, the server's CPU per item and the cores it
    kept busy, and Dynantic's throughput and CPU per item against each peer's
    (× = dynantic / peer; 1/N: N times less CPU)."""
    if all(results["batch_write_items_per_s"][c] is None for c in ["dynantic"] + BATCH_PEERS):
        return
    n_write, n_get = batch["counts"]
    out.write("\nbatch — one batch write of {:,} items, then one batch get of {:,} of their keys "
              "(median of {} round{}); CPU in µs per item; server = DynamoDB Local's java process "
              "(cores: its CPU per item × items/s){}\n".format(
                  n_write, min(n_write, n_get), rounds, "" if rounds == 1 else "s",
                  "" if batch["server"] else ", n/a: its pid was not found"))
    out.write("Dynantic's throughput and CPU per item against the peer's: × = dynantic / peer, "
              "1/N = N times less CPU.\n")
    for workload in ("batch_write", "batch_get"):
        out.write("\n  %-11s %9s %9s %9s %9s %9s %7s %11s %11s %8s\n"
                  % (workload, "items/s", "CPU", "user", "sys", "server", "cores", "items/s ×", "CPU ×", "1/N"))
        for client in ["dynantic"] + BATCH_PEERS:
            value = {figure: results["%s_%s" % (workload, figure)][client] for figure, *_ in BATCH_FIGURES}
            server, rate = value["server_cpu_us"], value["items_per_s"]
            cores = fmt(server * rate / 1e6) if server is not None and rate is not None else "n/a"
            line = "  %-11s %9s %9s %9s %9s %9s %7s" % (
                client, fmt(rate), fmt(value["cpu_us"]), fmt(value["cpu_user_us"]), fmt(value["cpu_sys_us"]),
                fmt(server), cores)
            if client != "dynantic":
                throughput = results[workload + "_items_per_s"]["ratios"][client]
                cpu = results[workload + "_cpu_us"]["ratios"][client]    # peer / dynantic
                line += " %11s %11s %8s" % (times(throughput), times(1 / cpu if cpu else None),
                                            "n/a" if cpu is None else "1/" + fmt(cpu))
            out.write(line + "\n")
    out.flush()


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "system": platform.platform()}


def main():
    parser = argparse.ArgumentParser(description="Runs the Dynantic benchmarks against a DynamoDB endpoint")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--bindir", required=True, help="where dynantic-bench and floor are")
    parser.add_argument("--go-peer", required=True, help="the built bench/go/peer_go.go")
    parser.add_argument("--cold-go", help="the built bench/cold/cold_go.go")
    parser.add_argument("--go-batch", help="the built bench/go/batch_go.go")
    parser.add_argument("--item", default=os.path.join(HERE, "item.json"))
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run")
    parser.add_argument("--check", action="store_true", help="only check that the clients agree on the data")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--only", metavar="CLIENT,...", help="run only these clients")
    parser.add_argument("--rounds", type=int, help="rounds to take medians over (quick: 1, full: 3)")
    parser.add_argument("--only-workload", metavar="WORKLOAD,...",
                        help="run only these workloads (get, put, ..., batch, cold; the call_* ones "
                             "follow get, put and async_N)")
    parser.add_argument("--batch-counts", metavar="WRITE,GET",
                        help="items of the batch write and keys of the batch get (quick: 2000,500; "
                             "full: 10000,1000)")
    args = parser.parse_args()

    spec = benchlib.load_spec(args.item)
    mode = "quick" if args.quick else "full"
    counts = {w: c[0 if args.quick else 1] for w, c in COUNTS.items()}
    common = ["--endpoint", args.endpoint, "--item", args.item, "--seconds", str(SECONDS[mode])]
    chosen = [c for c in clients(args) if not args.only or c.name in args.only.split(",")]
    only_workloads = set(args.only_workload.split(",")) if args.only_workload else None

    def wanted(workload):
        return only_workloads is None or workload.replace("call_", "") in only_workloads

    available = {c.name: available_workloads(c, common) for c in chosen}
    runnable = []
    for client in chosen:
        workloads = [w for w in client.workloads if w in available[client.name] and wanted(w)]
        missing = [w for w in client.workloads if w not in available[client.name] and wanted(w)]
        if wanted("batch") and client.batch_argv:
            if os.path.exists(client.batch_argv[-1]):
                workloads.append("batch")
            else:
                missing.append("batch")
        if missing:
            log("%s: not available yet (n/a): %s" % (client.name, ", ".join(missing)))
        runnable.append((client, workloads))
    checkers = [c for c in chosen if "check" in available[c.name]]
    need_scan = any("scan_rss" in w for _, w in runnable)
    batch_only = only_workloads is not None and only_workloads <= {"batch"}

    if not batch_only or args.check:     # the batch programs write items of their own
        log("creating the tables and loading the data")
        load_data(args, spec, need_scan)

        log("checking that every client writes and reads the same item")
        problems = check(checkers, common, spec)
        if problems:
            log("the clients disagree on the data:\n  " + "\n  ".join(problems))
            return 1
        log("check passed: %s agree" % ", ".join(c.name for c in checkers))
    if args.check:
        return 0

    rounds = args.rounds or ROUNDS[mode]
    batch = {"counts": BATCH_COUNTS[mode], "server": None}
    if args.batch_counts:
        batch["counts"] = tuple(int(n) for n in args.batch_counts.split(","))
    if any("batch" in w for _, w in runnable):
        batch["server"] = server_pid(args.endpoint)
        log("DynamoDB Local's pid: %s" % (batch["server"] or "not found (server CPU n/a)"))
    warm_server(runnable, common, mode)
    warm_batch(args, runnable, batch["counts"], batch["server"])
    raw, loads = run_all(args, spec, counts, runnable, common, rounds, batch)
    problems = verify_puts(args, spec, runnable)
    if problems:
        log("a measured loop did less than the others:\n  " + "\n  ".join(problems))
        return 1
    if wanted("cold") and (not args.only or {"dynantic_face", "boto3", "dynantic", "go", "cold"}
                           & set(args.only.split(","))):
        raw["cold"] = cold_starts(args, spec, mode, args.only.split(",") if args.only else None)
    results = figures(raw)
    print_table(results)
    print_batch_table(results, batch, rounds)
    print("\nload average (1 min) before each round and after the last: %s"
          % " ".join("%.2f" % load for load in loads))
    if args.json:
        document = dict(results)
        document["machine"] = dict(machine(), load_average_1min=loads)
        document["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        document["config"] = {"mode": mode, "counts": counts, "seconds": SECONDS[mode], "rounds": rounds,
                              "batch_counts": {"write": batch["counts"][0],
                                               "get": min(batch["counts"])},
                              "server_pid_found": batch["server"] is not None,
                              "only_workload": sorted(only_workloads) if only_workloads else None}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2, sort_keys=True)
            f.write("\n")
        log("wrote %s" % args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
