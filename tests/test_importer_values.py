"""Cell parsers of the SECOP II importer: dates, money, documents, codes, URLs, encodings."""

import codecs
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from portal.importer import values as v
from portal.importer.columns import CONTRATOS, PROCESOS, api_names, detect_dataset
from portal.importer.readers import detect_encoding


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Naive source times are Bogotá local time (UTC-5): midnight there is 05:00 UTC.
        ("2026-03-02T00:00:00.000", datetime(2026, 3, 2, 5, 0, tzinfo=UTC)),
        ("2025-07-23", datetime(2025, 7, 23, 5, 0, tzinfo=UTC)),
        ("2020-11-26 14:30:00", datetime(2020, 11, 26, 19, 30, tzinfo=UTC)),
        ("9/07/2022", datetime(2022, 9, 7, 5, 0, tzinfo=UTC)),
        ("12/31/2022", datetime(2022, 12, 31, 5, 0, tzinfo=UTC)),
        ("2023 ago 09 12:00:00 AM", datetime(2023, 8, 9, 5, 0, tzinfo=UTC)),
        ("2024 dic 20 01:15:00 PM", datetime(2024, 12, 20, 18, 15, tzinfo=UTC)),
        ("2026-03-02T10:00:00Z", datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),
        ("", None),
        ("No Definido", None),
    ],
)
def test_parse_datetime(raw, expected):
    assert v.parse_datetime(raw) == expected


@pytest.mark.parametrize("raw", ["32/13/2025", "ayer", "2023 foo 09", "2026-02-30"])
def test_unparseable_dates_say_why(raw):
    with pytest.raises(v.BadValue, match=f"fecha ilegible «{raw}»"):
        v.parse_datetime(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$ 31.500.000,00", 31_500_000),
        ("$ 0,00", 0),
        ("$ 8.360.000,50", 8_360_001),
        ("31500000", 31_500_000),
        ("16500000.0", 16_500_000),
        ("1.2E8", 120_000_000),
        ("31.500.000", 31_500_000),
        ("31500000,75", 31_500_001),
        (Decimal("40000"), 40_000),
        (40000, 40_000),
        ("", None),
    ],
)
def test_parse_money_gives_whole_pesos(raw, expected):
    amount = v.parse_money(raw)
    assert amount == expected
    assert amount is None or type(amount) is int


@pytest.mark.parametrize("raw", ["$ treinta", "muchos pesos", "NaN1", "Infinity"])
def test_bad_money_says_why(raw):
    with pytest.raises(v.BadValue, match="valor en pesos ilegible"):
        v.parse_money(raw)


@pytest.mark.parametrize("raw", ["1E30", "9" * 25, "$ 9.999.999.999.999.999", Decimal("1e20")])
def test_money_beyond_any_budget_is_refused_not_inserted(raw):
    # Above MAX_PESOS a value would overflow the BIGINT column and abort the whole import.
    with pytest.raises(v.BadValue, match="fuera de rango"):
        v.parse_money(raw)

    if not str(raw).startswith("$"):
        with pytest.raises(v.BadValue, match="fuera de rango"):
            v.parse_int(str(raw))


def test_documents_and_codes():
    assert v.parse_document("890.480.184,00") == "890480184"
    assert v.parse_document("830039207") == "830039207"
    assert v.parse_document("No Definido") == ""
    assert v.parse_code("703.301.051,00") == "703301051"
    assert v.parse_code("0") is None
    assert v.parse_code("No registra") is None


def test_unspsc_codes_lose_their_version_prefix():
    assert v.parse_unspsc("V1.72141100") == "72141100"
    assert v.parse_unspsc("No definido") is None
    assert v.parse_unspsc_list("V1.72141200, V1.72151500;V1.72141200") == ["72141200", "72151500"]


@pytest.mark.parametrize(
    "raw",
    [
        "https://community.secop.gov.co/x?noticeUID=CO1.NTC.1",
        {"url": "https://community.secop.gov.co/x?noticeUID=CO1.NTC.1"},
        '{"url": "https://community.secop.gov.co/x?noticeUID=CO1.NTC.1"}',
        "{'url': 'https://community.secop.gov.co/x?noticeUID=CO1.NTC.1'}",
    ],
)
def test_url_plain_or_object(raw):
    assert v.parse_url(raw) == "https://community.secop.gov.co/x?noticeUID=CO1.NTC.1"


def test_encoding_detection():
    text = "Alcaldía de Bogotá, Prestación de servicios"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert detect_encoding(codecs.BOM_UTF8 + text.encode("utf-8")) == "utf-8-sig"
    assert detect_encoding(text.encode("iso-8859-1")) == "cp1252"
    # A multi-byte character cut at the end of the sniffed chunk is still UTF-8.
    assert detect_encoding("añ".encode()[:-1]) == "utf-8"


def test_dataset_detection_from_api_or_display_headers():
    assert detect_dataset(["entidad", "id_del_proceso"]) == PROCESOS
    assert detect_dataset(["Entidad", "ID del Proceso"]) == PROCESOS
    assert detect_dataset(["Nombre Entidad", "ID Contrato"]) == CONTRATOS
    assert detect_dataset(["ciudad", "estado_contrato", "valor_del_contrato"]) is None
    header = ["ID del Proceso", "Fecha de Ultima Publicación", "Descripción del Procedimiento"]
    assert api_names(PROCESOS, header) == [
        "id_del_proceso",
        "fecha_de_ultima_publicaci",
        "descripci_n_del_procedimiento",
    ]
    # A derived column stands in for the official one only when that one is absent.
    assert api_names(PROCESOS, ["Fecha de Publicacion inicial"]) == ["fecha_de_publicacion_del"]
    both = ["Fecha de Publicacion del Proceso", "Fecha de Publicacion inicial"]
    assert api_names(PROCESOS, both)[1] != "fecha_de_publicacion_del"
