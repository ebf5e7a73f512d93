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

// TestDevCredentialsStayOnLoopback: the public dev secrets, which make run
// needs no setting for, are refused for services on other machines.
func TestDevCredentialsStayOnLoopback(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string // variables the error names; none: accepted
	}{
		{"make run: everything on loopback", nil, nil},
		{"localhost names", map[string]string{"PORTAL_S3_ENDPOINT": "localhost:9000", "PORTAL_OIDC_ISSUER": "http://localhost:5556/dex"}, nil},
		{"IPv6 loopback", map[string]string{"PORTAL_S3_ENDPOINT": "[::1]:9000"}, nil},
		{"S3 elsewhere with the dev secret", map[string]string{"PORTAL_S3_ENDPOINT": "s3.eu-west-2.amazonaws.com"}, []string{"PORTAL_S3_SECRET_KEY"}},
		{"S3 elsewhere with a real secret", map[string]string{"PORTAL_S3_ENDPOINT": "minio.internal:9000", "PORTAL_S3_SECRET_KEY": "a-real-one"}, nil},
		{"OIDC elsewhere with the dev secret", map[string]string{"PORTAL_OIDC_ISSUER": "https://login.example.gov.uk"}, []string{"PORTAL_OIDC_CLIENT_SECRET"}},
		{"both elsewhere", map[string]string{"PORTAL_S3_ENDPOINT": "10.0.0.5:9000", "PORTAL_OIDC_ISSUER": "https://login.example.gov.uk"},
			[]string{"PORTAL_S3_SECRET_KEY", "PORTAL_OIDC_CLIENT_SECRET"}},
		{"OIDC elsewhere with a real secret", map[string]string{"PORTAL_OIDC_ISSUER": "https://login.example.gov.uk", "PORTAL_OIDC_CLIENT_SECRET": "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{"PORTAL_SESSION_SECRET": secret}
			for k, v := range tt.env {
				m[k] = v
			}
			_, err := loadConfig(env(m))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("loadConfig: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("loadConfig accepted the dev secret for a service elsewhere")
			}
			for _, name := range tt.want {
				if !strings.Contains(err.Error(), name+": is the development default") {
					t.Errorf("error does not name %s:\n%v", name, err)
				}
			}
		})
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
