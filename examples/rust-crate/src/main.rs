//! A restock report for a small demo inventory.

use inventory::{Inventory, Item};

fn main() {
    let mut inv = Inventory::new(5);
    inv.add(
        Item {
            sku: "W-1".to_string(),
            name: "Widget".to_string(),
            unit_price_cents: 250,
        },
        3,
    );
    let low: Vec<String> = inv.needs_restock();
    println!("{} SKU(s) to restock: {}", low.len(), low.join(", "));
    println!("stock value: {} cents", inv.value_cents());
}
