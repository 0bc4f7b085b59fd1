"""Upstream SPDX expressions: parsing and the properties that drive the rights warnings."""

import pytest

from drafting.upstream import UpstreamLicenseError, license_table, parse_upstream

REQUIRED_FAMILY = [
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "CC0-1.0",
    "ODbL-1.0",
    "ODC-By-1.0",
    "PDDL-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "C-UDA-1.0",
    "O-UDA-1.0",
    "OpenRAIL",
    "OpenRAIL-M",
]


@pytest.mark.parametrize("key", REQUIRED_FAMILY)
def test_the_table_covers_the_licences_we_promise(key):
    assert key in license_table()
    assert parse_upstream(key).properties.known


def test_and_adds_restrictions_up():
    props = parse_upstream("CC-BY-SA-4.0 AND CC-BY-NC-4.0").properties
    assert (props.by, props.sa, props.nc, props.nd) == (True, True, True, False)


def test_or_keeps_only_restrictions_common_to_every_choice():
    props = parse_upstream("CC-BY-NC-4.0 OR CC0-1.0").properties
    assert not props.nc and not props.by


def test_custom_terms_make_the_properties_unknown():
    assert not parse_upstream("LicenseRef-Community-Terms").properties.known


@pytest.mark.parametrize("expression", ["Foo-1.0", "CC-BY-4.0 AND (", ""])
def test_bad_expressions_are_refused_with_a_message(expression):
    with pytest.raises(UpstreamLicenseError):
        parse_upstream(expression)


def test_responsible_ai_licences_carry_use_restrictions():
    assert parse_upstream("OpenRAIL-M").properties.rail
