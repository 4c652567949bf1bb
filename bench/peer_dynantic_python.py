#!/usr/bin/python3
# peer_dynantic_python.py: Dynantic through its Python face (PyGObject)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Measures what a Python user of Dynantic pays, to set beside boto3's
# `get` (metric python_get_cpu_us). bench/run.sh points GI_TYPELIB_PATH and
# LD_LIBRARY_PATH at its build, so `gi.require_version("Dynantic", "1")`
# finds the library under test.

import benchlib


def model_get(args):
    """SLOT(model, Python face): GetItem of the shared item through a
    Dynantic.Model subclass declared in Python, once the model layer lands.
    Fill in as, for example:

        import gi
        gi.require_version("Dynantic", "1")
        from gi.repository import Dynantic
        class BenchItem(Dynantic.Model): ...   # the attributes of bench/item.json
        key = args.spec["partitions"]["get"], args.spec["sort_key"]
        return lambda plan: benchlib.measure(
            benchlib.sequential(lambda: BenchItem.get(*key)), plan)

    and give main() check functions that save/get through the same model.
    Until then: None, reported as null (n/a)."""
    return None


def main():
    args = benchlib.parse_args(benchlib.argument_parser("Dynantic's Python face in the benchmarks"))
    workloads = {"get": model_get(args)}
    benchlib.run_workloads("dynantic_python", args, workloads, can_check=False)


if __name__ == "__main__":
    main()
