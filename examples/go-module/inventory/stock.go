// Package inventory keeps a shop's stock, by SKU.
package inventory

import (
	"errors"
	"sort"
	"strings"
)

// ErrShort is returned when a reservation asks for more than is in stock.
var ErrShort = errors.New("not enough stock")

// Stock maps SKUs to the quantity in stock.
type Stock struct {
	items map[string]int
}

// New returns an empty stock.
func New() *Stock { return &Stock{items: map[string]int{}} }

// Add puts n items of a SKU in stock.
func (s *Stock) Add(sku string, n int) { s.items[sku] += n }

// Quantity is how many items of a SKU are in stock.
func (s *Stock) Quantity(sku string) int { return s.items[sku] }

// Reserve takes n items of a SKU out of stock, or none when there are fewer.
func (s *Stock) Reserve(sku string, n int) error {
	if s.items[sku] < n {
		return ErrShort
	}
	s.items[sku] -= n
	return nil
}

// Low lists the SKUs with fewer than threshold items, sorted.
func (s *Stock) Low(threshold int) []string {
	var out []string
	for sku, n := range s.items {
		if n < threshold {
			out = append(out, sku)
		}
	}
	sort.Strings(out)
	return out
}

// Find lists the SKUs that contain the query, ignoring case, sorted.
func (s *Stock) Find(query string) []string {
	var out []string
	for sku := range s.items {
		if strings.Contains(strings.ToLower(sku), strings.ToLower(query)) {
			out = append(out, sku)
		}
	}
	sort.Strings(out)
	return out
}
