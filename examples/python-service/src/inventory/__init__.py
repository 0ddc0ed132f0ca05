"""Stock keeping: items, reservations and restock alerts."""

from inventory.models import Item, Reservation
from inventory.service import Inventory

__all__ = ["Inventory", "Item", "Reservation"]
