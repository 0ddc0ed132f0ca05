package report

import "testing"

func TestRender(t *testing.T) {
	got := Render([]Line{{SKU: "MUG-01", Quantity: 3, Price: 1250}})
	if want := "MUG-01      3     €12.50\n"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}
