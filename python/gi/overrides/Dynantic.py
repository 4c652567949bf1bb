# Dynantic.py: the Python face of Dynantic (a PyGObject override)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Declares models the way Python users know them (annotations, Key(),
# class Meta), turns Python values into the GValues of the fields' properties
# and back, builds the library's conditions, queries, scans and updates,
# runs its calls (sync, or async on one GLib main context in a background
# thread for asyncio), and turns its GErrors into exceptions. It only
# translates: validation, marshalling, expressions, signing, transport,
# retries, pagination and batching are the C library's.
#
# Plain PyGObject use (Dynantic.Model subclasses with GObject.Property
# fields, Dynantic.Query.new(...), GLib.Error) is untouched: every name
# below is new, except Dynantic.Client, whose constructor also takes the
# Python spelling of its settings.

import builtins
import contextlib
import contextvars
import copy
import datetime as _dt
import decimal
import enum
import json
import sys
import threading
import types
import uuid

from gi.repository import GLib, GObject, Gio
from ..overrides import override
from ..module import get_introspection_module

# asyncio and typing are imported when first needed (awaitables, typing
# annotations): a serverless cold start pays for neither otherwise.

Dynantic = get_introspection_module('Dynantic')

__all__ = []


def _export(obj, name=None):
    __all__.append(name or obj.__name__)
    return obj


# Errors ----------------------------------------------------------------------

@_export
class DynanticError(Exception):
    """Every error Dynantic raises.

    ``code`` is DynamoDB's error name (``"ConditionalCheckFailedException"``,
    ...) when the service said it, else the name DynamoDB uses for that kind
    of failure; ``service_code`` the service's own name only (``None`` when
    the failure did not come from it); ``http_status`` and ``request_id``
    those of the response (0 and ``None`` without one); ``retryable``
    whether trying again may succeed; ``original_error`` is the library's
    ``GLib.Error`` (``None`` for errors found in Python before calling it).
    """

    default_code = 'DynanticError'

    def __init__(self, message, code=None, original_error=None, http_status=0,
                 request_id=None, retryable=False):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.service_code = code
        self.original_error = original_error
        self.http_status = http_status
        self.request_id = request_id
        self.retryable = retryable


@_export
class ValidationError(DynanticError, ValueError):
    """Invalid values or arguments; ``fields`` names every bad field."""

    default_code = 'ValidationException'

    def __init__(self, message, fields=(), **kwargs):
        super().__init__(message, **kwargs)
        self.fields = list(fields)


@_export
class ItemNotFoundError(DynanticError, ValueError):
    """``one()`` found no item."""

    default_code = 'ItemNotFound'


@_export
class SchemaError(DynanticError, ValueError):
    """A model class declares an invalid schema."""

    default_code = 'SchemaError'


@_export
class ConditionalCheckFailedError(DynanticError):
    """A write's condition did not hold; ``item`` is the current item when
    DynamoDB returned it."""

    default_code = 'ConditionalCheckFailedException'

    def __init__(self, message, item=None, **kwargs):
        super().__init__(message, **kwargs)
        self.item = item


@_export
class TableNotFoundError(DynanticError):
    """The table (or index) does not exist; ``table_name`` names it."""

    default_code = 'ResourceNotFoundException'

    def __init__(self, message, table_name=None, **kwargs):
        super().__init__(message, **kwargs)
        self.table_name = table_name


@_export
class ThrottlingError(DynanticError):
    """DynamoDB throttled the request and the retries did not get through."""

    default_code = 'ProvisionedThroughputExceededException'


ProvisionedThroughputExceededError = _export(ThrottlingError, 'ProvisionedThroughputExceededError')


@_export
class ItemCollectionSizeLimitError(DynanticError):
    default_code = 'ItemCollectionSizeLimitExceededException'


@_export
class TransactionConflictError(DynanticError):
    default_code = 'TransactionConflictException'


class CancellationReason(Dynantic.CancellationReason):
    """Why one action of a cancelled transaction failed (the library's
    DynanticCancellationReason): ``code`` (``"None"``,
    ``"ConditionalCheckFailed"``, ...), ``message``, and ``item``, the
    current item as a model instance when DynamoDB returned it."""

    code = property(lambda self: self.get_code())
    message = property(lambda self: self.get_message())
    item = property(lambda self: self.get_item())

    def __repr__(self):
        return 'CancellationReason(code=%r)' % (self.code,)


CancellationReason = _export(override(CancellationReason))


@_export
class TransactionCanceledError(TransactionConflictError):
    """A cancelled transaction; ``reasons`` has one CancellationReason per
    action, in order."""

    default_code = 'TransactionCanceledException'

    def __init__(self, message, reasons=(), **kwargs):
        super().__init__(message, **kwargs)
        self.reasons = list(reasons)


@_export
class RequestTimeoutError(DynanticError, TimeoutError):
    default_code = 'RequestTimeout'


@_export
class InvalidCursorError(DynanticError, ValueError):
    """A pagination cursor was altered or made for another read."""

    default_code = 'InvalidCursor'


@_export
class BatchError(DynanticError):
    """Part of a batch could not be processed: ``unprocessed`` holds the
    items or keys not written or read, ``processed`` the others."""

    default_code = 'BatchIncomplete'

    def __init__(self, message, unprocessed=(), processed=(), **kwargs):
        super().__init__(message, **kwargs)
        self.unprocessed = list(unprocessed)
        self.processed = list(processed)


@_export
class CredentialsError(DynanticError):
    default_code = 'CredentialsError'


@_export
class ConnectionError(DynanticError, builtins.ConnectionError):  # noqa: A001
    default_code = 'ConnectionError'


_E = Dynantic.Error
_ERROR_CLASSES = {
    _E.VALIDATION: ValidationError,
    _E.INVALID_ARGUMENT: ValidationError,
    _E.SCHEMA: SchemaError,
    _E.CONDITIONAL_CHECK_FAILED: ConditionalCheckFailedError,
    _E.RESOURCE_NOT_FOUND: TableNotFoundError,
    _E.THROTTLED: ThrottlingError,
    _E.ITEM_COLLECTION_SIZE_LIMIT: ItemCollectionSizeLimitError,
    _E.TRANSACTION_CANCELED: TransactionCanceledError,
    _E.TRANSACTION_CONFLICT: TransactionConflictError,
    _E.TIMEOUT: RequestTimeoutError,
    _E.INVALID_CURSOR: InvalidCursorError,
    _E.BATCH_INCOMPLETE: BatchError,
    _E.CREDENTIALS: CredentialsError,
    _E.AUTH: CredentialsError,
    _E.NETWORK: ConnectionError,
    _E.REDIRECT: ConnectionError,
    _E.SERVICE: ConnectionError,
}
_DYNANTIC_QUARK = GLib.quark_to_string(Dynantic.error_quark())


def _error_details(error):
    """What the library kept on @error beyond its code and message.

    PyGObject rebuilds a GError from domain, code and message only; the
    library gives such an error the details of the latest one of the same
    code and message freed in this thread, so this is asked at once, in the
    thread the call failed in, before any other call."""
    get_details = getattr(Dynantic.Error, 'get_details', None)
    if get_details is not None:
        try:
            found = get_details(error)
        except (TypeError, GLib.Error):
            return {}
        if found is None:
            return {}
        return {'service_code': found.get_service_code(), 'http_status': found.get_http_status(),
                'request_id': found.get_request_id(), 'fields': found.get_fields(),
                'reason_details': found.get_cancellation_details(),
                'item': found.get_item(), 'retryable': found.get_retryable()}
    details = {}
    for key, getter in (('service_code', 'get_service_code'),
                        ('http_status', 'get_http_status'),
                        ('request_id', 'get_request_id'),
                        ('fields', 'get_fields'),
                                ('reason_details', 'get_cancellation_details'),
                        ('item', 'get_item'),
                        ('retryable', 'is_retryable')):
        function = getattr(Dynantic.Error, getter, None)
        if function is None:
            continue
        try:
            details[key] = function(error)
        except (TypeError, GLib.Error):
            pass
    return details


def _field_names(model, names):
    """Property names (``product-id``) as the model's fields are spelled."""
    fields = getattr(model, '_dyn_by_prop', {}) if model is not None else {}
    return [fields[n].name if n in fields else n.replace('-', '_') for n in names]


def _translate(error, model=None):
    """The DynanticError for a GLib.Error from the library."""
    if isinstance(error, DynanticError):
        return error
    if not isinstance(error, GLib.Error):
        return error
    if error.domain != _DYNANTIC_QUARK:
        if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
            import asyncio
            return asyncio.CancelledError(error.message)
        return DynanticError(error.message, original_error=error)
    cls = _ERROR_CLASSES.get(error.code, DynanticError)
    details = _error_details(error)
    kwargs = dict(code=details.get('service_code') or None, original_error=error,
                  http_status=details.get('http_status') or 0,
                  request_id=details.get('request_id') or None,
                  retryable=bool(details.get('retryable')))
    message = error.message
    if cls is ValidationError:
        return ValidationError(message, fields=_field_names(model, details.get('fields') or []), **kwargs)
    if cls is TableNotFoundError:
        table = None
        if model is not None:
            with contextlib.suppress(Exception):
                table = Dynantic.ModelClass.get_table(model)
        return TableNotFoundError(message, table_name=table, **kwargs)
    if cls is ConditionalCheckFailedError:
        return ConditionalCheckFailedError(message, item=details.get('item'), **kwargs)
    if cls is TransactionCanceledError:
        return TransactionCanceledError(message, reasons=_reasons(details), **kwargs)
    return cls(message, **kwargs)


def _reasons(details):
    """One CancellationReason per action of a cancelled transaction."""
    return list(details.get('reason_details') or [])


def _call(model, function, *args):
    """@function(*args), its GLib.Error raised as a DynanticError."""
    try:
        return function(*args)
    except GLib.Error as error:
        raise _translate(error, model) from None


# Values ----------------------------------------------------------------------

_UTC = _dt.timezone.utc
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_INT64 = (-2 ** 63, 2 ** 63 - 1)


def _datetime_to_g(value):
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    value = value.astimezone(_UTC)
    seconds = (value.toordinal() - _EPOCH_ORDINAL) * 86400 + value.hour * 3600 + value.minute * 60 + value.second
    return GLib.DateTime.new_from_unix_utc(seconds).add(value.microsecond)


def _datetime_from_g(value):
    if value is None:
        return None
    return _EPOCH + _dt.timedelta(seconds=value.to_unix(), microseconds=value.get_microsecond())


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _number_text(value):
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError('not a finite number')
        return str(value)
    return repr(value)


# Maps and lists nested deeper than this are refused before they reach
# GLib: deeper than DynamoDB's 32 levels (the library's own check, with its
# message, decides up to here), within what GVariant text carries (GLib's
# parser stops at 128 levels, a map costs 3) and far within Python's
# recursion limit, so a value nested 100,000 deep is a ValidationError,
# never a RecursionError.
_MAX_NESTING = 40


class _TooDeep(ValueError):
    pass


def _to_variant(value):
    """Any Python value as the GVariant the library writes as its DynamoDB type.

    Built as GVariant text and parsed by GLib in one call: ten times faster
    than building it a GLib.Variant at a time through PyGObject."""
    try:
        return GLib.Variant.parse(None, _variant_text(value), None, None)
    except (GLib.Error, UnicodeError):
        raise ValueError('a string GVariant cannot hold') from None


def _quote(text):
    # JSON's string escapes are GVariant text's; a NUL is refused by both
    if '\0' in text:
        raise ValueError('a string holds a NUL character')
    return json.dumps(text, ensure_ascii=False)


def _checked_text(value):
    """@value's GVariant text, checked as GLib will take it (UTF-8, no lone
    surrogates): what passes converts in do_get_property, which cannot raise."""
    text = _variant_text(value)
    text.encode('utf-8')
    return text


def _variant_text(value, depth=0):
    """@value in GVariant text format: lists av, maps a{sv}, numbers x or d,
    None mv, bytes ay; tagged {'N', <'...'>} for exact or big numbers, and
    {'SS'|'NS'|'BS', <...>} for sets. TypeError for what has no DynamoDB type,
    _TooDeep for maps and lists nested deeper than _MAX_NESTING."""
    if value is None:
        return '@mv nothing'
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if isinstance(value, enum.Enum):
        return _variant_text(value.value)
    if isinstance(value, int):
        if _INT64[0] <= value <= _INT64[1]:
            return 'int64 %d' % value
        return "{'N', <'%d'>}" % value
    if isinstance(value, float):
        if value != value or value in (float('inf'), float('-inf')):
            raise ValueError('not a finite number')
        return '@d %r' % value
    if isinstance(value, decimal.Decimal):
        return "{'N', <%s>}" % _quote(_number_text(value))
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return '@ay [%s]' % ', '.join(map(str, bytes(value)))
    if isinstance(value, _dt.datetime):
        return _quote(_datetime_text(value))
    if isinstance(value, _dt.date):
        return _quote(value.isoformat())
    if isinstance(value, uuid.UUID):
        return _quote(str(value))
    if isinstance(value, dict):
        if depth >= _MAX_NESTING:
            raise _TooDeep
        return '@a{sv} {%s}' % ', '.join('%s: <%s>' % (_quote(_dict_key(k)), _variant_text(v, depth + 1))
                                         for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return _set_text(value)
    if isinstance(value, (list, tuple)):
        if depth >= _MAX_NESTING:
            raise _TooDeep
        return '@av [%s]' % ', '.join('<%s>' % _variant_text(v, depth + 1) for v in value)
    raise TypeError('no DynamoDB type for %s' % type(value).__name__)


def _dict_key(key):
    if not isinstance(key, str):
        raise TypeError('map keys must be strings')
    return key


def _datetime_text(value):
    return _datetime_to_g(value).format_iso8601()


def _set_text(value):
    members = list(value)
    if all(isinstance(m, str) for m in members):
        return "{'SS', <@as [%s]>}" % ', '.join(_quote(m) for m in sorted(members))
    if all(isinstance(m, (bytes, bytearray)) for m in members):
        return "{'BS', <@aay [%s]>}" % ', '.join(_variant_text(bytes(m)) for m in sorted(bytes(m) for m in members))
    if all(isinstance(m, (int, float, decimal.Decimal)) and not isinstance(m, bool) for m in members):
        return "{'NS', <@as [%s]>}" % ', '.join(_quote(t) for t in sorted(_number_text(m) for m in members))
    raise TypeError('a set holds strings, numbers or bytes, of one kind')


def _number_from_text(text):
    number = decimal.Decimal(text)
    if number == number.to_integral_value() and 'e' not in text.lower() and '.' not in text:
        return int(number)
    return number


def _from_variant(variant):
    """A GVariant the library read as the Python value of its DynamoDB type."""
    if variant is None:
        return None
    kind = variant.get_type_string()
    if kind == 'v':
        return _from_variant(variant.get_variant())
    if kind.startswith('m'):
        return None if variant.n_children() == 0 else _from_variant(variant.get_child_value(0))
    if kind.startswith('{s'):
        # a tagged value: {'SS', as}, {'NS', ax}, {'N', '123...'}, ...
        tag = variant.get_child_value(0).get_string()
        inner = variant.get_child_value(1)
        if inner.get_type_string() == 'v':
            inner = inner.get_variant()
        members = [bytes(m) for m in inner.unpack()] if inner.get_type_string() == 'aay' else inner.unpack()
        if tag == 'N':
            return _number_from_text(members) if isinstance(members, str) else members
        if tag == 'SS':
            return set(members)
        if tag == 'BS':
            return {bytes(m) for m in members}
        if tag == 'NS':
            return {_number_from_text(m) if isinstance(m, str) else m for m in members}
        return members
    if kind == 'ay':
        return bytes(variant.unpack())
    if kind == 'aay':
        return [bytes(m) for m in variant.unpack()]
    if kind == 'av':
        return [_from_variant(variant.get_child_value(i)) for i in range(variant.n_children())]
    if kind == 'a{sv}':
        result = {}
        for i in range(variant.n_children()):
            entry = variant.get_child_value(i)
            result[entry.get_child_value(0).get_string()] = _from_variant(entry.get_child_value(1))
        return result
    return variant.unpack()


def _generic_gvalue(value):
    """A Python value as a GValue for a path no field types: the library
    converts it to the property's type where the path names one."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        return GObject.Value(GObject.TYPE_VARIANT, GLib.Variant('mv', None))
    if isinstance(value, bool):
        return GObject.Value(GObject.TYPE_BOOLEAN, value)
    if isinstance(value, int) and _INT64[0] <= value <= _INT64[1]:
        return GObject.Value(GObject.TYPE_INT64, value)
    if isinstance(value, float):
        return GObject.Value(GObject.TYPE_DOUBLE, value)
    if isinstance(value, str):
        return GObject.Value(GObject.TYPE_STRING, value)
    if isinstance(value, uuid.UUID):
        return GObject.Value(GObject.TYPE_STRING, str(value))
    if isinstance(value, _dt.datetime):
        return GObject.Value(GObject.TYPE_STRING, _datetime_text(value))
    if isinstance(value, _dt.date):
        return GObject.Value(GObject.TYPE_STRING, value.isoformat())
    return GObject.Value(GObject.TYPE_VARIANT, _to_variant(value))


# Field types -----------------------------------------------------------------

_RW = GObject.ParamFlags.READWRITE


class _Kind:
    """How one Python type maps onto a GObject property and back."""

    gtype = GObject.TYPE_STRING
    is_set = False
    is_number = False
    nullable = True
    mutable = False

    def __init__(self, python_type):
        self.python_type = python_type

    def pspec(self, default):
        return (self.gtype, None, None, _RW)

    def check(self, value):
        """The value as the field keeps it, or TypeError/ValueError."""
        return value

    def to_g(self, value):
        return value

    def from_g(self, value):
        return value

    def g_default(self):
        return None

    # a member of a list or set, inside a GVariant
    def to_plain(self, value):
        return value

    def from_plain(self, value):
        return value


def _is_text(value):
    """Whether @value is a str the library can take: no NUL, no lone
    surrogate (PyGObject could not hand either to C)."""
    if not isinstance(value, str) or '\0' in value:
        return False
    if not value.isascii():
        try:
            value.encode('utf-8')
        except UnicodeError:
            return False
    return True


class _Str(_Kind):
    def pspec(self, default):
        return (str, None, None, default if isinstance(default, str) else None, _RW)

    def check(self, value):
        if not _is_text(value):
            raise TypeError
        return value


class _Int(_Kind):
    gtype = GObject.TYPE_INT64
    nullable = False

    def pspec(self, default):
        return (GObject.TYPE_INT64, None, None, _INT64[0], _INT64[1],
                default if _is_int(default) else 0, _RW)

    def check(self, value):
        if not _is_int(value):
            raise TypeError
        if not _INT64[0] <= value <= _INT64[1]:
            raise ValueError
        return value

    def g_default(self):
        return 0


class _Float(_Kind):
    gtype = GObject.TYPE_DOUBLE
    nullable = False

    def pspec(self, default):
        return (GObject.TYPE_DOUBLE, None, None, -sys.float_info.max, sys.float_info.max,
                float(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else 0.0,
                _RW)

    def check(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError
        return float(value)

    def g_default(self):
        return 0.0

    def from_plain(self, value):
        return float(value)


class _Bool(_Kind):
    gtype = GObject.TYPE_BOOLEAN
    nullable = False

    def pspec(self, default):
        return (bool, None, None, bool(default) if isinstance(default, bool) else False, _RW)

    def check(self, value):
        if not isinstance(value, bool):
            raise TypeError
        return value

    def g_default(self):
        return False


class _Bytes(_Kind):
    gtype = GLib.Bytes.__gtype__

    def pspec(self, default):
        return (GLib.Bytes, None, None, _RW)

    def check(self, value):
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError
        return bytes(value)

    def to_g(self, value):
        return None if value is None else GLib.Bytes.new(value)

    def from_g(self, value):
        return None if value is None else bytes(value.get_data() or b'')

    def from_plain(self, value):
        return bytes(value)


class _DateTime(_Kind):
    gtype = GLib.DateTime.__gtype__

    def pspec(self, default):
        return (GLib.DateTime, None, None, _RW)

    def check(self, value):
        if isinstance(value, str):
            value = _dt.datetime.fromisoformat(value.replace('Z', '+00:00'))
        if not isinstance(value, _dt.datetime):
            raise TypeError
        return value

    def to_g(self, value):
        return None if value is None else _datetime_to_g(value)

    def from_g(self, value):
        return _datetime_from_g(value)

    def to_plain(self, value):
        return _datetime_text(value)

    def from_plain(self, value):
        return self.check(value)


class _Date(_Str):
    def check(self, value):
        if isinstance(value, str):
            value = _dt.date.fromisoformat(value)
        if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
            raise TypeError
        return value

    def pspec(self, default):
        return (str, None, None, None, _RW)

    def to_g(self, value):
        return None if value is None else value.isoformat()

    def from_g(self, value):
        return None if value is None else _dt.date.fromisoformat(value)

    def to_plain(self, value):
        return value.isoformat()

    def from_plain(self, value):
        return _dt.date.fromisoformat(value)


class _Decimal(_Str):
    is_number = True

    def pspec(self, default):
        return (str, None, None, None, _RW)

    def check(self, value):
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, float):
            value = decimal.Decimal(repr(value))
        elif isinstance(value, (int, str)):
            value = decimal.Decimal(value)
        if not isinstance(value, decimal.Decimal):
            raise TypeError
        if not value.is_finite():
            raise ValueError
        return value

    def to_g(self, value):
        return None if value is None else str(value)

    def from_g(self, value):
        return None if value is None else decimal.Decimal(value)

    def from_plain(self, value):
        return decimal.Decimal(str(value))


class _UUID(_Str):
    def pspec(self, default):
        return (str, None, None, None, _RW)

    def check(self, value):
        if isinstance(value, str):
            value = uuid.UUID(value)
        if not isinstance(value, uuid.UUID):
            raise TypeError
        return value

    def to_g(self, value):
        return None if value is None else str(value)

    def from_g(self, value):
        return None if value is None else uuid.UUID(value)

    def to_plain(self, value):
        return str(value)

    def from_plain(self, value):
        return uuid.UUID(value)


class _Enum(_Kind):
    def __init__(self, python_type):
        super().__init__(python_type)
        values = [m.value for m in python_type]
        self.numeric = bool(values) and all(_is_int(v) for v in values)
        if not self.numeric and not all(isinstance(v, str) for v in values):
            raise TypeError('the values of %s are neither all strings nor all integers' % python_type.__name__)
        self.inner = _Int(int) if self.numeric else _Str(str)
        self.gtype = self.inner.gtype
        self.nullable = not self.numeric

    def pspec(self, default):
        return self.inner.pspec(default.value if isinstance(default, self.python_type) else None)

    def check(self, value):
        return self.python_type(value.value if isinstance(value, enum.Enum) else value)

    def to_g(self, value):
        return None if value is None else value.value

    def from_g(self, value):
        if value is None:
            return None
        try:
            return self.python_type(value)
        except ValueError:
            return value

    def g_default(self):
        return self.inner.g_default()

    def to_plain(self, value):
        return value.value

    def from_plain(self, value):
        return self.from_g(value)


class _StrList(_Kind):
    gtype = GObject.TYPE_STRV
    mutable = True

    def pspec(self, default):
        return (GObject.TYPE_STRV, None, None, _RW)

    def check(self, value):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise TypeError
        if not all(_is_text(v) for v in value):
            raise TypeError
        return list(value)

    def to_g(self, value):
        return None if value is None else list(value)

    def from_g(self, value):
        return list(value) if value is not None else []


class _StrSet(_StrList):
    is_set = True

    def check(self, value):
        if isinstance(value, (str, bytes)) or not isinstance(value, (set, frozenset, list, tuple)):
            raise TypeError
        if not all(_is_text(v) for v in value):
            raise TypeError
        return set(value)

    def to_g(self, value):
        return sorted(value) if value else None

    def from_g(self, value):
        return set(value) if value is not None else set()


class _Variant(_Kind):
    """A value kept as a GVariant: lists, maps, sets of numbers or bytes,
    and optional numbers or booleans."""

    gtype = GObject.TYPE_VARIANT
    mutable = True

    def pspec(self, default):
        return (GObject.TYPE_VARIANT, None, None, None, _RW)

    def to_g(self, value):
        return None if value is None else _to_variant(value)

    def from_g(self, value):
        return _from_variant(value)


class _List(_Variant):
    def __init__(self, python_type, item=None):
        super().__init__(python_type)
        self.item = item

    def check(self, value):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise TypeError
        value = [self.item.check(v) if self.item is not None else v for v in value]
        _checked_text(value)
        return value

    def to_g(self, value):
        if value is None:
            return None
        if self.item is not None:
            value = [self.item.to_plain(v) for v in value]
        return _to_variant(list(value))

    def from_g(self, value):
        items = _from_variant(value)
        if items is None:
            return []
        if self.item is not None:
            items = [self.item.from_plain(v) for v in items]
        return items


class _Dict(_Variant):
    def check(self, value):
        if not isinstance(value, dict):
            raise TypeError
        _checked_text(value)
        return dict(value)

    def to_g(self, value):
        return None if value is None else _to_variant(value)

    def from_g(self, value):
        items = _from_variant(value)
        return {} if items is None else items


class _NumberSet(_Variant):
    """set[int], set[float], set[bytes]: declared sets of GVariant arrays."""

    is_set = True

    def __init__(self, python_type, member, signature):
        super().__init__(python_type)
        self.member = member
        self.signature = signature

    def check(self, value):
        if not isinstance(value, (set, frozenset, list, tuple)):
            raise TypeError
        return {self.member.check(v) for v in value}

    def to_g(self, value):
        if not value:
            return None
        members = sorted(self.member.to_plain(v) for v in value)
        return GLib.Variant.parse(None, '@%s [%s]' % (self.signature, ', '.join(
            _variant_text(m) for m in members)), None, None)

    def from_g(self, value):
        members = _from_variant(value)
        if members is None:
            return set()
        return {self.member.from_plain(v) for v in members}


class _DecimalSet(_Variant):
    def check(self, value):
        if not isinstance(value, (set, frozenset, list, tuple)):
            raise TypeError
        return {_Decimal(decimal.Decimal).check(v) for v in value}

    def to_g(self, value):
        if not value:
            return None
        return _to_variant(set(value))

    def from_g(self, value):
        members = _from_variant(value)
        return set() if members is None else {decimal.Decimal(str(m)) for m in members}


class _Optional(_Variant):
    """An optional int, float, bool or integer enum: a GVariant, absent when None."""

    mutable = False

    def __init__(self, python_type, inner):
        super().__init__(python_type)
        self.inner = inner

    def check(self, value):
        return None if value is None else self.inner.check(value)

    def to_g(self, value):
        if value is None:
            return None
        plain = value.value if isinstance(value, enum.Enum) else value
        return _to_variant(plain)

    def from_g(self, value):
        plain = _from_variant(value)
        if plain is None:
            return None
        if isinstance(self.inner, _Float):
            return float(plain)
        if isinstance(self.inner, _Enum):
            return self.inner.from_g(int(plain))
        if isinstance(self.inner, _Int):
            return int(plain)
        return plain


class _Any(_Variant):
    def check(self, value):
        _checked_text(value)
        return value


def _typing_names(*names):
    """typing's objects of these names, if the program imported typing (an
    annotation cannot use them otherwise)."""
    module = sys.modules.get('typing')
    return tuple(getattr(module, name) for name in names) if module is not None else ()


def _kind_for(annotation, field_name):
    """The _Kind of an annotation, or SchemaError."""
    origin = getattr(annotation, '__origin__', None)
    args = getattr(annotation, '__args__', ()) or ()
    if isinstance(annotation, types.UnionType) or (origin is not None and origin in _typing_names('Union')):
        others = [a for a in args if a is not type(None)]
        if len(others) != 1:
            raise SchemaError('Field “%s”: only one type and None may be combined' % field_name)
        inner = _kind_for(others[0], field_name)
        if not inner.nullable:
            return _Optional(annotation, inner)
        return inner
    if annotation is object or annotation in _typing_names('Any'):
        return _Any(annotation)
    if origin is list or annotation is list or annotation in _typing_names('List'):
        item = args[0] if args else None
        if item is str:
            return _StrList(annotation)
        plain = item is None or item in _typing_names('Any')
        return _List(annotation, None if plain else _kind_for(item, field_name))
    if origin in (set, frozenset) or annotation in (set, frozenset) or annotation in _typing_names('Set', 'FrozenSet'):
        item = args[0] if args else str
        if item is str:
            return _StrSet(annotation)
        if item is int:
            return _NumberSet(annotation, _Int(int), 'ax')
        if item is float:
            return _NumberSet(annotation, _Float(float), 'ad')
        if item is bytes:
            return _NumberSet(annotation, _Bytes(bytes), 'aay')
        if item is decimal.Decimal:
            return _DecimalSet(annotation)
        raise SchemaError('Field “%s”: a set holds str, int, float, Decimal or bytes' % field_name)
    if origin is dict or annotation is dict or annotation in _typing_names('Dict'):
        return _Dict(annotation)
    if annotation is bool:
        return _Bool(bool)
    if annotation is int:
        return _Int(int)
    if annotation is float:
        return _Float(float)
    if annotation is str:
        return _Str(str)
    if annotation in (bytes, bytearray):
        return _Bytes(bytes)
    if annotation is decimal.Decimal:
        return _Decimal(annotation)
    if annotation is _dt.datetime:
        return _DateTime(annotation)
    if annotation is _dt.date:
        return _Date(annotation)
    if annotation is uuid.UUID:
        return _UUID(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        try:
            return _Enum(annotation)
        except TypeError as error:
            raise SchemaError('Field “%s”: %s' % (field_name, error)) from None
    raise SchemaError('Field “%s”: no DynamoDB type for %r' % (field_name, annotation))


# Field markers ---------------------------------------------------------------

_NO_DEFAULT = object()


class _Marker:
    """What Key(), SortKey(), GSIKey()... declare about a field."""

    role = None

    def __init__(self, default=_NO_DEFAULT, **options):
        self.default = default
        self.options = options

    def __repr__(self):
        return '%s()' % type(self).__name__


class _KeyMarker(_Marker):
    def __init__(self, auto=False, default=_NO_DEFAULT):
        super().__init__(default, auto=auto)


@_export
class Key(_KeyMarker):
    """The partition key. ``Key(auto=True)`` on a str or UUID field: a uuid4
    is made when the field is unset at save."""
    role = 'key'


@_export
class SortKey(_KeyMarker):
    """The sort key (``auto=True`` as for Key)."""
    role = 'sort_key'


class _IndexMarker(_Marker):
    def __init__(self, index_name, default=_NO_DEFAULT):
        super().__init__(default, index_name=index_name)


@_export
class GSIKey(_IndexMarker):
    """The partition key of a global secondary index."""
    role = 'gsi_key'


@_export
class GSISortKey(_IndexMarker):
    """The sort key of a global secondary index."""
    role = 'gsi_sort_key'


@_export
class Discriminator(_Marker):
    """The field that names a polymorphic item's subclass."""
    role = 'discriminator'


@_export
class TTL(_Marker):
    """An int or datetime field kept as N epoch seconds: DynamoDB's time to live."""
    role = 'ttl'


@_export
class Version(_Marker):
    """An int field that versions the item: writes check it (optimistic locking)."""
    role = 'version'


@_export
def Field(default=_NO_DEFAULT):  # noqa: N802
    """A plain field with a default (as a plain default value does)."""
    return _Marker(default)


# Attributes and conditions ---------------------------------------------------

_COMPARISONS = {
    '==': Dynantic.Comparison.EQ, '!=': Dynantic.Comparison.NE,
    '<': Dynantic.Comparison.LT, '<=': Dynantic.Comparison.LE,
    '>': Dynantic.Comparison.GT, '>=': Dynantic.Comparison.GE,
}


@_export
class AttrCondition:
    """A condition on items, built from Attr's operators and methods and
    combined with ``&``, ``|`` and ``~``. It is compiled by the library
    against the model it is used with."""

    __slots__ = ('_op', '_args')

    def __init__(self, op, *args):
        self._op = op
        self._args = args

    def __and__(self, other):
        if not isinstance(other, AttrCondition):
            return NotImplemented
        return AttrCondition('and', self, other)

    def __or__(self, other):
        if not isinstance(other, AttrCondition):
            return NotImplemented
        return AttrCondition('or', self, other)

    def __invert__(self):
        return AttrCondition('not', self)

    def __bool__(self):
        raise TypeError('a condition has no truth value: combine conditions with &, | and ~')

    def __repr__(self):
        return 'AttrCondition(%r)' % (self._op,)

    def _compile(self, model, depth=0):
        """The library's Dynantic.Condition, values converted by @model's fields."""
        op, args = self._op, self._args
        if depth >= _MAX_CONDITION_DEPTH:
            raise ValidationError('A condition nests deeper than %d levels (DYNANTIC_CONDITION_MAX_DEPTH)'
                                  % _MAX_CONDITION_DEPTH)
        if op == 'and':
            return Dynantic.Condition.andv([a._compile(model, depth + 1) for a in _flatten('and', self)])
        if op == 'or':
            return Dynantic.Condition.orv([a._compile(model, depth + 1) for a in _flatten('or', self)])
        if op == 'not':
            return args[0]._compile(model, depth + 1).not_()
        path = args[0]
        if op == 'cmp':
            return Dynantic.Condition.compare(path, _COMPARISONS[args[1]], _path_gvalue(model, path, args[2]))
        if op == 'between':
            return Dynantic.Condition.between(path, _path_gvalue(model, path, args[1]),
                                              _path_gvalue(model, path, args[2]))
        if op == 'in':
            return Dynantic.Condition.in_(path, [_path_gvalue(model, path, v) for v in args[1]])
        if op == 'begins_with':
            return Dynantic.Condition.begins_with(path, args[1])
        if op == 'contains':
            return Dynantic.Condition.contains(path, _member_gvalue(model, path, args[1]))
        if op == 'exists':
            return Dynantic.Condition.attribute_exists(path)
        if op == 'not_exists':
            return Dynantic.Condition.attribute_not_exists(path)
        if op == 'type':
            return Dynantic.Condition.attribute_type(path, args[1])
        if op == 'size':
            return Dynantic.Condition.size(path, _COMPARISONS[args[1]], _path_generic_gvalue(path, args[2]))
        if op == 'size_between':
            return Dynantic.Condition.size_between(path, _path_generic_gvalue(path, args[1]),
                                                   _path_generic_gvalue(path, args[2]))
        raise AssertionError(op)


# The library refuses a condition nested deeper when it compiles it; this
# also bounds _compile's recursion, so a condition nested 100,000 deep is a
# ValidationError, never a RecursionError.
_MAX_CONDITION_DEPTH = getattr(Dynantic, 'CONDITION_MAX_DEPTH', 256)


def _flatten(op, condition):
    """The operands of a chain of @op (``a & b & c``), in order: a & b & c
    is one AND of three however Python grouped it (iterative, as a chain of
    100,000 is fine)."""
    parts = []
    pending = [condition]
    while pending:
        current = pending.pop()
        if current._op == op:
            pending.extend(reversed(current._args))
        else:
            parts.append(current)
    return parts


def _path_field(model, path):
    """The field a path names as a whole, or None."""
    if model is None:
        return None
    fields = model._dyn_fields
    field = fields.get(path)
    if field is None:
        field = model._dyn_by_prop.get(path)
    return field


def _path_gvalue(model, path, value):
    field = _path_field(model, path)
    if field is None:
        return _path_generic_gvalue(path, value)
    return field.gvalue(value, path)


def _path_generic_gvalue(path, value):
    """_generic_gvalue(@value), a bad value a ValidationError naming @path."""
    try:
        return _generic_gvalue(value)
    except (TypeError, ValueError, decimal.InvalidOperation) as error:
        raise _FieldInfo.invalid_path(path, error) from None


def _member_gvalue(model, path, value):
    """A member of a list or set field (contains), or a substring."""
    field = _path_field(model, path)
    if field is not None and isinstance(field.kind, (_NumberSet, _List)) and field.kind_member() is not None:
        member = field.kind_member()
        try:
            plain = member.check(value)
        except (TypeError, ValueError):
            raise ValidationError('Invalid value for “%s”' % field.name, fields=[field.name]) from None
        return _path_generic_gvalue(path, plain)
    return _path_generic_gvalue(path, value)


class _Size:
    """``Attr("tags").size()``: compares like an Attr."""

    def __init__(self, path):
        self.path = path

    def _cmp(self, op, value):
        return AttrCondition('size', self.path, op, value)

    def __eq__(self, value):
        return self._cmp('==', value)

    def __ne__(self, value):
        return self._cmp('!=', value)

    def __lt__(self, value):
        return self._cmp('<', value)

    def __le__(self, value):
        return self._cmp('<=', value)

    def __gt__(self, value):
        return self._cmp('>', value)

    def __ge__(self, value):
        return self._cmp('>=', value)

    def between(self, low, high):
        return AttrCondition('size_between', self.path, low, high)

    __hash__ = None


@_export
class Attr:
    """An attribute path (``Attr("address.city")``, ``Attr("tags[0]")``) for
    filters, conditions and updates; ``Model.field`` is one too."""

    __slots__ = ('path',)

    def __init__(self, path):
        if not isinstance(path, str) or not path:
            raise ValueError('an attribute path is a non-empty string')
        self.path = path

    def __repr__(self):
        return 'Attr(%r)' % (self.path,)

    def __eq__(self, value):  # type: ignore[override]
        return AttrCondition('cmp', self.path, '==', value)

    def __ne__(self, value):  # type: ignore[override]
        return AttrCondition('cmp', self.path, '!=', value)

    def __lt__(self, value):
        return AttrCondition('cmp', self.path, '<', value)

    def __le__(self, value):
        return AttrCondition('cmp', self.path, '<=', value)

    def __gt__(self, value):
        return AttrCondition('cmp', self.path, '>', value)

    def __ge__(self, value):
        return AttrCondition('cmp', self.path, '>=', value)

    __hash__ = None

    def between(self, low, high):
        return AttrCondition('between', self.path, low, high)

    def is_in(self, values):
        return AttrCondition('in', self.path, list(values))

    def begins_with(self, prefix):
        return AttrCondition('begins_with', self.path, prefix)

    def contains(self, value):
        return AttrCondition('contains', self.path, value)

    def exists(self):
        return AttrCondition('exists', self.path)

    def not_exists(self):
        return AttrCondition('not_exists', self.path)

    def attribute_type(self, type_name):
        return AttrCondition('type', self.path, type_name)

    def size(self):
        return _Size(self.path)


def _compile_condition(model, condition):
    if condition is None:
        return None
    if isinstance(condition, Dynantic.Condition):
        return condition
    if not isinstance(condition, AttrCondition):
        raise TypeError('a condition is built with Attr (Attr("a") == 1), not %s' % type(condition).__name__)
    try:
        return condition._compile(model)
    except GLib.Error as error:
        raise _translate(error, model) from None


def _path_of(model, field):
    """The path an update or projection names: an Attr, a Model.field or a name."""
    if isinstance(field, Attr):
        return field.path
    if isinstance(field, str):
        return field
    raise TypeError('a field is named by an Attr, Model.field or a string')


# Fields of a model -----------------------------------------------------------

class _FieldInfo:
    """One declared field: its name, kind, default and roles."""

    def __init__(self, name, kind, default, marker):
        self.name = name
        self.prop = name.replace('_', '-')
        self.kind = kind
        self.marker = marker
        self.role = marker.role if marker is not None else None
        if self.role == 'version' and default is _NO_DEFAULT:
            default = 0      # never saved: the library writes 1 first
        self.default = default
        self.required = default is _NO_DEFAULT and self.role not in ('discriminator', 'version') and \
            not (marker is not None and marker.options.get('auto'))

    def kind_member(self):
        return getattr(self.kind, 'member', None) or getattr(self.kind, 'item', None)

    def default_value(self):
        if self.default is _NO_DEFAULT:
            if isinstance(self.kind, (_StrList, _List)):
                return [] if not self.required else None
            if isinstance(self.kind, _Dict):
                return None
            return None
        if self.kind.mutable or isinstance(self.default, (list, dict, set)):
            return copy.deepcopy(self.default)
        return self.default

    def check(self, value):
        if value is None and (self.kind.nullable or isinstance(self.kind, _Optional)):
            return None
        return self.kind.check(value)

    def invalid(self, error=None):
        """The ValidationError of a bad value of this field."""
        return self.invalid_path(self.name, error)

    @staticmethod
    def invalid_path(path, error=None):
        if isinstance(error, (_TooDeep, RecursionError)):
            message = 'Attribute “%s”: maps and lists are nested deeper than DynamoDB’s 32 levels'
        else:
            message = 'Invalid value for the field “%s”'
        return ValidationError(message % path, fields=[path])

    def gvalue(self, value, path=None):
        """@value as a GValue of this field's property, or ValidationError."""
        try:
            plain = self.check(value)
        except (TypeError, ValueError, decimal.InvalidOperation) as error:
            raise self.invalid(error) from None
        if plain is None:
            if isinstance(self.kind, _Variant):
                return GObject.Value(GObject.TYPE_VARIANT, None)
            return GObject.Value(self.kind.gtype, None) if self.kind.nullable else None
        return GObject.Value(self.kind.gtype, self.kind.to_g(plain))

    def key_gvalue(self, value):
        """A key value: the Python value PyGObject turns into the GValue
        (strings as they are, the fast path), else a typed GValue."""
        if value is None:
            return None
        if type(value) is str and type(self.kind) is _Str and _is_text(value):
            return value
        return self.gvalue(value)


class _FieldDescriptor:
    """``Model.field`` is an Attr; ``instance.field`` its Python value."""

    __slots__ = ('info', 'attr', 'name', 'prop', 'from_g', 'default_value')

    def __init__(self, info):
        self.info = info
        self.name = info.name
        self.prop = info.prop
        self.attr = Attr(info.name)
        self.from_g = info.kind.from_g
        self.default_value = info.default_value

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.attr
        values = obj.__dict__
        try:
            return values[self.name]
        except KeyError:
            pass
        raw = values.get('_dyn_raw')
        if raw is not None and self.prop in raw:
            value = self.from_g(raw[self.prop])
        else:
            value = self.default_value()
        values[self.name] = value
        return value

    def __set__(self, obj, value):
        try:
            obj.__dict__[self.name] = self.info.check(value)
        except (TypeError, ValueError, decimal.InvalidOperation) as error:
            raise self.info.invalid(error) from None


# Clients ---------------------------------------------------------------------

_RETRY_MODES = {'standard': Dynantic.RetryMode.STANDARD, 'legacy': Dynantic.RetryMode.STANDARD,
                'adaptive': Dynantic.RetryMode.ADAPTIVE}


def _check_ranges(gtype, settings):
    """Numeric settings outside the range the library's property declares
    (GObject would only warn and ignore them)."""
    bad = []
    for name, value in settings.items():
        pspec = gtype.find_property(name.replace('_', '-'))
        if pspec is None or not hasattr(pspec, 'minimum') or isinstance(value, bool):
            continue
        if not isinstance(value, (int, float)) or not pspec.minimum <= value <= pspec.maximum:
            bad.append(name)
    if bad:
        raise ValidationError('Invalid client settings: %s' % ', '.join(bad), fields=bad)


class Client(Dynantic.Client):
    """A connection to DynamoDB, immutable once made; share it between threads.

    ``Client(region=None, endpoint_url=None, profile=None, max_attempts=None,
    retry_mode=None, timeout=None)``: what is not given is found as the AWS
    CLI finds it. The library's property names (``endpoint``,
    ``credentials_provider``, ``total_timeout``, ...) are accepted too.
    """

    def __init__(self, region=None, endpoint_url=None, profile=None, max_attempts=None,
                 retry_mode=None, timeout=None, **properties):
        settings = dict(properties)
        if region is not None:
            settings['region'] = region
        if endpoint_url is not None:
            settings['endpoint'] = endpoint_url
        if profile is not None:
            settings['profile'] = profile
        if max_attempts is not None:
            settings['max_attempts'] = max_attempts
        if retry_mode is not None:
            if isinstance(retry_mode, str):
                if retry_mode not in _RETRY_MODES:
                    raise ValidationError('Unknown retry mode: use standard or adaptive', fields=['retry_mode'])
                retry_mode = _RETRY_MODES[retry_mode]
            settings['retry_mode'] = retry_mode
        if timeout is not None:
            settings['timeout'] = float(timeout)
        _check_ranges(Dynantic.Client, settings)
        try:
            super().__init__(**settings)
        except (TypeError, ValueError) as error:
            raise ValidationError(str(error)) from None


Client = override(Client)
__all__.append('Client')


class _BotocoreCredentials(Dynantic.CredentialsProvider):
    """Credentials from a botocore client's own resolver (refreshable ones
    are refreshed by botocore; the expiry tells the library when to ask again)."""

    # a GType of its own: PyGObject registers no type for classes of an
    # override module, and would put do_load into the base class's vtable
    __module__ = 'dynantic'
    __gtype_name__ = 'DynanticPyBotocoreCredentials'

    def __init__(self, credentials):
        super().__init__()
        self._credentials = credentials

    def do_load(self, cancellable):
        try:
            frozen = self._credentials.get_frozen_credentials()
        except Exception as error:  # botocore's own errors
            raise GLib.Error('The boto3 client gave no credentials (%s)' % type(error).__name__,
                             _DYNANTIC_QUARK, int(_E.CREDENTIALS))
        expiry = getattr(self._credentials, '_expiry_time', None)
        expiration = _datetime_to_g(expiry) if isinstance(expiry, _dt.datetime) else None
        return Dynantic.Credentials.new_with_expiration(frozen.access_key, frozen.secret_key,
                                                        frozen.token, expiration)


def _is_botocore_client(client):
    meta = getattr(client, 'meta', None)
    return meta is not None and hasattr(meta, 'service_model') and hasattr(meta, 'config')


def _client_from_botocore(client):
    """A Dynantic client with a boto3/botocore DynamoDB client's settings."""
    meta = client.meta
    if meta.service_model.service_name != 'dynamodb':
        raise ValidationError('set_client takes a DynamoDB client, not one for %s'
                              % meta.service_model.service_name, fields=['client'])
    config = meta.config
    settings = {'region': meta.region_name, 'endpoint': meta.endpoint_url}
    retries = getattr(config, 'retries', None) or {}
    mode = retries.get('mode')
    if mode in _RETRY_MODES:
        settings['retry_mode'] = _RETRY_MODES[mode]
    if retries.get('total_max_attempts') is not None:
        settings['max_attempts'] = min(100, int(retries['total_max_attempts']))
    elif retries.get('max_attempts') is not None:
        settings['max_attempts'] = min(100, int(retries['max_attempts']) + 1)
    connect = getattr(config, 'connect_timeout', None)
    read = getattr(config, 'read_timeout', None)
    if connect is not None and read is not None:
        settings['timeout'] = float(connect) + float(read)
    credentials = client._request_signer._credentials
    if credentials is not None:
        settings['credentials_provider'] = _BotocoreCredentials(credentials)
    return Client(**settings)


def _as_client(client):
    if client is None or isinstance(client, Dynantic.Client):
        return client
    if _is_botocore_client(client):
        return _client_from_botocore(client)
    raise ValidationError('set_client takes a dynantic Client or a boto3 DynamoDB client', fields=['client'])


_scoped_clients = contextvars.ContextVar('dynantic_scoped_clients', default=())


def _scoped_client(model):
    """The client a ``with Model.using_client(c)`` block gives @model, or None."""
    scopes = _scoped_clients.get()
    if not scopes:
        return None
    for scoped_model, client in reversed(scopes):
        if issubclass(model, scoped_model):
            return client
    return None


# The background main context for awaitables ---------------------------------

class _Background:
    """One thread running a GLib main loop on its own context: the library's
    _async calls start and finish there, and hand results to asyncio."""

    _lock = threading.Lock()
    _context = None

    @classmethod
    def context(cls):
        with cls._lock:
            if cls._context is None:
                context = GLib.MainContext.new()
                ready = threading.Event()

                def run():
                    context.push_thread_default()
                    loop = GLib.MainLoop.new(context, False)
                    ready.set()
                    loop.run()

                threading.Thread(target=run, name='dynantic-async', daemon=True).start()
                ready.wait()
                cls._context = context
            return cls._context

    @classmethod
    def invoke(cls, function):
        def once(*_args):
            function()
            return False
        cls.context().invoke_full(GLib.PRIORITY_DEFAULT, once)


def _deliver(future, value, error):
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


async def _run_async(model, start, finish, convert=None):
    """Runs @start(cancellable, callback) on the background context and
    awaits @finish(source, result); cancelling the task cancels the call."""
    import asyncio
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    cancellable = Gio.Cancellable()

    def done(source, result, *_data):
        value = error = None
        try:
            value = finish(source, result)
            if convert is not None:
                value = convert(value)
        except GLib.Error as failure:
            error = _translate(failure, model)
        except BaseException as failure:  # handed to the awaiting task
            error = failure
        loop.call_soon_threadsafe(_deliver, future, value, error)

    def begin():
        try:
            start(cancellable, done)
        except GLib.Error as failure:
            loop.call_soon_threadsafe(_deliver, future, None, _translate(failure, model))
        except BaseException as failure:
            loop.call_soon_threadsafe(_deliver, future, None, failure)

    _Background.invoke(begin)
    try:
        return await future
    except asyncio.CancelledError:
        cancellable.cancel()
        raise


# Pages, queries and scans ----------------------------------------------------

@_export
class PageResult:
    """One page: ``items``, ``count``, ``has_more`` and the opaque cursor
    ``last_evaluated_key`` to pass back as ``start_key``."""

    def __init__(self, items, count, has_more, last_evaluated_key):
        self.items = items
        self.count = count
        self.has_more = has_more
        self.last_evaluated_key = last_evaluated_key

    @classmethod
    def _from_page(cls, page):
        items = list(page.get_items())
        return cls(items, len(items), page.get_has_more(), page.get_cursor())

    def __repr__(self):
        return 'PageResult(count=%d, has_more=%r)' % (self.count, self.has_more)

    def __class_getitem__(cls, item):
        return cls      # PageResult[Order] in annotations


class _ReadBuilder:
    """What queries and scans share: filters, limit, projection, terminals."""

    def __init__(self, model, index_name):
        self._model = model
        self._index = index_name
        self._filters = []
        self._limit = None
        self._consistent = False
        self._projection = None
        if index_name is not None and index_name not in model._dyn_indexes:
            names = ', '.join(sorted(model._dyn_indexes)) or 'none'
            raise ValueError('%s has no index “%s” (its indexes: %s)' % (model.__name__, index_name, names))

    def filter(self, condition):
        if not isinstance(condition, (AttrCondition, Dynantic.Condition)):
            raise TypeError('filter takes a condition built with Attr')
        self._filters.append(condition)
        return self

    def limit(self, count):
        if not _is_int(count) or count < 1:
            raise ValueError('limit takes a positive integer')
        self._limit = count
        return self

    def consistent(self, consistent=True):
        self._consistent = bool(consistent)
        return self

    def project(self, *fields):
        self._projection = [_path_of(self._model, f) for f in fields]
        return self

    def _client(self):
        return _scoped_client(self._model)

    def _read(self, page_size=None):
        """The library's DynanticQuery or DynanticScan for what was built."""
        read = self._new_read()
        for condition in self._filters:
            read.filter(_compile_condition(self._model, condition))
        if self._limit is not None:
            read.limit(self._limit)
        if page_size is not None:
            read.page_size(page_size)
        if self._consistent:
            read.consistent(True)
        if self._projection:
            read.project(self._projection)
        return read

    def _run(self, function, *args):
        try:
            return function(*args)
        except GLib.Error as error:
            raise _translate(error, self._model) from None

    def __iter__(self):
        iterator = self._run(self._read().iterate)
        while True:
            item = self._run(iterator.next)
            if item is None:
                return
            yield item

    def all(self):
        return list(self._run(self._read().all))

    def first(self):
        return self._run(self._read().first)

    def one(self):
        """The first item; ItemNotFoundError (a ValueError) when there is none."""
        return self._found(self.first())

    def _found(self, item):
        if item is None:
            raise ItemNotFoundError('No %s matches the read' % self._model.__name__)
        return item

    def count(self):
        return self._run(self._read().count)

    def page(self, start_key=None):
        read = self._read(page_size=self._limit)
        return PageResult._from_page(self._run(read.page, start_key))

    # awaitables
    async def aall(self):
        read = self._read()
        return await _run_async(self._model, lambda c, cb: read.all_async(c, cb),
                                lambda s, r: list(read.all_finish(r)))

    async def afirst(self):
        read = self._read()
        return await _run_async(self._model, lambda c, cb: read.first_async(c, cb),
                                lambda s, r: read.first_finish(r))

    async def aone(self):
        return self._found(await self.afirst())

    async def acount(self):
        read = self._read()
        return await _run_async(self._model, lambda c, cb: read.count_async(c, cb),
                                lambda s, r: read.count_finish(r))

    async def apage(self, start_key=None):
        read = self._read(page_size=self._limit)
        return await _run_async(self._model, lambda c, cb: read.page_async(start_key, c, cb),
                                lambda s, r: PageResult._from_page(read.page_finish(r)))

    def __aiter__(self):
        return self._aiterate()

    async def _aiterate(self):
        iterator = self._run(self._read().iterate)
        while True:
            item = await _run_async(self._model, lambda c, cb: iterator.next_async(c, cb),
                                    lambda s, r: iterator.next_finish(r))
            if item is None:
                return
            yield item


@_export
class QueryBuilder(_ReadBuilder):
    """``Model.query(pk)``: sort-key conditions, filters, terminals."""

    def __init__(self, model, partition_key, index_name=None):
        super().__init__(model, index_name)
        if index_name is None:
            key_field, self._sort_field = model._dyn_key, model._dyn_sort_key
        else:
            key_field, self._sort_field = model._dyn_indexes[index_name]
        self._partition = key_field.gvalue(partition_key)
        self._key_condition = None
        self._descending = False

    def _sort(self, op, *values):
        if self._sort_field is None:
            where = 'the index “%s”' % self._index if self._index else self._model.__name__
            raise ValueError('%s has no sort key' % where)
        self._key_condition = (op, [self._sort_field.gvalue(v) if op != 'begins_with' else v for v in values])
        return self

    def eq(self, value):
        return self._sort('eq', value)

    def lt(self, value):
        return self._sort('lt', value)

    def lte(self, value):
        return self._sort('le', value)

    le = lte

    def gt(self, value):
        return self._sort('gt', value)

    def gte(self, value):
        return self._sort('ge', value)

    ge = gte

    def between(self, low, high):
        return self._sort('between', low, high)

    def starts_with(self, prefix):
        if not isinstance(prefix, str):
            raise ValidationError('starts_with takes a string', fields=[self._sort_field.name if self._sort_field else 'prefix'])
        return self._sort('begins_with', prefix)

    begins_with = starts_with

    def reverse(self):
        self._descending = True
        return self

    def _new_read(self):
        client = self._client()
        if self._index is None:
            query = Dynantic.Query.new(self._model, self._partition, client)
        else:
            query = Dynantic.Query.new_for_index(self._model, self._index, self._partition, client)
        if self._key_condition is not None:
            op, values = self._key_condition
            getattr(query, op)(*values)
        if self._descending:
            query.descending(True)
        return query


@_export
class ScanBuilder(_ReadBuilder):
    """``Model.scan()``: filters, limit, terminals, parallel segments."""

    def _new_read(self):
        client = self._client()
        if self._index is None:
            return Dynantic.Scan.new(self._model, client)
        return Dynantic.Scan.new_for_index(self._model, self._index, client)

    def scan_page(self, start_key=None):
        return self.page(start_key)

    async def ascan_page(self, start_key=None):
        return await self.apage(start_key)

    def segments(self, total):
        """All items, read by @total segments at once (a parallel scan)."""
        read = self._read()
        return list(self._run(read.parallel, total))


# Updates ---------------------------------------------------------------------

_RETURN_VALUES = {
    'NONE': Dynantic.ReturnValues.NONE, 'ALL_OLD': Dynantic.ReturnValues.ALL_OLD,
    'UPDATED_OLD': Dynantic.ReturnValues.UPDATED_OLD, 'ALL_NEW': Dynantic.ReturnValues.ALL_NEW,
    'UPDATED_NEW': Dynantic.ReturnValues.UPDATED_NEW,
}


@_export
class UpdateBuilder:
    """``Model.update(pk, sk)`` or ``instance.patch()``: SET, ADD, REMOVE,
    DELETE actions, a condition and return values, run by ``execute()``."""

    def __init__(self, model, update):
        self._model = model
        self._update = update
        self._return = 'NONE'

    def _path(self, field):
        return _path_of(self._model, field)

    def _value(self, path, value):
        return _path_gvalue(self._model, path, value)

    def _act(self, function, *args):
        try:
            function(*args)
        except GLib.Error as error:
            raise _translate(error, self._model) from None
        return self

    def set(self, field, value):
        path = self._path(field)
        if value is None:
            return self._act(self._update.remove, path)
        return self._act(self._update.set_value, path, self._value(path, value))

    def set_if_not_exists(self, field, value):
        path = self._path(field)
        return self._act(self._update.set_if_not_exists, path, self._value(path, value))

    def add(self, field, value):
        path = self._path(field)
        if isinstance(value, (set, frozenset)):
            gvalue = self._value(path, value)
        else:
            gvalue = _member_or_number(self._model, path, value)
        return self._act(self._update.add, path, gvalue)

    def remove(self, field):
        return self._act(self._update.remove, self._path(field))

    def delete(self, field, values):
        path = self._path(field)
        return self._act(self._update.delete, path, self._value(path, set(values)))

    def append(self, field, values):
        path = self._path(field)
        return self._act(self._update.append, path, self._value(path, list(values)))

    def condition(self, condition):
        self._update.set_condition(_compile_condition(self._model, condition))
        return self

    def return_values(self, which):
        if which not in _RETURN_VALUES:
            raise ValueError('return_values takes one of %s' % ', '.join(_RETURN_VALUES))
        self._return = which
        self._update.set_return_values(_RETURN_VALUES[which])
        return self

    def _result(self):
        if self._return in ('ALL_NEW', 'ALL_OLD'):
            return self._update.get_returned_item()
        if self._return == 'NONE':
            return None
        attributes = self._update.get_returned_attributes() or {}
        return {name.replace('-', '_'): _from_returned(value) for name, value in attributes.items()}

    def execute(self):
        try:
            self._update.execute()
        except GLib.Error as error:
            raise _translate(error, self._model) from None
        return self._result()

    async def aexecute(self):
        update = self._update
        await _run_async(self._model, lambda c, cb: update.execute_async(c, cb),
                         lambda s, r: update.execute_finish(r))
        return self._result()


def _member_or_number(model, path, value):
    field = _path_field(model, path)
    if field is not None and not field.kind.is_set:
        return field.gvalue(value, path)
    return _path_generic_gvalue(path, value)


def _from_returned(value):
    if isinstance(value, GLib.Variant):
        return _from_variant(value)
    if hasattr(value, 'get_value_type'):  # a JsonNode
        return _json_node_value(value)
    return value


def _json_node_value(node):
    import json
    import gi
    gi.require_version('Json', '1.0')
    from gi.repository import Json
    return json.loads(Json.to_string(node, False))


# Models ----------------------------------------------------------------------

_GObjectMeta = type(Dynantic.Model)


def _evaluate(annotation, namespace, module):
    if isinstance(annotation, str):
        scope = dict(vars(sys.modules[module])) if module in sys.modules else {}
        scope.update(namespace)
        return eval(annotation, scope)  # noqa: S307 - the class's own annotation text
    return annotation


class _DynamoMeta(_GObjectMeta):
    """Turns a class statement with annotated fields into a registered
    GObject class with one property per field and the library's schema
    declarations."""

    def __new__(mcs, name, bases, namespace, **kwargs):
        if namespace.get('_dyn_base'):
            return super().__new__(mcs, name, bases, namespace, **kwargs)
        own = _own_fields(namespace)
        properties = dict(namespace.get('__gproperties__', {}))
        for info in own.values():
            properties[info.prop] = info.kind.pspec(info.default if info.default is not _NO_DEFAULT else None)
            namespace.pop(info.name, None)
        namespace['__gproperties__'] = properties
        namespace['_dyn_own_fields'] = own
        return super().__new__(mcs, name, bases, namespace, **kwargs)

    def __init__(cls, name, bases, namespace, **kwargs):
        super().__init__(name, bases, namespace, **kwargs)
        if namespace.get('_dyn_base'):
            return
        _declare(cls)


def _own_fields(namespace):
    annotations = namespace.get('__annotations__', {})
    module = namespace.get('__module__', '')
    fields = {}
    for name, annotation in annotations.items():
        if name.startswith('_') or name == 'Meta':
            continue
        annotation = _evaluate(annotation, namespace, module)
        class_var = _typing_names('ClassVar')
        if class_var and (getattr(annotation, '__origin__', None) in class_var or annotation in class_var):
            continue
        value = namespace.get(name, _NO_DEFAULT)
        marker = value if isinstance(value, _Marker) else None
        default = marker.default if marker is not None else value
        kind = _kind_for(annotation, name)
        fields[name] = _FieldInfo(name, kind, default, marker)
    return fields


def _declare(cls):
    """The schema of a new model class, declared to the library."""
    inherited = {}
    for base in reversed(cls.__mro__[1:]):
        inherited.update(getattr(base, '_dyn_own_fields', {}))
    own = cls.__dict__.get('_dyn_own_fields', {})
    fields = dict(inherited)
    fields.update(own)
    cls._dyn_fields = fields
    cls._dyn_by_prop = {f.prop: f for f in fields.values()}
    cls._dyn_mutable = [f for f in fields.values() if f.kind.mutable]
    for info in own.values():
        setattr(cls, info.name, _FieldDescriptor(info))

    roles = {}
    for info in fields.values():
        if info.role in ('key', 'sort_key', 'discriminator', 'ttl', 'version'):
            if info.role in roles:
                raise SchemaError('%s declares two %s fields: %s and %s'
                                  % (cls.__name__, _ROLE_NAMES[info.role], roles[info.role].name, info.name))
            roles[info.role] = info
    if 'key' not in roles:
        raise SchemaError('%s declares no Key() field' % cls.__name__)
    cls._dyn_key = roles['key']
    cls._dyn_sort_key = roles.get('sort_key')
    cls._dyn_version = roles.get('version')

    indexes = {}
    for info in fields.values():
        if info.role in ('gsi_key', 'gsi_sort_key'):
            index = info.marker.options['index_name']
            entry = indexes.setdefault(index, [None, None])
            slot = 0 if info.role == 'gsi_key' else 1
            if entry[slot] is not None:
                raise SchemaError('%s declares two %s fields for the index “%s”'
                                  % (cls.__name__, _ROLE_NAMES[info.role], index))
            entry[slot] = info
    for index, (key, sort_key) in indexes.items():
        if key is None:
            raise SchemaError('%s declares a GSISortKey() for the index “%s” without its GSIKey()'
                              % (cls.__name__, index))
    cls._dyn_indexes = {index: (key, sort_key) for index, (key, sort_key) in indexes.items()}

    ttl = roles.get('ttl')
    if ttl is not None and not isinstance(ttl.kind, (_Int, _DateTime)):
        raise SchemaError('%s: the TTL() field “%s” must be an int or a datetime' % (cls.__name__, ttl.name))
    version = roles.get('version')
    if version is not None and not isinstance(version.kind, _Int):
        raise SchemaError('%s: the Version() field “%s” must be an int' % (cls.__name__, version.name))
    for info in own.values():
        auto = info.marker is not None and info.marker.options.get('auto')
        if auto and type(info.kind) not in (_Str, _UUID):
            raise SchemaError('%s: the automatic key “%s” must be a str or a UUID' % (cls.__name__, info.name))

    meta = cls.__dict__.get('Meta')
    table = getattr(meta, 'table_name', None) if meta is not None else None
    if table is not None:
        Dynantic.ModelClass.set_table(cls, table)
    root = not any('_dyn_own_fields' in vars(base) for base in cls.__mro__[1:])
    if table is None and root:
        raise SchemaError('%s has no Meta.table_name (class Meta: table_name = "...")' % cls.__name__)

    model_class = Dynantic.ModelClass
    if root or 'key' in {i.role for i in own.values()}:
        model_class.set_partition_key(cls, cls._dyn_key.prop)
    if cls._dyn_sort_key is not None and cls._dyn_sort_key.name in own:
        model_class.set_sort_key(cls, cls._dyn_sort_key.prop)
    for index, (key, sort_key) in cls._dyn_indexes.items():
        if key.name in own or (sort_key is not None and sort_key.name in own):
            model_class.add_global_index(cls, index, key.prop, sort_key.prop if sort_key else None)
    for info in own.values():
        if info.role == 'discriminator':
            model_class.set_discriminator(cls, info.prop)
        if info.role == 'ttl':
            model_class.set_ttl(cls, info.prop)
        if info.marker is not None and info.marker.options.get('auto'):
            model_class.set_auto_id(cls, info.prop)
        if info.kind.is_number:
            model_class.set_number(cls, info.prop)
        if info.kind.is_set:
            model_class.set_set(cls, info.prop)
        if info.required:
            model_class.set_required(cls, info.prop)
    if version is not None and version.name in own:
        set_version = getattr(model_class, 'set_version', None)
        if set_version is not None:
            set_version(cls, version.prop)
    try:
        model_class.check_schema(cls)
    except GLib.Error as error:
        raise SchemaError(error.message, original_error=error) from None


_ROLE_NAMES = {'key': 'Key()', 'sort_key': 'SortKey()', 'discriminator': 'Discriminator()',
               'ttl': 'TTL()', 'version': 'Version()', 'gsi_key': 'GSIKey()', 'gsi_sort_key': 'GSISortKey()'}


def _values_of(instance):
    return {name: getattr(instance, name) for name in type(instance)._dyn_fields}


@_export
class DynamoModel(Dynantic.Model, metaclass=_DynamoMeta):
    """The base of models declared with annotations::

        class Product(DynamoModel):
            product_id: str = Key()
            name: str
            price: float = 0.0

            class Meta:
                table_name = "products"
    """

    # a GType of its own (DynamoModel.set_client() is every model's client),
    # and no do_get_property in DynanticModel's vtable
    __module__ = 'dynantic'
    __gtype_name__ = 'DynanticDynamoModel'
    _dyn_base = True
    _dyn_fields = {}
    _dyn_by_prop = {}
    _dyn_mutable = []

    def __init__(self, **values):
        try:
            self.__grefcount__
        except TypeError:
            pass
        else:
            return  # made by the library for an item it read: the values come from it
        cls = type(self)
        fields = cls._dyn_fields
        if not fields:
            raise TypeError('DynamoModel is a base class: declare a model class with fields')
        checked, bad = {}, []
        for name, value in values.items():
            info = fields.get(name)
            if info is None:
                bad.append(name)
                continue
            try:
                checked[name] = info.check(value)
            except (TypeError, ValueError, decimal.InvalidOperation):
                bad.append(name)
        if bad:
            raise ValidationError('Invalid fields: %s' % ', '.join(bad), fields=bad)
        super().__init__()
        own = self.__dict__
        for name, info in fields.items():
            own[name] = checked[name] if name in checked else info.default_value()
        try:
            Dynantic.Model.validate(self)
        except GLib.Error as error:
            failure = _translate(error, cls)
            # automatic ids are made at save: unset now is fine
            unset_auto = {name for name, info in fields.items()
                          if info.marker is not None and info.marker.options.get('auto') and own[name] is None}
            if not isinstance(failure, ValidationError) or not set(failure.fields) <= unset_auto:
                raise failure from None

    # the library reads and writes the properties through these
    def do_get_property(self, pspec):
        name = pspec.name
        values = self.__dict__
        # during a write the library reads each property twice (validation,
        # then the item): the first conversion serves both
        converted = values.get('_dyn_out')
        if converted is not None and name in converted:
            return converted[name]
        info = type(self)._dyn_by_prop[name]
        if info.name in values:
            if isinstance(info.kind, _Variant):
                value = self._variant_of(name, info, values[info.name])
            else:
                value = info.kind.to_g(values[info.name])
        else:
            raw = values.get('_dyn_raw')
            value = raw[name] if raw is not None and name in raw else info.kind.g_default()
        if converted is not None:
            converted[name] = value
        return value

    def do_set_property(self, pspec, value):
        values = self.__dict__
        raw = values.get('_dyn_raw')
        if raw is None:
            raw = values['_dyn_raw'] = {}
        name = pspec.name
        raw[name] = value
        info = type(self)._dyn_by_prop[name]
        values.pop(info.name, None)
        converted = values.get('_dyn_out')
        if converted is not None:
            converted.pop(name, None)

    def _variant_of(self, name, info, value):
        """The GVariant of a list, map, set or optional field, made again
        only when the value changed: repr() tells 1, 1.0 and True apart,
        and is far cheaper than building a GVariant."""
        values = self.__dict__
        made = values.get('_dyn_variants')
        if made is None:
            made = values['_dyn_variants'] = {}
        key = repr(value)
        known = made.get(name)
        if known is not None and known[0] == key:
            return known[1]
        variant = info.kind.to_g(value)
        made[name] = (key, variant)
        return variant

    def _out(self):
        """The property values of the fields kept as lists, maps and sets,
        made before the library reads them: they may have changed in place
        since they were checked, and do_get_property cannot raise."""
        values = self.__dict__
        out = {}
        for info in type(self)._dyn_mutable:
            if info.name not in values:
                continue
            value = values[info.name]
            try:
                if isinstance(info.kind, _Variant):
                    out[info.prop] = self._variant_of(info.prop, info, value)
                else:
                    out[info.prop] = info.kind.to_g(None if value is None else info.check(value))
            except (TypeError, ValueError, decimal.InvalidOperation, RecursionError) as error:
                raise info.invalid(error) from None
        return out

    @contextlib.contextmanager
    def _reading(self):
        """While the library reads this object for a write: its values
        converted once, before (ValidationError naming a bad field)."""
        values = self.__dict__
        values['_dyn_out'] = self._out()
        try:
            yield
        finally:
            values.pop('_dyn_out', None)

    def _write(self, function, *args):
        """Runs a synchronous write of this object (its values converted once)."""
        values = self.__dict__
        values['_dyn_out'] = self._out()
        try:
            function(self, *args)
        except GLib.Error as error:
            raise _translate(error, type(self)) from None
        finally:
            values.pop('_dyn_out', None)

    def __repr__(self):
        shown = ', '.join('%s=%r' % (name, getattr(self, name)) for name in type(self)._dyn_fields)
        return '%s(%s)' % (type(self).__name__, shown)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return _values_of(self) == _values_of(other)

    __hash__ = Dynantic.Model.__hash__

    def model_dump(self):
        """The fields' values as a dict."""
        return _values_of(self)

    # clients
    @classmethod
    def set_client(cls, client):
        """The client of this class and its subclasses (on DynamoModel: of
        every model): a dynantic Client or a boto3/botocore DynamoDB client."""
        Dynantic.ModelClass.set_client(cls, _as_client(client))

    @classmethod
    def get_client(cls):
        return _scoped_client(cls) or Dynantic.ModelClass.get_client(cls) or Dynantic.Client.get_default()

    @classmethod
    @contextlib.contextmanager
    def using_client(cls, client):
        """Calls about this class (and its subclasses) in the block, in this
        thread or task, use @client."""
        token = _scoped_clients.set(_scoped_clients.get() + ((cls, _as_client(client)),))
        try:
            yield
        finally:
            _scoped_clients.reset(token)

    def _own_call_client(self):
        client = _scoped_client(type(self))
        if client is not None:
            self.set_instance_client(client)

    # polymorphism
    @classmethod
    def register(cls, value):
        """``@Base.register("DOG")``: items whose discriminator holds @value
        are read as the decorated subclass."""
        def decorate(subclass):
            if not (isinstance(subclass, type) and issubclass(subclass, cls)):
                raise SchemaError('register decorates a subclass of %s' % cls.__name__)
            Dynantic.ModelClass.register_subtype(cls, value, subclass.__gtype__)
            try:
                Dynantic.ModelClass.check_schema(cls)
            except GLib.Error as error:
                raise SchemaError(error.message, original_error=error) from None
            return subclass
        return decorate

    # keys
    @classmethod
    def _keys(cls, partition_key, sort_key):
        pk = cls._dyn_key.key_gvalue(partition_key)
        if sort_key is None:
            return pk, None
        if cls._dyn_sort_key is None:
            raise ValidationError('%s has no sort key' % cls.__name__, fields=[])
        return pk, cls._dyn_sort_key.key_gvalue(sort_key)

    # CRUD
    @classmethod
    def get(cls, partition_key, sort_key=None, consistent=False):
        """The item with this key, or None."""
        pk, sk = cls._keys(partition_key, sort_key)
        client = _scoped_client(cls)
        try:
            if consistent or client is not None:
                return Dynantic.Model.get_by_key_full(cls, consistent, pk, sk, client)
            return Dynantic.Model.get_by_key(cls, pk, sk)
        except GLib.Error as error:
            raise _translate(error, cls) from None

    @classmethod
    async def aget(cls, partition_key, sort_key=None, consistent=False):
        pk, sk = cls._keys(partition_key, sort_key)
        client = _scoped_client(cls)
        return await _run_async(
            cls, lambda c, cb: Dynantic.Model.get_by_key_full_async(cls, consistent, pk, sk, client, c, cb),
            lambda s, r: Dynantic.Model.get_by_key_full_finish(r))

    def save(self, condition=None):
        """Writes the whole item (PutItem), validated first."""
        compiled = _compile_condition(type(self), condition)
        self._own_call_client()
        self._write(Dynantic.Model.save, compiled)

    async def asave(self, condition=None):
        compiled = _compile_condition(type(self), condition)
        self._own_call_client()
        with self._reading():
            await _run_async(type(self), lambda c, cb: Dynantic.Model.save_async(self, compiled, c, cb),
                             lambda s, r: Dynantic.Model.save_finish(self, r))

    @classmethod
    def create(cls, **values):
        """A new item, saved only if its key is not taken yet; returns it."""
        instance = cls(**values)
        instance._own_call_client()
        instance._write(Dynantic.Model.create)
        return instance

    @classmethod
    async def acreate(cls, **values):
        instance = cls(**values)
        instance._own_call_client()
        with instance._reading():
            await _run_async(cls, lambda c, cb: Dynantic.Model.create_async(instance, c, cb),
                             lambda s, r: Dynantic.Model.create_finish(instance, r))
        return instance

    @classmethod
    def delete(cls, partition_key, sort_key=None, condition=None):
        """Deletes the item with this key (no error when there is none)."""
        pk, sk = cls._keys(partition_key, sort_key)
        compiled = _compile_condition(cls, condition)
        try:
            Dynantic.Model.delete_by_key(cls, pk, sk, compiled, _scoped_client(cls))
        except GLib.Error as error:
            raise _translate(error, cls) from None

    @classmethod
    async def adelete(cls, partition_key, sort_key=None, condition=None):
        pk, sk = cls._keys(partition_key, sort_key)
        compiled = _compile_condition(cls, condition)
        client = _scoped_client(cls)
        await _run_async(cls, lambda c, cb: Dynantic.Model.delete_by_key_async(cls, pk, sk, compiled, client, c, cb),
                         lambda s, r: Dynantic.Model.delete_by_key_finish(r))

    def delete_item(self, condition=None):
        """Deletes this item."""
        compiled = _compile_condition(type(self), condition)
        self._own_call_client()
        try:
            Dynantic.Model.delete_item(self, compiled)
        except GLib.Error as error:
            raise _translate(error, type(self)) from None

    async def adelete_item(self, condition=None):
        compiled = _compile_condition(type(self), condition)
        self._own_call_client()
        await _run_async(type(self), lambda c, cb: Dynantic.Model.delete_item_async(self, compiled, c, cb),
                         lambda s, r: Dynantic.Model.delete_item_finish(self, r))

    def refresh(self):
        """Reads this item again (its values replace the object's)."""
        self._own_call_client()
        try:
            Dynantic.Model.reload(self)
        except GLib.Error as error:
            raise _translate(error, type(self)) from None

    # reads
    @classmethod
    def query(cls, partition_key):
        return QueryBuilder(cls, partition_key)

    @classmethod
    def query_index(cls, index_name, partition_key):
        if index_name not in cls._dyn_indexes:
            names = ', '.join(sorted(cls._dyn_indexes)) or 'none'
            raise ValueError('%s has no index “%s” (its indexes: %s)' % (cls.__name__, index_name, names))
        return QueryBuilder(cls, partition_key, index_name)

    @classmethod
    def scan(cls, index_name=None, limit=None):
        builder = ScanBuilder(cls, index_name)
        if limit is not None:
            builder.limit(limit)
        return builder

    # updates
    @classmethod
    def update(cls, partition_key, sort_key=None):
        pk, sk = cls._keys(partition_key, sort_key)
        return UpdateBuilder(cls, _call(cls, Dynantic.Update.new, cls, pk, sk, _scoped_client(cls)))

    def patch(self):
        """An update of this item (its key, and its version when it has one)."""
        self._own_call_client()
        return UpdateBuilder(type(self), _call(type(self), Dynantic.Model.patch, self))

    # batches (the library's DynanticBatchWrite and DynanticBatchWriter)
    @classmethod
    def _key_object(cls, key):
        """An object holding only @key (a dict of the key fields, or the
        partition key's value), for deletes by key."""
        if not isinstance(key, dict):
            key = {cls._dyn_key.name: key}
        unknown = [name for name in key if name not in (cls._dyn_key.name, getattr(cls._dyn_sort_key, 'name', None))]
        if unknown:
            raise ValidationError('Not key fields of %s: %s' % (cls.__name__, ', '.join(unknown)), fields=unknown)
        instance = GObject.new(cls)          # no validation: only the key is set
        for name, value in key.items():
            setattr(instance, name, value)
        return instance

    @classmethod
    def _batch_write(cls, saves=(), deletes=()):
        batch = Dynantic.BatchWrite.new(_scoped_client(cls))
        for item in saves:
            item._out()    # a bad field raises here, not in the library's read
            batch.save(item)
        for key in deletes:
            if isinstance(key, DynamoModel):
                batch.delete(key)
            else:
                batch.delete_key(cls, *cls._keys(*cls._key_values(key)))
        return batch

    @classmethod
    def _key_values(cls, key):
        if isinstance(key, dict):
            return key.get(cls._dyn_key.name), key.get(getattr(cls._dyn_sort_key, 'name', None))
        return key, None

    @classmethod
    def _batch_get(cls, keys, consistent):
        batch = Dynantic.BatchGet.new(_scoped_client(cls))
        for key in keys:
            model = cls
            if cls is DynamoModel:                  # (Model, key) pairs across models
                model, key = key
            batch.add_key(model, *model._keys(*model._key_values(key)))
        if consistent:
            batch.set_consistent(True)
        return batch

    @classmethod
    def batch_get(cls, keys, consistent=False):
        """The items of @keys (dicts of key fields, or partition key values;
        on DynamoModel, (Model, key) pairs), in the keys' order, missing ones
        left out; BatchError with the keys that could not be read."""
        batch = cls._batch_get(list(keys), consistent)
        try:
            batch.execute()
        except GLib.Error as error:
            raise _batch_get_error(error, batch, cls) from None
        return list(batch.get_items())

    @classmethod
    async def abatch_get(cls, keys, consistent=False):
        batch = cls._batch_get(list(keys), consistent)
        try:
            await _run_async(cls, lambda c, cb: batch.execute_async(c, cb), lambda s, r: batch.execute_finish(r))
        except BatchError as failure:
            failure.unprocessed = list(batch.get_missing())
            failure.processed = list(batch.get_items())
            raise
        return list(batch.get_items())

    @classmethod
    def batch_save(cls, items, progress=None):
        """Saves @items (any number, 25 a request, unprocessed ones retried
        with backoff); BatchError with what was not written."""
        _run_batch(cls, cls._batch_write(saves=list(items)), progress)

    @classmethod
    async def abatch_save(cls, items, progress=None):
        batch = cls._batch_write(saves=list(items))
        await _run_batch_async(cls, batch, progress)

    @classmethod
    def batch_delete(cls, keys, progress=None):
        """Deletes the items of @keys (dicts of key fields, or partition
        key values); BatchError with what was not deleted."""
        _run_batch(cls, cls._batch_write(deletes=list(keys)), progress)

    # transactions (the library's DynanticTransactWrite and DynanticTransactGet)
    @classmethod
    def transact_write(cls, actions, client_request_token=None):
        """Runs @actions (TransactPut, TransactDelete, TransactConditionCheck,
        TransactUpdate; up to 100, one per item) all or none;
        TransactionCanceledError with one reason per action."""
        transact = _transact_write(list(actions), client_request_token)
        try:
            transact.execute()
        except GLib.Error as error:
            raise _transact_error(error, transact) from None

    @classmethod
    async def atransact_write(cls, actions, client_request_token=None):
        transact = _transact_write(list(actions), client_request_token)
        try:
            await _run_async(None, lambda c, cb: transact.execute_async(c, cb),
                             lambda s, r: transact.execute_finish(r))
        except TransactionCanceledError as failure:
            failure.reasons = _transaction_reasons(transact) or failure.reasons
            raise

    @classmethod
    def transact_save(cls, items):
        """Saves @items all or none (a transaction of TransactPut)."""
        cls.transact_write([TransactPut(item) for item in items])

    @classmethod
    async def atransact_save(cls, items):
        await cls.atransact_write([TransactPut(item) for item in items])

    @classmethod
    def transact_get(cls, gets):
        """The items of @gets (TransactGet), read at one point in time, in
        order, None for a missing one."""
        transact = _transact_get(list(gets))
        try:
            transact.execute()
        except GLib.Error as error:
            raise _transact_error(error, transact) from None
        return [transact.lookup(i) for i in range(transact.get_n_keys())]

    @classmethod
    async def atransact_get(cls, gets):
        transact = _transact_get(list(gets))
        try:
            await _run_async(None, lambda c, cb: transact.execute_async(c, cb),
                             lambda s, r: transact.execute_finish(r))
        except TransactionCanceledError as failure:
            failure.reasons = _transaction_reasons(transact) or failure.reasons
            raise
        return [transact.lookup(i) for i in range(transact.get_n_keys())]

    @classmethod
    def batch_writer(cls):
        """``with Model.batch_writer() as w: w.save(item); w.delete(**key)``:
        written 25 at a time and at the end of the block; when the block
        raised, what was not written yet stays on ``w.pending``."""
        return BatchWriter(cls)


# Batches ---------------------------------------------------------------------

def _batch_error(error, batch, model):
    failure = _translate(error, model)
    if isinstance(failure, BatchError):
        failure.unprocessed = list(batch.get_unprocessed())
        failure.processed = list(batch.get_processed())
    return failure


def _batch_get_error(error, batch, model):
    failure = _translate(error, model)
    if isinstance(failure, BatchError):
        failure.unprocessed = list(batch.get_missing())
        failure.processed = list(batch.get_items())
    return failure


def _connect_progress(batch, progress):
    if progress is None:
        return None
    return batch.connect('progress', lambda _batch, done, retried, total, capacity: progress(done, total))


def _run_batch(model, batch, progress):
    handler = _connect_progress(batch, progress)
    try:
        batch.execute()
    except GLib.Error as error:
        raise _batch_error(error, batch, model) from None
    finally:
        if handler is not None:
            batch.disconnect(handler)


async def _run_batch_async(model, batch, progress):
    handler = _connect_progress(batch, progress)
    try:
        await _run_async(model, lambda c, cb: batch.execute_async(c, cb), lambda s, r: batch.execute_finish(r))
    except BatchError as failure:
        failure.unprocessed = list(batch.get_unprocessed())
        failure.processed = list(batch.get_processed())
        raise
    finally:
        if handler is not None:
            batch.disconnect(handler)


# not exported into Dynantic: Dynantic.BatchWriter stays the library's class
# (the dynantic package names this one BatchWriter)
class BatchWriter:
    """Buffers saves and deletes of one model class and writes them 25 at a
    time (the library's DynanticBatchWriter). ``pending``: what was not
    written when the ``with`` block raised."""

    def __init__(self, model):
        self._model = model
        self._writer = Dynantic.BatchWriter.new(_scoped_client(model))
        self.pending = []

    def _run(self, function, *args):
        try:
            function(*args)
        except GLib.Error as error:
            failure = _translate(error, self._model)
            if isinstance(failure, BatchError):
                failure.unprocessed = list(self._writer.get_pending())
            raise failure from None

    def save(self, item):
        self._run(self._writer.save, item)

    def delete(self, item=None, **key):
        self._run(self._writer.delete, item if item is not None else self._model._key_object(key))

    def flush(self):
        self._run(self._writer.flush)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            self.pending = list(self._writer.take_pending())
            return False
        self._run(self._writer.close)
        return False


# Transactions ----------------------------------------------------------------

def _model_key(model, key):
    """@model's partition and sort key GValues from @key, a dict of its key
    fields."""
    names = (model._dyn_key.name, getattr(model._dyn_sort_key, 'name', None))
    unknown = [name for name in key if name not in names]
    if unknown:
        raise ValidationError('Not key fields of %s: %s' % (model.__name__, ', '.join(unknown)), fields=unknown)
    return model._keys(key.get(names[0]), key.get(names[1]) if names[1] else None)


@_export
class TransactPut:
    """Saves @item in a transaction, if @condition holds (and its Version()
    is the one it read)."""

    def __init__(self, item, condition=None):
        self.item = item
        self.condition = condition

    def _model(self):
        return type(self.item)

    def _add(self, transact):
        self.item._out()    # a bad field raises here, not in the library's read
        transact.put(self.item, _compile_condition(type(self.item), self.condition))


@_export
class TransactDelete:
    """Deletes the item of @model with the key fields @key, if @condition holds."""

    def __init__(self, model, condition=None, **key):
        self.model = model
        self.condition = condition
        self.key = key

    def _model(self):
        return self.model

    def _add(self, transact):
        pk, sk = _model_key(self.model, self.key)
        transact.delete_key(self.model, pk, sk, _compile_condition(self.model, self.condition))


@_export
class TransactConditionCheck:
    """Makes the transaction depend on @condition over the item of @model
    with the key fields @key, without writing it."""

    def __init__(self, model, condition, **key):
        self.model = model
        self.condition = condition
        self.key = key

    def _model(self):
        return self.model

    def _add(self, transact):
        pk, sk = _model_key(self.model, self.key)
        transact.check_key(self.model, pk, sk, _compile_condition(self.model, self.condition))


@_export
class TransactUpdate:
    """Runs an update (``Model.update(...)`` or ``item.patch()`` with its
    actions and condition) in a transaction."""

    def __init__(self, update):
        if not isinstance(update, UpdateBuilder):
            raise TypeError('TransactUpdate takes Model.update(...) or item.patch()')
        self.update = update

    def _model(self):
        return self.update._model

    def _add(self, transact):
        transact.update(self.update._update)


class _TransactGetKey:
    """``TransactGet(Model, **key)``: the item of @model with the key fields
    @key, read in transact_get."""

    def __init__(self, model, **key):
        self.model = model
        self.key = key


class TransactGet(Dynantic.TransactGet):
    """The library's DynanticTransactGet; called with a model class,
    ``TransactGet(Model, **key)`` names one item for
    ``DynamoModel.transact_get()``."""

    def __new__(cls, *args, **kwargs):
        if args and isinstance(args[0], type) and issubclass(args[0], DynamoModel):
            return _TransactGetKey(*args, **kwargs)
        return super().__new__(cls)


TransactGet = _export(override(TransactGet))


def _transaction_client(models):
    """The client of a ``with Model.using_client(c)`` block for one of
    @models, else None (the library picks the models' own)."""
    for model in models:
        client = _scoped_client(model)
        if client is not None:
            return client
    return None


def _transact_write(actions, token):
    for action in actions:
        if not isinstance(action, (TransactPut, TransactDelete, TransactConditionCheck, TransactUpdate)):
            raise TypeError('transact_write takes TransactPut, TransactDelete, TransactConditionCheck '
                            'and TransactUpdate actions')
    transact = Dynantic.TransactWrite.new(_transaction_client([a._model() for a in actions]))
    for action in actions:
        action._add(transact)
    if token is not None:
        transact.set_client_request_token(token)
    return transact


def _transact_get(gets):
    for get in gets:
        if not isinstance(get, _TransactGetKey):
            raise TypeError('transact_get takes TransactGet(Model, **key)')
    transact = Dynantic.TransactGet.new(_transaction_client([g.model for g in gets]))
    for get in gets:
        transact.add_key(get.model, *_model_key(get.model, get.key))
    return transact


def _transaction_reasons(transact):
    return list(transact.get_cancellation_reasons() or [])


def _transact_error(error, transact):
    failure = _translate(error)
    if isinstance(failure, TransactionCanceledError):
        failure.reasons = _transaction_reasons(transact) or failure.reasons
    return failure


__all__.append('override')
__all__.remove('override')
