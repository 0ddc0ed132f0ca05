from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    sku: str
    name: str
    unit_price_cents: int


@dataclass
class Reservation:
    sku: str
    quantity: int
    customer: str
    notes: list[str] = field(default_factory=list)
