"""Provider names from combinable words: provider ``i`` always gets the same, distinct name."""

from portal.demo import vocabulary as v


def _spread(index: int, size: int) -> int:
    """A fixed permutation of 0..size-1, so consecutive providers get unrelated names."""
    return (index * 104_729 + 7_919) % size


def natural_name(index: int) -> str:
    parts = (range(len(v.NOMBRES)), range(len(v.SEGUNDOS_NOMBRES[0])), v.APELLIDOS, v.APELLIDOS)
    nombre, segundo, *apellidos = _mixed_radix(_spread(index, _space(parts)), parts)
    segundo_nombre = v.SEGUNDOS_NOMBRES[nombre % 2][segundo]
    words = [v.NOMBRES[nombre], segundo_nombre, *apellidos]
    return " ".join(word for word in words if word).upper()


def company_name(index: int) -> str:
    generic = (v.EMPRESA_NUCLEO[:7], v.EMPRESA_ADJETIVO, v.EMPRESA_REGION, v.EMPRESA_SUFIJO)
    family = (v.EMPRESA_NUCLEO, v.APELLIDOS, v.APELLIDOS, v.EMPRESA_SUFIJO)
    if index % 3 == 0:
        return " ".join(_mixed_radix(_spread(index // 3, _space(generic)), generic))
    nucleo, apellido1, apellido2, sufijo = _mixed_radix(_spread(index, _space(family)), family)
    return f"{nucleo} {apellido1.upper()} {apellido2.upper()} {sufijo}"


def plural_name(index: int) -> str:
    cities = [city.upper() for cities in v.LUGARES.values() for city in cities]
    anios = ["2024", "2025", "2026"]
    parts = (v.PLURAL_PREFIJO, v.PLURAL_NUCLEO, cities, anios)
    return " ".join(_mixed_radix(_spread(index, _space(parts)), parts))


def _space(parts) -> int:
    size = 1
    for part in parts:
        size *= len(part)
    return size


def _mixed_radix(number: int, parts) -> list:
    words = []
    for part in parts:
        number, digit = divmod(number, len(part))
        words.append(part[digit])
    return words
