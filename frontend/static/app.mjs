// Enhancements only: every page works without this file.
import { initAll } from './govuk/govuk-frontend.min.js'
import { initUpload } from './upload.mjs'
import { initLiveStatus } from './live-status.mjs'
import { initPicker } from './picker.mjs'

initAll()
for (const form of document.querySelectorAll('[data-module="app-upload"]')) {
  initUpload(form)
}
for (const table of document.querySelectorAll('[data-module="app-live-status"]')) {
  initLiveStatus(table)
}
for (const form of document.querySelectorAll('[data-module="app-picker"]')) {
  initPicker(form)
}
