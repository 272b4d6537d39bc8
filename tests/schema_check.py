"""Validates content against ccgpages' JSON Schemas with validators that are
not ours: PyYAML reads the YAML (as YAML 1.2, the version serde_yaml and
VS Code's YAML extension read) and jsonschema checks it (draft 2020-12).

Usage: schema_check.py SCHEMA_DIR < request.json

The request is {"kinds": [{"file", "globs", "markdown"}], "roots": [content
folders], "cases": [{"name", "schema", "text", "markdown"}]}. Prints
{"files": {path: [problems]}, "unmatched": [paths], "cases": {name:
[problems]}} as JSON: an empty list is a file or case the schema accepts.
"""

import decimal
import fnmatch
import json
import os
import re
import sys

import jsonschema
import yaml
from yaml.constructor import SafeConstructor


class Resolver12(yaml.resolver.BaseResolver):
    """YAML 1.2's core schema: no `yes`/`no` booleans, no dates, no
    sexagesimal numbers (`14:00` is text), as serde_yaml reads it."""


Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
Resolver12.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class Constructor12(SafeConstructor):
    pass


def construct_int(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)


def construct_float(loader, node):
    # Decimal, not float: JSON numbers are decimals, and `multipleOf: 0.01`
    # is exact on them (0.07 is not a multiple of 0.01 in binary floats).
    value = loader.construct_scalar(node).lower()
    if value.endswith(".inf"):
        return decimal.Decimal("-Infinity" if value.startswith("-") else "Infinity")
    if value == ".nan":
        return decimal.Decimal("NaN")
    return decimal.Decimal(value)


Constructor12.add_constructor("tag:yaml.org,2002:int", construct_int)
Constructor12.add_constructor("tag:yaml.org,2002:float", construct_float)


class Loader12(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, Constructor12, Resolver12
):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        Constructor12.__init__(self)
        Resolver12.__init__(self)


def front_matter(text):
    """The YAML between the first two lines holding only `---`."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ValueError("no front matter")
    for i, line in enumerate(lines[1:], 1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:i])
    raise ValueError("front matter not closed")


def problems(validator, text, markdown):
    try:
        data = yaml.load(front_matter(text) if markdown else text, Loader=Loader12)
    except (yaml.YAMLError, ValueError) as e:
        return ["not read: %s" % e]
    if data is None:
        data = {}
    return sorted(
        "%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)", e.message) for e in validator.iter_errors(data)
    )


def main():
    schema_dir = sys.argv[1]
    request = json.load(sys.stdin)
    validators = {}
    for name in os.listdir(schema_dir):
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            schema = json.load(f, parse_float=decimal.Decimal)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[name] = jsonschema.Draft202012Validator(schema)
    kinds = request["kinds"]
    files, unmatched = {}, []
    for root in request["roots"]:
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if not (rel.endswith(".yaml") or rel.endswith(".md")):
                    continue
                kind = next((k for k in kinds if any(fnmatch.fnmatchcase(rel, g) for g in k["globs"])), None)
                if kind is None:
                    unmatched.append(path)
                    continue
                with open(path, encoding="utf-8-sig") as f:
                    files[path] = problems(validators[kind["file"]], f.read(), kind["markdown"])
    cases = {c["name"]: problems(validators[c["schema"]], c["text"], c["markdown"]) for c in request["cases"]}
    json.dump({"files": files, "unmatched": unmatched, "cases": cases}, sys.stdout, indent=1, default=str)


main()
