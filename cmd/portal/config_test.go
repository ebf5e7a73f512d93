package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const secret = "0123456789abcdef0123456789abcdef"

func TestLoadConfigDefaults(t *testing.T) {
	c, err := loadConfig(env(map[string]string{"PORTAL_SESSION_SECRET": secret}))
	if err != nil {
		t.Fatalf("loadConfig with only a secret: %v", err)
	}
	if c.ListenAddr != "127.0.0.1:8080" || c.SessionIdle != 30*time.Minute || c.UploadMaxBytes != 100<<20 || c.S3UseTLS {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadConfigListsEveryProblem(t *testing.T) {
	_, err := loadConfig(env(map[string]string{
		"PORTAL_SESSION_SECRET":       "short",
		"PORTAL_S3_USE_TLS":           "maybe",
		"PORTAL_UPLOAD_MAX_BYTES":     "-1",
		"PORTAL_SESSION_IDLE_TIMEOUT": "soon",
		"PORTAL_PUBLIC_URL":           "ftp://x",
		"PORTAL_GROUP_LA_PATTERN":     "la:{la}",
		"PORTAL_LOG_LEVEL":            "loud",
	}))
	if err == nil {
		t.Fatal("loadConfig accepted a bad configuration")
	}
	for _, name := range []string{"PORTAL_SESSION_SECRET", "PORTAL_S3_USE_TLS", "PORTAL_UPLOAD_MAX_BYTES",
		"PORTAL_SESSION_IDLE_TIMEOUT", "PORTAL_PUBLIC_URL", "{la} and {role}", "PORTAL_LOG_LEVEL"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not mention %s:\n%v", name, err)
		}
	}
}

func TestEverySettingIsInTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings() {
		if !strings.Contains(string(readme), "`"+s.name+"`") {
			t.Errorf("README.md does not document %s", s.name)
		}
		if s.def != "" && !strings.Contains(string(readme), "`"+s.def+"`") {
			t.Errorf("README.md does not give %s's default %q", s.name, s.def)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"PORTAL_DATABASE_URL", "postgres://portal:hunter2@db:5432/portal", "postgres://portal:xxxxx@db:5432/portal"},
		{"PORTAL_DATABASE_URL", "postgres://postgres@127.0.0.1:54329/portal", "postgres://postgres@127.0.0.1:54329/portal"},
		{"PORTAL_SESSION_SECRET", secret, "REDACTED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redact(tt.name, tt.in)
			if got != tt.want {
				t.Errorf("redact(%s) = %q, want %q", tt.name, got, tt.want)
			}
			if strings.Contains(got, "hunter2") {
				t.Errorf("password leaked")
			}
		})
	}
}
