package money

import "testing"

func TestString(t *testing.T) {
	for _, c := range []struct {
		in   Cents
		want string
	}{{1250, "€12.50"}, {5, "€0.05"}, {-300, "-€3.00"}} {
		if got := c.in.String(); got != c.want {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(c.in), got, c.want)
		}
	}
}

func TestChange(t *testing.T) {
	got := Change(380)
	if len(got) != 5 || got[0].Value != 200 || got[4].Value != 10 {
		t.Errorf("Change(380) = %v, want 2 euro, 1 euro, 50 cent, 20 cent, 10 cent", got)
	}
}
