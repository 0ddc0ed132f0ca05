// Package report renders the stock as a plain-text table.
package report

import (
	"fmt"
	"strings"

	"example.com/inventory/money"
)

// Line is one row of the report.
type Line struct {
	SKU      string
	Quantity int
	Price    money.Cents
}

// Render lays the lines out as a table, one row a line.
func Render(lines []Line) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-8s %4d %10s\n", l.SKU, l.Quantity, l.Price)
	}
	return b.String()
}
