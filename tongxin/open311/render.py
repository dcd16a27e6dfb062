"""GeoReport v2 documents in JSON and XML from the same plain data.

The XML follows the spec's examples: a root element, one element per item, lists as a
container of singular elements (attributes/attribute, values/value, endpoints/endpoint,
formats/format), booleans as true/false and missing values as empty elements. Built with
ElementTree, so text is always escaped.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")

ITEM_OF = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
           "formats": "format", "errors": "error"}
# Root and item element of each document kind.
ROOTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}


# Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/FFFF).
# A citizen's text may contain them; escaping cannot help, so they are dropped.
NOT_XML = re.compile("[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any, tag: str) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child, key)
    elif isinstance(value, list):
        item_tag = ITEM_OF.get(tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item_tag), child, item_tag)
    else:
        element.text = _text(value)


def to_xml(root_tag: str, content: Any) -> bytes:
    root = ET.Element(root_tag)
    _fill(root, content, root_tag)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def list_document(kind: str, items: list[dict], fmt: str, status: int = 200) -> HttpResponse:
    """A list of services, service requests or errors."""
    if fmt == "xml":
        root, item = ROOTS[kind]
        tree = ET.Element(root)
        for entry in items:
            _fill(ET.SubElement(tree, item), entry, item)
        body = ET.tostring(tree, encoding="utf-8", xml_declaration=True)
        return HttpResponse(body, status=status, content_type=XML_TYPE)
    return json_response(items, status)


def object_document(root_tag: str, content: dict, fmt: str, status: int = 200) -> HttpResponse:
    """A single document: discovery or a service definition."""
    if fmt == "xml":
        return HttpResponse(to_xml(root_tag, content), status=status, content_type=XML_TYPE)
    return json_response(content, status)


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status,
                        content_type=JSON_TYPE)


def error_document(status: int, description: str, fmt: str) -> HttpResponse:
    """The spec's error format: [{"code": 400, "description": "..."}]."""
    fmt = fmt if fmt in FORMATS else "json"
    return list_document("errors", [{"code": status, "description": description}], fmt, status)
