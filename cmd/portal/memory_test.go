package main

import "testing"

func TestSizesAndMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"67108864", 64 << 20, false},
		{"64MiB", 64 << 20, false},
		{"1.5GiB", 3 << 29, false},
		{"512MiB", 512 << 20, false},
		{"off", 0, false},
		{"0", 0, true},
		{"-1GiB", 0, true},
		{"64MB", 0, true},
		{"lots", 0, true},
		{"1KiB", 1 << 10, true}, // under the 64MiB floor of a memory limit
	} {
		t.Run(tc.in, func(t *testing.T) {
			var c config
			err := memoryLimit(&c, tc.in)
			if (err != nil) != tc.wantErr || (err == nil && c.MemoryLimit != tc.want) {
				t.Errorf("memoryLimit(%q) = %d, %v; want %d, error %v", tc.in, c.MemoryLimit, err, tc.want, tc.wantErr)
			}
		})
	}
	c, err := loadConfig(env(map[string]string{"PORTAL_SESSION_SECRET": "0123456789abcdef0123456789abcdef",
		"PORTAL_MAX_PAGES": "100", "PORTAL_MAX_TEXT_BYTES": "1MiB", "PORTAL_MEMORY_LIMIT": "1GiB"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxPages != 100 || c.MaxTextBytes != 1<<20 || c.MemoryLimit != 1<<30 {
		t.Errorf("MaxPages, MaxTextBytes, MemoryLimit = %d, %d, %d", c.MaxPages, c.MaxTextBytes, c.MemoryLimit)
	}
}
