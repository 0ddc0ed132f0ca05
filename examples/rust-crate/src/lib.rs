//! Stock keeping: items, reservations and restock alerts.

use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub sku: String,
    pub name: String,
    pub unit_price_cents: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub sku: String,
    pub quantity: u32,
    pub customer: String,
}

#[derive(Debug, PartialEq, Eq)]
pub struct OutOfStock {
    pub sku: String,
    pub left: u32,
    pub wanted: u32,
}

impl fmt::Display for OutOfStock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} left, {} wanted",
            self.sku, self.left, self.wanted
        )
    }
}

#[derive(Debug, Default)]
pub struct Inventory {
    items: HashMap<String, Item>,
    stock: HashMap<String, u32>,
    reservations: Vec<Reservation>,
    restock_threshold: u32,
}

impl Inventory {
    pub fn new(restock_threshold: u32) -> Self {
        Inventory {
            restock_threshold,
            ..Default::default()
        }
    }

    pub fn add(&mut self, item: Item, quantity: u32) {
        *self.stock.entry(item.sku.clone()).or_insert(0) += quantity;
        self.items.insert(item.sku.clone(), item);
    }

    pub fn stock(&self, sku: &str) -> u32 {
        self.stock.get(sku).copied().unwrap_or(0)
    }

    pub fn reserve(
        &mut self,
        sku: &str,
        quantity: u32,
        customer: &str,
    ) -> Result<Reservation, OutOfStock> {
        let left = self.stock(sku);
        if left < quantity {
            return Err(OutOfStock {
                sku: sku.to_string(),
                left,
                wanted: quantity,
            });
        }
        self.stock.insert(sku.to_string(), left - quantity);
        let reservation = Reservation {
            sku: sku.to_string(),
            quantity,
            customer: customer.to_string(),
        };
        self.reservations.push(reservation.clone());
        Ok(reservation)
    }

    pub fn value_cents(&self) -> u64 {
        self.stock
            .iter()
            .map(|(sku, count)| self.items[sku].unit_price_cents * u64::from(*count))
            .sum()
    }

    pub fn needs_restock(&self) -> Vec<String> {
        let mut low: Vec<String> = self
            .stock
            .iter()
            .filter(|(_, count)| **count < self.restock_threshold)
            .map(|(sku, _)| sku.clone())
            .collect();
        low.sort();
        low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widget() -> Item {
        Item {
            sku: "W-1".to_string(),
            name: "Widget".to_string(),
            unit_price_cents: 250,
        }
    }

    #[test]
    fn reserve_takes_stock() {
        let mut inv = Inventory::new(5);
        inv.add(widget(), 10);
        inv.reserve("W-1", 4, "acme").unwrap();
        assert_eq!(inv.stock("W-1"), 6);
    }

    #[test]
    fn reserve_refuses_more_than_stock() {
        let mut inv = Inventory::new(5);
        inv.add(widget(), 2);
        assert!(inv.reserve("W-1", 3, "acme").is_err());
    }

    #[test]
    fn value() {
        let mut inv = Inventory::new(5);
        inv.add(widget(), 4);
        assert_eq!(inv.value_cents(), 1000);
    }

    #[test]
    fn restock_alert() {
        let mut inv = Inventory::new(5);
        inv.add(widget(), 3);
        assert_eq!(inv.needs_restock(), vec!["W-1".to_string()]);
    }
}
