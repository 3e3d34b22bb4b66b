"""Value lists of the synthetic demo: SECOP II vocabulary and Spanish words to combine.

The published values (modalities, contract types, states, phases, duration units) are the
ones SECOP II really uses; names, places and objects are combinations of common words, so
no real row is ever copied.
"""

from dataclasses import dataclass

# (departamento, its cities) of the places the demo entities work in.
LUGARES = {
    "Santander": ["San Gil", "Bucaramanga", "Socorro", "Barbosa", "Málaga", "Piedecuesta"],
    "Boyacá": ["Tunja", "Duitama", "Sogamoso", "Chiquinquirá", "Paipa", "Moniquirá"],
    "Magdalena": ["Santa Marta", "Ciénaga", "Fundación", "El Banco", "Aracataca"],
    "Huila": ["Neiva", "Garzón", "Pitalito", "La Plata", "Campoalegre"],
    "Meta": ["Villavicencio", "Acacías", "Granada", "Puerto López", "Restrepo"],
    "Cauca": ["Popayán", "Santander de Quilichao", "Piendamó", "El Tambo", "Patía"],
    "Tolima": ["Ibagué", "Espinal", "Honda", "Líbano", "Chaparral", "Melgar"],
    "Risaralda": ["Pereira", "Dosquebradas", "Santa Rosa de Cabal", "La Virginia"],
    "Nariño": ["Pasto", "Ipiales", "Tumaco", "Túquerres", "La Unión"],
    "Valle del Cauca": ["Buenaventura", "Tuluá", "Buga", "Cartago", "Palmira"],
    "Antioquia": ["Rionegro", "Apartadó", "Caucasia", "Santa Fe de Antioquia", "Yarumal"],
    "Bolívar": ["Cartagena", "Magangué", "Turbaco", "El Carmen de Bolívar", "Mompós"],
    "Córdoba": ["Montería", "Lorica", "Sahagún", "Cereté", "Montelíbano"],
    "Cundinamarca": ["Zipaquirá", "Girardot", "Fusagasugá", "Facatativá", "Chía"],
    "Distrito Capital de Bogotá": ["Bogotá"],
}

VEREDAS = [
    "El Carmen", "San José", "La Esperanza", "Santa Rosa", "Buenos Aires", "La Palma",
    "El Progreso", "Villa Nueva", "Las Flores", "San Antonio", "El Porvenir", "La Unión",
    "Monserrate", "Guadalupe", "Los Alpes", "Bellavista", "San Isidro", "La Florida",
]  # fmt: skip

DEPENDENCIAS = [
    "Gobierno", "Hacienda", "Educación", "Salud", "Planeación", "Infraestructura",
    "Desarrollo Social", "Agricultura y Medio Ambiente", "Tránsito y Movilidad", "Cultura y Turismo",
]  # fmt: skip

NOMBRES = [
    "Carolina", "Andrés", "Luisa", "Juan", "María", "Camilo", "Diana", "Jorge", "Paula", "Felipe",
    "Natalia", "Sergio", "Laura", "Óscar", "Ángela", "Mauricio", "Claudia", "Julián", "Sandra",
    "Ricardo", "Marcela", "Hernán", "Yolanda", "Fabián", "Lorena", "Édgar", "Viviana", "Iván",
    "Catalina", "Wilson", "Adriana", "Germán", "Paola", "Héctor", "Liliana", "Álvaro", "Johana",
    "Nelson", "Gloria", "Fredy",
]  # fmt: skip

# NOMBRES alternates women's and men's names; second names follow the first one.
SEGUNDOS_NOMBRES = (
    ["", "", "Fernanda", "Isabel", "Patricia", "Andrea"],
    ["", "", "Alejandro", "José", "David", "Esteban"],
)

APELLIDOS = [
    "Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández", "Sánchez",
    "Ramírez", "Pérez", "Díaz", "Muñoz", "Rojas", "Moreno", "Jiménez", "Vargas", "Castro",
    "Ortiz", "Rubio", "Suárez", "Méndez", "Cárdenas", "Quintero", "Ospina", "Restrepo",
    "Zapata", "Castaño", "Bermúdez", "Cifuentes", "Peña", "Salazar", "Cortés", "Guerrero",
    "Mejía", "Arango", "Valencia", "Ruiz", "Londoño", "Ibarra", "Acosta",
]  # fmt: skip

# The first seven agree with the feminine plural adjectives below.
EMPRESA_NUCLEO = [
    "CONSTRUCCIONES", "INVERSIONES", "SOLUCIONES", "OBRAS CIVILES", "DISTRIBUCIONES",
    "ASESORÍAS", "DOTACIONES", "INGENIERÍA", "SUMINISTROS", "SERVICIOS", "TECNOLOGÍA",
    "CONSULTORES", "PROYECTOS", "COMERCIALIZADORA", "INFRAESTRUCTURA", "GESTIÓN AMBIENTAL",
]  # fmt: skip
EMPRESA_ADJETIVO = [
    "INTEGRALES", "TÉCNICAS", "ESTRATÉGICAS", "GLOBALES", "ANDINAS", "MODERNAS", "UNIDAS",
    "ASOCIADAS", "ESPECIALIZADAS", "PROFESIONALES", "DEL FUTURO", "Y CIA",
]  # fmt: skip
EMPRESA_REGION = [
    "DEL ORIENTE", "DEL CARIBE", "DEL PACÍFICO", "DEL LLANO", "DEL SUR", "DE SANTANDER",
    "DEL HUILA", "DE BOYACÁ", "DEL TOLIMA", "DEL CAUCA", "DE LOS ANDES", "DE COLOMBIA",
    "DEL MAGDALENA", "DEL EJE CAFETERO",
]  # fmt: skip
EMPRESA_SUFIJO = ["S.A.S.", "S.A.S.", "S.A.S.", "LTDA", "S.A."]
PLURAL_PREFIJO = ["CONSORCIO", "UNIÓN TEMPORAL"]
PLURAL_NUCLEO = [
    "VIAL",
    "INTERVENTORÍAS",
    "OBRAS",
    "SALUD",
    "INFRAESTRUCTURA EDUCATIVA",
    "AMBIENTAL",
    "ACUEDUCTOS",
]

PROFESIONES = [
    ("abogado", "apoyar jurídicamente a la Secretaría de {dependencia} en la revisión de actos administrativos y procesos contractuales"),
    ("ingeniero civil", "apoyar a la Secretaría de Infraestructura en la supervisión técnica de obras públicas del municipio"),
    ("contador público", "apoyar a la Secretaría de Hacienda en la gestión contable, tributaria y presupuestal"),
    ("psicólogo", "acompañar los programas de salud mental y convivencia de la Secretaría de {dependencia}"),
    ("trabajador social", "apoyar la caracterización y atención de población vulnerable de la Secretaría de {dependencia}"),
    ("ingeniero de sistemas", "apoyar la administración de la plataforma tecnológica y la seguridad de la información de la entidad"),
    ("arquitecto", "apoyar la formulación y revisión de proyectos de infraestructura de la Secretaría de Planeación"),
    ("administrador público", "apoyar la implementación del Modelo Integrado de Planeación y Gestión (MIPG) en la entidad"),
    ("comunicador social", "apoyar la estrategia de comunicaciones y rendición de cuentas de la entidad"),
]  # fmt: skip

# Personal services of direct contracting (persona natural) share these codes.
UNSPSC_SERVICIOS_PERSONALES = ("80111600", "80101600", "93141500", "80111500")

APOYO_GESTION = [
    "actividades de archivo y gestión documental",
    "atención al ciudadano y radicación de correspondencia",
    "actividades operativas de la Secretaría de {dependencia}",
    "la conducción de vehículos oficiales de la entidad",
    "el registro y actualización de información en los sistemas de la entidad",
]  # fmt: skip


@dataclass(frozen=True)
class Tema:
    """A family of procurement objects: how its text is built, its UNSPSC codes and price range."""

    plantillas: tuple[str, ...]
    unspsc: tuple[str, ...]
    precio: tuple[int, int]


# Objects per contract type; {lugar}, {vereda}, {dependencia}, {anio} are filled in per process.
TEMAS = {
    "Obra": Tema(
        (
            "{accion_obra} de la vía terciaria que comunica la vereda {vereda} con el casco urbano del municipio de {lugar}",
            "{accion_obra} del puente vehicular sobre la quebrada {vereda}, en el municipio de {lugar}",
            "{accion_obra} de la sede de la Institución Educativa {vereda} del municipio de {lugar}",
            "{accion_obra} de placa huella en la vereda {vereda} del municipio de {lugar}",
            "{accion_obra} de redes de acueducto y alcantarillado del barrio {vereda}, municipio de {lugar}",
            "{accion_obra} del polideportivo del barrio {vereda} en el municipio de {lugar}",
            "{accion_obra} del puesto de salud de la vereda {vereda}, municipio de {lugar}",
        ),
        ("72141100", "72141000", "72121400", "72102900", "72103300", "72101500"),
        (90_000_000, 6_000_000_000),
    ),
    "Interventoría": Tema(
        (
            "Interventoría técnica, administrativa, financiera, jurídica y ambiental al contrato de {objeto_obra}",
            "Interventoría integral a las obras de {objeto_obra}",
        ),
        ("81101500", "81101600", "81102200"),
        (60_000_000, 900_000_000),
    ),
    "Consultoría": Tema(
        (
            "Consultoría para la elaboración de los estudios y diseños de {objeto_obra}",
            "Consultoría para la actualización del Plan de Ordenamiento Territorial del municipio de {lugar}",
            "Consultoría para la formulación del plan de gestión integral de residuos sólidos (PGIRS) de {lugar}",
        ),
        ("80101600", "81101500", "77101600"),
        (80_000_000, 1_500_000_000),
    ),
    "Prestación de servicios": Tema(
        (
            "Prestación del servicio de transporte escolar para los estudiantes de las instituciones educativas rurales de {lugar}, vigencia {anio}",
            "Prestación del servicio de vigilancia y seguridad privada para las sedes de la entidad, vigencia {anio}",
            "Prestación de servicios de aseo y cafetería para las dependencias de la entidad, vigencia {anio}",
            "Prestación del servicio de mantenimiento preventivo y correctivo del parque automotor de la entidad",
            "Prestación de servicios de apoyo logístico para la realización de eventos institucionales de la Secretaría de {dependencia}",
            "Prestación de servicios de soporte, mantenimiento y licenciamiento del software financiero de la entidad",
        ),
        ("78111800", "92121700", "76111500", "78181500", "80141900", "81112200"),
        (30_000_000, 1_200_000_000),
    ),
    "Compraventa": Tema(
        (
            "Adquisición de equipos de cómputo y periféricos para la Secretaría de {dependencia}",
            "Adquisición de mobiliario escolar para las instituciones educativas del municipio de {lugar}",
            "Adquisición de elementos de protección personal para los funcionarios de la entidad",
            "Adquisición de dotación de calzado y vestido de labor para los servidores públicos, vigencia {anio}",
            "Adquisición de insumos y equipos biomédicos para la E.S.E. y sus puestos de salud",
            "Adquisición de papelería y útiles de oficina para las dependencias de la entidad",
        ),
        ("43211500", "56101700", "46181500", "53102700", "42181500", "44121600"),
        (5_000_000, 800_000_000),
    ),
    "Suministros": Tema(
        (
            "Suministro de combustible para el parque automotor y la maquinaria amarilla de la entidad, vigencia {anio}",
            "Suministro de alimentos para el Programa de Alimentación Escolar (PAE) en las sedes educativas de {lugar}",
            "Suministro de refrigerios para los eventos institucionales de la Secretaría de {dependencia}",
            "Suministro de medicamentos y dispositivos médicos para la red pública de salud de {lugar}",
            "Suministro de material pétreo para el mantenimiento de vías rurales del municipio de {lugar}",
            "Suministro de elementos de aseo y cafetería para las sedes de la entidad, vigencia {anio}",
        ),
        ("15101500", "50192100", "90101500", "51101500", "11111600", "47131700"),
        (10_000_000, 2_500_000_000),
    ),
    "Seguros": Tema(
        ("Contratar el programa de seguros que ampare los bienes e intereses patrimoniales de la entidad, vigencia {anio}",),
        ("84131500",),
        (40_000_000, 600_000_000),
    ),
    "Arrendamiento de inmuebles": Tema(
        ("Arrendamiento de un inmueble para el funcionamiento de la Secretaría de {dependencia} en el municipio de {lugar}",),
        ("80131500",),
        (12_000_000, 180_000_000),
    ),
}  # fmt: skip

ACCIONES_OBRA = ["Construcción", "Mejoramiento", "Rehabilitación", "Mantenimiento", "Adecuación"]


@dataclass(frozen=True)
class Modalidad:
    """A selection modality as published, with its reference prefix and usual contract types."""

    nombre: str
    prefijo: str
    tipos: tuple[str, ...]
    peso: int
    competitiva: bool = True
    fase_abierta: str = "Presentación de oferta"
    techo: int | None = None  # price ceiling (mínima cuantía, menor cuantía)


MODALIDADES = (
    Modalidad("Contratación directa", "CD", ("Prestación de servicios",), 34, competitiva=False),
    Modalidad(
        "Mínima cuantía",
        "IPMC",
        ("Compraventa", "Suministros", "Prestación de servicios", "Obra"),
        18,
        techo=98_000_000,
    ),
    Modalidad(
        "Selección Abreviada de Menor Cuantía",
        "SAMC",
        ("Obra", "Suministros", "Prestación de servicios", "Compraventa", "Seguros"),
        14,
        fase_abierta="Manifestación de interés (Menor Cuantía)",
        techo=980_000_000,
    ),
    Modalidad("Selección abreviada subasta inversa", "SASI", ("Compraventa", "Suministros"), 8),
    Modalidad("Licitación pública", "LP", ("Obra", "Suministros", "Prestación de servicios"), 6),
    Modalidad("Licitación pública Obra Publica", "LP-OP", ("Obra",), 3),
    Modalidad("Concurso de méritos abierto", "CMA", ("Interventoría", "Consultoría"), 6),
    Modalidad(
        "Contratación régimen especial",
        "RE",
        ("Prestación de servicios", "Suministros", "Compraventa", "Arrendamiento de inmuebles"),
        7,
        competitiva=False,
    ),
    Modalidad(
        "Contratación régimen especial (con ofertas)",
        "RECO",
        ("Prestación de servicios", "Suministros", "Obra"),
        4,
    ),
)

# Published process states and their weights; the normalised key comes from portal.models.vocab.
ESTADOS_PROCESO = {
    "Borrador": 3,
    "Publicado": 9,
    "Abierto": 10,
    "Evaluación": 10,
    "Seleccionado": 6,
    "Adjudicado": 4,
    "Celebrado": 46,
    "Desierto": 4,
    "Suspendido": 3,
    "Cancelado": 5,
}
# Direct contracting has no bidding: it is drafted, signed or cancelled.
ESTADOS_DIRECTA = {"Borrador": 4, "Celebrado": 90, "Cancelado": 6}

FASES = {
    "borrador": "Selección de ofertas (borrador)",
    "publicado": "Presentación de observaciones",
    "evaluacion": "Fase de Selección (Presentación de ofertas)",
}

MOTIVOS = {
    "desierto": "Declarado desierto: ninguna oferta cumplió los requisitos habilitantes.",
    "suspendido": "Suspendido mientras se resuelven las observaciones presentadas al pliego.",
    "cancelado": "Revocado por insuficiencia de la disponibilidad presupuestal.",
}

# Published contract states with weights, for processes that ended in a signed contract.
ESTADOS_CONTRATO = {
    "Aprobado": 5,
    "Activo": 8,
    "En ejecución": 34,
    "Modificado": 10,
    "cedido": 2,
    "Suspendido": 3,
    "terminado": 14,
    "Liquidado": 7,
    "Cerrado": 12,
    "Cancelado": 3,
}
EN_CURSO = {"activo", "en_ejecucion", "modificado", "cedido", "suspendido"}
FINALIZADOS = {"terminado", "liquidado", "cerrado"}

ORIGEN_RECURSOS = [
    "Recursos Propios",
    "Distribuido",
    "Sistema General de Participaciones",
    "Regalías",
]
DESTINO_GASTO = ["Inversión", "Funcionamiento"]

MESES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip


@dataclass(frozen=True)
class EntidadDemo:
    """A demo entity; the first one is the entity of the demo users."""

    nombre: str
    departamento: str
    ciudad: str
    orden: str
    rama: str
    sector: str
    tipo_entidad: str
    peso: int
    regimen_especial: bool = False


ENTIDADES = (
    EntidadDemo("ALCALDÍA MUNICIPAL DE SAN GIL", "Santander", "San Gil", "Territorial", "Ejecutivo", "Servicio Público", "Alcaldía", 22),
    EntidadDemo("GOBERNACIÓN DE BOYACÁ", "Boyacá", "Tunja", "Territorial", "Ejecutivo", "Servicio Público", "Gobernación", 12),
    EntidadDemo("ALCALDÍA DISTRITAL DE SANTA MARTA", "Magdalena", "Santa Marta", "Territorial", "Ejecutivo", "Servicio Público", "Alcaldía", 10),
    EntidadDemo("E.S.E. HOSPITAL DEPARTAMENTAL SAN VICENTE DE PAÚL DE GARZÓN", "Huila", "Garzón", "Territorial", "Ejecutivo", "Salud y Protección Social", "Empresa Social del Estado", 7, regimen_especial=True),
    EntidadDemo("UNIVERSIDAD DEL PACÍFICO", "Valle del Cauca", "Buenaventura", "Nacional", "Ejecutivo", "Educación Nacional", "Ente universitario autónomo", 5, regimen_especial=True),
    EntidadDemo("INSTITUTO NACIONAL DE VÍAS - INVÍAS", "Distrito Capital de Bogotá", "Bogotá", "Nacional", "Ejecutivo", "Transporte", "Establecimiento público", 8),
    EntidadDemo("AGENCIA NACIONAL DE TIERRAS", "Distrito Capital de Bogotá", "Bogotá", "Nacional", "Ejecutivo", "Agricultura y Desarrollo Rural", "Agencia", 6),
    EntidadDemo("SERVICIO NACIONAL DE APRENDIZAJE SENA - REGIONAL NARIÑO", "Nariño", "Pasto", "Nacional", "Ejecutivo", "Trabajo", "Establecimiento público", 6),
    EntidadDemo("ALCALDÍA DE VILLAVICENCIO", "Meta", "Villavicencio", "Territorial", "Ejecutivo", "Servicio Público", "Alcaldía", 9),
    EntidadDemo("GOBERNACIÓN DEL CAUCA", "Cauca", "Popayán", "Territorial", "Ejecutivo", "Servicio Público", "Gobernación", 7),
    EntidadDemo("CORPORACIÓN AUTÓNOMA REGIONAL DEL TOLIMA - CORTOLIMA", "Tolima", "Ibagué", "Corporación Autónoma", "Corporación Autónoma", "Ambiente y Desarrollo Sostenible", "Corporación Autónoma Regional", 4),
    EntidadDemo("INSTITUTO MUNICIPAL DE DEPORTE Y RECREACIÓN DE PEREIRA", "Risaralda", "Pereira", "Territorial", "Ejecutivo", "Deportes", "Establecimiento público", 4),
)  # fmt: skip

# Extra entities for large runs: one of each kind per city of LUGARES.
TIPOS_ENTIDAD_EXTRA = (
    ("ALCALDÍA MUNICIPAL DE {ciudad}", "Alcaldía", "Servicio Público", False),
    (
        "E.S.E. HOSPITAL LOCAL DE {ciudad}",
        "Empresa Social del Estado",
        "Salud y Protección Social",
        True,
    ),
    (
        "INSTITUTO DE TRÁNSITO Y TRANSPORTE DE {ciudad}",
        "Establecimiento público",
        "Transporte",
        False,
    ),
    ("CONCEJO MUNICIPAL DE {ciudad}", "Concejo", "Servicio Público", False),
    ("PERSONERÍA MUNICIPAL DE {ciudad}", "Personería", "Servicio Público", False),
)

# --- after signing: payments, modifications and breaches of the detailed case files ---------

# Why a supervisor sends an invoice back (the contractor reads it to correct and send again).
MOTIVOS_RECHAZO_PAGO = (
    "El valor de la factura no coincide con el informe de ejecución aprobado para el periodo.",
    "Falta la planilla de pago de aportes a seguridad social (PILA) del periodo facturado.",
    "La factura electrónica no está validada por la DIAN (falta el CUFE). Expídala de nuevo.",
    "El periodo facturado no coincide con el del informe de supervisión. Corrija las fechas.",
)
MOTIVO_RECHAZO_CUENTA_COBRO = (
    "La cuenta de cobro no trae la declaración de no estar obligado a facturar ni el RUT "
    "actualizado. Anéxelos y envíela de nuevo."
)

# Why a contract's term is extended or its execution stopped, as acts usually word it.
CAUSAS_PRORROGA = (
    "la temporada de lluvias que impidió el acceso de la maquinaria al frente de trabajo",
    "la demora en la expedición de los permisos ambientales por parte de la autoridad competente",
    "la necesidad de completar las actividades pendientes del cronograma, según el informe del supervisor",
    "el cambio en el calendario de entregas solicitado por la dependencia usuaria",
)  # fmt: skip
CAUSAS_SUSPENSION = (
    "la ola invernal que impide ejecutar las actividades programadas en condiciones de seguridad",
    "el trámite del permiso de ocupación de cauce ante la corporación autónoma regional",
    "el cierre temporal de las sedes donde se presta el servicio por decisión de la entidad",
    "la revisión de los diseños solicitada por la interventoría",
)  # fmt: skip
# What an addition of value pays for, by contract type.
OBJETO_ADICION = {
    "Obra": "mayores cantidades de obra no previstas en el presupuesto inicial",
    "Interventoría": "la interventoría del mayor plazo y de las mayores cantidades de obra",
    "Consultoría": "productos adicionales solicitados por la entidad",
    "Suministros": "mayores cantidades de bienes requeridas por las dependencias",
    "Compraventa": "unidades adicionales de los mismos bienes, a los precios ofertados",
}
OBJETO_ADICION_SERVICIOS = "la ampliación del servicio a nuevas sedes y actividades de la entidad"
# Why a contractor turns a proposed modification down (at least ten characters, as required).
MOTIVO_RECHAZO_MODIFICACION = (
    "No estamos de acuerdo con el nuevo plazo: el cronograma ajustado no incluye los días de "
    "suspensión ya reconocidos por el supervisor."
)
