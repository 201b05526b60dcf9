"""Reading the builder's YAML data files: plain values, every mistake a clear error.

The readings of the sources (cited_readings.yaml) and the sample records (demo_data.yaml) are
data; their schema is the Python functions they are passed to, called with the fields of each
entry as keyword arguments, so a misspelt or missing field names the entry it is in.
"""

import inspect
from pathlib import Path

import yaml

from registry.fixture_builder.common import BuildError

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads an unquoted 2010-10-04 as text, like 2010-10 (the builder parses
    dates itself, '2010' and 'c.2015' included), and refuses a key given twice (YAML would
    keep the last one silently)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node)
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise BuildError(f"line {line}: {key!r} is given twice")
                seen.add(key)
        return mapping


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path):
    path = Path(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, BuildError) as error:
        raise BuildError(f"{path.name}: {error}") from error


def call(function, where: str, fields):
    """function(**fields); a wrong, missing or extra field is reported with `where`."""
    name = getattr(function, "func", function).__name__  # a partial names its function
    if not isinstance(fields, dict):
        raise BuildError(f"{where}: {name} needs named fields, not {fields!r}")
    signature = inspect.signature(function)
    unknown = [repr(field) for field in fields if field not in signature.parameters]
    if unknown:  # a misspelt field: say so, rather than that the right one is missing
        raise BuildError(f"{where}: {name} has no field {', '.join(unknown)}")
    try:
        signature.bind(**fields)
    except TypeError as error:
        raise BuildError(f"{where}: {name}: {error}") from None
    return function(**fields)


def table(value, where: str, kind=dict):
    """A table of a file: a mapping of key -> fields (or a list of entries), or an error."""
    if not isinstance(value, kind):
        raise BuildError(f"{where} must be a {'mapping' if kind is dict else 'list'}")
    return value
