"""The GeoReport v2 documents use the spec's field names and types, in JSON and in XML."""

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.open311.helpers import W3C, as_json, as_xml, get, open311_key, post, report_fields
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, act

REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
    "media_url",
]
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"]


def _act(world, case, action, user, **inputs):
    return act(case_id=case.pk, actor=world.user(user), action=action, data=ActionInput(**inputs))


def test_discovery_lists_the_v2_endpoint_and_both_formats(db):
    client = Client()
    doc = as_json(get(client, "discovery.json"))
    endpoint = doc["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    assert re.match(W3C, doc["changeset"])
    xml = as_xml(get(client, "discovery.xml"))
    assert xml.tag == "discovery"
    assert [f.text for f in xml.findall("endpoints/endpoint/formats/format")] == [
        "application/json", "text/xml"]


def test_services_come_from_the_category_tree(world):
    client = Client()
    services = as_json(get(client, "services.json"))
    assert [s["service_code"] for s in services] == ["01", "0101"]
    for s in services:
        assert list(s) == SERVICE_FIELDS
        assert isinstance(s["metadata"], bool) and s["type"] == "realtime"
    assert services[1]["group"] == "城乡建设" and services[0]["metadata"] is True

    xml = as_xml(get(client, "services.xml"))
    assert xml.tag == "services"
    first = xml.find("service")
    assert [child.tag for child in first] == SERVICE_FIELDS
    assert first.findtext("metadata") == "true"


def test_a_service_definition_offers_the_subcategories(world):
    client = Client()
    definition = as_json(get(client, "services/01.json"))
    assert definition["service_code"] == "01"
    attribute = definition["attributes"][0]
    assert attribute["variable"] is True and attribute["datatype"] == "singlevaluelist"
    assert attribute["values"] == [{"key": "0101", "name": "路灯照明"}]
    xml = as_xml(get(client, "services/01.xml"))
    assert xml.tag == "service_definition"
    assert xml.findtext("attributes/attribute/values/value/key") == "0101"
    assert as_json(get(client, "services/0101.json"))["attributes"] == []


def test_post_then_read_the_request_back_in_both_formats(world):
    client = Client()
    key = open311_key(world)
    created = post(client, **report_fields(key))
    assert created.status_code == 201, created.content
    [answer] = as_json(created)
    assert set(answer) == {"service_request_id", "token", "service_notice", "account_id"}
    number = answer["service_request_id"]
    case = Case.objects.get(number=number)
    assert case.channel == "open311" and case.category.code == "0101"

    # Through the loop: dispatched (agency, deadline), replied (public note).
    case = _act(world, case, "register", "dispatcher")
    case = _act(world, case, "dispatch", "dispatcher", lead_department=world.departments["cg"])
    case = _act(world, case, "accept", "handler")
    case = _act(world, case, "reply", "handler", note="已更换灯泡，恢复照明")

    [request] = as_json(get(client, f"requests/{number}.json"))
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == number and isinstance(number, str)
    assert request["status"] == "open"
    assert request["status_notes"] == "已更换灯泡，恢复照明"
    assert request["agency_responsible"] == "区城管局"
    assert request["service_code"] == "0101" and request["service_name"] == "路灯照明"
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert re.match(W3C, request[name]), (name, request[name])
    assert request["expected_datetime"] == timezone.localtime(case.finish_deadline).isoformat()
    assert request["lat"] == 34.05 and request["long"] == 117.1
    assert request["address"] == "建设路 ** 号"  # minimised: no house numbers

    xml = as_xml(get(client, f"requests/{number}.xml"))
    assert xml.tag == "service_requests"
    item = xml.find("request")
    assert [child.tag for child in item] == REQUEST_FIELDS
    assert item.findtext("status_notes") == "已更换灯泡，恢复照明"
    assert float(item.findtext("lat")) == 34.05 and float(item.findtext("long")) == 117.1
    assert item.findtext("expected_datetime") == request["expected_datetime"]
    assert item.find("media_url").text is None  # missing values are empty elements

    [token] = as_json(get(client, f"tokens/{answer['token']}.json"))
    assert token == {"service_request_id": number, "token": answer["token"]}
    xml_token = as_xml(get(client, f"tokens/{answer['token']}.xml"))
    assert xml_token.findtext("request/service_request_id") == number


def test_post_answers_in_xml_too(world):
    response = post(Client(), "xml", **report_fields(open311_key(world)))
    assert response.status_code == 201
    xml = as_xml(response)
    assert xml.tag == "service_requests"
    assert xml.findtext("request/service_request_id")
    assert xml.findtext("request/token")


def test_open_and_closed_follow_the_state_kind(world):
    client = Client()
    key = open311_key(world)
    numbers = [as_json(post(client, **report_fields(key, description=f"报告 {i}")))[0]
               ["service_request_id"] for i in range(3)]
    suspended, rejected, fresh = (Case.objects.get(number=n) for n in numbers)
    _act(world, suspended, "register", "dispatcher")
    _act(world, suspended, "adjudicate", "dispatcher", note="研判")
    _act(world, rejected, "reject", "dispatcher", note="不属于本平台受理范围")

    statuses = {r["service_request_id"]: r["status"]
                for r in as_json(get(client, "requests.json"))}
    assert statuses == {suspended.number: "open", rejected.number: "closed", fresh.number: "open"}
    closed = as_json(get(client, "requests.json", status="closed"))
    assert [r["service_request_id"] for r in closed] == [rejected.number]
    assert closed[0]["status_notes"] == "不属于本平台受理范围"
    assert len(as_json(get(client, "requests.json", status="open,closed"))) == 3
    # The adjudication note is internal: it never becomes a public status note.
    [request] = as_json(get(client, f"requests/{suspended.number}.json"))
    assert request["status_notes"] is None


def test_get_requests_filters(world):
    client = Client()
    key = open311_key(world)
    a = as_json(post(client, **report_fields(key)))[0]["service_request_id"]
    b = as_json(post(client, **report_fields(key, service_code="01")))[0]["service_request_id"]

    def ids(**params):
        return [r["service_request_id"] for r in as_json(get(client, "requests.json", **params))]

    assert ids() == [b, a]  # newest first
    assert ids(service_code="0101") == [a]
    assert ids(service_code="01,0101") == [b, a]
    assert ids(service_request_id=f"{a},{b}") == [b, a]
    now = timezone.localtime()
    assert ids(start_date=(now - timedelta(days=1)).isoformat(),
               end_date=(now + timedelta(days=1)).isoformat()) == [b, a]
    assert ids(start_date=(now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == []
    assert ids(end_date=(now - timedelta(days=1)).isoformat()) == []
    xml = as_xml(get(client, "requests.xml", service_code="0101"))
    assert [r.findtext("service_request_id") for r in xml.findall("request")] == [a]


def test_errors_use_the_spec_error_format(world):
    client = Client()
    unknown = get(client, "services/9999.json")
    assert unknown.status_code == 404
    [error] = as_json(unknown)
    assert error["code"] == 404 and "9999" in error["description"]

    xml = as_xml(get(client, "services/9999.xml"))
    assert xml.tag == "errors"
    assert xml.findtext("error/code") == "404" and "9999" in xml.findtext("error/description")
    assert get(client, "requests/000.json").status_code == 404
    assert get(client, "tokens/not-a-token.json").status_code == 404
    bad_format = get(client, "services.csv")
    assert bad_format.status_code == 400 and "csv" in as_json(bad_format)[0]["description"]


def test_text_xml_cannot_carry_is_dropped_not_breaking_the_document(world):
    client = Client()
    post(client, **report_fields(open311_key(world), description="路灯\x0b不亮\x01了"))
    xml = as_xml(get(client, "requests.xml"))
    assert xml.findtext("request/description") == "路灯不亮了"
