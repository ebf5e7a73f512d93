package main

import (
	"os"

	"github.com/evidenceportal/portal/ingest"
	"github.com/prometheus/client_golang/prometheus"
)

// nodeID names this node in the index change log's positions: the
// setting, else the host name and listen address, which tell apart
// several nodes on one host.
func nodeID(cfg config) string {
	if cfg.NodeID != "" {
		return cfg.NodeID
	}
	host, err := os.Hostname()
	if err != nil {
		host = "localhost"
	}
	return host + "/" + cfg.ListenAddr
}

// registerIndexMetrics exposes where the node's index stands in the
// change log and what the periodic cheap check found.
func registerIndexMetrics(reg prometheus.Registerer, f *ingest.Follower) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "portal_index_log_applied_seq",
			Help: "Last seq of the index change log this node's index holds every change up to."},
			func() float64 { return float64(f.Applied()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "portal_index_drift_pages",
			Help: "Pages by which this node's index differed from the database at the last periodic check (summed over councils)."},
			func() float64 { return float64(f.Drift()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "portal_index_log_applied_rows_total",
			Help: "Rows of the index change log this node applied since it started."},
			func() float64 { rows, _ := f.Counts(); return float64(rows) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "portal_index_log_applied_pages_total",
			Help: "Pages this node wrote to its index from the change log since it started."},
			func() float64 { _, pages := f.Counts(); return float64(pages) }),
	)
}
