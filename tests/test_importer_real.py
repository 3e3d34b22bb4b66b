"""Every real SECOP II file in ../shared/data/secop-raw imports without a crash, or is explained."""

from pathlib import Path

import pytest

from portal.importer import import_file, import_unspsc

pytestmark = pytest.mark.secop_raw

_REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "secop-raw"
REAL_FILES = sorted(path.name for path in _REAL.glob("*.csv")) if _REAL.is_dir() else ["(ausente)"]

# Files that hold no processes nor contracts with their ids: why each one is left out.
NOT_IMPORTABLE = {
    "entidades_MDM": "no se reconoce el conjunto de datos",
    "DNP_2020_2023_8cols": "no tiene id_contrato",
    "star_dim_entidad": "no se reconoce el conjunto de datos",
    "star_dim_proveedor": "no se reconoce el conjunto de datos",
    "star_muestra_hechos": "no identifica la entidad",
    "paa_SECOPII": "Plan Anual de Adquisiciones",
}


def _expected_error(name: str) -> str | None:
    return next((reason for part, reason in NOT_IMPORTABLE.items() if part in name), None)


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_file_imports_or_is_explained(db, shared_data, name):
    rechazos = []
    result = import_file(shared_data / name, on_rechazo=rechazos.append)
    expected_error = _expected_error(name)
    if expected_error:
        assert expected_error in result.error
        assert result.insertadas == 0
        return
    assert result.error is None
    assert result.leidas > 0
    assert result.insertadas + result.actualizadas + result.sin_cambios + result.rechazadas > 0
    rejected = [r for r in rechazos if r.tipo == "rechazada"]
    assert len(rejected) == result.rechazadas
    assert all(r.donde and r.motivo for r in rechazos)
    # Every row is accounted for: written, unchanged, rejected or replaced by a later copy.
    written = result.insertadas + result.actualizadas + result.sin_cambios
    assert written + result.rechazadas + result.duplicadas >= result.leidas


def test_real_processes_import_twice_without_changes(db, shared_data):
    path = shared_data / "p6dx-8zbt_procesos__Danii114_SECOP_I-II__2147rows.csv"
    first = import_file(path)
    second = import_file(path)
    assert first.insertadas == 2147
    assert (second.insertadas, second.actualizadas, second.sin_cambios) == (0, 0, 2147)


def test_real_unspsc_classifier(db, shared_data):
    result = import_unspsc(
        shared_data / "unspsc" / "clasificador_UNSPSC_v14_1_es_hasta_clase__derived.csv"
    )
    assert result.error is None and result.rechazadas == 0
    assert result.insertados == 56 + 420 + 3818
