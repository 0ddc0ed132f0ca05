from collections import defaultdict

from inventory.models import Item, Reservation


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, restock_threshold: int = 5) -> None:
        self.items: dict[str, Item] = {}
        self.stock: dict[str, int] = defaultdict(int)
        self.reservations: list[Reservation] = []
        self.restock_threshold = restock_threshold

    def add(self, item: Item, quantity: int) -> None:
        self.items[item.sku] = item
        self.stock[item.sku] += quantity

    def reserve(self, sku: str, quantity: int, customer: str) -> Reservation:
        if self.stock[sku] < quantity:
            raise OutOfStock(f"{sku}: {self.stock[sku]} left, {quantity} wanted")
        self.stock[sku] -= quantity
        reservation = Reservation(sku=sku, quantity=quantity, customer=customer)
        self.reservations.append(reservation)
        return reservation

    def value_cents(self) -> int:
        return sum(self.items[sku].unit_price_cents * count for sku, count in self.stock.items())

    def needs_restock(self) -> list[str]:
        return sorted(sku for sku, count in self.stock.items() if count < self.restock_threshold)
