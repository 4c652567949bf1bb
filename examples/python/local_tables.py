"""Tables for the examples: made from the models' schemas when the example
starts and deleted when it ends (in production, tables come from your
infrastructure code; Dynantic does not create them for you)."""
import contextlib

import gi

gi.require_version("Dynantic", "1")
from gi.repository import Dynantic  # noqa: E402


@contextlib.contextmanager
def tables(*models):
    for model in models:
        Dynantic.table_create(model)
    for model in models:
        Dynantic.table_wait_until_active(model, 60)
    try:
        yield
    finally:
        for model in models:
            Dynantic.table_delete(model)
