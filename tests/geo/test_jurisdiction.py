import pytest

from geo.jurisdiction import Jurisdiction, level_of_code, prefix_of


@pytest.mark.parametrize(
    "code,level,prefix",
    [
        ("320411000000", "district", "320411"),
        ("320411005000", "street", "320411005"),
        ("320411005012", "community", "320411005012"),
        ("320411005012003", "grid", "320411005012003"),
        ("320411005012003007", "micro_grid", "320411005012003007"),
    ],
)
def test_code_levels_and_prefixes(code, level, prefix):
    assert level_of_code(code) == level
    assert prefix_of(code) == prefix


def test_not_an_area_code():
    with pytest.raises(ValueError):
        level_of_code("3204")


def test_street_jurisdiction_covers_its_descendants_and_sees_its_ancestors():
    street = Jurisdiction("320411005")

    assert street.covers("320411005012003")
    assert not street.covers("320411006001001")
    assert street.sees_area("320411000000")
    assert not street.sees_area("320411006000")


def test_no_jurisdiction_sees_nothing():
    nothing = Jurisdiction(None)
    assert not nothing.covers("320411000000")
    assert not nothing.sees_area("320411000000")
