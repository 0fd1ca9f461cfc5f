-- Job states are code mechanics, so they are English like the rest of the job API (GET /api/jobs/{id}: progress,
-- created, file, error) and the Server-Sent Events (progress, done, end): see docs/ARCHITECTURE.md, "Names".
-- oczekuje → queued, trwa → running, gotowe → done, blad → failed, anulowane → cancelled, wygaslo → expired.
ALTER TABLE portal.zadania DROP CONSTRAINT IF EXISTS zadania_status_check;
UPDATE portal.zadania SET status = CASE status
  WHEN 'oczekuje' THEN 'queued' WHEN 'trwa' THEN 'running' WHEN 'gotowe' THEN 'done'
  WHEN 'blad' THEN 'failed' WHEN 'anulowane' THEN 'cancelled' WHEN 'wygaslo' THEN 'expired' ELSE status END;
ALTER TABLE portal.zadania ALTER COLUMN status SET DEFAULT 'queued';
ALTER TABLE portal.zadania ADD CONSTRAINT zadania_status_check CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'expired'));
COMMENT ON COLUMN portal.zadania.status IS 'queued, running, done, failed, cancelled, expired';
