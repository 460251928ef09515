"""Non-Chinese personal-data forms: every promised form is found, look-alikes are not."""

from __future__ import annotations

import pytest

from pipeline.detectors_intl import find_international


def found(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, start, end in find_international(text)]


@pytest.mark.parametrize("value", [
    "+1 (212) 555-0123", "212-555-0123", "(212) 555-0123", "212.555.0123", "212 555 0123",
    "+1 212 555 0123", "+12125550123", "1-800-555-0199",
    "+44 20 7946 0958", "+44 (0)20 7946 0958", "+33 1 42 68 53 00", "+49 30 901820",
    "+61 2 9374 4000", "+442079460958",
])
def test_phone_numbers_are_found_whole(value):
    for text in (value, f"Caller {value}.", f"来电{value}，", f"tel:{value}"):
        assert found(text) == [("phone_intl", value)], text


@pytest.mark.parametrize("value", [
    "40.7128, -74.0060", "40.712776,-74.005974", "(51.5074, -0.1278)", "-33.8688 151.2093",
    "40.7128° N, 74.0060° W", "31.2304;121.4737",
])
def test_coordinates_are_found(value):
    assert found(f"位置 {value} 附近") == [("coordinates", value.strip("()"))]
    assert found(f"lat/lon={value};") == [("coordinates", value.strip("()"))]


@pytest.mark.parametrize("value", [
    "123 Main St", "45 W 34th Street", "350 Fifth Avenue", "1600 Pennsylvania Ave.",
    "10 Downing Street", "221B Baker Street", "1 Broadway", "2 MAIN STREET",
    "77 Martin Luther King Jr Blvd", "12-14 High Road", "5 E 42nd St",
])
def test_street_addresses_are_found(value):
    assert found(f"Reported at {value}, near the park") == [("street_address", value)]
    assert found(f"地址：{value}") == [("street_address", value)]


@pytest.mark.parametrize("text", [
    "2024-03-05", "2024-03-05 14:02:00", "3/5/2024 2:14 PM", "1/1/20 0:05", "20240305",
    "¥1,234.56", "$1,234,567.89", "12,345.6789 元", "+12.5%", "-3.4567", "+1234",
    "14:02:33", "10:00-12:00", "page 12 of 300", "pp. 123-456", "第12页", "2024年", "1990 2024",
    "version 1.2.3", "v2.10.4", "Python 3.11.7", "ISBN 978-0-306-40615-7",
    "0.9123,0.8456", "2024-01,complaint,120,96,0.8000,0.7500,3.2500,0.8833,false",
    "0.1234, 0.5678", "received 1234 cases, closed 1200", "in 2024 the road was repaired",
    "3 Street lights out", "Chapter 3 Court rulings", "12 months", "2 items at 3.50 each",
    "order CG2024031500123", "sha256 3f5a9c0e1d2b4a6f8e7c9d0b1a2c3e4f",
    "calls 2125550123 in total", "2023-555-0123", "555-0123",
])
def test_look_alikes_are_not_hits(text):
    assert found(text) == []
