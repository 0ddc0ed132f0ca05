package pricing

import "testing"

func TestTotal(t *testing.T) {
	if got := Total(1250, 4, 10); got != 4500 {
		t.Errorf("Total(1250, 4, 10) = %d, want 4500", got)
	}
}
