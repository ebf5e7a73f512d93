package api

import "sync"

// slots counts what is in flight in this process (uploads, searches), in
// all and by person, so that neither one person nor everyone together can
// hold more than a stated number at once.
type slots struct {
	mu       sync.Mutex
	total    int
	byPerson map[int64]int
}

// take reserves a slot for person, or says there is none: inFlight in
// all, perPerson of them the person's.
func (u *slots) take(person int64, inFlight, perPerson int) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.total >= inFlight || u.byPerson[person] >= perPerson {
		return false
	}
	if u.byPerson == nil {
		u.byPerson = map[int64]int{}
	}
	u.total++
	u.byPerson[person]++
	return true
}

func (u *slots) release(person int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.total--
	if u.byPerson[person]--; u.byPerson[person] <= 0 {
		delete(u.byPerson, person)
	}
}
