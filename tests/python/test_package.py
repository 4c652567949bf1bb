"""The package: what it exports is what its types declare, and the
override's names are Dynantic.<name> too."""
import ast
import os

import gi
from gi.repository import Dynantic

import dynantic

STUB = os.path.join(os.environ.get('PYTHONPATH', '').split(os.pathsep)[0], 'dynantic', '__init__.pyi')


def stub_tree():
    with open(STUB, encoding='utf-8') as f:
        return ast.parse(f.read())


def public(names):
    return {n for n in names if not n.startswith('_')}


def test_every_declared_name_exists_and_every_export_is_declared():
    declared = set()
    for node in stub_tree().body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            declared.add(node.name)
        elif isinstance(node, ast.Assign):
            declared.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared.add(node.target.id)
    assert public(declared) <= set(dir(dynantic))
    assert set(dynantic.__all__) <= public(declared)


def test_declared_methods_exist():
    for node in stub_tree().body:
        if not isinstance(node, ast.ClassDef) or node.name.startswith('_'):
            continue
        runtime = getattr(dynantic, node.name)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith('__'):
                assert hasattr(runtime, item.name), '%s.%s' % (node.name, item.name)


def test_names_are_reachable_through_gi():
    for name in dynantic.__all__:
        if name != 'BatchWriter':
            assert getattr(Dynantic, name) is getattr(dynantic, name)
    # the library's own types are untouched, or (Client) subclassed
    assert Dynantic.Condition.__module__.startswith('gi.repository')
    assert issubclass(Dynantic.Client, gi.repository.GObject.Object)
    assert dynantic.DynamoModel.__gtype__.name == 'DynanticDynamoModel'
    assert dynantic.DynamoModel.__gtype__.parent == Dynantic.Model.__gtype__


def test_the_library_classes_of_the_same_names_keep_their_plain_api():
    # Dynantic.BatchWriter stays the library's; dynantic.BatchWriter is the
    # package's (what Model.batch_writer() returns)
    assert Dynantic.BatchWriter.__module__.startswith('gi.repository')
    assert isinstance(Dynantic.BatchWriter.new(None), gi.repository.GObject.Object)
    assert dynantic.BatchWriter is not Dynantic.BatchWriter
    # TransactGet and CancellationReason are the library's classes with the
    # Python face's additions: TransactGet(Model, **key), reason.code
    made = Dynantic.TransactGet.new(None)
    assert isinstance(made, Dynantic.TransactGet)
    assert made.get_n_keys() == 0
    assert isinstance(Dynantic.TransactGet(), Dynantic.TransactGet)
    assert issubclass(Dynantic.CancellationReason, gi.repository.GObject.Object)
    assert isinstance(vars(Dynantic.CancellationReason)['code'], property)
