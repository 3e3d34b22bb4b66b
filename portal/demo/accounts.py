"""Demo accounts: entities with their staff, providers, and the four demo logins."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from portal import access
from portal.demo import vocabulary as v
from portal.demo.bulk import BulkWriter
from portal.demo.names import company_name, natural_name, plural_name
from portal.users.passwords import hash_secret

DEMO_PASSWORD = "Demo.2026!"
EMAIL_DOMAIN = "demo.portal.local"
DEMO_PROVEEDOR = "INGENIERÍA Y SERVICIOS DEL ORIENTE S.A.S."


@dataclass(frozen=True)
class DemoLogin:
    usuario: str
    nombres: str
    rol: str  # the role of their membership (one of access.ACCOUNT_ROLES)
    descripcion: str
    cuenta: str  # the account the user acts for


ENTIDAD_DEMO = v.ENTIDADES[0].nombre
# Supervising is not a membership role: a contract names its supervisor among the entity's
# accepted members, who join as Compradores (the role an Administrador accepts them with).
SUPERVISOR_MEMBER_ROLE = access.COMPRADOR
# The people a visitor can log in as; all of them act for the first entity or the demo provider.
DEMO_LOGINS = (
    DemoLogin(
        "contratista", "Carolina Méndez Ruiz", access.PROVEEDOR, "Contratista", DEMO_PROVEEDOR
    ),
    DemoLogin(
        "supervisor",
        "Jorge Andrés Cárdenas Peña",
        SUPERVISOR_MEMBER_ROLE,
        "Supervisor de contratos",
        ENTIDAD_DEMO,
    ),
    DemoLogin(
        "comprador", "Laura Patricia Ospina Rojas", access.COMPRADOR, "Comprador", ENTIDAD_DEMO
    ),
    DemoLogin(
        "admin.entidad",
        "Mauricio Salazar Quintero",
        access.ADMINISTRADOR,
        "Administrador de la entidad",
        ENTIDAD_DEMO,
    ),
)


@dataclass(frozen=True)
class Persona:
    """A user as the generator needs it: id and display name."""

    id: int
    nombre: str


@dataclass(frozen=True)
class ProveedorDemo:
    id: int
    nombre: str
    documento: str
    tipo_persona: str


@dataclass
class EntidadInfo:
    id: int
    spec: v.EntidadDemo
    nit: str
    comprador: Persona
    supervisor: Persona


@dataclass
class Cuentas:
    """Everything the process generator picks from."""

    entidades: list[EntidadInfo]
    pesos: list[int]
    naturales: list[ProveedorDemo]
    juridicas: list[ProveedorDemo]
    plurales: list[ProveedorDemo]
    contratista: Persona
    proveedor_demo: ProveedorDemo
    usuarios: dict[str, Persona] = field(default_factory=dict)


class AccountBuilder:
    """Write entities, providers, users and memberships; return what processes need."""

    def __init__(self, writer: BulkWriter, rng: random.Random, momento: datetime) -> None:
        self.writer = writer
        self.rng = rng
        self.momento = momento  # when the demo accounts were "created"
        self.password_hash = hash_secret(DEMO_PASSWORD)  # the configured method, as sign-up
        self.nits: set[str] = set()
        self.contratistas: dict[int, Persona] = {}

    def build(self, procesos: int) -> Cuentas:
        usuarios = {login.usuario: self.user(login.usuario, login.nombres) for login in DEMO_LOGINS}
        entidades = [
            self.entidad(i, spec, usuarios) for i, spec in enumerate(entity_specs(procesos))
        ]
        naturales, juridicas, plurales = self.proveedores(max(60, min(100_000, procesos // 10)))
        proveedor_demo = juridicas[0]
        self.membership(usuarios["contratista"], proveedor_demo.id, access.PROVEEDOR, None)
        self.contratistas[proveedor_demo.id] = usuarios["contratista"]
        return Cuentas(
            entidades=entidades,
            pesos=[e.spec.peso for e in entidades],
            naturales=naturales,
            juridicas=juridicas,
            plurales=plurales,
            contratista=usuarios["contratista"],
            proveedor_demo=proveedor_demo,
            usuarios=usuarios,
        )

    def entidad(self, index: int, spec: v.EntidadDemo, demo: dict[str, Persona]) -> EntidadInfo:
        cuenta_id = self.writer.new_id("cuenta")
        nit = self.unique_nit(800_000_000, 899_999_999)
        self.cuenta(
            cuenta_id, access.ENTITY, spec.nombre, spec.departamento, spec.ciudad, f"entidad{index}"
        )
        self.writer.add(
            "entidad",
            {
                "id": cuenta_id,
                "nit": nit,
                "codigo_secop": str(701_000_000 + index * 7_919 + 11),
                "orden": spec.orden,
                "rama": spec.rama,
                "sector": spec.sector,
                "tipo_entidad": spec.tipo_entidad,
            },
        )
        if index == 0:
            admin = demo["admin.entidad"]
            self.membership(admin, cuenta_id, access.ADMINISTRADOR, None)
            self.membership(demo["comprador"], cuenta_id, access.COMPRADOR, admin)
            self.membership(demo["supervisor"], cuenta_id, SUPERVISOR_MEMBER_ROLE, admin)
            return EntidadInfo(cuenta_id, spec, nit, demo["comprador"], demo["supervisor"])
        comprador = self.user(f"compras.{index:03d}", self.nombre_persona())
        supervisor = self.user(f"supervision.{index:03d}", self.nombre_persona())
        self.membership(comprador, cuenta_id, access.COMPRADOR, None)
        self.membership(supervisor, cuenta_id, SUPERVISOR_MEMBER_ROLE, None)
        return EntidadInfo(cuenta_id, spec, nit, comprador, supervisor)

    def proveedores(self, total: int):
        naturales, juridicas, plurales = [], [], []
        for i in range(total):
            kind = i % 20
            if kind < 12:
                naturales.append(self.proveedor(natural_name(len(naturales)), "natural", "CC"))
            elif kind < 19:
                nombre = DEMO_PROVEEDOR if not juridicas else company_name(len(juridicas))
                juridicas.append(self.proveedor(nombre, "juridica", "NIT"))
            else:
                plurales.append(self.proveedor(plural_name(len(plurales)), "plural", "NIT"))
        return naturales, juridicas, plurales

    def proveedor(self, nombre: str, tipo_persona: str, tipo_documento: str) -> ProveedorDemo:
        cuenta_id = self.writer.new_id("cuenta")
        if tipo_persona == "natural":
            documento = self.unique_nit(1_000_000_000, 1_119_999_999)  # a cédula
        else:
            documento = self.unique_nit(900_000_000, 901_999_999)
        departamento = self.rng.choice(list(v.LUGARES))
        ciudad = self.rng.choice(v.LUGARES[departamento])
        self.cuenta(
            cuenta_id, access.PROVIDER, nombre, departamento, ciudad, f"proveedor{cuenta_id}"
        )
        self.writer.add(
            "proveedor",
            {
                "id": cuenta_id,
                "tipo_persona": tipo_persona,
                "tipo_documento": tipo_documento,
                "numero_documento": documento,
                "codigo_secop": None,
                "es_pyme": None if tipo_persona == "natural" else self.rng.random() < 0.6,
            },
        )
        return ProveedorDemo(cuenta_id, nombre, documento, tipo_persona)

    def contratista(self, proveedor: ProveedorDemo) -> Persona:
        """The user who acts for ``proveedor`` (created the first time): payment requests
        and approvals need a person. A natural person acts for themself."""
        if proveedor.id not in self.contratistas:
            usuario = f"contratista.{proveedor.id}"
            if proveedor.tipo_persona == "natural":
                persona = self.user(usuario, proveedor.nombre.title(), proveedor.documento)
            else:
                persona = self.user(usuario, self.nombre_persona())  # the legal representative
            self.membership(persona, proveedor.id, access.PROVEEDOR, None)
            self.contratistas[proveedor.id] = persona
        return self.contratistas[proveedor.id]

    def cuenta(self, cuenta_id, tipo, nombre, departamento, ciudad, buzon) -> None:
        self.writer.add(
            "cuenta",
            {
                "id": cuenta_id,
                "tipo": tipo,
                "nombre": nombre,
                "estado": "activa",
                "correo": f"{buzon}@{EMAIL_DOMAIN}",
                "telefono": f"60{self.rng.randrange(10_000_000, 99_999_999)}",
                "direccion": f"Calle {self.rng.randint(1, 99)} # {self.rng.randint(1, 99)}-{self.rng.randint(1, 99)}",
                "departamento": departamento,
                "ciudad": ciudad,
                "creado_en": self.momento,
            },
        )

    def user(self, usuario: str, nombres: str, documento: str | None = None) -> Persona:
        user_id = self.writer.new_id("usuario")
        documento = documento or str(self.rng.randrange(10_000_000, 1_100_000_000))
        self.writer.add(
            "usuario",
            {
                "id": user_id,
                "usuario": usuario,
                "email": f"{usuario}@{EMAIL_DOMAIN}",
                "nombres": nombres,
                "tipo_documento": "CC",
                "numero_documento": documento,
                "telefono": f"3{self.rng.randrange(100_000_000, 299_999_999)}",
                "password_hash": self.password_hash,
                "zona_horaria": "America/Bogota",
                "estado": "activo",
                "es_admin_plataforma": False,
                "terminos_aceptados_en": self.momento,
                "email_confirmado_en": self.momento,
                "intentos_fallidos": 0,
                "version_sesion": 1,
                "creado_en": self.momento,
            },
        )
        return Persona(user_id, nombres)

    def membership(self, persona: Persona, cuenta_id: int, rol: str, decidido_por) -> None:
        self.writer.add(
            "membresia",
            {
                "usuario_id": persona.id,
                "cuenta_id": cuenta_id,
                "rol": rol,
                "estado": "aceptado",
                "mensaje": "",
                "creado_en": self.momento,
                "decidido_en": self.momento + timedelta(hours=1),
                "decidido_por_id": decidido_por.id if decidido_por else None,
            },
        )

    def unique_nit(self, low: int, high: int) -> str:
        while (nit := str(self.rng.randint(low, high))) in self.nits:
            pass
        self.nits.add(nit)
        return nit

    def nombre_persona(self) -> str:
        rng = self.rng
        return f"{rng.choice(v.NOMBRES)} {rng.choice(v.APELLIDOS)} {rng.choice(v.APELLIDOS)}"


def entity_specs(procesos: int) -> list[v.EntidadDemo]:
    """The twelve named entities, plus one more per 2,000 processes for large runs."""
    extra = []
    # Municipal bodies only: not for Bogotá, and no second mayor's office where one exists.
    cities = [(d, city) for d, cities in v.LUGARES.items() for city in cities if city != "Bogotá"]
    with_mayor = {spec.ciudad for spec in v.ENTIDADES if spec.tipo_entidad == "Alcaldía"}
    for plantilla, tipo, sector, especial in v.TIPOS_ENTIDAD_EXTRA:
        for dpto, city in cities:
            nombre = plantilla.format(ciudad=city.upper())
            if tipo != "Alcaldía" or city not in with_mayor:
                extra.append(
                    v.EntidadDemo(
                        nombre, dpto, city, "Territorial", "Ejecutivo", sector, tipo, 1, especial
                    )
                )
    return list(v.ENTIDADES) + extra[: procesos // 2_000]
