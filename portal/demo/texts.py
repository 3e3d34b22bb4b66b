"""Spanish procurement objects built from combinable parts, with their codes and prices."""

import math
import random
from dataclasses import dataclass, replace

from portal.demo import vocabulary as v


@dataclass(frozen=True)
class Objeto:
    """What is being bought: the text, its UNSPSC codes, a base price and a duration."""

    nombre: str
    descripcion: str
    unspsc: str
    unspsc_adicionales: list[str]
    precio: int
    duracion: int
    unidad: str
    dias: int

    def del_anio(self, anio: int) -> "Objeto":
        """Fill in the budget year ("vigencia 2026"), known once the dates are laid out."""
        nombre = self.nombre.replace(ANIO, str(anio)).replace(ANIO.upper(), str(anio))
        return replace(self, nombre=nombre, descripcion=self.descripcion.replace(ANIO, str(anio)))


ANIO = "{anio}"


class ObjectWriter:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def objeto(self, tipo: str, personal: bool, ciudad: str, departamento: str, techo) -> Objeto:
        if personal:
            return self.servicios_personales(ciudad, departamento)
        tema = v.TEMAS[tipo]
        texto = self.fill(self.rng.choice(tema.plantillas), ciudad)
        codigos = self.rng.sample(tema.unspsc, min(len(tema.unspsc), self.rng.randint(1, 3)))
        low, high = tema.precio
        precio = self.precio(low, min(high, techo or high))
        duracion, unidad, dias = self.duracion(tipo, precio)
        return self.build(texto, codigos, precio, duracion, unidad, dias, ciudad, departamento)

    def servicios_personales(self, ciudad: str, departamento: str) -> Objeto:
        rng = self.rng
        if rng.random() < 0.65:
            profesion, tarea = rng.choice(v.PROFESIONES)
            texto = f"Prestación de servicios profesionales como {profesion} para {tarea}"
            honorarios = rng.randrange(3_500_000, 12_000_000, 50_000)
        else:
            tarea = rng.choice(v.APOYO_GESTION)
            texto = f"Prestación de servicios de apoyo a la gestión en {tarea}"
            honorarios = rng.randrange(1_800_000, 3_500_000, 50_000)
        texto = self.fill(texto, ciudad)
        meses = rng.randint(3, 11)
        codigos = rng.sample(v.UNSPSC_SERVICIOS_PERSONALES, rng.randint(1, 2))
        return self.build(
            texto, codigos, honorarios * meses, meses, "Mes(es)", meses * 30, ciudad, departamento
        )

    def build(self, texto, codigos, precio, duracion, unidad, dias, ciudad, departamento) -> Objeto:
        nombre = texto.upper() if self.rng.random() < 0.2 else texto
        descripcion = (
            f"{texto}. {self.rng.choice(ALCANCES)} Lugar de ejecución: {ciudad} ({departamento}). "
            f"Plazo de ejecución: {duracion} {unidad}."
        )
        return Objeto(nombre, descripcion, codigos[0], codigos[1:], precio, duracion, unidad, dias)

    def fill(self, plantilla: str, ciudad: str) -> str:
        rng = self.rng
        values = {
            "lugar": ciudad,
            "vereda": rng.choice(v.VEREDAS),
            "dependencia": rng.choice(v.DEPENDENCIAS),
            "anio": ANIO,  # filled in later by Objeto.del_anio
            "accion_obra": rng.choice(v.ACCIONES_OBRA),
        }
        if "{objeto_obra}" in plantilla:
            obra = rng.choice(v.TEMAS["Obra"].plantillas).format(**values)
            values["objeto_obra"] = obra[0].lower() + obra[1:]
        return plantilla.format(**values)

    def precio(self, low: int, high: int) -> int:
        """Log-uniform between the bounds, rounded to thousands of pesos."""
        high = max(high, low + 1_000)
        value = math.exp(self.rng.uniform(math.log(low), math.log(high)))
        return int(value // 1_000) * 1_000

    def duracion(self, tipo: str, precio: int) -> tuple[int, str, int]:
        rng = self.rng
        if tipo == "Seguros":
            return 1, "Año(s)", 365
        if precio < 100_000_000 and tipo in ("Compraventa", "Suministros", "Obra"):
            dias = rng.randrange(15, 91, 5)
            return dias, "día(s)", dias
        meses = rng.randint(2, 12 if tipo in ("Suministros", "Prestación de servicios") else 10)
        return meses, "Mes(es)", meses * 30


ALCANCES = (
    "Incluye el suministro de materiales, mano de obra, equipos y transporte necesarios.",
    "De conformidad con los estudios previos, el anexo técnico y el pliego de condiciones.",
    "Según las especificaciones técnicas y las cantidades del anexo del proceso.",
    "Conforme a la necesidad descrita en los estudios previos y al Plan Anual de Adquisiciones.",
)
