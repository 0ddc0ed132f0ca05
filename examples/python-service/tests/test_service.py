import pytest

from inventory import Inventory, Item
from inventory.service import OutOfStock

WIDGET = Item(sku="W-1", name="Widget", unit_price_cents=250)


def test_reserve_takes_stock() -> None:
    inv = Inventory()
    inv.add(WIDGET, 10)
    inv.reserve("W-1", 4, "acme")
    assert inv.stock["W-1"] == 6


def test_reserve_refuses_more_than_stock() -> None:
    inv = Inventory()
    inv.add(WIDGET, 2)
    with pytest.raises(OutOfStock):
        inv.reserve("W-1", 3, "acme")


def test_value() -> None:
    inv = Inventory()
    inv.add(WIDGET, 4)
    assert inv.value_cents() == 1000


def test_restock_alert() -> None:
    inv = Inventory(restock_threshold=5)
    inv.add(WIDGET, 3)
    assert inv.needs_restock() == ["W-1"]
