"""The API's reference page: the OpenAPI description, read as HTML (no script needed)."""

from functools import lru_cache

from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from ..caching import public


@lru_cache(maxsize=1)
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict) -> list[dict]:
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            response = operation.get("responses", {}).get("200", {})
            content = response.get("content", {}).get("application/json", {})
            ref = content.get("schema", {}).get("$ref", "")
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "response": ref.rsplit("/", 1)[-1],
                }
            )
    return rows


@public
def reference_page(request):
    schema = _schema()
    components = schema.get("components", {}).get("schemas", {})
    return render(
        request,
        "publicsite/api_reference.html",
        {
            "info": schema.get("info", {}),
            "operations": _operations(schema),
            "components": sorted(components.items()),
            "schema_url": reverse("publicsite:api:schema"),
            "nav": "api",
        },
    )
