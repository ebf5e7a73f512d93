-- What benchmarking one council reads (store.OutcomeFigures), without
-- scanning every figure of every year and disaggregation: the figures of
-- regions, council types and England of every year, and those of every
-- council in the latest year of each layout. Only the Total disaggregation is
-- shown, and published files hold several others (age bands, sex...) per
-- figure. A council's own series uses outcome_values_la.
CREATE INDEX outcome_values_areas ON outcome_values (dataset_id) WHERE level <> 'la' AND disaggregation = 'Total';
CREATE INDEX outcome_values_councils ON outcome_values (dataset_id) WHERE level = 'la' AND disaggregation = 'Total';
