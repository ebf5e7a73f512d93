-- Journeys (issue 17): the council may end its factual accuracy check early.

-- Set when the council says it has no more factual accuracy comments: from
-- then on it sends none, and the rating may be published before the
-- deadline (internal/assessment FactualAccuracyCheck).
ALTER TABLE assessments ADD COLUMN fa_done_at timestamptz, ADD COLUMN fa_done_by text NOT NULL DEFAULT '';
