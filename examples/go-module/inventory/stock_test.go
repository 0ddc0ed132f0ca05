package inventory

import (
	"errors"
	"reflect"
	"testing"
)

func TestReserve(t *testing.T) {
	s := New()
	s.Add("MUG-01", 5)
	if err := s.Reserve("MUG-01", 3); err != nil {
		t.Fatalf("Reserve: %v", err)
	}
	if got := s.Quantity("MUG-01"); got != 2 {
		t.Errorf("after reserving 3 of 5, Quantity = %d, want 2", got)
	}
	if err := s.Reserve("MUG-01", 3); !errors.Is(err, ErrShort) {
		t.Errorf("reserving 3 of 2: err = %v, want ErrShort", err)
	}
}

func TestLowAndFind(t *testing.T) {
	s := New()
	s.Add("MUG-01", 1)
	s.Add("mug-02", 9)
	s.Add("TEA-01", 2)
	if got := s.Low(3); !reflect.DeepEqual(got, []string{"MUG-01", "TEA-01"}) {
		t.Errorf("Low(3) = %v", got)
	}
	if got := s.Find("mug"); !reflect.DeepEqual(got, []string{"MUG-01", "mug-02"}) {
		t.Errorf("Find(mug) = %v", got)
	}
}
