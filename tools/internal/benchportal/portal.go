// Package benchportal runs a real `portal serve` for the benchmark tools
// (uploadbench, ingestbench, loadbench): it starts the binary with the
// test services' environment on free loopback ports, reads its memory
// from /proc, and signs demo users in with Dex's password grant.
package benchportal

import (
	"bufio"
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
	"sync"
	"syscall"
	"time"
)

// Portal is a `portal serve` child process: Base is its address, Metrics
// its Prometheus listener's.
type Portal struct {
	cmd           *exec.Cmd
	Base, Metrics string
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Start runs the binary's serve with the services' environment and
// the overrides given, and waits for /healthz.
func Start(bin string, env map[string]string, logFile string) (*Portal, error) {
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
	p := &Portal{cmd: cmd, Base: "http://" + addr, Metrics: "http://" + metrics}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(p.Base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.Stop()
	return nil, fmt.Errorf("portal did not answer /healthz within 60 s (log in %s)", logFile)
}

// PID is the process id.
func (p *Portal) PID() int { return p.cmd.Process.Pid }

// Stop ends the process (SIGTERM, then SIGKILL after 30 s).
func (p *Portal) Stop() {
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

// Memory reads the process's resident set and its peak (VmHWM), in bytes.
func Memory(pid int) (rss, hwm int64, err error) {
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

// ResetPeak makes VmHWM start again from the current RSS.
func ResetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// Token signs a demo user in with Dex's password grant, as scripts do.
func Token(ctx context.Context, email string) (string, error) {
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

// WatchHeap reads the portal's heap in use from its metrics every interval
// until the function it returns is called, which gives the peak.
func (p *Portal) WatchHeap(every time.Duration) func() int64 {
	var (
		mu   sync.Mutex
		peak int64
	)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if n, err := heapInUse(p.Metrics); err == nil {
				mu.Lock()
				peak = max(peak, n)
				mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func heapInUse(metrics string) (int64, error) {
	f, err := metric(metrics, "go_memstats_heap_inuse_bytes")
	return int64(f), err
}

// Metric reads one unlabelled metric from the portal's /metrics.
func (p *Portal) Metric(name string) (float64, error) { return metric(p.Metrics, name) }

func metric(metrics, name string) (float64, error) {
	res, err := http.Get(metrics + "/metrics")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			return strconv.ParseFloat(v, 64)
		}
	}
	return 0, fmt.Errorf("no %s in %s/metrics", name, metrics)
}
