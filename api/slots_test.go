package api

import "testing"

// TestSlots: a person may hold perPerson slots and everyone together
// inFlight; a released slot may be taken again.
func TestSlots(t *testing.T) {
	var u slots
	steps := []struct {
		person int64
		want   bool
	}{{1, true}, {1, true}, {1, false}, {2, true}, {2, false}, {3, false}}
	for i, st := range steps {
		if got := u.take(st.person, 3, 2); got != st.want {
			t.Fatalf("step %d: take(%d) = %v, want %v", i, st.person, got, st.want)
		}
	}
	u.release(1)
	if !u.take(3, 3, 2) || u.take(3, 3, 2) {
		t.Errorf("after a release: one slot, for anyone")
	}
}
