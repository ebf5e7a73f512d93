// Resumable uploads with per-file progress, through the tus protocol at
// /api/v1/uploads. An enhancement only: without JavaScript, or when this
// cannot run, the form posts as usual. Each file goes in one request, as
// tus-js-client does by default: the server keeps what arrived of it if the
// connection drops, and the upload then asks where it got to and carries on
// from there. (Chunks cost a round of S3 requests each: measured by
// tools/uploadbench, 32 MiB chunks ran at about 0.7 of one request.)
//
// Refusals are shown as the form shows them without JavaScript: the
// server's own messages in a GOV.UK error summary at the top of the main
// content, each linked to the file input, "Error: " before the page title
// and focus on the summary. A new upload clears them.

import { ErrorSummary } from './govuk/govuk-frontend.min.js'

const endpoint = '/api/v1/uploads'
const retryDelays = [1000, 3000, 5000, 10000, 20000]
const fields = ['type', 'title', 'period', 'qs_hint', 'category_hint', 'description', 'replaces']

export function initUpload (form) {
  const input = form.querySelector('input[type=file]')
  const panel = form.querySelector('.app-upload-progress')
  if (!input || !panel || !window.XMLHttpRequest || !window.TextEncoder || !window.Blob || !Blob.prototype.slice) {
    return
  }
  form.addEventListener('submit', (event) => {
    const files = Array.from(input.files || [])
    const data = new FormData(form)
    // The server's form shows these errors best, in its error summary.
    if (files.length === 0 || !data.get('type') || (files.length > 1 && data.get('title'))) {
      return
    }
    event.preventDefault()
    const button = form.querySelector('button[type=submit]')
    button.disabled = true
    clearErrors(form)
    uploadAll(files, data, panel).then(({ ok, refusals, existing, ids }) => {
      // Several files: each file's details are set next, as without
      // JavaScript.
      if (ok === files.length && ok > 1) {
        window.location.assign('/documents/details?' + ids.map((id) => 'id=' + encodeURIComponent(id)).join('&'))
        return
      }
      if (ok === files.length) {
        window.location.assign('/documents?uploaded=' + ok)
        return
      }
      showErrors(form, input, refusals, existing)
      button.disabled = false
    })
  })
}

// clearErrors removes what an earlier refusal left, the server's or ours.
function clearErrors (form) {
  const main = form.closest('main') || document
  for (const el of main.querySelectorAll('.govuk-error-summary, .app-upload-duplicate, .govuk-form-group > .govuk-error-message')) {
    el.remove()
  }
  for (const el of main.querySelectorAll('.govuk-form-group--error, .govuk-file-upload--error, .govuk-select--error, .govuk-input--error, .govuk-textarea--error')) {
    el.classList.remove('govuk-form-group--error', 'govuk-file-upload--error', 'govuk-select--error', 'govuk-input--error', 'govuk-textarea--error')
  }
  document.title = document.title.replace(/^Error: /, '')
}

// showErrors is the error-summary partial and the file field's error
// message of the upload page, built from the server's messages.
function showErrors (form, input, messages, existing) {
  const main = form.closest('main')
  if (messages.length === 0 || !main) return
  const summary = document.createElement('div')
  summary.className = 'govuk-error-summary'
  summary.dataset.module = 'govuk-error-summary'
  const alert = document.createElement('div')
  alert.setAttribute('role', 'alert')
  const title = document.createElement('h2')
  title.className = 'govuk-error-summary__title'
  title.textContent = 'There is a problem'
  const body = document.createElement('div')
  body.className = 'govuk-error-summary__body'
  const list = document.createElement('ul')
  list.className = 'govuk-list govuk-error-summary__list'
  const group = input.closest('.govuk-form-group')
  for (const message of messages) {
    const li = document.createElement('li')
    const a = document.createElement('a')
    a.href = '#' + input.id
    a.textContent = message
    li.append(a)
    list.append(li)
    const err = document.createElement('p')
    err.className = 'govuk-error-message'
    const hidden = document.createElement('span')
    hidden.className = 'govuk-visually-hidden'
    hidden.textContent = 'Error:'
    err.append(hidden, ' ' + message)
    group.insertBefore(err, input)
  }
  body.append(list)
  alert.append(title, body)
  summary.append(alert)
  group.classList.add('govuk-form-group--error')
  input.classList.add('govuk-file-upload--error')
  if (existing) {
    const p = document.createElement('p')
    p.className = 'govuk-body app-upload-duplicate'
    const a = document.createElement('a')
    a.className = 'govuk-link'
    a.href = '/documents/' + encodeURIComponent(existing)
    a.textContent = 'View the document already uploaded'
    p.append(a)
    form.before(p)
  }
  main.prepend(summary)
  document.title = 'Error: ' + document.title
  // GOV.UK Frontend's component moves focus to the summary and makes its
  // links focus the field, as on the server's page.
  new ErrorSummary(summary) // eslint-disable-line no-new
}

async function uploadAll (files, data, panel) {
  panel.hidden = false
  panel.replaceChildren()
  const token = data.get('csrf_token')
  let ok = 0
  const refusals = []
  let existing = ''
  const ids = []
  for (const file of files) {
    const row = progressRow(panel, file.name)
    const meta = { filename: file.name, filetype: file.type }
    for (const f of fields) {
      if (data.get(f)) meta[f] = data.get(f)
    }
    try {
      ids.push(await uploadFile(file, meta, token, row.update))
      row.done()
      ok++
    } catch (err) {
      row.fail(err.message)
      refusals.push(err.message)
      existing = existing || err.existing || ''
    }
  }
  if (ok < files.length) {
    const p = document.createElement('p')
    p.className = 'govuk-body'
    p.textContent = ok + ' of ' + files.length + ' files uploaded. '
    const a = document.createElement('a')
    a.className = 'govuk-link'
    a.href = '/documents'
    a.textContent = 'View your evidence'
    p.append(a)
    panel.append(p)
  }
  return { ok, refusals, existing, ids }
}

function progressRow (panel, name) {
  const wrap = document.createElement('div')
  wrap.className = 'govuk-form-group app-upload-progress__file'
  const label = document.createElement('p')
  label.className = 'govuk-body govuk-!-margin-bottom-1'
  label.textContent = name
  const bar = document.createElement('progress')
  bar.max = 100
  bar.value = 0
  const text = document.createElement('span')
  text.className = 'govuk-body-s app-upload-progress__text'
  text.textContent = ' Waiting'
  wrap.append(label, bar, text)
  panel.append(wrap)
  return {
    update (sent, total) {
      const pct = total ? Math.floor(100 * sent / total) : 100
      bar.value = pct
      text.textContent = ' ' + pct + '% uploaded'
    },
    done () {
      bar.value = 100
      text.textContent = ' Uploaded'
    },
    fail (message) {
      wrap.classList.add('govuk-form-group--error')
      const err = document.createElement('p')
      err.className = 'govuk-error-message'
      const hidden = document.createElement('span')
      hidden.className = 'govuk-visually-hidden'
      hidden.textContent = 'Error: '
      err.append(hidden, message)
      wrap.insertBefore(err, bar)
      text.textContent = ' Not uploaded'
    }
  }
}

// Refusal is an error the server explained: retrying will not help.
// existing is the document a duplicate is of.
class Refusal extends Error {
  constructor (message, existing) {
    super(message)
    this.existing = existing
  }
}

async function uploadFile (file, meta, token, progress) {
  const created = await send('POST', endpoint, {
    'Upload-Length': String(file.size),
    'Upload-Metadata': encodeMetadata(meta),
    'X-CSRF-Token': token
  })
  if (created.status !== 201) {
    throw refusalOf(created)
  }
  // The path only: the same origin as the page, whatever address the
  // server believes is its public one.
  const url = new URL(created.getResponseHeader('Location'), window.location.href).pathname
  let offset = 0
  let attempt = 0
  progress(0, file.size)
  while (offset < file.size) {
    let res
    try {
      const start = offset
      res = await send('PATCH', url, {
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'X-CSRF-Token': token
      }, file.slice(offset), (loaded) => progress(start + loaded, file.size))
    } catch (err) {
      res = null
    }
    if (res && res.status === 204) {
      offset = parseInt(res.getResponseHeader('Upload-Offset'), 10)
      attempt = 0
      continue
    }
    if (res && isRefusal(res)) {
      throw refusalOf(res)
    }
    // A dropped connection, a server error or an offset the server did not
    // expect: wait, ask where the upload got to, and carry on from there.
    if (attempt >= retryDelays.length) {
      throw new Error('The file could not be uploaded. Check your connection and try again.')
    }
    await sleep(retryDelays[attempt++])
    try {
      const head = await send('HEAD', url, { 'X-CSRF-Token': token })
      if (head.status === 404) {
        throw new Refusal('The upload expired. Try again.')
      }
      if (head.status === 200) {
        offset = parseInt(head.getResponseHeader('Upload-Offset'), 10)
      }
    } catch (err) {
      if (err instanceof Refusal) throw err
    }
  }
  // The upload's id is the document's, before the "+" of S3's multipart id.
  return decodeURIComponent(url.split('/').pop()).split('+')[0]
}

// isRefusal: the portal's own JSON answer about the file (wrong type,
// duplicate, too big, not allowed), as opposed to tusd's offset conflicts.
function isRefusal (res) {
  const type = res.getResponseHeader('Content-Type') || ''
  return (res.status >= 400 && res.status < 500 && type.startsWith('application/json')) || res.status === 413 || res.status === 403
}

// refusalOf reads the API's JSON answer, {"error": {"code", "message"}},
// whose message is the one the form would give.
function refusalOf (res) {
  try {
    const e = JSON.parse(res.responseText).error
    if (e && e.message) return new Refusal(e.message, e.existing_id)
  } catch (err) {}
  return new Refusal('The file could not be uploaded. Try again.')
}

function send (method, url, headers, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, url)
    xhr.setRequestHeader('Tus-Resumable', '1.0.0')
    for (const [k, v] of Object.entries(headers)) {
      xhr.setRequestHeader(k, v)
    }
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress(e.loaded)
    }
    xhr.onload = () => resolve(xhr)
    xhr.onerror = () => reject(new Error('network'))
    xhr.onabort = () => reject(new Error('aborted'))
    xhr.send(body || null)
  })
}

function encodeMetadata (meta) {
  return Object.entries(meta).map(([k, v]) => {
    let bin = ''
    for (const b of new TextEncoder().encode(v)) bin += String.fromCharCode(b)
    return k + ' ' + btoa(bin)
  }).join(',')
}

function sleep (ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
