// The retrieval console: a thin client of the HTTP API (/v1/...), no framework, no network
// beyond this server. The API key stays in sessionStorage for the browser tab.
'use strict';

const KEY_STORAGE = 'rag-console-api-key';
const LEGS = ['dense', 'sparse', 'bm25', 'colbert', 'image'];
const $ = (id) => document.getElementById(id);
const collections = new Map();
const objectUrls = [];

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (apiKey()) h['Authorization'] = 'Bearer ' + apiKey();
  return h;
}

/** Calls the API; resolves to the parsed JSON, rejects with the problem's detail. */
async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const res = await fetch(path, opts);
  const type = res.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    let detail = typeof body === 'object' && body ? (body.detail || body.title) : String(body);
    if (res.status === 401) detail += ' — enter an API key at the top.';
    const err = new Error(detail || ('HTTP ' + res.status));
    err.status = res.status;
    throw err;
  }
  return body;
}

function status(message, kind) {
  const el = $('status');
  el.textContent = message || '';
  el.className = 'status' + (kind ? ' ' + kind : '');
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

// ---- views -------------------------------------------------------------------------------

function show(view) {
  for (const tab of document.querySelectorAll('.tab')) {
    if (tab.dataset.view === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  for (const section of document.querySelectorAll('.view')) {
    section.hidden = section.id !== 'view-' + view;
  }
  if (location.hash !== '#' + view) history.replaceState(null, '', '#' + view);
  if (view === 'collections') loadCollections();
}

// ---- collections -------------------------------------------------------------------------

async function loadCollections() {
  try {
    const body = await api('/v1/collections');
    collections.clear();
    for (const c of body.collections) collections.set(c.name, c);
    fillPickers();
    fillTable();
    status('');
  } catch (e) {
    status('Could not list collections: ' + e.message, 'error');
    return;
  }
  fillModels();
}

/** The text models a new collection may use: those the server serves (not their query aliases). */
async function fillModels() {
  const select = $('create-model');
  if (select.options.length > 1) return;
  try {
    const body = await api('/v1/models');
    for (const m of body.data) {
      if (!m.id.endsWith(':query')) select.append(el('option', { value: m.id, text: m.id }));
    }
  } catch (e) {
    // the list is a convenience: creating with the server's default still works
  }
}

function fillPickers() {
  for (const select of document.querySelectorAll('.collection-picker')) {
    const previous = select.value || sessionStorage.getItem('rag-console-collection');
    select.replaceChildren();
    for (const [name, c] of collections) {
      if (!c.error) select.append(el('option', { value: name, text: name }));
    }
    if (previous && collections.has(previous)) select.value = previous;
  }
  fillLegs();
}

function fillTable() {
  const body = document.querySelector('#collections-table tbody');
  body.replaceChildren();
  if (collections.size === 0) {
    body.append(el('tr', {}, el('td', { colspan: 7, text: 'No collections yet.' })));
  }
  for (const c of collections.values()) {
    if (c.error) {
      body.append(el('tr', {}, el('th', { scope: 'row', text: c.name }),
        el('td', { colspan: 6, class: 'error',
          text: 'cannot serve' + (c.model ? ' (model ' + c.model.id + ')' : '') + ': ' + c.error })));
      continue;
    }
    const model = c.model ? c.model.id + ' (' + (c.model.parts || []).join(', ') + ')' : '';
    const image = c.image_model ? '; image: ' + (c.image_model.id || 'yes') : '';
    body.append(el('tr', {},
      el('th', { scope: 'row', text: c.name }),
      el('td', { class: 'num', text: String(c.documents) }),
      el('td', { class: 'num', text: String(c.chunks) }),
      el('td', { class: 'num', text: bytes(c.size_bytes) }),
      el('td', { text: model + image }),
      el('td', { class: 'settings', text: JSON.stringify(c.settings || {}) }),
      el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete collection ' + c.name,
        text: 'Delete', onclick: () => deleteCollection(c.name) }))));
  }
}

async function deleteCollection(name) {
  if (!confirm('Delete collection "' + name + '" and every file in it?')) return;
  try {
    await api('/v1/collections/' + encodeURIComponent(name), { method: 'DELETE' });
    status('Deleted collection ' + name + '.', 'ok');
    await loadCollections();
  } catch (e) {
    status('Could not delete ' + name + ': ' + e.message, 'error');
  }
}

async function createCollection(event) {
  event.preventDefault();
  const name = $('create-name').value.trim();
  const body = {};
  if ($('create-language').value) body.language = $('create-language').value;
  if ($('create-model').value) body.model = $('create-model').value;
  if ($('create-analyzer').value) body.analyzer = $('create-analyzer').value;
  try {
    await api('/v1/collections/' + encodeURIComponent(name), {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    status('Created collection ' + name + '.', 'ok');
    $('create-name').value = '';
    await loadCollections();
  } catch (e) {
    status('Could not create ' + name + ': ' + e.message, 'error');
  }
}

// ---- search ------------------------------------------------------------------------------

/** The legs the picked collection can run: from its model's parts and image model. */
function availableLegs(c) {
  if (!c) return [];
  const parts = (c.model && c.model.parts) || [];
  return LEGS.filter((leg) => (leg === 'dense' && parts.includes('dense')) || (leg === 'sparse' && parts.includes('sparse'))
    || leg === 'bm25' || (leg === 'colbert' && parts.includes('multi_vector')) || (leg === 'image' && c.image_model));
}

/** The image picker only where a query image can search: say whether by image model or by OCR. */
function fillImagePicker(c) {
  const mode = c && c.image_query;
  $('image-row').hidden = !mode || mode === 'none';
  $('image-mode').textContent = mode === 'image'
    ? 'finds similar images (image model ' + ((c.image_model && c.image_model.id) || '') + ') and text like the text in it'
    : mode === 'ocr' ? 'its text is read (OCR) and searched; no image model, so no visual similarity' : '';
  if ($('image-row').hidden) {
    $('query-image').value = '';
    $('clear-image').hidden = true;
  }
}

function fillLegs() {
  const c = collections.get($('search-collection').value);
  fillImagePicker(c);
  const list = $('leg-list');
  list.replaceChildren();
  for (const leg of availableLegs(c)) {
    list.append(el('div', { class: 'leg' },
      el('input', { type: 'checkbox', id: 'leg-' + leg, checked: true, 'data-leg': leg }),
      el('label', { for: 'leg-' + leg, text: leg }),
      el('label', { for: 'weight-' + leg, class: 'sr-only', text: leg + ' weight' }),
      el('input', { type: 'number', id: 'weight-' + leg, min: '0', step: '0.1', placeholder: 'weight' })));
  }
}

function queryBody() {
  const body = { top_k: Number($('top-k').value) || 10, explain: true };
  const text = $('query-text').value.trim();
  if (text) body.query = text;
  const c = collections.get($('search-collection').value);
  const legs = {};
  let custom = false;
  for (const leg of availableLegs(c)) {
    const on = $('leg-' + leg).checked;
    const weight = $('weight-' + leg).value;
    if (on) {
      legs[leg] = weight === '' ? {} : { weight: Number(weight) };
      if (weight !== '') custom = true;
    }
    if (!on) custom = true; // the server's default runs every leg the collection has
  }
  if (custom) body.legs = legs;
  const method = $('fusion').value || ($('rrf-k').value ? 'rrf' : '');
  if (method) {
    const fusion = { method };
    if (method === 'rrf' && $('rrf-k').value) fusion.k = Number($('rrf-k').value);
    if (method === 'weighted') fusion.normalization = $('normalization').value;
    body.fusion = fusion;
  }
  const filter = $('filter').value.trim();
  if (filter) {
    try {
      body.filter = JSON.parse(filter);
    } catch (e) {
      throw new Error('the filter is not valid JSON: ' + e.message);
    }
  }
  return body;
}

async function search(event) {
  event.preventDefault();
  const name = $('search-collection').value;
  if (!name) { status('Pick a collection first.', 'error'); return; }
  sessionStorage.setItem('rag-console-collection', name);
  let body;
  try {
    body = queryBody();
  } catch (e) {
    status(e.message, 'error');
    return;
  }
  const image = $('query-image').files[0];
  if (!body.query && !image) { status('Type a query or choose an image.', 'error'); return; }
  const path = '/v1/collections/' + encodeURIComponent(name) + '/query';
  const started = performance.now();
  $('search-button').disabled = true;
  status('Searching…');
  try {
    let result;
    if (image) {
      const form = new FormData();
      form.append('image', image, image.name);
      if (body.query) form.append('query', body.query);
      const rest = Object.assign({}, body);
      delete rest.query;
      form.append('request', JSON.stringify(rest));
      result = await api(path, { method: 'POST', body: form });
    } else {
      result = await api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    }
    const roundTrip = performance.now() - started;
    renderHits(name, result, body.query || '');
    $('search-summary').textContent = result.hits.length + ' hits · legs ' + result.legs.join(', ')
      + ' · server ' + result.took_ms.toFixed(1) + ' ms · round trip ' + roundTrip.toFixed(0) + ' ms';
    status('');
  } catch (e) {
    // no summary or hits of an earlier search under a failed one
    $('search-summary').textContent = '';
    $('hits').replaceChildren();
    status('Search failed: ' + e.message, 'error');
  } finally {
    $('search-button').disabled = false;
  }
}

const STOPWORDS = new Set(('a an and are as at be but by did do does for from had has have how if in into is it its no not '
  + 'of on or such that the their then there these they this to was were what when where which who why will with').split(' '));

/** Words of the query worth highlighting (letters/digits, 2+ characters, no stopwords; CJK characters singly). */
function terms(query) {
  const words = (query.toLowerCase().match(/[\p{L}\p{N}]{2,}|\p{Script=Han}/gu) || []).filter((w) => !STOPWORDS.has(w));
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text as nodes with <mark> around each query term; a window around the first match. */
function highlighted(text, query, max) {
  const ts = terms(query);
  const re = ts.length ? new RegExp(ts.map((t) => (/^\p{Script=Han}$/u.test(t) ? '' : '\\b') + escapeRegex(t)).join('|'), 'giu') : null;
  let start = 0;
  if (re && max && text.length > max) {
    const first = text.search(re);
    start = Math.max(0, first - Math.floor(max / 3));
    re.lastIndex = 0;
  }
  let shown = max && text.length > max ? text.slice(start, start + max) : text;
  const prefix = start > 0 ? '…' : '';
  const suffix = max && start + max < text.length ? '…' : '';
  const out = [document.createTextNode(prefix)];
  if (re) {
    let last = 0;
    for (const m of shown.matchAll(re)) {
      out.push(document.createTextNode(shown.slice(last, m.index)));
      out.push(el('mark', { text: m[0] }));
      last = m.index + m[0].length;
    }
    shown = shown.slice(last);
  }
  out.push(document.createTextNode(shown + suffix));
  return out;
}

/** Markdown sources as a reader sees them: no heading marks, emphasis, link targets or code ticks. */
function readable(hit) {
  const text = hit.text || '';
  const markdown = /\.(md|markdown)$/i.test(hit.source || '') || (hit.metadata && hit.metadata.file_type === 'markdown');
  if (!markdown) return text;
  return text
    .replace(/^```.*$/gm, '')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function pages(hit) {
  if (hit.page_start === null || hit.page_start === undefined) return '';
  return hit.page_end && hit.page_end !== hit.page_start ? 'pages ' + hit.page_start + '–' + hit.page_end : 'page ' + hit.page_start;
}

function renderHits(collection, result, query) {
  for (const url of objectUrls.splice(0)) URL.revokeObjectURL(url);
  const list = $('hits');
  list.replaceChildren();
  if (result.hits.length === 0) {
    list.append(el('li', { class: 'hit', text: 'No hits.' }));
    return;
  }
  result.hits.forEach((hit, i) => {
    const title = hit.title || hit.source || hit.document_id;
    const meta = [hit.source, pages(hit), (hit.heading_path || []).join(' › '), 'chunk ' + hit.chunk_number, hit.modality]
      .filter(Boolean).join(' · ');
    const item = el('li', { class: 'hit', 'data-document': hit.document_id },
      el('div', { class: 'hit-head' },
        el('span', { class: 'hit-rank', text: '#' + (i + 1) }),
        el('button', { type: 'button', class: 'hit-title', text: title,
          onclick: () => openDocument(collection, hit.document_id, hit.chunk_id, query) }),
        el('span', { class: 'hit-meta', text: meta }),
        el('span', { class: 'hit-score', text: 'relevance ' + hit.relevance.toFixed(2) + ' · score ' + hit.score.toFixed(4)
          + ' (normalised ' + hit.normalized_score.toFixed(3) + ')' })),
      el('p', { class: 'hit-text' }, ...highlighted(readable(hit), query, 600)));
    if (hit.image_url) {
      const holder = el('div', { class: 'hit-thumb' });
      item.append(holder);
      loadImage(hit.image_url + '?thumbnail=true').then((url) => {
        holder.append(el('img', { src: url, alt: 'Image: ' + title, tabindex: '0', role: 'button',
          onclick: () => openImage(hit.image_url, title),
          onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openImage(hit.image_url, title); } } }));
      }).catch((e) => holder.append(el('span', { class: 'error', text: 'image: ' + e.message })));
    }
    item.append(breakdown(hit));
    list.append(item);
  });
}

function breakdown(hit) {
  const rows = Object.entries(hit.legs || {}).map(([leg, s]) => el('tr', {},
    el('th', { scope: 'row', text: leg }),
    el('td', { class: 'num', text: s ? s.score.toFixed(4) : '—' }),
    el('td', { class: 'num', text: s ? String(s.rank) : 'missed' })));
  return el('details', { class: 'breakdown' },
    el('summary', { text: 'Score breakdown' }),
    el('table', {},
      el('caption', { class: 'sr-only', text: 'Each leg\'s score and rank for this hit' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'leg' }), el('th', { scope: 'col', class: 'num', text: 'score' }),
        el('th', { scope: 'col', class: 'num', text: 'rank' }))),
      el('tbody', {}, ...rows)));
}

/** Image bytes through fetch (so the API key is sent), as an object URL. */
async function loadImage(path) {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) throw new Error('HTTP ' + res.status);
  const url = URL.createObjectURL(await res.blob());
  objectUrls.push(url);
  return url;
}

async function openImage(path, title) {
  try {
    const url = await loadImage(path);
    $('viewer-title').textContent = title;
    $('viewer-body').replaceChildren(el('img', { src: url, alt: 'Image: ' + title }));
    $('viewer').showModal();
  } catch (e) {
    status('Could not load the image: ' + e.message, 'error');
  }
}

async function openDocument(collection, documentId, chunkId, query) {
  try {
    const doc = await api('/v1/collections/' + encodeURIComponent(collection) + '/documents/' + encodeURIComponent(documentId));
    const first = doc.chunks[0] || {};
    $('viewer-title').textContent = first.title || first.source || documentId;
    const body = $('viewer-body');
    body.replaceChildren(el('p', { class: 'chunk-meta', text: 'Document ' + documentId + (first.source ? ' · ' + first.source : '')
      + ' · ' + doc.chunks.length + ' chunks' }));
    let current = null;
    for (const c of doc.chunks) {
      const div = el('div', { class: 'chunk' + (c.chunk_id === chunkId ? ' current' : ''), id: 'chunk-' + c.chunk_number },
        el('div', { class: 'chunk-meta', text: 'chunk ' + c.chunk_number + (pages(c) ? ' · ' + pages(c) : '')
          + ((c.heading_path || []).length ? ' · ' + c.heading_path.join(' › ') : '') }),
        ...highlighted(c.text || '', query, 0));
      if (c.image_url) {
        loadImage(c.image_url).then((url) => div.append(el('img', { src: url, alt: 'Image of chunk ' + c.chunk_number })))
          .catch(() => {});
      }
      if (c.chunk_id === chunkId) current = div;
      body.append(div);
    }
    $('viewer').showModal();
    if (current) current.scrollIntoView({ block: 'center' });
  } catch (e) {
    status('Could not open the document: ' + e.message, 'error');
  }
}

// ---- upload ------------------------------------------------------------------------------

async function upload(event) {
  event.preventDefault();
  const name = $('upload-collection').value;
  const files = $('upload-files').files;
  if (!name || files.length === 0) { status('Pick a collection and at least one file.', 'error'); return; }
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  $('upload-button').disabled = true;
  try {
    const job = await api('/v1/collections/' + encodeURIComponent(name) + '/jobs', { method: 'POST', body: form });
    $('job').hidden = false;
    $('job-id').textContent = job.id;
    status('Uploaded ' + files.length + ' file(s); ingesting…');
    await follow(job);
  } catch (e) {
    status('Upload failed: ' + e.message, 'error');
  } finally {
    $('upload-button').disabled = false;
  }
}

function renderJob(job) {
  const progress = $('job-progress');
  progress.max = Math.max(1, job.files_total);
  progress.value = job.files_done;
  const eta = job.eta_seconds === null || job.eta_seconds === undefined ? '' : ' · about ' + job.eta_seconds + ' s left';
  $('job-state').textContent = job.state + ': ' + job.files_done + ' of ' + job.files_total + ' files · '
    + job.files_ingested + ' ingested, ' + job.files_skipped + ' unchanged, ' + job.files_failed + ' failed · '
    + job.chunks + ' chunks' + eta;
  $('job-state').dataset.state = job.state;
  $('job-failures').replaceChildren(...(job.failures || []).map((f) => el('li', { text: f.file + ': ' + f.reason })));
}

async function follow(job) {
  const url = job.url || ('/v1/jobs/' + encodeURIComponent(job.id));
  renderJob(job);
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((r) => setTimeout(r, 400));
    job = await api(url);
    renderJob(job);
  }
  status('Job ' + job.state + (job.files_failed ? ': ' + job.files_failed + ' file(s) failed (listed below).' : '.'),
    job.state === 'succeeded' ? 'ok' : 'error');
  await loadCollections();
}

// ---- drop zones and start-up ---------------------------------------------------------------

function dropZone(zone) {
  const input = $(zone.dataset.for);
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const dt = new DataTransfer();
    const files = input.multiple ? [...e.dataTransfer.files] : [...e.dataTransfer.files].slice(0, 1);
    for (const f of files) dt.items.add(f);
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
  });
}

function start() {
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => show(tab.dataset.view));
  $('api-key').value = apiKey();
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('api-key').value.trim());
    status('Key saved for this browser tab.', 'ok');
    loadCollections();
  });
  $('search-form').addEventListener('submit', search);
  $('search-collection').addEventListener('change', fillLegs);
  $('fusion').addEventListener('change', () => {
    $('rrf-k-row').hidden = !($('fusion').value === '' || $('fusion').value === 'rrf');
    $('normalization-row').hidden = $('fusion').value !== 'weighted';
  });
  $('query-image').addEventListener('change', () => { $('clear-image').hidden = $('query-image').files.length === 0; });
  $('clear-image').addEventListener('click', () => { $('query-image').value = ''; $('clear-image').hidden = true; });
  $('create-form').addEventListener('submit', createCollection);
  $('upload-form').addEventListener('submit', upload);
  for (const zone of document.querySelectorAll('.drop')) dropZone(zone);
  const view = location.hash.slice(1);
  show(['search', 'collections', 'upload'].includes(view) ? view : 'search');
  loadCollections();
}

document.addEventListener('DOMContentLoaded', start);
