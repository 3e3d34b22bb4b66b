"""The layers hold: import-linter keeps its contracts here and would break them on a bad import.

Also the rules a linter does not express: every blueprint has the same shape, and module names
are English except for the Spanish domain nouns we keep on purpose.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PORTAL = ROOT / "portal"
BLUEPRINTS = PORTAL / "blueprints"
PYPROJECT = ROOT / "pyproject.toml"
# Installed by the `test` extra beside this interpreter (never skipped: it is a test dependency).
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def contract_name(kind: str) -> str:
    """Return the name of the one import-linter contract of type ``kind`` in pyproject.toml."""
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    (name,) = [contract["name"] for contract in contracts if contract["type"] == kind]
    return name


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """Run lint-imports with our contracts over the ``portal`` package found in ``tree``."""
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", PYPROJECT],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_portal_keeps_every_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def portal_copy(tmp_path) -> Path:
    """A copy of the portal's Python modules (no templates or static files) to break."""
    skipped = shutil.ignore_patterns("__pycache__", "static", "templates", "migrations")
    shutil.copytree(PORTAL, tmp_path / "portal", ignore=skipped)
    return tmp_path


def add_line(tree: Path, module: str, line: str) -> None:
    """Append ``line`` to ``module`` in ``tree``, creating the module if it is new."""
    path = tree / module
    text = path.read_text() if path.exists() else ""
    path.write_text(f"{text}\n{line}  # noqa\n")


@pytest.mark.parametrize(
    ("module", "line", "kind", "importer"),
    [
        pytest.param(
            "portal/contracts/history.py",
            "from portal.blueprints.home import bp",
            "layers",
            "portal.contracts.history -> portal.blueprints.home",
            id="domain-imports-blueprint",
        ),
        pytest.param(
            "portal/uploads/validation.py",
            "from portal.blueprints.uploads import bp",
            "layers",
            "portal.uploads.validation -> portal.blueprints.uploads",
            id="infrastructure-imports-blueprint",
        ),
        pytest.param(
            "portal/blueprints/contracts/routes.py",
            "from portal.blueprints.home import bp",
            "independence",
            "portal.blueprints.contracts.routes -> portal.blueprints.home",
            id="blueprint-imports-blueprint",
        ),
        pytest.param(
            "portal/uploads/purposes.py",
            "import portal.contracts",
            "forbidden",
            "portal.uploads.purposes -> portal.contracts",
            id="upload-core-imports-feature",
        ),
        pytest.param(
            "portal/expediente/archive.py",
            "from portal.contracts import history",
            "acyclic_siblings",
            ".expediente -> .contracts",
            id="domain-packages-import-each-other",
        ),
        pytest.param(
            "portal/unplaced.py",
            "from portal import clock",
            "layers",
            "- portal.unplaced",
            id="module-in-no-layer",
        ),
    ],
)
def test_a_bad_import_breaks_its_contract(portal_copy, module, line, kind, importer):
    add_line(portal_copy, module, line)

    result = lint_imports(portal_copy)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract_name(kind)} BROKEN" in result.stdout
    assert importer in result.stdout


def blueprint_packages() -> list[str]:
    return sorted(path.name for path in BLUEPRINTS.iterdir() if (path / "__init__.py").exists())


def test_no_blueprint_imports_another_blueprint():
    graph = grimp.build_graph("portal", cache_dir=None)
    packages = {f"portal.blueprints.{name}" for name in blueprint_packages()}

    def package_of(module: str) -> str | None:
        return next((p for p in packages if module == p or module.startswith(p + ".")), None)

    crossings = {
        f"{importer} -> {imported}"
        for importer in graph.modules
        if package_of(importer)
        for imported in graph.find_modules_directly_imported_by(importer)
        if package_of(imported) not in (None, package_of(importer))
    }
    assert not crossings


def assigns_bp(init: Path) -> bool:
    """Whether a blueprint's ``__init__.py`` binds ``bp`` at module level."""
    return any(
        isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "bp" for t in node.targets)
        for node in ast.parse(init.read_text()).body
    )


@pytest.mark.parametrize("name", blueprint_packages())
def test_every_blueprint_has_the_same_shape(name):
    folder = BLUEPRINTS / name
    entries = {path.name for path in folder.iterdir() if path.name != "__pycache__"}
    routes = {"routes.py", "routes"} & entries

    assert assigns_bp(folder / "__init__.py")
    assert len(routes) == 1, "routes.py or routes/<page>.py, not both"
    assert entries - routes <= {"__init__.py", "forms.py", "loaders.py"}
    if "routes" in routes:
        assert (folder / "routes" / "__init__.py").exists()


# Spanish nouns kept on purpose (English would be vaguer) and proper names.
SPANISH_ALLOWED = {"expediente", "paa", "adicion", "secop", "unspsc"}
# Spanish words that named modules before issue 11 moved them to English names.
SPANISH_WORDS = {
    "acceso", "adjudicacion", "avisos", "busqueda", "campos", "cargar", "cierre", "consultas",
    "contratista", "contrato", "contratos", "cuenta", "cuentas", "detalle", "documento",
    "documentos", "enlaces", "entidad", "entidades", "estado", "estados", "factura", "gestion",
    "historial", "incumplimientos", "ingreso", "listas", "mi", "miembros", "mis",
    "modificaciones", "paginas", "pago", "pagos", "proceso", "procesos", "publico",
    "recuperacion", "registrar", "registro", "rutas", "servicios", "solicitudes", "subidas",
    "tiempo", "verificar",
}  # fmt: skip
SPANISH_ENDING = re.compile(r"(cion|ciones|idad|idades)$")


def looks_spanish(word: str) -> bool:
    return word not in SPANISH_ALLOWED and (
        word in SPANISH_WORDS or bool(SPANISH_ENDING.search(word))
    )


def test_python_modules_are_named_in_english():
    modules = [
        path.relative_to(PORTAL)
        for path in PORTAL.rglob("*")
        if "migrations" not in path.parts
        and (path.suffix == ".py" or (path / "__init__.py").exists())
    ]
    spanish = [
        str(module)
        for module in modules
        for part in module.with_suffix("").parts
        if any(looks_spanish(word) for word in part.split("_"))
    ]
    assert not spanish
