// Package pricing computes what a customer pays.
package pricing

import "example.com/inventory/money"

// Total is the price of quantity items at unit price, less a discount in percent (rounded down).
func Total(unit money.Cents, quantity int, discountPercent int) money.Cents {
	gross := unit * money.Cents(quantity)
	return gross - gross*money.Cents(discountPercent)/100
}
