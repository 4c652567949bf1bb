"""Dynantic for Python: DynamoDB models on the Dynantic C library.

A thin package over the PyGObject override ``gi.overrides.Dynantic``:
everything here is also ``Dynantic.<name>`` after
``gi.require_version("Dynantic", "1"); from gi.repository import Dynantic``.
"""

import gi as _gi

_gi.require_version("Dynantic", "1")
from gi.repository import Dynantic as _Dynantic  # noqa: E402  (loads the override)
from gi.overrides import Dynantic as _override  # noqa: E402

__all__ = list(_override.__all__)
globals().update({_name: getattr(_Dynantic, _name) for _name in __all__})

# the package's alone: Dynantic.BatchWriter is the library's own class
BatchWriter = _override.BatchWriter
__all__.append("BatchWriter")

__version__ = "%d.%d.%d" % (_Dynantic.get_major_version(), _Dynantic.get_minor_version(),
                            _Dynantic.get_micro_version()) if hasattr(_Dynantic, "get_major_version") else "0.2"
