// Package money keeps amounts of money in cents, so that sums are exact.
package money

import "fmt"

// Cents is an amount of money in cents.
type Cents int64

// String formats the amount in euros: €12.50.
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s€%d.%02d", sign, c/100, c%100)
}

// Coin is a coin the till accepts.
type Coin struct {
	Name  string
	Value Cents
}

// Coins are the coins the till accepts, largest first.
var Coins = []Coin{
	{"2 euro", 200},
	{"1 euro", 100},
	{"50 cent", 50},
	{"20 cent", 20},
	{"10 cent", 10},
}

// Change splits an amount into the fewest coins, largest first.
func Change(amount Cents) []Coin {
	var out []Coin
	for _, coin := range Coins {
		for amount >= coin.Value {
			out = append(out, coin)
			amount -= coin.Value
		}
	}
	return out
}
