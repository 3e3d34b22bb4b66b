"""Model types: aware datetimes, whole pesos, state normalisation, UNSPSC levels."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from portal.formatting import cop, fecha_hora, tamano
from portal.models import Proceso
from portal.models.types import to_pesos
from portal.models.unspsc import nivel_de, padre_de
from portal.models.vocab import normalize_estado_contrato, normalize_estado_proceso


def test_datetimes_come_back_aware_in_utc(db, make_proceso):
    proceso = make_proceso(fecha_publicacion=datetime(2026, 1, 5, 13, 0, tzinfo=UTC))
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(Proceso, proceso.id)
    assert loaded.fecha_publicacion == datetime(2026, 1, 5, 13, 0, tzinfo=UTC)
    assert loaded.fecha_publicacion.tzinfo is not None


def test_money_is_whole_pesos(db, make_proceso):
    proceso = make_proceso(precio_base=Decimal("31500000.50"))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Proceso, proceso.id).precio_base == 31_500_001


def test_float_money_is_refused():
    with pytest.raises(TypeError):
        to_pesos(1.5)


@pytest.mark.parametrize(
    ("published", "key"),
    [
        ("Seleccionado", "adjudicado"),
        ("Evaluación", "evaluacion"),
        ("evaluacion", "evaluacion"),
        ("  Publicado ", "publicado"),
        ("Cancelado", "cancelado"),
        ("Algo nuevo", "otro"),
        (None, "otro"),
    ],
)
def test_process_states_normalise(published, key):
    assert normalize_estado_proceso(published) == key


@pytest.mark.parametrize(
    ("published", "key"),
    [("terminado", "terminado"), ("En ejecución", "en_ejecucion"), ("cedido", "cedido")],
)
def test_contract_states_normalise(published, key):
    assert normalize_estado_contrato(published) == key


@pytest.mark.parametrize(
    ("codigo", "nivel", "padre"),
    [
        ("72000000", "segmento", None),
        ("72100000", "familia", "72000000"),
        ("72101500", "clase", "72100000"),
        ("72101507", "producto", "72101500"),
    ],
)
def test_unspsc_levels(codigo, nivel, padre):
    assert nivel_de(codigo) == nivel
    assert padre_de(codigo) == padre


def test_es_co_formats():
    assert cop(180_000_000) == "$ 180.000.000"
    assert cop(None) == "No registra"
    assert fecha_hora(datetime(2026, 11, 21, 13, 5, tzinfo=UTC)) == "21/11/2026 08:05 a. m."
    assert tamano(1536) == "1,5 KB"
