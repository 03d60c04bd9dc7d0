#!/usr/bin/env python3
"""Regenerates kubeconform's JSON schemas for the kinds in deploy/kubernetes/, offline afterwards.

The source is the Kubernetes OpenAPI (v2) spec, api/openapi-spec/swagger.json of the
k8s.io/kubernetes module as the Go module proxy serves it (the proxy's zip of the tagged
release). The conversion does what openapi2jsonschema does for kubeconform's own schema
repository with --kubernetes --expanded --stand-alone --strict: IntOrString and Quantity become
oneOf string/integer (number), kind and apiVersion get enums from x-kubernetes-group-version-kind,
every object with properties refuses other properties, every $ref is inlined, and the top-level
optional fields accept null. File names follow kubeconform's layout:
<version>-standalone-strict/<kind>[-<group>]-<version>.json.

    python3 deploy/kubernetes/schemas/generate.py            # downloads about 18 MB
    python3 deploy/kubernetes/schemas/generate.py --zip FILE # a zip downloaded before

Standard library only. Add a kind to KINDS when a manifest starts to use it.
"""

import argparse
import copy
import hashlib
import io
import json
import pathlib
import sys
import urllib.request
import zipfile

KUBERNETES = "v1.34.3"
ZIP_URL = f"https://proxy.golang.org/k8s.io/kubernetes/@v/{KUBERNETES}.zip"
SPEC = f"k8s.io/kubernetes@{KUBERNETES}/api/openapi-spec/swagger.json"
# sha256 of SPEC inside the zip, so that a regeneration reads the same spec as the one committed.
SPEC_SHA256 = "d3b0cdc2fda15c753206d25ab459dc7c12df64e2fd652b6809687471ea751c37"

KINDS = [
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.core.v1.ConfigMap",
    "io.k8s.api.core.v1.PersistentVolumeClaim",
    "io.k8s.api.core.v1.Secret",
    "io.k8s.api.core.v1.ServiceAccount",
    "io.k8s.api.policy.v1.PodDisruptionBudget",
]


def read_spec(zip_path):
    if zip_path:
        data = pathlib.Path(zip_path).read_bytes()
    else:
        with urllib.request.urlopen(ZIP_URL) as response:
            data = response.read()
    spec = zipfile.ZipFile(io.BytesIO(data)).read(SPEC)
    digest = hashlib.sha256(spec).hexdigest()
    if digest != SPEC_SHA256:
        sys.exit(f"{SPEC}: sha256 {digest}, expected {SPEC_SHA256}")
    return json.loads(spec)


def strict(node):
    """additionalProperties: false on every object schema that lists its properties."""
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)


def inline(node, definitions, seen=()):
    if isinstance(node, list):
        return [inline(value, definitions, seen) for value in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/definitions/")
        if name in seen:
            sys.exit(f"recursive definition {name}: not supported stand-alone")
        return inline(copy.deepcopy(definitions[name]), definitions, seen + (name,))
    return {key: inline(value, definitions, seen) for key, value in node.items()}


def allow_null(properties):
    """Top-level optional fields may be null, as openapi2jsonschema --kubernetes has it."""
    for value in properties.values():
        if isinstance(value.get("type"), str) and value["type"] != "null":
            value["type"] = [value["type"], "null"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", help="the module zip, instead of downloading it")
    args = parser.parse_args()

    definitions = read_spec(args.zip)["definitions"]
    definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {
        "oneOf": [{"type": "string"}, {"type": "integer"}]
    }
    definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {
        "oneOf": [{"type": "string"}, {"type": "number"}]
    }
    for schema in definitions.values():
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            props = schema.get("properties", {})
            api = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            if "apiVersion" in props and api not in props["apiVersion"].setdefault("enum", []):
                props["apiVersion"]["enum"].append(api)
            if "kind" in props and gvk["kind"] not in props["kind"].setdefault("enum", []):
                props["kind"]["enum"].append(gvk["kind"])
    strict(definitions)

    out = pathlib.Path(__file__).resolve().parent / f"{KUBERNETES}-standalone-strict"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    for title in KINDS:
        group, version, kind = title.split(".")[-3:]
        name = f"{kind}-{version}" if group == "core" else f"{kind}-{group}-{version}"
        schema = copy.deepcopy(definitions[title])
        schema["$schema"] = "http://json-schema.org/schema#"
        schema.setdefault("type", "object")
        schema["additionalProperties"] = False
        allow_null(schema["properties"])
        schema = inline(schema, definitions)
        path = out / f"{name.lower()}.json"
        path.write_text(json.dumps(schema, indent=2) + "\n")
        print(f"{path.relative_to(out.parent)}: {title}")


if __name__ == "__main__":
    main()
