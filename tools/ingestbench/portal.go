package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// portal is a `portal serve` child process (as tools/uploadbench starts it).
type portal struct {
	cmd           *exec.Cmd
	base, metrics string
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startPortal runs the binary's serve with the services' environment and
// the overrides given, and waits for /healthz.
func startPortal(bin string, env map[string]string, logFile string) (*portal, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	metrics, err := freeAddr()
	if err != nil {
		return nil, err
	}
	env["PORTAL_LISTEN_ADDR"] = addr
	env["PORTAL_PUBLIC_URL"] = "http://" + addr
	env["PORTAL_METRICS_ADDR"] = metrics
	cmd := exec.Command(bin, "serve")
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	log, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s serve: %w", bin, err)
	}
	p := &portal{cmd: cmd, base: "http://" + addr, metrics: "http://" + metrics}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(p.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("portal did not answer /healthz within 60 s (log in %s)", logFile)
}

func (p *portal) pid() int { return p.cmd.Process.Pid }

func (p *portal) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// memory reads the process's resident set and its peak (VmHWM), in bytes.
func memory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n << 10
		case "VmHWM:":
			hwm = n << 10
		}
	}
	return rss, hwm, nil
}

// resetPeak makes VmHWM start again from the current RSS.
func resetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// token signs a demo user in with Dex's password grant, as scripts do.
func token(ctx context.Context, email string) (string, error) {
	form := url.Values{"grant_type": {"password"}, "username": {email}, "password": {"demo-password"},
		"scope": {"openid email profile groups"}, "client_id": {os.Getenv("PORTAL_OIDC_CLIENT_ID")},
		"client_secret": {os.Getenv("PORTAL_OIDC_CLIENT_SECRET")}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, os.Getenv("PORTAL_OIDC_ISSUER")+"/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("password grant: %w", err)
	}
	defer res.Body.Close()
	var body struct {
		IDToken string `json:"id_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || body.IDToken == "" {
		return "", fmt.Errorf("password grant: status %d, no id token", res.StatusCode)
	}
	return body.IDToken, nil
}
