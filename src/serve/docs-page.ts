/**
 * @module docs-page
 * `GET /docs`: one self-contained HTML page (no scripts or styles from elsewhere, so it works on a machine
 * without internet) that lists the endpoints and the schemas of `/openapi.json`, and sends a request to
 * `POST /output` from an editable example body.
 */

const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

// The script renders /openapi.json; it is plain ES2017 so that any browser of the last years runs it.
const SCRIPT = `
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag)
  Object.assign(node, attrs || {})
  for (const child of children) node.append(child)
  return node
}
const typeOf = (schema) => {
  if (!schema) return 'any'
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()
    return el('a', { href: '#schema-' + name, textContent: name })
  }
  if (schema.anyOf) {
    const span = el('span')
    schema.anyOf.forEach((item, i) => { if (i) span.append(' | '); span.append(typeOf(item)) })
    return span
  }
  if (schema.type === 'array') return el('span', {}, 'List[', typeOf(schema.items), ']')
  return schema.type + (schema.pattern ? ' (' + (schema.description || schema.pattern) + ')' : '')
}
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('endpoints').append(...Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => el('li', {},
      el('code', { textContent: method.toUpperCase() + ' ' + path }), ' ', op.summary,
      ' (', Object.keys(op.responses).join(', '), ')'))))
  document.getElementById('schemas').append(...Object.entries(doc.components.schemas).map(([name, schema]) => {
    const rows = Object.entries(schema.properties || {}).map(([member, type]) => el('tr', {},
      el('td', {}, el('code', { textContent: member })), el('td', {}, typeOf(type)),
      el('td', { textContent: (schema.required || []).includes(member) ? 'required' : 'optional' })))
    return el('section', { id: 'schema-' + name }, el('h3', { textContent: name }), el('table', {}, ...rows))
  }))
})
document.getElementById('send').addEventListener('click', () => {
  const out = document.getElementById('response')
  const started = performance.now()
  fetch('output', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: document.getElementById('body').value })
    .then((r) => r.text().then((text) => {
      let shown = text
      try { shown = JSON.stringify(JSON.parse(text), null, 2) } catch (e) {}
      out.textContent = r.status + ' ' + r.statusText + ' in ' + Math.round(performance.now() - started) +
        ' ms\\nX-Model-Long-Name: ' + r.headers.get('x-model-long-name') +
        '\\nX-Process-Time: ' + r.headers.get('x-process-time') + '\\n\\n' + shown
    }))
    .catch((error) => { out.textContent = String(error) })
})
`

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222 }
code, textarea, pre { font: 13px/1.4 ui-monospace, monospace }
textarea { width: 100%; height: 12rem }
pre { background: #f4f4f4; padding: 1rem; overflow: auto }
table { border-collapse: collapse } td { border-bottom: 1px solid #ddd; padding: .2rem .8rem .2rem 0 }
button { font-size: 15px; padding: .3rem 1.2rem }
`

/** The page, for a model whose API is titled `title`, with `exampleBody` (JSON) in the request editor. */
export const docsPage = (title: string, longName: string, exampleBody: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Model <code>${escapeHtml(longName)}</code>. The machine-readable description is
<a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<h2>Endpoints</h2>
<ul id="endpoints"></ul>
<h2>Try <code>POST /output</code></h2>
<textarea id="body" spellcheck="false">${escapeHtml(exampleBody)}</textarea>
<p><button id="send">Send</button></p>
<pre id="response">The response appears here.</pre>
<h2>Schemas</h2>
<div id="schemas"></div>
<script>${SCRIPT}</script>
</body>
</html>
`
