// Search as you type for a citation picker. The plain form asks the same
// page again with pick_q; this asks it with fragment=picker as one types and
// puts the documents found into the picker's lists (select[data-picker]),
// keeping each list's empty first option and whatever is chosen in it.
export function initPicker (form) {
  const id = form.dataset.picker
  const input = form.querySelector('input[name="pick_q"]')
  let timer
  let asked = 0

  function urlFor (params) {
    const url = new URL(form.action, window.location.href)
    url.hash = ''
    url.search = new URLSearchParams(params).toString()
    url.searchParams.set('fragment', 'picker')
    return url
  }

  async function load (url) {
    const n = ++asked
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
    if (!res.ok || n !== asked) return
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
    const found = doc.querySelector('#picker-results-options')
    const status = doc.getElementById(id + '-found')
    if (!found || !status) return
    for (const select of document.querySelectorAll(`select[data-picker="${id}"]`)) {
      const chosen = select.selectedIndex > 0 ? select.options[select.selectedIndex] : null
      while (select.options.length > 1) select.remove(1)
      if (chosen) select.add(chosen)
      for (const o of found.options) {
        if (!chosen || o.value !== chosen.value) select.add(new Option(o.text, o.value))
      }
    }
    document.getElementById(id + '-found').replaceWith(document.importNode(status, true))
  }

  input.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(() => load(urlFor(new FormData(form))), 250)
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    clearTimeout(timer)
    load(urlFor(new FormData(form)))
  })
  form.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-picker-page]')
    if (!link) return
    event.preventDefault()
    load(urlFor(new URL(link.href).searchParams))
  })
}
