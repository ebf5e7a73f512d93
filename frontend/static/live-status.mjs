// Updates the status of documents on the documents page without a reload,
// while any of them is still being checked and read. Without JavaScript
// the page offers a refresh link instead.

const interval = 3000

export function initLiveStatus (table) {
  if (!window.fetch) return
  const rows = new Map()
  for (const row of table.querySelectorAll('tr[data-document]')) {
    rows.set(row.dataset.document, row)
  }
  if (rows.size === 0 || table.dataset.refresh !== 'true') return
  const pending = new Set(rows.keys())
  const poll = async () => {
    const q = new URLSearchParams()
    for (const id of pending) q.append('id', id)
    try {
      const res = await fetch('/api/v1/documents/status?' + q, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!res.ok) return
      const body = await res.json()
      for (const d of body.documents) {
        update(rows.get(d.id), d)
        if (d.final) pending.delete(d.id)
      }
    } catch (err) {
      // Offline for a moment: try again at the next tick.
    }
    if (pending.size > 0) {
      setTimeout(poll, interval)
    } else {
      const note = document.querySelector('.app-refresh-note')
      if (note) note.hidden = true
    }
  }
  setTimeout(poll, interval)
}

function update (row, d) {
  if (!row) return
  const cell = row.querySelector('.app-status-cell')
  const pages = row.querySelector('.app-pages-cell')
  if (cell) {
    const tag = document.createElement('strong')
    tag.className = 'govuk-tag ' + d.class
    tag.textContent = d.label
    const parts = [tag]
    if (d.reason) {
      const reason = document.createElement('span')
      reason.className = 'govuk-body-s'
      reason.textContent = d.reason
      parts.push(document.createElement('br'), reason)
    }
    cell.replaceChildren(...parts)
  }
  if (pages) pages.textContent = d.pages ? String(d.pages) : ''
}
